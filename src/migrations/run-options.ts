/** The options of `migrations.run()`, checked before any request (ValidationError). */
import type { ValidationIssue } from '../errors/index.js';
import { ValidationError } from '../errors/index.js';
import { arrayItems, holeIssue, issuesAt, readFields, UNREAD, UNREADABLE } from '../schema/index.js';
import type { MigrationProgress } from './types.js';

const DEFAULT_LEASE_SECONDS = 300;
const LEASE_SECONDS = { min: 10, max: 3600 } as const;
const PAGE_SIZE = { min: 1, max: 10_000 } as const;

/** The options as the runner uses them. */
export interface RunSettings {
  /** The ids to run; undefined: all. */
  readonly only: ReadonlySet<string> | undefined;
  readonly dryRun: boolean;
  readonly onProgress: ((progress: MigrationProgress) => void) | undefined;
  readonly pageSize: number | undefined;
  readonly leaseMs: number;
}

function integerIn(value: unknown, range: { readonly min: number; readonly max: number }): boolean {
  return typeof value === 'number' && Number.isInteger(value) && value >= range.min && value <= range.max;
}

/** The ids of `only`, read once (arrayItems), with the issues of what was read. */
function onlyOf(only: unknown, ids: readonly string[]): { ids: string[]; issues: ValidationIssue[] } {
  const items = arrayItems(only);
  if (items === UNREAD) return { ids: [], issues: [{ path: 'only', message: UNREADABLE }] };
  if (items === null || items.length === 0) return { ids: [], issues: [{ path: 'only', message: 'must be a non-empty array of migration ids' }] };
  const issues: ValidationIssue[] = [];
  // An index loop: a hole is an issue of its own (map/flatMap would skip it).
  for (let i = 0; i < items.length; i += 1) {
    const id = items[i];
    const hole = holeIssue(items, i, `only[${i}]`);
    if (hole !== undefined) issues.push(hole);
    else issues.push(...issuesAt(`only[${i}]`, id, (value) => (typeof value === 'string' && ids.includes(value) ? undefined : 'is not a migration id (see migrations.list())')));
  }
  return { ids: items as string[], issues };
}

const FIELDS = ['only', 'dryRun', 'onProgress', 'pageSize', 'leaseSeconds'] as const;

/**
 * Checks `options` against the migrations `ids`; throws ValidationError naming each bad field.
 * The options are read once (readFields; `only` with arrayItems) and the settings made from what
 * was read: a getter or a Proxy trap that throws is an issue at its path ('could not be read'),
 * never the caller's own error.
 */
export function runSettingsOf(options: unknown, ids: readonly string[]): RunSettings {
  const read = readFields(options === undefined ? {} : options, FIELDS);
  if (read === UNREAD) throw new ValidationError([{ path: 'options', message: UNREADABLE }], 'migrations.run');
  if (read === null) {
    throw new ValidationError([{ path: 'options', message: 'expected { only?, dryRun?, onProgress?, pageSize?, leaseSeconds? }' }], 'migrations.run');
  }
  const { only, dryRun, onProgress, pageSize, leaseSeconds } = read.values;
  const issues: ValidationIssue[] = read.others.map((key) => ({ path: key, message: 'is not an option of migrations.run()' }));
  const chosen = only === undefined ? undefined : onlyOf(only, ids);
  if (chosen !== undefined) issues.push(...chosen.issues);
  const check = (path: string, value: unknown, problem: (value: unknown) => string | undefined) => {
    if (value !== undefined) issues.push(...issuesAt(path, value, problem));
  };
  check('dryRun', dryRun, (value) => (typeof value === 'boolean' ? undefined : 'must be a boolean'));
  check('onProgress', onProgress, (value) => (typeof value === 'function' ? undefined : 'must be a function'));
  check('pageSize', pageSize, (value) => (integerIn(value, PAGE_SIZE) ? undefined : `must be an integer from ${PAGE_SIZE.min} to ${PAGE_SIZE.max}`));
  check('leaseSeconds', leaseSeconds, (value) => (integerIn(value, LEASE_SECONDS) ? undefined : `must be an integer from ${LEASE_SECONDS.min} to ${LEASE_SECONDS.max}`));
  if (issues.length > 0) throw new ValidationError(issues, 'migrations.run');
  return {
    only: chosen === undefined ? undefined : new Set(chosen.ids),
    dryRun: dryRun === true,
    onProgress: onProgress as RunSettings['onProgress'],
    pageSize: pageSize as number | undefined,
    leaseMs: ((leaseSeconds as number | undefined) ?? DEFAULT_LEASE_SECONDS) * 1000,
  };
}
