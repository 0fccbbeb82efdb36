// Operation events under injected faults on DynamoDB Local: every re-send the library makes —
// of unprocessed batch keys and items, of requests the SDK gave up on after a throttle — is one
// retry in the event, and `requests` still equals what a middleware on the client counted.
import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { expect } from 'chai';
import type { OperationEvent, TaskManagementConnection } from '../../../src/index.js';
import { jiraCloudConnectionInput, nonceInput, ticketInput } from '../../support/entity-fixtures.js';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../../support/dynamo-local.js';
import type { FaultInjectorOptions } from '../../support/fault-injector.js';
import { FaultInjector, quickRetryStrategy } from '../../support/fault-injector.js';
import { localEndpoint, newLocalClient, scanAll } from '../../support/local-store.js';
import type { ObservedStore } from './support.js';
import { observedStore, RequestTally } from './support.js';

/** A client whose first middleware tallies requests and whose injector (disabled until enabled) injects faults; the SDK does not retry. */
function faultyStore(name: string, options: FaultInjectorOptions): Promise<{ store: ObservedStore; injector: FaultInjector; tally: RequestTally }> {
  const client = new DynamoDBClient({ endpoint: localEndpoint(), region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS, maxAttempts: 1, retryStrategy: quickRetryStrategy(1) });
  const tally = new RequestTally();
  tally.install(client);
  const injector = new FaultInjector(options);
  injector.install(client);
  injector.enabled = false;
  return observedStore(name, { client, tally }).then((store) => ({ store, injector, tally }));
}

/** The one event `run` emits, its requests checked against the tally taken over the same run (faults injected meanwhile). */
async function oneEventOf(store: ObservedStore, tally: RequestTally, injector: FaultInjector, run: () => Promise<unknown>): Promise<OperationEvent> {
  const from = store.events.length;
  tally.reset();
  injector.enabled = true;
  try {
    await run();
  } finally {
    injector.enabled = false;
  }
  const emitted = store.events.slice(from);
  expect(emitted).to.have.length(1);
  const event = emitted[0] as OperationEvent;
  expect(event.requests).to.equal(tally.requests);
  return event;
}

/** {@link oneEventOf}, its items checked against the items the answers reported too. */
async function onlyEvent(store: ObservedStore, tally: RequestTally, injector: FaultInjector, run: () => Promise<unknown>): Promise<OperationEvent> {
  const event = await oneEventOf(store, tally, injector, run);
  expect(event.items).to.equal(tally.itemsRead + tally.itemsWritten);
  return event;
}

