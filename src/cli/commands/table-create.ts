/**
 * `table create`: creates a missing table from the library's definition. An existing table is
 * judged with the library's own planTableUpdate — the judgement `table sync` makes — and left as
 * it is: one that cannot be the library's table (another key schema or key type, TTL on another
 * attribute, an index of the same name on other keys) is planTableUpdate's CONFIGURATION error;
 * one that lacks indexes is refused with a hint to `table sync`, the command that changes live
 * tables. Nothing is claimed about the table that the plan did not find (TTL, indexes built).
 */
import type { DynamoDBClient, TableDescription } from '@aws-sdk/client-dynamodb';
import { createTable, planTableUpdate, tableDefinition, ttlAttributeName } from '../../index.js';
import type { TablePlan } from '../../index.js';
import { waitForTable } from '../../store/table/wait-for-table.js';
import type { Target } from '../args.js';
import { CliError } from '../errors.js';
import { PROGRAM } from '../help.js';
import type { CliIo } from '../io.js';
import { withSpinner } from '../progress.js';
import { indexesOf } from './table.js';
import { placeOf } from './table-sync.js';

/** How long to wait for an existing table that is not ACTIVE yet (as long as createTable waits for its own). */
const MAX_WAIT_SECONDS = 300;

const tableActive = (table: TableDescription): string | undefined => (table.TableStatus === 'ACTIVE' ? undefined : `table ${table.TableStatus ?? 'in an unknown state'}`);

function indexNames(tableName: string): string {
  return indexesOf(tableDefinition(tableName))
    .map((index) => index.IndexName)
    .join(', ');
}

/** The refusal of an existing table that lacks GSIs of the definition: they are added by `table sync`, not here. */
export function missingIndexesError(target: Target, plan: TablePlan): CliError {
  const { tableName } = target;
  const [indexes, them] = plan.addIndexes.length === 1 ? ['index', 'it'] : ['indexes', 'them'];
  return new CliError(
    `table ${tableName} exists on ${placeOf(target)} but lacks the library's ${indexes} ${plan.addIndexes.join(', ')}` +
      `\n  hint: \`${PROGRAM} table sync --table ${tableName}\` adds ${them} to the live table (--dry-run first shows the plan)`,
  );
}

/** The result line for an existing table, saying what the plan found: indexes still being built, TTL off. */
export function existingTableLine(tableName: string, plan: TablePlan): string {
  const building = plan.pendingIndexes.length === 0 ? '' : ` (${plan.pendingIndexes.join(', ')} still being built)`;
  const ttl = plan.ttl === 'ok' ? `TTL on '${ttlAttributeName}'` : `TTL not enabled (\`${PROGRAM} table sync\` enables it on '${ttlAttributeName}')`;
  return `${tableName}: already existed; ACTIVE, indexes ${indexNames(tableName)}${building}, ${ttl}`;
}

/** Creates the table unless it exists; an existing one must fit the definition and is not changed. */
export async function tableCreate(target: Target, client: DynamoDBClient, io: CliIo): Promise<void> {
  const { tableName } = target;
  const where = placeOf(target);
  io.stderr.write(`Reading table ${tableName} on ${where}…\n`);
  // Rejects with CONFIGURATION for a table no update can make the library's; DATASTORE when DynamoDB fails.
  const plan = await planTableUpdate(client, tableName);
  if (!plan.exists) {
    // ifNotExists: another `table create` may be creating it at this moment.
    await withSpinner(io.stderr, `Creating table ${tableName} on ${where}`, () => createTable(client, tableName, { ifNotExists: true }), () => `table ${tableName} created`);
    io.stdout.write(`${tableName}: created; ACTIVE, indexes ${indexNames(tableName)}, TTL on '${ttlAttributeName}'\n`);
    return;
  }
  if (plan.addIndexes.length > 0) throw missingIndexesError(target, plan);
  // Reads only: a table another process is still creating is waited for, so that "ACTIVE" is true.
  await withSpinner(
    io.stderr,
    `Table ${tableName} exists on ${where}; ensuring it is ACTIVE`,
    () => waitForTable(client, tableName, 'the table to be ACTIVE', tableActive, { maxWaitSeconds: MAX_WAIT_SECONDS }),
    () => `table ${tableName} already existed`,
  );
  io.stdout.write(`${existingTableLine(tableName, plan)}\n`);
}
