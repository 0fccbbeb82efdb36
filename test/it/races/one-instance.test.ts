/**
 * Group 5 — two calls on one model instance at once. API.md, "Writes on one copy": "Calls on one
 * model instance are serialized: after they settle, the copy equals what is stored."
 *
 * The oracle is a twin: the same two calls on a twin record, awaited one after the other in the
 * same order. The concurrent pair must end exactly like the serial one — same outcome of each
 * call (error class and constraint), same stored record (ids and timestamps aside) — and the
 * instance must equal a fresh read, with `hasChanges()` as in the serial run.
 */
import { isDeepStrictEqual } from 'node:util';
import { expect } from 'chai';
import type { DataAccess, SyncOperation, TaskManagementConnection, Ticket } from '../../../src/index.js';
import { jiraCloudConnectionInput, syncStartInput, ticketInput } from '../../support/entity-fixtures.js';
import { Figures, outcomeOf, raceTable, settle } from './support.js';

const figures = new Figures('two calls on one instance');
const GROUP = '5. two calls on one instance';
/** Concurrent runs of each pair (the serial twin runs once). */
const RUNS = 2;

interface Model {
  getId(): string;
  toJSON(): object;
  hasChanges(): boolean;
}

interface InstancePair<M extends Model> {
  readonly name: string;
  /** Setter calls made on the instance before both calls (synchronously). */
  readonly before?: (m: M) => void;
  readonly calls: readonly [(m: M) => Promise<unknown>, (m: M) => Promise<unknown>];
}

interface Kind<M extends Model> {
  readonly entity: string;
  /** A fresh record, and the instance the calls run on (read through findById). */
  readonly setup: (da: DataAccess) => Promise<M>;
  readonly read: (da: DataAccess, id: string) => Promise<M | null>;
  readonly pairs: readonly InstancePair<M>[];
}

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The record with ids, timestamps and expiries replaced by placeholders (twins differ only there). */
function normalized(value: unknown, key = ''): unknown {
  if (key === 'ttl' && typeof value === 'number') return '<ttl>';
  if (typeof value === 'string') return ISO.test(value) ? '<time>' : UUID.test(value) ? '<uuid>' : value;
  if (Array.isArray(value)) return value.map((v) => normalized(v));
  if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, normalized(v, k)]));
  return value;
}

const progress = (processed: number) => ({ current: processed, total: 10, processed, stage: 'updating' as const });
const results = { created: 2, updated: 1, skipped: 0, failed: 0 };

const connectionKind: Kind<TaskManagementConnection> = {
  entity: 'TaskManagementConnection',
  setup: async (da) => {
    const created = await da.TaskManagementConnection.create(jiraCloudConnectionInput());
    return (await da.TaskManagementConnection.findById(created.getId())) as TaskManagementConnection;
  },
  read: (da, id) => da.TaskManagementConnection.findById(id),
  pairs: [
    { name: "[markDisabled(), markError('m')]", calls: [(c) => c.markDisabled(), (c) => c.markError('m')] },
    { name: "[markError('m'), markDisabled()]", calls: [(c) => c.markError('m'), (c) => c.markDisabled()] },
    { name: '[touch(), markDisabled()]', calls: [(c) => c.touch(), (c) => c.markDisabled()] },
    { name: '[markDisabled(), touch()]', calls: [(c) => c.markDisabled(), (c) => c.touch()] },
    { name: '[markDisabled(), markActive()]', calls: [(c) => c.markDisabled(), (c) => c.markActive()] },
    { name: '[markDisconnected(), markActive()]', calls: [(c) => c.markDisconnected(), (c) => c.markActive()] },
    { name: '[markDisconnected(), touch()]', calls: [(c) => c.markDisconnected(), (c) => c.touch()] },
    { name: 'setDisplayName; [save(), markDisconnected()]', before: (c) => c.setDisplayName('X'), calls: [(c) => c.save(), (c) => c.markDisconnected()] },
    { name: 'setDisplayName; [touch(), save()]', before: (c) => c.setDisplayName('X'), calls: [(c) => c.touch(), (c) => c.save()] },
    { name: 'setDisplayName; [markError(), save()]', before: (c) => c.setDisplayName('X'), calls: [(c) => c.markError('m'), (c) => c.save()] },
    { name: 'setDisplayName; [save(), remove()]', before: (c) => c.setDisplayName('X'), calls: [(c) => c.save(), (c) => c.remove()] },
    { name: 'setDisplayName; [remove(), save()]', before: (c) => c.setDisplayName('X'), calls: [(c) => c.remove(), (c) => c.save()] },
    { name: '[remove(), markDisabled()]', calls: [(c) => c.remove(), (c) => c.markDisabled()] },
    { name: '[markDisconnected(), remove()]', calls: [(c) => c.markDisconnected(), (c) => c.remove()] },
    { name: '[remove(), remove()]', calls: [(c) => c.remove(), (c) => c.remove()] },
  ],
};

const ticketKind: Kind<Ticket> = {
  entity: 'Ticket',
  setup: async (da) => {
    const connection = await da.TaskManagementConnection.create(jiraCloudConnectionInput());
    const created = await da.Ticket.create(ticketInput(connection, { externalTicketId: 'EXT-1', ticketKey: 'ASO-1', ticketUrl: 'https://acme.atlassian.net/browse/ASO-1', opportunityId: '00000000-0000-4000-8000-000000000001' }));
    return (await da.Ticket.findById(created.getId())) as Ticket;
  },
  read: (da, id) => da.Ticket.findById(id),
  pairs: [
    { name: "[recordStatusSync('A'), recordStatusSync('B')]", calls: [(t) => t.recordStatusSync('A'), (t) => t.recordStatusSync('B')] },
    { name: "setTicketStatus; [recordStatusSync('A'), save()]", before: (t) => t.setTicketStatus('Z'), calls: [(t) => t.recordStatusSync('A'), (t) => t.save()] },
    { name: "[recordStatusSync('A'), remove()]", calls: [(t) => t.recordStatusSync('A'), (t) => t.remove()] },
  ],
};

