/**
 * Cascade removes on DynamoDB Local: a connection takes its tickets, their links, its sync
 * operations and every guard item with it; running remove again is harmless; removeByIds on
 * tickets frees their suggestions; nothing outside the removed tree is touched.
 */
import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DataAccess, TaskManagementConnection, Ticket } from '../../../src/index.js';
import { NotFoundError } from '../../../src/index.js';
import { freshDataAccess, guardsOf, itemsOfEntity, jiraCloudConnectionInput, suggestionLinks, syncStartInput, tableSnapshot, ticketInput } from '../../support/entity-fixtures.js';
import { recordQueries, scanAll } from '../../support/local-store.js';

const keyOf = (item: Record<string, unknown>) => `${String(item.pk)}|${String(item.sk)}`;

describe('cascade removes (DynamoDB Local)', function () {
  let da: DataAccess;
  let tableName: string;
  let client: DynamoDBClient;

  before(async function () {
    ({ da, tableName, client } = await freshDataAccess('entities-cascades'));
  });

  /** Creates `n` tickets with `linksEach` links each, 25 at a time; returns tickets and their suggestionIds. */
  async function ticketsWithLinks(connection: TaskManagementConnection, n: number, linksEach: number) {
    const created: { ticket: Ticket; suggestionIds: string[]; externalTicketId: string }[] = [];
    for (let start = 0; start < n; start += 25) {
      const batch = await Promise.all(
        Array.from({ length: Math.min(25, n - start) }, async () => {
          const input = ticketInput(connection, { externalTicketId: `EXT-${randomUUID()}` });
          const links = suggestionLinks(linksEach);
          const { ticket } = await da.Ticket.createWithSuggestions(input, links);
          return { ticket, suggestionIds: links.map((l) => l.suggestionId), externalTicketId: input.externalTicketId };
        }),
      );
      created.push(...batch);
    }
    return created;
  }

  it('remove() of a connection with 300 tickets × 2 links and 5 sync operations leaves an EMPTY table; a second remove() is harmless', async function () {
    this.timeout(90_000);
    const connection = await da.TaskManagementConnection.create(jiraCloudConnectionInput());
    await ticketsWithLinks(connection, 300, 2);
    const completed = await da.SyncOperation.start(syncStartInput(connection));
    await completed.begin();
    await completed.complete({ created: 300, updated: 0, skipped: 0, failed: 0 });
    const failed = await da.SyncOperation.start(syncStartInput(connection));
    await failed.fail('network down', 'NETWORK');
    const cancelledPending = await da.SyncOperation.start(syncStartInput(connection));
    await cancelledPending.cancel();
    const cancelledRunning = await da.SyncOperation.start(syncStartInput(connection));
    await cancelledRunning.begin();
    await cancelledRunning.cancel();
    const active = await da.SyncOperation.start(syncStartInput(connection, { syncType: 'incremental' }));
    await active.begin();
    await active.reportProgress({ current: 1, total: 3, processed: 1, stage: 'matching' });

    const before = await scanAll(client, tableName);
    expect(itemsOfEntity(before, 'TaskManagementConnection')).to.have.length(1);
    expect(itemsOfEntity(before, 'Ticket')).to.have.length(300);
    expect(itemsOfEntity(before, 'TicketSuggestion')).to.have.length(600);
    expect(itemsOfEntity(before, 'SyncOperation')).to.have.length(5);
    expect(guardsOf(before, 'external-instance')).to.have.length(1);
    expect(guardsOf(before, 'external-ticket')).to.have.length(300);
    expect(guardsOf(before, 'active-sync')).to.have.length(1);
    expect(guardsOf(before, 'active-provider')).to.have.length(1);
    expect(before).to.have.length(1 + 300 + 600 + 5 + 1 + 300 + 1 + 1);

    await connection.remove();
    expect(await scanAll(client, tableName)).to.deep.equal([]);
    expect(await da.TaskManagementConnection.findById(connection.getId())).to.equal(null);

    await connection.remove();
    await da.TaskManagementConnection.removeByIds([connection.getId()]);
    expect(await scanAll(client, tableName)).to.deep.equal([]);

    // Everything it held is free again: the instance can be connected anew.
    const again = await da.TaskManagementConnection.create(
      jiraCloudConnectionInput({ organizationId: connection.getOrganizationId(), externalInstanceId: connection.getExternalInstanceId(), metadata: connection.getMetadata() }),
    );
    await again.remove();
    expect(await scanAll(client, tableName)).to.deep.equal([]);
  });

  it('removeByIds on tickets removes exactly them, their links and guards, and frees their suggestions', async function () {
    const bystander = await da.TaskManagementConnection.create(jiraCloudConnectionInput());
    await ticketsWithLinks(bystander, 5, 2);
    await da.SyncOperation.start(syncStartInput(bystander));
    const bystanderOnly = await tableSnapshot(client, tableName);
    const connection = await da.TaskManagementConnection.create(jiraCloudConnectionInput());
    const created = await ticketsWithLinks(connection, 30, 2);
    const removed = created.slice(0, 10);
    const kept = created.slice(10);
    const before = await scanAll(client, tableName);

    await da.Ticket.removeByIds([...removed.map((c) => c.ticket.getId()), randomUUID()]);

    const after = await scanAll(client, tableName);
    const removedIds = new Set(removed.map((c) => c.ticket.getId()));
    const expected = before.filter((item) => !removedIds.has(item.ticketId as string) && !removedIds.has(item.ownerId as string));
    expect(after.map(keyOf).sort()).to.deep.equal(expected.map(keyOf).sort());
    expect(before.length - after.length).to.equal(10 * (1 + 1 + 2));
    for (const { suggestionIds } of removed) {
      for (const id of suggestionIds) expect(await da.TicketSuggestion.findBySuggestionId(id)).to.equal(null);
    }
    for (const { ticket, suggestionIds } of kept.slice(0, 3)) {
      for (const id of suggestionIds) expect((await da.TicketSuggestion.findBySuggestionId(id))?.getTicketId()).to.equal(ticket.getId());
    }

    // The freed suggestions and external ids can be used again.
    for (const { suggestionIds, externalTicketId } of removed) {
      const { ticket } = await da.Ticket.createWithSuggestions(
        ticketInput(connection, { externalTicketId }),
        suggestionIds.map((suggestionId) => ({ suggestionId, opportunityId: randomUUID() })),
      );
      expect((await ticket.getTicketSuggestions()).map((l) => l.getSuggestionId()).sort()).to.deep.equal([...suggestionIds].sort());
    }
    // Kept ones are still taken.
    const taken = await da.Ticket.createWithSuggestions(ticketInput(connection), kept[0]!.suggestionIds.map((suggestionId) => ({ suggestionId, opportunityId: randomUUID() }))).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(taken).to.have.property('constraint', 'suggestion');

    // Removing this connection leaves the bystander's tree exactly as it was.
    await connection.remove();
    expect(await tableSnapshot(client, tableName)).to.deep.equal(bystanderOnly);
    await bystander.remove();
    expect(await scanAll(client, tableName)).to.deep.equal([]);
  });

  it('ticket.remove() a second time is harmless', async function () {
    const connection = await da.TaskManagementConnection.create(jiraCloudConnectionInput());
    const { ticket } = (await ticketsWithLinks(connection, 1, 3))[0]!;
    await ticket.remove();
    await ticket.remove();
    const items = await scanAll(client, tableName);
    expect(items.filter((item) => item.ticketId === ticket.getId() || item.ownerId === ticket.getId())).to.deep.equal([]);
    await connection.remove();
    expect(await scanAll(client, tableName)).to.deep.equal([]);
  });
});

