/** Validation of the tokens a caller stores. Messages never quote the values. */
import type { ValidationIssue } from '../../errors/index.js';
import { arrayItems, checkIsoDate, isWellFormedText, issuesAt, readFields, UNREAD, UNREADABLE } from '../../schema/index.js';

/** Provider tokens as the caller gives and gets them. */
export interface OAuthTokens {
  accessToken: string;
  refreshToken: string;
  /** When the access token expires (ISO-8601), if the provider says. */
  expiresAt?: string | null;
  scopes?: string[];
}

const MAX_TOKEN = 8192;

const TOKEN_FIELDS = ['accessToken', 'refreshToken', 'expiresAt', 'scopes'] as const;
const SCOPES_ISSUE = 'must be at most 100 strings of 1–256 characters';

/**
 * The tokens a caller stores, read once, with the issues of every bad field (returned, not
 * thrown, so that put() and rotate() list them together with their other arguments' issues in one
 * ValidationError). `tokens` is the copy the checks passed, set only when there are no issues: it
 * is what put() and rotate() should seal and store — the caller's object may answer differently,
 * or throw, when read again. A field that cannot be read (a getter, a Proxy) is an issue at its
 * path, never the caller's own error.
 */
export function readTokenInput(tokens: unknown): { tokens?: OAuthTokens; issues: ValidationIssue[] } {
  const read = readFields(tokens, TOKEN_FIELDS);
  if (read === UNREAD) return { issues: [{ path: 'tokens', message: UNREADABLE }] };
  if (read === null) return { issues: [{ path: 'tokens', message: 'expected { accessToken, refreshToken, expiresAt?, scopes? }' }] };
  const { accessToken, refreshToken, expiresAt, scopes } = read.values;
  const issues = [...issuesAt('accessToken', accessToken, tokenIssue), ...issuesAt('refreshToken', refreshToken, tokenIssue)];
  for (const key of read.others) issues.push({ path: key, message: 'is not a token field' });
  issues.push(
    ...issuesAt('expiresAt', expiresAt, (value) =>
      value === undefined || value === null || (typeof value === 'string' && checkIsoDate(value) === undefined) ? undefined : 'must be an ISO-8601 date-time or null',
    ),
  );
  const scopeList = scopes === undefined ? undefined : readScopes(scopes);
  if (scopeList !== undefined && 'issue' in scopeList) issues.push(scopeList.issue);
  if (issues.length > 0) return { issues };
  const copy: OAuthTokens = { accessToken: accessToken as string, refreshToken: refreshToken as string };
  if (expiresAt !== undefined) copy.expiresAt = expiresAt as string | null;
  if (scopeList !== undefined && 'scopes' in scopeList) copy.scopes = scopeList.scopes;
  return { tokens: copy, issues };
}

function tokenIssue(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 && value.length <= MAX_TOKEN && isWellFormedText(value) ? undefined : `must be well-formed text of 1–${MAX_TOKEN} characters`;
}

/**
 * The scopes read once. An index loop over the copy, not every(): every() skips the holes of a
 * sparse array, so a hole was stored as a scope. A hole is no scope.
 */
function readScopes(value: unknown): { scopes: string[] } | { issue: ValidationIssue } {
  const list = arrayItems(value);
  if (list === UNREAD) return { issue: { path: 'scopes', message: UNREADABLE } };
  if (list === null || list.length > 100) return { issue: { path: 'scopes', message: SCOPES_ISSUE } };
  for (let i = 0; i < list.length; i += 1) {
    const scope: unknown = list[i];
    if (scope === UNREAD) return { issue: { path: `scopes[${i}]`, message: UNREADABLE } };
    if (typeof scope !== 'string' || scope.length === 0 || scope.length > 256 || !isWellFormedText(scope)) return { issue: { path: 'scopes', message: SCOPES_ISSUE } };
  }
  return { scopes: list as string[] };
}

/**
 * The highest expected version: rotate() stores expectedVersion + 1, which must still be a safe
 * integer (DynamoDB's marshalling refuses larger numbers, and they would not compare exactly).
 */
export const MAX_EXPECTED_VERSION = Number.MAX_SAFE_INTEGER - 1;

/** Issues of rotate()'s expected version: an integer from 1 whose successor is a safe integer. */
export function versionIssues(version: unknown): ValidationIssue[] {
  return typeof version === 'number' && Number.isInteger(version) && version >= 1 && version <= MAX_EXPECTED_VERSION
    ? []
    : [{ path: 'expectedVersion', message: `must be an integer from 1 to ${MAX_EXPECTED_VERSION}` }];
}
