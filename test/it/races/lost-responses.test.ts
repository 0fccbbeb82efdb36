/**
 * Group 7 — lost responses on every kind of write. Every write command (PutItem, UpdateItem,
 * DeleteItem, TransactWriteItems, BatchWriteItem) loses its response at a seeded rate: the write
 * reaches the table, the caller's attempt fails, and the request is sent again — by the SDK, or by
 * the library when the SDK gives up at once. Nobody else writes, so:
 *  - the caller sees success exactly when the write is in the table (a DATASTORE error only when
 *    it is not);
 *  - never a false ConflictError / ConcurrentModificationError / NotFoundError for its own write;
 *  - never a duplicate; and the table invariants hold after every run.
 */
import { randomUUID } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { expect } from 'chai';
import type { DataAccess, OAuthNonce, SyncOperation, TaskManagementConnection, Ticket } from '../../../src/index.js';
import { jiraCloudConnectionInput, nonceInput, suggestionLinks, syncStartInput, ticketInput } from '../../support/entity-fixtures.js';
import { scanAll } from '../../support/local-store.js';
import { injectedDataAccess } from '../reliability/support.js';
import type { Item } from './invariants.js';
import { isGuard, recordsOf, treeOf } from './invariants.js';
import type { RaceTable } from './support.js';
import { Figures, labelOf, outcomeOf, raceTable, settle } from './support.js';

const figures = new Figures('lost responses on every kind of write');
const GROUP = '7. lost responses';
/** Seeds, each with the share of write responses it loses: at the high rates the retries run out, and a read must settle. */
const RUNS: readonly { seed: number; loss: number }[] = [
  { seed: 11, loss: 0.5 },
  { seed: 37, loss: 0.9 },
  { seed: 59, loss: 0.97 },
];
/** The loss rate of the racing test. */
const LOSS = 0.5;
const WRITES = ['PutItem', 'UpdateItem', 'DeleteItem', 'TransactWriteItems', 'BatchWriteItem'];

type Connection = TaskManagementConnection;

/** What a step checks after its write: problems (empty: the table agrees with what the caller saw). */
type Verify = (ok: boolean, items: readonly Item[]) => string[];

interface Step {
  readonly name: string;
  /** Prepares with the clean data access, returns the write to run through the lossy one and its check. */
  readonly prepare: (clean: DataAccess) => Promise<{ run: (lossy: DataAccess) => Promise<unknown>; verify: Verify }>;
}

const byId = (items: readonly Item[], entity: Parameters<typeof recordsOf>[1], attribute: string, value: unknown) => recordsOf(items, entity).filter((item) => item[attribute] === value);
const expectCount = (problems: string[], what: string, found: number, wanted: number) => {
  if (found !== wanted) problems.push(`${what}: ${found} stored, expected ${wanted}`);
};
const newConnection = (clean: DataAccess) => clean.TaskManagementConnection.create(jiraCloudConnectionInput());
const copyOf = async (lossy: DataAccess, id: string) => (await lossy.TaskManagementConnection.findById(id)) as Connection;

/** A move on a connection brought to `from` first; checks the stored status. */
function move(name: string, from: (c: Connection) => Promise<unknown>, fromStatus: string, to: (c: Connection) => Promise<unknown>, toStatus: string): Step {
  return {
    name,
    prepare: async (clean) => {
      const connection = await newConnection(clean);
      await from(connection);
      let copy: Connection | undefined;
      return {
        run: async (lossy) => {
          copy = await copyOf(lossy, connection.getId());
          return to(copy);
        },
        verify: (ok, items) => {
          const [stored] = byId(items, 'connection', 'taskManagementConnectionId', connection.getId());
          const problems: string[] = [];
          const wanted = ok ? toStatus : fromStatus;
          if (stored?.status !== wanted) problems.push(`status ${String(stored?.status)}, expected ${wanted}`);
          if (ok && copy?.getStatus() !== toStatus) problems.push(`the copy says ${String(copy?.getStatus())}`);
          if (ok && stored && copy?.getUpdatedAt() !== stored.updatedAt) problems.push('the copy’s updatedAt differs from the table');
          return problems;
        },
      };
    },
  };
}

