/**
 * The last resort before UNKNOWN: the body's words, for failures whose status said nothing (none
 * was given, or it was a 2xx/3xx/409) — a caller that only kept an error message, an error body
 * on a 200. The first phrase that matches wins, so the order runs from the most to the least
 * specific.
 */
import { PROVIDER_ERROR_CODES, type ProviderErrorCode } from './codes.js';
import type { ResponseFacts } from './facts.js';

const PHRASES: ReadonlyArray<readonly [RegExp, ProviderErrorCode]> = [
  [/\brate limit|too many requests/, PROVIDER_ERROR_CODES.RATE_LIMIT],
  [/\bbad credentials\b|\binvalid (?:access )?token\b|\btoken (?:has )?expired\b|\bunauthori[sz]ed\b|\brequires authentication\b/, PROVIDER_ERROR_CODES.AUTH_EXPIRED],
  [/\bhas been removed\b|\bnot a supported version\b|\bno longer supported\b/, PROVIDER_ERROR_CODES.SCHEMA_CHANGED],
  // Jira's "Issue does not exist or you do not have permission to see it" is a NOT_FOUND.
  [/\bnot found\b|\bdoes not exist\b/, PROVIDER_ERROR_CODES.NOT_FOUND],
  [/\bnot accessible\b|\bforbidden\b|\bpermission\b/, PROVIDER_ERROR_CODES.PERMISSION],
  [/\bservice unavailable\b|\bmaintenance\b|\bbad gateway\b|\bgateway time-?out\b|\bserver error\b/, PROVIDER_ERROR_CODES.PROVIDER_UNAVAILABLE],
];

/** The code the body's messages suggest, if any. */
export function classifyByMessage(facts: ResponseFacts): ProviderErrorCode | undefined {
  const { text } = facts.body;
  return PHRASES.find(([phrase]) => phrase.test(text))?.[1];
}
