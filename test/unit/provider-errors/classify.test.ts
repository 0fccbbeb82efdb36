// Table-driven: realistic responses of each provider → code (and delay). Each case names where
// its response shape comes from; the shared shapes are in fixtures.ts.
import { expect } from 'chai';
import { classifyProviderError, type ClassifyProviderErrorInput, type ProviderErrorCode } from '../../../src/index.js';
import * as f from './fixtures.js';

interface Case {
  readonly name: string;
  readonly input: Omit<ClassifyProviderErrorInput, 'now'>;
  readonly code: ProviderErrorCode;
  readonly retryAfterMs?: number;
}

const { NOW, NOW_SECONDS } = f;
const jira = (rest: Omit<ClassifyProviderErrorInput, 'provider' | 'now'>) => ({ provider: 'jira_cloud' as const, ...rest });
const jiraDc = (rest: Omit<ClassifyProviderErrorInput, 'provider' | 'now'>) => ({ provider: 'jira_data_center' as const, ...rest });
const github = (rest: Omit<ClassifyProviderErrorInput, 'provider' | 'now'>) => ({ provider: 'github' as const, ...rest });
const httpDate = (ms: number) => new Date(ms).toUTCString();
const systemError = (code: string, message = code) => Object.assign(new Error(message), { code });

