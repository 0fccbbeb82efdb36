/**
 * Every transactional create under injected faults, 20 seeds each:
 * TaskManagementConnection.create, Ticket.create, Ticket.createWithSuggestions,
 * TicketSuggestion.create, SyncOperation.start and OAuthNonce.issue.
 *
 * Each seed has its own fault-injected client and its own parents, and runs its operations one
 * after the other, so a seed replays the same faults; the seeds run at the same time.
 * After the run one scan of the table (with a clean client) checks every outcome:
 * acknowledged → in the table exactly once, with its guards; reported failed → absent.
 */
import { createHash } from 'node:crypto';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { expect } from 'chai';
import type { DataAccess, TaskManagementConnection, Ticket } from '../../../src/index.js';
import { ConflictError } from '../../../src/index.js';
import type { FaultRates } from '../../support/fault-injector.js';
import { figure, recordFaults } from './figures.js';
import type { Item } from './support.js';
import { cleanDataAccess, entityItems, expectDatastore, injectedDataAccess, Inputs, isGuard, newTable, orphanGuards, scan, SEEDS } from './support.js';

type OpKind = 'connection' | 'ticket' | 'ticketWithLinks' | 'link' | 'sync' | 'nonce';

interface Outcome {
  readonly seed: number;
  readonly kind: OpKind;
  readonly input: Item;
  readonly links?: readonly { suggestionId: string; opportunityId: string }[];
  ok: boolean;
  id?: string;
  linkIds?: string[];
  nonce?: string;
  error?: unknown;
  lostResponseSeen?: boolean;
}

interface Parents {
  readonly parent: TaskManagementConnection;
  readonly ticket: Ticket;
  readonly syncTargets: readonly TaskManagementConnection[];
}

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

/** The operations of one seed: 3 connections, 4 tickets, 2 tickets with 3 links, 3 links, 3 syncs, 3 nonces. */
async function runSeed(da: DataAccess, inputs: Inputs, seed: number, parents: Parents): Promise<Outcome[]> {
  const outcomes: Outcome[] = [];
  const attempt = async (outcome: Outcome, op: () => Promise<void>) => {
    outcomes.push(outcome);
    try {
      await op();
      outcome.ok = true;
    } catch (error) {
      outcome.error = error;
    }
  };
  for (let i = 0; i < 3; i += 1) {
    const input = inputs.connection();
    const outcome: Outcome = { seed, kind: 'connection', input, ok: false };
    await attempt(outcome, async () => {
      outcome.id = (await da.TaskManagementConnection.create(input)).getId();
    });
  }
  for (let i = 0; i < 4; i += 1) {
    const input = inputs.ticket(parents.parent, i);
    const outcome: Outcome = { seed, kind: 'ticket', input, ok: false };
    await attempt(outcome, async () => {
      outcome.id = (await da.Ticket.create(input)).getId();
    });
  }
  for (let i = 0; i < 2; i += 1) {
    const input = inputs.ticket(parents.parent, 100 + i);
    const links = inputs.links(3);
    const outcome: Outcome = { seed, kind: 'ticketWithLinks', input, links, ok: false };
    await attempt(outcome, async () => {
      const created = await da.Ticket.createWithSuggestions(input, links);
      outcome.id = created.ticket.getId();
      outcome.linkIds = created.links.map((link) => link.getId());
    });
  }
  for (let i = 0; i < 3; i += 1) {
    const input = { ticketId: parents.ticket.getId(), suggestionId: inputs.uuid(), opportunityId: inputs.uuid(), createdBy: 'user-1' };
    const outcome: Outcome = { seed, kind: 'link', input, ok: false };
    await attempt(outcome, async () => {
      outcome.id = (await da.TicketSuggestion.create(input)).getId();
    });
  }
  for (const target of parents.syncTargets) {
    const input = inputs.syncStart(target);
    const outcome: Outcome = { seed, kind: 'sync', input, ok: false };
    await attempt(outcome, async () => {
      outcome.id = (await da.SyncOperation.start(input)).getId();
    });
  }
  for (let i = 0; i < 3; i += 1) {
    const input = inputs.nonce();
    const outcome: Outcome = { seed, kind: 'nonce', input, ok: false };
    await attempt(outcome, async () => {
      const issued = await da.OAuthNonce.issue(input);
      outcome.nonce = issued.nonce;
      outcome.id = sha256(issued.nonce);
    });
  }
  return outcomes;
}

