/**
 * BatchGetItem for any number of keys: de-duplicated, chunks of 100, bounded concurrency,
 * unprocessed keys retried with backoff. Keys still unread after the retry budget make the call
 * throw (`DATASTORE`): a read that silently skips items would look like "not found".
 */
import { BatchGetCommand } from '@aws-sdk/lib-dynamodb';
import { DataAccessError } from '../errors/index.js';
import type { StoreContext } from './context.js';
import type { ItemKey } from './keys.js';
import { toDataAccessError } from './map-error.js';
import { chunk, mapWithConcurrency } from './pool.js';
import { backoffDelay, isTransientError } from './retry.js';

export const BATCH_GET_LIMIT = 100;

export type StoredItem = Record<string, unknown>;

/** Reads the items of `keys`; missing items are simply absent from the result (order not kept). */
export async function batchGet(context: StoreContext, keys: readonly ItemKey[], options: { consistent?: boolean } = {}): Promise<StoredItem[]> {
  const unique = new Map(keys.map((key) => [`${key.pk}\u0000${key.sk}`, key]));
  const parts = await mapWithConcurrency(chunk([...unique.values()], BATCH_GET_LIMIT), context.concurrency, (part) =>
    readChunk(context, part, options.consistent === true),
  );
  return parts.flat();
}

async function readChunk(context: StoreContext, part: readonly ItemKey[], consistent: boolean): Promise<StoredItem[]> {
  const { retry, tableName } = context;
  const found: StoredItem[] = [];
  let pending: readonly ItemKey[] = part;
  let lastError: unknown;
  for (let attempt = 0; attempt < retry.maxAttempts && pending.length > 0; attempt += 1) {
    if (attempt > 0) await retry.sleep(backoffDelay(attempt - 1, retry));
    try {
      const output = await context.doc.send(new BatchGetCommand({ RequestItems: { [tableName]: { Keys: pending.map((key) => ({ ...key })), ...(consistent ? { ConsistentRead: true } : {}) } } }));
      found.push(...(output.Responses?.[tableName] ?? []));
      pending = (output.UnprocessedKeys?.[tableName]?.Keys ?? []) as ItemKey[];
      lastError = undefined;
    } catch (error) {
      lastError = error;
      if (!isTransientError(error)) break;
    }
  }
  if (pending.length === 0) return found;
  if (lastError !== undefined) throw toDataAccessError(lastError, 'BatchGetItem');
  throw new DataAccessError('DATASTORE', `BatchGetItem left ${pending.length} key(s) unread after ${retry.maxAttempts} attempts`);
}