const JIRA_CLOUD: Case[] = [
  { name: '429 with Retry-After and X-RateLimit-Reset', input: jira(f.jiraCloudRateLimited), code: 'RATE_LIMIT', retryAfterMs: 30_000 },
  { name: '429 with only the ISO reset instant', input: jira({ status: 429, headers: { 'X-RateLimit-Reset': '2025-06-02T10:05Z' } }), code: 'RATE_LIMIT', retryAfterMs: 300_000 },
  // JRACLOUD-82801: 429s do not always carry the headers.
  { name: '429 without delay headers', input: jira({ status: 429, body: '' }), code: 'RATE_LIMIT' },
  { name: 'the longer of Retry-After and the reset wins', input: jira({ status: 429, headers: { 'retry-after': '30', 'x-ratelimit-reset': '2025-06-02T10:01Z' } }), code: 'RATE_LIMIT', retryAfterMs: 60_000 },
  // Rate-limiting page: "a 503 response may be returned when a resource limit has been reached".
  { name: '503 with Retry-After is unavailability, with its delay', input: jira({ status: 503, headers: { 'Retry-After': '120' } }), code: 'PROVIDER_UNAVAILABLE', retryAfterMs: 120_000 },
  {
    name: '401 of an expired access token',
    input: jira({ status: 401, body: { errorMessages: ['Client must be authenticated to access this resource.'], errors: {} } }),
    code: 'AUTH_EXPIRED',
  },
  { name: '401 "scope does not match" from the API gateway', input: jira(f.atlassianScopeMismatch), code: 'PERMISSION' },
  {
    name: '403 project permission',
    input: jira({ status: 403, body: { errorMessages: ['You do not have permission to create issues in this project.'], errors: {} } }),
    code: 'PERMISSION',
  },
  { name: '404 issue not visible', input: jira(f.jiraIssueNotFound), code: 'NOT_FOUND' },
  { name: '400 on a field that is no longer on the screen', input: jira(f.jiraUnknownField), code: 'SCHEMA_CHANGED' },
  { name: '410 of the removed search API (raw JSON text)', input: jira(f.jiraSearchRemoved), code: 'SCHEMA_CHANGED' },
  { name: 'token endpoint 403 invalid_grant', input: jira(f.atlassianRefreshRejected), code: 'AUTH_REVOKED' },
  { name: 'token endpoint access_denied', input: jira({ status: 403, body: { error: 'access_denied', error_description: 'Unauthorized' } }), code: 'AUTH_REVOKED' },
  // A 401 here must not read as an expired user token (refreshing would loop).
  { name: 'token endpoint 401 invalid_client', input: jira({ status: 401, body: { error: 'invalid_client', error_description: 'Client authentication failed' } }), code: 'UNKNOWN' },
  // Atlassian answers some dead refresh tokens with a setup code and a description naming the token.
  { name: 'token endpoint 403 unauthorized_client "refresh_token is invalid"', input: jira({ status: 403, body: { error: 'unauthorized_client', error_description: 'refresh_token is invalid' } }), code: 'AUTH_REVOKED' },
  { name: 'token endpoint 401 unauthorized_client, form-encoded, expired refresh token', input: jira({ status: 401, body: 'error=unauthorized_client&error_description=The+refresh+token+has+expired' }), code: 'AUTH_REVOKED' },
  { name: 'token endpoint unauthorized_client for the grant type stays a setup error', input: jira({ status: 400, body: { error: 'unauthorized_client', error_description: 'The client is not authorized to request a token using this method.' } }), code: 'UNKNOWN' },
  { name: 'token endpoint invalid_request missing its refresh_token stays a setup error', input: jira({ status: 400, body: { error: 'invalid_request', error_description: 'Missing required parameter: refresh_token' } }), code: 'UNKNOWN' },
  {
    name: 'token endpoint temporarily_unavailable',
    input: jira({ status: 503, headers: { 'retry-after': '10' }, body: { error: 'temporarily_unavailable' } }),
    code: 'PROVIDER_UNAVAILABLE',
    retryAfterMs: 10_000,
  },
  // Heuristic: Atlassian's deactivation page wording (runbook RB-006: "site deactivated").
  {
    name: 'deactivated site page',
    input: jira({ status: 404, body: '<html><head><title>Atlassian</title></head><body><h1>Your site has been deactivated</h1><p>Contact your admin.</p></body></html>' }),
    code: 'SUSPENDED_PAYMENT',
  },
  { name: '500 internal error', input: jira({ status: 500, body: { errorMessages: ['Internal server error'], errors: {} } }), code: 'PROVIDER_UNAVAILABLE' },
  { name: '502 from the edge', input: jira({ status: 502, body: '<html><body><h1>502 Bad Gateway</h1></body></html>' }), code: 'PROVIDER_UNAVAILABLE' },
  // ServiceNow KB2942093: Jira Cloud answered 200 with the failure in X-Seraph-LoginReason.
  { name: '200 with X-Seraph-LoginReason AUTHENTICATED_FAILED', input: jira({ status: 200, headers: { 'X-Seraph-Loginreason': 'AUTHENTICATED_FAILED' } }), code: 'AUTH_EXPIRED' },
  { name: 'Bearer challenge invalid_token', input: jira({ status: 401, headers: { 'WWW-Authenticate': 'Bearer realm="jira", error="invalid_token", error_description="The access token expired"' } }), code: 'AUTH_EXPIRED' },
];

