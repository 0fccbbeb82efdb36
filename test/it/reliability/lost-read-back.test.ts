/**
 * A transaction that committed, and then the consistent read that fetches the item it wrote (a
 * transaction hands none back) fails: the write landed, so the call resolves, its copy is what the
 * write made of it, and calling on goes on from there — no DATASTORE error for a landed write, no
 * false ConcurrentModificationError when the caller moves on, nothing written twice.
 *
 * Neither the SDK nor the library retries here (one attempt each): the read fails for the caller.
 */
import { expect } from 'chai';
import type { DataAccess } from '../../../src/index.js';
import type { Logger } from '../../../src/index.js';
import { entityItems, injectedDataAccess, Inputs, isGuard, scan, tableWithCleanAccess } from './support.js';

/** A logger that keeps its warnings. */
function keptWarnings(): { logger: Logger; warnings: { message: string; meta: Record<string, unknown> | undefined }[] } {
  const warnings: { message: string; meta: Record<string, unknown> | undefined }[] = [];
  const quiet = () => undefined;
  return { logger: { debug: quiet, info: quiet, error: quiet, warn: (message, meta) => void warnings.push({ message, meta }) }, warnings };
}

describe('reliability: a landed transaction whose read-back fails still resolves', function () {
  const table = tableWithCleanAccess('lost-read-back');

  /** A data access whose every GetItem fails with a network error (the writes go through). */
  function failingReads(seed: number): { da: DataAccess; warnings: ReturnType<typeof keptWarnings>['warnings'] } {
    const { logger, warnings } = keptWarnings();
    const { da } = injectedDataAccess(table.tableName, { seed, script: { GetItem: Array.from({ length: 20 }, () => 'network' as const) }, sdkMaxAttempts: 1, maxAttempts: 1, logger });
    return { da, warnings };
  }

  it('markDisabled() then markActive() (transactions: the active-provider guard goes and comes back)', async function () {
    const inputs = new Inputs(41, 'read-back-moves');
    const { da, warnings } = failingReads(41);
    const connection = await da.TaskManagementConnection.create(inputs.connection());
    await connection.markDisabled();
    expect(connection.getStatus()).to.equal('disabled');
    // The copy is what is stored, so the next move is decided right (not a false CME).
    await connection.markActive();
    expect(connection.getStatus()).to.equal('active');
    const stored = (await table.clean.da.TaskManagementConnection.findById(connection.getId()))!;
    expect(stored.getStatus()).to.equal('active');
    expect(stored.getUpdatedAt()).to.equal(connection.getUpdatedAt());
    const items = await scan(table.clean.client, table.tableName);
    expect(items.filter((item) => isGuard(item) && item.ownerId === connection.getId())).to.have.length(2);
    expect(warnings.map((w) => w.message)).to.deep.equal([
      'TaskManagementConnection.markDisabled: the write landed, but reading the item back failed; the copy is settled from what was written',
      'TaskManagementConnection.markActive: the write landed, but reading the item back failed; the copy is settled from what was written',
    ]);
    expect(warnings.every((w) => w.meta?.code === 'DATASTORE')).to.equal(true);
  });

  it('SyncOperation complete() (a transaction that also stamps the connection), then a new sync starts', async function () {
    const inputs = new Inputs(42, 'read-back-sync');
    const { da, warnings } = failingReads(42);
    const connection = await da.TaskManagementConnection.create(inputs.connection());
    const sync = await da.SyncOperation.start(inputs.syncStart(connection));
    await sync.begin();
    await sync.complete({ created: 1, updated: 0, skipped: 0, failed: 0 });
    expect(sync.getStatus()).to.equal('completed');
    const stored = (await table.clean.da.SyncOperation.findById(sync.getId()))!;
    expect(stored.getStatus()).to.equal('completed');
    expect(stored.getCompletedAt()).to.equal(sync.getCompletedAt());
    // The sync slot was released by the landed write: the next sync of the connection starts.
    const next = await da.SyncOperation.start(inputs.syncStart(connection));
    expect(next.getStatus()).to.equal('pending');
    const items = await scan(table.clean.client, table.tableName);
    expect(entityItems(items, 'SyncOperation').filter((item) => item.taskManagementConnectionId === connection.getId())).to.have.length(2);
    expect(warnings.length).to.be.greaterThan(0);
    expect(warnings.every((w) => w.message.endsWith('the copy is settled from what was written') && w.meta?.code === 'DATASTORE')).to.equal(true);
  });

  it('recordCheck() that reaches the threshold (a transaction with a counter): the copy counts what it added', async function () {
    const inputs = new Inputs(43, 'read-back-check');
    const { da } = failingReads(43);
    const connection = await da.TaskManagementConnection.create(inputs.connection());
    await connection.recordCheck({ ok: false, errorCode: 'NETWORK', message: 'timeout' }, { failureThreshold: 1 });
    expect(connection.getStatus()).to.equal('error');
    expect(connection.getConsecutiveFailures()).to.equal(1);
    const stored = (await table.clean.da.TaskManagementConnection.findById(connection.getId()))!;
    expect(stored.toJSON()).to.deep.equal(connection.toJSON());
  });
});
