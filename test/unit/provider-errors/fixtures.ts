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
