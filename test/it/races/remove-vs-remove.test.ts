/**
 * Group 6 — remove × remove, and an interrupted remove × create.
 *
 * API.md, "Removing": "When remove() resolves, no item of the removed tree is left … An
 * interrupted remove leaves the record fenced; running remove() again finishes it", and "from that
 * moment, creating a dependent of a fenced record fails with NotFoundError, while reads still return
 * the fenced record until it is gone".
 */
import { randomUUID } from 'node:crypto';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { expect } from 'chai';
import type { DataAccess, TaskManagementConnection, Ticket } from '../../../src/index.js';
import { jiraCloudConnectionInput, suggestionLinks, syncStartInput, ticketInput } from '../../support/entity-fixtures.js';
import { scanAll } from '../../support/local-store.js';
import { injectedDataAccess } from '../reliability/support.js';
import { isGuard, recordsOf, treeOf } from './invariants.js';
import type { RaceTable } from './support.js';
import { expectOnly, Figures, labelOf, outcomeOf, raceTable, settle } from './support.js';

const figures = new Figures('remove × remove, interrupted remove × create');
const GROUP_REMOVES = '6. remove × remove';
const GROUP_INTERRUPTED = '6. interrupted remove × create';
const N = 20;

async function tree(da: DataAccess, tickets = 4): Promise<{ connection: TaskManagementConnection; tickets: Ticket[] }> {
  const connection = await da.TaskManagementConnection.create(jiraCloudConnectionInput());
  const created = await Promise.all(Array.from({ length: tickets }, () => da.Ticket.createWithSuggestions(ticketInput(connection), suggestionLinks(2))));
  const done = await da.SyncOperation.start(syncStartInput(connection));
  await done.cancel();
  await (await da.SyncOperation.start(syncStartInput(connection))).begin();
  await da.OAuthTokenState.put(connection.getId(), { accessToken: 'access', refreshToken: 'refresh' });
  return { connection, tickets: created.map((c) => c.ticket) };
}

/** Every kind of dependent create under `connection` (and a link on `ticket`), each settled to a label. */
async function dependentCreates(da: DataAccess, connection: TaskManagementConnection, ticket: Ticket | undefined): Promise<Record<string, string>> {
  const id = connection.getId();
  const outcomes: Record<string, string> = {
    'Ticket.create': outcomeOf(await settle(da.Ticket.create(ticketInput(connection)))),
    'Ticket.createWithSuggestions': outcomeOf(await settle(da.Ticket.createWithSuggestions(ticketInput(connection), suggestionLinks(2)))),
    'Ticket.createMany': outcomeOf(
      await settle(
        da.Ticket.createMany([ticketInput(connection)]).then((r) => {
          if (r.failed[0]) throw r.failed[0].error;
        }),
      ),
    ),
    'SyncOperation.start': outcomeOf(await settle(da.SyncOperation.start(syncStartInput(connection)))),
    'OAuthTokenState.put': outcomeOf(await settle(da.OAuthTokenState.remove(id).then(() => da.OAuthTokenState.put(id, { accessToken: 'x', refreshToken: 'y' })))),
  };
  if (ticket) {
    outcomes['TicketSuggestion.create'] = outcomeOf(await settle(da.TicketSuggestion.create({ ticketId: ticket.getId(), suggestionId: randomUUID(), opportunityId: randomUUID(), createdBy: 'user-1' })));
  }
  return outcomes;
}

