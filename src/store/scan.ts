/** A full, paginated Scan: only for rare maintenance work (key rotation), never on a request path. */
import type { ScanCommandInput, ScanCommandOutput } from '@aws-sdk/lib-dynamodb';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { StoreContext } from './context.js';
import { toDataAccessError } from './map-error.js';
import type { PageKey, StoredItem } from './query.js';
import { withRetry } from './retry.js';
import { send } from './send.js';

/**
 * Calls `visit` with each page of items that `params` selects, one page at a time, and the key the
 * next page starts after (DynamoDB's LastEvaluatedKey; undefined on the last page). With a filter a
 * page may hold no item at all and still move that key on.
 */
export async function scanPages(context: StoreContext, params: Omit<ScanCommandInput, 'TableName'>, visit: (items: StoredItem[], nextStartKey: PageKey | undefined) => Promise<void>): Promise<void> {
  let startKey: PageKey | undefined;
  do {
    const input: ScanCommandInput = Object.assign({}, params, { TableName: context.tableName }, startKey ? { ExclusiveStartKey: startKey } : {});
    let output;
    try {
      output = await withRetry(() => send<ScanCommandOutput>(context, new ScanCommand(input)), context.retry);
    } catch (error) {
      throw toDataAccessError(error, 'Scan');
    }
    startKey = output.LastEvaluatedKey;
    await visit(output.Items ?? [], startKey);
  } while (startKey);
}
