/**
 * Scenario 4 — createMany(10 000) of the guard-free BenchNote vs a hand-written parallel
 * BatchWriteItem loop (≤ 1.2×, exactly ⌈n/25⌉ requests), and createMany(2 000) Tickets vs
 * hand-written TransactWriteItems (ticket + guard + connection check) at the same concurrency
 * (≤ 1.15×). Every run writes into a fresh table, so no run pays for an earlier one's items.
 * Both rows again with a simulated 5 ms round trip per request on both sides (≤ 1.1× each).
 */
import { createDataAccess } from '../../src/index.js';
import { batchWriteAll, transactTickets } from '../baselines/raw-sdk.js';
import { benchNoteItem, ticketItem } from '../baselines/raw-items.js';
import { checkTicketLayout } from '../checks.js';
import { benchNoteRegistry } from '../entities.js';
import { connectionInput, noteInputs, ticketInputs } from '../fixtures.js';
import type { Contender, RunInfo, Samples } from '../harness.js';
import { alternate } from '../harness.js';
import type { Row } from '../report.js';
import { compare } from '../report.js';
import type { Batch } from '../config.js';
import type { Scenario, ScenarioContext } from '../scenario.js';
import { check, latencyRerun, withRoundTrip } from '../scenario.js';
import { randomUUID } from 'node:crypto';

/** The library's concurrency (createDataAccess's default), used by the baselines too. */
const CONCURRENCY = 8;
const NOTE_BODY_BYTES = 120;

/** How one row is measured: its sizes, its budget and the simulated round trip of its clients (undefined: the store's). */
interface Variant {
  readonly batch: Batch;
  readonly budget: number;
  readonly rttMs?: number;
}

async function notes(context: ScenarioContext, variant: Variant): Promise<Row> {
  const { store } = context;
  const { items, warmupItems, warmup, rounds } = variant.batch;
  const size = (info: RunInfo) => (info.warmup ? warmupItems : items);
  const clientOptions = variant.rttMs === undefined ? {} : { rttMs: variant.rttMs };
  const libraryClient = store.newClient(clientOptions);
  const rawClient = store.newClient(clientOptions);
  const library: Contender = {
    label: 'createMany',
    async prepare(info) {
      const table = await store.newTable('notes');
      const collection = benchNoteRegistry().createDataAccess({ tableName: table, client: libraryClient.client }).BenchNote;
      const inputs = noteInputs(randomUUID(), size(info), NOTE_BODY_BYTES);
      libraryClient.counter.reset();
      return {
        run: async () => {
          const result = await collection.createMany(inputs);
          check(result.created.length === inputs.length && result.failed.length === 0, `createMany created ${result.created.length} of ${inputs.length}`);
        },
        requests: () => {
          check(libraryClient.counter.count() === libraryClient.counter.count('BatchWriteItemCommand'), 'createMany of guard-free items sent more than BatchWriteItem');
          return libraryClient.counter.count('BatchWriteItemCommand');
        },
        cleanup: async () => {
          check((await store.countItems(table)) === inputs.length, 'createMany: the table does not hold every item');
          await store.dropTable(table);
        },
      };
    },
  };
  const baseline: Contender = {
    label: `hand-written BatchWriteItem loop (25 per request, ${CONCURRENCY} in flight)`,
    async prepare(info) {
      const table = await store.newTable('notes');
      const inputs = noteInputs(randomUUID(), size(info), NOTE_BODY_BYTES);
      return {
        run: () => batchWriteAll(rawClient.doc, table, inputs.map((input) => ({ PutRequest: { Item: benchNoteItem(input) } })), CONCURRENCY),
        cleanup: async () => {
          check((await store.countItems(table)) === inputs.length, 'batch loop: the table does not hold every item');
          await store.dropTable(table);
        },
      };
    },
  };
  const [lib, base] = (await alternate([library, baseline], { warmup, rounds })) as [Samples, Samples];
  return compare(withRoundTrip(`createMany(${items}) guard-free BenchNote`, variant.rttMs ?? 0), lib, base, variant.budget, { requestsExpected: Math.ceil(items / 25) });
}

async function tickets(context: ScenarioContext, variant: Variant): Promise<Row> {
  const { store } = context;
  const { items, warmupItems, warmup, rounds } = variant.batch;
  const size = (info: RunInfo) => (info.warmup ? warmupItems : items);
  const clientOptions = variant.rttMs === undefined ? {} : { rttMs: variant.rttMs };
  const libraryClient = store.newClient(clientOptions);
  const rawClient = store.newClient(clientOptions);

  /** A fresh table holding one active connection. */
  async function tableWithConnection() {
    const table = await store.newTable('tickets');
    const da = createDataAccess({ tableName: table, client: libraryClient.client });
    const connection = await da.TaskManagementConnection.create(connectionInput());
    return { table, da, parent: { organizationId: connection.getOrganizationId(), taskManagementConnectionId: connection.getId() } };
  }

  const layout = await tableWithConnection();
  await checkTicketLayout(rawClient.doc, layout.table, layout.da);
  await store.dropTable(layout.table);

  const library: Contender = {
    label: 'Ticket createMany',
    async prepare(info) {
      const { table, da, parent } = await tableWithConnection();
      const inputs = ticketInputs(parent, size(info), 'lib');
      libraryClient.counter.reset();
      return {
        run: async () => {
          const result = await da.Ticket.createMany(inputs);
          check(result.created.length === inputs.length, `Ticket createMany created ${result.created.length} of ${inputs.length}: ${String(result.failed[0]?.error)}`);
        },
        requests: () => libraryClient.counter.count('TransactWriteItemsCommand'),
        cleanup: () => store.dropTable(table),
      };
    },
  };
  const baseline: Contender = {
    label: `hand-written TransactWriteItems per ticket (ticket + guard + connection check, ${CONCURRENCY} in flight)`,
    async prepare(info) {
      const { table, parent } = await tableWithConnection();
      const inputs = ticketInputs(parent, size(info), 'raw');
      // The connection and its guards, however many its schema declares.
      const before = await store.countItems(table);
      return {
        run: () => transactTickets(rawClient.doc, table, inputs.map((input) => ticketItem(input)), CONCURRENCY),
        cleanup: async () => {
          // plus a ticket and a guard per input
          check((await store.countItems(table)) === before + 2 * inputs.length, 'TransactWriteItems loop: items missing');
          await store.dropTable(table);
        },
      };
    },
  };
  const [lib, base] = (await alternate([library, baseline], { warmup, rounds })) as [Samples, Samples];
  return compare(withRoundTrip(`createMany(${items}) Tickets (transaction each)`, variant.rttMs ?? 0), lib, base, variant.budget);
}

export const createMany: Scenario = {
  name: 'create-many',
  async run(context) {
    const { sizes, log } = context;
    const rows = [await notes(context, { batch: sizes.createMany, budget: 1.2 })];
    log('  createMany notes done');
    rows.push(await tickets(context, { batch: sizes.ticketsMany, budget: 1.15 }));
    const rttMs = latencyRerun(context);
    if (rttMs !== undefined) {
      log(`  createMany Tickets done; again with a ${rttMs} ms round trip …`);
      rows.push(await notes(context, { batch: sizes.latency.createMany, budget: 1.1, rttMs }));
      rows.push(await tickets(context, { batch: sizes.latency.ticketsMany, budget: 1.1, rttMs }));
    }
    return rows;
  },
};
