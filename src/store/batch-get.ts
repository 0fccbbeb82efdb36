/**
 * BatchGetItem for any number of keys: de-duplicated, chunks of 100, bounded concurrency,
 * unprocessed keys retried with backoff. Keys still unread after the retry budget make the call
 * throw (`DATASTORE`): a read that silently skips items would look like "not found".
 */
import { BatchGetCommand } from '@aws-sdk/lib-dynamodb';
import { DataAccessError } from '../errors/index.js';
import type { StoreContext } from './context.js';
import type { ItemKey } from './keys.js';
import { keyText } from './keys.js';
import { toDataAccessError } from './map-error.js';
import { chunk, mapWithConcurrency } from './pool.js';
import { attemptsOf, backoffDelay, isTransientError } from './retry.js';
import { send } from './send.js';

export const BATCH_GET_LIMIT = 100;

export type StoredItem = Record<string, unknown>;

/** Reads the items of `keys`; missing items are simply absent from the result (order not kept). */
export async function batchGet(context: StoreContext, keys: readonly ItemKey[], options: { consistent?: boolean } = {}): Promise<StoredItem[]> {
  const unique = new Map(keys.map((key) => [keyText(key), key]));
  const parts = await mapWithConcurrency(chunk([...unique.values()], BATCH_GET_LIMIT), context.concurrency, (part) =>
    readChunk(context, part, options.consistent === true),
  );
  return parts.flat();
}

/**
 * The items stored now under `keys`, by keyText, read consistently: how a batch write whose
 * responses were lost learns what landed after all. Undefined when the read fails too (then
 * nothing can be told, and every failure stands).
 */
export async function storedByKey(context: StoreContext, keys: readonly ItemKey[]): Promise<Map<string, StoredItem> | undefined> {
  try {
    const items = await batchGet(context, keys, { consistent: true });
    return new Map(items.map((item) => [keyText(item), item]));
  } catch {
    return undefined;
  }
}

async function readChunk(context: StoreContext, part: readonly ItemKey[], consistent: boolean): Promise<StoredItem[]> {
  const { retry, tableName } = context;
  const found: StoredItem[] = [];
  let pending: readonly ItemKey[] = part;
  let lastError: unknown;
  // Attempts in a row without progress (the SDK's own attempts counted): what the budget bounds.
  let used = 0;
  let calls = 0;
  for (let attempt = 0; used < retry.maxAttempts && pending.length > 0; attempt += 1) {
    if (attempt > 0) {
      await retry.sleep(backoffDelay(attempt - 1, retry));
      retry.onRetry?.();
    }
    calls += 1;
    try {
      const output = await send<{ Responses?: Record<string, StoredItem[]>; UnprocessedKeys?: Record<string, { Keys?: unknown[] }> }>(context, new BatchGetCommand({ RequestItems: { [tableName]: { Keys: pending.map((key) => ({ ...key })), ...(consistent ? { ConsistentRead: true } : {}) } } }));
      found.push(...(output.Responses?.[tableName] ?? []));
      const before = pending.length;
      pending = (output.UnprocessedKeys?.[tableName]?.Keys ?? []) as ItemKey[];
      // A call that read something made progress: only attempts without progress spend the budget.
      used = pending.length < before ? 0 : used + 1;
      lastError = undefined;
    } catch (error) {
      used += attemptsOf(error);
      lastError = error;
      if (!isTransientError(error)) break;
    }
  }
  if (pending.length === 0) return found;
  if (lastError !== undefined) throw toDataAccessError(lastError, 'BatchGetItem');
  throw new DataAccessError('DATASTORE', `BatchGetItem left ${pending.length} key(s) unread after ${calls} attempts (${used} in a row without progress)`);
}
