/**
 * Ticket on DynamoDB Local: the connection checks made inside the write, the external-ticket
 * constraint, the lookups, recordStatusSync, readOnly identifiers and createWithSuggestions
 * (all or nothing, up to 49 links, naming the already-ticketed suggestions).
 */
import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ConflictError, NotFoundError, ValidationError } from '../../../src/index.js';
import type { DataAccess, TaskManagementConnection, Ticket } from '../../../src/index.js';
import {
  errorOf,
  freshDataAccess,
  githubConnectionInput,
  guardsOf,
  isGuardItem,
  itemsOfEntity,
  jiraCloudConnectionInput,
  rejectionOf,
  suggestionLinks,
  tableSnapshot,
  ticketInput,
} from '../../support/entity-fixtures.js';
import { scanAll } from '../../support/local-store.js';

describe('Ticket (DynamoDB Local)', function () {
  let da: DataAccess;
  let tableName: string;
  let client: DynamoDBClient;
  let connection: TaskManagementConnection;

  before(async function () {
    ({ da, tableName, client } = await freshDataAccess('entities-tickets'));
    connection = await da.TaskManagementConnection.create(jiraCloudConnectionInput());
  });

  async function newConnection(overrides: Record<string, unknown> = {}): Promise<TaskManagementConnection> {
    return da.TaskManagementConnection.create(jiraCloudConnectionInput(overrides));
  }

  /** Items added to the table by `op` (by serialised content). */
  async function writtenBy(op: () => Promise<unknown>): Promise<Record<string, unknown>[]> {
    const before = new Set((await scanAll(client, tableName)).map((item) => `${String(item.pk)}|${String(item.sk)}`));
    await op();
    return (await scanAll(client, tableName)).filter((item) => !before.has(`${String(item.pk)}|${String(item.sk)}`));
  }

  describe('create and the connection checks', function () {
    it('creates a ticket on an active connection and reads it back', async function () {
      const input = ticketInput(connection);
      const ticket = await da.Ticket.create(input);
      const back = await da.Ticket.findById(ticket.getId());
      expect(back?.toJSON()).to.include({ ...input, ticketStatus: null });
      expect((await back!.getTaskManagementConnection())?.getId()).to.equal(connection.getId());
    });

    it('a missing connection → NotFoundError, nothing written', async function () {
      const before = await tableSnapshot(client, tableName);
      const missingId = randomUUID();
      const error = await rejectionOf(da.Ticket.create(ticketInput(connection, { taskManagementConnectionId: missingId })));
      expect(error).to.be.instanceOf(NotFoundError);
      expect(error).to.include({ code: 'NOT_FOUND', entityName: 'TaskManagementConnection', id: missingId });
      expect(await tableSnapshot(client, tableName)).to.deep.equal(before);
    });

    for (const status of ['disabled', 'requires_reauth', 'error', 'disconnected'] as const) {
      it(`a ${status} connection → ConflictError 'active-connection', nothing written`, async function () {
        const other = await newConnection();
        if (status === 'disabled') await other.markDisabled();
        if (status === 'requires_reauth') await other.markRequiresReauth();
        if (status === 'error') await other.markError('boom');
        if (status === 'disconnected') await other.markDisconnected();
        const before = await tableSnapshot(client, tableName);
        const error = await rejectionOf(da.Ticket.create(ticketInput(other)));
        expect(error).to.be.instanceOf(ConflictError).and.have.property('constraint', 'active-connection');
        const viaLinks = await rejectionOf(da.Ticket.createWithSuggestions(ticketInput(other), suggestionLinks(3)));
        expect(viaLinks).to.be.instanceOf(ConflictError).and.have.property('constraint', 'active-connection');
        expect(await tableSnapshot(client, tableName)).to.deep.equal(before);
      });
    }

    it("a ticketProvider other than the connection's provider → ConflictError 'connection-provider', nothing written", async function () {
      const before = await tableSnapshot(client, tableName);
      const error = await rejectionOf(da.Ticket.create(ticketInput(connection, { ticketProvider: 'github' })));
      expect(error).to.be.instanceOf(ConflictError).and.have.property('constraint', 'connection-provider');
      const github = await da.TaskManagementConnection.create(githubConnectionInput());
      const before2 = await tableSnapshot(client, tableName);
      const error2 = await rejectionOf(da.Ticket.create(ticketInput(github, { ticketProvider: 'jira_cloud' })));
      expect(error2).to.be.instanceOf(ConflictError).and.have.property('constraint', 'connection-provider');
      const viaLinks = await rejectionOf(da.Ticket.createWithSuggestions(ticketInput(github, { ticketProvider: 'jira_data_center' }), suggestionLinks(2)));
      expect(viaLinks).to.be.instanceOf(ConflictError).and.have.property('constraint', 'connection-provider');
      expect(await tableSnapshot(client, tableName)).to.deep.equal(before2);
      expect(before2.length).to.be.greaterThan(before.length);
      // The matching provider works on the same connection.
      await da.Ticket.create(ticketInput(github, { ticketProvider: 'github', ticketUrl: 'https://github.com/acme/web/issues/1' }));
    });

    it("(connection, externalTicketId) is unique: 'external-ticket'; another connection may reuse the id", async function () {
      const input = ticketInput(connection);
      const first = await da.Ticket.create(input);
      const before = await tableSnapshot(client, tableName);
      const error = await rejectionOf(da.Ticket.create({ ...input, ticketKey: 'ASO-OTHER' }));
      expect(error).to.be.instanceOf(ConflictError).and.have.property('constraint', 'external-ticket');
      const viaLinks = await rejectionOf(da.Ticket.createWithSuggestions({ ...input }, suggestionLinks(4)));
      expect(viaLinks).to.be.instanceOf(ConflictError).and.have.property('constraint', 'external-ticket');
      expect(await tableSnapshot(client, tableName)).to.deep.equal(before);

      // Another connection of the same organization (another provider: one active connection per provider).
      const other = await da.TaskManagementConnection.create(githubConnectionInput({ organizationId: connection.getOrganizationId() }));
      const second = await da.Ticket.create(ticketInput(other, { externalTicketId: input.externalTicketId, ticketProvider: 'github' }));
      expect(second.getId()).to.not.equal(first.getId());
    });
  });

  describe('lookups', function () {
    it('findByExternalTicketId matches exactly (no prefix matches, no other connection)', async function () {
      const conn = await newConnection();
      const other = await newConnection();
      const t123 = await da.Ticket.create(ticketInput(conn, { externalTicketId: '123' }));
      await da.Ticket.create(ticketInput(other, { externalTicketId: '12' }));
      expect(await da.Ticket.findByExternalTicketId(conn.getId(), '12'), "'12' is only a prefix of '123'").to.equal(null);
      expect(await da.Ticket.findByExternalTicketId(conn.getId(), '1')).to.equal(null);
      expect(await da.Ticket.findByExternalTicketId(conn.getId(), '1234')).to.equal(null);
      expect((await da.Ticket.findByExternalTicketId(conn.getId(), '123'))?.getId()).to.equal(t123.getId());
      const t12 = await da.Ticket.create(ticketInput(conn, { externalTicketId: '12' }));
      expect((await da.Ticket.findByExternalTicketId(conn.getId(), '12'))?.getId()).to.equal(t12.getId());
      expect((await da.Ticket.findByExternalTicketId(conn.getId(), '123'))?.getId()).to.equal(t123.getId());
      expect(await da.Ticket.findByExternalTicketId(randomUUID(), '123')).to.equal(null);
    });

    it('allByTaskManagementConnectionId / allByOrganizationId / allByOpportunityId return exactly their tickets', async function () {
      const organizationId = randomUUID();
      const a = await newConnection({ organizationId });
      // The organization's second connection is another provider's (one active connection per provider).
      const b = await da.TaskManagementConnection.create(githubConnectionInput({ organizationId }));
      const elsewhere = await newConnection();
      const opportunityId = randomUUID();
      const onA = [
        await da.Ticket.create(ticketInput(a, { opportunityId })),
        await da.Ticket.create(ticketInput(a)),
        await da.Ticket.create(ticketInput(a, { opportunityId: undefined })),
      ];
      const onB = [await da.Ticket.create(ticketInput(b, { opportunityId, ticketProvider: 'github' })), await da.Ticket.create(ticketInput(b, { ticketProvider: 'github' }))];
      const foreign = await da.Ticket.create(ticketInput(elsewhere, { opportunityId }));
      const ids = (tickets: readonly Ticket[]) => tickets.map((t) => t.getId()).sort();

      expect(ids(await da.Ticket.allByTaskManagementConnectionId(a.getId()))).to.deep.equal(ids(onA));
      expect(ids(await da.Ticket.allByTaskManagementConnectionId(b.getId()))).to.deep.equal(ids(onB));
      expect(ids(await a.getTickets())).to.deep.equal(ids(onA));
      expect(ids(await da.Ticket.allByOrganizationId(organizationId))).to.deep.equal(ids([...onA, ...onB]));
      expect(ids(await da.Ticket.allByOpportunityId(opportunityId))).to.deep.equal(ids([onA[0]!, onB[0]!, foreign]));
      expect(await da.Ticket.allByOpportunityId(randomUUID())).to.deep.equal([]);
    });
  });

  describe('the model', function () {
    it('recordStatusSync sets ticketStatus and statusSyncedAt (stored)', async function () {
      const ticket = await da.Ticket.create(ticketInput(connection));
      expect(ticket.getTicketStatus()).to.equal(null);
      expect(ticket.getStatusSyncedAt()).to.equal(undefined);
      const before = Date.now();
      await ticket.recordStatusSync('In Progress');
      const after = Date.now();
      const back = await da.Ticket.findById(ticket.getId());
      expect(back?.getTicketStatus()).to.equal('In Progress');
      expect(Date.parse(back!.getStatusSyncedAt()!)).to.be.within(before - 5, after + 5);

      const stale = (await da.Ticket.findById(ticket.getId()))!;
      await ticket.recordStatusSync('Done');
      await stale.recordStatusSync('Closed');
      expect((await da.Ticket.findById(ticket.getId()))?.getTicketStatus(), 'the latest sync wins').to.equal('Closed');
    });

    it('recordStatusSync refuses a bad status (ValidationError, nothing written)', async function () {
      const ticket = await da.Ticket.create(ticketInput(connection));
      const before = await tableSnapshot(client, tableName);
      for (const bad of ['', 'x'.repeat(101), 5, null]) {
        expect(await errorOf(() => ticket.recordStatusSync(bad as string))).to.be.instanceOf(ValidationError);
      }
      expect(await tableSnapshot(client, tableName)).to.deep.equal(before);
    });

    it('identifiers are readOnly: no setters at run time', async function () {
      const ticket = await da.Ticket.create(ticketInput(connection));
      const model = ticket as unknown as Record<string, unknown>;
      for (const name of [
        'TicketId',
        'OrganizationId',
        'TaskManagementConnectionId',
        'OpportunityId',
        'ExternalTicketId',
        'TicketKey',
        'TicketUrl',
        'TicketProvider',
        'Summary',
        'CreatedBy',
        'StatusSyncedAt',
        'CreatedAt',
        'UpdatedAt',
      ]) {
        expect(typeof model[`set${name}`], `set${name}`).to.equal('undefined');
        expect(typeof model[`get${name}`], `get${name}`).to.equal('function');
      }
      expect(typeof model.setTicketStatus).to.equal('function');
    });
  });

  describe('createWithSuggestions', function () {
    it('with 49 links writes exactly 1 ticket + 1 guard + 49 links', async function () {
      const links = suggestionLinks(49);
      let result: Awaited<ReturnType<DataAccess['Ticket']['createWithSuggestions']>> | undefined;
      const added = await writtenBy(async () => {
        result = await da.Ticket.createWithSuggestions(ticketInput(connection), links);
      });
      expect(result!.links).to.have.length(49);
      expect(itemsOfEntity(added, 'Ticket')).to.have.length(1);
      expect(itemsOfEntity(added, 'Ticket')[0]?.ticketId).to.equal(result!.ticket.getId());
      expect(added.filter(isGuardItem)).to.have.length(1);
      expect(guardsOf(added, 'external-ticket')).to.have.length(1);
      const stored = itemsOfEntity(added, 'TicketSuggestion');
      expect(stored).to.have.length(49);
      expect(added).to.have.length(51);
      expect(stored.map((l) => l.suggestionId).sort()).to.deep.equal(links.map((l) => l.suggestionId).sort());
      expect(stored.every((l) => l.ticketId === result!.ticket.getId())).to.equal(true);
      const fetched = await result!.ticket.getTicketSuggestions();
      expect(fetched.map((l) => l.getSuggestionId()).sort()).to.deep.equal(links.map((l) => l.suggestionId).sort());
    });

    it('50 links → ValidationError and nothing written', async function () {
      const before = await tableSnapshot(client, tableName);
      const input = ticketInput(connection);
      const error = await errorOf(() => da.Ticket.createWithSuggestions(input, suggestionLinks(50)));
      expect(error).to.be.instanceOf(ValidationError);
      expect((error as ValidationError).issues.map((i) => i.path)).to.include('links');
      expect(await tableSnapshot(client, tableName)).to.deep.equal(before);
      expect(await da.Ticket.findByExternalTicketId(connection.getId(), input.externalTicketId)).to.equal(null);
    });

    it('a suggestionId listed twice in one call → ValidationError and nothing written', async function () {
      const before = await tableSnapshot(client, tableName);
      const links = suggestionLinks(5);
      links.push({ suggestionId: links[2]!.suggestionId, opportunityId: randomUUID() });
      const error = await errorOf(() => da.Ticket.createWithSuggestions(ticketInput(connection), links));
      expect(error).to.be.instanceOf(ValidationError);
      expect((error as ValidationError).issues.map((i) => i.path)).to.include('links[5].suggestionId');
      expect(await tableSnapshot(client, tableName)).to.deep.equal(before);
    });

    it("2 of 5 suggestions already ticketed → ConflictError 'suggestion' naming exactly those 2; nothing written", async function () {
      const [s1, s2, s3, s4, s5] = Array.from({ length: 5 }, () => randomUUID()) as [string, string, string, string, string];
      await da.Ticket.createWithSuggestions(ticketInput(connection), suggestionLinks(1, [s2]));
      await da.Ticket.createWithSuggestions(ticketInput(connection), suggestionLinks(1, [s4]));
      const before = await tableSnapshot(client, tableName);
      const input = ticketInput(connection);
      const error = await rejectionOf(da.Ticket.createWithSuggestions(input, suggestionLinks(5, [s1, s2, s3, s4, s5])));
      expect(error).to.be.instanceOf(ConflictError).and.have.property('constraint', 'suggestion');
      expect([...(error as ConflictError).conflictingValues].sort()).to.deep.equal([s2, s4].sort());
      expect(await tableSnapshot(client, tableName)).to.deep.equal(before);
      expect(await da.Ticket.findByExternalTicketId(connection.getId(), input.externalTicketId)).to.equal(null);
      for (const free of [s1, s3, s5]) expect(await da.TicketSuggestion.findBySuggestionId(free)).to.equal(null);
    });

    it('removing a ticket frees its suggestions (and its external id) for new links', async function () {
      const links = suggestionLinks(3);
      const input = ticketInput(connection);
      const { ticket } = await da.Ticket.createWithSuggestions(input, links);
      const blocked = await rejectionOf(da.Ticket.createWithSuggestions(ticketInput(connection), links));
      expect(blocked).to.be.instanceOf(ConflictError).and.have.property('constraint', 'suggestion');
      await ticket.remove();
      const items = await scanAll(client, tableName);
      expect(items.filter((item) => item.ticketId === ticket.getId() || item.ownerId === ticket.getId())).to.deep.equal([]);
      for (const link of links) expect(await da.TicketSuggestion.findBySuggestionId(link.suggestionId)).to.equal(null);

      const again = await da.Ticket.createWithSuggestions(input, links);
      expect(again.ticket.getId()).to.not.equal(ticket.getId());
      for (const link of links) expect((await da.TicketSuggestion.findBySuggestionId(link.suggestionId))?.getTicketId()).to.equal(again.ticket.getId());
    });

    it('a missing connection → NotFoundError, nothing written', async function () {
      const before = await tableSnapshot(client, tableName);
      const error = await rejectionOf(da.Ticket.createWithSuggestions(ticketInput(connection, { taskManagementConnectionId: randomUUID() }), suggestionLinks(2)));
      expect(error).to.be.instanceOf(NotFoundError);
      expect(await tableSnapshot(client, tableName)).to.deep.equal(before);
    });

    it('with no links creates only the ticket and its guard', async function () {
      let ticket: Ticket | undefined;
      const added = await writtenBy(async () => {
        ({ ticket } = await da.Ticket.createWithSuggestions(ticketInput(connection), []));
      });
      expect(added).to.have.length(2);
      expect(await ticket!.getTicketSuggestions()).to.deep.equal([]);
    });
  });
});

