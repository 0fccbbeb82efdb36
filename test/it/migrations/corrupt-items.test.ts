/**
 * Corrupt items among old ones, on DynamoDB Local: a connection item with the entity marker but
 * no id (and without the defaults the migration backfills), and one stored under a key its id
 * does not make. The migration cannot address them — its writes go to the key an id makes — so
 * the dry run and the run both count them as failed (never as changed, nor skipped in silence),
 * write nothing to them, migrate the good ones, and leave the migration pending with a warning
 * that says why and shows no value.
 */
import { randomUUID } from 'node:crypto';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { expect } from 'chai';
import type { DataAccess, TaskManagementConnection } from '../../../src/index.js';
import { createDataAccess, tableDefinition } from '../../../src/index.js';
import { itemsOfEntity, jiraCloudConnectionInput, rawGet } from '../../support/entity-fixtures.js';
import { createTableFrom, newLocalClient, scanAll } from '../../support/local-store.js';
import type { Item } from './support.js';
import { itemOf, putRaw, recordWrites } from './support.js';

const DEFAULTS = '2026-12-connection-check-defaults';
const GOOD = 3;

interface Warning {
  readonly message: string;
  readonly meta: Record<string, unknown> | undefined;
}

/** A logger that keeps the warnings (and prints nothing). */
function collectingLogger(warnings: Warning[] = []) {
  return { debug() {}, info() {}, error() {}, warn: (message: string, meta?: Record<string, unknown>) => void warnings.push({ message, meta }) };
}

