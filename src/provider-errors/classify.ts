/** `classifyProviderError`: one failed tracker call (response or thrown error) → one provider error code. */
import { PROVIDER_VALUES, type Provider } from '../entities/task-management-connection/constants.js';
import { ValidationError } from '../errors/index.js';
import { classifyAccountState } from './account.js';
import { readBody } from './body.js';
import { bodyOfError, headersOfError, statusOfError } from './client-error.js';
import { PROVIDER_ERROR_CODES, type ProviderErrorCode } from './codes.js';
import type { ClassificationRule, ResponseFacts } from './facts.js';
import { classifyGitHub } from './github.js';
import { normaliseHeaders, type HeadersInput } from './headers.js';
import { classifyJira } from './jira.js';
import { classifyByMessage } from './messages.js';
import { isNetworkFailure } from './network.js';
import { classifyOAuthError } from './oauth.js';
import { isRateLimited } from './rate-limit.js';
import { isArray, readProperty } from './read.js';
import { GITHUB_SECONDARY_LIMIT_WAIT_MS, retryDelay } from './retry-after.js';
import { classifyStatus, httpStatus } from './status.js';

/** What {@link classifyProviderError} reads. Every field but `provider` may be missing or junk. */
export interface ClassifyProviderErrorInput {
  /** The tracker that answered (or failed to). */
  provider: Provider;
  /** The HTTP status of the response, if there was one. */
  status?: number;
  /** The response headers: a record (any letter case), a fetch `Headers` or a `Map`. */
  headers?: HeadersInput;
  /**
   * The response body: parsed JSON, the raw text (JSON, form-encoded, HTML), or its bytes (a
   * `Buffer`, `Uint8Array` or `ArrayBuffer`, read as UTF-8).
   */
  body?: unknown;
  /**
   * What the HTTP client threw, if anything (its `cause` chain is searched for network failures).
   * When `status`, `headers` or `body` are not given, they are read from the response the error
   * carries: Octokit's `RequestError`, axios's `AxiosError`, a fetch wrapper's `error.response`.
   */
  error?: unknown;
  /**
   * The time (epoch milliseconds) that HTTP-date and reset-instant headers are measured from.
   * Defaults to `Date.now()`; pass it to keep classification deterministic.
   */
  now?: number;
}

/** What {@link classifyProviderError} returns. */
export interface ProviderErrorClassification {
  readonly code: ProviderErrorCode;
  /**
   * How long to wait before retrying, in whole milliseconds from 0 to one hour, when the response
   * names a delay. Only set for RATE_LIMIT and PROVIDER_UNAVAILABLE.
   */
  readonly retryAfterMs?: number;
}

const { NETWORK, PROVIDER_UNAVAILABLE, RATE_LIMIT, UNKNOWN } = PROVIDER_ERROR_CODES;
const CONTEXT = 'classifyProviderError';

/**
 * The rules, strongest signal first; the first that recognises the failure decides.
 * 1. Transport failure in `error` (a refused, reset or timed-out connection, DNS): NETWORK.
 *    Whatever status or body the caller also passed cannot describe a request that never completed.
 * 2. Explicit rate-limit signals (429; GitHub 403 with an exhausted or secondary limit): RATE_LIMIT.
 * 3. OAuth error codes in the body or `WWW-Authenticate` (`invalid_grant` → AUTH_REVOKED …).
 * 4. Account-level refusals (suspended, deactivated, unpaid, expired licence): SUSPENDED_PAYMENT.
 * 5. Provider-specific headers and messages (Seraph login headers, gateway scope errors, GitHub
 *    integration permissions, blocked repositories, disabled issues).
 * 6. The HTTP status alone.
 * 7. Phrases of the body's messages, when nothing above matched.
 * 8. UNKNOWN.
 */
const RULES: readonly ClassificationRule[] = [
  (facts) => (isNetworkFailure(facts.error) ? NETWORK : undefined),
  (facts) => (isRateLimited(facts) ? RATE_LIMIT : undefined),
  classifyOAuthError,
  classifyAccountState,
  (facts) => (facts.provider === 'github' ? classifyGitHub(facts) : classifyJira(facts)),
  (facts) => classifyStatus(facts.status),
  classifyByMessage,
];

function validProvider(input: object): Provider {
  const provider = readProperty(input, 'provider');
  if (!(PROVIDER_VALUES as readonly unknown[]).includes(provider)) {
    throw new ValidationError([{ path: 'provider', message: `must be one of ${PROVIDER_VALUES.join(', ')}` }], CONTEXT);
  }
  return provider as Provider;
}

