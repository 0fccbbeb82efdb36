/**
 * Group 1 — remove × each dependent create. Creator loops keep creating children of a record
 * while it is removed; they are stopped once `remove()` resolved. Then: nothing of the removed
 * tree is left (no child, no link, no guard, no fence), a bystander tree is untouched, and every
 * create that lost got NotFoundError (or ConflictError('active-connection') where the connection
 * was moved first) — never a success that left an orphan.
 */
import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import type { DataAccess, TaskManagementConnection, Ticket } from '../../../src/index.js';
import { githubConnectionInput, jiraCloudConnectionInput, suggestionLinks, syncStartInput, ticketInput } from '../../support/entity-fixtures.js';
import { scanAll } from '../../support/local-store.js';
import type { Item } from './invariants.js';
import { isGuard, treeOf } from './invariants.js';
import type { RaceTable } from './support.js';
import { Creators, expectOnly, Figures, outcomeOf, raceTable } from './support.js';

const figures = new Figures('remove × dependent create');
const GROUP = '1. remove × dependent create';
const WORKERS = 6;
const WARM_UP = 12;

const keyOf = (item: Item) => `${String(item.pk)}|${String(item.sk)}`;

/** A connection with `tickets` tickets of 2 links each, a finished sync and token state. */
async function treeWith(da: DataAccess, tickets: number): Promise<{ connection: TaskManagementConnection; tickets: Ticket[] }> {
  const connection = await da.TaskManagementConnection.create(jiraCloudConnectionInput());
  const created = await Promise.all(Array.from({ length: tickets }, () => da.Ticket.createWithSuggestions(ticketInput(connection), suggestionLinks(2))));
  const sync = await da.SyncOperation.start(syncStartInput(connection));
  await sync.cancel();
  await da.OAuthTokenState.put(connection.getId(), { accessToken: 'access', refreshToken: 'refresh' });
  return { connection, tickets: created.map((c) => c.ticket) };
}

interface Scenario<T> {
  readonly name: string;
  /** Children created before the race (the tree the remove starts from). */
  readonly tickets?: number;
  /** One create of a dependent. */
  readonly create: (da: DataAccess, ctx: { connection: TaskManagementConnection; tickets: Ticket[] }, worker: number, n: number) => Promise<T>;
  /** The remove, on a copy of its own. */
  readonly remove: (da: DataAccess, ctx: { connection: TaskManagementConnection; tickets: Ticket[] }) => Promise<unknown>;
  /** Labels a create may end with besides 'ok'. */
  readonly allowed: readonly string[];
  /** The root whose tree must be gone (default: the connection). */
  readonly gone?: (ctx: { connection: TaskManagementConnection; tickets: Ticket[] }) => (items: readonly Item[]) => Item[];
  /** Successes needed before the remove starts (default WARM_UP). */
  readonly warmUp?: number;
}

async function runScenario<T>(table: RaceTable, scenario: Scenario<T>): Promise<void> {
  const { da, client, tableName } = table;
  const bystander = await treeWith(da, 2);
  const bystanderItems = treeOf(await scanAll(client, tableName), bystander.connection.getId()).map(keyOf).sort();
  const ctx = await treeWith(da, scenario.tickets ?? 4);
  // The creators write through another DataAccess: another process.
  const creatorsDa = table.other();
  const creators = new Creators(WORKERS, (worker, n) => scenario.create(creatorsDa, ctx, worker, n), scenario.warmUp ?? WARM_UP);
  const removed = await creators.during(() => scenario.remove(da, ctx));
  const labels = creators.attempts.map((attempt) => outcomeOf(attempt.result));
  figures.record(GROUP, labels);
  figures.record(`${GROUP}: ${scenario.name}`, labels);
  figures.record(`${GROUP}: creates in flight while remove() ran`, creators.racing.map((attempt) => outcomeOf(attempt.result)), 0);

  expect(outcomeOf(removed), 'remove()').to.equal('ok');
  expect(creators.attempts.length, 'creates attempted').to.be.at.least(20);
  expect(creators.racing.length, 'creates in flight while remove() ran').to.be.at.least(1);
  expectOnly(labels, ['ok', ...scenario.allowed], scenario.name);

  const items = await table.check();
  const left = (scenario.gone?.(ctx) ?? ((all: readonly Item[]) => treeOf(all, ctx.connection.getId())))(items);
  expect(left.map((item) => `${isGuard(item) ? 'guard' : String(item.__edb_e__)} ${keyOf(item)}`), 'items of the removed tree left').to.deep.equal([]);
  expect(treeOf(items, bystander.connection.getId()).map(keyOf).sort(), 'the bystander tree is untouched').to.deep.equal(bystanderItems);
}

