/**
 * `table sync`: brings a live table to the library's definition (see syncTable) and says what it
 * did. The plan goes to stdout first (a GSI backfill on a large table can take long, the
 * operator should see what is coming), the progress to stderr, the outcome to stdout last.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { planTableUpdate, syncTable, ttlAttributeName } from '../../index.js';
import type { TablePlan } from '../../index.js';
import type { Target } from '../args.js';
import { shownEndpoint } from '../endpoint.js';
import type { CliIo } from '../io.js';
import { renderFields } from '../text-table.js';

export interface TableSyncOptions {
  readonly dryRun: boolean;
  readonly stream: boolean;
}

const list = (names: readonly string[]) => (names.length === 0 ? 'none' : names.join(', '));

/** Where the table is, for people: the endpoint (without its credentials), or AWS and the region. */
export function placeOf(target: Target): string {
  return target.endpoint === undefined ? `AWS${target.region === undefined ? '' : ` (${target.region})`}` : shownEndpoint(target.endpoint);
}

/** The plan as `name  value` lines. */
export function renderPlan(plan: TablePlan, stream: boolean): string {
  const fields: [string, string][] = [
    ['table', plan.exists ? 'exists' : 'missing: to create with every index'],
    ['indexes to add', list(plan.addIndexes)],
  ];
  if (plan.pendingIndexes.length > 0) fields.push(['indexes being built', `${list(plan.pendingIndexes)} (DynamoDB is still building them)`]);
  fields.push(
    [`TTL on '${ttlAttributeName}'`, plan.ttl === 'ok' ? 'enabled' : 'to enable'],
    ['stream', !stream ? 'not checked (--stream requires one)' : plan.stream === 'ok' ? 'NEW_AND_OLD_IMAGES' : 'to enable (NEW_AND_OLD_IMAGES)'],
    ['unknown indexes', plan.unknownIndexes.length === 0 ? 'none' : `${list(plan.unknownIndexes)} (kept: table sync never deletes an index)`],
  );
  return renderFields(fields);
}

/** What applying `plan` changes, in words, as things to do (`add gsi3`) or done (`added gsi3`); empty when nothing. */
export function changesOf(plan: TablePlan, tense: 'todo' | 'done'): string[] {
  const words = (todo: string, done: string) => (tense === 'todo' ? todo : done);
  if (!plan.exists) return [words('create the table', 'created the table')];
  return [
    ...plan.addIndexes.map((name) => `${words('add', 'added')} ${name}`),
    ...(plan.ttl === 'enable' ? [words('enable TTL', 'enabled TTL')] : []),
    ...(plan.stream === 'enable' ? [words('enable the stream', 'enabled the stream')] : []),
  ];
}

/** Prints the plan, applies it unless `dryRun`, prints the outcome. Resolves with the plan applied (or found). */
export async function tableSync(target: Target, options: TableSyncOptions, client: DynamoDBClient, io: CliIo): Promise<TablePlan> {
  const { tableName } = target;
  io.stderr.write(`Reading table ${tableName} on ${placeOf(target)}…\n`);
  const plan = await planTableUpdate(client, tableName, { stream: options.stream });
  io.stdout.write(`Table ${tableName} on ${placeOf(target)}\n${renderPlan(plan, options.stream)}\n`);
  const todo = changesOf(plan, 'todo');
  if (todo.length === 0 && plan.pendingIndexes.length === 0) {
    io.stdout.write(`${tableName}: in sync\n`);
    return plan;
  }
  if (options.dryRun) {
    const what = todo.length === 0 ? `nothing to change; ${list(plan.pendingIndexes)} still being built` : `to apply, run without --dry-run: ${todo.join(', ')}`;
    io.stdout.write(`${tableName}: dry run, nothing was changed (${what})\n`);
    return plan;
  }
  const applied = await syncTable(client, tableName, { stream: options.stream, onProgress: (step) => io.stderr.write(`${step}\n`) });
  // `applied` is planned anew: another sync may have done part of the work in between.
  const changed = changesOf(applied, 'done');
  const done = [...changed, ...applied.pendingIndexes.map((name) => `waited for ${name}`)];
  io.stdout.write(`${tableName}: ${changed.length === 0 ? 'in sync' : 'synced'}${done.length === 0 ? '' : ` (${done.join(', ')})`}\n`);
  return applied;
}
