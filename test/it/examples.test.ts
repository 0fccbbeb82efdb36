// Runs examples/ against DynamoDB Local, so the examples cannot rot: the auth service's OAuth
// callback, the API's ticket flow, the sync worker, and the README snippets that need no AWS.
import { randomBytes, randomUUID } from 'node:crypto';
import { expect } from 'chai';
import sinon from 'sinon';
import { beginOAuth, handleOAuthCallback } from '../../examples/oauth-callback.js';
import type { ExchangeCode, TrackerInstance } from '../../examples/oauth-callback.js';
import { configuration, oauth, optimisticRetry, sync, ticketFlow, toHttp } from '../../examples/readme-snippets.js';
import { runSync, TrackerAuthError } from '../../examples/sync-worker.js';
import type { IssueSource, TrackerIssue } from '../../examples/sync-worker.js';
import { createTicketForSuggestions } from '../../examples/ticket-flow.js';
import type { TicketRequest, TrackerClient } from '../../examples/ticket-flow.js';
import type { DataAccess, SyncOperation, TaskManagementConnection } from '../../src/index.js';
import {
  ConcurrentModificationError,
  ConflictError,
  DataAccessError,
  InvalidTransitionError,
  NotFoundError,
  SchemaBuilderError,
  ValidationError,
} from '../../src/index.js';
import { freshDataAccess, jiraCloudConnectionInput, suggestionLinks, syncStartInput, ticketInput } from '../support/entity-fixtures.js';

const verifier = () => randomBytes(48).toString('base64url');

function jiraInstance(cloudId = randomUUID(), displayName = 'Acme Jira'): TrackerInstance {
  return { externalInstanceId: cloudId, displayName, instanceUrl: 'https://acme.atlassian.net', metadata: { cloudId, scopes: ['read:jira-work'] } };
}

describe('examples/oauth-callback.ts', function () {
  let da: DataAccess;
  before(async function () {
    ({ da } = await freshDataAccess('examples-oauth'));
  });

  async function callback(organizationId: string, instance: TrackerInstance, userId = 'alice') {
    const codeVerifier = verifier();
    const { state } = await beginOAuth(da, { organizationId, provider: 'jira_cloud', userId, redirectUri: 'https://app.example.com/cb', codeVerifier });
    const exchange = sinon.spy<ExchangeCode>(() => Promise.resolve(instance));
    const outcome = await handleOAuthCallback(da, { state, code: 'the-code' }, exchange);
    return { outcome, exchange, state, codeVerifier };
  }

  it('creates the connection, with the PKCE verifier handed to the exchange; the state works once', async function () {
    const organizationId = randomUUID();
    const instance = jiraInstance();
    const { outcome, exchange, state, codeVerifier } = await callback(organizationId, instance);
    expect(outcome.outcome).to.equal('created');
    expect(exchange.firstCall.args[0]).to.deep.equal({ provider: 'jira_cloud', code: 'the-code', codeVerifier, redirectUri: 'https://app.example.com/cb' });
    const connection = (outcome as { connection: TaskManagementConnection }).connection;
    expect(connection.getOrganizationId()).to.equal(organizationId);
    expect(connection.getConnectedBy()).to.equal('alice');
    expect(connection.getExternalInstanceId()).to.equal(instance.externalInstanceId);
    const replay = sinon.spy<ExchangeCode>(() => Promise.resolve(instance));
    expect(await handleOAuthCallback(da, { state, code: 'again' }, replay)).to.deep.equal({ outcome: 'invalid-state' });
    expect(replay.called).to.equal(false);
  });

  it('refuses an unknown state without calling the tracker', async function () {
    const exchange = sinon.spy<ExchangeCode>(() => Promise.resolve(jiraInstance()));
    expect(await handleOAuthCallback(da, { state: randomBytes(32).toString('base64url'), code: 'c' }, exchange)).to.deep.equal({ outcome: 'invalid-state' });
    expect(exchange.called).to.equal(false);
  });

  it('touches an active connection and reconnects one that needs re-authorisation', async function () {
    const organizationId = randomUUID();
    const instance = jiraInstance();
    const first = await callback(organizationId, instance);
    const connection = (first.outcome as { connection: TaskManagementConnection }).connection;

    const again = await callback(organizationId, instance);
    expect(again.outcome.outcome).to.equal('already-active');
    expect((await da.TaskManagementConnection.findById(connection.getId()))?.getLastUsedAt()).to.be.a('string');

    const stored = (await da.TaskManagementConnection.findById(connection.getId())) as TaskManagementConnection;
    await stored.markRequiresReauth('token revoked');
    const renamed = { ...instance, displayName: 'Acme Jira (renamed)' };
    const reconnected = await callback(organizationId, renamed);
    expect(reconnected.outcome.outcome).to.equal('reconnected');
    const after = await da.TaskManagementConnection.findById(connection.getId());
    expect(after?.getStatus()).to.equal('active');
    expect(after?.getDisplayName()).to.equal('Acme Jira (renamed)');
    expect(after?.getErrorMessage()).to.equal(undefined);
  });

  it('ends with one connection when two callbacks for the same instance race', async function () {
    const organizationId = randomUUID();
    const instance = jiraInstance();
    const outcomes = await Promise.all(Array.from({ length: 6 }, () => callback(organizationId, instance).then((r) => r.outcome.outcome)));
    expect(outcomes.filter((o) => o === 'created')).to.have.length(1);
    expect(outcomes.filter((o) => o !== 'created').every((o) => o === 'already-active')).to.equal(true);
    expect(await da.TaskManagementConnection.allByOrganizationId(organizationId)).to.have.length(1);
  });

  it('refuses bad metadata with a ValidationError before writing anything', async function () {
    const organizationId = randomUUID();
    const bad = { ...jiraInstance(), metadata: { cloudId: 'not-a-uuid' } };
    const error = await callback(organizationId, bad).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(ValidationError);
    expect((error as ValidationError).issues.map((i) => i.path)).to.deep.equal(['metadata.cloudId']);
    expect(await da.TaskManagementConnection.allByOrganizationId(organizationId)).to.deep.equal([]);
  });
});

