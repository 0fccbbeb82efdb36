/**
 * How long to wait before retrying, from the headers providers send with throttled and
 * unavailable responses. Every delay is relative to the caller's `now`, never negative, and at
 * most {@link MAX_RETRY_AFTER_MS}: a header that asks for more is capped rather than trusted
 * (a wrong clock or a hostile proxy must not park a sync for days).
 */
import type { ResponseFacts } from './facts.js';

/** The longest delay ever returned: one hour (GitHub's primary rate-limit window). */
export const MAX_RETRY_AFTER_MS = 60 * 60 * 1000;

/**
 * GitHub: "If you exceed a secondary rate limit [and] the retry-after response header [is absent
 * and x-ratelimit-remaining is not 0] … wait for at least one minute before retrying"
 * (https://docs.github.com/rest/using-the-rest-api/rate-limits-for-the-rest-api#exceeding-the-rate-limit).
 */
export const GITHUB_SECONDARY_LIMIT_WAIT_MS = 60 * 1000;

const DELAY_SECONDS = /^\d{1,10}$/;
const EPOCH_SECONDS = /^\d{1,12}$/;
/** Numbers below this are a delay in seconds, not an instant (10⁹ s is in 2001). */
const EARLIEST_EPOCH_SECONDS = 1e9;

/** Milliseconds from `now` until the date in `value`; only values with letters are dates (this keeps V8's lenient parser away from bare numbers). */
function untilDate(value: string, now: number): number | undefined {
  if (!/[a-z]/i.test(value)) return undefined;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : at - now;
}

/**
 * `Retry-After`: delay-seconds or an HTTP-date (RFC 9110 §10.2.3). Jira Cloud and Data Center
 * send seconds (https://developer.atlassian.com/cloud/jira/platform/rate-limiting/,
 * https://confluence.atlassian.com/adminjiraserver/adjusting-your-code-for-rate-limiting-987143384.html),
 * GitHub seconds on secondary limits.
 */
export function parseRetryAfter(value: string | undefined, now: number): number | undefined {
  if (value === undefined) return undefined;
  return DELAY_SECONDS.test(value) ? Number(value) * 1000 : untilDate(value, now);
}

/**
 * `X-RateLimit-Reset`: GitHub sends UTC epoch seconds; Jira Cloud an ISO 8601 instant
 * (`yyyy-MM-ddTHH:mmZ`, "the request timestamp plus the Retry-After period"). A small number is
 * read as a delay in seconds, as some gateways send one.
 */
export function parseRateLimitReset(value: string | undefined, now: number): number | undefined {
  if (value === undefined) return undefined;
  if (!EPOCH_SECONDS.test(value)) return untilDate(value, now);
  const seconds = Number(value);
  return seconds < EARLIEST_EPOCH_SECONDS ? seconds * 1000 : seconds * 1000 - now;
}

/** A delay made safe: whole milliseconds from 0 to {@link MAX_RETRY_AFTER_MS}. */
export function clampDelay(ms: number): number {
  return Math.min(MAX_RETRY_AFTER_MS, Math.max(0, Math.ceil(ms)));
}

/**
 * The delay the response asks for, or `undefined` when it names none. When several headers name
 * one, the longest wins: retrying early only earns another refusal (Jira: "the same or longer
 * Retry-After period").
 */
export function retryDelay(facts: ResponseFacts): number | undefined {
  const { headers, now } = facts;
  const delays = [parseRetryAfter(headers.get('retry-after'), now)];
  // GitHub sends x-ratelimit-reset on every response; it is when the primary window resets, which
  // only matters once that window is used up (x-ratelimit-remaining: 0).
  if (facts.provider !== 'github' || headers.get('x-ratelimit-remaining') === '0') {
    delays.push(parseRateLimitReset(headers.get('x-ratelimit-reset'), now));
  }
  const known = delays.filter((delay): delay is number => delay !== undefined);
  return known.length === 0 ? undefined : clampDelay(Math.max(...known));
}
