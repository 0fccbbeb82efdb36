/**
 * Lost responses: the write reached the table, its response did not reach us, and the request is
 * sent again. The library must recognise its own write — one ClientRequestToken for every
 * attempt of one transaction (src/store/transact-write.ts), a write token `__w` on plain updates
 * (src/model/operations/save.ts), the createdAt of a plain put — instead of failing against its
 * own guard item (false ConflictError), its own optimistic condition (false
 * ConcurrentModificationError) or writing twice.
 *
 * Every case runs twice: the SDK retries the request itself (sdkMaxAttempts 3), and the SDK gives
 * up at once so the library's own retry sends a new command (sdkMaxAttempts 1).
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { expect } from 'chai';
import type { DataAccess, SyncOperation, TaskManagementConnection, Ticket } from '../../../src/index.js';
import { frameworkRegistry } from '../../fixtures/framework-entities.js';
import type { ScriptedAttempt } from '../../support/fault-injector.js';
import { createTableFrom, newLocalClient } from '../../support/local-store.js';
import { figure, note, recordFaults } from './figures.js';
import type { Item } from './support.js';
import { cleanDataAccess, entityItems, injectedConfig, injectedDataAccess, Inputs, isGuard, newTable, orphanGuards, scan, testKeyring } from './support.js';

const WRITES = ['PutItem', 'UpdateItem', 'DeleteItem', 'TransactWriteItems', 'BatchWriteItem'] as const;

/** The first attempt of every write command loses its response; later attempts go through. */
function loseFirst(times = 1): Record<string, ScriptedAttempt[]> {
  const script: ScriptedAttempt[] = [];
  for (let i = 0; i < times; i += 1) script.push('lostResponse', 'ok');
  return Object.fromEntries(WRITES.map((command) => [command, script]));
}

const VARIANTS = [
  { name: 'the SDK retries', sdkMaxAttempts: 3 },
  { name: 'the library retries', sdkMaxAttempts: 1 },
] as const;

interface Context {
  connection: TaskManagementConnection;
  ticket: Ticket;
  sync: SyncOperation;
  inputs: Inputs;
}

interface Case {
  readonly name: string;
  /** Runs the operation through `da` (fault-injected). Returns what `check` needs. */
  readonly run: (da: DataAccess, ctx: Context) => Promise<unknown>;
  /** Checks the table after the operation succeeded. */
  readonly check: (items: readonly Item[], ctx: Context, result: unknown) => void;
  /** Write commands the operation sends when nothing goes wrong. */
  readonly writes: number;
  /** Items (guards included) the operation adds to the table. */
  readonly added: number;
}

const one = (items: readonly Item[], entity: string, attribute: string, value: unknown): Item => {
  const found = entityItems(items, entity).filter((item) => item[attribute] === value);
  expect(found, `${entity} with ${attribute} = ${String(value)}`).to.have.length(1);
  return found[0] as Item;
};
const guardsOwnedBy = (items: readonly Item[], id: string) => items.filter((item) => isGuard(item) && item.ownerId === id);