/** Checks every outcome against the table; returns the problems (empty when all promises hold). */
function verify(outcomes: readonly Outcome[], items: readonly Item[], counters: { checked: number; lost: number; failedButPresent: number; duplicates: number }): string[] {
  const problems: string[] = [];
  const guards = items.filter(isGuard);
  const connections = entityItems(items, 'TaskManagementConnection');
  const tickets = entityItems(items, 'Ticket');
  const links = entityItems(items, 'TicketSuggestion');
  const syncs = entityItems(items, 'SyncOperation');
  const nonces = entityItems(items, 'OAuthNonce');
  const guardsOwnedBy = (id: string | undefined, constraint: string) => guards.filter((g) => g.ownerId === id && g.constraint === constraint);

  /** `found` must be exactly [the acknowledged id] when ok, empty when failed. */
  const judge = (outcome: Outcome, what: string, found: readonly Item[], idAttribute: string, expectedId: string | undefined) => {
    counters.checked += 1;
    if (outcome.ok) {
      if (found.length === 0) {
        counters.lost += 1;
        problems.push(`seed ${outcome.seed}: acknowledged ${what} is missing`);
      } else if (found.length > 1) {
        counters.duplicates += 1;
        problems.push(`seed ${outcome.seed}: ${what} is stored ${found.length} times`);
      } else if (found[0]?.[idAttribute] !== expectedId) {
        problems.push(`seed ${outcome.seed}: ${what} is stored under another id`);
      }
    } else if (found.length > 0) {
      counters.failedButPresent += 1;
      problems.push(`seed ${outcome.seed}: ${what} was reported failed (${String(outcome.error)}) but is in the table`);
    }
  };
  const judgeGuard = (outcome: Outcome, what: string, constraint: string, byValue: (guard: Item) => boolean) => {
    const held = outcome.ok ? guardsOwnedBy(outcome.id, constraint) : guards.filter((g) => g.constraint === constraint && byValue(g));
    const expected = outcome.ok ? 1 : 0;
    if (held.length !== expected) problems.push(`seed ${outcome.seed}: ${what} has ${held.length} '${constraint}' guard(s), expected ${expected}`);
  };

  for (const outcome of outcomes) {
    const input = outcome.input;
    switch (outcome.kind) {
      case 'connection': {
        const found = connections.filter((c) => c.externalInstanceId === input.externalInstanceId);
        judge(outcome, `connection ${String(input.externalInstanceId)}`, found, 'taskManagementConnectionId', outcome.id);
        judgeGuard(outcome, 'connection', 'external-instance', (g) => String(g.pk).endsWith(`#${String(input.externalInstanceId)}`));
        break;
      }
      case 'ticket':
      case 'ticketWithLinks': {
        const found = tickets.filter((t) => t.taskManagementConnectionId === input.taskManagementConnectionId && t.externalTicketId === input.externalTicketId);
        judge(outcome, `ticket ${String(input.externalTicketId)}`, found, 'ticketId', outcome.id);
        judgeGuard(outcome, 'ticket', 'external-ticket', (g) => String(g.pk).endsWith(`#${String(input.externalTicketId)}`));
        for (const [i, link] of (outcome.links ?? []).entries()) {
          const stored = links.filter((l) => l.suggestionId === link.suggestionId);
          judge(outcome, `link ${link.suggestionId} of ticket ${String(input.externalTicketId)}`, stored, 'ticketSuggestionId', outcome.linkIds?.[i]);
          if (outcome.ok && stored[0]?.ticketId !== outcome.id) problems.push(`seed ${outcome.seed}: link ${link.suggestionId} points to another ticket`);
        }
        break;
      }
      case 'link': {
        const found = links.filter((l) => l.suggestionId === input.suggestionId);
        judge(outcome, `link ${String(input.suggestionId)}`, found, 'ticketSuggestionId', outcome.id);
        break;
      }
      case 'sync': {
        const found = syncs.filter((s) => s.taskManagementConnectionId === input.taskManagementConnectionId);
        judge(outcome, `sync of ${String(input.taskManagementConnectionId)}`, found, 'syncOperationId', outcome.id);
        judgeGuard(outcome, 'sync', 'active-sync', (g) => String(g.pk).endsWith(`#${String(input.taskManagementConnectionId)}`));
        break;
      }
      case 'nonce': {
        const found = nonces.filter((n) => n.organizationId === input.organizationId);
        judge(outcome, `nonce of organization ${String(input.organizationId)}`, found, 'oAuthNonceId', outcome.id);
        break;
      }
    }
  }
  for (const guard of orphanGuards(items)) problems.push(`guard ${String(guard.pk)} has no owner`);
  return problems;
}