const JIRA_DATA_CENTER: Case[] = [
  { name: '401 HTML page with Seraph AUTHENTICATED_FAILED', input: jiraDc(f.jiraDcLoginFailed), code: 'AUTH_EXPIRED' },
  { name: 'CAPTCHA challenge', input: jiraDc(f.jiraDcCaptcha), code: 'AUTH_REVOKED' },
  { name: 'CAPTCHA named only by X-Authentication-Denied-Reason', input: jiraDc({ status: 403, headers: { 'x-authentication-denied-reason': 'CAPTCHA_CHALLENGE' } }), code: 'AUTH_REVOKED' },
  { name: 'logged-out session (Seraph OUT)', input: jiraDc({ status: 401, headers: { 'X-Seraph-LoginReason': 'OUT' } }), code: 'AUTH_EXPIRED' },
  { name: 'Seraph reasons are a comma-separated list', input: jiraDc({ status: 401, headers: { 'X-Seraph-LoginReason': 'OK, AUTHENTICATED_FAILED' } }), code: 'AUTH_EXPIRED' },
  {
    name: '404 served to the anonymous user is a credentials problem',
    input: jiraDc({ ...f.jiraIssueNotFound, headers: { 'X-AUSERNAME': 'anonymous' } }),
    code: 'AUTH_EXPIRED',
  },
  { name: '404 served to a named user is NOT_FOUND', input: jiraDc({ ...f.jiraIssueNotFound, headers: { 'X-AUSERNAME': 'jdoe' } }), code: 'NOT_FOUND' },
  { name: '200 served to the anonymous user says nothing', input: jiraDc({ status: 200, headers: { 'X-AUSERNAME': 'anonymous' } }), code: 'UNKNOWN' },
  { name: '429 of Data Center rate limiting', input: jiraDc(f.jiraDcRateLimited), code: 'RATE_LIMIT', retryAfterMs: 5_000 },
  { name: '503 /status MAINTENANCE while reindexing', input: jiraDc(f.jiraDcMaintenance), code: 'PROVIDER_UNAVAILABLE' },
  { name: 'Tomcat 503 HTML page', input: jiraDc(f.tomcatUnavailable), code: 'PROVIDER_UNAVAILABLE' },
  // The 400 rule beats the message, which alone would read as NOT_FOUND.
  {
    name: '400 JQL naming a field that does not exist',
    input: jiraDc({ status: 400, body: { errorMessages: ["Field 'Sprint' does not exist or this field cannot be viewed by anonymous users."], errors: {} } }),
    code: 'SCHEMA_CHANGED',
  },
  // Heuristic: an expired licence named in a refusal.
  { name: '403 expired licence', input: jiraDc({ status: 403, body: { errorMessages: ['Your Jira Software license has expired.'], errors: {} } }), code: 'SUSPENDED_PAYMENT' },
  // A 400 naming "payment failed" in a field error is not an account refusal.
  {
    name: '400 field error mentioning a payment is still SCHEMA_CHANGED',
    input: jiraDc({ status: 400, body: { errorMessages: [], errors: { customfield_10200: "Option 'Payment failed' is not valid for this field." } } }),
    code: 'SCHEMA_CHANGED',
  },
];

