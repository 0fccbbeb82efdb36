/**
 * Jira Cloud and Jira Data Center signals that refine (or replace) the HTTP status. Both speak
 * the same REST dialect (`{ errorMessages, errors }`); Data Center adds Seraph's login headers.
 */
import { PROVIDER_ERROR_CODES, type ProviderErrorCode } from './codes.js';
import type { ResponseFacts } from './facts.js';

const { AUTH_EXPIRED, AUTH_REVOKED, PERMISSION } = PROVIDER_ERROR_CODES;

/** Statuses of a request that Jira served as the anonymous user. */
const ANONYMOUS_REFUSALS: ReadonlySet<number | undefined> = new Set([401, 403, 404]);

/** The comma-separated reasons of `X-Seraph-LoginReason`, upper-cased. */
function loginReasons(facts: ResponseFacts): ReadonlySet<string> {
  const header = facts.headers.get('x-seraph-loginreason') ?? '';
  return new Set(header.split(',').map((reason) => reason.trim().toUpperCase()));
}

/**
 * - `X-Seraph-LoginReason: AUTHENTICATION_DENIED` / `X-Authentication-Denied-Reason: CAPTCHA_CHALLENGE`:
 *   too many failed logins triggered Jira's CAPTCHA; every automatic retry keeps it locked, and
 *   only a person logging in through the browser clears it — AUTH_REVOKED (reauthenticate, no retry).
 *   (https://developer.atlassian.com/server/jira/platform/cookie-based-authentication/,
 *   https://github.com/gioboa/jira-plugin/issues/26)
 * - `AUTHENTICATED_FAILED` or `OUT`: the credentials were rejected or the session ended —
 *   AUTH_EXPIRED, even on a 200 (Jira then served the request anonymously:
 *   https://support.servicenow.com/kb?id=kb_article_view&sysparm_article=KB2942093,
 *   https://jira.atlassian.com/browse/ID-6351).
 * - `X-AUSERNAME: anonymous` on a 401/403/404: Data Center treated the call as anonymous, so its
 *   "Issue does not exist or you do not have permission to see it" is really a credentials
 *   problem — AUTH_EXPIRED rather than NOT_FOUND or PERMISSION.
 * - `401` "Unauthorized; scope does not match" from the api.atlassian.com gateway: the OAuth token
 *   is valid but was not granted the scope this endpoint needs — PERMISSION, since refreshing the
 *   token returns the same scopes
 *   (https://community.atlassian.com/forums/Jira-questions/OAuth-3LO-Access-Token-Returns-401-quot-Unauthorized-scope-does/qaq-p/3062781).
 */
export function classifyJira(facts: ResponseFacts): ProviderErrorCode | undefined {
  const reasons = loginReasons(facts);
  const denied = (facts.headers.get('x-authentication-denied-reason') ?? '').toUpperCase();
  if (reasons.has('AUTHENTICATION_DENIED') || denied.includes('CAPTCHA')) return AUTH_REVOKED;
  if (reasons.has('AUTHENTICATED_FAILED') || reasons.has('OUT')) return AUTH_EXPIRED;
  if (ANONYMOUS_REFUSALS.has(facts.status) && facts.headers.get('x-ausername')?.toLowerCase() === 'anonymous') return AUTH_EXPIRED;
  if ((facts.status === 401 || facts.status === undefined) && facts.body.text.includes('scope does not match')) return PERMISSION;
  return undefined;
}