const STEPS: readonly Step[] = [
  {
    name: 'TaskManagementConnection.create',
    prepare: () => {
      const input = jiraCloudConnectionInput();
      return Promise.resolve({
        run: (lossy) => lossy.TaskManagementConnection.create(input),
        verify: (ok, items) => {
          const problems: string[] = [];
          expectCount(problems, 'connection', byId(items, 'connection', 'externalInstanceId', input.externalInstanceId).length, ok ? 1 : 0);
          expectCount(problems, 'guard', items.filter((item) => isGuard(item) && String(item.pk).endsWith(input.externalInstanceId)).length, ok ? 1 : 0);
          return problems;
        },
      });
    },
  },
  {
    name: 'Ticket.createWithSuggestions (3 links)',
    prepare: async (clean) => {
      const connection = await newConnection(clean);
      const input = ticketInput(connection);
      const links = suggestionLinks(3);
      return {
        run: (lossy) => lossy.Ticket.createWithSuggestions(input, links),
        verify: (ok, items) => {
          const problems: string[] = [];
          const tickets = byId(items, 'ticket', 'externalTicketId', input.externalTicketId);
          expectCount(problems, 'ticket', tickets.length, ok ? 1 : 0);
          for (const link of links) expectCount(problems, `link ${link.suggestionId}`, byId(items, 'link', 'suggestionId', link.suggestionId).length, ok ? 1 : 0);
          return problems;
        },
      };
    },
  },
  {
    name: 'Ticket.create',
    prepare: async (clean) => {
      const input = ticketInput(await newConnection(clean));
      return {
        run: (lossy) => lossy.Ticket.create(input),
        verify: (ok, items) => {
          const problems: string[] = [];
          expectCount(problems, 'ticket', byId(items, 'ticket', 'externalTicketId', input.externalTicketId).length, ok ? 1 : 0);
          return problems;
        },
      };
    },
  },
  {
    name: 'Ticket.createMany (4 tickets)',
    prepare: async (clean) => {
      const connection = await newConnection(clean);
      const inputs = Array.from({ length: 4 }, () => ticketInput(connection));
      let created: string[] = [];
      return {
        run: async (lossy) => {
          const result = await lossy.Ticket.createMany(inputs);
          created = result.created.map((t) => t.getExternalTicketId());
          const failed = result.failed.map((f) => labelOf(f.error)).filter((label) => label !== 'DataAccessError(DATASTORE)');
          if (failed.length > 0) throw new Error(`createMany reported ${failed.join(', ')} for its own items`);
        },
        verify: (_ok, items) => {
          const problems: string[] = [];
          // Each item: stored exactly when reported created.
          for (const input of inputs) {
            expectCount(problems, `ticket ${input.externalTicketId}`, byId(items, 'ticket', 'externalTicketId', input.externalTicketId).length, created.includes(input.externalTicketId) ? 1 : 0);
          }
          return problems;
        },
      };
    },
  },
  {
    name: 'TicketSuggestion.create',
    prepare: async (clean) => {
      const ticket = await clean.Ticket.create(ticketInput(await newConnection(clean)));
      const suggestionId = randomUUID();
      return {
        run: (lossy) => lossy.TicketSuggestion.create({ ticketId: ticket.getId(), suggestionId, opportunityId: randomUUID(), createdBy: 'user-1' }),
        verify: (ok, items) => {
          const problems: string[] = [];
          expectCount(problems, 'link', byId(items, 'link', 'suggestionId', suggestionId).length, ok ? 1 : 0);
          return problems;
        },
      };
    },
  },
  {
    name: 'save() of displayName',
    prepare: async (clean) => {
      const connection = await newConnection(clean);
      let copy: Connection | undefined;
      return {
        run: async (lossy) => {
          copy = await copyOf(lossy, connection.getId());
          return copy.setDisplayName('Saved through a lossy link').save();
        },
        verify: (ok, items) => {
          const [stored] = byId(items, 'connection', 'taskManagementConnectionId', connection.getId());
          const problems: string[] = [];
          if (stored?.displayName !== (ok ? 'Saved through a lossy link' : connection.getDisplayName())) problems.push(`displayName ${String(stored?.displayName)}`);
          if (ok && (copy?.hasChanges() || copy?.getUpdatedAt() !== stored?.updatedAt)) problems.push('the copy did not settle to the table');
          if (!ok && !copy?.hasChanges()) problems.push('a failed save dropped the setter change');
          return problems;
        },
      };
    },
  },
  move('markDisabled()', () => Promise.resolve(), 'active', (c) => c.markDisabled(), 'disabled'),
  move('markActive()', (c) => c.markDisabled(), 'disabled', (c) => c.markActive(), 'active'),
  move("markError('m')", () => Promise.resolve(), 'active', (c) => c.markError('m'), 'error'),
  move("markRequiresReauth('m')", () => Promise.resolve(), 'active', (c) => c.markRequiresReauth('m'), 'requires_reauth'),
  move('markDisconnected() (releases its guard)', () => Promise.resolve(), 'active', (c) => c.markDisconnected(), 'disconnected'),
  {
    name: 'touch()',
    prepare: async (clean) => {
      const connection = await newConnection(clean);
      let copy: Connection | undefined;
      return {
        run: async (lossy) => {
          copy = await copyOf(lossy, connection.getId());
          return copy.touch();
        },
        verify: (ok, items) => {
          const [stored] = byId(items, 'connection', 'taskManagementConnectionId', connection.getId());
          return ok ? (stored?.lastUsedAt === copy?.getLastUsedAt() && stored?.lastUsedAt !== undefined ? [] : ['lastUsedAt differs']) : stored?.lastUsedAt === undefined ? [] : ['a failed touch() was stored'];
        },
      };
    },
  },
  {
    name: "Ticket.recordStatusSync('Done')",
    prepare: async (clean) => {
      const ticket = await clean.Ticket.create(ticketInput(await newConnection(clean)));
      return {
        run: async (lossy) => ((await lossy.Ticket.findById(ticket.getId())) as Ticket).recordStatusSync('Done'),
        verify: (ok, items) => {
          const [stored] = byId(items, 'ticket', 'ticketId', ticket.getId());
          return stored?.ticketStatus === (ok ? 'Done' : null) ? [] : [`ticketStatus ${String(stored?.ticketStatus)}`];
        },
      };
    },
  },
  {
    name: 'SyncOperation.start',
    prepare: async (clean) => {
      const connection = await newConnection(clean);
      return {
        run: (lossy) => lossy.SyncOperation.start(syncStartInput(connection)),
        verify: (ok, items) => {
          const problems: string[] = [];
          expectCount(problems, 'sync', byId(items, 'sync', 'taskManagementConnectionId', connection.getId()).length, ok ? 1 : 0);
          return problems;
        },
      };
    },
  },
  ...(
    [
      ['begin()', false, (op: SyncOperation) => op.begin(), 'pending', 'in_progress'],
      ['reportProgress()', true, (op: SyncOperation) => op.reportProgress({ current: 2, total: 4, processed: 2, stage: 'fetching' }), 'in_progress', 'in_progress'],
      ['complete() (with the connection’s lastSyncAt)', true, (op: SyncOperation) => op.complete({ created: 1, updated: 1, skipped: 0, failed: 0 }), 'in_progress', 'completed'],
      ["fail('boom')", true, (op: SyncOperation) => op.fail('boom', 'NETWORK'), 'in_progress', 'failed'],
      ['cancel()', false, (op: SyncOperation) => op.cancel(), 'pending', 'cancelled'],
    ] as const
  ).map(
    ([name, begun, write, fromStatus, toStatus]): Step => ({
      name: `SyncOperation.${name}`,
      prepare: async (clean) => {
        const connection = await newConnection(clean);
        const op = await clean.SyncOperation.start(syncStartInput(connection));
        if (begun) await op.begin();
        let copy: SyncOperation | undefined;
        return {
          run: async (lossy) => {
            copy = (await lossy.SyncOperation.findById(op.getId())) as SyncOperation;
            return write(copy);
          },
          verify: (ok, items) => {
            const [stored] = byId(items, 'sync', 'syncOperationId', op.getId());
            const [storedConnection] = byId(items, 'connection', 'taskManagementConnectionId', connection.getId());
            const problems: string[] = [];
            if (stored?.status !== (ok ? toStatus : fromStatus)) problems.push(`status ${String(stored?.status)}`);
            if (name.startsWith('reportProgress') && (stored?.progress !== undefined) !== ok) problems.push(`progress ${JSON.stringify(stored?.progress)}`);
            if (name.startsWith('complete') && (storedConnection?.lastSyncAt !== undefined) !== ok) problems.push(`connection lastSyncAt ${String(storedConnection?.lastSyncAt)}`);
            if (ok && copy && stored && copy.getStatus() !== stored.status) problems.push('the copy differs from the table');
            return problems;
          },
        };
      },
    }),
  ),
  {
    name: 'OAuthNonce.issue then consume',
    prepare: (clean) => {
      const input = nonceInput();
      let consumed: OAuthNonce | null = null;
      let issued: string | undefined;
      return Promise.resolve({
        run: async (lossy) => {
          issued = (await lossy.OAuthNonce.issue(input)).nonce;
          consumed = await lossy.OAuthNonce.consume(issued);
          if (consumed === null) throw new Error('consume() returned null for the nonce just issued');
          if ((await clean.OAuthNonce.consume(issued)) !== null) throw new Error('the nonce was handed out a second time');
        },
        verify: (ok, items) => {
          const stored = byId(items, 'nonce', 'organizationId', input.organizationId);
          // Issued and consumed: gone (or left claimed, unusable, if its delete failed).
          if (ok) return stored.every((item) => item.__claim !== undefined) ? [] : ['a consumed nonce is still usable'];
          if (issued === undefined) return stored.length > 0 ? ['issue() failed but the nonce is stored'] : [];
          // consume() failed: the nonce must still be usable (not claimed, not gone) — unless the caller was told it was consumed twice.
          return stored.length === 1 && stored[0]?.__claim === undefined ? [] : ['consume() failed, yet the nonce was consumed'];
        },
      });
    },
  },
  {
    name: 'OAuthTokenState.put then rotate',
    prepare: async (clean) => {
      const connection = await newConnection(clean);
      const id = connection.getId();
      let put = false;
      return {
        run: async (lossy) => {
          await lossy.OAuthTokenState.put(id, { accessToken: 'a-1', refreshToken: 'r-1' });
          put = true;
          const rotated = await lossy.OAuthTokenState.rotate(id, 1, { accessToken: 'a-2', refreshToken: 'r-2' });
          const stored = await clean.OAuthTokenState.get(id);
          if (!isDeepStrictEqual(rotated, { version: 2 }) || stored?.accessToken !== 'a-2' || stored.version !== 2) throw new Error(`rotate() said ${JSON.stringify(rotated)}, stored version ${String(stored?.version)}`);
        },
        verify: (ok, items) => {
          const stored = byId(items, 'token', 'taskManagementConnectionId', id);
          if (ok) return stored.length === 1 && stored[0]?.version === 2 ? [] : [`token state ${JSON.stringify(stored.map((s) => s.version))}`];
          return stored.length === (put ? 1 : 0) && (stored[0]?.version ?? 1) === 1 ? [] : [`a failed put/rotate left ${JSON.stringify(stored.map((s) => s.version))}`];
        },
      };
    },
  },
  {
    name: 'ticket.remove()',
    prepare: async (clean) => {
      const { ticket } = await clean.Ticket.createWithSuggestions(ticketInput(await newConnection(clean)), suggestionLinks(2));
      return {
        run: async (lossy) => ((await lossy.Ticket.findById(ticket.getId())) as Ticket).remove(),
        verify: (ok, items) => {
          const left = items.filter((item) => item.ticketId === ticket.getId() || item.ownerId === ticket.getId());
          return ok && left.length > 0 ? [`${left.length} items of the removed ticket left`] : [];
        },
      };
    },
  },
  {
    name: 'connection.remove() (tree: 2 tickets × 2 links, a running sync, token state)',
    prepare: async (clean) => {
      const connection = await newConnection(clean);
      await Promise.all([0, 1].map(() => clean.Ticket.createWithSuggestions(ticketInput(connection), suggestionLinks(2))));
      await (await clean.SyncOperation.start(syncStartInput(connection))).begin();
      await clean.OAuthTokenState.put(connection.getId(), { accessToken: 'a', refreshToken: 'r' });
      return {
        run: async (lossy) => (await copyOf(lossy, connection.getId())).remove(),
        verify: (ok, items) => (ok && treeOf(items, connection.getId()).length > 0 ? [`${treeOf(items, connection.getId()).length} items of the removed tree left`] : []),
      };
    },
  },
];

