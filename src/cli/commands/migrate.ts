/**
 * `migrate status` and `migrate run`: the library's data migrations (see da.migrations). Progress
 * goes to stderr (a bar over the migrations, with the counts of the one running), results to
 * stdout: a table of what each migration did, the conflicts that need a decision, one summary line.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createDataAccess } from '../../index.js';
import type { ActiveProviderConflict, MigrationOutcome, MigrationRunResult, MigrationStatus } from '../../index.js';
import { MIGRATION_IDS } from '../../migrations/catalog.js';
import type { Target } from '../args.js';
import type { CliIo } from '../io.js';
import { ProgressBar, withSpinner } from '../progress.js';
import { renderTable } from '../text-table.js';
import { placeOf } from './table-sync.js';

export interface MigrateRunOptions {
  readonly dryRun: boolean;
  readonly only?: readonly string[];
}

const OUTCOME_WORDS: Readonly<Record<MigrationOutcome, string>> = {
  done: 'done',
  incomplete: 'incomplete',
  'already-done': 'already done',
  busy: 'busy (another process)',
  'not-run': 'not run',
  'dry-run': 'dry run',
};

/** The ledgers as a table: one row per migration. */
export function renderStatus(statuses: readonly MigrationStatus[]): string {
  return renderTable(
    ['MIGRATION', 'STATE', 'SCANNED', 'CHANGED', 'FAILED', 'DESCRIPTION'],
    statuses.map((m) => [m.id, m.leaseExpiresAt === undefined ? m.state : `${m.state} (lease until ${m.leaseExpiresAt})`, m.scanned, m.changed, m.failed, m.description]),
  );
}

/** What each migration did in a run. */
export function renderResults(results: readonly MigrationRunResult[]): string {
  return renderTable(
    ['MIGRATION', 'OUTCOME', 'SCANNED', 'CHANGED', 'FAILED'],
    results.map((r) => [r.id, OUTCOME_WORDS[r.outcome], r.scanned, r.changed, r.failed]),
  );
}

/** The organizations that hold more than one active connection of a provider, and what to do; empty when none. */
export function renderConflicts(conflicts: readonly ActiveProviderConflict[]): string {
  if (conflicts.length === 0) return '';
  return [
    `Conflicts (${conflicts.length}): organizations with more than one active connection of a provider; no active-provider guard was claimed for them`,
    ...conflicts.map((c) => `  organization ${c.organizationId}, ${c.provider}: ${c.connectionIds.join(', ')}`),
    '  → keep one connection active (markDisabled the others), then run `migrate run` again\n',
  ].join('\n');
}

/** The run in one line. */
export function summaryOf(tableName: string, results: readonly MigrationRunResult[], dryRun: boolean): string {
  if (dryRun) return `${tableName}: dry run, nothing was changed (${results.reduce((sum, r) => sum + r.changed, 0)} item(s) would change)`;
  const busy = results.find((r) => r.outcome === 'busy');
  if (busy) return `${tableName}: ${busy.id} is being run by another process${busy.leaseExpiresAt ? ` (lease until ${busy.leaseExpiresAt})` : ''}; run again later to see it done`;
  const pending = results.filter((r) => r.outcome === 'incomplete').map((r) => r.id);
  if (pending.length > 0) return `${tableName}: ${pending.length} migration(s) left pending: ${pending.join(', ')} (see above)`;
  return `${tableName}: every migration is done`;
}

/** Prints the migrations and their ledgers' states. */
export async function migrateStatus(target: Target, client: DynamoDBClient, io: CliIo): Promise<void> {
  const da = createDataAccess({ tableName: target.tableName, client });
  const statuses = await withSpinner(io.stderr, `Reading the migration ledgers of ${target.tableName}`, () => da.migrations.list(), () => undefined);
  const conflicts = statuses.flatMap((m) => m.conflicts ?? []);
  io.stdout.write(`Migrations of table ${target.tableName} on ${placeOf(target)}\n${renderStatus(statuses)}\n${renderConflicts(conflicts)}`);
}

/** Runs the migrations with a progress bar, then prints what each did. */
export async function migrateRun(target: Target, options: MigrateRunOptions, client: DynamoDBClient, io: CliIo): Promise<MigrationRunResult[]> {
  const da = createDataAccess({ tableName: target.tableName, client });
  const ids = MIGRATION_IDS.filter((id) => options.only?.includes(id) ?? true);
  io.stderr.write(`${options.dryRun ? 'Counting what the migrations would change in' : 'Running the migrations of'} ${target.tableName} on ${placeOf(target)}…\n`);
  const bar = new ProgressBar(io.stderr, options.dryRun ? 'Counting' : 'Migrating');
  bar.update(0, ids.length);
  const results = await da.migrations.run({
    dryRun: options.dryRun,
    ...(options.only ? { only: options.only } : {}),
    onProgress: (p) => bar.update(ids.indexOf(p.id), ids.length, `${p.id}: scanned ${p.scanned}, changed ${p.changed}`),
  });
  bar.update(ids.length, ids.length);
  bar.finish();
  const conflicts = results.flatMap((r) => r.conflicts ?? []);
  io.stdout.write(`Migrations of table ${target.tableName} on ${placeOf(target)}\n${renderResults(results)}\n${renderConflicts(conflicts)}${summaryOf(target.tableName, results, options.dryRun)}\n`);
  return results;
}
