/**
 * Retries of transient DynamoDB failures (throttling, transaction conflicts, dropped
 * connections, 5xx) with exponential backoff and full jitter. The SDK retries too; this layer
 * covers what the SDK hands back (unprocessed batch items, cancelled transactions) and what
 * outlives the SDK's own attempts.
 *
 * One budget for both: `policy.maxAttempts` counts every attempt of one logical request,
 * the SDK's included (the SDK reports them in `$metadata.attempts`). The library only sends the
 * request again while attempts are left, so a logical request makes at most
 * `maxAttempts + (the SDK's maxAttempts − 1)` attempts — never the product of the two budgets.
 */
import type { RetryPolicy } from './context.js';

const TRANSIENT_NAMES = new Set([
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'RequestLimitExceeded',
  'TransactionConflictException',
  'TransactionInProgressException',
  'InternalServerError',
  'InternalFailure',
  'ServiceUnavailable',
  'TimeoutError',
  'RequestTimeout',
  'RequestTimeoutException',
]);

const TRANSIENT_CODES = new Set(['ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ECONNREFUSED', 'EAI_AGAIN', 'ENOTFOUND', 'ECONNABORTED']);

/** Reason codes of a cancelled transaction that say "try again", not "your condition failed". */
export const TRANSIENT_CANCELLATION_CODES: ReadonlySet<string> = new Set([
  'TransactionConflict',
  'ThrottlingError',
  'ProvisionedThroughputExceeded',
  'RequestLimitExceeded',
]);

interface ErrorLike {
  name?: unknown;
  code?: unknown;
  $metadata?: { httpStatusCode?: unknown; attempts?: unknown };
  $retryable?: unknown;
}

/** Attempts one SDK call made, as the SDK reports them (1 when it does not say). */
export function attemptsOf(error: unknown): number {
  const attempts = typeof error === 'object' && error !== null ? (error as ErrorLike).$metadata?.attempts : undefined;
  return typeof attempts === 'number' && Number.isInteger(attempts) && attempts >= 1 ? attempts : 1;
}

/** True when the same request may succeed if sent again. */
export function isTransientError(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const e = error as ErrorLike;
  if (typeof e.name === 'string' && TRANSIENT_NAMES.has(e.name)) return true;
  if (typeof e.code === 'string' && TRANSIENT_CODES.has(e.code)) return true;
  if (e.$retryable) return true;
  const status = e.$metadata?.httpStatusCode;
  return typeof status === 'number' && status >= 500;
}

/** Full jitter: a random delay in [0, min(max, base · 2^attempt)). `attempt` counts from 0. */
export function backoffDelay(attempt: number, policy: RetryPolicy): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt);
  return Math.floor(policy.random() * ceiling);
}

/**
 * Runs `operation` until it succeeds, fails with a non-transient error, or the policy's attempts
 * — the SDK's own attempts counted in — are spent; then the last error is thrown as it is
 * (callers map it).
 */
export async function withRetry<T>(operation: (attempt: number) => Promise<T>, policy: RetryPolicy): Promise<T> {
  let attempt = 0;
  let used = 0;
  for (;;) {
    try {
      return await operation(attempt);
    } catch (error) {
      used += attemptsOf(error);
      if (!isTransientError(error) || used >= policy.maxAttempts) throw error;
      await policy.sleep(backoffDelay(attempt, policy));
      policy.onRetry?.();
      attempt += 1;
    }
  }
}
