// What each migration decides for a stored record, and the write it makes, on a stubbed SDK: the
// records an earlier version stored (derived from the library's own items, the new parts left
// out) need a change, current ones need none; the writes never stamp updatedAt.
import { expect } from 'chai';
import { MIGRATION_IDS, MIGRATIONS } from '../../../src/migrations/catalog.js';
import { activeProviderGuard } from '../../../src/migrations/definitions/active-provider-guard.js';
import { connectionCheckDefaults, missingDefaults } from '../../../src/migrations/definitions/connection-check-defaults.js';
import { linkConnectionId } from '../../../src/migrations/definitions/link-connection-id.js';
import { ticketStatusSyncIndex } from '../../../src/migrations/definitions/ticket-status-sync-index.js';
import type { Migration } from '../../../src/migrations/migration.js';
import { changeRecord } from '../../../src/migrations/record-change.js';
import { gsiNames } from '../../../src/schema/index.js';
import { guardKey } from '../../../src/store/guard-items.js';
import type { Item, StubbedAccess } from './fixtures.js';
import { answer, CONNECTION_ID, connectionItem, linkItem, ORG, OTHER_CONNECTION_ID, stubbedAccess, ticketItem, updatedNames, without } from './fixtures.js';

/** Runs `migration` over `records` as one page: the outcome of each. */
async function migrate(access: StubbedAccess, migration: Migration, records: Item[]): Promise<string[]> {
  const collection = access.collections[migration.entity];
  const decide = await migration.page(records, access.collections);
  const target = { collection, idAttribute: collection.schema.idAttribute, operation: `migrations.${migration.id}`, dryRun: false };
  const outcomes: string[] = [];
  for (const record of records) outcomes.push((await changeRecord(target, decide, record)).kind);
  return outcomes;
}

function keysOf(access: StubbedAccess, entity: 'Ticket' | 'TicketSuggestion', index: string): [string, string] {
  const { pk, sk } = gsiNames((access.da[entity].schema.indexes[index] as { gsi: number }).gsi);
  return [pk, sk];
}

describe('migrations: the catalog', function () {
  it('ships the migrations in order, with stable dated ids and an entity each', function () {
    expect(MIGRATION_IDS).to.deep.equal(['2026-12-link-connection-id', '2026-12-active-provider-guard', '2026-12-ticket-status-sync-index', '2026-12-connection-check-defaults']);
    expect([...MIGRATION_IDS].sort()).to.deep.equal([...MIGRATION_IDS].sort((a, b) => a.localeCompare(b)));
    for (const migration of MIGRATIONS) {
      expect(migration.id).to.match(/^\d{4}-\d{2}-[a-z0-9-]+$/);
      expect(migration.description).to.be.a('string').with.length.greaterThan(20);
    }
  });
});

describe('migrations: 2026-12-connection-check-defaults', function () {
  it('sets only the defaults a connection lacks, 0 and {}, without stamping updatedAt', async function () {
    const access = stubbedAccess();
    expect(missingDefaults(connectionItem(access.da))).to.deep.equal({});
    expect(missingDefaults(without(connectionItem(access.da), 'consecutiveFailures', 'syncWatermarks'))).to.deep.equal({ consecutiveFailures: 0, syncWatermarks: {} });
    const old = without(connectionItem(access.da), 'syncWatermarks');
    expect(await migrate(access, connectionCheckDefaults, [connectionItem(access.da), old])).to.deep.equal(['unchanged', 'changed']);
    const [update] = access.sentOf('UpdateCommand');
    expect(updatedNames(update?.input).set).to.deep.equal(['syncWatermarks', '__w']);
    expect(update?.input.ExpressionAttributeValues).to.deep.include({ ':v0': {} });
  });
});

describe('migrations: 2026-12-ticket-status-sync-index', function () {
  it('rebuilds the byStatusSyncedAt keys of a ticket that lacks them, changing no attribute', async function () {
    const access = stubbedAccess();
    const [pk, sk] = keysOf(access, 'Ticket', 'byStatusSyncedAt');
    const synced = ticketItem(access.da, { statusSyncedAt: '2026-02-01T00:00:00.000Z' });
    const never = ticketItem(access.da);
    expect(await migrate(access, ticketStatusSyncIndex, [never, synced, without(never, pk, sk), without(synced, pk, sk)])).to.deep.equal(['unchanged', 'unchanged', 'changed', 'changed']);
    const [first = {}, second = {}] = access.sentOf('UpdateCommand').map((command): Item => command.input as Item);
    // Never synced: the attribute stays absent, the keys are those a new ticket gets.
    expect(updatedNames(first)).to.deep.equal({ set: [pk, sk, '__w'], remove: ['statusSyncedAt'] });
    expect(Object.values(first.ExpressionAttributeValues as Item)).to.include.members([never[pk], never[sk]]);
    expect(updatedNames(second).set).to.deep.equal(['statusSyncedAt', pk, sk, '__w']);
    expect(Object.values(second.ExpressionAttributeValues as Item)).to.include.members([synced.statusSyncedAt, synced[pk], synced[sk]]);
  });
});

