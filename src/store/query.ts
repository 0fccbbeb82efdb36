/** Query pagination: every page (no silent 1 MB truncation), or one page behind a cursor. */
import type { QueryCommandInput, QueryCommandOutput } from '@aws-sdk/lib-dynamodb';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { StoreContext } from './context.js';
import { toDataAccessError } from './map-error.js';
import { withRetry } from './retry.js';
import { send } from './send.js';

export type StoredItem = Record<string, unknown>;
export type PageKey = Record<string, unknown>;

/** One Query request with retries on transient errors. */
export async function queryPage(
  context: StoreContext,
  params: QueryCommandInput,
): Promise<{ items: StoredItem[]; lastKey: PageKey | undefined }> {
  try {
    const output = await withRetry(() => send<QueryCommandOutput>(context, new QueryCommand(params)), context.retry);
    return { items: output.Items ?? [], lastKey: output.LastEvaluatedKey };
  } catch (error) {
    throw toDataAccessError(error, 'Query');
  }
}

/**
 * Follows `LastEvaluatedKey` until the query is exhausted or `accept`ed items reach `limit`.
 * `accept` filters client-side (entity identity, exact key match) without losing pages.
 */
export async function queryAll(
  context: StoreContext,
  params: QueryCommandInput,
  accept: (item: StoredItem) => boolean,
  limit = Number.POSITIVE_INFINITY,
): Promise<StoredItem[]> {
  const result: StoredItem[] = [];
  let startKey: PageKey | undefined;
  do {
    const page = await queryPage(context, startKey ? Object.assign({}, params, { ExclusiveStartKey: startKey }) : params);
    for (const item of page.items) {
      if (accept(item)) {
        result.push(item);
        if (result.length >= limit) return result;
      }
    }
    startKey = page.lastKey;
  } while (startKey);
  return result;
}
