/**
 * TicketSuggestion on DynamoDB Local: the immutable link from a suggestion to its ticket. It needs
 * an existing ticket, one link per suggestion, lookups by suggestion (one or many) and by ticket.
 */
import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ConflictError, DataAccessError, NotFoundError, ValidationError } from '../../../src/index.js';
import type { DataAccess, TaskManagementConnection, Ticket } from '../../../src/index.js';
import { errorOf, freshDataAccess, jiraCloudConnectionInput, rejectionOf, suggestionLinks, tableSnapshot, ticketInput } from '../../support/entity-fixtures.js';

describe('TicketSuggestion (DynamoDB Local)', function () {
  let da: DataAccess;
  let tableName: string;
  let client: DynamoDBClient;
  let connection: TaskManagementConnection;
  let ticket: Ticket;

  before(async function () {
    ({ da, tableName, client } = await freshDataAccess('entities-suggestions'));
    connection = await da.TaskManagementConnection.create(jiraCloudConnectionInput());
    ticket = await da.Ticket.create(ticketInput(connection));
  });

  function linkInput(ticketId: string, overrides: Record<string, unknown> = {}) {
    return { ticketId, suggestionId: randomUUID(), opportunityId: randomUUID(), createdBy: 'user-1', ...overrides };
  }

  it('create links a suggestion to an existing ticket', async function () {
    const input = linkInput(ticket.getId());
    const link = await da.TicketSuggestion.create(input);
    expect(link.toJSON()).to.include(input);
    expect((await link.getTicket())?.getId()).to.equal(ticket.getId());
    expect((await da.TicketSuggestion.findBySuggestionId(input.suggestionId))?.getId()).to.equal(link.getId());
  });

  it('create on a ticket that does not exist → NotFoundError, nothing written', async function () {
    const before = await tableSnapshot(client, tableName);
    const missing = randomUUID();
    const error = await rejectionOf(da.TicketSuggestion.create(linkInput(missing)));
    expect(error).to.be.instanceOf(NotFoundError);
    expect(error).to.include({ entityName: 'Ticket', id: missing });
    expect(await tableSnapshot(client, tableName)).to.deep.equal(before);
  });

  it("one link per suggestionId: a second one → ConflictError 'suggestion' (same or another ticket)", async function () {
    const other = await da.Ticket.create(ticketInput(connection));
    const input = linkInput(ticket.getId());
    await da.TicketSuggestion.create(input);
    const before = await tableSnapshot(client, tableName);
    const sameTicket = await rejectionOf(da.TicketSuggestion.create({ ...input, opportunityId: randomUUID() }));
    expect(sameTicket).to.be.instanceOf(ConflictError).and.have.property('constraint', 'suggestion');
    const otherTicket = await rejectionOf(da.TicketSuggestion.create({ ...input, ticketId: other.getId() }));
    expect(otherTicket).to.be.instanceOf(ConflictError).and.have.property('constraint', 'suggestion');
    expect(await tableSnapshot(client, tableName)).to.deep.equal(before);
    expect((await da.TicketSuggestion.findBySuggestionId(input.suggestionId))?.getTicketId()).to.equal(ticket.getId());
  });

  it('findBySuggestionId returns the link or null', async function () {
    const input = linkInput(ticket.getId());
    const link = await da.TicketSuggestion.create(input);
    const found = await da.TicketSuggestion.findBySuggestionId(input.suggestionId);
    expect(found?.getId()).to.equal(link.getId());
    expect(found?.getTicketId()).to.equal(ticket.getId());
    expect(found?.getOpportunityId()).to.equal(input.opportunityId);
    expect(await da.TicketSuggestion.findBySuggestionId(randomUUID())).to.equal(null);
  });

  it('allBySuggestionIds with 250 ids (some unlinked, some repeated) returns each existing link once', async function () {
    const tickets: Ticket[] = [];
    const linked: string[] = [];
    for (let i = 0; i < 3; i += 1) {
      const links = suggestionLinks(40);
      tickets.push((await da.Ticket.createWithSuggestions(ticketInput(connection), links)).ticket);
      linked.push(...links.map((l) => l.suggestionId));
    }
    const unlinked = Array.from({ length: 100 }, () => randomUUID());
    const repeats = linked.slice(0, 30);
    const ids = [...linked, ...unlinked, ...repeats];
    // Interleave so repeats and unlinked ids are spread over several batch requests.
    ids.sort((a, b) => (a < b ? -1 : 1));
    expect(ids).to.have.length(250);

    const found = await da.TicketSuggestion.allBySuggestionIds(ids);
    const foundIds = found.map((l) => l.getSuggestionId());
    expect(foundIds).to.have.length(120);
    expect(new Set(foundIds).size).to.equal(120);
    expect([...foundIds].sort()).to.deep.equal([...linked].sort());
    const byTicket = new Map(tickets.map((t) => [t.getId(), 0]));
    for (const link of found) byTicket.set(link.getTicketId(), (byTicket.get(link.getTicketId()) ?? 0) + 1);
    expect([...byTicket.values()]).to.deep.equal([40, 40, 40]);
    expect(await da.TicketSuggestion.allBySuggestionIds([])).to.deep.equal([]);
  });

  it('allBySuggestionIds refuses ids that are not UUIDs (ValidationError)', async function () {
    const error = await errorOf(() => da.TicketSuggestion.allBySuggestionIds([randomUUID(), 'nope']));
    expect(error).to.be.instanceOf(ValidationError);
    expect((error as ValidationError).issues.map((i) => i.path)).to.deep.equal(['suggestionIds[1]']);
  });

  it("a link is immutable: no setters, save() throws code 'UNSUPPORTED' and writes nothing", async function () {
    const link = await da.TicketSuggestion.create(linkInput(ticket.getId()));
    const model = link as unknown as Record<string, unknown>;
    for (const name of ['TicketId', 'SuggestionId', 'OpportunityId', 'CreatedBy', 'UpdatedBy', 'TicketSuggestionId']) {
      expect(typeof model[`set${name}`], `set${name}`).to.equal('undefined');
    }
    const before = await tableSnapshot(client, tableName);
    // @ts-expect-error save() does not compile on a link (API.md: impossible by type); at run time it rejects
    const error = await errorOf(() => link.save());
    expect(error).to.be.instanceOf(DataAccessError).and.have.property('code', 'UNSUPPORTED');
    expect(await tableSnapshot(client, tableName)).to.deep.equal(before);
  });

  it('allByTicketId returns exactly the links of one ticket', async function () {
    const mine = await da.Ticket.create(ticketInput(connection));
    const theirs = await da.Ticket.create(ticketInput(connection));
    const links = [];
    for (let i = 0; i < 7; i += 1) links.push(await da.TicketSuggestion.create(linkInput(mine.getId())));
    await da.TicketSuggestion.create(linkInput(theirs.getId()));
    const all = await da.TicketSuggestion.allByTicketId(mine.getId());
    expect(all.map((l) => l.getId()).sort()).to.deep.equal(links.map((l) => l.getId()).sort());
    expect((await mine.getTicketSuggestions()).map((l) => l.getId()).sort()).to.deep.equal(links.map((l) => l.getId()).sort());
    expect(await da.TicketSuggestion.allByTicketId(randomUUID())).to.deep.equal([]);
  });
});
