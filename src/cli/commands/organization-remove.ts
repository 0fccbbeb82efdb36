/**
 * `organization remove`: tenant offboarding (da.removeOrganization). It counts first and shows the
 * counts, asks for confirmation on the terminal unless `--yes` (and refuses without a terminal to
 * ask on), then removes with a progress bar and prints what it removed per entity.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createDataAccess } from '../../index.js';
import type { Target } from '../args.js';
import { EXIT_FAILURE, EXIT_OK, UsageError } from '../errors.js';
import type { CliIo } from '../io.js';
import { ProgressBar, withSpinner } from '../progress.js';
import { renderTable } from '../text-table.js';
import { placeOf } from './table-sync.js';

export interface OrganizationRemoveOptions {
  readonly organizationId: string;
  readonly dryRun: boolean;
  readonly yes: boolean;
}

const totalOf = (counts: Readonly<Record<string, number>>) => Object.values(counts).reduce((sum, n) => sum + n, 0);

/** Counts per entity as a table. */
export function renderCounts(counts: Readonly<Record<string, number>>): string {
  return renderTable(['ENTITY', 'ITEMS'], Object.entries(counts));
}

/** True for an answer that confirms: `y` or `yes`, in any case. */
export function confirms(answer: string): boolean {
  return /^y(es)?$/i.test(answer.trim());
}

/** Counts, confirms, removes; resolves the exit code (1 when not confirmed). */
export async function organizationRemove(target: Target, options: OrganizationRemoveOptions, client: DynamoDBClient, io: CliIo): Promise<number> {
  const { organizationId, dryRun } = options;
  const { tableName } = target;
  const ask = options.yes || dryRun ? undefined : io.prompt;
  if (!options.yes && !dryRun && ask === undefined) {
    throw new UsageError("'organization remove' asks for confirmation on a terminal, and the input is not one: add --yes to remove without asking");
  }
  const da = createDataAccess({ tableName, client });
  const counted = await withSpinner(
    io.stderr,
    `Counting what table ${tableName} holds for organization ${organizationId}`,
    () => da.removeOrganization(organizationId, { dryRun: true }),
    ({ removed }) => `${totalOf(removed)} item(s) found`,
  );
  const total = totalOf(counted.removed);
  io.stdout.write(`Organization ${organizationId} in table ${tableName} on ${placeOf(target)}\n${renderCounts(counted.removed)}\n`);
  if (total === 0) {
    io.stdout.write(`${tableName}: nothing is stored for organization ${organizationId}\n`);
    return EXIT_OK;
  }
  if (dryRun) {
    io.stdout.write(`${tableName}: dry run, nothing was removed (to remove these ${total} item(s), run without --dry-run)\n`);
    return EXIT_OK;
  }
  if (ask && !confirms(await ask(`Remove these ${total} item(s) of organization ${organizationId} from ${tableName}? Type 'yes' to confirm: `))) {
    io.stdout.write(`${tableName}: not confirmed, nothing was removed\n`);
    return EXIT_FAILURE;
  }
  const bar = new ProgressBar(io.stderr, 'Removing');
  let done = 0;
  bar.update(0, total);
  const { removed } = await da.removeOrganization(organizationId, {
    onProgress: ({ entity, count }) => {
      done += count;
      // Items created since the count make `done` pass `total`: the bar stops at 100 %.
      bar.update(Math.min(done, total), total, entity);
    },
  });
  bar.finish();
  io.stdout.write(`${renderCounts(removed)}\n${tableName}: removed ${totalOf(removed)} item(s) of organization ${organizationId}\n`);
  return EXIT_OK;
}
