/**
 * Scenario 12 — a data migration's backfill: `da.migrations.run()` on a table of 10 000 tickets
 * stored before the byStatusSyncedAt index (without its keys; every second one also without a
 * write token, as before tokens existed) plus their guard items and one connection, vs a
 * hand-written Scan + conditional-UpdateItem loop making the same change (≤ 1.2×). The old items
 * are derived like the migration tests derive them: the item the baseline writes for a ticket
 * (proven equal to the library's by bench/checks.ts) without the index's keys. The library runs
 * the backfill migration alone (`only`, as an operator deploying it would), under its lease and
 * ledger; both sides scan the table once. A bare `run()` would also run the other migrations it
 * ships, each a scan of its own that finds nothing to change here: that is not the backfill's cost.
 */
import { randomUUID } from 'node:crypto';
import { createDataAccess } from '../../src/index.js';
import { gsiNames } from '../../src/schema/index.js';
import type { IndexSpec } from '../../src/schema/index.js';
import { indexKeys, ticketGuardItem, ticketItem } from '../baselines/raw-items.js';
import { backfillStatusIndex } from '../baselines/raw-writes.js';
import { batchWriteAll, partitionQuery, queryAllPages } from '../baselines/raw-sdk.js';
import { connectionInput, ticketInputs } from '../fixtures.js';
import type { Contender, RunInfo, Samples, Trial } from '../harness.js';
import { alternate } from '../harness.js';
import { compare } from '../report.js';
import type { Scenario, ScenarioContext } from '../scenario.js';
import { check } from '../scenario.js';
import type { CountedClient } from '../support/bench-client.js';

const MIGRATION = '2026-12-ticket-status-sync-index';
/** The library's concurrency (createDataAccess's default), used by the baseline too. */
const CONCURRENCY = 8;

type Item = Record<string, unknown>;

/** A fresh table holding one connection (written by the library) and `n` old tickets with their guards; resolves the connection's id. */
async function oldTable(context: ScenarioContext, client: CountedClient, n: number): Promise<{ table: string; connectionId: string }> {
  const { store } = context;
  const table = await store.newTable('migration');
  const da = createDataAccess({ tableName: table, client: client.client });
  const connection = await da.TaskManagementConnection.create(connectionInput());
  const { pk, sk } = gsiNames((da.Ticket.schema.indexes.byStatusSyncedAt as IndexSpec).gsi);
  const tickets = ticketInputs({ organizationId: connection.getOrganizationId(), taskManagementConnectionId: connection.getId() }, n, 'old').map((input, i) => {
    const item: Item = ticketItem(input);
    delete item[pk];
    delete item[sk];
    return i % 2 === 0 ? item : { ...item, __w: randomUUID() };
  });
  const guards = tickets.map((ticket) => ticketGuardItem(ticket as { ticketId: string; taskManagementConnectionId: string; externalTicketId: string }));
  await batchWriteAll(client.doc, table, [...tickets, ...guards].map((Item) => ({ PutRequest: { Item } })), CONCURRENCY);
  return { table, connectionId: connection.getId() };
}

export const migration: Scenario = {
  name: 'migration',
  async run(context) {
    const { sizes, store } = context;
    const { items, warmupItems, warmup, rounds } = sizes.migration;
    const size = (info: RunInfo) => (info.warmup ? warmupItems : items);
    const seedClient = store.newClient();

    /** A fresh old table per run; after it, every ticket is in the status-sync index. */
    const contender = (label: string, client: CountedClient, migrate: (table: string, n: number) => Promise<void>): Contender => ({
      label,
      async prepare(info): Promise<Trial> {
        const n = size(info);
        const { table, connectionId } = await oldTable(context, seedClient, n);
        client.counter.reset();
        return {
          run: () => migrate(table, n),
          requests: () => client.counter.count(),
          cleanup: async () => {
            const indexed = await queryAllPages(seedClient.doc, partitionQuery(table, indexKeys.ticketsByStatusSync(connectionId), ['ticketId']));
            check(indexed.length === n, `${label}: ${indexed.length} of ${n} tickets are in the status-sync index`);
            await store.dropTable(table);
          },
        };
      },
    });

    const libraryClient = store.newClient();
    const rawClient = store.newClient();
    const [lib, base] = (await alternate(
      [
        contender(`da.migrations.run({ only: ['${MIGRATION}'] })`, libraryClient, async (table, n) => {
          const results = await createDataAccess({ tableName: table, client: libraryClient.client }).migrations.run({ only: [MIGRATION] });
          const mine = results.find((result) => result.id === MIGRATION);
          check(mine?.outcome === 'done' && mine.changed === n && mine.scanned === n, `the backfill migration: ${JSON.stringify(mine)}`);
          check(results.length === 1, `only the backfill ran: ${JSON.stringify(results)}`);
        }),
        contender(`hand-written Scan + conditional UpdateItem loop (${CONCURRENCY} in flight)`, rawClient, async (table, n) => {
          const { scanned, changed } = await backfillStatusIndex(rawClient.doc, table, CONCURRENCY);
          check(changed === n && scanned === n, `the hand backfill scanned ${scanned} and changed ${changed} of ${n}`);
        }),
      ],
      { warmup, rounds },
    )) as [Samples, Samples];
    return [compare(`migration backfill: da.migrations.run({ only }) over ${items} old tickets (+ guards)`, lib, base, 1.2)];
  },
};
