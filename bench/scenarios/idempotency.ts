/**
 * Scenario 11 — an idempotent request's bookkeeping: IdempotencyKey.claim of a fresh key and
 * claim.complete(response), vs the same by hand — a conditional PutItem and a conditional
 * UpdateItem with the library's conditions (bench/baselines/raw-writes.ts) — sequentially and
 * with 16 in flight (≤ 1.1×). Every pair uses a key of its own, so every claim is `claimed`.
 *
 * Timed in fresh processes with both sides interleaved in blocks of a few pairs
 * (bench/children/idempotency.ts, which also proves one PutItem and one UpdateItem per pair): in
 * runs of their own, one side's 200 pairs after the other's, the same code's ratio moved from
 * 1.02× to 1.50× between rounds of one run. Here, untimed: the stored layout of a claim, and a
 * key completed by each side is the same item.
 */
import { randomUUID } from 'node:crypto';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { createDataAccess } from '../../src/index.js';
import { idempotencyKeyKey } from '../baselines/raw-items.js';
import type { HandClaim } from '../baselines/raw-writes.js';
import { claimKey, completeClaim } from '../baselines/raw-writes.js';
import { checkClaimLayout, sameAttributeNames } from '../checks.js';
import { claimInput, claimResponse } from '../fixtures.js';
import type { Row } from '../report.js';
import { compare } from '../report.js';
import type { Scenario } from '../scenario.js';
import { check } from '../scenario.js';
import { interleavedRounds } from '../support/interleaved-rounds.js';


export const idempotency: Scenario = {
  name: 'idempotency',
  async run({ sizes, store, build, log }) {
    const interleaved = sizes.idempotency;
    const table = await store.newTable('idempotency');
    try {
      const libraryClient = store.newClient();
      const rawClient = store.newClient();
      const keys = createDataAccess({ tableName: table, client: libraryClient.client }).IdempotencyKey;
      await checkClaimLayout(rawClient.doc, table, createDataAccess({ tableName: table, client: rawClient.client }));
      const samples = await interleavedRounds(build.child('idempotency'), [store.endpoint, table], ['library', 'hand'] as const, interleaved, store.rttMs, 'claim + complete');
      const rows: Row[] = [];
      for (const [mode, ops, of] of [
        ['sequential', interleaved.sequentialOps, samples.sequential],
        [`${interleaved.inFlight} in flight`, interleaved.concurrentOps, samples.concurrent],
      ] as const) {
        const library = of('library', 'IdempotencyKey.claim + claim.complete');
        const hand = of('hand', 'hand-written conditional PutItem + conditional UpdateItem');
        rows.push(compare(`IdempotencyKey claim + complete: ${ops} pairs, ${mode}`, library, hand, 1.1));
      }
      log('  claim + complete done');
      const library = async (organizationId: string, i: number) => {
        const found = await keys.claim(claimInput(organizationId, i));
        check(found.state === 'claimed', `claim found the key ${found.state}`);
        await found.claim.complete(claimResponse(i));
      };
      const hand = async (organizationId: string, i: number): Promise<HandClaim> => {
        const claim = await claimKey(rawClient.doc, table, claimInput(organizationId, i));
        check(claim !== undefined, 'the hand claim found the key taken');
        await completeClaim(rawClient.doc, table, claim, claimResponse(i));
        return claim;
      };
      // A key completed by each side (untimed): the same item.
      const organizationId = randomUUID();
      await library(organizationId, 0);
      const completed = await keys.findActiveKey('req-0', organizationId);
      check(completed !== null, 'the completed key is not stored');
      const theirs = await hand(randomUUID(), 0);
      const stored = async (id: string) => (await rawClient.doc.send(new GetCommand({ TableName: table, Key: idempotencyKeyKey(id), ConsistentRead: true }))).Item ?? {};
      sameAttributeNames(await stored(completed.getId()), await stored(theirs.idempotencyKeyId), 'a completed idempotency key');
      return rows;
    } finally {
      await store.dropTable(table);
    }
  },
};
