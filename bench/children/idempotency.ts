/**
 * IdempotencyKey.claim of a fresh key + claim.complete(response), and the same by hand — a
 * conditional PutItem and a conditional UpdateItem with the library's conditions
 * (bench/baselines/raw-writes.ts) — both in one fresh `node` process, interleaved in small blocks
 * (bench/support/interleave.ts). Each side has an SDK client of its own whose commands are
 * counted: every pair must have sent one PutItem and one UpdateItem, and nothing else.
 *
 * Prints JSON `{ library, hand }`, each `{ sequentialMs, concurrentMs, sequentialCpuMs,
 * concurrentCpuMs }` summed over the side's timed blocks.
 *
 *   node idempotency.js <endpoint> <table> <sequentialOps> <concurrentOps> <inFlight> <warmupOps> <blockOps> [rttMs]
 */
import { randomUUID } from 'node:crypto';
import { createDataAccess } from '../../src/index.js';
import { claimKey, completeClaim } from '../baselines/raw-writes.js';
import { claimInput, claimResponse } from '../fixtures.js';
import { benchClient } from '../support/bench-client.js';
import { interleaveArgs, measureInterleaved } from '../support/interleave.js';

const [endpoint = '', tableName = '', ...rest] = process.argv.slice(2);
const { sizes, rttMs } = interleaveArgs(rest);

const libraryClient = benchClient(endpoint, rttMs);
const handClient = benchClient(endpoint, rttMs);
const keys = createDataAccess({ tableName, client: libraryClient.client }).IdempotencyKey;
const { doc } = handClient;
const organizationId = randomUUID();
let cursor = 0;
const pairs = { library: 0, hand: 0 };

const sides = {
  library: async () => {
    const i = (cursor += 1);
    pairs.library += 1;
    const found = await keys.claim(claimInput(organizationId, i));
    if (found.state !== 'claimed') throw new Error(`claim found the key ${found.state}`);
    await found.claim.complete(claimResponse(i));
  },
  hand: async () => {
    const i = (cursor += 1);
    pairs.hand += 1;
    const claim = await claimKey(doc, tableName, claimInput(organizationId, i));
    if (claim === undefined) throw new Error('the hand claim found the key taken');
    await completeClaim(doc, tableName, claim, claimResponse(i));
  },
};

const totals = await measureInterleaved(sides, sizes);
for (const [side, { counter }] of [
  ['library', libraryClient],
  ['hand', handClient],
] as const) {
  if (counter.count('PutItemCommand') !== pairs[side] || counter.count('UpdateItemCommand') !== pairs[side] || counter.count() !== 2 * pairs[side]) {
    throw new Error(`${side}: not one PutItem and one UpdateItem per pair (${counter.count()} requests for ${pairs[side]} pairs)`);
  }
}
libraryClient.client.destroy();
handClient.client.destroy();
process.stdout.write(JSON.stringify(totals));
