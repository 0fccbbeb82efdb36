// classifyProviderError on what an HTTP client threw, passed alone as `error`: the response it
// carries (Octokit's RequestError, axios's AxiosError, a fetch wrapper's Response) is read for its
// status, headers and body. What the caller passed itself wins, and no getter or Proxy inside the
// error can make classification throw.
import { expect } from 'chai';
import { classifyProviderError, type ClassifyProviderErrorInput } from '../../../src/index.js';
import * as f from './fixtures.js';

const classify = (input: Omit<ClassifyProviderErrorInput, 'now'>) => classifyProviderError({ ...input, now: f.NOW });

const githubNotFound = { status: 404, body: { message: 'Not Found', documentation_url: 'https://docs.github.com/rest/repos/repos#get-a-repository', status: '404' } };
const jiraRateLimited = { status: 429, headers: { 'retry-after': '10' }, body: { errorMessages: ['Rate limit exceeded.'], errors: {} } };

function throwing(): never {
  throw new Error('getter');
}

/** A Proxy whose every trap throws. */
function hostile(): object {
  return new Proxy({}, { get: throwing, has: throwing, ownKeys: throwing, getOwnPropertyDescriptor: throwing, getPrototypeOf: throwing });
}

function revoked(): object {
  const { proxy, revoke } = Proxy.revocable({}, {});
  revoke();
  return proxy;
}

/** The provider a fixture of fixtures.ts belongs to, by its name. */
function providerOf(name: string): ClassifyProviderErrorInput['provider'] {
  if (name.startsWith('github')) return 'github';
  return name.startsWith('jiraDc') || name.startsWith('tomcat') ? 'jira_data_center' : 'jira_cloud';
}

const RESPONSES = Object.entries(f as Record<string, unknown>).filter((entry): entry is [string, f.ResponseFixture] => typeof entry[1] === 'object' && typeof (entry[1] as { status?: unknown }).status === 'number');