const CASES: readonly Case[] = [
  {
    name: 'TaskManagementConnection.create',
    // The connection, its external-instance guard and its active-provider guard.
    added: 3,
    writes: 1,
    run: async (da, ctx) => (await da.TaskManagementConnection.create(ctx.inputs.connection())).getId(),
    check: (items, _ctx, id) => {
      one(items, 'TaskManagementConnection', 'taskManagementConnectionId', id);
      expect(guardsOwnedBy(items, id as string)).to.have.length(2);
    },
  },
  {
    name: 'Ticket.create',
    added: 2,
    writes: 1,
    run: async (da, ctx) => (await da.Ticket.create(ctx.inputs.ticket(ctx.connection, 1))).getId(),
    check: (items, _ctx, id) => {
      one(items, 'Ticket', 'ticketId', id);
      expect(guardsOwnedBy(items, id as string)).to.have.length(1);
    },
  },
  {
    name: 'Ticket.createWithSuggestions',
    added: 7,
    writes: 1,
    run: async (da, ctx) => {
      const created = await da.Ticket.createWithSuggestions(ctx.inputs.ticket(ctx.connection, 2), ctx.inputs.links(5));
      return { id: created.ticket.getId(), links: created.links.map((link) => link.getId()) };
    },
    check: (items, _ctx, result) => {
      const { id, links } = result as { id: string; links: string[] };
      one(items, 'Ticket', 'ticketId', id);
      for (const link of links) expect(one(items, 'TicketSuggestion', 'ticketSuggestionId', link).ticketId).to.equal(id);
    },
  },
  {
    name: 'TicketSuggestion.create',
    added: 1,
    writes: 1,
    run: async (da, ctx) =>
      (await da.TicketSuggestion.create({ ticketId: ctx.ticket.getId(), suggestionId: ctx.inputs.uuid(), opportunityId: ctx.inputs.uuid(), createdBy: 'user-1' })).getId(),
    check: (items, _ctx, id) => {
      one(items, 'TicketSuggestion', 'ticketSuggestionId', id);
    },
  },
  {
    name: 'SyncOperation.start',
    // The connection with its two guards, the operation with its active-sync guard.
    added: 5,
    writes: 2,
    run: async (da, ctx) => {
      const target = await da.TaskManagementConnection.create(ctx.inputs.connection());
      return (await da.SyncOperation.start(ctx.inputs.syncStart(target))).getId();
    },
    // The connection create above loses its first response too (writes: 2).
    check: (items, _ctx, id) => {
      expect(one(items, 'SyncOperation', 'syncOperationId', id).status).to.equal('pending');
      expect(guardsOwnedBy(items, id as string)).to.have.length(1);
    },
  },
  {
    name: 'OAuthNonce.issue (and consume finds it)',
    added: 1,
    writes: 1,
    run: async (da, ctx) => {
      const input = ctx.inputs.nonce();
      const issued = await da.OAuthNonce.issue(input);
      return { organizationId: input.organizationId, nonce: issued.nonce };
    },
    check: (items, _ctx, result) => {
      one(items, 'OAuthNonce', 'organizationId', (result as { organizationId: string }).organizationId);
    },
  },
  {
    name: 'createMany of 6 Tickets (every item loses its first response)',
    added: 12,
    writes: 6,
    run: async (da, ctx) => {
      const result = await da.Ticket.createMany(Array.from({ length: 6 }, (_, i) => ctx.inputs.ticket(ctx.connection, 10 + i)));
      expect(result.failed.map((entry) => String(entry.error))).to.deep.equal([]);
      return result.created.map((t) => t.getId());
    },
    check: (items, _ctx, ids) => {
      for (const id of ids as string[]) one(items, 'Ticket', 'ticketId', id);
    },
  },
  {
    name: 'OAuthTokenState.put then rotate (a transaction, then a compare-and-swap update)',
    added: 1,
    writes: 2,
    run: async (da, ctx) => {
      await da.OAuthTokenState.put(ctx.connection.getId(), { accessToken: 'access-1', refreshToken: 'refresh-1' });
      return da.OAuthTokenState.rotate(ctx.connection.getId(), 1, { accessToken: 'access-2', refreshToken: 'refresh-2' });
    },
    check: (items, ctx, rotated) => {
      expect(rotated).to.deep.equal({ version: 2 });
      expect(one(items, 'OAuthTokenState', 'taskManagementConnectionId', ctx.connection.getId()).version).to.equal(2);
    },
  },
  {
    name: 'save() of a changed displayName (plain UpdateItem, optimistic)',
    added: 0,
    writes: 1,
    run: async (da, ctx) => {
      const copy = await da.TaskManagementConnection.findById(ctx.connection.getId());
      await copy?.setDisplayName('Renamed after a lost response').save();
      return copy?.getUpdatedAt();
    },
    check: (items, ctx, updatedAt) => {
      const stored = one(items, 'TaskManagementConnection', 'taskManagementConnectionId', ctx.connection.getId());
      expect(stored.displayName).to.equal('Renamed after a lost response');
      expect(stored.updatedAt).to.equal(updatedAt);
    },
  },
  {
    name: 'markDisabled() then markActive() (lifecycle moves, plain UpdateItem)',
    added: 0,
    writes: 2,
    run: async (da, ctx) => {
      const copy = await da.TaskManagementConnection.findById(ctx.connection.getId());
      await copy?.markDisabled();
      await copy?.markActive();
      return copy?.getStatus();
    },
    check: (items, ctx, status) => {
      expect(status).to.equal('active');
      expect(one(items, 'TaskManagementConnection', 'taskManagementConnectionId', ctx.connection.getId()).status).to.equal('active');
    },
  },
  {
    name: 'markError(message) (lifecycle move with a message)',
    added: 0,
    writes: 1,
    run: async (da, ctx) => {
      const copy = await da.TaskManagementConnection.findById(ctx.connection.getId());
      await copy?.markError('token refresh failed');
      return undefined;
    },
    check: (items, ctx) => {
      const stored = one(items, 'TaskManagementConnection', 'taskManagementConnectionId', ctx.connection.getId());
      expect(stored).to.include({ status: 'error', errorMessage: 'token refresh failed' });
    },
  },
  {
    name: 'markDisconnected() (transaction: the update and the guard release)',
    added: 0,
    writes: 1,
    run: async (da, ctx) => {
      const copy = await da.TaskManagementConnection.findById(ctx.connection.getId());
      await copy?.markDisconnected();
      return undefined;
    },
    check: (items, ctx) => {
      expect(one(items, 'TaskManagementConnection', 'taskManagementConnectionId', ctx.connection.getId()).status).to.equal('disconnected');
      expect(guardsOwnedBy(items, ctx.connection.getId())).to.deep.equal([]);
    },
  },
  {
    name: 'touch() and Ticket.recordStatusSync() (bookkeeping updates)',
    added: 0,
    writes: 2,
    run: async (da, ctx) => {
      await (await da.TaskManagementConnection.findById(ctx.connection.getId()))?.touch();
      await (await da.Ticket.findById(ctx.ticket.getId()))?.recordStatusSync('Done');
      return undefined;
    },
    check: (items, ctx) => {
      expect(one(items, 'TaskManagementConnection', 'taskManagementConnectionId', ctx.connection.getId()).lastUsedAt).to.be.a('string');
      expect(one(items, 'Ticket', 'ticketId', ctx.ticket.getId()).ticketStatus).to.equal('Done');
    },
  },
  {
    name: 'SyncOperation begin → reportProgress → complete (complete also stamps the connection, same transaction)',
    added: 0,
    writes: 3,
    run: async (da, ctx) => {
      const op = await da.SyncOperation.findById(ctx.sync.getId());
      await op?.begin();
      await op?.reportProgress({ current: 5, total: 10, processed: 5, stage: 'matching' });
      await op?.complete({ created: 3, updated: 1, skipped: 1, failed: 0 });
      return op?.getCompletedAt();
    },
    check: (items, ctx, completedAt) => {
      const stored = one(items, 'SyncOperation', 'syncOperationId', ctx.sync.getId());
      expect(stored).to.include({ status: 'completed', completedAt });
      expect(stored.progress).to.deep.equal({ current: 5, total: 10, processed: 5, stage: 'matching' });
      expect(guardsOwnedBy(items, ctx.sync.getId())).to.deep.equal([]);
      expect(one(items, 'TaskManagementConnection', 'taskManagementConnectionId', ctx.connection.getId()).lastSyncAt).to.equal(completedAt);
    },
  },
  {
    name: 'SyncOperation.fail() and cancel() (terminal moves releasing the sync slot)',
    added: 1,
    writes: 3,
    run: async (da, ctx) => {
      const op = await da.SyncOperation.findById(ctx.sync.getId());
      await op?.fail('rate limited', 'RATE_LIMIT');
      const next = await da.SyncOperation.start(ctx.inputs.syncStart(ctx.connection));
      await next.cancel();
      return next.getId();
    },
    check: (items, ctx, nextId) => {
      expect(one(items, 'SyncOperation', 'syncOperationId', ctx.sync.getId())).to.include({ status: 'failed', errorCode: 'RATE_LIMIT' });
      expect(one(items, 'SyncOperation', 'syncOperationId', nextId).status).to.equal('cancelled');
      const slot = items.filter((item) => isGuard(item) && item.constraint === 'active-sync' && String(item.pk).endsWith(`#${ctx.connection.getId()}`));
      expect(slot, "the connection's sync slot is free").to.deep.equal([]);
    },
  },
  {
    name: 'recordCheck() of two failures (an ADD counter: a retry must not count twice)',
    added: 0,
    writes: 2,
    run: async (da, ctx) => {
      const copy = await da.TaskManagementConnection.findById(ctx.connection.getId());
      await copy?.recordCheck({ ok: false, errorCode: 'NETWORK', message: 'timeout' });
      await copy?.recordCheck({ ok: false, errorCode: 'NETWORK', message: 'timeout' });
      return copy?.getConsecutiveFailures();
    },
    check: (items, ctx, failures) => {
      expect(failures).to.equal(2);
      expect(one(items, 'TaskManagementConnection', 'taskManagementConnectionId', ctx.connection.getId()).consecutiveFailures).to.equal(2);
    },
  },
  {
    name: 'Ticket.applyExternalUpdate() (a condition on the tracker time: a retry must not read its own write as stale)',
    added: 0,
    writes: 1,
    run: async (da, ctx) => da.Ticket.applyExternalUpdate(ctx.connection.getId(), ctx.ticket.getExternalTicketId(), { status: 'Done', sourceUpdatedAt: '2026-06-01T00:00:00.000Z' }),
    check: (items, ctx, result) => {
      expect((result as { outcome: string }).outcome).to.equal('applied');
      expect(one(items, 'Ticket', 'ticketId', ctx.ticket.getId())).to.include({ ticketStatus: 'Done', sourceUpdatedAt: '2026-06-01T00:00:00.000Z' });
    },
  },
  {
    name: 'SyncOperation begin → heartbeat → complete with watermarks (the connection advances in the same transaction)',
    added: 0,
    writes: 3,
    run: async (da, ctx) => {
      const op = await da.SyncOperation.findById(ctx.sync.getId());
      await op?.begin();
      await op?.heartbeat();
      await op?.complete({ created: 0, updated: 0, skipped: 0, failed: 0 }, { watermarks: { issues: '2026-06-01T00:00:00.000Z' } });
      return op?.getStatus();
    },
    check: (items, ctx, status) => {
      expect(status).to.equal('completed');
      expect(one(items, 'TaskManagementConnection', 'taskManagementConnectionId', ctx.connection.getId()).syncWatermarks).to.deep.equal({ issues: '2026-06-01T00:00:00.000Z' });
    },
  },
];

