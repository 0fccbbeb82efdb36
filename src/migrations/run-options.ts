/** The options of `migrations.run()`, checked before any request (ValidationError). */
import type { ValidationIssue } from '../errors/index.js';
import { ValidationError } from '../errors/index.js';
import { isPlainObject } from '../schema/index.js';
import type { MigrationProgress, MigrationRunOptions } from './types.js';

const DEFAULT_LEASE_SECONDS = 300;
const LEASE_SECONDS = { min: 10, max: 3600 } as const;
const PAGE_SIZE = { min: 1, max: 10_000 } as const;
const KNOWN = new Set(['only', 'dryRun', 'onProgress', 'pageSize', 'leaseSeconds']);

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

function onlyIssues(only: unknown, ids: readonly string[]): ValidationIssue[] {
  if (!Array.isArray(only) || only.length === 0) return [{ path: 'only', message: 'must be a non-empty array of migration ids' }];
  return only.flatMap((id: unknown, i) => (typeof id === 'string' && ids.includes(id) ? [] : [{ path: `only[${i}]`, message: 'is not a migration id (see migrations.list())' }]));
}

/** Checks `options` against the migrations `ids`; throws ValidationError naming each bad field. */
export function runSettingsOf(options: unknown, ids: readonly string[]): RunSettings {
  if (options === undefined) options = {};
  if (!isPlainObject(options)) {
    throw new ValidationError([{ path: 'options', message: 'expected { only?, dryRun?, onProgress?, pageSize?, leaseSeconds? }' }], 'migrations.run');
  }
  const { only, dryRun, onProgress, pageSize, leaseSeconds } = options as MigrationRunOptions;
  const issues: ValidationIssue[] = Object.keys(options)
    .filter((key) => !KNOWN.has(key))
    .map((key) => ({ path: key, message: 'is not an option of migrations.run()' }));
  if (only !== undefined) issues.push(...onlyIssues(only, ids));
  if (dryRun !== undefined && typeof dryRun !== 'boolean') issues.push({ path: 'dryRun', message: 'must be a boolean' });
  if (onProgress !== undefined && typeof onProgress !== 'function') issues.push({ path: 'onProgress', message: 'must be a function' });
  if (pageSize !== undefined && !integerIn(pageSize, PAGE_SIZE)) issues.push({ path: 'pageSize', message: `must be an integer from ${PAGE_SIZE.min} to ${PAGE_SIZE.max}` });
  if (leaseSeconds !== undefined && !integerIn(leaseSeconds, LEASE_SECONDS)) {
    issues.push({ path: 'leaseSeconds', message: `must be an integer from ${LEASE_SECONDS.min} to ${LEASE_SECONDS.max}` });
  }
  if (issues.length > 0) throw new ValidationError(issues, 'migrations.run');
  return {
    only: only === undefined ? undefined : new Set(only),
    dryRun: dryRun === true,
    onProgress,
    pageSize,
    leaseMs: (leaseSeconds ?? DEFAULT_LEASE_SECONDS) * 1000,
  };
}