describe('classifyProviderError on thrown HTTP client errors', function () {
  describe('Octokit RequestError', function () {
    it('404 is NOT_FOUND', function () {
      expect(classify({ provider: 'github', error: f.octokitRequestError(githubNotFound) })).to.deep.equal({ code: 'NOT_FOUND' });
    });

    it('403 with x-ratelimit-remaining: 0 is RATE_LIMIT, waiting until x-ratelimit-reset', function () {
      expect(classify({ provider: 'github', error: f.octokitRequestError(f.githubPrimaryLimit) })).to.deep.equal({ code: 'RATE_LIMIT', retryAfterMs: 600_000 });
    });

    it('403 of a secondary limit (its message) waits the documented minute', function () {
      expect(classify({ provider: 'github', error: f.octokitRequestError(f.githubSecondaryLimit) })).to.deep.equal({ code: 'RATE_LIMIT', retryAfterMs: 60_000 });
    });

    it('reads the body: 403 "Resource not accessible by integration" is PERMISSION, 401 Bad credentials AUTH_EXPIRED', function () {
      expect(classify({ provider: 'github', error: f.octokitRequestError(f.githubNotAccessible) })).to.deep.equal({ code: 'PERMISSION' });
      expect(classify({ provider: 'github', error: f.octokitRequestError(f.githubBadCredentials) })).to.deep.equal({ code: 'AUTH_EXPIRED' });
      expect(classify({ provider: 'github', error: f.octokitRequestError(f.githubSuspended) })).to.deep.equal({ code: 'SUSPENDED_PAYMENT' });
    });

    it('without a response (`new RequestError(message, 500, { request })`) its own status decides', function () {
      const error = Object.assign(new Error('Internal Server Error'), { name: 'HttpError', status: 500, request: { method: 'GET', url: 'https://api.github.com/user', headers: {} } });
      expect(classify({ provider: 'github', error })).to.deep.equal({ code: 'PROVIDER_UNAVAILABLE' });
    });
  });

  describe('axios AxiosError', function () {
    it('429 with retry-after: 10 is RATE_LIMIT after 10 s, with and without the error’s own status (axios < 1.7)', function () {
      expect(classify({ provider: 'jira_cloud', error: f.axiosError(jiraRateLimited) })).to.deep.equal({ code: 'RATE_LIMIT', retryAfterMs: 10_000 });
      expect(classify({ provider: 'jira_cloud', error: f.axiosError(jiraRateLimited, { withStatus: false }) })).to.deep.equal({ code: 'RATE_LIMIT', retryAfterMs: 10_000 });
    });

    it('a token endpoint’s invalid_grant is AUTH_REVOKED, parsed or as a Buffer (`responseType: "arraybuffer"`)', function () {
      expect(classify({ provider: 'jira_cloud', error: f.axiosError(f.atlassianRefreshRejected) })).to.deep.equal({ code: 'AUTH_REVOKED' });
      const bytes = { status: 400, body: Buffer.from(JSON.stringify(f.atlassianRefreshRejected.body)) };
      expect(classify({ provider: 'jira_cloud', error: f.axiosError(bytes) })).to.deep.equal({ code: 'AUTH_REVOKED' });
    });

    it('Jira Data Center pages and Seraph headers are read from the response', function () {
      expect(classify({ provider: 'jira_data_center', error: f.axiosError(f.jiraDcLoginFailed) })).to.deep.equal({ code: 'AUTH_EXPIRED' });
      expect(classify({ provider: 'jira_data_center', error: f.axiosError(f.jiraDcCaptcha) })).to.deep.equal({ code: 'AUTH_REVOKED' });
      expect(classify({ provider: 'jira_data_center', error: f.axiosError(f.tomcatUnavailable) })).to.deep.equal({ code: 'PROVIDER_UNAVAILABLE' });
    });

    it('a request that got no response is still a network failure', function () {
      const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:443'), { name: 'AxiosError', code: 'ECONNREFUSED', isAxiosError: true, config: {}, request: {} });
      const timedOut = Object.assign(new Error('timeout of 5000ms exceeded'), { name: 'AxiosError', code: 'ECONNABORTED', isAxiosError: true, config: {}, request: {} });
      expect(classify({ provider: 'jira_cloud', error: refused })).to.deep.equal({ code: 'NETWORK' });
      expect(classify({ provider: 'jira_cloud', error: timedOut })).to.deep.equal({ code: 'NETWORK' });
    });
  });

  describe('fetch wrappers (error.response is a Response)', function () {
    it('reads the status and the Headers of a fetch Response (its body is an unread stream)', function () {
      expect(classify({ provider: 'github', error: f.fetchHttpError({ status: 404 }) })).to.deep.equal({ code: 'NOT_FOUND' });
      expect(classify({ provider: 'jira_cloud', error: f.fetchHttpError({ status: 429, headers: { 'Retry-After': '10' } }) })).to.deep.equal({ code: 'RATE_LIMIT', retryAfterMs: 10_000 });
      const expired = f.fetchHttpError({ status: 401, headers: { 'WWW-Authenticate': 'Bearer realm="jira", error="invalid_token"' } });
      expect(classify({ provider: 'jira_cloud', error: expired })).to.deep.equal({ code: 'AUTH_EXPIRED' });
      expect(classify({ provider: 'github', error: f.fetchHttpError({ status: 403, headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(f.NOW_SECONDS + 60) } }) })).to.deep.equal({
        code: 'RATE_LIMIT',
        retryAfterMs: 60_000,
      });
    });

    it('reads a Response-like whose headers can only be asked with get()', function () {
      const error = Object.assign(new Error('Service Unavailable'), { response: { status: 503, headers: f.getterOnlyHeaders({ 'Retry-After': '120' }) } });
      expect(classify({ provider: 'jira_data_center', error })).to.deep.equal({ code: 'PROVIDER_UNAVAILABLE', retryAfterMs: 120_000 });
      const seraph = Object.assign(new Error('Unauthorized'), { response: { status: 401, headers: f.getterOnlyHeaders({ 'X-Seraph-LoginReason': 'AUTHENTICATED_FAILED' }) } });
      expect(classify({ provider: 'jira_data_center', error: seraph })).to.deep.equal({ code: 'AUTH_EXPIRED' });
    });
  });

  describe('what the caller passed wins', function () {
    it('its status, headers and body each beat the error’s', function () {
      expect(classify({ provider: 'github', status: 503, error: f.octokitRequestError(githubNotFound) })).to.deep.equal({ code: 'PROVIDER_UNAVAILABLE' });
      expect(classify({ provider: 'jira_cloud', headers: { 'retry-after': '3' }, error: f.axiosError(jiraRateLimited) })).to.deep.equal({ code: 'RATE_LIMIT', retryAfterMs: 3_000 });
      expect(classify({ provider: 'jira_cloud', body: { error: 'invalid_grant' }, error: f.axiosError({ status: 400, body: { errorMessages: ['Bad request'] } }) })).to.deep.equal({ code: 'AUTH_REVOKED' });
      // The caller's (empty) headers are the response's: the error's retry-after is not consulted.
      expect(classify({ provider: 'jira_cloud', headers: {}, error: f.axiosError(jiraRateLimited) })).to.deep.equal({ code: 'RATE_LIMIT' });
    });

    it('reads undefined or null fields, and a status that is not one, as not given', function () {
      const error = f.octokitRequestError(f.githubPrimaryLimit);
      const expected = { code: 'RATE_LIMIT', retryAfterMs: 600_000 };
      expect(classify({ provider: 'github', status: undefined, headers: undefined, body: undefined, error })).to.deep.equal(expected);
      expect(classify({ provider: 'github', headers: null as never, body: null, error })).to.deep.equal(expected);
      for (const status of [0, '403', Number.NaN, 600]) expect(classify({ provider: 'github', status: status as number, error }), String(status)).to.deep.equal(expected);
    });
  });

  describe('defensive reads', function () {
    it('survives a throwing, hostile or revoked response, status, headers or data', function () {
      const withResponse = (response: unknown, own: Record<string, unknown> = {}) => Object.assign(new Error('x'), own, { response });
      const getterError = Object.defineProperty(new Error('x'), 'response', { get: throwing });
      expect(classify({ provider: 'github', error: getterError })).to.deep.equal({ code: 'UNKNOWN' });
      expect(classify({ provider: 'github', error: hostile() })).to.deep.equal({ code: 'UNKNOWN' });
      expect(classify({ provider: 'github', error: revoked() })).to.deep.equal({ code: 'UNKNOWN' });
      // A response that cannot be read leaves the error's own status.
      for (const response of [hostile(), revoked(), 'HTTP/1.1 404', 404, null]) {
        expect(classify({ provider: 'github', error: withResponse(response, { status: 404 }) }), String(typeof response)).to.deep.equal({ code: 'NOT_FOUND' });
      }
      const statusGetter = Object.defineProperty({ headers: { 'retry-after': '5' } }, 'status', { get: throwing });
      expect(classify({ provider: 'jira_cloud', error: withResponse(statusGetter, { status: 429 }) })).to.deep.equal({ code: 'RATE_LIMIT', retryAfterMs: 5_000 });
      for (const headers of [hostile(), revoked(), Object.defineProperty({}, 'retry-after', { get: throwing, enumerable: true }), { get: throwing }]) {
        expect(classify({ provider: 'jira_cloud', error: withResponse({ status: 429, headers }) })).to.deep.equal({ code: 'RATE_LIMIT' });
      }
      for (const data of [hostile(), revoked(), Object.defineProperty({}, 'message', { get: throwing, enumerable: true })]) {
        expect(classify({ provider: 'github', error: withResponse({ status: 404, data }) })).to.deep.equal({ code: 'NOT_FOUND' });
      }
    });

    it('asks a get()-only headers object for each name on its own, so one throwing name spoils none of the others', function () {
      const headers = {
        get(name: string) {
          if (name === 'retry-after') throw new Error('get');
          return name === 'x-ratelimit-reset' ? '2025-06-02T10:01Z' : null;
        },
      };
      expect(classify({ provider: 'jira_cloud', error: { response: { status: 429, headers } } })).to.deep.equal({ code: 'RATE_LIMIT', retryAfterMs: 60_000 });
    });

    it('ignores statuses of the error and its response that are not HTTP statuses', function () {
      for (const status of ['404', 404.5, -1, 1e9, Number.NaN, { valueOf: () => 404 }]) {
        expect(classify({ provider: 'github', error: { status, response: { status } } }), String(status)).to.deep.equal({ code: 'UNKNOWN' });
      }
    });
  });

  describe('every response of fixtures.ts classifies the same when it arrives inside a thrown error', function () {
    for (const [name, response] of RESPONSES) {
      it(name, function () {
        const provider = providerOf(name);
        const expected = classify({ provider, ...response });
        expect(classify({ provider, error: f.octokitRequestError(response) }), 'Octokit').to.deep.equal(expected);
        expect(classify({ provider, error: f.axiosError(response) }), 'axios').to.deep.equal(expected);
        expect(classify({ provider, error: f.axiosError(response, { withStatus: false }) }), 'axios < 1.7').to.deep.equal(expected);
        expect(classify({ provider, error: f.fetchHttpError(response) }), 'fetch wrapper').to.deep.equal(classify({ provider, status: response.status, headers: response.headers ?? {} }));
        // Headers that can only be asked by name give what the record gives: every header a rule reads is asked for.
        expect(classify({ provider, ...response, headers: f.getterOnlyHeaders(response.headers) as never }), 'get()-only headers').to.deep.equal(expected);
      });
    }
  });
});