describe('reliability: lost responses are recognised, not turned into conflicts or duplicates', function () {
  this.timeout(60_000);
  let tableName: string;
  let clean: { da: DataAccess; client: DynamoDBClient };
  const clients: DynamoDBClient[] = [];

  before(async function () {
    tableName = await newTable('rel-lost');
    clean = cleanDataAccess(tableName);
  });

  after(function () {
    clean?.client.destroy();
    for (const client of clients) client.destroy();
  });

  async function context(seed: number, name: string): Promise<Context> {
    const inputs = new Inputs(seed, name);
    const connection = await clean.da.TaskManagementConnection.create(inputs.connection());
    const ticket = await clean.da.Ticket.create(inputs.ticket(connection, 0));
    const sync = await clean.da.SyncOperation.start(inputs.syncStart(connection));
    return { connection, ticket, sync, inputs };
  }

  for (const variant of VARIANTS) {
    describe(`when ${variant.name}`, function () {
      CASES.forEach((testCase, i) => {
        it(`${testCase.name}: succeeds once, no false ConflictError / ConcurrentModificationError, no duplicate`, async function () {
          const section = `lost responses (${variant.name})`;
          const ctx = await context(i, `${variant.name} ${testCase.name}`);
          const before = await scan(clean.client, tableName);
          const { da, client, injector } = injectedDataAccess(tableName, {
            seed: i,
            script: loseFirst(testCase.writes + 1),
            sdkMaxAttempts: variant.sdkMaxAttempts,
            concurrency: 1,
            encryption: testKeyring(),
          });
          clients.push(client);
          const result = await testCase.run(da, ctx);
          recordFaults(section, injector);
          const f = figure(section);
          f.cases += 1;
          expect(injector.counts.lostResponse, 'responses were lost').to.be.at.least(testCase.writes);
          const sentAgain = WRITES.reduce((n, command) => n + (injector.attempts.get(command) ?? 0) - (injector.commands.get(command) ?? 0), 0);
          if (variant.sdkMaxAttempts > 1) expect(sentAgain, 'the SDK sent the requests again').to.equal(injector.counts.lostResponse);
          const items = await scan(clean.client, tableName);
          testCase.check(items, ctx, result);
          f.checked += 1;
          expect(orphanGuards(items)).to.deep.equal([]);
          // Nothing but the operation's own items was added (no duplicate under another id).
          const added = items.filter((item) => !before.some((old) => old.pk === item.pk && old.sk === item.sk));
          expect(added, 'items added').to.have.length(testCase.added);
          note(section, 'items added', added.length);
        });
      });

      it('Note.create (test-only entity without guards: a conditional PutItem) recognises its own item by createdAt', async function () {
        const registry = frameworkRegistry();
        const notesTable = await createTableFrom(registry.tableDefinition('rel-lost-notes'));
        const { config, client, injector } = injectedConfig(notesTable, { seed: 1, script: loseFirst(3), sdkMaxAttempts: variant.sdkMaxAttempts });
        clients.push(client);
        const da = registry.createDataAccess(config);
        injector.enabled = false;
        const workspaceId = (await da.Workspace.create({ organizationId: new Inputs(1, 'notes').uuid(), slug: 'lost', name: 'Lost' })).getId();
        injector.enabled = true;
        const notes = [await da.Note.create({ workspaceId, body: 'one' }), await da.Note.create({ workspaceId, body: 'two' })];
        expect(injector.counts.lostResponse).to.equal(2);
        const reader = newLocalClient();
        clients.push(reader);
        const stored = await scan(reader, notesTable);
        expect(stored.filter((item) => item.__edb_e__ === 'note').map((item) => item.noteId).sort()).to.deep.equal(notes.map((n) => n.getId()).sort());
        recordFaults(`lost responses (${variant.name})`, injector);
        figure(`lost responses (${variant.name})`).cases += 1;
      });
    });
  }

  describe('OAuthNonce.consume (a token-carrying claim, then a delete)', function () {
    it('a consume whose response is lost never hands the record out twice and leaves nothing consumable', async function () {
      const section = 'lost responses: consume';
      const inputs = new Inputs(3, section);
      const problems: string[] = [];
      let nulls = 0;
      for (const sdkMaxAttempts of [1, 3]) {
        const { nonce } = await clean.da.OAuthNonce.issue(inputs.nonce());
        const { da, client, injector } = injectedDataAccess(tableName, { seed: sdkMaxAttempts, script: loseFirst(), sdkMaxAttempts });
        clients.push(client);
        const first = await da.OAuthNonce.consume(nonce);
        const second = await clean.da.OAuthNonce.consume(nonce);
        if (second !== null) problems.push('a second consume returned the record again');
        if (first === null) nulls += 1;
        recordFaults(section, injector);
        figure(section).cases += 1;
      }
      note(section, 'consumes that returned null for a valid nonce', nulls);
      expect(problems).to.deep.equal([]);
    });

    it('a consume whose response is lost still returns the record to the caller, exactly once', async function () {
      const { nonce } = await clean.da.OAuthNonce.issue(new Inputs(4, 'consume').nonce());
      const { da, client } = injectedDataAccess(tableName, { seed: 4, script: loseFirst(), sdkMaxAttempts: 3 });
      clients.push(client);
      const consumed = await da.OAuthNonce.consume(nonce);
      expect(consumed, 'the nonce was valid and consumed by this call: its record must be returned').to.not.equal(null);
    });
  });
});
