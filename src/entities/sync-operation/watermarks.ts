/**
 * Sync watermarks: per entity kind (`issues`, `comments`, `worklogs`, …) the time up to which a
 * completed sync has seen the tracker's changes. An incremental sync starts from them.
 */
import type { ValidationIssue } from '../../errors/index.js';
import { checkIsoDate, issuesAt, readAll, UNREAD, UNREADABLE } from '../../schema/index.js';

/** Watermarks by entity kind: ISO-8601 times. */
export type SyncWatermarks = Readonly<Record<string, string>>;

/** An entity kind: 1–64 of a–z 0–9 _ -, starting with a letter. */
export const WATERMARK_ENTITY = /^[a-z][a-z0-9_-]{0,63}$/;
export const MAX_WATERMARKS = 20;

/**
 * Watermarks read once, with the issues of every bad one (at `path`, `path.<entity kind>`);
 * `watermarks` is the copy the checks passed, set only when there are no issues.
 */
export function readWatermarks(value: unknown, path = 'options.watermarks'): { watermarks?: Record<string, string>; issues: ValidationIssue[] } {
  const read = readAll(value);
  if (read === UNREAD) return { issues: [{ path, message: UNREADABLE }] };
  if (read === null) return { issues: [{ path, message: 'expected { [entity kind]: ISO-8601 time }' }] };
  const entries = Object.entries(read);
  const issues: ValidationIssue[] = [];
  if (entries.length > MAX_WATERMARKS) issues.push({ path, message: `at most ${MAX_WATERMARKS} entity kinds` });
  for (const [entity, at] of entries) {
    if (!WATERMARK_ENTITY.test(entity)) issues.push({ path, message: 'entity kinds are 1–64 of a–z 0–9 _ - starting with a letter' });
    else issues.push(...issuesAt(path ? `${path}.${entity}` : entity, at, (time) => (typeof time === 'string' && checkIsoDate(time) === undefined ? undefined : 'must be an ISO-8601 date-time')));
  }
  // A plain copy (the entity kinds passed the pattern: no `__proto__` among them).
  return issues.length > 0 ? { issues } : { watermarks: Object.fromEntries(entries) as Record<string, string>, issues };
}

export function watermarkIssues(value: unknown, path = 'options.watermarks'): ValidationIssue[] {
  return readWatermarks(value, path).issues;
}
