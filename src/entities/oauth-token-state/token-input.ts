/** Validation of the tokens a caller stores. Messages never quote the values. */
import type { ValidationIssue } from '../../errors/index.js';
import { ValidationError } from '../../errors/index.js';
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

export function checkTokens(tokens: unknown): asserts tokens is OAuthTokens {
  if (!isPlainObject(tokens)) throw new ValidationError([{ path: 'tokens', message: 'expected { accessToken, refreshToken, expiresAt?, scopes? }' }], 'OAuthTokenState');
  const issues = [...tokenIssues('accessToken', tokens.accessToken), ...tokenIssues('refreshToken', tokens.refreshToken)];
  for (const key of Object.keys(tokens)) {
    if (!['accessToken', 'refreshToken', 'expiresAt', 'scopes'].includes(key)) issues.push({ path: key, message: 'is not a token field' });
  }
  const { expiresAt, scopes } = tokens;
  if (expiresAt !== undefined && expiresAt !== null && (typeof expiresAt !== 'string' || checkIsoDate(expiresAt))) {
    issues.push({ path: 'expiresAt', message: 'must be an ISO-8601 date-time or null' });
  }
  if (scopes !== undefined && (!Array.isArray(scopes) || scopes.length > 100 || !scopes.every((s) => typeof s === 'string' && s.length > 0 && s.length <= 256 && isWellFormedText(s)))) {
    issues.push({ path: 'scopes', message: 'must be at most 100 strings of 1–256 characters' });
  }
  if (issues.length > 0) throw new ValidationError(issues, 'OAuthTokenState');
}

export function checkVersion(version: unknown): asserts version is number {
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    throw new ValidationError([{ path: 'expectedVersion', message: 'must be a positive integer' }], 'OAuthTokenState');
  }
}
