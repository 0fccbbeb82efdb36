/**
 * da.migrations on DynamoDB Local over a table the previous version wrote: list() shows them
 * pending, run() brings every old item up to date exactly once (each migration's counts, the
 * items, and what the new code can now find), a second run changes nothing, a dry run writes
 * nothing, and the organization with two active connections of a provider is reported and left
 * alone until it decides.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { expect } from 'chai';
import type { MigrationProgress } from '../../../src/index.js';
import { ConflictError, createDataAccess, tableDefinition, ValidationError } from '../../../src/index.js';
import { guardsOf, itemsOfEntity, jiraCloudConnectionInput, rejectionOf, suggestionLinks, tableSnapshot, ticketInput } from '../../support/entity-fixtures.js';
import { createTableFrom, newLocalClient, scanAll } from '../../support/local-store.js';
import { indexKeyNames, occurrences, openOldTable, recordWrites } from './support.js';
import { withoutUnhandledRejections } from '../../support/unhandled-rejections.js';

const IDS = ['2026-12-link-connection-id', '2026-12-active-provider-guard', '2026-12-ticket-status-sync-index', '2026-12-connection-check-defaults'];
const SHAPE = { connections: 4, ticketsPerConnection: 6 };

describe('migrations (DynamoDB Local)', function () {
  this.timeout(120_000);
  const clients: DynamoDBClient[] = [];
  after(function () {
    for (const client of clients) client.destroy();
  });

  const oldTable = () => openOldTable('migrations', SHAPE, clients);

  it('lists every migration as pending on a table that never ran them', async function () {
    const { da } = await oldTable();
    const listed = await da.migrations.list();
    expect(listed.map((m) => m.id)).to.deep.equal(IDS);
    for (const migration of listed) {
      expect(migration).to.deep.include({ state: 'pending', scanned: 0, changed: 0, failed: 0 });
      expect(migration.description).to.be.a('string').and.not.equal('');
    }
  });

  it('brings every old item up to date once, reports the conflict, and changes nothing the second time', async function () {
    const { da, client, tableName, old } = await oldTable();
    const links = SHAPE.connections * SHAPE.ticketsPerConnection * 2;
    const tickets = SHAPE.connections * SHAPE.ticketsPerConnection;
    const connections = SHAPE.connections + 2;

    // The new code cannot see the old items yet.
    const [first] = old.connections;
    expect(await da.TicketSuggestion.allByTaskManagementConnectionId(first!.getId())).to.have.length(0);
    expect(await da.Ticket.allByStatusSyncedBefore(first!.getId(), new Date().toISOString())).to.have.length(0);

    const runClient = newLocalClient();
    clients.push(runClient);
    const writes = recordWrites(runClient);
    const progress: MigrationProgress[] = [];
    const results = await createDataAccess({ tableName, client: runClient }).migrations.run({ pageSize: 7, onProgress: (p) => progress.push(p) });

    expect(results.map((r) => [r.id, r.outcome, r.scanned, r.changed, r.failed])).to.deep.equal([
      [IDS[0], 'done', links, links, 0],
      [IDS[1], 'incomplete', connections, SHAPE.connections, 2],
      [IDS[2], 'done', tickets, tickets, 0],
      // The two connections of the conflict were written by the new version: they have the defaults.
      [IDS[3], 'done', connections, SHAPE.connections, 0],
    ]);
    expect(results[1]?.conflicts).to.deep.equal([{ organizationId: old.conflict.organizationId, provider: 'jira_cloud', connectionIds: old.conflict.connectionIds }]);
    expect(results.filter((r) => r.id !== IDS[1]).every((r) => r.conflicts === undefined)).to.equal(true);
    // Progress after each page, counts of the pass growing to the totals.
    const scannedLinks = progress.filter((p) => p.id === IDS[0]).map((p) => p.scanned);
    expect(scannedLinks.length).to.be.at.least(Math.ceil(links / 7));
    expect(scannedLinks.every((n, i) => n >= (scannedLinks[i - 1] ?? 0) && n - (scannedLinks[i - 1] ?? 0) <= 7)).to.equal(true);
    expect(scannedLinks.at(-1)).to.equal(links);
    expect(progress.at(-1)).to.deep.include({ id: IDS[3], scanned: connections, changed: SHAPE.connections });

    // Every changed item was written exactly once.
    const counts = occurrences(writes.updated);
    expect(writes.updated).to.have.length(links + tickets + 2 * SHAPE.connections);
    expect([...counts.values()].every((n) => n <= 2)).to.equal(true);
    const items = await scanAll(client, tableName);
    for (const link of itemsOfEntity(items, 'TicketSuggestion')) expect(counts.get(String(link.pk)), 'each link once').to.equal(1);
    for (const ticket of itemsOfEntity(items, 'Ticket')) expect(counts.get(String(ticket.pk)), 'each ticket once').to.equal(1);

    // The items: links carry their ticket's connection (and its index keys), tickets the status-sync keys.
    const [linkPk, linkSk] = indexKeyNames(da, 'TicketSuggestion', 'byTaskManagementConnectionId');
    const ticketsById = new Map(itemsOfEntity(items, 'Ticket').map((ticket) => [ticket.ticketId, ticket]));
    for (const link of itemsOfEntity(items, 'TicketSuggestion')) {
      expect(link.taskManagementConnectionId).to.equal(ticketsById.get(link.ticketId)?.taskManagementConnectionId);
      expect(link[linkPk!]).to.be.a('string');
      expect(link[linkSk!]).to.be.a('string');
    }
    for (const connection of old.connections) {
      expect(await da.TicketSuggestion.allByTaskManagementConnectionId(connection.getId())).to.have.length(SHAPE.ticketsPerConnection * 2);
      // Never-synced tickets first, then the synced ones (oldest first): every ticket of the connection.
      const due = await da.Ticket.allByStatusSyncedBefore(connection.getId(), new Date(Date.now() + 60_000).toISOString());
      expect(due).to.have.length(SHAPE.ticketsPerConnection);
      expect(due.map((ticket) => ticket.getStatusSyncedAt() === undefined)).to.deep.equal(due.map((_, i) => i < SHAPE.ticketsPerConnection - Math.ceil(SHAPE.ticketsPerConnection / 3)));
      const fresh = await da.TaskManagementConnection.findById(connection.getId());
      expect(fresh?.getConsecutiveFailures()).to.equal(0);
      expect(fresh?.getSyncWatermark('issues')).to.equal(null);
      expect(fresh?.getUpdatedAt(), 'a backfill does not stamp updatedAt').to.equal(connection.getUpdatedAt());
    }
    // One guard per active connection outside the conflict, none for the conflict's.
    const guards = guardsOf(items, 'active-provider');
    expect(guards.map((guard) => guard.ownerId).sort()).to.deep.equal(old.connections.map((c) => c.getId()).sort());
    // The guards work: a second active Jira Cloud connection of a migrated organization is refused.
    const refused = await rejectionOf(da.TaskManagementConnection.create(jiraCloudConnectionInput({ organizationId: first!.getOrganizationId() })));
    expect(refused).to.be.instanceOf(ConflictError).and.have.property('constraint', 'active-provider');

    const listed = await da.migrations.list();
    expect(listed.map((m) => [m.state, m.scanned, m.changed, m.failed])).to.deep.equal([
      ['done', links, links, 0],
      ['pending', connections, SHAPE.connections, 2],
      ['done', tickets, tickets, 0],
      ['done', connections, SHAPE.connections, 0],
    ]);
    expect(listed[1]?.conflicts).to.deep.equal(results[1]?.conflicts);

    // Again: the done ones are not run, the incomplete one changes nothing and reports the same conflict.
    const before = await tableSnapshot(client, tableName);
    writes.updated.length = 0;
    const again = await da.migrations.run();
    expect(again.map((r) => [r.outcome, r.changed])).to.deep.equal([['already-done', 0], ['incomplete', 0], ['already-done', 0], ['already-done', 0]]);
    expect(again[1]?.conflicts).to.deep.equal(results[1]?.conflicts);
    const ledgersLeftOut = (snapshot: string[]) => snapshot.filter((item) => !item.includes('"$migration#'));
    expect(ledgersLeftOut(await tableSnapshot(client, tableName))).to.deep.equal(ledgersLeftOut(before));
  });

  it('claims the guard once the organization has decided which connection stays active', async function () {
    const { da, client, tableName, old } = await oldTable();
    await da.migrations.run();
    const [keep, retire] = old.conflict.connectionIds;
    const retired = await da.TaskManagementConnection.findById(retire!);
    await retired!.markDisabled();
    const results = await da.migrations.run({ only: [IDS[1]!] });
    expect(results).to.deep.equal([{ id: IDS[1], scanned: SHAPE.connections + 2, changed: 1, failed: 0, outcome: 'done' }]);
    const guards = guardsOf(await scanAll(client, tableName), 'active-provider');
    expect(guards.filter((guard) => guard.ownerId === keep)).to.have.length(1);
    expect(guards.filter((guard) => guard.ownerId === retire)).to.have.length(0);
    expect((await da.migrations.list())[1]).to.deep.include({ state: 'done', failed: 0 }).and.not.have.property('conflicts');
  });

  it('counts in a dry run what a run changes, and writes nothing, not even a ledger', async function () {
    const { da, client, tableName } = await oldTable();
    const before = await tableSnapshot(client, tableName);
    const dry = await da.migrations.run({ dryRun: true, pageSize: 5 });
    expect(await tableSnapshot(client, tableName)).to.deep.equal(before);
    expect(dry.every((r) => r.outcome === 'dry-run')).to.equal(true);
    expect((await da.migrations.list()).every((m) => m.state === 'pending' && m.scanned === 0)).to.equal(true);
    const real = await da.migrations.run();
    expect(dry.map((r) => [r.id, r.scanned, r.changed, r.failed, r.conflicts])).to.deep.equal(real.map((r) => [r.id, r.scanned, r.changed, r.failed, r.conflicts]));
    // A dry run after the run: the done ones are reported done; the incomplete one finds nothing more to change.
    const later = await da.migrations.run({ dryRun: true });
    expect(later.map((r) => [r.outcome, r.changed])).to.deep.equal([['already-done', 0], ['dry-run', 0], ['already-done', 0], ['already-done', 0]]);
  });

  it('runs only the migrations asked for, in the library order, and refuses bad options before any request', async function () {
    const { da } = await oldTable();
    const results = await da.migrations.run({ only: [IDS[3]!, IDS[2]!] });
    expect(results.map((r) => [r.id, r.outcome])).to.deep.equal([[IDS[2], 'done'], [IDS[3], 'done']]);
    expect((await da.migrations.list()).map((m) => m.state)).to.deep.equal(['pending', 'pending', 'done', 'done']);
    for (const options of [{ only: ['nope'] }, { only: [] }, { dryRun: 'yes' }, { pageSize: 0 }, { leaseSeconds: 5 }, { onProgress: 1 }, { fast: true }, 'all']) {
      const error = await rejectionOf(da.migrations.run(options as never));
      expect(error, JSON.stringify(options)).to.be.instanceOf(ValidationError);
    }
  });

  it('goes on when onProgress throws or rejects: every migration done, the failure logged once at warn without its message', async function () {
    const { client, tableName } = await oldTable();
    const warnings: unknown[][] = [];
    const logger = { debug() {}, info() {}, error() {}, warn: (...args: unknown[]) => warnings.push(args) };
    const da = createDataAccess({ tableName, client, logger });
    await withoutUnhandledRejections(async () => {
      const dry = await da.migrations.run({ dryRun: true, pageSize: 5, onProgress: (() => Promise.reject(new Error('progress-secret-closed'))) as unknown as () => void });
      expect(dry.every((r) => r.outcome === 'dry-run')).to.equal(true);
      const results = await da.migrations.run({
        pageSize: 5,
        onProgress: () => {
          throw new Error('progress-secret-broke');
        },
      });
      expect(results.map((r) => r.outcome)).to.deep.equal(['done', 'incomplete', 'done', 'done']);
      expect((await da.migrations.list()).map((m) => m.state)).to.deep.equal(['done', 'pending', 'done', 'done']);
    });
    const progressWarnings = warnings.filter(([message]) => String(message).includes('onProgress'));
    expect(progressWarnings).to.have.length(2); // once per run
    expect(JSON.stringify(warnings)).not.to.include('progress-secret');
  });

  it('finds nothing to do on a table the current version wrote', async function () {
    const client = newLocalClient();
    clients.push(client);
    const tableName = await createTableFrom(tableDefinition('migrations-new'));
    const da = createDataAccess({ tableName, client });
    const connection = await da.TaskManagementConnection.create(jiraCloudConnectionInput());
    await da.Ticket.createWithSuggestions(ticketInput(connection), suggestionLinks(1));
    const before = await tableSnapshot(client, tableName);
    const results = await da.migrations.run();
    expect(results.map((r) => [r.outcome, r.scanned, r.changed])).to.deep.equal([['done', 1, 0], ['done', 1, 0], ['done', 1, 0], ['done', 1, 0]]);
    const entityItems = (snapshot: string[]) => snapshot.filter((item) => !item.includes('"$migration#'));
    expect(entityItems(await tableSnapshot(client, tableName))).to.deep.equal(entityItems(before));
  });
});
