/**
 * Account-level refusals: the provider account, site or subscription is suspended, deactivated or
 * unpaid. They override the status (usually a 403, which would otherwise read as a permission
 * problem that no permission change fixes).
 *
 * Only GitHub documents a wording: "Sorry. Your account was suspended." on a 403 (handled by
 * Octokit as `AccountSuspended`, https://github.com/octokit/octokit.rb/pull/761), and "recent
 * account payments have failed or your spending limit needs to be increased" for billing blocks.
 * Atlassian does not document what its REST API answers for a deactivated or unpaid Cloud site or
 * an expired Data Center licence; the phrases below are what its pages and notices say ("site
 * deactivated", "subscription suspended", "license has expired"), so they are a heuristic and
 * are tight on purpose: a field error that merely mentions "payment" must not match.
 */
import { PROVIDER_ERROR_CODES, type ProviderErrorCode } from './codes.js';
import type { ResponseFacts } from './facts.js';

const SUSPENSION_PHRASES: readonly RegExp[] = [
  /\b(?:account|site|instance|organi[sz]ation|subscription|tenant|enterprise)\b[^.\n]{0,40}\b(?:suspended|deactivated)\b/,
  /\blicen[cs]e\b[^.\n]{0,40}\bexpired\b/,
  /\bexpired\b[^.\n]{0,20}\blicen[cs]e\b/,
  /\bpayments?\b[^.\n]{0,20}\bfailed\b/,
  /\bspending limit\b/,
  /\bpayment required\b/,
];

/** Statuses with which an account-level refusal comes (or none, when only a message is known). */
const REFUSAL_STATUSES: ReadonlySet<number | undefined> = new Set([undefined, 401, 402, 403, 404, 423, 503]);

/** Whether `text` says the account, site or subscription is suspended or unpaid. */
function mentionsSuspension(text: string): boolean {
  return SUSPENSION_PHRASES.some((phrase) => phrase.test(text));
}

/** SUSPENDED_PAYMENT when the response is an account-level refusal (any provider). */
export function classifyAccountState(facts: ResponseFacts): ProviderErrorCode | undefined {
  return REFUSAL_STATUSES.has(facts.status) && mentionsSuspension(facts.body.text) ? PROVIDER_ERROR_CODES.SUSPENDED_PAYMENT : undefined;
}
