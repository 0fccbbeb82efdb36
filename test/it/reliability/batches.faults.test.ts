/**
 * createMany, batchGetByIds and allBy… under injected faults, 20 seeds each (seeds run at the
 * same time, each with its own fault-injected client and data).
 *  - createMany of Tickets: one transaction per item (guard + connection check);
 *  - createMany of Notes (test-only entity without guards): the BatchWriteItem path, where
 *    UnprocessedItems come back;
 *  - batchGetByIds: BatchGetItem in chunks of 100, UnprocessedKeys;
 *  - allBy…: every page of an index query, with pages cut short (queryPageLimit).
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { expect } from 'chai';
import sinon from 'sinon';
import type { DataAccess, TaskManagementConnection, Ticket } from '../../../src/index.js';
import { ConflictError, ValidationError } from '../../../src/index.js';
import { frameworkRegistry } from '../../fixtures/framework-entities.js';
import type { FaultRates } from '../../support/fault-injector.js';
import { injectedFaultOf } from '../../support/fault-injector.js';
import { createTableFrom, newLocalClient } from '../../support/local-store.js';
import { figure, recordFaults } from './figures.js';
import type { Item } from './support.js';
import { cleanDataAccess, entityItems, expectDatastore, idCounts, injectedConfig, injectedDataAccess, Inputs, newTable, orphanGuards, scan, SEEDS } from './support.js';

const RECOVERABLE: FaultRates = { unprocessed: 0.5, throttle: 0.15, network: 0.1, lostResponse: 0.1 };
const AMPLE = { maxAttempts: 8, sdkMaxAttempts: 3 } as const;

describe('reliability: createMany, batchGetByIds and allBy… under injected faults', function () {
  this.timeout(60_000);
  let tableName: string;
  let clean: { da: DataAccess; client: DynamoDBClient };
  const clients: DynamoDBClient[] = [];

  before(async function () {
    tableName = await newTable('rel-batches');
    clean = cleanDataAccess(tableName);
  });

  after(function () {
    clean?.client.destroy();
    for (const client of clients) client.destroy();
  });

  function injected(seed: number, options: Omit<Parameters<typeof injectedDataAccess>[1], 'seed'>) {
    const made = injectedDataAccess(tableName, { seed, ...options });
    clients.push(made.client);
    return made;
  }

  describe('createMany of Tickets (one transaction each)', function () {
    it('recoverable faults: every valid item is created and stored once; only the invalid ones and the real duplicate fail — no false conflict', async function () {
      const section = 'createMany (Tickets): recoverable faults';
      const f = figure(section);
      const problems: string[] = [];
      await Promise.all(
        SEEDS.map(async (seed, s) => {
          const inputs = new Inputs(seed, section);
          const parent = await clean.da.TaskManagementConnection.create(inputs.connection());
          const items: Item[] = Array.from({ length: 12 }, (_, i) => inputs.ticket(parent, i));
          items[3] = { ...items[3], ticketUrl: 'http://not-https.example.com/x' };
          items[5] = { ...items[5], externalTicketId: items[0]?.externalTicketId };
          delete items[8]?.createdBy;
          const { da, injector } = injected(seed, { rates: RECOVERABLE, ...AMPLE, concurrency: s % 2 === 0 ? 1 : 4 });
          const result = await da.Ticket.createMany(items as never);
          recordFaults(section, injector);
          f.cases += items.length;
          if (result.created.length + result.failed.length !== items.length) problems.push(`seed ${seed}: ${result.created.length} + ${result.failed.length} ≠ ${items.length}`);
          const failedAt = new Map(result.failed.map((entry) => [items.indexOf(entry.item as Item), entry.error]));
          if (!(failedAt.get(3) instanceof ValidationError)) problems.push(`seed ${seed}: item 3 (http URL) did not fail validation`);
          if (!(failedAt.get(8) instanceof ValidationError)) problems.push(`seed ${seed}: item 8 (no createdBy) did not fail validation`);
          const duplicateFailures = [0, 5].filter((i) => failedAt.has(i));
          if (duplicateFailures.length !== 1 || !(failedAt.get(duplicateFailures[0] as number) instanceof ConflictError)) {
            problems.push(`seed ${seed}: exactly one of the two items with the same externalTicketId must fail with ConflictError`);
          }
          for (const [i, error] of failedAt) {
            if (![0, 3, 5, 8].includes(i)) {
              f.falseConflicts += error instanceof ConflictError ? 1 : 0;
              problems.push(`seed ${seed}: item ${i} failed: ${String(error)}`);
            }
          }
          return (table: readonly Item[]) => {
          const stored = entityItems(table, 'Ticket').filter((t) => t.taskManagementConnectionId === parent.getId());
          const counts = idCounts(stored, 'ticketId');
          for (const ticket of result.created) {
            f.checked += 1;
            const n = counts.get(ticket.getId()) ?? 0;
            if (n === 0) f.lost += 1;
            if (n !== 1) problems.push(`seed ${seed}: created ticket ${ticket.getId()} stored ${n} times`);
          }
          if (stored.length !== result.created.length) {
            f.duplicates += Math.max(0, stored.length - result.created.length);
            problems.push(`seed ${seed}: ${stored.length} tickets stored, ${result.created.length} acknowledged`);
          }
          };
        }),
      ).then(async (checks) => {
        const table = await scan(clean.client, tableName);
        for (const check of checks) check(table);
      });
      expect(problems).to.deep.equal([]);
      expect(orphanGuards(await scan(clean.client, tableName))).to.deep.equal([]);
      expect(f.faults.lostResponse).to.be.greaterThan(0);
    });

    it('faults outliving a small budget: failed items carry DATASTORE with the fault as cause and are absent; created items are stored', async function () {
      const section = 'createMany (Tickets): retry budget exhausted';
      const f = figure(section);
      const problems: string[] = [];
      await Promise.all(
        SEEDS.map(async (seed) => {
          const inputs = new Inputs(seed, section);
          const parent = await clean.da.TaskManagementConnection.create(inputs.connection());
          const items = Array.from({ length: 10 }, (_, i) => inputs.ticket(parent, i));
          const { da, injector } = injected(seed, { rates: { throttle: 0.45, network: 0.25 }, maxAttempts: 2, sdkMaxAttempts: 2, concurrency: 1 });
          const result = await da.Ticket.createMany(items);
          recordFaults(section, injector);
          f.cases += items.length;
          if (result.created.length + result.failed.length !== items.length) problems.push(`seed ${seed}: counts do not add up`);
          return (table: readonly Item[]) => {
          const stored = entityItems(table, 'Ticket').filter((t) => t.taskManagementConnectionId === parent.getId());
          const storedExternal = new Set(stored.map((t) => t.externalTicketId));
          for (const { item, error } of result.failed) {
            f.checked += 1;
            f.datastoreErrors += 1;
            try {
              expectDatastore(error, ['provisionedThroughputExceeded', 'throttling', 'networkBeforeRequest']);
            } catch (e) {
              problems.push(`seed ${seed}: ${(e as Error).message}`);
            }
            if (storedExternal.has((item as Item).externalTicketId)) {
              f.failedButPresent += 1;
              problems.push(`seed ${seed}: failed item ${String((item as Item).externalTicketId)} is in the table`);
            }
          }
          for (const ticket of result.created) {
            f.checked += 1;
            if (!stored.some((t) => t.ticketId === ticket.getId())) {
              f.lost += 1;
              problems.push(`seed ${seed}: created ticket missing`);
            }
          }
          if (stored.length !== result.created.length) problems.push(`seed ${seed}: ${stored.length} stored, ${result.created.length} created`);
          };
        }),
      ).then(async (checks) => {
        const table = await scan(clean.client, tableName);
        for (const check of checks) check(table);
      });
      expect(problems).to.deep.equal([]);
      expect(f.datastoreErrors, 'some items outlived the budget').to.be.greaterThan(20);
      expect(orphanGuards(await scan(clean.client, tableName))).to.deep.equal([]);
    });
  });

  describe('createMany of Notes (BatchWriteItem, no guards)', function () {
    const registry = frameworkRegistry();
    let notesTable: string;
    let notesClient: DynamoDBClient;
    let workspaceId: string;

    before(async function () {
      notesTable = await createTableFrom(registry.tableDefinition('rel-notes'));
      notesClient = newLocalClient();
      const da = registry.createDataAccess({ tableName: notesTable, client: notesClient });
      workspaceId = (await da.Workspace.create({ organizationId: new Inputs(1, 'ws').uuid(), slug: 'notes', name: 'Notes' })).getId();
    });

    after(function () {
      notesClient?.destroy();
    });

    function notesDataAccess(seed: number, options: Omit<Parameters<typeof injectedConfig>[1], 'seed'>) {
      const { config, client, injector } = injectedConfig(notesTable, { seed, ...options });
      clients.push(client);
      return { da: registry.createDataAccess(config), injector };
    }

    it('unprocessed items, throttles, network errors and lost responses: every note is created and stored exactly once', async function () {
      const section = 'createMany (Notes, BatchWriteItem): recoverable faults';
      const f = figure(section);
      const problems: string[] = [];
      await Promise.all(
        SEEDS.map(async (seed) => {
          const inputs = Array.from({ length: 60 }, (_, i) => ({ workspaceId, body: `seed ${seed} note ${i}` }));
          const { da, injector } = notesDataAccess(seed, { rates: RECOVERABLE, ...AMPLE, concurrency: 1 });
          const result = await da.Note.createMany(inputs);
          recordFaults(section, injector);
          f.cases += inputs.length;
          if (result.failed.length > 0) problems.push(`seed ${seed}: ${result.failed.length} failed: ${String(result.failed[0]?.error)}`);
          return (table: readonly Item[]) => {
          const stored = table.filter((n) => String(n.body).startsWith(`seed ${seed} note `));
          const counts = idCounts(stored, 'noteId');
          for (const note of result.created) {
            f.checked += 1;
            if ((counts.get(note.getId()) ?? 0) !== 1) {
              f.lost += counts.has(note.getId()) ? 0 : 1;
              problems.push(`seed ${seed}: note ${note.getId()} stored ${counts.get(note.getId()) ?? 0} times`);
            }
          }
          if (stored.length !== 60 || new Set(stored.map((n) => n.body)).size !== 60) problems.push(`seed ${seed}: ${stored.length} notes stored`);
          };
        }),
      ).then(async (checks) => {
        const table = await scan(notesClient, notesTable);
        for (const check of checks) check(table);
      });
      expect(problems).to.deep.equal([]);
      expect(f.faults.unprocessedItems, 'items were held back').to.be.greaterThan(100);
    });

    it('when held items and throttles outlive the budget: they are reported in failed (DATASTORE), are absent, and the give-up is logged without values', async function () {
      const section = 'createMany (Notes, BatchWriteItem): retry budget exhausted';
      const f = figure(section);
      const problems: string[] = [];
      const warn = sinon.spy();
      await Promise.all(
        SEEDS.map(async (seed) => {
          const inputs = Array.from({ length: 60 }, (_, i) => ({ workspaceId, body: `exhausted ${seed} note ${i}` }));
          const logger = { debug: sinon.spy(), info: sinon.spy(), warn, error: sinon.spy() };
          const { da, injector } = notesDataAccess(seed, { rates: { unprocessed: 0.9, throttle: 0.3 }, maxAttempts: 2, sdkMaxAttempts: 1, concurrency: 1, logger });
          const result = await da.Note.createMany(inputs);
          recordFaults(section, injector);
          f.cases += inputs.length;
          if (result.created.length + result.failed.length !== 60) problems.push(`seed ${seed}: counts do not add up`);
          return (table: readonly Item[]) => {
          const stored = table.filter((n) => String(n.body).startsWith(`exhausted ${seed} note `));
          const storedBodies = new Set(stored.map((n) => n.body));
          for (const { item, error } of result.failed) {
            f.checked += 1;
            f.datastoreErrors += 1;
            const e = error;
            const explained = e.code === 'DATASTORE' && (injectedFaultOf(e) !== undefined || /unprocessed/.test(e.message));
            if (!explained) problems.push(`seed ${seed}: failure is not an explained DATASTORE error: ${String(error)}`);
            if (storedBodies.has((item as Item).body)) {
              f.failedButPresent += 1;
              problems.push(`seed ${seed}: failed note is in the table`);
            }
          }
          for (const note of result.created) {
            f.checked += 1;
            if (!storedBodies.has(note.getBody())) {
              f.lost += 1;
              problems.push(`seed ${seed}: created note missing`);
            }
          }
          if (stored.length !== result.created.length) problems.push(`seed ${seed}: ${stored.length} stored, ${result.created.length} created`);
          };
        }),
      ).then(async (checks) => {
        const table = await scan(notesClient, notesTable);
        for (const check of checks) check(table);
      });
      expect(problems).to.deep.equal([]);
      expect(f.datastoreErrors).to.be.greaterThan(20);
      expect(warn.called, 'the give-up was logged').to.equal(true);
      for (const call of warn.getCalls()) expect(JSON.stringify(call.args)).to.not.match(/exhausted \d+ note/);
    });
  });

  describe('reads', function () {
    let parent: TaskManagementConnection;
    let tickets: Ticket[];
    let linked: Ticket;
    let linkIds: string[];
    let organizationId: string;
    let connectionIds: string[];
    let syncIds: string[];

    before(async function () {
      const inputs = new Inputs(5, 'reads');
      parent = await clean.da.TaskManagementConnection.create(inputs.connection());
      const made = await clean.da.Ticket.createMany(Array.from({ length: 120 }, (_, i) => inputs.ticket(parent, i)));
      expect(made.failed).to.deep.equal([]);
      tickets = made.created;
      const withLinks = await clean.da.Ticket.createWithSuggestions(inputs.ticket(parent, 500), inputs.links(30));
      linked = withLinks.ticket;
      linkIds = withLinks.links.map((link) => link.getId());
      organizationId = inputs.uuid();
      // One active connection per provider and organization: each is disabled before the next is created.
      connectionIds = [];
      for (let i = 0; i < 5; i += 1) {
        const connection = await clean.da.TaskManagementConnection.create(inputs.connection({ organizationId }));
        if (i < 4) await connection.markDisabled();
        connectionIds.push(connection.getId());
      }
      syncIds = [];
      for (let i = 0; i < 6; i += 1) {
        const op = await clean.da.SyncOperation.start(inputs.syncStart(parent));
        syncIds.push(op.getId());
        if (i < 5) await op.cancel();
      }
    });

    it('batchGetByIds with unprocessed keys, throttles, network errors and lost responses: exactly the existing items, in input order, none twice', async function () {
      const section = 'batchGetByIds: recoverable faults';
      const f = figure(section);
      const problems: string[] = [];
      await Promise.all(
        SEEDS.map(async (seed) => {
          const inputs = new Inputs(seed, section);
          const missing = Array.from({ length: 15 }, () => inputs.uuid());
          const ids = [...tickets.map((t) => t.getId()), ...missing, linked.getId()];
          for (let i = ids.length - 1; i > 0; i -= 1) {
            const j = Math.floor(inputs.random() * (i + 1));
            [ids[i], ids[j]] = [ids[j] as string, ids[i] as string];
          }
          const { da, injector } = injected(seed, { rates: RECOVERABLE, ...AMPLE, concurrency: 1 });
          const read = await da.Ticket.batchGetByIds(ids);
          recordFaults(section, injector);
          f.cases += 1;
          f.checked += ids.length;
          const expected = ids.filter((id) => !missing.includes(id));
          const got = read.map((t) => t.getId());
          if (got.length < expected.length) f.lost += expected.length - got.length;
          if (JSON.stringify(got) !== JSON.stringify(expected)) problems.push(`seed ${seed}: read ${got.length} of ${expected.length} (or out of order)`);
        }),
      );
      expect(problems).to.deep.equal([]);
      expect(f.faults.unprocessedItems).to.be.greaterThan(100);
    });

    it('allBy… over many short pages with throttles, network errors and lost responses: every item exactly once', async function () {
      const section = 'allBy…: recoverable faults';
      const f = figure(section);
      const problems: string[] = [];
      const expectIds = (seed: number, what: string, got: readonly string[], expected: readonly string[]) => {
        f.checked += expected.length;
        const missing = expected.filter((id) => !got.includes(id));
        f.lost += missing.length;
        if (missing.length > 0 || got.length !== expected.length || new Set(got).size !== got.length) {
          problems.push(`seed ${seed}: ${what} returned ${got.length} (${new Set(got).size} distinct) of ${expected.length}`);
        }
      };
      await Promise.all(
        SEEDS.map(async (seed) => {
          const { da, injector } = injected(seed, { rates: { throttle: 0.15, network: 0.1, lostResponse: 0.1 }, ...AMPLE, queryPageLimit: 7 });
          const allTickets = await da.Ticket.allByTaskManagementConnectionId(parent.getId());
          expectIds(seed, 'Ticket.allByTaskManagementConnectionId', allTickets.map((t) => t.getId()), [...tickets.map((t) => t.getId()), linked.getId()]);
          const byOrg = await da.Ticket.allByOrganizationId(parent.getOrganizationId());
          expectIds(seed, 'Ticket.allByOrganizationId', byOrg.map((t) => t.getId()), [...tickets.map((t) => t.getId()), linked.getId()]);
          const links = await da.TicketSuggestion.allByTicketId(linked.getId());
          expectIds(seed, 'TicketSuggestion.allByTicketId', links.map((l) => l.getId()), linkIds);
          const connections = await da.TaskManagementConnection.allByOrganizationId(organizationId);
          expectIds(seed, 'TaskManagementConnection.allByOrganizationId', connections.map((c) => c.getId()), connectionIds);
          const syncs = await da.SyncOperation.allByTaskManagementConnectionId(parent.getId());
          expectIds(seed, 'SyncOperation.allByTaskManagementConnectionId', syncs.map((s) => s.getId()), syncIds);
          const created = syncs.map((s) => s.getCreatedAt());
          if (JSON.stringify(created) !== JSON.stringify([...created].sort().reverse())) problems.push(`seed ${seed}: sync operations not newest first`);
          f.cases += 5;
          recordFaults(section, injector);
        }),
      );
      expect(problems).to.deep.equal([]);
      expect(f.faults.lostResponse + f.faults.throttling + f.faults.provisionedThroughputExceeded + f.faults.networkBeforeRequest).to.be.greaterThan(100);
    });

    it('reads whose faults outlive the budget throw DataAccessError DATASTORE with the cause — never a silently short result', async function () {
      const section = 'reads: retry budget exhausted';
      const f = figure(section);
      const ids = tickets.map((t) => t.getId());
      for (const [i, rates] of [{ throttle: 1 }, { network: 1 }, { lostResponse: 1 }].entries()) {
        const { da, injector } = injected(100 + i, { rates, maxAttempts: 2, sdkMaxAttempts: 2, concurrency: 1 });
        expectDatastore(await da.Ticket.batchGetByIds(ids).catch((e: unknown) => e));
        expectDatastore(await da.Ticket.allByTaskManagementConnectionId(parent.getId()).catch((e: unknown) => e));
        expectDatastore(await da.TicketSuggestion.allBySuggestionIds([new Inputs(i, 's').uuid()]).catch((e: unknown) => e));
        expectDatastore(await da.Ticket.findById(ids[0] as string).catch((e: unknown) => e));
        recordFaults(section, injector);
        f.cases += 4;
        f.datastoreErrors += 4;
      }
      // Keys held back on every call, but every call reads some: progress never spends the budget
      // (only calls in a row without progress do, see the unit tests of batchGet), so the read
      // completes — every ticket, never a short list.
      const { da, injector } = injected(200, { byCommand: { BatchGetItem: { unprocessed: 1 } }, maxAttempts: 3, concurrency: 1 });
      const all = await da.Ticket.batchGetByIds(ids);
      expect(all.map((t) => t.getId()).sort()).to.deep.equal([...ids].sort());
      expect(injector.counts.unprocessedRequests).to.be.greaterThan(0);
      recordFaults(section, injector);
      f.cases += 1;
    });
  });
});
