/**
 * Sync watermarks: per entity kind (`issues`, `comments`, `worklogs`, …) the time up to which a
 * completed sync has seen the tracker's changes. An incremental sync starts from them.
 */
import type { ValidationIssue } from '../../errors/index.js';
import { checkIsoDate, isPlainObject } from '../../schema/index.js';

/** Watermarks by entity kind: ISO-8601 times. */
export type SyncWatermarks = Readonly<Record<string, string>>;

/** An entity kind: 1–64 of a–z 0–9 _ -, starting with a letter. */
export const WATERMARK_ENTITY = /^[a-z][a-z0-9_-]{0,63}$/;
export const MAX_WATERMARKS = 20;

export function watermarkIssues(value: unknown, path = 'options.watermarks'): ValidationIssue[] {
  if (!isPlainObject(value)) return [{ path, message: 'expected { [entity kind]: ISO-8601 time }' }];
  const entries = Object.entries(value);
  const issues: ValidationIssue[] = [];
  if (entries.length > MAX_WATERMARKS) issues.push({ path, message: `at most ${MAX_WATERMARKS} entity kinds` });
  for (const [entity, at] of entries) {
    if (!WATERMARK_ENTITY.test(entity)) issues.push({ path: `${path}`, message: 'entity kinds are 1–64 of a–z 0–9 _ - starting with a letter' });
    else if (typeof at !== 'string' || checkIsoDate(at) !== undefined) issues.push({ path: `${path}.${entity}`, message: 'must be an ISO-8601 date-time' });
  }
  return issues;
}
