/**
 * Cascade remove under injected faults and interruptions.
 *
 * Two connection trees are built once with the library and copied item by item into an empty
 * table per case, so every case starts from the same state and "empty table" is literal:
 *  - small (random faults, 20 seeds): 10 tickets, 6 of them with 2 suggestion links, 3 sync
 *    operations of which one is active and holds its guard;
 *  - large (interruptions): 51 tickets, 26 of them with a link, 4 sync operations (one active),
 *    so that links take 2 BatchWriteItem calls and tickets 2 transactions. The remove runs with
 *    concurrency 1, so "the k-th write" is the same in every run.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { expect } from 'chai';
import type { DataAccess, DataAccessError } from '../../../src/index.js';
import { injectedFaultOf } from '../../support/fault-injector.js';
import { figure, note, recordFaults } from './figures.js';
import type { Item } from './support.js';
import { cleanDataAccess, entityItems, injectedDataAccess, Inputs, isGuard, newTable, orphanGuards, scan, SEEDS } from './support.js';

/** Problems of a partly removed tree: links without ticket, guards without owner, a missing root. */
function orphans(items: readonly Item[], connectionId: string): string[] {
  const problems: string[] = [];
  const tickets = new Set(entityItems(items, 'Ticket').map((t) => t.ticketId));
  for (const link of entityItems(items, 'TicketSuggestion')) {
    if (!tickets.has(link.ticketId)) problems.push(`link ${String(link.ticketSuggestionId)} outlived its ticket`);
  }
  const connections = new Set(entityItems(items, 'TaskManagementConnection').map((c) => c.taskManagementConnectionId));
  for (const child of [...entityItems(items, 'Ticket'), ...entityItems(items, 'SyncOperation')]) {
    if (!connections.has(child.taskManagementConnectionId)) problems.push(`${String(child.__edb_e__)} outlived its connection`);
  }
  for (const guard of orphanGuards(items)) problems.push(`guard ${String(guard.pk)} outlived its owner`);
  if (!connections.has(connectionId)) problems.push('the connection is gone although the remove failed');
  return problems;
}

interface Tree {
  readonly items: Item[];
  readonly connectionId: string;
}

