/** Shape checks of a sync's progress and results (attribute checks and method inputs alike). */
import type { ValidationIssue } from '../../errors/index.js';
import { holeIssue, isPlainObject, isWellFormedText, shapeOf } from '../../schema/index.js';
import type { SyncProgress, SyncResultError, SyncResults } from './constants.js';
import { MAX_KEPT_ERRORS, MAX_RESUME_CURSOR, SYNC_STAGE_VALUES } from './constants.js';

const MAX_COUNT = 1_000_000_000;
const MAX_ERROR_MESSAGE = 2000;

function counts(value: Record<string, unknown>, names: readonly string[], prefix = ''): ValidationIssue[] {
  return names.flatMap((name) => {
    const count = value[name];
    return typeof count === 'number' && Number.isInteger(count) && count >= 0 && count <= MAX_COUNT
      ? []
      : [{ path: `${prefix}${name}`, message: 'must be a non-negative integer' }];
  });
}

function onlyKeys(value: Record<string, unknown>, allowed: readonly string[], prefix = ''): ValidationIssue[] {
  return Object.keys(value).flatMap((key) => (allowed.includes(key) ? [] : [{ path: `${prefix}${key}`, message: 'is not allowed' }]));
}

export function progressIssues(value: unknown): ValidationIssue[] {
  if (!isPlainObject(value)) return [{ path: '', message: 'expected { current, total, processed, stage }' }];
  const issues = [...onlyKeys(value, ['current', 'total', 'processed', 'stage', 'cursor']), ...counts(value, ['current', 'total', 'processed'])];
  const { cursor } = value;
  if (cursor !== undefined && (typeof cursor !== 'string' || cursor.length === 0 || cursor.length > MAX_RESUME_CURSOR || !isWellFormedText(cursor))) {
    issues.push({ path: 'cursor', message: `must be a string of 1–${MAX_RESUME_CURSOR} characters` });
  }
  if (!(SYNC_STAGE_VALUES as readonly unknown[]).includes(value.stage)) issues.push({ path: 'stage', message: `must be one of ${SYNC_STAGE_VALUES.join(', ')}` });
  if (issues.length > 0) return issues;
  const { current, total, processed } = value as unknown as SyncProgress;
  if (processed > total) issues.push({ path: 'processed', message: 'must not exceed total' });
  if (current > total) issues.push({ path: 'current', message: 'must not exceed total' });
  return issues;
}

export function resultErrorIssues(value: unknown, prefix: string): ValidationIssue[] {
  if (!isPlainObject(value)) return [{ path: prefix, message: 'expected { externalId?, message }' }];
  const issues = onlyKeys(value, ['externalId', 'message'], `${prefix}.`);
  const { externalId, message } = value;
  if (typeof message !== 'string' || message.length === 0 || message.length > MAX_ERROR_MESSAGE || !isWellFormedText(message)) {
    issues.push({ path: `${prefix}.message`, message: `must be a string of 1–${MAX_ERROR_MESSAGE} characters` });
  }
  if (externalId !== undefined && (typeof externalId !== 'string' || externalId.length === 0 || externalId.length > 255 || !isWellFormedText(externalId))) {
    issues.push({ path: `${prefix}.externalId`, message: 'must be a string of 1–255 characters' });
  }
  return issues;
}

/** Issues of a `complete()` input; `errors` may be any length (they are truncated, not refused). */
export function resultsInputIssues(value: unknown): ValidationIssue[] {
  if (!isPlainObject(value)) return [{ path: 'results', message: 'expected { created, updated, skipped, failed, errors? }' }];
  const issues = [...onlyKeys(value, ['created', 'updated', 'skipped', 'failed', 'errors'], 'results.'), ...counts(value, ['created', 'updated', 'skipped', 'failed'], 'results.')];
  const { errors } = value;
  if (errors !== undefined) {
    if (!Array.isArray(errors)) issues.push({ path: 'results.errors', message: 'expected an array' });
    else {
      // An index loop, not forEach: forEach skips the holes of a sparse array, and a hole then
      // reached the write as a missing error. A hole is an invalid error like any other.
      for (let i = 0; i < errors.length; i += 1) {
        const hole = holeIssue(errors, i, `results.errors[${i}]`);
        issues.push(...(hole ? [hole] : resultErrorIssues(errors[i], `results.errors[${i}]`)));
      }
    }
  }
  return issues;
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
