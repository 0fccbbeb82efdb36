/**
 * BatchWriteItem with the guarantees BatchWriteItem itself lacks: chunks of 25, bounded
 * concurrency, unprocessed items and transient errors retried with backoff, and every request
 * still unwritten at the end handed back to the caller with its error — never only logged.
 * BatchWriteItem carries no conditions: only unconditional puts and deletes belong here.
 */
import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { DataAccessError } from '../errors/index.js';
import type { StoreContext } from './context.js';
import { keyText } from './keys.js';
import { toDataAccessError } from './map-error.js';
import { chunk, mapWithConcurrency } from './pool.js';
import { attemptsOf, backoffDelay, isTransientError } from './retry.js';
import { send } from './send.js';

export const BATCH_WRITE_LIMIT = 25;

export type WriteRequest =
  | { readonly PutRequest: { readonly Item: Record<string, unknown> } }
  | { readonly DeleteRequest: { readonly Key: Record<string, unknown> } };

export interface FailedWrite {
  readonly request: WriteRequest;
  readonly error: DataAccessError;
  /** An attempt that carried the request failed in transit (a lost response): it may have been written. */
  readonly mayHaveLanded: boolean;
}

export interface BatchWriteReport {
  /** Requests not written after every retry, each with why. */
  readonly failed: FailedWrite[];
  /** BatchWriteItem calls sent (retries included). */
  readonly requestCount: number;
}

/** Writes `requests` (any number). Resolves with what could not be written; rejects only on bugs. */
export async function batchWrite(context: StoreContext, requests: readonly WriteRequest[]): Promise<BatchWriteReport> {
  const failed: FailedWrite[] = [];
  let requestCount = 0;
  await mapWithConcurrency(chunk(requests, BATCH_WRITE_LIMIT), context.concurrency, async (part) => {
    const outcome = await writeChunk(context, part);
    requestCount += outcome.requestCount;
    failed.push(...outcome.failed);
  });
  return { failed, requestCount };
}

/** The item key a request writes, as one string (requests in one batch have distinct keys). */
function keyOf(request: WriteRequest): string {
  const key = 'PutRequest' in request ? request.PutRequest.Item : request.DeleteRequest.Key;
  return keyText(key);
}

async function writeChunk(context: StoreContext, part: readonly WriteRequest[]): Promise<BatchWriteReport> {
  const { retry, tableName } = context;
  // DynamoDB hands unprocessed items back as new objects: map them to the caller's requests.
  const byKey = new Map(part.map((request) => [keyOf(request), request]));
  let pending: readonly WriteRequest[] = part;
  let lastError: unknown;
  let requestCount = 0;
  // Attempts in a row without progress (the SDK's own attempts counted): what the budget bounds.
  let used = 0;
  let inTransit = false;
  for (let attempt = 0; used < retry.maxAttempts && pending.length > 0; attempt += 1) {
    if (attempt > 0) {
      await retry.sleep(backoffDelay(attempt - 1, retry));
      retry.onRetry?.();
    }
    try {
      requestCount += 1;
      const output = await send<{ UnprocessedItems?: Record<string, unknown[]> }>(context, new BatchWriteCommand({ RequestItems: { [tableName]: [...pending] } }));
      const unprocessed = (output.UnprocessedItems?.[tableName] ?? []) as WriteRequest[];
      const before = pending.length;
      pending = unprocessed.map((request) => byKey.get(keyOf(request)) ?? request);
      // A call that wrote something made progress: only attempts without progress spend the budget.
      used = pending.length < before ? 0 : used + 1;
      lastError = undefined;
    } catch (error) {
      used += attemptsOf(error);
      lastError = error;
      if (!isTransientError(error)) break;
      inTransit = true;
    }
  }
  if (pending.length === 0) return { failed: [], requestCount };
  const error =
    lastError === undefined
      ? new DataAccessError('DATASTORE', `BatchWriteItem left ${pending.length} item(s) unprocessed after ${requestCount} attempts (${used} in a row without progress)`)
      : toDataAccessError(lastError, 'BatchWriteItem');
  context.logger.warn('batch write gave up on items', { count: pending.length, code: error.code });
  return { failed: pending.map((request) => ({ request, error, mayHaveLanded: inTransit })), requestCount };
}
