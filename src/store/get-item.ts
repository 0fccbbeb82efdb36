/** GetItem with retries: the one read of a single item (lookups, existence checks, settling lost responses). */
import type { GetCommandInput, GetCommandOutput } from '@aws-sdk/lib-dynamodb';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { StoreContext } from './context.js';
import { ExpressionBuilder } from './expression.js';
import type { ItemKey } from './keys.js';
import { toDataAccessError } from './map-error.js';
import { withRetry } from './retry.js';
import { send } from './send.js';

export interface GetOptions {
  /** Strongly consistent (settling a write, deciding a removal). */
  readonly consistent?: boolean;
  /** Only these attributes. */
  readonly attributes?: readonly string[];
}

/** The item at `key`, or undefined. */
export async function getItem(context: StoreContext, key: ItemKey, options: GetOptions = {}): Promise<Record<string, unknown> | undefined> {
  const builder = new ExpressionBuilder();
  const projection = options.attributes?.map((name) => builder.path(name)).join(', ');
  const input: GetCommandInput = { TableName: context.tableName, Key: { pk: key.pk, sk: key.sk } };
  if (options.consistent) input.ConsistentRead = true;
  if (projection) Object.assign(input, { ProjectionExpression: projection }, builder.attributes());
  try {
    const output = await withRetry(() => send<GetCommandOutput>(context, new GetCommand(input)), context.retry);
    return output.Item;
  } catch (error) {
    throw toDataAccessError(error, 'GetItem');
  }
}