const GITHUB: Case[] = [
  { name: '401 Bad credentials', input: github(f.githubBadCredentials), code: 'AUTH_EXPIRED' },
  { name: '403 primary limit: remaining 0, reset in epoch seconds', input: github(f.githubPrimaryLimit), code: 'RATE_LIMIT', retryAfterMs: 600_000 },
  { name: '429 primary limit', input: github({ ...f.githubPrimaryLimit, status: 429 }), code: 'RATE_LIMIT', retryAfterMs: 600_000 },
  {
    name: '403 secondary limit with retry-after',
    input: github({ status: 403, headers: { 'retry-after': '60', 'x-ratelimit-remaining': '4990', 'x-ratelimit-reset': String(NOW_SECONDS + 3000) } }),
    code: 'RATE_LIMIT',
    retryAfterMs: 60_000,
  },
  { name: '403 secondary limit without retry-after waits the documented minute (reset ignored)', input: github(f.githubSecondaryLimit), code: 'RATE_LIMIT', retryAfterMs: 60_000 },
  {
    name: '403 abuse detection (older wording)',
    input: github({ status: 403, body: { message: 'You have triggered an abuse detection mechanism. Please wait a few minutes before you try again.' } }),
    code: 'RATE_LIMIT',
    retryAfterMs: 60_000,
  },
  { name: '403 Resource not accessible by integration', input: github(f.githubNotAccessible), code: 'PERMISSION' },
  { name: '403 Resource not accessible by personal access token', input: github({ status: 403, body: { message: 'Resource not accessible by personal access token' } }), code: 'PERMISSION' },
  {
    name: '403 SAML enforcement',
    input: github({
      status: 403,
      headers: { 'x-github-sso': 'required; url=https://github.com/orgs/acme/sso?authorization_request=A' },
      body: { message: 'Resource protected by organization SAML enforcement. You must grant your Personal Access token access to this organization.' },
    }),
    code: 'PERMISSION',
  },
  { name: '404 (also how private repositories are hidden)', input: github({ status: 404, body: { message: 'Not Found', documentation_url: 'https://docs.github.com/rest/repos/repos#get-a-repository', status: '404' } }), code: 'NOT_FOUND' },
  { name: '451 Repository access blocked', input: github(f.githubBlocked), code: 'PERMISSION' },
  { name: '410 Issues are disabled for this repo', input: github({ status: 410, body: { message: 'Issues are disabled for this repo', documentation_url: 'https://docs.github.com/v3/issues/' } }), code: 'PERMISSION' },
  { name: '410 deleted issue', input: github({ status: 410, body: { message: 'This issue was deleted', documentation_url: 'https://docs.github.com/rest/issues/issues#get-an-issue' } }), code: 'NOT_FOUND' },
  { name: '410 of a removed endpoint', input: github({ status: 410, body: { message: 'Gone' } }), code: 'SCHEMA_CHANGED' },
  { name: '422 Validation Failed', input: github(f.githubValidationFailed), code: 'SCHEMA_CHANGED' },
  // troubleshooting-the-rest-api#not-a-supported-version
  { name: '400 unsupported X-GitHub-Api-Version', input: github({ status: 400, body: { message: 'Not a supported version', documentation_url: 'https://docs.github.com/rest/about-the-rest-api/api-versions' } }), code: 'SCHEMA_CHANGED' },
  { name: '403 suspended account', input: github(f.githubSuspended), code: 'SUSPENDED_PAYMENT' },
  {
    name: 'billing block wording',
    input: github({ status: 403, body: { message: 'The job was not started because recent account payments have failed or your spending limit needs to be increased.' } }),
    code: 'SUSPENDED_PAYMENT',
  },
  { name: '402 Payment Required', input: github({ status: 402, body: '' }), code: 'SUSPENDED_PAYMENT' },
  { name: '502 Server Error', input: github({ status: 502, body: { message: 'Server Error' } }), code: 'PROVIDER_UNAVAILABLE' },
  {
    name: '503 with an HTTP-date Retry-After',
    input: github({ status: 503, headers: { 'Retry-After': httpDate(NOW + 90_000) }, body: '<html><body>Unicorn! · GitHub</body></html>' }),
    code: 'PROVIDER_UNAVAILABLE',
    retryAfterMs: 90_000,
  },
  { name: 'OAuth 200 bad_verification_code (JSON)', input: github(f.githubBadVerificationCode), code: 'AUTH_REVOKED' },
  { name: 'OAuth 200 bad_refresh_token (form-encoded)', input: github(f.githubBadRefreshTokenForm), code: 'AUTH_REVOKED' },
  { name: 'OAuth incorrect_client_credentials (form-encoded)', input: github({ status: 200, body: 'error=incorrect_client_credentials&error_description=The+client_id+and%2For+client_secret+passed+are+incorrect.' }), code: 'UNKNOWN' },
  { name: 'OAuth redirect_uri_mismatch', input: github({ status: 200, body: { error: 'redirect_uri_mismatch' } }), code: 'UNKNOWN' },
  // RFC 8628 §3.5; GitHub's device flow.
  { name: 'device flow slow_down', input: github({ status: 200, body: { error: 'slow_down', interval: 10 } }), code: 'RATE_LIMIT' },
  { name: 'device flow expired_token', input: github({ status: 200, body: { error: 'expired_token' } }), code: 'AUTH_REVOKED' },
  { name: 'Bearer challenge insufficient_scope', input: github({ status: 403, headers: { 'www-authenticate': 'Bearer error="insufficient_scope"' } }), code: 'PERMISSION' },
  { name: 'server_error from the authorization server', input: github({ status: 500, body: { error: 'server_error' } }), code: 'PROVIDER_UNAVAILABLE' },
  { name: '409 conflict says nothing', input: github({ status: 409, body: { message: 'Git Repository is empty.' } }), code: 'UNKNOWN' },
];

