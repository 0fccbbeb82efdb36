/**
 * Explicit throttling signals. They come before everything but transport failures: a throttled
 * request says nothing about credentials or permissions, whatever else the response carries.
 */
import type { ResponseFacts } from './facts.js';

/**
 * GitHub's rate-limit messages: primary ("API rate limit exceeded for …"), secondary ("You have
 * exceeded a secondary rate limit") and the older abuse-detection wording.
 */
const GITHUB_LIMIT_MESSAGE = /\brate limit\b|abuse detection/;

/**
 * Whether the response is a rate-limit refusal.
 * - `429` from any provider: Jira Cloud ("any REST API can return a rate limit response",
 *   https://developer.atlassian.com/cloud/jira/platform/rate-limiting/), Jira Data Center
 *   (https://confluence.atlassian.com/adminjiraserver/improving-instance-stability-with-rate-limiting-983794911.html),
 *   GitHub.
 * - GitHub `403` with `x-ratelimit-remaining: 0` (primary limit), or with `retry-after` or a
 *   rate-limit message (secondary limit)
 *   (https://docs.github.com/rest/using-the-rest-api/rate-limits-for-the-rest-api#exceeding-the-rate-limit).
 *   A 403 without them is a permission refusal. `x-ratelimit-remaining: 0` on other statuses
 *   (a 404, say) is not a refusal: that request was answered.
 *
 * A Jira `503` with `Retry-After` is not a rate limit ("while these are not rate limit responses,
 * they can be handled with similar logic"): it is PROVIDER_UNAVAILABLE, which still gets the delay.
 */
export function isRateLimited(facts: ResponseFacts): boolean {
  if (facts.status === 429) return true;
  if (facts.provider !== 'github' || facts.status !== 403) return false;
  const { headers } = facts;
  return headers.get('x-ratelimit-remaining') === '0' || headers.has('retry-after') || GITHUB_LIMIT_MESSAGE.test(facts.body.text);
}