describe('examples/ticket-flow.ts', function () {
  let da: DataAccess;
  before(async function () {
    ({ da } = await freshDataAccess('examples-tickets'));
  });

  function fakeTracker(onCreate?: () => Promise<void>) {
    let n = 0;
    const tracker = {
      createIssue: sinon.spy<TrackerClient['createIssue']>(async () => {
        await onCreate?.();
        n += 1;
        const id = `${Date.now()}${n}${Math.floor(Math.random() * 1e6)}`;
        return { id, key: `ASO-${id.slice(-6)}`, url: `https://acme.atlassian.net/browse/ASO-${id.slice(-6)}` };
      }),
      deleteIssue: sinon.spy<TrackerClient['deleteIssue']>(() => Promise.resolve()),
    };
    return tracker;
  }

  async function activeConnection(): Promise<TaskManagementConnection> {
    return da.TaskManagementConnection.create(jiraCloudConnectionInput());
  }

  const request = (connection: TaskManagementConnection, suggestionIds: string[]): TicketRequest => ({
    organizationId: connection.getOrganizationId(),
    provider: 'jira_cloud',
    opportunityId: randomUUID(),
    suggestionIds,
    summary: 'Fix the checkout',
    userId: 'bob',
  });

  it('creates the ticket and its links after the tracker issue', async function () {
    const connection = await activeConnection();
    const tracker = fakeTracker();
    const ids = [randomUUID(), randomUUID(), randomUUID()];
    const outcome = await createTicketForSuggestions(da, request(connection, ids), tracker);
    expect(outcome.outcome).to.equal('created');
    const { ticket, links } = outcome as Extract<typeof outcome, { outcome: 'created' }>;
    expect(links.map((l) => l.getSuggestionId())).to.deep.equal(ids);
    expect(ticket.getExternalTicketId()).to.equal((await tracker.createIssue.firstCall.returnValue).id);
    expect(tracker.deleteIssue.called).to.equal(false);
    expect((await da.TaskManagementConnection.findById(connection.getId()))?.getLastUsedAt()).to.be.a('string');
  });

  it('answers without calling the tracker when there is no active connection or a suggestion is ticketed', async function () {
    const tracker = fakeTracker();
    const nobody = { organizationId: randomUUID(), provider: 'jira_cloud' as const, opportunityId: randomUUID(), suggestionIds: [randomUUID()], summary: 's', userId: 'u' };
    expect(await createTicketForSuggestions(da, nobody, tracker)).to.deep.equal({ outcome: 'no-active-connection' });

    const connection = await activeConnection();
    const taken = randomUUID();
    await da.Ticket.createWithSuggestions(ticketInput(connection), suggestionLinks(1, [taken]));
    expect(await createTicketForSuggestions(da, request(connection, [randomUUID(), taken]), tracker)).to.deep.equal({ outcome: 'already-ticketed', suggestionIds: [taken] });
    expect(await createTicketForSuggestions(da, request(connection, Array.from({ length: 50 }, () => randomUUID())), tracker)).to.deep.equal({ outcome: 'too-many-suggestions', max: 49 });
    expect(tracker.createIssue.called).to.equal(false);
  });

  it('deletes the tracker issue when a race ticketed a suggestion first', async function () {
    const connection = await activeConnection();
    const shared = randomUUID();
    // Both requests pass the early check, then both create an issue: exactly one write wins.
    let waiting = 0;
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const tracker = fakeTracker(async () => {
      waiting += 1;
      if (waiting === 2) release();
      await gate;
    });
    const outcomes = await Promise.all([createTicketForSuggestions(da, request(connection, [shared]), tracker), createTicketForSuggestions(da, request(connection, [shared, randomUUID()]), tracker)]);
    expect(outcomes.map((o) => o.outcome).sort()).to.deep.equal(['already-ticketed', 'created']);
    expect(outcomes.find((o) => o.outcome === 'already-ticketed')).to.deep.equal({ outcome: 'already-ticketed', suggestionIds: [shared] });
    expect(tracker.createIssue.callCount).to.equal(2);
    expect(tracker.deleteIssue.callCount).to.equal(1);
  });

  it('deletes the tracker issue when the connection stopped being active meanwhile', async function () {
    const connection = await activeConnection();
    const tracker = fakeTracker(async () => {
      const current = await da.TaskManagementConnection.findById(connection.getId());
      await current?.markRequiresReauth('revoked while the issue was created');
    });
    expect(await createTicketForSuggestions(da, request(connection, [randomUUID()]), tracker)).to.deep.equal({ outcome: 'no-active-connection' });
    expect(tracker.deleteIssue.callCount).to.equal(1);
  });

  it('rethrows other failures after deleting the issue', async function () {
    const connection = await activeConnection();
    const tracker = fakeTracker();
    tracker.createIssue = sinon.spy<TrackerClient['createIssue']>(() => Promise.resolve({ id: '1', key: 'ASO-1', url: 'http://not-https.example.com/ASO-1' }));
    const error = await createTicketForSuggestions(da, request(connection, [randomUUID()]), tracker).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(ValidationError);
    expect(tracker.deleteIssue.callCount).to.equal(1);
  });
});

