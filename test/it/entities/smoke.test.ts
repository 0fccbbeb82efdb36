import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { ConflictError, ConcurrentModificationError, NotFoundError, ValidationError } from '../../../src/index.js';
import type { DataAccess } from '../../../src/index.js';
import { freshDataAccess, jiraCloudConnectionInput, ticketInput } from '../../support/entity-fixtures.js';
import { scanAll } from '../../support/local-store.js';

describe('entities on DynamoDB Local: the main story', function () {
  let da: DataAccess;
  let tableName: string;
  let client: Awaited<ReturnType<typeof freshDataAccess>>['client'];

  before(async function () {
    ({ da, tableName, client } = await freshDataAccess('entities-smoke'));
  });

  it('runs the OAuth → connection → ticket → sync → remove story', async function () {
    const organizationId = randomUUID();
    const issued = await da.OAuthNonce.issue({ organizationId, provider: 'jira_cloud', createdBy: 'u1', codeVerifier: 'a'.repeat(50), redirectUri: 'https://app.example.com/cb' });
    expect(issued.nonce).to.match(/^[A-Za-z0-9_-]{43}$/);
    const consumed = await da.OAuthNonce.consume(issued.nonce);
    expect(consumed?.getOrganizationId()).to.equal(organizationId);
    expect(consumed?.toJSON()).to.not.have.property('codeVerifier');
    expect(await da.OAuthNonce.consume(issued.nonce)).to.equal(null);

    const connection = await da.TaskManagementConnection.create(jiraCloudConnectionInput({ organizationId }));
    expect((await da.TaskManagementConnection.findActiveByOrganizationAndProvider(organizationId, 'jira_cloud'))?.getId()).to.equal(connection.getId());
    expect((await da.TaskManagementConnection.findByExternalInstance(organizationId, 'jira_cloud', connection.getExternalInstanceId()))?.getId()).to.equal(connection.getId());
    const dup = await da.TaskManagementConnection.create(jiraCloudConnectionInput({ organizationId, externalInstanceId: connection.getExternalInstanceId() })).catch((e: unknown) => e);
    expect(dup).to.be.instanceOf(ConflictError).and.have.property('constraint', 'external-instance');

    const suggestionIds = [randomUUID(), randomUUID(), randomUUID()];
    const { ticket, links } = await da.Ticket.createWithSuggestions(ticketInput(connection), suggestionIds.map((suggestionId) => ({ suggestionId, opportunityId: randomUUID() })));
    expect(links).to.have.length(3);
    expect((await da.TicketSuggestion.findBySuggestionId(suggestionIds[0]!))?.getTicketId()).to.equal(ticket.getId());
    expect(await da.TicketSuggestion.allBySuggestionIds([...suggestionIds, randomUUID()])).to.have.length(3);
    const again = await da.Ticket.createWithSuggestions(ticketInput(connection), [{ suggestionId: suggestionIds[1]!, opportunityId: randomUUID() }, { suggestionId: randomUUID(), opportunityId: randomUUID() }]).catch((e: unknown) => e);
    expect(again).to.be.instanceOf(ConflictError).and.have.property('constraint', 'suggestion');
    expect((again as ConflictError).conflictingValues).to.deep.equal([suggestionIds[1]]);
    expect((await ticket.getTicketSuggestions()).map((l) => l.getSuggestionId()).sort()).to.deep.equal([...suggestionIds].sort());
    await ticket.recordStatusSync('In Progress');
    expect((await da.Ticket.findById(ticket.getId()))?.getTicketStatus()).to.equal('In Progress');

    const sync = await da.SyncOperation.start({ taskManagementConnectionId: connection.getId(), organizationId, triggeredBy: 'u1', syncType: 'full' });
    const second = await da.SyncOperation.start({ taskManagementConnectionId: connection.getId(), organizationId, triggeredBy: 'u1', syncType: 'full' }).catch((e: unknown) => e);
    expect(second).to.be.instanceOf(ConflictError).and.have.property('constraint', 'active-sync');
    expect((await da.SyncOperation.findActiveByConnectionId(connection.getId()))?.getId()).to.equal(sync.getId());
    await sync.begin();
    await sync.reportProgress({ current: 1, total: 10, processed: 5, stage: 'fetching' });
    const back = await sync.reportProgress({ current: 1, total: 10, processed: 4, stage: 'fetching' }).catch((e: unknown) => e);
    expect(back).to.be.instanceOf(ValidationError);
    await sync.complete({ created: 1, updated: 2, skipped: 0, failed: 0, errors: Array.from({ length: 130 }, (_, i) => ({ message: `e${i}` })) });
    expect(sync.getResults()?.errors).to.have.length(100);
    expect(sync.getResults()?.truncatedErrors).to.equal(30);
    expect(await da.SyncOperation.findActiveByConnectionId(connection.getId())).to.equal(null);
    expect((await da.TaskManagementConnection.findById(connection.getId()))?.getLastSyncAt()).to.equal(sync.getCompletedAt());

    const stale = (await da.TaskManagementConnection.findById(connection.getId()))!;
    await connection.markRequiresReauth('token expired');
    const staleMove = await stale.markDisabled().catch((e: unknown) => e);
    expect(staleMove).to.be.instanceOf(ConcurrentModificationError);
    const inactive = await da.Ticket.create(ticketInput(connection)).catch((e: unknown) => e);
    expect(inactive).to.be.instanceOf(ConflictError).and.have.property('constraint', 'active-connection');
    const missing = await da.Ticket.create(ticketInput(connection, { taskManagementConnectionId: randomUUID() })).catch((e: unknown) => e);
    expect(missing).to.be.instanceOf(NotFoundError);

    await connection.remove();
    expect(await scanAll(client, tableName)).to.deep.equal([]);
  });
});
