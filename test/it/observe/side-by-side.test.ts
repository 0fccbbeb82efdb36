// Operations of one DataAccess running side by side on DynamoDB Local, under a listener: each
// event counts only its own requests (the scope is handed down, not looked up), the events add up
// to what the client really sent, and nothing went out outside an operation.
import { expect } from 'chai';
import { jiraCloudConnectionInput, ticketInput } from '../../support/entity-fixtures.js';
import type { ObservedStore } from './support.js';
import { observedStore } from './support.js';

const ROUNDS = 20;

describe('operation events: different operations side by side (DynamoDB Local)', function () {
  this.timeout(120_000);
  let store: ObservedStore;

  before(async function () {
    store = await observedStore('observe-side-by-side');
  });

  after(function () {
    store.close();
  });

  it(`${ROUNDS} rounds of findById × touch × a ticket create × a finder on one connection count apart`, async function () {
    const { da, events, tally, warnings } = store;
    const connection = await da.TaskManagementConnection.create(jiraCloudConnectionInput());
    const id = connection.getId();
    events.length = 0;
    tally.reset();
    for (let round = 0; round < ROUNDS; round += 1) {
      await Promise.all([
        da.TaskManagementConnection.findById(id),
        connection.touch(),
        da.Ticket.create(ticketInput(connection)),
        da.Ticket.allByTaskManagementConnectionId(id),
      ]);
    }
    const byName = new Map<string, number[]>();
    for (const event of events) byName.set(event.operation, [...(byName.get(event.operation) ?? []), event.requests]);
    expect([...byName.keys()].sort()).to.deep.equal(['TaskManagementConnection.findById', 'TaskManagementConnection.touch', 'Ticket.allByTaskManagementConnectionId', 'Ticket.create']);
    for (const [name, requests] of byName) expect(requests, name).to.have.length(ROUNDS);
    // One request each: a GetItem, an UpdateItem, a transaction, one Query page (fewer than a page of tickets).
    for (const [name, requests] of byName) expect(new Set(requests), name).to.deep.equal(new Set([1]));
    expect(events.reduce((sum, event) => sum + event.requests, 0)).to.equal(tally.requests);
    expect(events.every((event) => event.outcome === 'ok' && event.retries === 0)).to.equal(true);
    expect(warnings, 'every request inside its operation').to.deep.equal([]);
    expect((await da.Ticket.allByTaskManagementConnectionId(id)).length).to.equal(ROUNDS);
  });
});
