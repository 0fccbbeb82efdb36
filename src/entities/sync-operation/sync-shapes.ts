/**
 * Shape checks of a sync's progress and results (attribute checks and method inputs alike). A
 * method's input is read once (see schema/unreadable.ts): the readers return the copy that was
 * checked, which the write uses.
 */
import type { ValidationIssue } from '../../errors/index.js';
import { arrayItems, holeIssue, isPlainObject, isWellFormedText, issuesAt, readFields, shapeOf, UNREAD, UNREADABLE } from '../../schema/index.js';
import type { SyncProgress, SyncResultError, SyncResults } from './constants.js';
import { MAX_KEPT_ERRORS, MAX_RESUME_CURSOR, SYNC_STAGE_VALUES } from './constants.js';

const MAX_COUNT = 1_000_000_000;
const MAX_ERROR_MESSAGE = 2000;

const PROGRESS_FIELDS = ['current', 'total', 'processed', 'stage', 'cursor'] as const;
const COUNT_FIELDS = ['created', 'updated', 'skipped', 'failed'] as const;
const RESULT_FIELDS = [...COUNT_FIELDS, 'errors'] as const;
const ERROR_FIELDS = ['externalId', 'message'] as const;

function countIssue(count: unknown): string | undefined {
  return typeof count === 'number' && Number.isInteger(count) && count >= 0 && count <= MAX_COUNT ? undefined : 'must be a non-negative integer';
}

function counts(values: Readonly<Record<string, unknown>>, names: readonly string[], prefix = ''): ValidationIssue[] {
  return names.flatMap((name) => issuesAt(`${prefix}${name}`, values[name], countIssue));
}

function notAllowed(others: readonly string[], prefix = ''): ValidationIssue[] {
  return others.map((key) => ({ path: `${prefix}${key}`, message: 'is not allowed' }));
}

/**
 * A progress (reportProgress's input, or the stored attribute) read once, with the issues of
 * every bad field (paths relative: `current`, '' for the value itself). `progress` is the copy
 * the checks passed, set only when there are no issues: the write uses it, not the caller's object.
 */
export function readProgress(value: unknown): { progress?: SyncProgress; issues: ValidationIssue[] } {
  const read = readFields(value, PROGRESS_FIELDS);
  if (read === UNREAD) return { issues: [{ path: '', message: UNREADABLE }] };
  if (read === null) return { issues: [{ path: '', message: 'expected { current, total, processed, stage }' }] };
  const { values } = read;
  const issues = [...notAllowed(read.others), ...counts(values, ['current', 'total', 'processed'])];
  issues.push(
    ...issuesAt('cursor', values.cursor, (cursor) =>
      cursor === undefined || (typeof cursor === 'string' && cursor.length > 0 && cursor.length <= MAX_RESUME_CURSOR && isWellFormedText(cursor))
        ? undefined
        : `must be a string of 1–${MAX_RESUME_CURSOR} characters`,
    ),
    ...issuesAt('stage', values.stage, (stage) => ((SYNC_STAGE_VALUES as readonly unknown[]).includes(stage) ? undefined : `must be one of ${SYNC_STAGE_VALUES.join(', ')}`)),
  );
  if (issues.length > 0) return { issues };
  const { current, total, processed, stage, cursor } = values as unknown as SyncProgress;
  if (processed > total) issues.push({ path: 'processed', message: 'must not exceed total' });
  if (current > total) issues.push({ path: 'current', message: 'must not exceed total' });
  if (issues.length > 0) return { issues };
  return { progress: cursor === undefined ? { current, total, processed, stage } : { current, total, processed, stage, cursor }, issues };
}

export function progressIssues(value: unknown): ValidationIssue[] {
  return readProgress(value).issues;
}

/** One error of a complete() input read once (`error` set when it is valid), with its issues at `prefix`. */
function readResultError(value: unknown, prefix: string): { error?: SyncResultError; issues: ValidationIssue[] } {
  const read = readFields(value, ERROR_FIELDS);
  if (read === UNREAD) return { issues: [{ path: prefix, message: UNREADABLE }] };
  if (read === null) return { issues: [{ path: prefix, message: 'expected { externalId?, message }' }] };
  const { externalId, message } = read.values;
  const issues = [
    ...notAllowed(read.others, `${prefix}.`),
    ...issuesAt(`${prefix}.message`, message, (text) =>
      typeof text === 'string' && text.length > 0 && text.length <= MAX_ERROR_MESSAGE && isWellFormedText(text) ? undefined : `must be a string of 1–${MAX_ERROR_MESSAGE} characters`,
    ),
    ...issuesAt(`${prefix}.externalId`, externalId, (id) =>
      id === undefined || (typeof id === 'string' && id.length > 0 && id.length <= 255 && isWellFormedText(id)) ? undefined : 'must be a string of 1–255 characters',
    ),
  ];
  if (issues.length > 0) return { issues };
  return { error: externalId === undefined ? { message: message as string } : { externalId: externalId as string, message: message as string }, issues };
}

