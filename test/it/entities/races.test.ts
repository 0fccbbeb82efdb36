/**
 * Races on DynamoDB Local: N ≥ 20 concurrent writes that compete for one unique value, one sync
 * slot or one lifecycle state. Exactly the allowed number wins, every loser gets the expected
 * error, and a scan shows the table holds exactly what the winners wrote.
 */
import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ConcurrentModificationError, ConflictError } from '../../../src/index.js';
import type { DataAccess, TaskManagementConnection } from '../../../src/index.js';
import {
  freshDataAccess,
  fulfilledOf,
  guardsOf,
  itemsOfEntity,
  jiraCloudConnectionInput,
  raceAll,
  rejectedOf,
  suggestionLinks,
  syncStartInput,
  ticketInput,
} from '../../support/entity-fixtures.js';
import { scanAll } from '../../support/local-store.js';

function expectAllConflicts(errors: readonly unknown[], constraint: string): void {
  for (const error of errors) {
    expect(error).to.be.instanceOf(ConflictError);
    expect((error as ConflictError).constraint).to.equal(constraint);
  }
}

describe('races (DynamoDB Local)', function () {
  let da: DataAccess;
  let tableName: string;
  let client: DynamoDBClient;

  before(async function () {
    ({ da, tableName, client } = await freshDataAccess('entities-races'));
  });

  async function newConnection(overrides: Record<string, unknown> = {}): Promise<TaskManagementConnection> {
    return da.TaskManagementConnection.create(jiraCloudConnectionInput(overrides));
  }

  it("25 concurrent connection creates for one (org, provider, instance) → exactly one; the rest 'external-instance'", async function () {
    const organizationId = randomUUID();
    const cloudId = randomUUID();
    const results = await raceAll(25, (i) =>
      da.TaskManagementConnection.create(jiraCloudConnectionInput({ organizationId, externalInstanceId: cloudId, metadata: { cloudId }, displayName: `attempt ${i}` })),
    );
    const winners = fulfilledOf(results);
    expect(winners).to.have.length(1);
    const losers = rejectedOf(results);
    expect(losers).to.have.length(24);
    expectAllConflicts(losers, 'external-instance');

    const items = await scanAll(client, tableName);
    const stored = itemsOfEntity(items, 'TaskManagementConnection').filter((c) => c.externalInstanceId === cloudId);
    expect(stored.map((c) => c.taskManagementConnectionId)).to.deep.equal([winners[0]!.getId()]);
    expect(guardsOf(items, 'external-instance').filter((g) => String(g.pk).includes(cloudId)).map((g) => g.ownerId)).to.deep.equal([winners[0]!.getId()]);
  });

  it("25 concurrent ticket creates with one externalTicketId → exactly one; the rest 'external-ticket'", async function () {
    const connection = await newConnection();
    const externalTicketId = `EXT-${randomUUID()}`;
    const results = await raceAll(25, (i) => da.Ticket.create(ticketInput(connection, { externalTicketId, ticketKey: `ASO-${i}` })));
    const winners = fulfilledOf(results);
    expect(winners).to.have.length(1);
    expectAllConflicts(rejectedOf(results), 'external-ticket');

    const items = await scanAll(client, tableName);
    expect(itemsOfEntity(items, 'Ticket').filter((t) => t.externalTicketId === externalTicketId).map((t) => t.ticketId)).to.deep.equal([winners[0]!.getId()]);
    expect(guardsOf(items, 'external-ticket').filter((g) => g.ownerId === winners[0]!.getId())).to.have.length(1);
    expect(await da.Ticket.allByTaskManagementConnectionId(connection.getId())).to.have.length(1);
  });

  it("25 concurrent createWithSuggestions sharing one suggestionId → exactly one; the rest 'suggestion' naming it; losers write nothing", async function () {
    const connection = await newConnection();
    const shared = randomUUID();
    const attempts = Array.from({ length: 25 }, () => [...suggestionLinks(1, [shared]), ...suggestionLinks(2)]);
    const results = await raceAll(25, (i) => da.Ticket.createWithSuggestions(ticketInput(connection), attempts[i]!));
    const winners = fulfilledOf(results);
    expect(winners).to.have.length(1);
    const losers = rejectedOf(results);
    expectAllConflicts(losers, 'suggestion');
    for (const error of losers) expect((error as ConflictError).conflictingValues).to.deep.equal([shared]);

    const winnerIndex = results.findIndex((r) => r.status === 'fulfilled');
    const items = await scanAll(client, tableName);
    const tickets = itemsOfEntity(items, 'Ticket').filter((t) => t.taskManagementConnectionId === connection.getId());
    expect(tickets.map((t) => t.ticketId)).to.deep.equal([winners[0]!.ticket.getId()]);
    const links = itemsOfEntity(items, 'TicketSuggestion').filter((l) => attempts.flat().some((a) => a.suggestionId === l.suggestionId));
    expect(links.map((l) => l.suggestionId).sort()).to.deep.equal(attempts[winnerIndex]!.map((a) => a.suggestionId).sort());
    expect(links.every((l) => l.ticketId === winners[0]!.ticket.getId())).to.equal(true);
    const ticketGuards = guardsOf(items, 'external-ticket').filter((g) => String(g.pk).includes(connection.getId()));
    expect(ticketGuards.map((g) => g.ownerId)).to.deep.equal([winners[0]!.ticket.getId()]);
  });

  it("25 concurrent TicketSuggestion.create for one suggestionId → exactly one; the rest 'suggestion'", async function () {
    const connection = await newConnection();
    const tickets = await Promise.all(Array.from({ length: 5 }, () => da.Ticket.create(ticketInput(connection))));
    const suggestionId = randomUUID();
    const results = await raceAll(25, (i) =>
      da.TicketSuggestion.create({ ticketId: tickets[i % 5]!.getId(), suggestionId, opportunityId: randomUUID(), createdBy: `user-${i}` }),
    );
    const winners = fulfilledOf(results);
    expect(winners).to.have.length(1);
    expectAllConflicts(rejectedOf(results), 'suggestion');
    const links = itemsOfEntity(await scanAll(client, tableName), 'TicketSuggestion').filter((l) => l.suggestionId === suggestionId);
    expect(links).to.have.length(1);
    expect(links[0]!.ticketId).to.equal(winners[0]!.getTicketId());
    expect(links[0]!.createdBy).to.equal(winners[0]!.getCreatedBy());
  });

  it("25 concurrent SyncOperation.start → exactly one; the rest 'active-sync'", async function () {
    const connection = await newConnection();
    const results = await raceAll(25, (i) => da.SyncOperation.start(syncStartInput(connection, { triggeredBy: `user-${i}` })));
    const winners = fulfilledOf(results);
    expect(winners).to.have.length(1);
    expectAllConflicts(rejectedOf(results), 'active-sync');
    const items = await scanAll(client, tableName);
    const ops = itemsOfEntity(items, 'SyncOperation').filter((o) => o.taskManagementConnectionId === connection.getId());
    expect(ops.map((o) => o.syncOperationId)).to.deep.equal([winners[0]!.getId()]);
    expect(guardsOf(items, 'active-sync').filter((g) => g.ownerId === winners[0]!.getId())).to.have.length(1);
    expect((await da.SyncOperation.findActiveByConnectionId(connection.getId()))?.getId()).to.equal(winners[0]!.getId());
  });

  it('20 concurrent lifecycle moves from copies read at the same time → exactly one; the rest ConcurrentModificationError', async function () {
    const connection = await newConnection();
    const copies = await Promise.all(Array.from({ length: 20 }, () => da.TaskManagementConnection.findById(connection.getId())));
    const moves = [
      (c: TaskManagementConnection) => c.markDisabled(),
      (c: TaskManagementConnection) => c.markError('boom'),
      (c: TaskManagementConnection) => c.markRequiresReauth('again'),
      (c: TaskManagementConnection) => c.markDisconnected(),
    ];
    const results = await raceAll(20, (i) => moves[i % moves.length]!(copies[i]!));
    const winners = fulfilledOf(results);
    expect(winners).to.have.length(1);
    for (const error of rejectedOf(results)) expect(error).to.be.instanceOf(ConcurrentModificationError);
    const back = await da.TaskManagementConnection.findById(connection.getId());
    expect(back?.getStatus()).to.equal(winners[0]!.getStatus());
    expect(back?.getUpdatedAt()).to.equal(winners[0]!.getUpdatedAt());
    // The instance guard exists exactly when the winner is not disconnected.
    const guards = guardsOf(await scanAll(client, tableName), 'external-instance').filter((g) => g.ownerId === connection.getId());
    expect(guards).to.have.length(back?.getStatus() === 'disconnected' ? 0 : 1);
  });

  it("20 concurrent ticket creates after the connection was disabled → all 20 'active-connection', no ticket", async function () {
    const connection = await newConnection();
    await connection.markDisabled();
    const results = await raceAll(20, () => da.Ticket.create(ticketInput(connection)));
    expect(fulfilledOf(results)).to.have.length(0);
    expectAllConflicts(rejectedOf(results), 'active-connection');
    const items = await scanAll(client, tableName);
    expect(itemsOfEntity(items, 'Ticket').filter((t) => t.taskManagementConnectionId === connection.getId())).to.deep.equal([]);
  });

  it("20 ticket creates racing a disable: each either is stored or fails 'active-connection'; none after the disable", async function () {
    const connection = await newConnection();
    const copy = (await da.TaskManagementConnection.findById(connection.getId()))!;
    const creates = raceAll(20, () => da.Ticket.create(ticketInput(connection)));
    await copy.markDisabled();
    const results = await creates;
    const created = fulfilledOf(results);
    expectAllConflicts(rejectedOf(results), 'active-connection');
    const stored = itemsOfEntity(await scanAll(client, tableName), 'Ticket').filter((t) => t.taskManagementConnectionId === connection.getId());
    expect(stored.map((t) => t.ticketId).sort()).to.deep.equal(created.map((t) => t.getId()).sort());
    // After the disable resolved, no create can succeed any more.
    const late = await raceAll(20, () => da.Ticket.create(ticketInput(connection)));
    expect(fulfilledOf(late)).to.have.length(0);
    expectAllConflicts(rejectedOf(late), 'active-connection');
  });

  it('markDisconnected racing 24 creates for the same instance: at most one live connection holds the instance afterwards', async function () {
    const first = await newConnection();
    const organizationId = first.getOrganizationId();
    const externalInstanceId = first.getExternalInstanceId();
    const results = await Promise.allSettled([
      first.markDisconnected(),
      ...Array.from({ length: 24 }, () => da.TaskManagementConnection.create(jiraCloudConnectionInput({ organizationId, externalInstanceId, metadata: first.getMetadata() }))),
    ]);
    expect(results[0].status).to.equal('fulfilled');
    const created = fulfilledOf(results.slice(1));
    expect(created.length).to.be.at.most(1);
    expectAllConflicts(rejectedOf(results.slice(1)), 'external-instance');
    const items = await scanAll(client, tableName);
    const live = itemsOfEntity(items, 'TaskManagementConnection').filter(
      (c) => c.organizationId === organizationId && c.externalInstanceId === externalInstanceId && c.status !== 'disconnected',
    );
    expect(live.map((c) => c.taskManagementConnectionId)).to.deep.equal(created.map((c) => c.getId()));
    const guards = guardsOf(items, 'external-instance').filter((g) => g.ownerId === first.getId() || created.some((c) => c.getId() === g.ownerId));
    expect(guards.map((g) => g.ownerId)).to.deep.equal(created.map((c) => c.getId()));
  });

  it('a sync cancel racing 19 starts: afterwards at most one active operation, and it holds the slot', async function () {
    const connection = await newConnection();
    const op = await da.SyncOperation.start(syncStartInput(connection));
    const results = await Promise.allSettled([op.cancel(), ...Array.from({ length: 19 }, () => da.SyncOperation.start(syncStartInput(connection)))]);
    expect(results[0].status).to.equal('fulfilled');
    const started = fulfilledOf(results.slice(1));
    expect(started.length).to.be.at.most(1);
    expectAllConflicts(rejectedOf(results.slice(1)), 'active-sync');
    const items = await scanAll(client, tableName);
    const active = itemsOfEntity(items, 'SyncOperation').filter((o) => o.taskManagementConnectionId === connection.getId() && (o.status === 'pending' || o.status === 'in_progress'));
    expect(active.map((o) => o.syncOperationId)).to.deep.equal(started.map((o) => o.getId()));
    const slot = await da.SyncOperation.findActiveByConnectionId(connection.getId());
    expect(slot?.getId() ?? null).to.equal(started[0]?.getId() ?? null);
  });
});