describe('examples/sync-worker.ts', function () {
  let da: DataAccess;
  before(async function () {
    ({ da } = await freshDataAccess('examples-sync'));
  });

  function pagedSource(pages: TrackerIssue[][], options: { failOn?: number; error?: Error; onPage?: (index: number) => Promise<void> } = {}): IssueSource {
    const total = pages.flat().length;
    return {
      fetchPage: async (cursor) => {
        const index = cursor === undefined ? 0 : Number(cursor);
        await options.onPage?.(index);
        if (options.failOn === index) throw options.error ?? new Error('tracker down');
        const next = index + 1 < pages.length ? String(index + 1) : undefined;
        return { issues: pages[index] ?? [], total, ...(next === undefined ? {} : { next }) };
      },
    };
  }

  async function connectionWithTickets(statuses: (string | null)[]) {
    const connection = await da.TaskManagementConnection.create(jiraCloudConnectionInput());
    const tickets = [];
    for (const status of statuses) {
      const { ticket } = await da.Ticket.createWithSuggestions(ticketInput(connection), suggestionLinks(1));
      if (status !== null) await ticket.recordStatusSync(status);
      tickets.push(ticket);
    }
    return { connection, tickets };
  }

  const requestOf = (connection: TaskManagementConnection) => ({
    taskManagementConnectionId: connection.getId(),
    organizationId: connection.getOrganizationId(),
    triggeredBy: 'worker',
    syncType: 'full' as const,
  });

  it('completes with counts and progress, and stamps the connection', async function () {
    const { connection, tickets } = await connectionWithTickets([null, 'To Do', 'Done']);
    const [a, b, c] = tickets.map((t) => t.getExternalTicketId());
    const source = pagedSource([
      [
        { externalId: a as string, status: 'In Progress' },
        { externalId: b as string, status: 'To Do' },
      ],
      [
        { externalId: c as string, status: 'x'.repeat(101) },
        { externalId: 'unknown-issue', status: 'Done' },
      ],
    ]);
    const outcome = await runSync(da, requestOf(connection), source);
    expect(outcome.outcome).to.equal('completed');
    const operation = (outcome as { operation: SyncOperation }).operation;
    expect(operation.getStatus()).to.equal('completed');
    expect(operation.getProgress()).to.deep.equal({ current: 4, total: 4, processed: 4, stage: 'updating' });
    const results = operation.getResults();
    expect(results).to.include({ created: 0, updated: 1, skipped: 2, failed: 1, truncatedErrors: 0 });
    expect(results?.errors.map((e) => e.externalId)).to.deep.equal([c]);
    expect((await da.Ticket.findById(tickets[0]?.getId() as string))?.getTicketStatus()).to.equal('In Progress');
    expect((await da.TaskManagementConnection.findById(connection.getId()))?.getLastSyncAt()).to.equal(operation.getCompletedAt());
  });

  it('reports a running sync, or an inactive connection, instead of starting', async function () {
    const { connection } = await connectionWithTickets([]);
    const running = await da.SyncOperation.start(syncStartInput(connection));
    expect(await runSync(da, requestOf(connection), pagedSource([[]]))).to.deep.equal({ outcome: 'already-running', syncOperationId: running.getId() });
    await running.cancel();
    await connection.markDisabled();
    expect(await runSync(da, requestOf(connection), pagedSource([[]]))).to.deep.equal({ outcome: 'connection-inactive' });
  });

  it('fails with AUTH_EXPIRED and marks the connection requires_reauth when the tracker refuses the token', async function () {
    const { connection } = await connectionWithTickets([]);
    const outcome = await runSync(da, requestOf(connection), pagedSource([[], []], { failOn: 1, error: new TrackerAuthError('401') }));
    expect(outcome.outcome).to.equal('failed');
    const stored = await da.SyncOperation.findById((outcome as { operation: { getId(): string } }).operation.getId());
    expect(stored?.getStatus()).to.equal('failed');
    expect(stored?.getErrorCode()).to.equal('AUTH_EXPIRED');
    expect((await da.TaskManagementConnection.findById(connection.getId()))?.getStatus()).to.equal('requires_reauth');
  });

  it('fails with UNKNOWN on other errors, and the connection stays active', async function () {
    const { connection } = await connectionWithTickets([]);
    const outcome = await runSync(da, requestOf(connection), pagedSource([[]], { failOn: 0 }));
    const stored = await da.SyncOperation.findById((outcome as { operation: { getId(): string } }).operation.getId());
    expect(stored?.getErrorCode()).to.equal('UNKNOWN');
    expect(stored?.getError()).to.equal('tracker down');
    expect((await da.TaskManagementConnection.findById(connection.getId()))?.getStatus()).to.equal('active');
    // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- a non-Error rejection on purpose
    const odd = await runSync(da, requestOf(connection), { fetchPage: () => Promise.reject<never>('a string') });
    expect((await da.SyncOperation.findById((odd as { operation: { getId(): string } }).operation.getId()))?.getError()).to.equal('a string');
  });

  it('stops quietly when the operation was cancelled meanwhile', async function () {
    const { connection, tickets } = await connectionWithTickets(['To Do']);
    const issue = { externalId: tickets[0]?.getExternalTicketId() as string, status: 'Done' };
    const source = pagedSource([[issue], [issue]], {
      onPage: async (index) => {
        if (index !== 1) return;
        const active = await da.SyncOperation.findActiveByConnectionId(connection.getId());
        await active?.cancel();
      },
    });
    const outcome = await runSync(da, requestOf(connection), source);
    expect(outcome.outcome).to.equal('cancelled');
  });
});

