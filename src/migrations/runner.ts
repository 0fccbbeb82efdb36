/**
 * Runs one migration: take its lease, scan its entity from the ledger's cursor one page at a
 * time, decide and change each record of a page with bounded concurrency, then checkpoint (cursor,
 * counts, lease renewed) before the next page; at the end, finish the pass. A failure gives the
 * lease up and rejects: the next run resumes after the last checkpoint, where every record of an
 * unfinished page is decided again (those already changed need nothing more).
 */
import { scanStoredPages } from '../model/index.js';
import type { StoreContext } from '../store/context.js';
import type { Ledger } from './ledger.js';
import { LedgerRefusal, startingProgress } from './ledger.js';
import { Lease } from './ledger-store.js';
import type { Migration, MigrationCollections, StoredRecord } from './migration.js';
import { PassTally } from './pass-tally.js';
import type { MigrationTarget } from './record-change.js';
import { changeRecord, forEachBounded } from './record-change.js';
import type { RunSettings } from './run-options.js';
import type { MigrationOutcome, MigrationRunResult } from './types.js';
import { callSafely, failureName } from '../store/caller-callback.js';

/** What the runner works with: the collections of one DataAccess and its store context. */
export interface MigrationEnvironment {
  readonly collections: MigrationCollections;
  readonly context: StoreContext;
}

/** The result of `outcome` with `tally`'s counts (this run's share). */
export function resultOf(id: string, outcome: MigrationOutcome, tally: PassTally = new PassTally(), extra: { conflicts?: PassTally; leaseExpiresAt?: string | undefined } = {}): MigrationRunResult {
  const conflicts = extra.conflicts?.conflicts ?? [];
  return {
    id,
    scanned: tally.scanned,
    changed: tally.changed,
    failed: tally.failed,
    outcome,
    ...(conflicts.length > 0 ? { conflicts } : {}),
    ...(extra.leaseExpiresAt === undefined ? {} : { leaseExpiresAt: extra.leaseExpiresAt }),
  };
}

function targetOf(environment: MigrationEnvironment, migration: Migration, dryRun: boolean): MigrationTarget {
  const collection = environment.collections[migration.entity];
  return { collection, idAttribute: collection.schema.idAttribute, operation: `migrations.${migration.id}`, dryRun };
}

/** Decides (and, unless dry, changes) the records of one page; counts into every tally. */
async function migratePage(environment: MigrationEnvironment, migration: Migration, target: MigrationTarget, records: readonly StoredRecord[], tallies: readonly PassTally[]): Promise<void> {
  const decide = await migration.page(records, environment.collections);
  await forEachBounded(records, environment.context.concurrency, async (record) => {
    const outcome = await changeRecord(target, decide, record);
    for (const tally of tallies) tally.add(outcome);
    // `failed` alone does not say why; a corrupt item needs a person (no key or value: they may hold data).
    if (outcome.kind === 'failed' && outcome.unaddressable !== undefined) {
      environment.context.logger.warn(`${target.operation}: an item it cannot address (${outcome.unaddressable}) is counted as failed`, {
        migration: migration.id,
        entity: migration.entity,
        reason: outcome.unaddressable,
        dryRun: target.dryRun,
      });
    }
  });
  for (const tally of tallies) tally.scanned += records.length;
}

/** The runs (by their settings) whose onProgress failed and was logged: once per run. */
const progressFailed = new WeakSet<RunSettings>();

/** Hands `onProgress` the pass's counts; a callback that throws or rejects never stops the migration (logged once a run, its name only). */
function report(environment: MigrationEnvironment, settings: RunSettings, id: string, pass: PassTally): void {
  callSafely(settings.onProgress, { id, scanned: pass.scanned, changed: pass.changed, failed: pass.failed }, (reason) => {
    if (progressFailed.has(settings)) return;
    progressFailed.add(settings);
    environment.context.logger.warn('migrations: onProgress failed; the run goes on and this is logged once', { error: failureName(reason) });
  });
}

/** Counts what `migration` would change, from the start of its entity; writes nothing. */
export async function dryRunMigration(environment: MigrationEnvironment, migration: Migration, settings: RunSettings): Promise<MigrationRunResult> {
  const target = targetOf(environment, migration, true);
  const pass = new PassTally();
  await scanStoredPages(target.collection, { pageSize: settings.pageSize }, async (records) => {
    await migratePage(environment, migration, target, records, [pass]);
    report(environment, settings, migration.id, pass);
  });
  return resultOf(migration.id, 'dry-run', pass, { conflicts: pass });
}

/** Runs `migration` under its lease: resolves its outcome, or rejects with what stopped it (after giving the lease up). */
export async function runMigration(environment: MigrationEnvironment, migration: Migration, settings: RunSettings): Promise<MigrationRunResult> {
  const lease = new Lease(environment.context, migration.id, settings.leaseMs);
  const mine = new PassTally();
  let stored: Ledger;
  try {
    stored = await lease.acquire();
  } catch (error) {
    if (error instanceof LedgerRefusal) return resultOf(migration.id, error.reason === 'done' ? 'already-done' : 'busy', mine, { leaseExpiresAt: error.leaseExpiresAt });
    throw error;
  }
  const target = targetOf(environment, migration, false);
  const pass = new PassTally(startingProgress(stored));
  let checkpointed = pass.progress();
  try {
    await scanStoredPages(target.collection, { after: pass.cursor, pageSize: settings.pageSize }, async (records, resumeAfter) => {
      await migratePage(environment, migration, target, records, [pass, mine]);
      pass.cursor = resumeAfter ?? pass.cursor;
      checkpointed = pass.progress();
      await lease.checkpoint(checkpointed);
      report(environment, settings, migration.id, pass);
    });
    const done = pass.failed === 0;
    await lease.finish(pass.progress(), done);
    return resultOf(migration.id, done ? 'done' : 'incomplete', mine, { conflicts: pass });
  } catch (error) {
    // Taken over after this run's lease ran out: the new holder carries on from the last checkpoint.
    if (error instanceof LedgerRefusal) return resultOf(migration.id, 'busy', mine, { leaseExpiresAt: error.leaseExpiresAt });
    // Records of the unfinished page are scanned again (and counted then); changes already made are not made again.
    await lease.release({ ...checkpointed, changed: pass.changed });
    throw error;
  }
}
