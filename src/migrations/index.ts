/**
 * `da.migrations`: the library's own data migrations over one DataAccess — `list()` reads every
 * ledger, `run()` runs the migrations that are not done, in order (see runner.ts).
 */
import { asOperation, everyCollectionIn, handOverTo } from '../model/observe/install-observers.js';
import type { OperationScope } from '../store/observe/operation-scope.js';
import type { StoreContext } from '../store/context.js';
import { MIGRATION_IDS, MIGRATIONS } from './catalog.js';
import { readLedgers } from './ledger-store.js';
import { visibleState } from './ledger.js';
import type { MigrationCollections } from './migration.js';
import { runSettingsOf } from './run-options.js';
import type { MigrationEnvironment } from './runner.js';
import { dryRunMigration, resultOf, runMigration } from './runner.js';
import type { MigrationRunOptions, MigrationRunResult, Migrations, MigrationStatus } from './types.js';

export type { ActiveProviderConflict, MigrationOutcome, MigrationProgress, MigrationRunOptions, MigrationRunResult, Migrations, MigrationState, MigrationStatus } from './types.js';
export type { MigrationCollections } from './migration.js';

async function list(environment: MigrationEnvironment): Promise<MigrationStatus[]> {
  const ledgers = await readLedgers(environment.context, MIGRATION_IDS);
  const now = new Date().toISOString();
  return ledgers.map((ledger, i) => {
    const state = visibleState(ledger, now);
    return {
      id: ledger.id,
      description: (MIGRATIONS[i] as (typeof MIGRATIONS)[number]).description,
      state,
      scanned: ledger.scanned,
      changed: ledger.changed,
      failed: ledger.failed,
      ...(ledger.conflicts.length > 0 ? { conflicts: ledger.conflicts } : {}),
      ...(state === 'running' && ledger.leaseExpiresAt !== undefined ? { leaseExpiresAt: ledger.leaseExpiresAt } : {}),
    };
  });
}

async function run(environment: MigrationEnvironment, options: MigrationRunOptions | undefined): Promise<MigrationRunResult[]> {
  const settings = runSettingsOf(options, MIGRATION_IDS);
  const selected = MIGRATIONS.filter((migration) => settings.only?.has(migration.id) ?? true);
  const ledgers = await readLedgers(environment.context, selected.map((migration) => migration.id));
  const results: MigrationRunResult[] = [];
  let blocked = false;
  for (const [i, migration] of selected.entries()) {
    if (blocked) results.push(resultOf(migration.id, 'not-run'));
    else if (ledgers[i]?.state === 'done') results.push(resultOf(migration.id, 'already-done'));
    else {
      const result = settings.dryRun ? await dryRunMigration(environment, migration, settings) : await runMigration(environment, migration, settings);
      results.push(result);
      // Later migrations may rely on earlier ones: the process that holds this one runs them next.
      blocked = result.outcome === 'busy';
    }
  }
  return results;
}

/** The migrations of the DataAccess whose collections and store context are given. */
export function createMigrations(collections: MigrationCollections, context: StoreContext): Migrations {
  const environment: MigrationEnvironment = { collections, context };
  // Inside an operation (`onEvent`), the run's reads and writes go through the operation's context and views.
  const within = (scope: OperationScope | undefined): MigrationEnvironment =>
    scope === undefined ? environment : { collections: everyCollectionIn(collections, handOverTo(scope)), context: scope.contextOf(context) };
  return Object.freeze({
    list: () => asOperation(context.operations, 'DataAccess.migrations.list', 'DataAccess', (scope) => list(within(scope))),
    run: (options?: MigrationRunOptions) => asOperation(context.operations, 'DataAccess.migrations.run', 'DataAccess', (scope) => run(within(scope), options)),
  });
}
