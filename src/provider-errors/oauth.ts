/**
 * OAuth error codes, wherever a provider puts them: in a token-endpoint body
 * (`{ error: 'invalid_grant' }`, RFC 6749 §5.2 — Atlassian answers a dead refresh token with
 * `403 {"error":"invalid_grant","error_description":"Unknown or invalid refresh token."}`,
 * https://developer.atlassian.com/cloud/oauth/getting-started/refresh-tokens/; GitHub answers
 * `200` with `{ error: 'bad_verification_code' | 'incorrect_client_credentials' | 'bad_refresh_token' | … }`,
 * https://docs.github.com/apps/oauth-apps/maintaining-oauth-apps/troubleshooting-oauth-app-access-token-request-errors)
 * or in a resource server's `WWW-Authenticate: Bearer error="invalid_token"` (RFC 6750 §3).
 *
 * Only the codes below count: an `error` field that is not an OAuth code falls through to the
 * other rules. An OAuth code beats the HTTP status because the status of token endpoints says
 * little (Atlassian: 403 for an expired refresh token; GitHub: 200 for every error).
 */
import { PROVIDER_ERROR_CODES, type ProviderErrorCode } from './codes.js';
import type { ResponseFacts } from './facts.js';

const { AUTH_EXPIRED, AUTH_REVOKED, PERMISSION, PROVIDER_UNAVAILABLE, RATE_LIMIT, UNKNOWN } = PROVIDER_ERROR_CODES;

const OAUTH_CODES: ReadonlyMap<string, ProviderErrorCode> = new Map<string, ProviderErrorCode>([
  // The grant is gone: "the provided authorization grant … or refresh token is invalid, expired,
  // revoked" (RFC 6749 §5.2). For Atlassian that is a refresh token idle for 90 days, past its
  // 365-day life, or already rotated out; refreshing again cannot help, the user must consent again.
  ['invalid_grant', AUTH_REVOKED],
  // GitHub's names for the same thing: the refresh token (6-month life) or the authorization code
  // "is incorrect or expired".
  ['bad_refresh_token', AUTH_REVOKED],
  ['bad_verification_code', AUTH_REVOKED],
  // RFC 8628 §3.5 (device flow, GitHub too): the device code expired; a new authorization must start.
  ['expired_token', AUTH_REVOKED],
  // The user (or the authorization server) refused consent. Atlassian also answers a wrong client
  // secret this way (noted by jira.js: https://mrrefactoring.github.io/jira.js/api/functions/index.isReauthorizationRequired.html);
  // the response cannot tell the two apart, and a declined consent is the common case.
  ['access_denied', AUTH_REVOKED],
  // RFC 6750 §3.1: the access token "is expired, revoked, malformed, or invalid" — refresh it and retry.
  ['invalid_token', AUTH_EXPIRED],
  // RFC 6750 §3.1 / RFC 6749 §5.2: the token is fine, its scopes are not.
  ['insufficient_scope', PERMISSION],
  ['invalid_scope', PERMISSION],
  // RFC 6749 §4.1.2.1: the authorization server is overloaded or failed.
  ['temporarily_unavailable', PROVIDER_UNAVAILABLE],
  ['server_error', PROVIDER_UNAVAILABLE],
  // RFC 8628 §3.5: polling the device flow too fast.
  ['slow_down', RATE_LIMIT],
  // The integration's own OAuth setup is wrong (client id or secret, redirect URI, grant type).
  // No retry and no user consent fixes that, and the status must not be consulted instead: these
  // often come as 401, which would read as an expired token and loop on refresh.
  ['invalid_client', UNKNOWN],
  ['incorrect_client_credentials', UNKNOWN],
  ['unauthorized_client', UNKNOWN],
  ['unsupported_grant_type', UNKNOWN],
  ['unsupported_response_type', UNKNOWN],
  ['invalid_request', UNKNOWN],
  ['redirect_uri_mismatch', UNKNOWN],
]);

/** `error="…"` of a `WWW-Authenticate` challenge (RFC 6750 §3); `\b` keeps `error_description` out. */
const CHALLENGE_ERROR = /\berror="?([a-z_]+)/i;

/**
 * A description that says the refresh token itself is dead. Atlassian answers some dead refresh
 * tokens with `unauthorized_client` and "refresh_token is invalid" (raycast/extensions#11836,
 * ParabolInc/parabol#11849) instead of `invalid_grant`: a setup code whose description names a
 * refresh token as invalid, expired, revoked or used is the grant gone, not the integration's setup.
 */
const DEAD_REFRESH_TOKEN = /refresh[ _-]?token\b[^\n]*\b(?:invalid|expired|revoked|already used|unknown|not found)\b|\b(?:invalid|expired|revoked|unknown)\b[^\n]*\brefresh[ _-]?token\b/;

/** The code an OAuth error of the body, or else of `WWW-Authenticate`, maps to. */
export function classifyOAuthError(facts: ResponseFacts): ProviderErrorCode | undefined {
  const fromBody = facts.body.oauthError === undefined ? undefined : OAUTH_CODES.get(facts.body.oauthError);
  if (fromBody === UNKNOWN && DEAD_REFRESH_TOKEN.test(facts.body.text)) return AUTH_REVOKED;
  if (fromBody !== undefined) return fromBody;
  const challenge = CHALLENGE_ERROR.exec(facts.headers.get('www-authenticate') ?? '');
  return challenge === null ? undefined : OAUTH_CODES.get((challenge[1] as string).toLowerCase());
}