describe('reliability: cascade remove under faults and interruptions', function () {
  this.timeout(60_000);
  let small: Tree;
  let large: Tree;
  const clients: DynamoDBClient[] = [];
  /** Tables emptied by earlier cases, ready for the next copy. */
  const emptyTables: string[] = [];
  /** Writes of one uninterrupted remove of the large tree (measured in the third test). */
  let writesOfRemove = 0;

  async function buildTree(name: string, tickets: { linked: number; linksEach: number; plain: number }, syncs: number): Promise<Tree> {
    const tableName = await newTable(name);
    const { da, client } = cleanDataAccess(tableName);
    clients.push(client);
    const inputs = new Inputs(11, name);
    const connection = await da.TaskManagementConnection.create(inputs.connection());
    await Promise.all(Array.from({ length: tickets.linked }, (_, i) => da.Ticket.createWithSuggestions(inputs.ticket(connection, i), inputs.links(tickets.linksEach))));
    const plain = await da.Ticket.createMany(Array.from({ length: tickets.plain }, (_, i) => inputs.ticket(connection, 100 + i)));
    expect(plain.failed).to.deep.equal([]);
    for (let i = 0; i < syncs; i += 1) {
      const op = await da.SyncOperation.start(inputs.syncStart(connection));
      if (i < syncs - 1) await op.cancel();
    }
    const items = await scan(client, tableName);
    expect(entityItems(items, 'Ticket')).to.have.length(tickets.linked + tickets.plain);
    expect(entityItems(items, 'TicketSuggestion')).to.have.length(tickets.linked * tickets.linksEach);
    expect(entityItems(items, 'SyncOperation')).to.have.length(syncs);
    // external-instance and active-provider of the connection, external-ticket per ticket, active-sync.
    expect(items.filter(isGuard)).to.have.length(2 + tickets.linked + tickets.plain + 1);
    return { items, connectionId: connection.getId() };
  }

  before(async function () {
    [small, large] = await Promise.all([
      buildTree('rel-cascade-small', { linked: 6, linksEach: 2, plain: 4 }, 3),
      buildTree('rel-cascade-large', { linked: 26, linksEach: 1, plain: 25 }, 4),
    ]);
  });

  after(function () {
    for (const client of clients) client.destroy();
  });

  /** An empty table (a new one, or one an earlier case emptied) holding a copy of `tree`, with a clean data access on it. */
  async function treeTable(tree: Tree): Promise<{ tableName: string; clean: DataAccess; client: DynamoDBClient; connectionId: string }> {
    const tableName = emptyTables.pop() ?? (await newTable('rel-cascade'));
    const { da, client } = cleanDataAccess(tableName);
    clients.push(client);
    expect(await scan(client, tableName), 'the table is empty before the copy').to.deep.equal([]);
    const doc = DynamoDBDocumentClient.from(client);
    for (let i = 0; i < tree.items.length; i += 25) {
      const requests = tree.items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } }));
      const output = await doc.send(new BatchWriteCommand({ RequestItems: { [tableName]: requests } }));
      expect(output.UnprocessedItems?.[tableName] ?? []).to.deep.equal([]);
    }
    return { tableName, clean: da, client, connectionId: tree.connectionId };
  }

  /** Gives an emptied table back for the next case. */
  async function release(client: DynamoDBClient, tableName: string): Promise<void> {
    if ((await scan(client, tableName)).length === 0) emptyTables.push(tableName);
  }

  /** Removes the connection `id` through `da` (remove() on a model, or removeByIds). */
  async function removeThrough(da: DataAccess, id: string, byIds: boolean): Promise<void> {
    if (byIds) return da.TaskManagementConnection.removeByIds([id]);
    const connection = await da.TaskManagementConnection.findById(id);
    expect(connection, 'the connection exists before the remove').to.not.equal(null);
    return connection?.remove();
  }

  it('with unprocessed deletes, throttles, network errors and lost responses: remove() / removeByIds() finish and leave an empty table (20 seeds)', async function () {
    const section = 'cascade remove: recoverable faults';
    const f = figure(section);
    const problems: string[] = [];
    await Promise.all(
      SEEDS.map(async (seed, s) => {
        const { tableName, client, connectionId } = await treeTable(small);
        const { da, client: faulty, injector } = injectedDataAccess(tableName, {
          seed,
          rates: { unprocessed: 0.5, throttle: 0.15, network: 0.1, lostResponse: 0.15 },
          maxAttempts: 8,
          sdkMaxAttempts: 3,
          concurrency: s % 2 === 0 ? 1 : 8,
        });
        clients.push(faulty);
        try {
          await removeThrough(da, connectionId, s % 2 === 1);
        } catch (error) {
          problems.push(`seed ${seed}: ${String(error)}`);
        }
        recordFaults(section, injector);
        f.cases += 1;
        f.checked += small.items.length;
        const left = await scan(client, tableName);
        if (left.length > 0) problems.push(`seed ${seed}: ${left.length} item(s) left, e.g. ${String(left[0]?.pk)}`);
        await release(client, tableName);
      }),
    );
    expect(problems).to.deep.equal([]);
    expect(f.faults.unprocessedItems).to.be.greaterThan(0);
    expect(f.faults.lostResponse).to.be.greaterThan(0);
  });

  it('when write faults outlive a small budget: the remove fails with DATASTORE, the connection and every parent of a survivor are still there, and a second remove() with a healthy client empties the table (20 seeds)', async function () {
    const section = 'cascade remove: retry budget exhausted, then removed again';
    const f = figure(section);
    const problems: string[] = [];
    await Promise.all(
      SEEDS.map(async (seed, s) => {
        const { tableName, clean, client, connectionId } = await treeTable(small);
        const { da, client: faulty, injector } = injectedDataAccess(tableName, {
          seed,
          byCommand: { BatchWriteItem: { unprocessed: 0.8, throttle: 0.3 }, TransactWriteItems: { throttle: 0.4, network: 0.2 } },
          maxAttempts: 2,
          sdkMaxAttempts: 1,
          concurrency: s % 2 === 0 ? 1 : 8,
        });
        clients.push(faulty);
        const error = await removeThrough(da, connectionId, s % 2 === 1).then(
          () => undefined,
          (e: unknown) => e as DataAccessError,
        );
        recordFaults(section, injector);
        f.cases += 1;
        f.checked += small.items.length;
        if (error === undefined) {
          note(section, 'removes that got through anyway');
        } else {
          f.datastoreErrors += 1;
          const explained = error.code === 'DATASTORE' && (injectedFaultOf(error) !== undefined || /unprocessed/.test(String((error.cause as Error | undefined)?.message)));
          if (!explained) problems.push(`seed ${seed}: unexpected error ${String(error)}`);
          const left = await scan(client, tableName);
          note(section, 'items left after the interruptions (sum)', left.length);
          problems.push(...orphans(left, connectionId).map((p) => `seed ${seed}: ${p}`));
          await (await clean.TaskManagementConnection.findById(connectionId))?.remove();
        }
        const left = await scan(client, tableName);
        if (left.length > 0) problems.push(`seed ${seed}: ${left.length} item(s) left after the second remove`);
        await release(client, tableName);
      }),
    );
    expect(problems).to.deep.equal([]);
    expect(f.datastoreErrors, 'some removes were interrupted').to.be.greaterThan(5);
  });

  it('an uninterrupted remove of the large tree with concurrency 1 takes a fixed number of writes (measured for the next test)', async function () {
    const { tableName, client, connectionId } = await treeTable(large);
    const { da, client: faulty, injector } = injectedDataAccess(tableName, { seed: 1, failAfterWrites: 1_000, concurrency: 1 });
    clients.push(faulty);
    await removeThrough(da, connectionId, false);
    writesOfRemove = injector.writesLetThrough;
    expect(await scan(client, tableName)).to.deep.equal([]);
    await release(client, tableName);
    // The fence on the connection, then 26 links in 2 BatchWriteItem calls, 51 tickets with their
    // guards in 2 transactions, 4 syncs in 1, the connection in 1: the fence adds one write.
    expect(writesOfRemove).to.equal(7);
  });

  it('interrupted after k writes (every k from 0 to the last write, and 10, 30): the connection is still there, nothing is orphaned, and a second remove() with a healthy client empties the table', async function () {
    const section = 'cascade remove: interrupted after k writes, then removed again';
    const f = figure(section);
    expect(writesOfRemove, 'measured by the previous test').to.be.greaterThan(0);
    const ks = [...new Set([...Array.from({ length: writesOfRemove + 1 }, (_, k) => k), 1, 2, 5, 10, 30])].sort((a, b) => a - b);
    const problems: string[] = [];
    const left = new Map<number, number>();
    await Promise.all(
      ks.map(async (k) => {
        const { tableName, clean, client, connectionId } = await treeTable(large);
        const { da, client: faulty, injector } = injectedDataAccess(tableName, { seed: k, failAfterWrites: k, concurrency: 1 });
        clients.push(faulty);
        const error = await removeThrough(da, connectionId, false).then(
          () => undefined,
          (e: unknown) => e as DataAccessError,
        );
        recordFaults(section, injector);
        f.cases += 1;
        f.checked += large.items.length;
        if (k >= writesOfRemove) {
          if (error !== undefined) problems.push(`k=${k}: the remove needs only ${writesOfRemove} writes but failed: ${String(error)}`);
        } else {
          f.datastoreErrors += 1;
          if (error?.code !== 'DATASTORE' || injectedFaultOf(error)?.kind !== 'failAfterWrites') problems.push(`k=${k}: expected DATASTORE caused by the store failure, got ${String(error)}`);
          const items = await scan(client, tableName);
          left.set(k, items.length);
          problems.push(...orphans(items, connectionId).map((p) => `k=${k}: ${p}`));
          await (await clean.TaskManagementConnection.findById(connectionId))?.remove();
        }
        const remaining = await scan(client, tableName);
        if (remaining.length > 0) problems.push(`k=${k}: ${remaining.length} item(s) left after the second remove`);
        await release(client, tableName);
      }),
    );
    expect(problems).to.deep.equal([]);
    // The first write is the fence (it removes nothing); after it, each interruption point leaves
    // fewer items than the one before: the writes happened in order, children first.
    const counts = [...left.entries()].sort(([a], [b]) => a - b).map(([, n]) => n);
    expect(counts[0]).to.equal(large.items.length);
    expect(counts[1]).to.equal(large.items.length);
    for (let i = 2; i < counts.length; i += 1) expect(counts[i]).to.be.below(counts[i - 1] as number);
    for (const [k, n] of [...left.entries()].sort(([a], [b]) => a - b)) note(section, `items left when interrupted after ${k} write(s)`, n);
  });
});
