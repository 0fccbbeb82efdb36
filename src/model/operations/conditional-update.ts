/**
 * One conditional UpdateItem with retries. The update carries a write token (`__w`): when a
 * retry after a lost response fails its condition, the stored token tells "my own earlier
 * attempt landed" (success) from "someone else changed it" (ConcurrentModificationError).
 */
import type { UpdateCommandInput } from '@aws-sdk/lib-dynamodb';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ConcurrentModificationError, NotFoundError } from '../../errors/index.js';
import { toDataAccessError } from '../../store/map-error.js';
import { withRetry } from '../../store/retry.js';
import type { EntityBinding } from '../binding.js';
import { WRITE_TOKEN_ATTRIBUTE } from '../electro-adapter.js';

/** A string attribute of an item that may or may not have been unmarshalled. */
function storedString(value: unknown): unknown {
  return typeof value === 'object' && value !== null && 'S' in value ? value.S : value;
}

export async function conditionalUpdate(binding: EntityBinding, id: string, update: UpdateCommandInput, writeToken: string): Promise<void> {
  const { context, schema } = binding;
  try {
    await withRetry(() => context.doc.send(new UpdateCommand({ ...update, ReturnValuesOnConditionCheckFailure: 'ALL_OLD' })), context.retry);
  } catch (error) {
    if ((error as { name?: unknown }).name !== 'ConditionalCheckFailedException') throw toDataAccessError(error, 'UpdateItem');
    const current = (error as { Item?: Record<string, unknown> }).Item;
    if (current && storedString(current[WRITE_TOKEN_ATTRIBUTE]) === writeToken) return;
    throw current ? new ConcurrentModificationError(schema.entityName, id) : new NotFoundError(schema.entityName, id);
  }
}