describe('operation events under injected faults (DynamoDB Local)', function () {
  this.timeout(120_000);

  it('unprocessed keys of BatchGetItem: each partial answer is one re-send, counted as a retry', async function () {
    const { store, injector, tally } = await faultyStore('observe-faults-get', { seed: 7, byCommand: { BatchGetItem: { unprocessed: 1 } } });
    try {
      const connection = await store.da.TaskManagementConnection.create(jiraCloudConnectionInput());
      const created = await store.da.Ticket.createMany(Array.from({ length: 60 }, () => ticketInput(connection)));
      const ids = [...created.created.map((ticket) => ticket.getId()), ...Array.from({ length: 190 }, () => randomUUID())];
      let found: unknown[] = [];
      const event = await onlyEvent(store, tally, injector, async () => {
        found = await store.da.Ticket.batchGetByIds(ids);
      });
      expect(found).to.have.length(60);
      // 250 keys: 3 chunks sent first, every other BatchGetItem a re-send of what came back unprocessed.
      expect(injector.counts.unprocessedRequests).to.be.greaterThan(0);
      expect(event.retries).to.equal(injector.counts.unprocessedRequests);
      expect(event.retries).to.equal(event.requests - 3);
      expect(event.requests).to.equal(injector.commands.get('BatchGetItem'));
      expect(event.items).to.equal(60);
      expect(event.consumedCapacity.read).to.be.greaterThan(0);
    } finally {
      store.close();
    }
  });

  it('unprocessed items of a cascade’s BatchWriteItem: re-sent until the tree is gone, each re-send a retry', async function () {
    const { store, injector, tally } = await faultyStore('observe-faults-write', { seed: 11, byCommand: { BatchWriteItem: { unprocessed: 1 } } });
    try {
      const connection = await store.da.TaskManagementConnection.create(jiraCloudConnectionInput());
      const links = Array.from({ length: 40 }, () => ({ suggestionId: randomUUID(), opportunityId: randomUUID() }));
      const { ticket } = await store.da.Ticket.createWithSuggestions(ticketInput(connection), links.slice(0, 20));
      await store.da.TicketSuggestion.createMany(links.slice(20).map((link) => ({ ...link, ticketId: ticket.getId(), createdBy: 'user-1' })));
      const event = await onlyEvent(store, tally, injector, () => ticket.remove());
      expect(injector.counts.unprocessedRequests).to.be.greaterThan(0);
      expect(event.retries).to.equal(injector.counts.unprocessedRequests);
      expect(event.consumedCapacity.write).to.be.greaterThan(0);
      const scanner = newLocalClient();
      try {
        const left = (await scanAll(scanner, store.tableName)).filter((item) => item.ticketId === ticket.getId());
        expect(left).to.deep.equal([]);
      } finally {
        scanner.destroy();
      }
    } finally {
      store.close();
    }
  });

  it('a write whose answer was lost and that landed after all counts its items as written (no answer reported them)', async function () {
    const { store, injector, tally } = await faultyStore('observe-faults-lost', { seed: 17, script: { PutItem: ['lostResponse'], UpdateItem: ['lostResponse'] } });
    try {
      // The answers that were lost reported no items: only the requests are checked against the tally.
      const runOnce = (run: () => Promise<unknown>) => oneEventOf(store, tally, injector, run);
      // PutItem: lost, then refused by its own write (the token) → landed, one item.
      const issued = await runOnce(() => store.da.OAuthNonce.issue(nonceInput()));
      expect(issued).to.include({ operation: 'OAuthNonce.issue', outcome: 'ok', items: 1 });
      expect(issued.retries).to.be.greaterThan(0);
      const connection = await store.da.TaskManagementConnection.create(jiraCloudConnectionInput());
      // UpdateItem: lost, then refused by its own token → landed, one item.
      connection.setDisplayName('Renamed');
      const saved = await runOnce(() => connection.save());
      expect(saved).to.include({ operation: 'TaskManagementConnection.save', outcome: 'ok', items: 1 });
      expect(injector.counts.lostResponse).to.equal(2);
    } finally {
      store.close();
    }
  });

  it('throttles the SDK gave up on: a GetItem and a transaction sent again by the library', async function () {
    const { store, injector, tally } = await faultyStore('observe-faults-throttle', { seed: 13, script: { GetItem: ['throttle', 'throttle'], TransactWriteItems: ['ok', 'throttle'] } });
    try {
      injector.enabled = true;
      const connection: TaskManagementConnection = await store.da.TaskManagementConnection.create(jiraCloudConnectionInput());
      injector.enabled = false;
      const read = await onlyEvent(store, tally, injector, () => store.da.TaskManagementConnection.findById(connection.getId()));
      expect(read).to.include({ operation: 'TaskManagementConnection.findById', requests: 3, retries: 2, items: 1, outcome: 'ok' });
      const links = [1, 2, 3].map(() => ({ suggestionId: randomUUID(), opportunityId: randomUUID() }));
      const write = await onlyEvent(store, tally, injector, () => store.da.Ticket.createWithSuggestions(ticketInput(connection), links));
      expect(write).to.include({ operation: 'Ticket.createWithSuggestions', requests: 2, retries: 1, outcome: 'ok' });
      expect(injector.counts.provisionedThroughputExceeded + injector.counts.throttling).to.equal(3);
    } finally {
      store.close();
    }
  });
});