describe('migrations: corrupt items (DynamoDB Local)', function () {
  this.timeout(120_000);
  const clients: DynamoDBClient[] = [];
  after(function () {
    for (const client of clients) client.destroy();
  });

  function localClient(): DynamoDBClient {
    const client = newLocalClient();
    clients.push(client);
    return client;
  }

  /**
   * GOOD connections as the previous version stored them (no consecutiveFailures or
   * syncWatermarks), and two corrupt ones derived from real items (so no key format is written
   * here): one without its id, one whose id is not the one its key was made from.
   */
  async function tableWithCorruptItems(): Promise<{ da: DataAccess; client: DynamoDBClient; tableName: string; good: TaskManagementConnection[]; corrupt: Item[] }> {
    const client = localClient();
    const tableName = await createTableFrom(tableDefinition('migrations-corrupt'));
    const da = createDataAccess({ tableName, client });
    const connections: TaskManagementConnection[] = [];
    for (let i = 0; i < GOOD + 2; i += 1) connections.push(await da.TaskManagementConnection.create(jiraCloudConnectionInput()));
    const old: Item[] = [];
    for (const connection of connections) {
      const item = await itemOf(client, tableName, connection, da, 'TaskManagementConnection');
      delete item.consecutiveFailures;
      delete item.syncWatermarks;
      old.push(item);
    }
    const [noId, otherId] = old.slice(GOOD) as [Item, Item];
    delete noId.taskManagementConnectionId;
    otherId.taskManagementConnectionId = randomUUID();
    for (const item of old) await putRaw(client, tableName, item);
    return { da, client, tableName, good: connections.slice(0, GOOD), corrupt: [noId, otherId] };
  }

  it('counts them as failed in the dry run and in the run alike, writes nothing to them, and migrates the good ones', async function () {
    const { da, client, tableName, good, corrupt } = await tableWithCorruptItems();
    const runClient = localClient();
    const writes = recordWrites(runClient);
    const warnings: Warning[] = [];
    const runner = createDataAccess({ tableName, client: runClient, logger: collectingLogger(warnings) });

    const dry = await runner.migrations.run({ only: [DEFAULTS], dryRun: true });
    expect(dry).to.deep.equal([{ id: DEFAULTS, scanned: GOOD + 2, changed: GOOD, failed: 2, outcome: 'dry-run' }]);
    expect(writes.updated, 'a dry run writes nothing').to.deep.equal([]);

    const real = await runner.migrations.run({ only: [DEFAULTS] });
    expect(real).to.deep.equal([{ id: DEFAULTS, scanned: GOOD + 2, changed: GOOD, failed: 2, outcome: 'incomplete' }]);
    expect((await da.migrations.list()).find((m) => m.id === DEFAULTS)).to.deep.include({ state: 'pending', scanned: GOOD + 2, changed: GOOD, failed: 2 });

    // The good ones got the defaults, each in one write; the corrupt ones got no write and are as they were.
    expect([...writes.updated].sort()).to.deep.equal(itemsOfEntity(await scanAll(client, tableName), 'TaskManagementConnection').filter((item) => item.consecutiveFailures === 0).map((item) => String(item.pk)).sort());
    expect(writes.updated).to.have.length(GOOD);
    for (const connection of good) {
      const fresh = await da.TaskManagementConnection.findById(connection.getId());
      expect(fresh?.getConsecutiveFailures()).to.equal(0);
      expect(fresh?.getSyncWatermark('issues')).to.equal(null);
    }
    for (const item of corrupt) {
      expect(writes.updated).to.not.include(item.pk);
      expect(await rawGet(client, tableName, { pk: item.pk, sk: item.sk })).to.deep.equal(item);
    }

    // Why, once per corrupt item and run (dry run too), without a key or a value of the item.
    expect(warnings.map((warning) => warning.meta?.reason).sort()).to.deep.equal(['key not made from its id', 'key not made from its id', 'no id', 'no id']);
    expect(warnings.map((warning) => warning.meta?.dryRun).sort()).to.deep.equal([false, false, true, true]);
    for (const { message, meta } of warnings) {
      expect(message).to.match(/^migrations\.2026-12-connection-check-defaults: an item it cannot address \((no id|key not made from its id)\) is counted as failed$/);
      expect(meta).to.deep.include({ migration: DEFAULTS, entity: 'TaskManagementConnection' });
      const text = `${message} ${JSON.stringify(meta)}`;
      for (const item of corrupt) {
        for (const value of [item.pk, item.sk, item.taskManagementConnectionId, item.organizationId, item.displayName]) if (typeof value === 'string') expect(text).to.not.include(value);
      }
    }

    // The next run makes a new pass: nothing more to change, the corrupt ones still failed, still pending.
    writes.updated.length = 0;
    expect(await runner.migrations.run({ only: [DEFAULTS] })).to.deep.equal([{ id: DEFAULTS, scanned: GOOD + 2, changed: 0, failed: 2, outcome: 'incomplete' }]);
    expect(writes.updated).to.deep.equal([]);
  });

  it('every migration that scans their entity counts them as failed, and none writes to them', async function () {
    const { client, tableName, corrupt } = await tableWithCorruptItems();
    const warnings: Warning[] = [];
    const da = createDataAccess({ tableName, client, logger: collectingLogger(warnings) });
    const dry = await da.migrations.run({ dryRun: true });
    const real = await da.migrations.run();
    const counts = (results: { id: string; changed: number; failed: number }[]) => results.map((r) => [r.id, r.changed, r.failed]);
    // The active connections hold their guards already (the current version created them): only the corrupt ones fail there.
    const expected = [
      ['2026-12-link-connection-id', 0, 0],
      ['2026-12-active-provider-guard', 0, 2],
      ['2026-12-ticket-status-sync-index', 0, 0],
      [DEFAULTS, GOOD, 2],
    ];
    expect(counts(dry)).to.deep.equal(expected);
    expect(counts(real)).to.deep.equal(expected);
    expect(real.map((r) => r.outcome)).to.deep.equal(['done', 'incomplete', 'done', 'incomplete']);
    for (const item of corrupt) expect(await rawGet(client, tableName, { pk: item.pk, sk: item.sk })).to.deep.equal(item);
    expect(warnings, 'two migrations × two items × dry run and run').to.have.length(8);
  });
});
