/**
 * TransactWriteItems with one idempotency token for every attempt of one logical write: if a
 * response is lost and we send the transaction again, DynamoDB recognises the token and reports
 * success instead of failing our own `attribute_not_exists` conditions (a false conflict).
 * Cancellations caused by conditions come back as data (`reasons`), with the current item of
 * each failed condition, for the caller to map to ConflictError / NotFoundError / ….
 */
import { randomUUID } from 'node:crypto';
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { DataAccessError } from '../errors/index.js';
import type { StoreContext } from './context.js';
import { plainItem } from './item-shape.js';
import { toDataAccessError } from './map-error.js';
import type { TransactAction } from './render-action.js';
import { attemptsOf, backoffDelay, isTransientError, TRANSIENT_CANCELLATION_CODES } from './retry.js';
import { send } from './send.js';

export const TRANSACTION_LIMIT = 100;

export type { TransactAction } from './render-action.js';

/** Why one action of a cancelled transaction failed; `item` is the item as it stood, if returned. */
export interface CancellationReason {
  readonly code: string;
  readonly item: Record<string, unknown> | undefined;
}

export type TransactOutcome =
  | { readonly committed: true }
  | { readonly committed: false; readonly reasons: readonly CancellationReason[] };

interface RawReason {
  Code?: string;
  Item?: unknown;
}

function cancellationReasons(error: unknown): CancellationReason[] | undefined {
  if (typeof error !== 'object' || error === null || (error as { name?: unknown }).name !== 'TransactionCanceledException') {
    return undefined;
  }
  const raw = (error as { CancellationReasons?: RawReason[] }).CancellationReasons ?? [];
  // The DocumentClient does not unmarshall items returned inside cancellation reasons.
  return raw.map((reason) => ({ code: reason.Code ?? 'None', item: plainItem(reason.Item) }));
}

/**
 * Sends `actions` as one transaction. Resolves `{ committed: true }`, or `{ committed: false,
 * reasons }` when a condition failed. Transient failures (throttling, conflicts with other
 * transactions, lost connections) are retried under the same token; what outlives the retry
 * budget is thrown as `DATASTORE`.
 */
export async function transactWrite(
  context: StoreContext,
  actions: readonly TransactAction[],
  token: string = randomUUID(),
): Promise<TransactOutcome> {
  if (actions.length === 0) return { committed: true };
  if (actions.length > TRANSACTION_LIMIT) {
    throw new DataAccessError('UNSUPPORTED', `a transaction holds at most ${TRANSACTION_LIMIT} actions, got ${actions.length}`);
  }
  const { retry } = context;
  let used = 0;
  for (let attempt = 0; ; attempt += 1) {
    if (attempt > 0) {
      await retry.sleep(backoffDelay(attempt - 1, retry));
      retry.onRetry?.();
    }
    try {
      await send(context, new TransactWriteCommand({ TransactItems: [...actions], ClientRequestToken: token }));
      return { committed: true };
    } catch (error) {
      const reasons = cancellationReasons(error);
      const conditionFailed = reasons?.some((reason) => reason.code === 'ConditionalCheckFailed');
      if (reasons && conditionFailed) return { committed: false, reasons };
      used += attemptsOf(error);
      const transient =
        isTransientError(error) || (reasons !== undefined && reasons.length > 0 && reasons.every((r) => r.code === 'None' || TRANSIENT_CANCELLATION_CODES.has(r.code)));
      if (!transient || used >= retry.maxAttempts) throw toDataAccessError(error, 'TransactWriteItems');
    }
  }
}
