/**
 * Responses as the trackers send them, each with where its shape comes from. Times are relative
 * to {@link NOW}, which every test passes as `now`.
 */
export const NOW = Date.parse('2025-06-02T10:00:00.000Z');
export const NOW_SECONDS = NOW / 1000;

// ---- Jira Cloud ------------------------------------------------------------------------------

/** 429 with both delay headers: https://developer.atlassian.com/cloud/jira/platform/rate-limiting/ */
export const jiraCloudRateLimited = {
  status: 429,
  headers: {
    'Retry-After': '30',
    'X-RateLimit-Reset': '2025-06-02T10:00Z',
    'X-RateLimit-Limit': '350',
    'X-RateLimit-Remaining': '0',
    'RateLimit-Reason': 'jira-burst-based',
    'Content-Type': 'application/json;charset=UTF-8',
  },
  body: '',
};

/** Gateway refusal of an OAuth 3LO token without the endpoint's scope (Atlassian community thread qaq-p/3062781). */
export const atlassianScopeMismatch = { status: 401, body: { code: 401, message: 'Unauthorized; scope does not match' } };

/** Jira's standard error collection on 404 (same wording on Cloud and Data Center). */
export const jiraIssueNotFound = {
  status: 404,
  body: { errorMessages: ['Issue does not exist or you do not have permission to see it.'], errors: {} },
};

/** 400 naming a field the project no longer has on its screen. */
export const jiraUnknownField = {
  status: 400,
  body: {
    errorMessages: [],
    errors: { customfield_10001: "Field 'customfield_10001' cannot be set. It is not on the appropriate screen, or unknown." },
  },
};

/** 410 for the removed search API (CHANGE-2046; body as quoted in adyscorpius/logseq-jira#34), here as raw text. */
export const jiraSearchRemoved = {
  status: 410,
  body: JSON.stringify({
    errorMessages: [
      'The requested API has been removed. Please migrate to the /rest/api/3/search/jql API. A full migration guideline is available at https://developer.atlassian.com/changelog/#CHANGE-2046',
    ],
    errors: {},
  }),
};

/** auth.atlassian.com/oauth/token on a dead refresh token: https://developer.atlassian.com/cloud/oauth/getting-started/refresh-tokens/ */
export const atlassianRefreshRejected = { status: 403, body: { error: 'invalid_grant', error_description: 'Unknown or invalid refresh token.' } };

/**
 * A resource server's Bearer challenge (RFC 6750 §3.1: invalid_request answers 400). The OAuth
 * code decides (an integration bug: UNKNOWN), not the 400 (which alone reads as SCHEMA_CHANGED).
 */
export const jiraBearerInvalidRequest = {
  status: 400,
  headers: { 'WWW-Authenticate': 'Bearer realm="jira", error="invalid_request", error_description="The request is missing a required parameter"' },
  body: '',
};

// ---- Jira Data Center -----------------------------------------------------------------------

/** 401 HTML page with Seraph headers (https://jira.atlassian.com/browse/ID-6351, TiS authorization docs). */
export const jiraDcLoginFailed = {
  status: 401,
  headers: {
    'Content-Type': 'text/html;charset=UTF-8',
    'X-AREQUESTID': '1029x10688423x2',
    'X-Seraph-LoginReason': 'AUTHENTICATED_FAILED',
    'X-AUSERNAME': 'anonymous',
  },
  body: '<html><head><title>Unauthorized (401)</title></head><body><h1>Unauthorized (401)</h1><p>Encountered a "401 - Unauthorized" error while loading this page.</p><p>Basic Authentication Failure - Reason : AUTHENTICATED_FAILED</p></body></html>',
};

/** CAPTCHA after repeated failures: https://developer.atlassian.com/server/jira/platform/cookie-based-authentication/ */
export const jiraDcCaptcha = {
  status: 403,
  headers: {
    'X-Seraph-LoginReason': 'AUTHENTICATION_DENIED',
    'X-Authentication-Denied-Reason': 'CAPTCHA_CHALLENGE; login-url=https://jira.example.com/login.jsp',
  },
  body: '',
};

/** A 404 served to the anonymous user (`X-AUSERNAME: anonymous`): the credentials were not accepted. */
export const jiraDcAnonymousNotFound = { ...jiraIssueNotFound, headers: { 'X-AUSERNAME': 'anonymous', 'X-AREQUESTID': '1029x10688424x2' } };

/** Rate limiting in Data Center 8.6+: https://confluence.atlassian.com/adminjiraserver/adjusting-your-code-for-rate-limiting-987143384.html */
export const jiraDcRateLimited = {
  status: 429,
  headers: {
    'X-RateLimit-Limit': '15',
    'X-RateLimit-Remaining': '0',
    'X-RateLimit-Interval-Seconds': '60',
    'X-RateLimit-FillRate': '5',
    'retry-after': '5',
  },
  body: '',
};