function syncKind(begun: boolean, pairs: readonly InstancePair<SyncOperation>[]): Kind<SyncOperation> {
  return {
    entity: `SyncOperation (${begun ? 'in_progress' : 'pending'})`,
    setup: async (da) => {
      const connection = await da.TaskManagementConnection.create(jiraCloudConnectionInput());
      const op = await da.SyncOperation.start(syncStartInput(connection));
      if (begun) await op.begin();
      return (await da.SyncOperation.findById(op.getId())) as SyncOperation;
    },
    read: (da, id) => da.SyncOperation.findById(id),
    pairs,
  };
}

const pendingSync = syncKind(false, [
  { name: '[begin(), cancel()]', calls: [(op) => op.begin(), (op) => op.cancel()] },
  { name: '[cancel(), begin()]', calls: [(op) => op.cancel(), (op) => op.begin()] },
  // A worker that does not await begin() before its first report.
  { name: '[begin(), reportProgress(p)]', calls: [(op) => op.begin(), (op) => op.reportProgress(progress(1))] },
  { name: "[begin(), complete(r)]", calls: [(op) => op.begin(), (op) => op.complete(results)] },
]);

const runningSync = syncKind(true, [
  { name: "[complete(r), fail('x')]", calls: [(op) => op.complete(results), (op) => op.fail('x')] },
  { name: "[fail('x'), complete(r)]", calls: [(op) => op.fail('x'), (op) => op.complete(results)] },
  { name: '[reportProgress(5), complete(r)]', calls: [(op) => op.reportProgress(progress(5)), (op) => op.complete(results)] },
  { name: '[reportProgress(5), reportProgress(3)]', calls: [(op) => op.reportProgress(progress(5)), (op) => op.reportProgress(progress(3))] },
  { name: '[cancel(), reportProgress(5)]', calls: [(op) => op.cancel(), (op) => op.reportProgress(progress(5))] },
  { name: '[complete(r), remove()]', calls: [(op) => op.complete(results), (op) => op.remove()] },
]);

describe('races 5: two calls on one instance (DynamoDB Local)', function () {
  this.timeout(30_000);
  figures.printAfter();

  async function check<M extends Model>(kind: Kind<M>): Promise<void> {
    const table = await raceTable('races-instance');
    const { da } = table;
    const problems: string[] = [];
    await Promise.all(
      kind.pairs.map(async (pair) => {
        // The serial twin: the oracle.
        const twin = await kind.setup(da);
        pair.before?.(twin);
        const serial = [outcomeOf(await settle(pair.calls[0](twin))), outcomeOf(await settle(pair.calls[1](twin)))];
        const twinStored = await kind.read(da, twin.getId());
        await Promise.all(
          Array.from({ length: RUNS }, async (_, run) => {
            const m = await kind.setup(da);
            pair.before?.(m);
            const settled = await Promise.allSettled([pair.calls[0](m), pair.calls[1](m)]);
            const outcomes = settled.map(outcomeOf);
            figures.record(GROUP, outcomes);
            const tag = `${kind.entity} ${pair.name} #${run}: ${outcomes.join(' / ')} (serially: ${serial.join(' / ')})`;
            if (!isDeepStrictEqual(outcomes, serial)) problems.push(`${tag}: outcomes differ from the serial order`);
            const stored = await kind.read(da, m.getId());
            if ((stored === null) !== (twinStored === null)) problems.push(`${tag}: stored ${stored === null ? 'nothing' : 'a record'}, serially ${twinStored === null ? 'nothing' : 'a record'}`);
            if (stored && twinStored && !isDeepStrictEqual(normalized(stored.toJSON()), normalized(twinStored.toJSON()))) {
              problems.push(`${tag}: stored ${JSON.stringify(stored.toJSON())}, serially ${JSON.stringify(twinStored.toJSON())}`);
            }
            if (stored && !isDeepStrictEqual(m.toJSON(), stored.toJSON())) problems.push(`${tag}: the instance says ${JSON.stringify(m.toJSON())}, the table ${JSON.stringify(stored.toJSON())}`);
            if (m.hasChanges() !== twin.hasChanges()) problems.push(`${tag}: hasChanges() ${String(m.hasChanges())}, serially ${String(twin.hasChanges())}`);
          }),
        );
      }),
    );
    expect(problems).to.deep.equal([]);
    await table.check();
  }

  it(`connection: ${connectionKind.pairs.length} pairs of calls, each ${RUNS}× at once, end as when awaited in turn`, async function () {
    await check(connectionKind);
  });

  it(`ticket: ${ticketKind.pairs.length} pairs of calls, each ${RUNS}× at once, end as when awaited in turn`, async function () {
    await check(ticketKind);
  });

  it(`pending sync: ${pendingSync.pairs.length} pairs of calls, each ${RUNS}× at once, end as when awaited in turn`, async function () {
    await check(pendingSync);
  });

  it(`running sync: ${runningSync.pairs.length} pairs of calls, each ${RUNS}× at once, end as when awaited in turn`, async function () {
    await check(runningSync);
  });
});