/**
 * What the caller passed wins; what it left out (undefined or null headers or body, no valid
 * status) is read from the response inside the thrown error, if it carries one.
 */
function factsOf(input: object): ResponseFacts {
  const now = readProperty(input, 'now');
  const error = readProperty(input, 'error');
  return {
    provider: validProvider(input),
    status: httpStatus(readProperty(input, 'status')) ?? statusOfError(error),
    headers: normaliseHeaders(readProperty(input, 'headers') ?? headersOfError(error)),
    body: readBody(readProperty(input, 'body') ?? bodyOfError(error)),
    error,
    now: typeof now === 'number' && Number.isFinite(now) ? now : Date.now(),
  };
}

/** GitHub's documented minimum wait applies to its throttling responses, not to a rate-limit phrase heard elsewhere. */
const isGitHubThrottle = (facts: ResponseFacts): boolean => facts.provider === 'github' && (facts.status === 403 || facts.status === 429);

function delayFor(code: ProviderErrorCode, facts: ResponseFacts): number | undefined {
  if (code !== RATE_LIMIT && code !== PROVIDER_UNAVAILABLE) return undefined;
  const delay = retryDelay(facts);
  return delay === undefined && code === RATE_LIMIT && isGitHubThrottle(facts) ? GITHUB_SECONDARY_LIMIT_WAIT_MS : delay;
}

/**
 * Turns one failed call to a tracker into a {@link ProviderErrorCode}, plus the delay the
 * provider asked for when it throttled the call or is unavailable. Pure: it sends no request and
 * reads no clock when `now` is given.
 *
 * It reads the HTTP status, `Retry-After` (seconds or HTTP-date) and rate-limit headers (GitHub's
 * `x-ratelimit-*`, Jira's `X-RateLimit-Reset`), Jira Cloud / Data Center and GitHub error bodies,
 * OAuth token-endpoint errors (`invalid_grant`, GitHub's `bad_verification_code` …) and Node / undici
 * network errors (also inside `cause` chains). The first of these that recognises the failure decides:
 * 1. a transport failure in `error` — NETWORK;
 * 2. a rate-limit refusal (429; GitHub 403 with an exhausted or secondary limit) — RATE_LIMIT;
 * 3. an OAuth error code in the body or `WWW-Authenticate` (`invalid_grant` is AUTH_REVOKED,
 *    `invalid_token` AUTH_EXPIRED, a wrong client secret UNKNOWN …);
 * 4. an account-level refusal (suspended, deactivated, unpaid) — SUSPENDED_PAYMENT;
 * 5. provider-specific headers and messages (Jira's Seraph login headers and gateway scope errors,
 *    GitHub's integration permissions, blocked repositories, disabled issues);
 * 6. the HTTP status (401 AUTH_EXPIRED, 403 PERMISSION, 404 NOT_FOUND, 400/410/422 SCHEMA_CHANGED, 5xx
 *    PROVIDER_UNAVAILABLE …);
 * 7. the wording of the body's messages;
 * 8. otherwise UNKNOWN.
 *
 * Header names are case-insensitive. A thrown client error passed alone (Octokit, axios, a fetch
 * wrapper) is read for its response's status, headers and body. Any junk in `status`, `headers`,
 * `body`, `error` or `now` is ignored rather than thrown on. It never returns `ABANDONED`, which
 * the library sets itself when a sync's lease runs out.
 *
 * @throws ValidationError when `input` is not an object or `provider` is not a known provider.
 * @example
 * ```ts
 * const response = await fetch(url, { headers: { authorization } }).catch((error: unknown) => error);
 * const result = response instanceof Response
 *   ? classifyProviderError({ provider: 'github', status: response.status, headers: response.headers, body: await response.text() })
 *   : classifyProviderError({ provider: 'github', error: response });
 * // → { code: 'RATE_LIMIT', retryAfterMs: 42_000 }, { code: 'NETWORK' }, { code: 'AUTH_REVOKED' } …
 * ```
 */
export function classifyProviderError(input: ClassifyProviderErrorInput): ProviderErrorClassification {
  if (typeof input !== 'object' || input === null || isArray(input)) {
    throw new ValidationError([{ path: '', message: 'must be an object' }], CONTEXT);
  }
  const facts = factsOf(input);
  let code: ProviderErrorCode = UNKNOWN;
  for (const rule of RULES) {
    const found = rule(facts);
    if (found !== undefined) {
      code = found;
      break;
    }
  }
  const retryAfterMs = delayFor(code, facts);
  return Object.freeze(retryAfterMs === undefined ? { code } : { code, retryAfterMs });
}