/** /status while reindexing: https://support.atlassian.com/jira/kb/jira-status-endpoint-response-meanings/ */
export const jiraDcMaintenance = { status: 503, body: { state: 'MAINTENANCE' } };

/** Tomcat's 503 page (TiS authorization docs, "Rest API Disabled"). */
export const tomcatUnavailable = {
  status: 503,
  headers: { 'content-type': 'text/html;charset=utf-8' },
  body: '<!doctype html><html lang="en"><head><title>HTTP Status 503 – Service Unavailable</title></head><body><h1>HTTP Status 503 – Service Unavailable</h1><p><b>Type</b> Status Report</p><p><b>Message</b> Rest API is disabled</p><p><b>Description</b> The server is currently unable to handle the request due to a temporary overload or scheduled maintenance, which will likely be alleviated after some delay.</p></body></html>',
};

// ---- GitHub ---------------------------------------------------------------------------------

const GITHUB_DOCS = 'https://docs.github.com/rest';

/** https://docs.github.com/rest/using-the-rest-api/troubleshooting-the-rest-api */
export const githubBadCredentials = { status: 401, body: { message: 'Bad credentials', documentation_url: GITHUB_DOCS, status: '401' } };

/** Primary limit: 403, x-ratelimit-remaining 0, reset in epoch seconds (rate-limits-for-the-rest-api#exceeding-the-rate-limit). */
export const githubPrimaryLimit = {
  status: 403,
  headers: {
    'x-ratelimit-limit': '5000',
    'x-ratelimit-remaining': '0',
    'x-ratelimit-used': '5000',
    'x-ratelimit-reset': String(NOW_SECONDS + 600),
    'x-ratelimit-resource': 'core',
  },
  body: {
    message: "API rate limit exceeded for user ID 1. If you reach out to GitHub Support for help, please include the request ID.",
    documentation_url: 'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api',
  },
};

/** Secondary limit without retry-after, remaining above 0 (headers as dumped in KnpLabs/php-github-api#1072). */
export const githubSecondaryLimit = {
  status: 403,
  headers: {
    'X-RateLimit-Limit': '30',
    'X-RateLimit-Remaining': '14',
    'X-RateLimit-Reset': String(NOW_SECONDS + 3000),
    'X-RateLimit-Resource': 'search',
  },
  body: {
    message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.',
    documentation_url: 'https://docs.github.com/free-pro-team@latest/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits',
  },
};

/** https://docs.github.com/rest/using-the-rest-api/troubleshooting-the-rest-api#resource-not-accessible */
export const githubNotAccessible = {
  status: 403,
  headers: { 'x-accepted-github-permissions': 'issues=write' },
  body: { message: 'Resource not accessible by integration', documentation_url: GITHUB_DOCS },
};

/** DMCA block: github/rest-api-description#3314 */
export const githubBlocked = {
  status: 451,
  body: {
    message: 'Repository access blocked',
    block: { reason: 'dmca', created_at: '2021-04-22T17:53:56Z', html_url: 'https://github.com/github/dmca/blob/master/2021/04/2021-04-20-ultimate-character-controller.md' },
  },
};

/** 422 with an `errors` list (troubleshooting-the-rest-api#validation-failed). */
export const githubValidationFailed = {
  status: 422,
  body: { message: 'Validation Failed', errors: [{ resource: 'Issue', field: 'milestone', code: 'invalid' }], documentation_url: GITHUB_DOCS },
};

/** Suspended account on a 403 (sourcegraph/sourcegraph#16638; octokit.rb AccountSuspended). */
export const githubSuspended = { status: 403, body: { message: 'Sorry. Your account was suspended.', documentation_url: GITHUB_DOCS } };

/** github.com/login/oauth/access_token answers 200 with an error (troubleshooting-oauth-app-access-token-request-errors). */
export const githubBadVerificationCode = {
  status: 200,
  body: {
    error: 'bad_verification_code',
    error_description: 'The code passed is incorrect or expired.',
    error_uri: '/apps/managing-oauth-apps/troubleshooting-oauth-app-access-token-request-errors/#bad-verification-code',
  },
};

/** The same endpoint without `Accept: application/json` answers form-encoded (dam-agents/dam#216). */
export const githubBadRefreshTokenForm = {
  status: 200,
  headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
  body: 'error=bad_refresh_token&error_description=The+refresh+token+passed+is+incorrect+or+expired.&error_uri=https%3A%2F%2Fdocs.github.com',
};

// ---- Node / undici network errors (shapes observed with Node 20's fetch) ---------------------------

/** `fetch()` to a closed port: TypeError('fetch failed') whose cause is the connect error. */
export function fetchRefused(): TypeError {
  const cause = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { errno: -111, code: 'ECONNREFUSED', syscall: 'connect', address: '127.0.0.1', port: 9 });
  return new TypeError('fetch failed', { cause });
}

