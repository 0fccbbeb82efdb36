/**
 * Removing before the migrations ran: links stored before they carried their ticket's connection
 * id are not in the connection index a cascade reads. Until `2026-12-link-connection-id` is done,
 * `connection.remove()` and `removeOrganization()` find them through their tickets too, so no link
 * outlives its tree (and its suggestion can be ticketed again); once the migration is done, the
 * index alone serves. Also raced: removals × two concurrent `migrations.run()`.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { expect } from 'chai';
import type { DataAccess } from '../../../src/index.js';
import { createDataAccess } from '../../../src/index.js';
import { itemsOfEntity, jiraCloudConnectionInput, ticketInput } from '../../support/entity-fixtures.js';
import { recordQueries, scanAll } from '../../support/local-store.js';
import { openOldTable } from './support.js';

const LINK_MIGRATION = '2026-12-link-connection-id';

describe('cascades before the link migration ran (DynamoDB Local)', function () {
  this.timeout(180_000);
  const clients: DynamoDBClient[] = [];
  after(function () {
    for (const client of clients) client.destroy();
  });

  const oldTable = (shape: { connections: number; ticketsPerConnection: number }) => openOldTable('cascade-old-links', shape, clients);

  /** Items of the organizations' trees still stored (links found by their tickets' ids too). */
  async function leftOf(client: DynamoDBClient, tableName: string, organizationIds: readonly string[], ticketIds: readonly string[]) {
    const items = await scanAll(client, tableName);
    const ofOrganization = items.filter((item) => organizationIds.includes(item.organizationId as string));
    const links = itemsOfEntity(items, 'TicketSuggestion').filter((link) => ticketIds.includes(link.ticketId as string));
    return { ofOrganization, links };
  }

  it('connection.remove() and removeOrganization() leave no old-shaped link; the suggestion can be ticketed again', async function () {
    const { da, client, tableName, old } = await oldTable({ connections: 2, ticketsPerConnection: 3 });
    const [first, second] = old.connections;
    const ticketsOf = (connectionId: string) => old.tickets.filter((ticket) => ticket.getTaskManagementConnectionId() === connectionId).map((ticket) => ticket.getId());
    const firstTickets = ticketsOf(first!.getId());
    const oldLinks = itemsOfEntity(await scanAll(client, tableName), 'TicketSuggestion').filter((link) => firstTickets.includes(link.ticketId as string));
    expect(oldLinks).to.have.length(6);
    expect(oldLinks.every((link) => link.taskManagementConnectionId === undefined)).to.equal(true);

    await first!.remove();
    expect((await leftOf(client, tableName, [first!.getOrganizationId()], firstTickets)).links).to.deep.equal([]);
    // The suggestion is free again: a new connection's ticket can take it.
    const fresh = await da.TaskManagementConnection.create(jiraCloudConnectionInput({ organizationId: first!.getOrganizationId() }));
    const suggestionId = oldLinks[0]!.suggestionId as string;
    const { links } = await da.Ticket.createWithSuggestions(ticketInput(fresh), [{ suggestionId, opportunityId: oldLinks[0]!.opportunityId as string }]);
    expect(links.map((link) => link.getSuggestionId())).to.deep.equal([suggestionId]);

    const secondTickets = ticketsOf(second!.getId());
    await da.removeOrganization(second!.getOrganizationId());
    const left = await leftOf(client, tableName, [second!.getOrganizationId()], secondTickets);
    expect(left.ofOrganization).to.deep.equal([]);
    expect(left.links).to.deep.equal([]);
  });

  it('once the migration is done, the index alone finds the links (no query per ticket), and the cascade is as complete', async function () {
    const { da, client, tableName, old } = await oldTable({ connections: 2, ticketsPerConnection: 4 });
    const run = await da.migrations.run({ only: [LINK_MIGRATION] });
    expect(run.map((result) => [result.id, result.outcome])).to.deep.equal([[LINK_MIGRATION, 'done']]);
    const connection = old.connections[0]!;
    const tickets = old.tickets.filter((ticket) => ticket.getTaskManagementConnectionId() === connection.getId()).map((ticket) => ticket.getId());
    const { queries, stop } = recordQueries(client);
    try {
      await connection.remove();
    } finally {
      stop();
    }
    expect((await leftOf(client, tableName, [connection.getOrganizationId()], tickets)).links).to.deep.equal([]);
    // Two sweeps of the fenced connection: tickets, links, syncs, token state by the connection's id — never one query per ticket.
    expect(queries.length).to.be.below(4 * 2 + 2);
  });

  it('races: removeOrganization() of each organization × two concurrent migrations.run() — no link outlives its tree, every run settles (20 organizations)', async function () {
    const { da, client, tableName, old } = await oldTable({ connections: 20, ticketsPerConnection: 2 });
    const organizationIds = old.connections.map((connection) => connection.getOrganizationId());
    const ticketIds = old.tickets.map((ticket) => ticket.getId());
    const other: DataAccess = createDataAccess({ tableName, client });
    const results = await Promise.allSettled([
      da.migrations.run({ only: [LINK_MIGRATION] }),
      ...organizationIds.map((organizationId) => da.removeOrganization(organizationId)),
      other.migrations.run({ only: [LINK_MIGRATION] }),
    ]);
    const rejected = results.filter((result): result is PromiseRejectedResult => result.status === 'rejected');
    expect(rejected.map((result) => String(result.reason))).to.deep.equal([]);
    const left = await leftOf(client, tableName, organizationIds, ticketIds);
    expect(left.ofOrganization).to.deep.equal([]);
    expect(left.links).to.deep.equal([]);
    // The migration finishes afterwards whatever the race left it at: nothing to give a connection id to.
    const after = await da.migrations.run({ only: [LINK_MIGRATION] });
    expect(['done', 'already-done']).to.include(after[0]!.outcome);
  });
});