/** What complete() takes, as read once: the counts and the errors (any number: they are truncated, not refused). */
export interface ResultsInput {
  created: number;
  updated: number;
  skipped: number;
  failed: number;
  errors?: SyncResultError[];
}

/**
 * A `complete()` input read once, with the issues of every bad field (`results.…`); `results` is
 * the copy the checks passed (set only when there are no issues). `errors` may be any length.
 */
export function readResultsInput(value: unknown): { results?: ResultsInput; issues: ValidationIssue[] } {
  const read = readFields(value, RESULT_FIELDS);
  if (read === UNREAD) return { issues: [{ path: 'results', message: UNREADABLE }] };
  if (read === null) return { issues: [{ path: 'results', message: 'expected { created, updated, skipped, failed, errors? }' }] };
  const { values } = read;
  const issues = [...notAllowed(read.others, 'results.'), ...counts(values, COUNT_FIELDS, 'results.')];
  let errors: SyncResultError[] | undefined;
  if (values.errors !== undefined) {
    const list = arrayItems(values.errors);
    if (list === UNREAD) issues.push({ path: 'results.errors', message: UNREADABLE });
    else if (list === null) issues.push({ path: 'results.errors', message: 'expected an array' });
    else {
      errors = [];
      // An index loop, not forEach: forEach skips the holes of a sparse array, and a hole then
      // reached the write as a missing error. A hole is an invalid error like any other.
      for (let i = 0; i < list.length; i += 1) {
        const hole = holeIssue(list, i, `results.errors[${i}]`);
        if (hole) {
          issues.push(hole);
          continue;
        }
        const one = readResultError(list[i], `results.errors[${i}]`);
        issues.push(...one.issues);
        if (one.error) errors.push(one.error);
      }
    }
  }
  if (issues.length > 0) return { issues };
  const { created, updated, skipped, failed } = values as Readonly<Record<(typeof COUNT_FIELDS)[number], number>>;
  return { results: errors === undefined ? { created, updated, skipped, failed } : { created, updated, skipped, failed, errors }, issues };
}

/**
 * Kept errors stay well inside DynamoDB's 400 KB item limit: 100 errors of 2 000 non-ASCII
 * characters would not fit, so errors are also kept only while their UTF-8 size allows.
 */
export const MAX_KEPT_ERROR_BYTES = 200 * 1024;

/** Keeps the first errors (at most 100, at most 200 KB of text) and counts the rest. */
export function keptResults(input: Omit<SyncResults, 'errors' | 'truncatedErrors'> & { errors?: SyncResultError[] }): SyncResults {
  const errors = input.errors ?? [];
  const kept: SyncResultError[] = [];
  let bytes = 0;
  for (const error of errors) {
    bytes += Buffer.byteLength(error.message, 'utf8') + Buffer.byteLength(error.externalId ?? '', 'utf8');
    if (kept.length >= MAX_KEPT_ERRORS || bytes > MAX_KEPT_ERROR_BYTES) break;
    kept.push(error.externalId === undefined ? { message: error.message } : { externalId: error.externalId, message: error.message });
  }
  return {
    created: input.created,
    updated: input.updated,
    skipped: input.skipped,
    failed: input.failed,
    errors: kept,
    truncatedErrors: errors.length - kept.length,
  };
}

/** What is stored as `progress` (the cursor is kept apart, as `resumeCursor`). */
export const progressShape = shapeOf<Omit<SyncProgress, 'cursor'>>(progressIssues);

export const resultsShape = shapeOf<SyncResults>((value) => {
  if (!isPlainObject(value)) return [{ path: '', message: 'expected stored results' }];
  const issues = counts(value, ['created', 'updated', 'skipped', 'failed', 'truncatedErrors']);
  const errors = value.errors;
  if (!Array.isArray(errors) || errors.length > MAX_KEPT_ERRORS) issues.push({ path: 'errors', message: `expected at most ${MAX_KEPT_ERRORS} errors` });
  return issues;
});
