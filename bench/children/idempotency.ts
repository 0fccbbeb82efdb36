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
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createDataAccess } from '../../src/index.js';
import { claimKey, completeClaim } from '../baselines/raw-writes.js';
import { interleaveArgs, measureInterleaved } from '../support/interleave.js';
import { addSimulatedRoundTrip } from '../support/round-trip.js';

const [endpoint = '', tableName = '', ...rest] = process.argv.slice(2);
const { sizes, rttMs } = interleaveArgs(rest);

const ENDPOINT = 'POST /tickets';
const requestBody = (i: number) => ({ summary: `ticket ${i}`, projectKey: 'ASO', labels: ['bench', 'idempotency'] });
const responseBody = (i: number) => ({ ticketId: randomUUID(), ticketKey: `ASO-${i}`, ticketUrl: `https://bench.atlassian.net/browse/ASO-${i}` });

/** A client of its own with a count of the commands it sent, by name. */
function countedClient(): { client: DynamoDBClient; counts: Map<string, number> } {
  const client = new DynamoDBClient({ endpoint, region: 'local', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  const counts = new Map<string, number>();
  client.middlewareStack.add(
    (next, context) => (args) => {
      const name = String(context.commandName);
      counts.set(name, (counts.get(name) ?? 0) + 1);
      return next(args);
    },
    { step: 'initialize', name: 'benchCommandCounter' },
  );
  addSimulatedRoundTrip(client, rttMs);
  return { client, counts };
}

const libraryClient = countedClient();
const handClient = countedClient();
const keys = createDataAccess({ tableName, client: libraryClient.client }).IdempotencyKey;
const doc = DynamoDBDocumentClient.from(handClient.client, { marshallOptions: { removeUndefinedValues: true } });
const organizationId = randomUUID();
let cursor = 0;
const pairs = { library: 0, hand: 0 };

const sides = {
  library: async () => {
    const i = (cursor += 1);
    pairs.library += 1;
    const found = await keys.claim({ key: `req-${i}`, organizationId, endpoint: ENDPOINT, request: requestBody(i) });
    if (found.state !== 'claimed') throw new Error(`claim found the key ${found.state}`);
    await found.claim.complete(responseBody(i));
  },
  hand: async () => {
    const i = (cursor += 1);
    pairs.hand += 1;
    const claim = await claimKey(doc, tableName, { key: `req-${i}`, organizationId, endpoint: ENDPOINT, request: requestBody(i) });
    if (claim === undefined) throw new Error('the hand claim found the key taken');
    await completeClaim(doc, tableName, claim, responseBody(i));
  },
};

const totals = await measureInterleaved(sides, sizes);
for (const [side, { counts }] of [
  ['library', libraryClient],
  ['hand', handClient],
] as const) {
  const sent = [...counts.values()].reduce((sum, n) => sum + n, 0);
  if (counts.get('PutItemCommand') !== pairs[side] || counts.get('UpdateItemCommand') !== pairs[side] || sent !== 2 * pairs[side]) {
    throw new Error(`${side}: not one PutItem and one UpdateItem per pair (${JSON.stringify(Object.fromEntries(counts))} for ${pairs[side]} pairs)`);
  }
}
libraryClient.client.destroy();
handClient.client.destroy();
process.stdout.write(JSON.stringify(totals));