describe('examples/readme-snippets.ts', function () {
  let da: DataAccess;
  let log: sinon.SinonStub;
  before(async function () {
    ({ da } = await freshDataAccess('examples-readme'));
  });
  beforeEach(function () {
    log = sinon.stub(console, 'log');
  });
  afterEach(function () {
    log.restore();
  });

  it('runs the ticket flow, and reports already-ticketed suggestions', async function () {
    const connection = await da.TaskManagementConnection.create(jiraCloudConnectionInput());
    const input = { organizationId: connection.getOrganizationId(), opportunityId: randomUUID(), suggestionIds: [randomUUID(), randomUUID()], userId: 'u1' };
    await ticketFlow(da, input);
    expect(log.firstCall.args).to.deep.equal(['ASO-42 links 2 suggestions']);
    // Another organization's connection, the same suggestions: they already have a ticket.
    const other = await da.TaskManagementConnection.create(jiraCloudConnectionInput());
    await ticketFlow(da, { ...input, organizationId: other.getOrganizationId() });
    expect(log.secondCall.args).to.deep.equal(['already ticketed:', input.suggestionIds]);
    const error = await ticketFlow(da, { ...input, organizationId: randomUUID() }).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(Error).and.have.property('message', 'connect Jira first');
    // Other conflicts are rethrown: the snippet's ticket number is taken on this connection.
    const dup = await ticketFlow(da, { ...input, suggestionIds: [randomUUID()] }).catch((e: unknown) => e);
    expect(dup).to.be.instanceOf(ConflictError).and.have.property('constraint', 'external-ticket');
  });

  it('runs the OAuth, sync and optimistic-retry snippets', async function () {
    const connection = await da.TaskManagementConnection.create(jiraCloudConnectionInput());
    const codeVerifier = verifier();
    expect(await oauth(da, connection.getOrganizationId(), 'u1', codeVerifier)).to.equal(codeVerifier);
    const operation = await sync(da, connection.getId(), connection.getOrganizationId(), 'u1');
    expect(operation.getStatus()).to.equal('completed');
    await optimisticRetry(da, connection.getId());
    expect((await da.TaskManagementConnection.findById(connection.getId()))?.getDisplayName()).to.equal('Acme Jira (EU)');
    await optimisticRetry(da, randomUUID());
  });

  it('retries the optimistic save when someone else changed the connection', async function () {
    const connection = await da.TaskManagementConnection.create(jiraCloudConnectionInput());
    const original = da.TaskManagementConnection.findById.bind(da.TaskManagementConnection);
    let reads = 0;
    const findById = sinon.stub(da.TaskManagementConnection, 'findById').callsFake(async (id: string) => {
      const copy = await original(id);
      reads += 1;
      // The first two copies go stale before they are saved.
      if (reads <= 2) await (await original(id))?.setDisplayName(`someone else ${reads}`).save();
      return copy;
    });
    try {
      await optimisticRetry(da, connection.getId());
      expect(reads).to.equal(3);
      expect((await original(connection.getId()))?.getDisplayName()).to.equal('Acme Jira (EU)');
      await (await original(connection.getId()))?.setDisplayName('Acme Jira').save();
      reads = -10; // every copy goes stale: the third failure is thrown
      const error = await optimisticRetry(da, connection.getId()).catch((e: unknown) => e);
      expect(error).to.be.instanceOf(ConcurrentModificationError);
    } finally {
      findById.restore();
    }
  });

  it('builds the configured data accesses without sending anything', function () {
    const { local, tuned } = configuration();
    expect(local.Ticket).to.be.an('object');
    expect(tuned.SyncOperation).to.be.an('object');
  });

  it('maps every error class to an HTTP status', function () {
    expect(toHttp(new ValidationError([{ path: 'x', message: 'bad' }])).status).to.equal(400);
    expect(toHttp(new NotFoundError('Ticket', 'id')).body).to.deep.equal({ code: 'NOT_FOUND', entity: 'Ticket', id: 'id' });
    expect(toHttp(new ConflictError('suggestion', 'taken', ['s1'])).body).to.deep.equal({ code: 'CONFLICT', constraint: 'suggestion', conflicting: ['s1'] });
    expect(toHttp(new ConcurrentModificationError('Ticket', 'id')).status).to.equal(409);
    expect(toHttp(new InvalidTransitionError('TaskManagementConnection', 'disconnected', 'active')).body).to.deep.equal({ code: 'INVALID_TRANSITION', from: 'disconnected', to: 'active' });
    expect(toHttp(new DataAccessError('DATASTORE', 'down')).status).to.equal(503);
    expect(toHttp(new SchemaBuilderError('X', 'bad')).status).to.equal(500);
    expect(toHttp(new Error('other')).status).to.equal(500);
  });
});