describe('migrations: 2026-12-link-connection-id', function () {
  it("gives a link its ticket's connection (read once per page, consistently), and fails one whose ticket is gone", async function () {
    const access = stubbedAccess();
    const [pk, sk] = keysOf(access, 'TicketSuggestion', 'byTaskManagementConnectionId');
    const current = linkItem(access.da);
    const old = without(current, 'taskManagementConnectionId', pk, sk);
    const orphan = { ...old, ticketSuggestionId: OTHER_CONNECTION_ID, ticketId: ORG };
    answer(access, { BatchGetCommand: () => ({ Responses: { 'unit-table': [ticketItem(access.da)] } }) });
    expect(await migrate(access, linkConnectionId, [current, old, orphan])).to.deep.equal(['unchanged', 'changed', 'failed']);
    const [batch] = access.sentOf('BatchGetCommand');
    expect(batch?.input.RequestItems['unit-table'].ConsistentRead).to.equal(true);
    expect(batch?.input.RequestItems['unit-table'].Keys).to.have.length(2);
    const [update] = access.sentOf('UpdateCommand');
    expect(updatedNames(update?.input).set).to.deep.equal(['taskManagementConnectionId', pk, sk, '__w']);
    expect(Object.values(update?.input.ExpressionAttributeValues as Item)).to.include.members([CONNECTION_ID, current[pk]]);
  });

  it('reads no ticket for a page of current links', async function () {
    const access = stubbedAccess();
    expect(await migrate(access, linkConnectionId, [linkItem(access.da)])).to.deep.equal(['unchanged']);
    expect(access.sent()).to.deep.equal([]);
  });
});

describe('migrations: 2026-12-active-provider-guard', function () {
  const guardOf = (ownerId: string) => ({ ...guardKey('taskmanagementconnection', 'active-provider', [ORG, 'jira_cloud']), ownerId });

  it('claims the guard of an active connection that holds none, in one transaction with a check of the connection', async function () {
    const access = stubbedAccess();
    const active = connectionItem(access.da);
    const disabled = connectionItem(access.da, { taskManagementConnectionId: OTHER_CONNECTION_ID, status: 'disabled' });
    answer(access, { QueryCommand: () => ({ Items: [active] }) });
    expect(await migrate(access, activeProviderGuard, [disabled, active])).to.deep.equal(['unchanged', 'changed']);
    const [batch] = access.sentOf('BatchGetCommand');
    expect(batch?.input.RequestItems['unit-table'].Keys, 'guards of the active ones only').to.have.length(1);
    const [transaction] = access.sentOf('TransactWriteCommand');
    const [put, update] = [transaction?.input.TransactItems.find((t: Item) => t.Put)?.Put, transaction?.input.TransactItems.find((t: Item) => t.Update)?.Update];
    expect(put.Item).to.deep.include({ ownerId: CONNECTION_ID, constraint: 'active-provider', entity: 'taskmanagementconnection' });
    expect(put.ConditionExpression).to.match(/^attribute_not_exists/);
    expect(Object.values(update.ExpressionAttributeValues as Item)).to.include.members(['active', active.updatedAt]);
  });

  it('claims nothing where the guard is its own, and reports two active connections (or a guard held by another) as a conflict', async function () {
    const access = stubbedAccess();
    const active = connectionItem(access.da);
    const rival = connectionItem(access.da, { taskManagementConnectionId: OTHER_CONNECTION_ID, externalInstanceId: 'cloud-2' });
    answer(access, { BatchGetCommand: () => ({ Responses: { 'unit-table': [guardOf(CONNECTION_ID)] } }) });
    expect(await migrate(access, activeProviderGuard, [active])).to.deep.equal(['unchanged']);
    expect(access.sentOf('QueryCommand')).to.deep.equal([]);

    const two = stubbedAccess();
    answer(two, { QueryCommand: () => ({ Items: [active, rival] }) });
    const decide = await activeProviderGuard.page([active], two.collections);
    expect(await decide(active)).to.deep.equal({ kind: 'fail', conflict: { organizationId: ORG, provider: 'jira_cloud', connectionIds: [CONNECTION_ID, OTHER_CONNECTION_ID].sort() } });
    // A fresh copy (read again after a refused write) reads its guard again.
    answer(two, { BatchGetCommand: () => ({ Responses: { 'unit-table': [guardOf(OTHER_CONNECTION_ID)] } }), QueryCommand: () => ({ Items: [active] }) });
    expect(await decide({ ...active })).to.deep.equal({ kind: 'fail', conflict: { organizationId: ORG, provider: 'jira_cloud', connectionIds: [CONNECTION_ID, OTHER_CONNECTION_ID].sort() } });
    expect(two.sentOf('TransactWriteCommand')).to.deep.equal([]);
  });
});