describe('reliability: transactional creates under injected faults', function () {
  this.timeout(60_000);
  let tableName: string;
  let clean: { da: DataAccess; client: DynamoDBClient };
  const clients: DynamoDBClient[] = [];

  before(async function () {
    tableName = await newTable('rel-creates');
    clean = cleanDataAccess(tableName);
  });

  after(function () {
    clean?.client.destroy();
    for (const client of clients) client.destroy();
  });

  async function parentsFor(inputs: Inputs): Promise<Parents> {
    const parent = await clean.da.TaskManagementConnection.create(inputs.connection());
    const ticket = await clean.da.Ticket.create(inputs.ticket(parent, 9999));
    const syncTargets = await Promise.all([0, 1, 2].map(() => clean.da.TaskManagementConnection.create(inputs.connection())));
    return { parent, ticket, syncTargets };
  }

  /** Runs every seed (at the same time) with `rates` and the given budget; returns all outcomes. */
  async function runAll(section: string, rates: FaultRates, budget: { maxAttempts: number; sdkMaxAttempts: number }): Promise<Outcome[]> {
    const results = await Promise.all(
      SEEDS.map(async (seed) => {
        const inputs = new Inputs(seed, section);
        const parents = await parentsFor(inputs);
        const { da, client, injector } = injectedDataAccess(tableName, { seed, rates, ...budget });
        clients.push(client);
        const outcomes = await runSeed(da, inputs, seed, parents);
        recordFaults(section, injector);
        for (const outcome of outcomes) outcome.lostResponseSeen = injector.counts.lostResponse > 0;
        return outcomes;
      }),
    );
    return results.flat();
  }

  it('with throttles, network errors and lost responses (ample retry budget): every create is acknowledged, stored once with its guards, no false ConflictError', async function () {
    const section = 'creates: recoverable faults';
    const outcomes = await runAll(section, { throttle: 0.15, network: 0.1, lostResponse: 0.15 }, { maxAttempts: 8, sdkMaxAttempts: 3 });
    const f = figure(section);
    f.cases += outcomes.length;
    const rejected = outcomes.filter((o) => !o.ok);
    f.falseConflicts += rejected.filter((o) => o.error instanceof ConflictError).length;
    expect(rejected.map((o) => `seed ${o.seed} ${o.kind}: ${String(o.error)}`)).to.deep.equal([]);
    const problems = verify(outcomes, await scan(clean.client, tableName), f);
    expect(problems).to.deep.equal([]);
    expect(f.faults.lostResponse, 'lost responses were injected').to.be.greaterThan(50);
    expect(f.faults.provisionedThroughputExceeded + f.faults.throttling + f.faults.networkBeforeRequest).to.be.greaterThan(100);
  });

  it('when faults outlive a small retry budget: failures are DataAccessError DATASTORE with the fault as cause, failed creates left nothing behind, acknowledged ones are stored', async function () {
    const section = 'creates: retry budget exhausted';
    const outcomes = await runAll(section, { throttle: 0.45, network: 0.25 }, { maxAttempts: 2, sdkMaxAttempts: 2 });
    const f = figure(section);
    f.cases += outcomes.length;
    const rejected = outcomes.filter((o) => !o.ok);
    for (const outcome of rejected) expectDatastore(outcome.error, ['provisionedThroughputExceeded', 'throttling', 'networkBeforeRequest']);
    f.datastoreErrors += rejected.length;
    expect(rejected.length, 'some creates outlived the budget').to.be.greaterThan(20);
    expect(outcomes.filter((o) => o.ok).length, 'some creates got through').to.be.greaterThan(20);
    for (const kind of ['connection', 'ticket', 'ticketWithLinks', 'link', 'sync', 'nonce'] as const) {
      expect(rejected.some((o) => o.kind === kind), `some ${kind} create failed`).to.equal(true);
    }
    const problems = verify(outcomes, await scan(clean.client, tableName), f);
    expect(problems).to.deep.equal([]);
  });

  it('a create whose every response is lost: a consistent read settles the outcome, so the caller is told "created", the item is stored once, and retrying the same create is a ConflictError, never a duplicate', async function () {
    const section = 'creates: every response lost';
    const inputs = new Inputs(7, section);
    const parents = await parentsFor(inputs);
    const { da, client, injector } = injectedDataAccess(tableName, { seed: 7, byCommand: { TransactWriteItems: { lostResponse: 1 } }, maxAttempts: 2, sdkMaxAttempts: 2 });
    clients.push(client);
    const input = inputs.ticket(parents.parent, 1);
    const created = await da.Ticket.create(input);
    expect(created.getExternalTicketId()).to.equal(input.externalTicketId);
    // One budget for the library's retries and the SDK's (maxAttempts 2 counts the SDK's own
    // attempts): 2 attempts in all, not 2 × 2.
    expect(injector.counts.lostResponse).to.equal(2);
    const retry = await clean.da.Ticket.create(input).catch((e: unknown) => e);
    expect(retry).to.be.instanceOf(ConflictError).and.have.property('constraint', 'external-ticket');
    const stored = entityItems(await scan(clean.client, tableName), 'Ticket').filter((t) => t.externalTicketId === input.externalTicketId);
    expect(stored).to.have.length(1);
    expect(stored[0]?.ticketId).to.equal(created.getId());
    recordFaults(section, injector);
    const f = figure(section);
    f.cases += 1;
    f.checked += 1;
    f.notes['outcomes settled by a consistent read after the budget'] = (f.notes['outcomes settled by a consistent read after the budget'] ?? 0) + 1;
  });
});
