/**
 * Canonical UUIDs on DynamoDB Local: ids are accepted in any letter case, stored in lower case,
 * and every key, unique guard and derived id uses that form — so one suggestion (or one tracker
 * instance) written in two cases is still one, and every finder finds it in either case.
 * After each refused call the table is scanned: nothing new was written.
 */
import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ConflictError } from '../../../src/index.js';
import type { DataAccess, TaskManagementConnection, Ticket, TicketSuggestion } from '../../../src/index.js';
import {
  freshDataAccess,
  githubConnectionInput,
  guardsOf,
  itemsOfEntity,
  jiraCloudConnectionInput,
  rejectionOf,
  syncStartInput,
  tableSnapshot,
  ticketInput,
} from '../../support/entity-fixtures.js';
import { scanAll } from '../../support/local-store.js';

const upper = (id: string) => id.toUpperCase();
const idsOf = (models: readonly { getId(): string }[]) => models.map((model) => model.getId());

describe('canonical UUIDs (DynamoDB Local)', function () {
  let da: DataAccess;
  let tableName: string;
  let client: DynamoDBClient;
  let connection: TaskManagementConnection;
  let ticket: Ticket;
  let link: TicketSuggestion;
  let suggestionId: string;

  before(async function () {
    ({ da, tableName, client } = await freshDataAccess('entities-canonical-ids'));
    connection = await da.TaskManagementConnection.create(jiraCloudConnectionInput());
    ticket = await da.Ticket.create(ticketInput(connection));
    suggestionId = randomUUID();
    link = await da.TicketSuggestion.create({ ticketId: ticket.getId(), suggestionId, opportunityId: randomUUID(), createdBy: 'user-1' });
  });

  describe('a suggestion linked in lower case', function () {
    it("linked again in upper case → ConflictError('suggestion'), nothing written", async function () {
      const before = await tableSnapshot(client, tableName);
      const error = await rejectionOf(
        da.TicketSuggestion.create({ ticketId: ticket.getId(), suggestionId: upper(suggestionId), opportunityId: randomUUID(), createdBy: 'user-1' }),
      );
      expect(error).to.be.instanceOf(ConflictError).and.have.property('constraint', 'suggestion');
      expect(await tableSnapshot(client, tableName)).to.deep.equal(before);
    });

    it("in a ticket's links given in upper case → ConflictError('suggestion'), nothing written", async function () {
      const before = await tableSnapshot(client, tableName);
      const error = await rejectionOf(
        da.Ticket.createWithSuggestions(ticketInput(connection), [{ suggestionId: upper(suggestionId), opportunityId: randomUUID() }]),
      );
      expect(error).to.be.instanceOf(ConflictError).and.have.property('constraint', 'suggestion');
      expect(await tableSnapshot(client, tableName)).to.deep.equal(before);
    });

    it('is found by findBySuggestionId and allBySuggestionIds in either case', async function () {
      expect((await da.TicketSuggestion.findBySuggestionId(upper(suggestionId)))?.getId()).to.equal(link.getId());
      expect((await da.TicketSuggestion.findBySuggestionId(suggestionId))?.getId()).to.equal(link.getId());
      expect(idsOf(await da.TicketSuggestion.allBySuggestionIds([upper(suggestionId)]))).to.deep.equal([link.getId()]);
      expect(idsOf(await da.TicketSuggestion.allBySuggestionIds([suggestionId, upper(suggestionId)]))).to.deep.equal([link.getId()]);
    });
  });

  describe('a link whose ticketId is given in upper case', function () {
    it('create() links it to the ticket and stores the ticketId in lower case', async function () {
      const created = await da.TicketSuggestion.create({ ticketId: upper(ticket.getId()), suggestionId: randomUUID(), opportunityId: randomUUID(), createdBy: 'user-1' });
      expect(created.getTicketId()).to.equal(ticket.getId());
      expect(created.getTaskManagementConnectionId()).to.equal(connection.getId());
    });

    it('createMany() links each, in either case, to its ticket', async function () {
      const { created, failed } = await da.TicketSuggestion.createMany([
        { ticketId: upper(ticket.getId()), suggestionId: randomUUID(), opportunityId: randomUUID(), createdBy: 'user-1' },
        { ticketId: ticket.getId(), suggestionId: randomUUID(), opportunityId: randomUUID(), createdBy: 'user-1' },
      ]);
      expect(failed).to.deep.equal([]);
      expect(created.map((model) => model.getTicketId())).to.deep.equal([ticket.getId(), ticket.getId()]);
      expect(created.map((model) => model.getTaskManagementConnectionId())).to.deep.equal([connection.getId(), connection.getId()]);
    });
  });

  it('every generated finder and page() finds records by upper-case keys', async function () {
    const org = upper(connection.getOrganizationId());
    expect(idsOf(await da.TaskManagementConnection.allByOrganizationId(org))).to.deep.equal([connection.getId()]);
    expect((await da.TaskManagementConnection.findActiveByOrganizationAndProvider(org, 'jira_cloud'))?.getId()).to.equal(connection.getId());
    expect(idsOf(await da.Ticket.allByOrganizationId(org))).to.include(ticket.getId());
    expect(idsOf(await da.Ticket.allByTaskManagementConnectionId(upper(connection.getId())))).to.include(ticket.getId());
    expect(idsOf(await da.Ticket.allByOpportunityId(upper(ticket.getOpportunityId() ?? '')))).to.deep.equal([ticket.getId()]);
    expect(idsOf(await da.TicketSuggestion.allByTicketId(upper(ticket.getId())))).to.deep.equal([link.getId()]);
    expect(idsOf((await da.TaskManagementConnection.page({ organizationId: org })).items)).to.deep.equal([connection.getId()]);
  });

  it('a child created with its parent id in upper case stores it in lower case', async function () {
    const child = await da.Ticket.create(ticketInput(connection, { taskManagementConnectionId: upper(connection.getId()), organizationId: upper(connection.getOrganizationId()) }));
    expect(child.getTaskManagementConnectionId()).to.equal(connection.getId());
    expect(child.getOrganizationId()).to.equal(connection.getOrganizationId());
    const sync = await da.SyncOperation.start(syncStartInput(connection, { taskManagementConnectionId: upper(connection.getId()) }));
    expect((await da.SyncOperation.findActiveByConnectionId(upper(connection.getId())))?.getId()).to.equal(sync.getId());
    await sync.cancel();
  });

  describe('a connection created with an upper-case organizationId', function () {
    let created: TaskManagementConnection;
    let input: ReturnType<typeof githubConnectionInput>;

    before(async function () {
      input = githubConnectionInput({ organizationId: upper(randomUUID()) });
      created = await da.TaskManagementConnection.create(input);
    });

    it('is stored in lower case, guard included', async function () {
      const lower = input.organizationId.toLowerCase();
      expect(created.getOrganizationId()).to.equal(lower);
      const items = await scanAll(client, tableName);
      const stored = itemsOfEntity(items, 'TaskManagementConnection').find((item) => item.taskManagementConnectionId === created.getId());
      expect(stored?.organizationId).to.equal(lower);
      expect(JSON.stringify(items)).to.not.include(input.organizationId);
      expect(guardsOf(items, 'external-instance').filter((guard) => guard.ownerId === created.getId())).to.have.length(1);
    });

    it('is found by findByExternalInstance in either case', async function () {
      const { organizationId, provider, externalInstanceId } = input;
      expect((await da.TaskManagementConnection.findByExternalInstance(organizationId, provider, externalInstanceId))?.getId()).to.equal(created.getId());
      expect((await da.TaskManagementConnection.findByExternalInstance(organizationId.toLowerCase(), provider, externalInstanceId))?.getId()).to.equal(created.getId());
    });

    it("created again in lower case → ConflictError('external-instance'), nothing written", async function () {
      const before = await tableSnapshot(client, tableName);
      const error = await rejectionOf(da.TaskManagementConnection.create({ ...input, organizationId: input.organizationId.toLowerCase() }));
      expect(error).to.be.instanceOf(ConflictError).and.have.property('constraint', 'external-instance');
      expect(await tableSnapshot(client, tableName)).to.deep.equal(before);
    });
  });
});