const NETWORK: Case[] = [
  { name: 'fetch failed: ECONNREFUSED in cause', input: github({ error: f.fetchRefused() }), code: 'NETWORK' },
  { name: 'fetch failed: undici SocketError in cause', input: jira({ error: f.fetchSocketClosed() }), code: 'NETWORK' },
  { name: 'fetch failed: ENOTFOUND in cause', input: jiraDc({ error: f.fetchNotFound() }), code: 'NETWORK' },
  { name: 'fetch failed without a coded cause ("bad port")', input: github({ error: new TypeError('fetch failed', { cause: new Error('bad port') }) }), code: 'NETWORK' },
  { name: 'AbortSignal.timeout (DOMException TimeoutError)', input: github({ error: new DOMException('The operation was aborted due to timeout', 'TimeoutError') }), code: 'NETWORK' },
  { name: 'aborted fetch (DOMException AbortError)', input: github({ error: new DOMException('This operation was aborted', 'AbortError') }), code: 'NETWORK' },
  { name: 'node:http ECONNRESET', input: jira({ error: systemError('ECONNRESET', 'socket hang up') }), code: 'NETWORK' },
  { name: 'EAI_AGAIN', input: jira({ error: systemError('EAI_AGAIN', 'getaddrinfo EAI_AGAIN jira.example.com') }), code: 'NETWORK' },
  { name: 'ETIMEDOUT', input: jiraDc({ error: systemError('ETIMEDOUT') }), code: 'NETWORK' },
  { name: 'EPIPE', input: jiraDc({ error: systemError('EPIPE', 'write EPIPE') }), code: 'NETWORK' },
  { name: 'undici ConnectTimeoutError', input: github({ error: Object.assign(new Error('Connect Timeout Error'), { name: 'ConnectTimeoutError', code: 'UND_ERR_CONNECT_TIMEOUT' }) }), code: 'NETWORK' },
  { name: 'undici HeadersTimeoutError nested two causes deep', input: github({ error: new Error('sync failed', { cause: new TypeError('fetch failed', { cause: systemError('UND_ERR_HEADERS_TIMEOUT') }) }) }), code: 'NETWORK' },
  {
    name: 'Happy Eyeballs AggregateError of refused connects',
    input: github({ error: new TypeError('fetch failed', { cause: new AggregateError([systemError('ECONNREFUSED'), systemError('ECONNREFUSED')]) }) }),
    code: 'NETWORK',
  },
  // node:net with autoSelectFamily: one error per address tried, the aggregate without a code.
  {
    name: 'AggregateError of per-address connect errors, wrapped by a client',
    input: jiraDc({ error: new Error('request to jira failed', { cause: new AggregateError([new Error('no code'), systemError('ECONNREFUSED')]) }) }),
    code: 'NETWORK',
  },
  { name: '408 Request Timeout', input: github({ status: 408 }), code: 'NETWORK' },
  { name: 'expired TLS certificate is not retried', input: jiraDc({ error: new TypeError('fetch failed', { cause: systemError('CERT_HAS_EXPIRED') }) }), code: 'UNKNOWN' },
  { name: 'undici invalid-argument error is a caller bug', input: github({ error: systemError('UND_ERR_INVALID_ARG') }), code: 'UNKNOWN' },
];

