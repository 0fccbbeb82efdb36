/**
 * Scenario 10 — Ticket.applyExternalUpdates(1 000) (a sync page of tracker status changes) vs a
 * hand-written conditional-update loop at the same concurrency (≤ 1.1×): both look the tickets up
 * by their guard items (one BatchGetItem per 100) and send one conditional UpdateItem per update,
 * with the library's conditions (bench/baselines/raw-writes.ts). Each side updates tickets of its
 * own connection; every run's updates are newer than the last run's, so every one is applied.
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { createDataAccess } from '../../src/index.js';
import { ticketKey } from '../baselines/raw-items.js';
import type { StatusUpdate } from '../baselines/raw-writes.js';
import { applyStatusUpdates } from '../baselines/raw-writes.js';
import { sameAttributeNames } from '../checks.js';
import { connectionInput, ticketInputs } from '../fixtures.js';
import type { Contender, RunInfo, Samples } from '../harness.js';
import { alternate } from '../harness.js';
import { compare } from '../report.js';
import type { Scenario } from '../scenario.js';
import { check } from '../scenario.js';

/** The library's concurrency (createDataAccess's default), used by the baseline too. */
const CONCURRENCY = 8;

export const externalUpdates: Scenario = {
  name: 'external-updates',
  async run({ sizes, store }) {
    const { tickets: n, warmupTickets, warmup, rounds } = sizes.externalUpdates;
    const table = await store.newTable('external');
    try {
      const libraryClient = store.newClient();
      const rawClient = store.newClient();
      const da = createDataAccess({ tableName: table, client: libraryClient.client });
      /** A connection with `n` tickets: the external ids its updates name, and one ticket id to compare. */
      const seed = async (tag: string) => {
        const connection = await da.TaskManagementConnection.create(connectionInput());
        const inputs = ticketInputs({ organizationId: connection.getOrganizationId(), taskManagementConnectionId: connection.getId() }, n, tag);
        const created = await da.Ticket.createMany(inputs);
        check(created.failed.length === 0, `seeding the ${tag} tickets failed`);
        return { connectionId: connection.getId(), externalIds: inputs.map((input) => input.externalTicketId), sampleId: (created.created[0] as { getId(): string }).getId() };
      };
      const mine = await seed('lib');
      const theirs = await seed('raw');
      // Each run's source time is later than every earlier run's: all its updates apply.
      let clock = Date.now();
      const updatesFor = (externalIds: readonly string[], info: RunInfo): StatusUpdate[] => {
        clock += 1_000;
        const sourceUpdatedAt = new Date(clock).toISOString();
        return externalIds.slice(0, info.warmup ? warmupTickets : n).map((externalTicketId, i) => ({ externalTicketId, status: `Status ${i % 7}`, sourceUpdatedAt }));
      };
      const library: Contender = {
        label: 'Ticket.applyExternalUpdates',
        prepare(info) {
          const updates = updatesFor(mine.externalIds, info);
          libraryClient.counter.reset();
          return {
            run: async () => {
              const result = await da.Ticket.applyExternalUpdates(mine.connectionId, updates);
              check(result.applied.length === updates.length, `applyExternalUpdates applied ${result.applied.length} of ${updates.length} (${result.failed.length} failed)`);
            },
            requests: () => libraryClient.counter.count(),
          };
        },
      };
      let rawRequests = 0;
      const baseline: Contender = {
        label: `hand-written conditional UpdateItem loop (guards by BatchGetItem, ${CONCURRENCY} in flight)`,
        prepare(info) {
          const updates = updatesFor(theirs.externalIds, info);
          rawClient.counter.reset();
          return {
            run: async () => {
              const { applied } = await applyStatusUpdates(rawClient.doc, table, theirs.connectionId, updates, CONCURRENCY);
              check(applied === updates.length, `the update loop applied ${applied} of ${updates.length}`);
            },
            requests: () => {
              rawRequests = rawClient.counter.count();
              return rawRequests;
            },
          };
        },
      };
      const [lib, base] = (await alternate([library, baseline], { warmup, rounds })) as [Samples, Samples];
      const row = compare(`Ticket.applyExternalUpdates(${n}) vs conditional-update loop, ${CONCURRENCY} in flight`, lib, base, 1.1);
      check(row.requests === rawRequests && rawRequests === Math.ceil(n / 100) + n, `applyExternalUpdates sent ${row.requests} requests, the loop ${rawRequests} (expected ${Math.ceil(n / 100) + n})`);
      // Both sides left tickets of the same shape (status, times, index keys, token).
      const stored = async (id: string) => (await rawClient.doc.send(new GetCommand({ TableName: table, Key: ticketKey(id), ConsistentRead: true }))).Item ?? {};
      sameAttributeNames(await stored(mine.sampleId), await stored(theirs.sampleId), 'a ticket updated by applyExternalUpdates');
      return [row];
    } finally {
      await store.dropTable(table);
    }
  },
};
