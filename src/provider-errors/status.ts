/** What the HTTP status alone says, when no more specific signal did. */
import { PROVIDER_ERROR_CODES, type ProviderErrorCode } from './codes.js';

const { AUTH_EXPIRED, NETWORK, NOT_FOUND, PERMISSION, PROVIDER_UNAVAILABLE, SCHEMA_CHANGED, SUSPENDED_PAYMENT } = PROVIDER_ERROR_CODES;

/**
 * - 400, 405, 406, 415, 422: the provider refused the request's shape — a field, parameter, media
 *   type or API version it no longer accepts (GitHub: 400 "Not a supported version" of
 *   `X-GitHub-Api-Version`, 422 "Validation Failed"; Jira: 400 with `errors` naming a field that is
 *   unknown or not on the screen) — SCHEMA_CHANGED.
 * - 401: the access token was rejected — AUTH_EXPIRED. A refresh is the first remedy; if the
 *   refresh fails, its `invalid_grant` is AUTH_REVOKED (see `oauth.ts`).
 * - 402 Payment Required — SUSPENDED_PAYMENT.
 * - 403, 451: authenticated but refused — PERMISSION.
 * - 404: missing, or hidden from these credentials (GitHub answers 404 rather than 403 "to avoid
 *   confirming the existence of private repositories") — NOT_FOUND.
 * - 408 Request Timeout: the connection idled out — NETWORK.
 * - 410 Gone: the endpoint was removed (Jira Cloud's `/rest/api/3/search`: "The requested API has
 *   been removed. Please migrate to the /rest/api/3/search/jql API", https://developer.atlassian.com/changelog/#CHANGE-2046)
 *   — SCHEMA_CHANGED.
 * - 5xx: server errors, gateways and maintenance (Jira Data Center answers 503 while reindexing:
 *   https://support.atlassian.com/jira/kb/jira-status-endpoint-response-meanings/) — PROVIDER_UNAVAILABLE.
 * Other statuses (409, 2xx, 3xx…) say nothing here.
 */
const BY_STATUS: ReadonlyMap<number, ProviderErrorCode> = new Map<number, ProviderErrorCode>([
  [400, SCHEMA_CHANGED],
  [401, AUTH_EXPIRED],
  [402, SUSPENDED_PAYMENT],
  [403, PERMISSION],
  [404, NOT_FOUND],
  [405, SCHEMA_CHANGED],
  [406, SCHEMA_CHANGED],
  [408, NETWORK],
  [410, SCHEMA_CHANGED],
  [415, SCHEMA_CHANGED],
  [422, SCHEMA_CHANGED],
  [451, PERMISSION],
]);

/** `value` when it is an HTTP status (an integer from 100 to 599); anything else reads as absent. */
export function httpStatus(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) && value >= 100 && value <= 599 ? value : undefined;
}

/** The code `status` maps to, if it maps to one. */
export function classifyStatus(status: number | undefined): ProviderErrorCode | undefined {
  if (status === undefined) return undefined;
  return status >= 500 ? PROVIDER_UNAVAILABLE : BY_STATUS.get(status);
}
