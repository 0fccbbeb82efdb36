// Every public operation of every entity on DynamoDB Local emits exactly one event whose
// requests and items agree with what a middleware on the same client saw, with write capacity
// for every write; refusals carry their code and constraint; every method on the entities'
// prototypes is observed; and no value of the test data appears in any event.
import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import type { ClaimResult, IdempotencyClaim, OperationEvent } from '../../../src/index.js';
import {
  BaseCollection,
  BaseModel,
  IdempotencyKey,
  OAuthNonce,
  OAuthTokenState,
  SyncOperation,
  TaskManagementConnection,
  taskManagementRegistry,
  Ticket,
  TicketSuggestion,
} from '../../../src/index.js';
import { isObserved } from '../../../src/model/observe/install-observers.js';
import { jiraCloudConnectionInput, ticketInput } from '../../support/entity-fixtures.js';
import type { ObservedStore } from './support.js';
import { observedStore, stringsOf } from './support.js';

describe('operation events: every public operation (DynamoDB Local)', function () {
  this.timeout(120_000);
  let store: ObservedStore;
  /** Every value of the test data: none may appear in any event. */
  const values = new Set<string>();
  const remember = (...inputs: unknown[]) => {
    for (const input of inputs) stringsOf(input, values);
  };
  const json = (model: { toJSON(): object }) => model.toJSON();

  before(async function () {
    store = await observedStore('observe-every');
  });

  after(function () {
    store.close();
  });

  async function newConnection(overrides: Record<string, unknown> = {}): Promise<TaskManagementConnection> {
    const input = jiraCloudConnectionInput({ connectedBy: `user-${randomUUID()}`, displayName: `Acme ${randomUUID().slice(0, 8)}`, ...overrides });
    remember(input);
    const { result } = await store.measure('TaskManagementConnection.create', () => store.da.TaskManagementConnection.create(input));
    remember(json(result));
    return result;
  }

  describe('TaskManagementConnection', function () {
    it('collection: create, createMany, reads by id, finders, paging, removeByIds', async function () {
      const { da, measure } = store;
      const connection = await newConnection();
      const organizationId = connection.getOrganizationId();
      const many = [jiraCloudConnectionInput({ organizationId, provider: 'github', externalInstanceId: 'acme/checkout-web', metadata: { owner: 'acme', repo: 'checkout-web' } })];
      remember(many);
      const created = await measure('TaskManagementConnection.createMany', () => da.TaskManagementConnection.createMany(many));
      expect(created.result.created).to.have.length(1);
      expect(created.changes.added).to.equal(created.event.items);
      const other = created.result.created[0] as TaskManagementConnection;
      remember(json(other));

      const found = await measure('TaskManagementConnection.findById', () => da.TaskManagementConnection.findById(connection.getId()));
      expect(found.event.items).to.equal(1);
      expect(found.event.consumedCapacity.write).to.equal(0);
      expect((await measure('TaskManagementConnection.existsById', () => da.TaskManagementConnection.existsById(connection.getId()))).result).to.equal(true);
      const both = await measure('TaskManagementConnection.batchGetByIds', () => da.TaskManagementConnection.batchGetByIds([connection.getId(), other.getId(), randomUUID()]));
      expect(both.result).to.have.length(2);
      expect(both.event.items).to.equal(2);
      await measure('TaskManagementConnection.findActiveByOrganizationAndProvider', () => da.TaskManagementConnection.findActiveByOrganizationAndProvider(organizationId, 'jira_cloud'));
      await measure('TaskManagementConnection.findByExternalInstance', () => da.TaskManagementConnection.findByExternalInstance(organizationId, 'jira_cloud', connection.getExternalInstanceId()));
      const all = await measure('TaskManagementConnection.allByOrganizationId', () => da.TaskManagementConnection.allByOrganizationId(organizationId));
      expect(all.event.items).to.equal(2);
      await measure('TaskManagementConnection.allByOrganizationIdAndProvider', () => da.TaskManagementConnection.allByOrganizationIdAndProvider(organizationId, 'github'));
      await measure('TaskManagementConnection.findByOrganizationId', () => da.TaskManagementConnection.findByOrganizationId(organizationId));
      const page = await measure('TaskManagementConnection.page', () => da.TaskManagementConnection.page({ organizationId }, { limit: 1 }));
      expect(page.result.items).to.have.length(1);
      const removed = await measure('TaskManagementConnection.removeByIds', () => da.TaskManagementConnection.removeByIds([other.getId()]));
      expect(removed.changes.removed).to.be.greaterThan(0);
      expect(removed.event.items).to.be.at.least(removed.changes.removed);
    });

    it('model: save, touch, lifecycle moves, reference getters, remove', async function () {
      const { measure } = store;
      const connection = await newConnection();
      connection.setDisplayName(`Renamed ${randomUUID().slice(0, 8)}`);
      remember(connection.getDisplayName());
      const saved = await measure('TaskManagementConnection.save', () => connection.save());
      expect(saved.changes.changed).to.equal(1);
      await measure('TaskManagementConnection.touch', () => connection.touch());
      await measure('TaskManagementConnection.markDisabled', () => connection.markDisabled());
      await measure('TaskManagementConnection.markActive', () => connection.markActive());
      await measure('TaskManagementConnection.markRequiresReauth', () => connection.markRequiresReauth('the token was revoked'));
      await measure('TaskManagementConnection.markError', () => connection.markError('the tracker answered 500'));
      await measure('TaskManagementConnection.getTickets', () => connection.getTickets());
      await measure('TaskManagementConnection.getSyncOperations', () => connection.getSyncOperations());
      await measure('TaskManagementConnection.getOAuthTokenState', () => connection.getOAuthTokenState());
      const disconnected = await measure('TaskManagementConnection.markDisconnected', () => connection.markDisconnected());
      // The move writes the connection and releases its guard: every write shows in the table.
      expect(disconnected.changes.changed + disconnected.changes.removed).to.equal(disconnected.tally.itemsWritten);
      const removed = await measure('TaskManagementConnection.remove', () => connection.remove());
      expect(removed.changes.removed).to.be.greaterThan(0);
    });

    it('recordCheck from a stale copy: the refused round, the read and the second round are one event', async function () {
      const { da, measure } = store;
      const connection = await newConnection();
      const stale = (await da.TaskManagementConnection.findById(connection.getId())) as TaskManagementConnection;
      await connection.recordCheck({ ok: false, errorCode: 'NETWORK', message: 'the tracker did not answer' }, { failureThreshold: 2 });
      // The stale copy counts no failure yet: its first round is refused, it reads again, and the second round moves the connection.
      const checked = await measure('TaskManagementConnection.recordCheck', () => stale.recordCheck({ ok: false, errorCode: 'NETWORK', message: 'the tracker did not answer' }, { failureThreshold: 2 }));
      expect(checked.result.getStatus()).to.equal('error');
      expect(checked.tally.commands.GetItem, 'the read between the rounds').to.be.at.least(1);
      expect(checked.event.requests).to.be.at.least(3);
    });

    it('refusals: a second connection to the same instance, a move the lifecycle forbids, a stale copy', async function () {
      const { da, measureError } = store;
      const connection = await newConnection();
      const again = jiraCloudConnectionInput({ organizationId: connection.getOrganizationId(), externalInstanceId: connection.getExternalInstanceId() });
      remember(again);
      const refused = await measureError('TaskManagementConnection.create', () => da.TaskManagementConnection.create(again), 'CONFLICT', 'external-instance');
      expect(refused.event.items).to.equal(0);
      expect(refused.changes).to.deep.equal({ added: 0, removed: 0, changed: 0 });
      await measureError('TaskManagementConnection.markActive', () => connection.markActive(), 'INVALID_TRANSITION');
      const stale = (await da.TaskManagementConnection.findById(connection.getId())) as TaskManagementConnection;
      await connection.touch();
      await connection.markDisabled();
      stale.setDisplayName('Stale copy');
      await measureError('TaskManagementConnection.save', () => stale.save(), 'CONCURRENT_MODIFICATION');
      await measureError('TaskManagementConnection.findById', () => da.TaskManagementConnection.findById('not-a-uuid'), 'VALIDATION');
    });
  });

  describe('Ticket and TicketSuggestion', function () {
    it('createWithSuggestions writes ticket, guard and links in one request; reads and finders; model methods; removal', async function () {
      const { da, measure } = store;
      const connection = await newConnection();
      const input = ticketInput(connection);
      const links = [1, 2, 3].map(() => ({ suggestionId: randomUUID(), opportunityId: randomUUID() }));
      remember(input, links);
      const created = await measure('Ticket.createWithSuggestions', () => da.Ticket.createWithSuggestions(input, links));
      expect(created.event.requests).to.equal(1);
      expect(created.changes.added).to.equal(created.event.items);
      const ticket = created.result.ticket;
      remember(json(ticket), created.result.links.map(json));

      const second = ticketInput(connection);
      remember(second);
      const plain = await measure('Ticket.create', () => da.Ticket.create(second));
      expect(plain.changes.added).to.equal(plain.event.items);
      const third = ticketInput(connection);
      remember(third);
      await measure('Ticket.createMany', () => da.Ticket.createMany([third]));

      await measure('Ticket.findById', () => da.Ticket.findById(ticket.getId()));
      await measure('Ticket.existsById', () => da.Ticket.existsById(ticket.getId()));
      await measure('Ticket.batchGetByIds', () => da.Ticket.batchGetByIds([ticket.getId(), plain.result.getId()]));
      await measure('Ticket.findByExternalTicketId', () => da.Ticket.findByExternalTicketId(connection.getId(), ticket.getExternalTicketId()));
      const byConnection = await measure('Ticket.allByTaskManagementConnectionId', () => da.Ticket.allByTaskManagementConnectionId(connection.getId()));
      expect(byConnection.event.items).to.equal(3);
      await measure('Ticket.allByOrganizationId', () => da.Ticket.allByOrganizationId(connection.getOrganizationId()));
      await measure('Ticket.allByOpportunityId', () => da.Ticket.allByOpportunityId(ticket.getOpportunityId() as string));
      await measure('Ticket.page', () => da.Ticket.page({ taskManagementConnectionId: connection.getId() }, { limit: 2 }));

      await measure('Ticket.recordStatusSync', () => ticket.recordStatusSync('In Progress'));
      await measure('Ticket.save', () => ticket.save());
      await measure('Ticket.getTicketSuggestions', () => ticket.getTicketSuggestions());
      await measure('Ticket.getTaskManagementConnection', () => ticket.getTaskManagementConnection());

      const [link] = created.result.links;
      await measure('TicketSuggestion.findBySuggestionId', () => da.TicketSuggestion.findBySuggestionId(links[0]?.suggestionId as string));
      await measure('TicketSuggestion.allByTicketId', () => da.TicketSuggestion.allByTicketId(ticket.getId()));
      const bySuggestions = await measure('TicketSuggestion.allBySuggestionIds', () => da.TicketSuggestion.allBySuggestionIds(links.map((l) => l.suggestionId)));
      expect(bySuggestions.event.items).to.equal(3);
      await measure('TicketSuggestion.allByTaskManagementConnectionId', () => da.TicketSuggestion.allByTaskManagementConnectionId(connection.getId()));
      await measure('TicketSuggestion.getTicket', () => (link as NonNullable<typeof link>).getTicket());
      const extra = { ticketId: plain.result.getId(), suggestionId: randomUUID(), opportunityId: randomUUID(), createdBy: `user-${randomUUID()}` };
      remember(extra);
      const linked = await measure('TicketSuggestion.create', () => da.TicketSuggestion.create(extra));
      expect(linked.event.items).to.equal(linked.tally.itemsRead + linked.changes.added);
      const more = { ...extra, suggestionId: randomUUID() };
      remember(more);
      await measure('TicketSuggestion.createMany', () => da.TicketSuggestion.createMany([more]));
      await measure('TicketSuggestion.remove', () => linked.result.remove());

      const removedTicket = await measure('Ticket.remove', () => plain.result.remove());
      expect(removedTicket.changes.removed).to.be.greaterThan(1);
      await measure('Ticket.removeByIds', () => da.Ticket.removeByIds([ticket.getId()]));
    });

    it('refusals: a ticket for a connection that does not exist, a suggestion ticketed twice', async function () {
      const { da, measure, measureError } = store;
      const missing = { getId: () => randomUUID(), getOrganizationId: () => randomUUID() };
      const orphan = ticketInput(missing);
      remember(orphan);
      await measureError('Ticket.create', () => da.Ticket.create(orphan), 'NOT_FOUND');
      const connection = await newConnection();
      const link = { suggestionId: randomUUID(), opportunityId: randomUUID() };
      const first = ticketInput(connection);
      const second = ticketInput(connection);
      remember(link, first, second);
      await measure('Ticket.createWithSuggestions', () => da.Ticket.createWithSuggestions(first, [link]));
      const refused = await measureError('Ticket.createWithSuggestions', () => da.Ticket.createWithSuggestions(second, [link]), 'CONFLICT', 'suggestion');
      expect(refused.changes).to.deep.equal({ added: 0, removed: 0, changed: 0 });
      await measureError('Ticket.createWithSuggestions', () => da.Ticket.createWithSuggestions(second, [link, link]), 'VALIDATION');
    });
  });

  describe('OAuthNonce', function () {
    it('issue, consume once, consume again (null)', async function () {
      const { da, measure } = store;
      const input = { organizationId: randomUUID(), provider: 'jira_cloud' as const, createdBy: `user-${randomUUID()}`, codeVerifier: 'v'.repeat(20) + randomUUID().replaceAll('-', ''), redirectUri: `https://app.example/${randomUUID()}` };
      remember(input);
      const issued = await measure('OAuthNonce.issue', () => da.OAuthNonce.issue(input));
      remember(issued.result);
      expect(issued.changes.added).to.equal(1);
      const consumed = await measure('OAuthNonce.consume', () => da.OAuthNonce.consume(issued.result.nonce));
      expect(consumed.result).to.not.equal(null);
      expect(consumed.changes.removed).to.equal(1);
      expect(consumed.event.requests).to.equal(2);
      const again = await measure('OAuthNonce.consume', () => da.OAuthNonce.consume(issued.result.nonce));
      expect(again.result).to.equal(null);
      expect(again.event.items).to.equal(0);
    });
  });

  describe('SyncOperation', function () {
    it('start, begin, progress, complete; fail and cancel; finders and the reference getter', async function () {
      const { da, measure, measureError } = store;
      const connection = await newConnection();
      const start = { taskManagementConnectionId: connection.getId(), organizationId: connection.getOrganizationId(), triggeredBy: `user-${randomUUID()}`, syncType: 'full' as const };
      remember(start);
      const started = await measure('SyncOperation.start', () => da.SyncOperation.start(start));
      const sync = started.result;
      remember(json(sync));
      expect(started.changes.added).to.equal(started.event.items);
      await measureError('SyncOperation.start', () => da.SyncOperation.start(start), 'CONFLICT', 'active-sync');
      await measure('SyncOperation.findActiveByConnectionId', () => da.SyncOperation.findActiveByConnectionId(connection.getId()));
      await measure('SyncOperation.allByTaskManagementConnectionId', () => da.SyncOperation.allByTaskManagementConnectionId(connection.getId()));
      await measure('SyncOperation.begin', () => sync.begin());
      await measure('SyncOperation.reportProgress', () => sync.reportProgress({ current: 1, total: 2, processed: 1, stage: 'creating' }));
      const completed = await measure('SyncOperation.complete', () => sync.complete({ created: 1, updated: 0, skipped: 0, failed: 0 }));
      // The sync, its released guard and the connection's lastSyncAt: one transaction.
      expect(completed.event.requests).to.be.at.least(1);
      await measure('SyncOperation.getTaskManagementConnection', () => sync.getTaskManagementConnection());

      const failing = await da.SyncOperation.start(start);
      await measure('SyncOperation.fail', () => failing.fail('the tracker is down', 'NETWORK'));
      const cancelled = await da.SyncOperation.start(start);
      await measure('SyncOperation.cancel', () => cancelled.cancel());
      await measure('SyncOperation.remove', () => cancelled.remove());
    });
  });

  describe('OAuthTokenState', function () {
    it('put, get, rotate, reencryptAll, the generated finder, remove; create is refused', async function () {
      const { da, measure, measureError } = store;
      const connection = await newConnection();
      const tokens = { accessToken: `access-${randomUUID()}`, refreshToken: `refresh-${randomUUID()}`, expiresAt: new Date(Date.now() + 3_600_000).toISOString(), scopes: ['read:jira-work'] };
      const fresh = { accessToken: `access-${randomUUID()}`, refreshToken: `refresh-${randomUUID()}` };
      remember(tokens, fresh);
      const put = await measure('OAuthTokenState.put', () => da.OAuthTokenState.put(connection.getId(), tokens));
      expect(put.changes.added).to.equal(put.event.items);
      const got = await measure('OAuthTokenState.get', () => da.OAuthTokenState.get(connection.getId()));
      expect(got.result?.accessToken).to.equal(tokens.accessToken);
      await measure('OAuthTokenState.rotate', () => da.OAuthTokenState.rotate(connection.getId(), 1, fresh));
      await measureError('OAuthTokenState.rotate', () => da.OAuthTokenState.rotate(connection.getId(), 1, fresh), 'CONCURRENT_MODIFICATION');
      const raw = await measure('OAuthTokenState.findByTaskManagementConnectionId', () => da.OAuthTokenState.findByTaskManagementConnectionId(connection.getId()));
      remember(raw.result?.toJSON());
      await measure('OAuthTokenState.reencryptAll', () => da.OAuthTokenState.reencryptAll());
      const removed = await measure('OAuthTokenState.remove', () => da.OAuthTokenState.remove(connection.getId()));
      expect(removed.changes.removed).to.be.greaterThan(0);
    });
  });

  describe('IdempotencyKey', function () {
    it('claim, the claim\'s renew, complete and fail, findActiveKey; a completed key answers from the store', async function () {
      const { da, measure } = store;
      const organizationId = randomUUID();
      const request = { summary: `Checkout fails ${randomUUID()}` };
      const [key, other] = [`key-${randomUUID()}`, `key-${randomUUID()}`];
      remember(organizationId, request, key, other);
      const claimed = await measure('IdempotencyKey.claim', () => da.IdempotencyKey.claim({ key, organizationId, endpoint: 'POST /tickets', request }));
      expect(claimed.result.state).to.equal('claimed');
      expect(claimed.event.requests).to.equal(1);
      const claim = claimOf(claimed.result);
      const renewed = await measure('IdempotencyClaim.renew', () => claim.renew());
      expect(renewed.event.entity).to.equal('IdempotencyClaim');
      expect(renewed.event.consumedCapacity.write).to.be.greaterThan(0);
      const response = { ticketKey: `ASO-${randomUUID()}` };
      remember(response);
      await measure('IdempotencyClaim.complete', () => claim.complete(response));
      const answered = await measure('IdempotencyKey.claim', () => da.IdempotencyKey.claim({ key, organizationId, endpoint: 'POST /tickets', request }));
      expect(answered.result).to.deep.include({ state: 'completed', response });
      const found = await measure('IdempotencyKey.findActiveKey', () => da.IdempotencyKey.findActiveKey(key, organizationId));
      expect(found.event.items).to.equal(1);
      const second = await da.IdempotencyKey.claim({ key: other, organizationId, endpoint: 'POST /tickets', request });
      const failed = await measure('IdempotencyClaim.fail', () => claimOf(second).fail());
      expect(failed.event.requests).to.equal(1);
      expect(failed.event.consumedCapacity.write).to.be.greaterThan(0);
      // released: the same request is claimed again
      expect((await da.IdempotencyKey.claim({ key: other, organizationId, endpoint: 'POST /tickets', request })).state).to.equal('claimed');
    });

    it('a claim that lost its key: the refusal is one error event with its code', async function () {
      const { da, measureError } = store;
      const organizationId = randomUUID();
      const key = `key-${randomUUID()}`;
      remember(organizationId, key);
      const first = await da.IdempotencyKey.claim({ key, organizationId, endpoint: 'POST /tickets', request: 1 });
      const claim = claimOf(first);
      await claim.fail();
      await measureError('IdempotencyClaim.complete', () => claim.complete({ late: true }), 'CONCURRENT_MODIFICATION');
    });
  });

  // Mocha runs a suite's own tests before its nested suites: these come last, in a suite of their own.
  describe('after the operations above', function () {
    it('a cascade removes the tree in one event whose items cover every deleted item', async function () {
      const { da, measure } = store;
      const connection = await newConnection();
      for (let i = 0; i < 3; i += 1) {
        const input = ticketInput(connection);
        const links = [1, 2].map(() => ({ suggestionId: randomUUID(), opportunityId: randomUUID() }));
        remember(input, links);
        await da.Ticket.createWithSuggestions(input, links);
      }
      const removed = await measure('TaskManagementConnection.remove', () => connection.remove());
      expect(removed.changes.removed).to.be.at.least(3 * 3 + 1);
      expect(removed.event.items).to.be.at.least(removed.changes.removed);
      expect(removed.event.consumedCapacity.write).to.be.greaterThan(0);
    });

    it('removeOrganization is one event for the whole offboarding, whose items cover every deleted item', async function () {
      const { da, measure } = store;
      const connection = await newConnection();
      const organizationId = connection.getOrganizationId();
      const input = ticketInput(connection);
      remember(input);
      await da.Ticket.createWithSuggestions(input, [{ suggestionId: randomUUID(), opportunityId: randomUUID() }]);
      const nonce = { organizationId, provider: 'jira_cloud' as const, createdBy: `user-${randomUUID()}`, codeVerifier: 'v'.repeat(20) + randomUUID().replaceAll('-', ''), redirectUri: `https://app.example/${randomUUID()}` };
      remember(nonce);
      remember(await da.OAuthNonce.issue(nonce));
      const removed = await measure('DataAccess.removeOrganization', () => da.removeOrganization(organizationId));
      expect(removed.event.entity).to.equal('DataAccess');
      expect(removed.result.removed).to.include({ TaskManagementConnection: 1, Ticket: 1, TicketSuggestion: 1, OAuthNonce: 1 });
      // the connection and its two guards, the ticket and its guard, the link, the nonce
      expect(removed.changes.removed).to.be.at.least(7);
      expect(removed.event.items).to.be.at.least(removed.changes.removed);
    });

    it('the migrations: list() and run() are one event each, however many items a run reads', async function () {
      const { da, measure } = store;
      const listed = await measure('DataAccess.migrations.list', () => da.migrations.list());
      expect(listed.result.length).to.be.greaterThan(0);
      expect(listed.event.entity).to.equal('DataAccess');
      expect(listed.event.requests).to.be.at.least(1);
      const dry = await measure('DataAccess.migrations.run', () => da.migrations.run({ dryRun: true }));
      expect(dry.result.length).to.equal(listed.result.length);
      expect(dry.event.requests).to.be.at.least(listed.result.length);
      expect(dry.event.consumedCapacity.write).to.equal(0);
    });

    it('every method on the entities’ prototypes is observed (what a new method gets for free)', function () {
      const unobserved: string[] = [];
      const collections = store.da as unknown as Record<string, object>;
      for (const [entity, Model] of Object.entries(MODELS)) {
        const chains = [
          [Object.getPrototypeOf(collections[entity]) as object, BaseCollection.prototype],
          [Model.prototype, BaseModel.prototype],
        ] as const;
        for (const [start, base] of chains) {
          for (let current: object | null = start; current !== null && current !== Object.prototype; current = Object.getPrototypeOf(current) as object | null) {
            for (const name of Object.getOwnPropertyNames(current)) {
              const value = Object.getOwnPropertyDescriptor(current, name)?.value as unknown;
              if (name !== 'constructor' && typeof value === 'function' && !isObserved(value)) unobserved.push(`${entity}: ${name}`);
            }
            if (current === base) break;
          }
        }
      }
      expect(unobserved).to.deep.equal([]);
      expect(Object.keys(MODELS)).to.deep.equal(taskManagementRegistry().entityNames);
    });

    it('no event holds a value of the test data (ids, names, tokens, URLs, nonces)', function () {
      const text = JSON.stringify(store.events);
      // Short values (a status, a provider, 'full') are vocabulary, not data; every id, name, token and URL is longer.
      const leaked = [...values].filter((value) => value.length >= 8 && text.includes(value));
      expect(values.size).to.be.greaterThan(100);
      expect(leaked).to.deep.equal([]);
      const keys = new Set(store.events.flatMap((event: OperationEvent) => Object.keys(event)));
      expect([...keys].sort()).to.deep.equal(['constraint', 'consumedCapacity', 'durationMs', 'entity', 'errorCode', 'items', 'operation', 'outcome', 'requests', 'retries']);
    });
  });
});

/** The claim of a result that must be a fresh claim. */
function claimOf(result: ClaimResult): IdempotencyClaim {
  if (result.state !== 'claimed') throw new Error(`expected a claim, got ${result.state}`);
  return result.claim;
}

const MODELS = {
  TaskManagementConnection: TaskManagementConnection,
  Ticket,
  TicketSuggestion,
  OAuthNonce,
  SyncOperation,
  OAuthTokenState,
  IdempotencyKey,
};
