/** Validation of the tokens a caller stores. Messages never quote the values. */
import type { ValidationIssue } from '../../errors/index.js';
import { checkIsoDate, isPlainObject, isWellFormedText } from '../../schema/index.js';

/** Provider tokens as the caller gives and gets them. */
export interface OAuthTokens {
  accessToken: string;
  refreshToken: string;
  /** When the access token expires (ISO-8601), if the provider says. */
  expiresAt?: string | null;
  scopes?: string[];
}

const MAX_TOKEN = 8192;

function tokenIssues(name: string, value: unknown): ValidationIssue[] {
  return typeof value === 'string' && value.length > 0 && value.length <= MAX_TOKEN && isWellFormedText(value)
    ? []
    : [{ path: name, message: `must be well-formed text of 1–${MAX_TOKEN} characters` }];
}

/**
 * Issues of the tokens a caller stores (one per bad field). Returned, not thrown, so that put()
 * and rotate() list them together with their other arguments' issues in one ValidationError.
 */
export function tokenInputIssues(tokens: unknown): ValidationIssue[] {
  if (!isPlainObject(tokens)) return [{ path: 'tokens', message: 'expected { accessToken, refreshToken, expiresAt?, scopes? }' }];
  const issues = [...tokenIssues('accessToken', tokens.accessToken), ...tokenIssues('refreshToken', tokens.refreshToken)];
  for (const key of Object.keys(tokens)) {
    if (!['accessToken', 'refreshToken', 'expiresAt', 'scopes'].includes(key)) issues.push({ path: key, message: 'is not a token field' });
  }
  const { expiresAt, scopes } = tokens;
  if (expiresAt !== undefined && expiresAt !== null && (typeof expiresAt !== 'string' || checkIsoDate(expiresAt))) {
    issues.push({ path: 'expiresAt', message: 'must be an ISO-8601 date-time or null' });
  }
  if (scopes !== undefined && !scopesAreValid(scopes)) issues.push({ path: 'scopes', message: 'must be at most 100 strings of 1–256 characters' });
  return issues;
}

/**
 * An index loop, not every(): every() skips the holes of a sparse array, so a hole was stored as
 * a scope. A hole is no scope.
 */
function scopesAreValid(scopes: unknown): boolean {
  if (!Array.isArray(scopes) || scopes.length > 100) return false;
  for (let i = 0; i < scopes.length; i += 1) {
    const scope: unknown = scopes[i];
    if (typeof scope !== 'string' || scope.length === 0 || scope.length > 256 || !isWellFormedText(scope)) return false;
  }
  return true;
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
