/**
 * A user's write that lands between a migration's read of an item and its conditional write is
 * never overwritten: the migration's write is refused, it reads the item again and decides again.
 * One case per migration, each with the write a live service would make to that item — including
 * writes that leave `updatedAt` alone (a failure counter, touch), which only the write token shows.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { expect } from 'chai';
import type { DataAccess, MigrationRunResult } from '../../../src/index.js';
import { createDataAccess, tableDefinition } from '../../../src/index.js';
import { guardsOf, itemsOfEntity, jiraCloudConnectionInput } from '../../support/entity-fixtures.js';
import { createTableFrom, newLocalClient, scanAll } from '../../support/local-store.js';
import type { Item, OldTable } from './support.js';
import { beforeFirstUpdateOf, buildOldTable, indexKeyNames, itemOf, occurrences, recordWrites } from './support.js';

describe('migrations × concurrent user writes (DynamoDB Local)', function () {
  this.timeout(120_000);
  const clients: DynamoDBClient[] = [];
  after(function () {
    for (const client of clients) client.destroy();
  });

  interface Setup {
    readonly da: DataAccess;
    readonly client: DynamoDBClient;
    readonly tableName: string;
    readonly old: OldTable;
    /** The migrations' DataAccess, on a client of its own that the hooks watch. */
    readonly migrating: DataAccess;
    readonly migratingClient: DynamoDBClient;
  }

  async function setup(): Promise<Setup> {
    const client = newLocalClient();
    const migratingClient = newLocalClient();
    clients.push(client, migratingClient);
    const tableName = await createTableFrom(tableDefinition('migrations-race'));
    const da = createDataAccess({ tableName, client });
    const old = await buildOldTable(da, client, tableName, { connections: 2, ticketsPerConnection: 2 });
    return { da, client, tableName, old, migrating: createDataAccess({ tableName, client: migratingClient }), migratingClient };
  }

  async function run(s: Setup, id: string): Promise<MigrationRunResult> {
    const [result] = await s.migrating.migrations.run({ only: [id] });
    return result as MigrationRunResult;
  }

  it('connection defaults: a failure counted meanwhile (no updatedAt stamp) is not reset to 0', async function () {
    const s = await setup();
    const [connection] = s.old.connections;
    const item = await itemOf(s.client, s.tableName, connection!, s.da, 'TaskManagementConnection');
    const hook = beforeFirstUpdateOf(s.migratingClient, String(item.pk), async () => {
      const copy = await s.da.TaskManagementConnection.findById(connection!.getId());
      await copy!.recordCheck({ ok: false, errorCode: 'NETWORK', message: 'timeout' });
    });
    const result = await run(s, '2026-12-connection-check-defaults');
    expect(hook.fired()).to.equal(true);
    expect(result).to.deep.include({ outcome: 'done', changed: 2, failed: 0 });
    const after = await itemOf(s.client, s.tableName, connection!, s.da, 'TaskManagementConnection');
    expect(after.consecutiveFailures, 'the concurrent failure still counts').to.equal(1);
    expect(after.lastErrorCode).to.equal('NETWORK');
    expect(after.syncWatermarks).to.deep.equal({});
  });

  it('connection defaults: a touch() meanwhile (only lastUsedAt and the token change) is kept', async function () {
    const s = await setup();
    const [connection] = s.old.connections;
    const item = await itemOf(s.client, s.tableName, connection!, s.da, 'TaskManagementConnection');
    const hook = beforeFirstUpdateOf(s.migratingClient, String(item.pk), async () => {
      await (await s.da.TaskManagementConnection.findById(connection!.getId()))!.touch();
    });
    const writes = recordWrites(s.migratingClient);
    await run(s, '2026-12-connection-check-defaults');
    expect(hook.fired()).to.equal(true);
    const after = await itemOf(s.client, s.tableName, connection!, s.da, 'TaskManagementConnection');
    expect(after.lastUsedAt).to.be.a('string');
    expect(after).to.deep.include({ consecutiveFailures: 0, syncWatermarks: {}, updatedAt: item.updatedAt });
    expect(occurrences(writes.updated).get(String(item.pk)), 'written once, after the re-read').to.equal(1);
  });

  it('ticket index: a status update meanwhile already wrote the keys — the migration leaves the ticket alone', async function () {
    const s = await setup();
    const [ticket] = s.old.tickets;
    const item = await itemOf(s.client, s.tableName, ticket!, s.da, 'Ticket');
    const sourceUpdatedAt = new Date().toISOString();
    const hook = beforeFirstUpdateOf(s.migratingClient, String(item.pk), () =>
      s.da.Ticket.applyExternalUpdate(ticket!.getTaskManagementConnectionId(), ticket!.getExternalTicketId(), { status: 'Done', sourceUpdatedAt }),
    );
    const writes = recordWrites(s.migratingClient);
    const result = await run(s, '2026-12-ticket-status-sync-index');
    expect(hook.fired()).to.equal(true);
    const tickets = s.old.tickets.length;
    expect(result).to.deep.include({ outcome: 'done', scanned: tickets, changed: tickets - 1, failed: 0 });
    expect(occurrences(writes.updated).get(String(item.pk)), 'its one write was refused, and nothing was sent after the re-read').to.equal(undefined);
    const after = await itemOf(s.client, s.tableName, ticket!, s.da, 'Ticket');
    expect(after).to.deep.include({ ticketStatus: 'Done', sourceUpdatedAt });
    const [gsiPk, gsiSk] = indexKeyNames(s.da, 'Ticket', 'byStatusSyncedAt');
    expect(String(after[gsiSk!])).to.include(String(after.statusSyncedAt));
    expect(after[gsiPk!]).to.be.a('string');
  });

  it('link connection id: a ticket removed meanwhile (with its links) is not brought back', async function () {
    const s = await setup();
    const [ticket] = s.old.tickets;
    const links = itemsOfEntity(await scanAll(s.client, s.tableName), 'TicketSuggestion').filter((link) => link.ticketId === ticket!.getId());
    const hook = beforeFirstUpdateOf(s.migratingClient, String(links[0]!.pk), async () => {
      await (await s.da.Ticket.findById(ticket!.getId()))!.remove();
    });
    const result = await run(s, '2026-12-link-connection-id');
    expect(hook.fired()).to.equal(true);
    const total = s.old.linkIds.length;
    expect(result).to.deep.include({ outcome: 'done', failed: 0 });
    // The removed ticket's links were either migrated before the removal or gone when their turn came.
    expect(result.changed).to.be.within(total - 2, total - 1);
    const items = await scanAll(s.client, s.tableName);
    expect(items.filter((i: Item) => i.ticketId === ticket!.getId() || i.pk === links[0]!.pk)).to.deep.equal([]);
    expect(itemsOfEntity(items, 'TicketSuggestion')).to.have.length(total - 2);
  });

  it('active-provider guard: a connection disabled meanwhile claims no guard', async function () {
    const s = await setup();
    const [connection, other] = s.old.connections;
    const item = await itemOf(s.client, s.tableName, connection!, s.da, 'TaskManagementConnection');
    const hook = beforeFirstUpdateOf(s.migratingClient, String(item.pk), async () => {
      await (await s.da.TaskManagementConnection.findById(connection!.getId()))!.markDisabled();
    });
    const result = await run(s, '2026-12-active-provider-guard');
    expect(hook.fired()).to.equal(true);
    // The disabled one needs no guard any more; the other old one claimed its own; the conflict's two are reported.
    expect(result).to.deep.include({ outcome: 'incomplete', changed: 1, failed: 2 });
    const guards = guardsOf(await scanAll(s.client, s.tableName), 'active-provider');
    expect(guards.map((guard) => guard.ownerId)).to.deep.equal([other!.getId()]);
    expect((await s.da.TaskManagementConnection.findById(connection!.getId()))?.getStatus()).to.equal('disabled');
  });

  it('active-provider guard: a second connection made active meanwhile turns the claim into a reported conflict', async function () {
    const s = await setup();
    const [connection] = s.old.connections;
    const item = await itemOf(s.client, s.tableName, connection!, s.da, 'TaskManagementConnection');
    let rival = '';
    const hook = beforeFirstUpdateOf(s.migratingClient, String(item.pk), async () => {
      // The old connection holds no guard yet, so the new code lets a second one be created active.
      const created = await s.da.TaskManagementConnection.create(jiraCloudConnectionInput({ organizationId: connection!.getOrganizationId() }));
      rival = created.getId();
    });
    const result = await run(s, '2026-12-active-provider-guard');
    expect(hook.fired()).to.equal(true);
    expect(result.conflicts).to.deep.include({ organizationId: connection!.getOrganizationId(), provider: 'jira_cloud', connectionIds: [connection!.getId(), rival].sort() });
    const guards = guardsOf(await scanAll(s.client, s.tableName), 'active-provider');
    expect(guards.filter((guard) => guard.ownerId === connection!.getId())).to.deep.equal([]);
    expect(guards.filter((guard) => guard.ownerId === rival)).to.have.length(1);
  });
});