describe('races 6: remove × remove, and an interrupted remove × create (DynamoDB Local)', function () {
  this.timeout(30_000);
  figures.printAfter();
  const clients: DynamoDBClient[] = [];
  after(function () {
    for (const client of clients) client.destroy();
  });

  it(`${N} removes of one connection at once (15 copies' remove(), 5 removeByIds) all resolve and leave nothing of the tree`, async function () {
    const table = await raceTable('races-remove-remove');
    const bystander = await tree(table.da, 1);
    const { connection } = await tree(table.da, 2);
    const copies = await Promise.all(Array.from({ length: 15 }, () => table.other().TaskManagementConnection.findById(connection.getId())));
    const results = await Promise.allSettled([
      ...copies.map((copy) => (copy as TaskManagementConnection).remove()),
      ...Array.from({ length: 5 }, () => table.other().TaskManagementConnection.removeByIds([connection.getId()])),
    ]);
    const labels = results.map(outcomeOf);
    figures.record(GROUP_REMOVES, labels);
    expectOnly(labels, ['ok'], 'removes');
    const items = await table.check();
    expect(treeOf(items, connection.getId())).to.deep.equal([]);
    expect(treeOf(items, bystander.connection.getId()).length).to.be.greaterThan(0);
  });

  it('each ticket.remove() × the connection’s remove() × a stale copy’s remove(), all at once → all resolve, nothing left', async function () {
    const table = await raceTable('races-remove-remove');
    const { connection, tickets } = await tree(table.da, 8);
    const stale = (await table.other().TaskManagementConnection.findById(connection.getId())) as TaskManagementConnection;
    await (await table.da.TaskManagementConnection.findById(connection.getId()))?.markDisabled();
    const ticketCopies = await Promise.all(tickets.map((ticket) => table.other().Ticket.findById(ticket.getId())));
    const results = await Promise.allSettled([
      connection.remove(),
      stale.remove(),
      ...ticketCopies.map((ticket) => (ticket as Ticket).remove()),
      table.other().Ticket.removeByIds(tickets.map((ticket) => ticket.getId())),
    ]);
    const labels = results.map(outcomeOf);
    figures.record(GROUP_REMOVES, labels);
    expectOnly(labels, ['ok'], 'removes');
    expect(await scanAll(table.client, table.tableName)).to.deep.equal([]);
  });

  it(`${N} trees: the connection's remove() × each ticket removed and created again with the same external id → all resolve, nothing of the tree is left`, async function () {
    // The cascade releases a ticket's guard without checking its owner (it is scoped by the
    // fenced connection): here the guard it meets may already be a newer ticket's.
    const table = await raceTable('races-remove-recreate');
    const trees = await Promise.all(Array.from({ length: N }, () => tree(table.da, 3)));
    const racers = trees.flatMap(({ connection, tickets }) => [
      table.other().TaskManagementConnection.removeByIds([connection.getId()]),
      ...tickets.map(async (ticket) => {
        const copy = (await table.other().Ticket.findById(ticket.getId())) as Ticket;
        await copy.remove();
        await table.other().Ticket.create(ticketInput(connection, { externalTicketId: ticket.getExternalTicketId() }));
      }),
    ]);
    const labels = (await Promise.allSettled(racers)).map(outcomeOf);
    figures.record(GROUP_REMOVES, labels);
    expectOnly(labels, ['ok', 'NotFoundError'], 'removals and re-creates');
    expect(labels.filter((label) => label === 'NotFoundError').length, 'some re-creates met the fence').to.be.greaterThan(0);
    // Whatever won, every tree is gone: a re-created ticket that landed before the fence too.
    expect(await scanAll(table.client, table.tableName)).to.deep.equal([]);
  });

  async function interrupted(table: RaceTable, k: number, remove: (da: DataAccess) => Promise<unknown>) {
    const { da, client } = injectedDataAccess(table.tableName, { seed: k, failAfterWrites: k, concurrency: 1 });
    clients.push(client);
    const result = await settle(remove(da));
    return result;
  }

  for (const k of [1, 2, 3, 5]) {
    it(`connection.remove() interrupted after ${k} write(s): the connection stays, fenced; every create under it is NotFoundError; remove() again finishes`, async function () {
      const table = await raceTable('races-interrupted');
      const { connection, tickets } = await tree(table.da);
      const removed = await interrupted(table, k, async (da) => (await da.TaskManagementConnection.findById(connection.getId()))?.remove());
      expect(removed.status, 'the interrupted remove rejects').to.equal('rejected');
      expect(labelOf(removed.status === 'rejected' ? removed.reason : undefined)).to.equal('DataAccessError(DATASTORE)');
      const id = connection.getId();
      const items = await table.check({ fencedAllowed: new Set([id]) });
      const [stored] = recordsOf(items, 'connection');
      expect(stored?.__fence, 'the connection is fenced').to.be.a('string');
      expect((await table.da.TaskManagementConnection.findById(id))?.getId(), 'reads still return the fenced connection').to.equal(id);
      // Creates under it, from another process, N at once: every one NotFoundError.
      const remaining = (await table.da.Ticket.allByTaskManagementConnectionId(id))[0];
      const attempts = await Promise.all(Array.from({ length: Math.ceil(N / 6) }, () => dependentCreates(table.other(), connection, remaining)));
      const labels = attempts.flatMap((outcomes) => Object.values(outcomes));
      figures.record(GROUP_INTERRUPTED, [outcomeOf(removed), ...labels]);
      expect(labels.length).to.be.at.least(N);
      for (const outcomes of attempts) {
        for (const [create, label] of Object.entries(outcomes)) expect(label, `${create} under the fenced connection`).to.equal('NotFoundError');
      }
      await table.check({ fencedAllowed: new Set([id]) });
      // Running remove() again (here from the copy the first remove was called on) finishes it.
      await connection.remove();
      expect(await scanAll(table.client, table.tableName)).to.deep.equal([]);
      // And the instance can be connected again.
      await table.da.TaskManagementConnection.create(
        jiraCloudConnectionInput({ organizationId: connection.getOrganizationId(), externalInstanceId: connection.getExternalInstanceId(), metadata: connection.getMetadata() }),
      );
      expect(tickets.length).to.be.greaterThan(0);
    });
  }

  it('ticket.remove() interrupted after its fence: links on it are NotFoundError, the ticket is still read, remove() again finishes', async function () {
    const table = await raceTable('races-interrupted');
    const { connection, tickets } = await tree(table.da, 2);
    const [ticket, other] = tickets as [Ticket, Ticket];
    const removed = await interrupted(table, 1, async (da) => (await da.Ticket.findById(ticket.getId()))?.remove());
    expect(outcomeOf(removed)).to.equal('DataAccessError(DATASTORE)');
    await table.check({ fencedAllowed: new Set([ticket.getId()]) });
    expect((await table.da.Ticket.findById(ticket.getId()))?.getId()).to.equal(ticket.getId());
    const links = await Promise.allSettled(
      Array.from({ length: N }, (_, i) =>
        table.other().TicketSuggestion.create({ ticketId: (i % 4 === 0 ? other : ticket).getId(), suggestionId: randomUUID(), opportunityId: randomUUID(), createdBy: 'user-1' }),
      ),
    );
    const labels = links.map(outcomeOf);
    figures.record(GROUP_INTERRUPTED, [outcomeOf(removed), ...labels]);
    labels.forEach((label, i) => expect(label, `link ${i}`).to.equal(i % 4 === 0 ? 'ok' : 'NotFoundError'));
    await ticket.remove();
    const items = await table.check();
    expect(items.filter((item) => item.ticketId === ticket.getId() || item.ownerId === ticket.getId())).to.deep.equal([]);
    expect(items.filter((item) => !isGuard(item) && item.ticketId === other.getId()).length).to.equal(1 + 2 + 5);
    await connection.remove();
    expect(await scanAll(table.client, table.tableName)).to.deep.equal([]);
  });
});
