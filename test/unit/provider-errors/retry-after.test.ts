// Delay headers, parsed on their own and through classifyProviderError.
import { expect } from 'chai';
import { classifyProviderError } from '../../../src/index.js';
import { clampDelay, MAX_RETRY_AFTER_MS, parseRateLimitReset, parseRetryAfter } from '../../../src/provider-errors/retry-after.js';
import { NOW, NOW_SECONDS } from './fixtures.js';

const HOUR = 3_600_000;

describe('provider error delays', function () {
  describe('parseRetryAfter (RFC 9110 §10.2.3)', function () {
    it('reads delay-seconds', function () {
      expect(parseRetryAfter('0', NOW)).to.equal(0);
      expect(parseRetryAfter('120', NOW)).to.equal(120_000);
    });

    it('reads an HTTP-date relative to now (IMF-fixdate and the obsolete RFC 850 form)', function () {
      expect(parseRetryAfter('Mon, 02 Jun 2025 10:01:30 GMT', NOW)).to.equal(90_000);
      expect(parseRetryAfter('Monday, 02-Jun-25 10:00:10 GMT', NOW)).to.equal(10_000);
    });

    it('ignores what is neither', function () {
      for (const value of [undefined, '', '-5', '1.5', '12:30', 'soon', '99999999999']) expect(parseRetryAfter(value, NOW), String(value)).to.equal(undefined);
    });
  });

  describe('parseRateLimitReset', function () {
    it('reads GitHub epoch seconds', function () {
      expect(parseRateLimitReset(String(NOW_SECONDS + 42), NOW)).to.equal(42_000);
    });

    it('reads Jira Cloud ISO 8601 instants (yyyy-MM-ddTHH:mmZ)', function () {
      expect(parseRateLimitReset('2025-06-02T10:02Z', NOW)).to.equal(120_000);
    });

    it('reads a small number as a delay in seconds', function () {
      expect(parseRateLimitReset('30', NOW)).to.equal(30_000);
    });

    it('ignores junk', function () {
      for (const value of [undefined, '', 'tomorrow-ish', '2025-13-45T99:99Z', '-1']) expect(parseRateLimitReset(value, NOW), String(value)).to.equal(undefined);
    });
  });

  it('clamps delays to whole milliseconds from 0 to one hour', function () {
    expect(MAX_RETRY_AFTER_MS).to.equal(HOUR);
    expect(clampDelay(-5_000)).to.equal(0);
    expect(clampDelay(1.2)).to.equal(2);
    expect(clampDelay(10 * HOUR)).to.equal(HOUR);
  });

  describe('through classifyProviderError', function () {
    const throttled = (headers: Record<string, string>) => classifyProviderError({ provider: 'jira_cloud', status: 429, headers, now: NOW });

    it('reads header names in any letter case', function () {
      for (const name of ['Retry-After', 'retry-after', 'RETRY-AFTER', 'rEtRy-AfTeR', ' Retry-After ']) {
        expect(throttled({ [name]: '7' }), name).to.deep.equal({ code: 'RATE_LIMIT', retryAfterMs: 7_000 });
      }
    });

    it('never returns a negative delay: a date in the past is 0', function () {
      expect(throttled({ 'Retry-After': 'Mon, 02 Jun 2025 09:00:00 GMT' })).to.deep.equal({ code: 'RATE_LIMIT', retryAfterMs: 0 });
      expect(classifyProviderError({ provider: 'github', status: 403, headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(NOW_SECONDS - 60) }, now: NOW })).to.deep.equal({
        code: 'RATE_LIMIT',
        retryAfterMs: 0,
      });
    });

    it('caps a delay at one hour', function () {
      expect(throttled({ 'Retry-After': '86400' })).to.deep.equal({ code: 'RATE_LIMIT', retryAfterMs: HOUR });
      expect(throttled({ 'X-RateLimit-Reset': '2030-01-01T00:00Z' })).to.deep.equal({ code: 'RATE_LIMIT', retryAfterMs: HOUR });
    });

    it('measures dates from Date.now() when now is missing or junk', function () {
      const inAnHour = new Date(Date.now() + 10 * HOUR).toUTCString();
      for (const now of [undefined, Number.NaN, Infinity, '2025-06-02', {}]) {
        const result = classifyProviderError({ provider: 'jira_cloud', status: 429, headers: { 'Retry-After': inAnHour }, now: now as number });
        expect(result, JSON.stringify(now) ?? 'undefined').to.deep.equal({ code: 'RATE_LIMIT', retryAfterMs: HOUR });
      }
    });

    it('only attaches delays to RATE_LIMIT and PROVIDER_UNAVAILABLE', function () {
      expect(classifyProviderError({ provider: 'github', status: 401, headers: { 'retry-after': '5' }, now: NOW })).to.deep.equal({ code: 'AUTH_EXPIRED' });
      expect(classifyProviderError({ provider: 'jira_cloud', status: 502, now: NOW })).to.deep.equal({ code: 'PROVIDER_UNAVAILABLE' });
    });

    it('gives a GitHub rate-limit phrase without a throttling status no default wait', function () {
      expect(classifyProviderError({ provider: 'github', body: { message: 'API rate limit exceeded' }, now: NOW })).to.deep.equal({ code: 'RATE_LIMIT' });
    });
  });
});