describe('links carry their ticket\'s connection: a connection\'s cascade finds them in one query', function () {
  it('removes a connection with 40 tickets and their links with one links query, not one per ticket, and leaves nothing', async function () {
    const { da, client, tableName } = await freshDataAccess('cascade-shortcut');
    const connection = await da.TaskManagementConnection.create(jiraCloudConnectionInput());
    for (let i = 0; i < 40; i += 1) {
      const { ticket } = await da.Ticket.createWithSuggestions(ticketInput(connection), suggestionLinks(2));
      if (i % 10 === 0) await da.TicketSuggestion.create({ ticketId: ticket.getId(), suggestionId: randomUUID(), opportunityId: randomUUID(), createdBy: 'user-1' });
    }
    const links = itemsOfEntity(await scanAll(client, tableName), 'TicketSuggestion');
    expect(links).to.have.length(84);
    for (const link of links) expect(link.taskManagementConnectionId).to.equal(connection.getId());
    expect(await da.TicketSuggestion.allByTaskManagementConnectionId(connection.getId())).to.have.length(84);

    // A table whose migrations ran (as after `migrate run`): until the link migration is done the
    // cascade also asks each ticket for links stored before they carried the connection id
    // (test/it/migrations/cascade-before-migration.test.ts).
    const migrated = await da.migrations.run();
    expect(migrated.map((result) => result.outcome)).to.deep.equal(migrated.map(() => 'done'));
    const { queries, stop } = recordQueries(client);
    try {
      await connection.remove();
    } finally {
      stop();
    }
    // tickets by connection, links by connection, sync operations, the token state: one page each,
    // twice — the fenced connection's children are swept again for an item an index showed late.
    expect(queries.length).to.be.at.most(8);
    const left = await scanAll(client, tableName);
    expect(left.filter((item) => !String(item.pk).startsWith('$migration#'))).to.deep.equal([]);
    expect(left).to.have.length(migrated.length);
  });

  it('a link for a ticket that does not exist is NotFoundError, alone or in createMany, and nothing is written', async function () {
    const { da, client, tableName } = await freshDataAccess('link-missing-ticket');
    const connection = await da.TaskManagementConnection.create(jiraCloudConnectionInput());
    const ticket = await da.Ticket.create(ticketInput(connection));
    const before = (await scanAll(client, tableName)).length;
    const missing = randomUUID();
    const alone = await da.TicketSuggestion.create({ ticketId: missing, suggestionId: randomUUID(), opportunityId: randomUUID(), createdBy: 'u' }).catch((e: unknown) => e);
    expect(alone).to.be.instanceOf(NotFoundError).and.include({ entityName: 'Ticket', id: missing });
    const result = await da.TicketSuggestion.createMany([
      { ticketId: missing, suggestionId: randomUUID(), opportunityId: randomUUID(), createdBy: 'u' },
      { ticketId: ticket.getId(), suggestionId: randomUUID(), opportunityId: randomUUID(), createdBy: 'u' },
    ]);
    expect(result.created.map((link) => link.getTicketId())).to.deep.equal([ticket.getId()]);
    expect(result.failed.map((f) => f.error)).to.have.length(1);
    expect(result.failed[0]?.error).to.be.instanceOf(NotFoundError);
    expect((await scanAll(client, tableName)).length).to.equal(before + 1);
  });
});
