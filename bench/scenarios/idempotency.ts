/**
 * Scenario 11 — an idempotent request's bookkeeping: IdempotencyKey.claim of a fresh key and
 * claim.complete(response), vs the same by hand — a conditional PutItem and a conditional
 * UpdateItem with the library's conditions (bench/baselines/raw-writes.ts) — sequentially and
 * with 16 in flight (≤ 1.1×). Every pair uses a key of its own, so every claim is `claimed`.
 */
import { randomUUID } from 'node:crypto';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { createDataAccess } from '../../src/index.js';
import { idempotencyKeyKey } from '../baselines/raw-items.js';
import type { HandClaim } from '../baselines/raw-writes.js';
import { claimKey, completeClaim } from '../baselines/raw-writes.js';
import { checkClaimLayout, sameAttributeNames } from '../checks.js';
import type { Contender, Samples } from '../harness.js';
import { alternate, inFlight } from '../harness.js';
import type { Row } from '../report.js';
import { compare } from '../report.js';
import type { Scenario } from '../scenario.js';
import { check } from '../scenario.js';
import type { CountedClient } from '../support/local.js';

const ENDPOINT = 'POST /tickets';
const requestBody = (i: number) => ({ summary: `ticket ${i}`, projectKey: 'ASO', labels: ['bench', 'idempotency'] });
const responseBody = (i: number) => ({ ticketId: randomUUID(), ticketKey: `ASO-${i}`, ticketUrl: `https://bench.atlassian.net/browse/ASO-${i}` });

/** A contender that makes `ops` claim + complete pairs, `limit` in flight, and proves each sent one PutItem and one UpdateItem. */
function pairs(label: string, client: CountedClient, ops: number, limit: number, pair: (organizationId: string, i: number) => Promise<void>): Contender {
  return {
    label,
    prepare: () => {
      const organizationId = randomUUID();
      client.counter.reset();
      return {
        run: () => inFlight(Array.from({ length: ops }, (_, i) => i), limit, (i) => pair(organizationId, i)),
        requests: () => {
          check(client.counter.count('PutItemCommand') === ops && client.counter.count('UpdateItemCommand') === ops && client.counter.count() === 2 * ops, `${label}: not one PutItem and one UpdateItem per pair`);
          return client.counter.count();
        },
      };
    },
  };
}

export const idempotency: Scenario = {
  name: 'idempotency',
  async run({ sizes, store, log }) {
    const { sequentialOps, concurrentOps, inFlight: width, warmup, rounds } = sizes.idempotency;
    const table = await store.newTable('idempotency');
    try {
      const libraryClient = store.newClient();
      const rawClient = store.newClient();
      const keys = createDataAccess({ tableName: table, client: libraryClient.client }).IdempotencyKey;
      await checkClaimLayout(rawClient.doc, table, createDataAccess({ tableName: table, client: rawClient.client }));
      const library = async (organizationId: string, i: number) => {
        const found = await keys.claim({ key: `req-${i}`, organizationId, endpoint: ENDPOINT, request: requestBody(i) });
        check(found.state === 'claimed', `claim found the key ${found.state}`);
        await found.claim.complete(responseBody(i));
      };
      const hand = async (organizationId: string, i: number): Promise<HandClaim> => {
        const claim = await claimKey(rawClient.doc, table, { key: `req-${i}`, organizationId, endpoint: ENDPOINT, request: requestBody(i) });
        check(claim !== undefined, 'the hand claim found the key taken');
        await completeClaim(rawClient.doc, table, claim, responseBody(i));
        return claim;
      };
      const rows: Row[] = [];
      for (const [mode, ops, limit] of [
        ['sequential', sequentialOps, 1],
        [`${width} in flight`, concurrentOps, width],
      ] as const) {
        const [lib, base] = (await alternate(
          [
            pairs('IdempotencyKey.claim + claim.complete', libraryClient, ops, limit, library),
            pairs('hand-written conditional PutItem + conditional UpdateItem', rawClient, ops, limit, async (organizationId, i) => void (await hand(organizationId, i))),
          ],
          // Runs of single calls: a scavenge between runs (see BetweenRuns).
          { warmup, rounds, between: 'scavenge' },
        )) as [Samples, Samples];
        rows.push(compare(`IdempotencyKey claim + complete: ${ops} pairs, ${mode}`, lib, base, 1.1));
        log(`  claim + complete ${mode} done`);
      }
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
