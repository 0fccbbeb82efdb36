/**
 * Items DynamoDB hands back inside errors (ReturnValuesOnConditionCheckFailure) are not
 * unmarshalled by the DocumentClient; everything else is. This turns either form into a plain item.
 */
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';

const TYPE_KEYS = new Set(['S', 'N', 'B', 'SS', 'NS', 'BS', 'M', 'L', 'NULL', 'BOOL']);

function isAttributeValue(value: unknown): boolean {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  return keys.length === 1 && TYPE_KEYS.has(keys[0] as string);
}

/** A plain item, whether `item` came marshalled or not; undefined for anything that is not an item. */
export function plainItem(item: unknown): Record<string, unknown> | undefined {
  if (typeof item !== 'object' || item === null || Array.isArray(item)) return undefined;
  const values = Object.values(item);
  if (values.length > 0 && values.every(isAttributeValue)) return unmarshall(item as Record<string, AttributeValue>);
  return item as Record<string, unknown>;
}