const onConnection = (ctx: { connection: TaskManagementConnection }) => ctx.connection;
const pick = <T>(list: readonly T[], n: number): T => list[n % list.length] as T;

/** A ticket of `connection` (its provider is the connection's). */
const ticketOn = (connection: TaskManagementConnection) => ticketInput(connection, { ticketProvider: connection.getProvider() });

/** Workers creating tickets, links and syncs (started, then begun) on every one of `trees`, in turn. */
function childCreators(da: DataAccess, trees: readonly { connection: TaskManagementConnection; tickets: Ticket[] }[]): Creators<unknown> {
  return new Creators<unknown>(
    WORKERS,
    (worker, n) => {
      const tree = pick(trees, worker + n);
      switch (worker % 3) {
        case 0:
          return da.Ticket.createWithSuggestions(ticketOn(tree.connection), suggestionLinks(2));
        case 1:
          return da.TicketSuggestion.create({ ticketId: pick(tree.tickets, n).getId(), suggestionId: randomUUID(), opportunityId: randomUUID(), createdBy: 'user-1' });
        default:
          return da.SyncOperation.start(syncStartInput(tree.connection)).then((sync) => sync.begin());
      }
    },
    WARM_UP,
  );
}

describe('races 1: remove × each dependent create (DynamoDB Local)', function () {
  this.timeout(30_000);
  figures.printAfter();

  const scenarios: Scenario<unknown>[] = [
    {
      name: 'connection.remove() × Ticket.createWithSuggestions',
      create: (da, ctx) => da.Ticket.createWithSuggestions(ticketInput(onConnection(ctx)), suggestionLinks(2)),
      remove: async (da, ctx) => (await da.TaskManagementConnection.findById(ctx.connection.getId()))?.remove(),
      allowed: ['NotFoundError'],
    },
    {
      name: 'connection.remove() × Ticket.create',
      create: (da, ctx) => da.Ticket.create(ticketInput(onConnection(ctx))),
      remove: async (da, ctx) => (await da.TaskManagementConnection.findById(ctx.connection.getId()))?.remove(),
      allowed: ['NotFoundError'],
    },
    {
      name: "connection.remove() × TicketSuggestion.create on the connection's tickets",
      tickets: 10,
      create: (da, ctx, worker, n) =>
        da.TicketSuggestion.create({ ticketId: pick(ctx.tickets, worker * 7 + n).getId(), suggestionId: randomUUID(), opportunityId: randomUUID(), createdBy: 'user-1' }),
      remove: async (da, ctx) => (await da.TaskManagementConnection.findById(ctx.connection.getId()))?.remove(),
      allowed: ['NotFoundError'],
    },
    {
      name: "connection.remove() × TicketSuggestion.createMany on the connection's tickets (every failed item NotFoundError)",
      tickets: 10,
      warmUp: 6,
      create: async (da, ctx, worker, n) => {
        const inputs = Array.from({ length: 4 }, (_, i) => ({ ticketId: pick(ctx.tickets, worker + n + i).getId(), suggestionId: randomUUID(), opportunityId: randomUUID(), createdBy: 'user-1' }));
        const result = await da.TicketSuggestion.createMany(inputs);
        expect(result.created.length + result.failed.length).to.equal(inputs.length);
        // A partly failed createMany is reported by the class of its failures.
        const first = result.failed[0];
        if (first) throw first.error;
        return result;
      },
      remove: async (da, ctx) => (await da.TaskManagementConnection.findById(ctx.connection.getId()))?.remove(),
      allowed: ['NotFoundError'],
    },
    {
      name: 'connection.remove() × SyncOperation.start (→ begin → complete)',
      warmUp: 4,
      create: async (da, ctx) => {
        const sync = await da.SyncOperation.start(syncStartInput(onConnection(ctx)));
        await sync.begin();
        return sync.complete({ created: 1, updated: 0, skipped: 0, failed: 0 });
      },
      remove: async (da, ctx) => (await da.TaskManagementConnection.findById(ctx.connection.getId()))?.remove(),
      // Another worker holds the sync slot; begin/complete on an operation the sweep removed, or under a fenced connection.
      allowed: ['NotFoundError', 'ConflictError(active-sync)'],
    },
    {
      name: 'connection.remove() × OAuthTokenState.put (after OAuthTokenState.remove, then rotate)',
      warmUp: 4,
      create: async (da, ctx) => {
        const id = ctx.connection.getId();
        await da.OAuthTokenState.remove(id);
        const put = await da.OAuthTokenState.put(id, { accessToken: 'a-1', refreshToken: 'r-1' });
        await da.OAuthTokenState.rotate(id, put.version, { accessToken: 'a-2', refreshToken: 'r-2' }).catch(() => undefined);
        return put;
      },
      remove: async (da, ctx) => (await da.TaskManagementConnection.findById(ctx.connection.getId()))?.remove(),
      // Another worker's token state is stored (put is a first store).
      allowed: ['NotFoundError', 'ConflictError(token-state)'],
    },
    {
      name: 'ticket.remove() × TicketSuggestion.create on that ticket',
      create: (da, ctx) => da.TicketSuggestion.create({ ticketId: (ctx.tickets[0] as Ticket).getId(), suggestionId: randomUUID(), opportunityId: randomUUID(), createdBy: 'user-1' }),
      remove: async (da, ctx) => (await da.Ticket.findById((ctx.tickets[0] as Ticket).getId()))?.remove(),
      allowed: ['NotFoundError'],
      gone: (ctx) => (items) => {
        const ticketId = (ctx.tickets[0] as Ticket).getId();
        return items.filter((item) => item.ticketId === ticketId || item.ownerId === ticketId);
      },
    },
    {
      name: 'markDisconnected() then remove() × Ticket.createWithSuggestions and SyncOperation.start',
      create: (da, ctx, worker) =>
        worker % 3 === 0 ? da.SyncOperation.start(syncStartInput(onConnection(ctx))).then((sync) => sync.cancel()) : da.Ticket.createWithSuggestions(ticketInput(onConnection(ctx)), suggestionLinks(2)),
      remove: async (da, ctx) => {
        const copy = await da.TaskManagementConnection.findById(ctx.connection.getId());
        await copy?.markDisconnected();
        await copy?.remove();
      },
      allowed: ['NotFoundError', 'ConflictError(active-connection)', 'ConflictError(active-sync)'],
    },
  ];

  for (const scenario of scenarios) {
    it(`${scenario.name}: nothing of the tree is left, every lost create is ${scenario.allowed.join(' / ')}`, async function () {
      await runScenario(await raceTable('races-remove-create'), scenario);
    });
  }

  it('ticket.remove() × TicketSuggestion.create: the ticket is found fenced while it is removed, and links of other tickets survive', async function () {
    const table = await raceTable('races-remove-create');
    const { connection, tickets } = await treeWith(table.da, 3);
    const [target, other] = tickets as [Ticket, Ticket];
    const creators = new Creators(
      WORKERS,
      (worker) =>
        table.other().TicketSuggestion.create({ ticketId: (worker % 2 === 0 ? target : other).getId(), suggestionId: randomUUID(), opportunityId: randomUUID(), createdBy: 'user-1' }),
      WARM_UP,
    );
    const removed = await creators.during(() => target.remove());
    const labels = creators.attempts.map((attempt) => outcomeOf(attempt.result));
    figures.record(GROUP, labels);
    expect(outcomeOf(removed)).to.equal('ok');
    expectOnly(labels, ['ok', 'NotFoundError'], 'links');
    const items = await table.check();
    expect(items.filter((item) => item.ticketId === target.getId() || item.ownerId === target.getId())).to.deep.equal([]);
    // Every link created on the other ticket is still there.
    const storedOther = items.filter((item) => item.__edb_e__ === 'ticketsuggestion' && item.ticketId === other.getId()).length;
    expect(storedOther).to.be.at.least(2 + creators.attempts.filter((a) => a.result.status === 'fulfilled' && (a.result.value as { getTicketId(): string }).getTicketId() === other.getId()).length);
    await connection.remove();
    await table.check();
  });

  it('TaskManagementConnection.removeByIds of 3 connections × ticket, link and sync creates on all of them', async function () {
    const table = await raceTable('races-remove-create');
    const { da, client, tableName } = table;
    const bystander = await treeWith(da, 1);
    const trees = await Promise.all([treeWith(da, 3), treeWith(da, 3), treeWith(da, 3)]);
    const creatorsDa = table.other();
    const creators = childCreators(creatorsDa, trees);
    const removed = await creators.during(() => da.TaskManagementConnection.removeByIds(trees.map((tree) => tree.connection.getId())));
    const labels = creators.attempts.map((attempt) => outcomeOf(attempt.result));
    figures.record(GROUP, labels);
    figures.record(`${GROUP}: removeByIds × creates`, labels);
    expect(outcomeOf(removed)).to.equal('ok');
    expect(creators.racing.length).to.be.at.least(1);
    expectOnly(labels, ['ok', 'NotFoundError', 'ConflictError(active-sync)'], 'creates');
    const items = await table.check();
    for (const tree of trees) expect(treeOf(items, tree.connection.getId()), `tree of ${tree.connection.getId()}`).to.deep.equal([]);
    expect(treeOf(await scanAll(client, tableName), bystander.connection.getId()).length).to.be.greaterThan(0);
  });

  // API.md asks callers to stop writing for the organization first; a caller that does not still
  // gets no orphan: every connection found is fenced before its tree is swept, so a child create on
  // one of them either lands before the sweep (and is swept) or is refused.
  it('da.removeOrganization of 3 connections (two providers) × ticket, link and sync creates on all of them: nothing of the organization is left, another organization untouched', async function () {
    const table = await raceTable('races-remove-create');
    const { da, client, tableName } = table;
    const bystander = await treeWith(da, 2);
    const bystanderItems = treeOf(await scanAll(client, tableName), bystander.connection.getId()).map(keyOf).sort();
    const organizationId = randomUUID();
    const withTickets = async (connection: TaskManagementConnection) => ({
      connection,
      tickets: (await Promise.all(Array.from({ length: 3 }, () => da.Ticket.createWithSuggestions(ticketOn(connection), suggestionLinks(2))))).map((c) => c.ticket),
    });
    // One active connection per provider: the older Jira site (tickets made while it was active) is
    // disabled before the new one connects.
    const old = await withTickets(await da.TaskManagementConnection.create(jiraCloudConnectionInput({ organizationId })));
    await old.connection.markDisabled();
    const trees = [
      old,
      await withTickets(await da.TaskManagementConnection.create(jiraCloudConnectionInput({ organizationId }))),
      await withTickets(await da.TaskManagementConnection.create(githubConnectionInput({ organizationId }))),
    ];
    const creatorsDa = table.other();
    const creators = childCreators(creatorsDa, trees);
    const removed = await creators.during(() => da.removeOrganization(organizationId));
    const labels = creators.attempts.map((attempt) => outcomeOf(attempt.result));
    figures.record(GROUP, labels);
    figures.record(`${GROUP}: removeOrganization × creates`, labels);
    expect(outcomeOf(removed), 'removeOrganization').to.equal('ok');
    expect(creators.attempts.length, 'creates attempted').to.be.at.least(20);
    expect(creators.racing.length, 'creates in flight while removeOrganization ran').to.be.at.least(1);
    // The disabled connection refuses ticket creates (active-connection); the others lose to the fence.
    expectOnly(labels, ['ok', 'NotFoundError', 'ConflictError(active-connection)', 'ConflictError(active-sync)'], 'creates');
    const items = await table.check();
    expect(items.filter((item) => item.organizationId === organizationId).map((item) => `${isGuard(item) ? 'guard' : String(item.__edb_e__)} ${keyOf(item)}`), 'items of the organization left').to.deep.equal([]);
    for (const tree of trees) expect(treeOf(items, tree.connection.getId()), `tree of ${tree.connection.getId()}`).to.deep.equal([]);
    expect(treeOf(items, bystander.connection.getId()).map(keyOf).sort(), 'the other organization is untouched').to.deep.equal(bystanderItems);
    const { removed: counts } = (removed as PromiseFulfilledResult<{ removed: Record<string, number> }>).value;
    expect(counts['TaskManagementConnection'], 'connections removed').to.equal(3);
  });
});