describe('races 7: lost responses on every kind of write (DynamoDB Local)', function () {
  this.timeout(30_000);
  figures.printAfter();
  const clients: DynamoDBClient[] = [];
  after(function () {
    for (const client of clients) client.destroy();
  });

  for (const variant of [
    { name: 'the SDK retries', sdkMaxAttempts: 3 },
    { name: 'the library retries', sdkMaxAttempts: 1 },
  ]) {
    it(`${STEPS.length} kinds of write × ${RUNS.length} seeds, ${RUNS.map((r) => r.loss * 100).join(' / ')}% of write responses lost, ${variant.name}: success exactly when stored, no false refusal, no duplicate`, async function () {
      const table: RaceTable = await raceTable('races-lost');
      const problems: string[] = [];
      const checks: { tag: string; ok: boolean; verify: Verify }[] = [];
      let lost = 0;
      await Promise.all(
        RUNS.map(async ({ seed, loss }) => {
          const { da: lossy, client, injector } = injectedDataAccess(table.tableName, {
            seed,
            byCommand: Object.fromEntries(WRITES.map((command) => [command, { lostResponse: loss }])),
            sdkMaxAttempts: variant.sdkMaxAttempts,
            encryption: table.encryption,
          });
          clients.push(client);
          for (const step of STEPS) {
            const { run, verify } = await step.prepare(table.da);
            const label = outcomeOf(await settle(run(lossy)));
            figures.record(GROUP, [label], 1);
            figures.record(`${GROUP}: ${variant.name}`, [label], 1);
            const tag = `seed ${seed} (loss ${loss}), ${step.name}: ${label}`;
            if (label !== 'ok' && label !== 'DataAccessError(DATASTORE)') problems.push(`${tag}: a refusal of its own write`);
            checks.push({ tag, ok: label === 'ok', verify });
          }
          lost += injector.counts.lostResponse;
        }),
      );
      // Each step wrote only its own records: one scan checks them all.
      const items = await scanAll(table.client, table.tableName);
      for (const { tag, ok, verify } of checks) for (const problem of verify(ok, items)) problems.push(`${tag}: ${problem}`);
      figures.count(`${GROUP}: ${variant.name}`, 'responses lost', lost);
      expect(lost, 'responses were lost').to.be.at.least(RUNS.length * STEPS.length * 0.5);
      expect(problems).to.deep.equal([]);
      // Failed removes may leave a fence: running them again with a clean client finishes them.
      const after = await scanAll(table.client, table.tableName);
      const fenced = (entity: 'connection' | 'ticket') => recordsOf(after, entity).filter((item) => item.__fence !== undefined);
      figures.count(`${GROUP}: ${variant.name}`, 'removes left fenced (then finished)', fenced('connection').length + fenced('ticket').length);
      for (const item of fenced('ticket')) await (await table.da.Ticket.findById(String(item.ticketId)))?.remove();
      for (const item of fenced('connection')) await (await table.da.TaskManagementConnection.findById(String(item.taskManagementConnectionId)))?.remove();
      await table.check();
    });
  }

  it('every response of every BatchWriteItem lost (its deletes land): Ticket.remove, connection.remove() and removeOrganization resolve, and nothing of the tree is left', async function () {
    const table: RaceTable = await raceTable('races-lost');
    const { da: lossy, client, injector } = injectedDataAccess(table.tableName, {
      seed: 5,
      script: { BatchWriteItem: Array.from({ length: 200 }, () => 'lostResponse' as const) },
      sdkMaxAttempts: 1,
      encryption: table.encryption,
    });
    clients.push(client);
    const removals: { name: string; run: (connection: Connection) => Promise<unknown> }[] = [
      { name: 'Ticket.remove()', run: async (connection) => (await lossy.Ticket.allByTaskManagementConnectionId(connection.getId()))[0]?.remove() },
      { name: 'connection.remove()', run: async (connection) => (await copyOf(lossy, connection.getId())).remove() },
      { name: 'removeOrganization()', run: (connection) => lossy.removeOrganization(connection.getOrganizationId()) },
    ];
    for (const removal of removals) {
      const connection = await newConnection(table.da);
      const { ticket } = await table.da.Ticket.createWithSuggestions(ticketInput(connection), suggestionLinks(3));
      const before = injector.counts.lostResponse;
      const label = outcomeOf(await settle(removal.run(connection)));
      expect(injector.counts.lostResponse - before, `${removal.name}: batch responses were lost`).to.be.at.least(1);
      expect(label, removal.name).to.equal('ok');
      const items = await scanAll(table.client, table.tableName);
      const left = removal.name === 'Ticket.remove()' ? items.filter((item) => item.ticketId === ticket.getId() || item.ownerId === ticket.getId()) : treeOf(items, connection.getId());
      expect(left, `${removal.name}: what is left`).to.deep.equal([]);
    }
    await table.check();
  });

  it('racing under lost responses: 20 consumes of one nonce → exactly one gets the record; 20 starts on one connection → exactly one sync; 20 createWithSuggestions sharing a suggestion → exactly one ticket', async function () {
    const table: RaceTable = await raceTable('races-lost');
    const racers = Array.from({ length: 20 }, (_, i) => {
      const { da, client } = injectedDataAccess(table.tableName, {
        seed: 100 + i,
        byCommand: Object.fromEntries(WRITES.map((command) => [command, { lostResponse: LOSS }])),
        sdkMaxAttempts: i % 2 === 0 ? 1 : 3,
        encryption: table.encryption,
      });
      clients.push(client);
      return da;
    });
    const { nonce } = await table.da.OAuthNonce.issue(nonceInput());
    const consumed = await Promise.allSettled(racers.map((da) => da.OAuthNonce.consume(nonce)));
    const consumeLabels = consumed.map((r) => (r.status === 'fulfilled' ? (r.value === null ? 'null' : 'record') : labelOf(r.reason)));
    figures.record(`${GROUP}: racing`, consumeLabels);
    expect(consumeLabels.filter((label) => label === 'record'), consumeLabels.join(', ')).to.have.length(1);
    expect(consumeLabels.filter((label) => label !== 'record' && label !== 'null'), 'consume errors').to.deep.equal([]);

    const connection = await newConnection(table.da);
    const starts = await Promise.allSettled(racers.map((da) => da.SyncOperation.start(syncStartInput(connection))));
    const startLabels = starts.map(outcomeOf);
    figures.record(`${GROUP}: racing`, startLabels);
    expect(startLabels.filter((label) => label === 'ok'), startLabels.join(', ')).to.have.length(1);
    expect(startLabels.filter((label) => label !== 'ok' && label !== 'ConflictError(active-sync)'), 'start refusals').to.deep.equal([]);

    const shared = randomUUID();
    const creates = await Promise.allSettled(racers.map((da) => da.Ticket.createWithSuggestions(ticketInput(connection), [...suggestionLinks(1, [shared]), ...suggestionLinks(1)])));
    const createLabels = creates.map(outcomeOf);
    figures.record(`${GROUP}: racing`, createLabels);
    expect(createLabels.filter((label) => label === 'ok'), createLabels.join(', ')).to.have.length(1);
    expect(createLabels.filter((label) => label !== 'ok' && label !== 'ConflictError(suggestion)'), 'create refusals').to.deep.equal([]);
    const items = await table.check();
    expect(recordsOf(items, 'sync')).to.have.length(1);
    expect(recordsOf(items, 'ticket')).to.have.length(1);
    expect(recordsOf(items, 'link')).to.have.length(2);
  });
});