describe('tenant isolation (DynamoDB Local)', function () {
  it('refuses a ticket or a sync whose organization is not the connection\'s, inside the same write', async function () {
    const { da, client, tableName } = await freshDataAccess('tenant-isolation');
    const connection = await da.TaskManagementConnection.create(jiraCloudConnectionInput());
    const before = (await scanAll(client, tableName)).length;
    const foreign = randomUUID();
    const ticket = await da.Ticket.create(ticketInput(connection, { organizationId: foreign })).catch((e: unknown) => e);
    expect(ticket).to.be.instanceOf(ConflictError).and.have.property('constraint', 'connection-organization');
    const linked = await da.Ticket.createWithSuggestions(ticketInput(connection, { organizationId: foreign }), [{ suggestionId: randomUUID(), opportunityId: randomUUID() }]).catch((e: unknown) => e);
    expect(linked).to.be.instanceOf(ConflictError).and.have.property('constraint', 'connection-organization');
    const sync = await da.SyncOperation.start({ taskManagementConnectionId: connection.getId(), organizationId: foreign, triggeredBy: 'u', syncType: 'full' }).catch((e: unknown) => e);
    expect(sync).to.be.instanceOf(ConflictError).and.have.property('constraint', 'connection-organization');
    expect((await scanAll(client, tableName)).length).to.equal(before);
  });
});

describe('sparse indexes (DynamoDB Local)', function () {
  it('a ticket without opportunityId has no byOpportunity keys (no hot "empty" partition) and is still found by its other indexes', async function () {
    const { da, client, tableName } = await freshDataAccess('sparse-index');
    const connection = await da.TaskManagementConnection.create(jiraCloudConnectionInput());
    const input = ticketInput(connection);
    delete (input as { opportunityId?: string }).opportunityId;
    const ticket = await da.Ticket.create(input);
    const raw = (await scanAll(client, tableName)).find((item) => item.ticketId === ticket.getId())!;
    expect(raw).to.not.have.property('gsi3pk');
    expect(raw).to.not.have.property('gsi3sk');
    expect(raw).to.have.property('gsi1pk');
    expect((await da.Ticket.allByOrganizationId(connection.getOrganizationId())).map((t) => t.getId())).to.deep.equal([ticket.getId()]);
    const withOpportunity = await da.Ticket.create(ticketInput(connection));
    expect((await da.Ticket.allByOpportunityId(withOpportunity.getOpportunityId()!)).map((t) => t.getId())).to.deep.equal([withOpportunity.getId()]);
  });
});