/** `fetch()` whose server closed the socket: cause is undici's SocketError. */
export function fetchSocketClosed(): TypeError {
  const cause = Object.assign(new Error('other side closed'), { name: 'SocketError', code: 'UND_ERR_SOCKET' });
  return new TypeError('fetch failed', { cause });
}

/** DNS failure of `fetch()`: cause is getaddrinfo's error. */
export function fetchNotFound(): TypeError {
  const cause = Object.assign(new Error('getaddrinfo ENOTFOUND jira.example.invalid'), { errno: -3008, code: 'ENOTFOUND', syscall: 'getaddrinfo', hostname: 'jira.example.invalid' });
  return new TypeError('fetch failed', { cause });
}

// ---- What HTTP clients throw (shapes as each client documents them; no client is installed) ----

/** A response as the fixtures above describe it. */
export interface ResponseFixture {
  readonly status: number;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: unknown;
}

/**
 * Octokit's `RequestError` (@octokit/request-error, thrown by @octokit/rest and octokit.request):
 * `name: 'HttpError'`, `status`, `request` (authorization redacted) and `response: { url, status,
 * headers, data }` with lower-cased header names and the parsed body
 * (https://github.com/octokit/request-error.js#usage).
 */
export function octokitRequestError(response: ResponseFixture, url = 'https://api.github.com/repos/acme/widgets/issues'): Error {
  const headers = Object.fromEntries(Object.entries(response.headers ?? {}).map(([name, value]) => [name.toLowerCase(), value]));
  const message = typeof (response.body as { message?: unknown } | undefined)?.message === 'string' ? (response.body as { message: string }).message : `HTTP ${response.status}`;
  return Object.assign(new Error(`${message} - https://docs.github.com/rest`), {
    name: 'HttpError',
    status: response.status,
    request: { method: 'POST', url, headers: { accept: 'application/vnd.github.v3+json', authorization: 'token [REDACTED]', 'user-agent': 'octokit-rest.js/20.0.0' } },
    response: { url, status: response.status, headers, data: response.body },
  });
}

/**
 * axios's `AxiosHeaders`: header names lower-cased as own properties, `get()` on the prototype,
 * iterable as [name, value] pairs (https://axios-http.com/docs/res_schema; lib/core/AxiosHeaders.js).
 */
export class AxiosHeadersLike {
  [name: string]: unknown;

  constructor(raw: Readonly<Record<string, string>> = {}) {
    for (const [name, value] of Object.entries(raw)) this[name.toLowerCase()] = value;
  }

  get(name: string): unknown {
    return this[name.toLowerCase()];
  }

  *[Symbol.iterator](): IterableIterator<[string, string]> {
    for (const [name, value] of Object.entries(this)) yield [name, String(value)];
  }
}

/**
 * axios's `AxiosError` for an answered request: `name: 'AxiosError'`, `code` ERR_BAD_REQUEST (4xx) /
 * ERR_BAD_RESPONSE (5xx), `isAxiosError`, `config`, `request` and `response: { data, status,
 * statusText, headers, config, request }` (https://axios-http.com/docs/handling_errors). axios ≥ 1.7
 * also sets `status` on the error; older versions do not (`withStatus: false`).
 */
export function axiosError(response: ResponseFixture, options: { withStatus?: boolean } = {}): Error {
  const config = { method: 'get', url: 'https://acme.atlassian.net/rest/api/3/issue/ASO-1', headers: { Authorization: 'Bearer [REDACTED]' } };
  return Object.assign(new Error(`Request failed with status code ${response.status}`), {
    name: 'AxiosError',
    code: response.status >= 500 ? 'ERR_BAD_RESPONSE' : 'ERR_BAD_REQUEST',
    isAxiosError: true,
    config,
    request: {},
    ...(options.withStatus === false ? {} : { status: response.status }),
    response: { data: response.body, status: response.status, statusText: '', headers: new AxiosHeadersLike(response.headers), config, request: {} },
  });
}

/**
 * A fetch wrapper's HTTP error (ky's `HTTPError`, ofetch's `FetchError`): `response` is the fetch
 * `Response` (https://github.com/sindresorhus/ky#httperror), whose body is an unread stream.
 */
export function fetchHttpError(response: ResponseFixture, url = 'https://api.github.com/repos/acme/widgets'): Error {
  const fetched = new Response(typeof response.body === 'string' ? response.body : JSON.stringify(response.body ?? null), { status: response.status, headers: response.headers ?? {} });
  return Object.assign(new Error(`Request failed with status code ${response.status}: GET ${url}`), { name: 'HTTPError', response: fetched, request: new Request(url), options: {} });
}

/** A Response-like whose `headers` can only be asked by name (`get()`), as some wrappers and test doubles hand over. */
export function getterOnlyHeaders(headers: Readonly<Record<string, string>> = {}): { get(name: string): string | null } {
  const byName = new Map(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
  return { get: (name: string) => byName.get(name.toLowerCase()) ?? null };
}