const PRECEDENCE: Case[] = [
  { name: 'network error beats status and delay headers', input: github({ status: 503, headers: { 'retry-after': '5' }, error: f.fetchRefused() }), code: 'NETWORK' },
  { name: '429 beats an OAuth code in the body', input: jira({ status: 429, headers: { 'retry-after': '3' }, body: { error: 'invalid_grant' } }), code: 'RATE_LIMIT', retryAfterMs: 3_000 },
  { name: 'exhausted GitHub limit beats the permission message', input: github({ ...f.githubNotAccessible, headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(NOW_SECONDS + 30) } }), code: 'RATE_LIMIT', retryAfterMs: 30_000 },
  { name: 'x-ratelimit-remaining 0 on a 404 is not a refusal', input: github({ status: 404, headers: { 'x-ratelimit-remaining': '0' }, body: { message: 'Not Found' } }), code: 'NOT_FOUND' },
  { name: 'a Jira 403 is not a GitHub secondary limit', input: jira({ status: 403, headers: { 'retry-after': '10' } }), code: 'PERMISSION' },
  { name: 'OAuth code beats the 400 status', input: jira({ status: 400, body: { error: 'invalid_grant', error_description: 'refresh_token is invalid' } }), code: 'AUTH_REVOKED' },
  { name: 'account state beats the 403 status', input: jira({ status: 403, body: { errorMessages: ['This site is suspended.'], errors: {} } }), code: 'SUSPENDED_PAYMENT' },
  { name: 'an account phrase on a 500 is a server error', input: github({ status: 500, body: { message: 'account suspended check failed' } }), code: 'PROVIDER_UNAVAILABLE' },
  { name: 'status beats the body message', input: github({ status: 404, body: { message: 'Bad credentials' } }), code: 'NOT_FOUND' },
  { name: 'no status: rate-limit message', input: github({ body: { message: 'API rate limit exceeded for 203.0.113.1.' } }), code: 'RATE_LIMIT' },
  { name: 'no status: Bad credentials', input: github({ body: 'Bad credentials' }), code: 'AUTH_EXPIRED' },
  { name: 'no status: Not Found', input: github({ body: { message: 'Not Found' } }), code: 'NOT_FOUND' },
  { name: 'no status: Jira "does not exist or no permission" is NOT_FOUND', input: jira({ body: f.jiraIssueNotFound.body }), code: 'NOT_FOUND' },
  { name: 'no status: permission wording', input: jira({ body: { errorMessages: ['You do not have permission to browse projects.'] } }), code: 'PERMISSION' },
  { name: 'no status: integration permission', input: github({ body: { message: 'Resource not accessible by integration' } }), code: 'PERMISSION' },
  { name: 'no status: scope mismatch', input: jira({ body: f.atlassianScopeMismatch.body }), code: 'PERMISSION' },
  { name: 'no status: removed API', input: jira({ body: JSON.parse(f.jiraSearchRemoved.body) as unknown }), code: 'SCHEMA_CHANGED' },
  { name: 'no status: maintenance page', input: jiraDc({ body: 'Jira is undergoing maintenance. Please try again later.' }), code: 'PROVIDER_UNAVAILABLE' },
  { name: 'no status: suspended account', input: github({ body: { message: 'Sorry. Your account was suspended.' } }), code: 'SUSPENDED_PAYMENT' },
  { name: 'nothing at all', input: github({}), code: 'UNKNOWN' },
  { name: '200 with an empty body', input: jira({ status: 200, body: {} }), code: 'UNKNOWN' },
];

const ALL: ReadonlyArray<readonly [string, readonly Case[]]> = [
  ['Jira Cloud', JIRA_CLOUD],
  ['Jira Data Center', JIRA_DATA_CENTER],
  ['GitHub', GITHUB],
  ['network errors', NETWORK],
  ['precedence', PRECEDENCE],
];

describe('classifyProviderError', function () {
  for (const [group, cases] of ALL) {
    describe(group, function () {
      for (const { name, input, code, retryAfterMs } of cases) {
        it(name, function () {
          const expected = retryAfterMs === undefined ? { code } : { code, retryAfterMs };
          expect(classifyProviderError({ ...input, now: NOW })).to.deep.equal(expected);
        });
      }
    });
  }

  it('covers every code but ABANDONED', function () {
    const produced = new Set(ALL.flatMap(([, cases]) => cases.map((c) => c.code)));
    expect([...produced].sort()).to.deep.equal(
      ['AUTH_EXPIRED', 'AUTH_REVOKED', 'NETWORK', 'NOT_FOUND', 'PERMISSION', 'PROVIDER_UNAVAILABLE', 'RATE_LIMIT', 'SCHEMA_CHANGED', 'SUSPENDED_PAYMENT', 'UNKNOWN'],
    );
  });

  it('returns a frozen result', function () {
    expect(Object.isFrozen(classifyProviderError({ provider: 'github', status: 404 }))).to.equal(true);
  });
});
