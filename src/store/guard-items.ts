/**
 * Guard items: one item per claimed unique value, `pk = $unique#<entity>#<constraint>#<values>`,
 * written and removed in the same transaction as their owner. `ownerId` lets a later write tell
 * "held by me" (free to release) from "held by someone else" (never touch).
 */
import { createHash } from 'node:crypto';
import type { TransactAction } from './transact-write.js';

export const GUARD_SORT_KEY = '$unique';
const MAX_KEY_LENGTH = 1024;

export interface GuardKey {
  readonly pk: string;
  readonly sk: string;
}

/**
 * URI-encoding keeps `#` out of values; a string that is not well-formed UTF-16 (a lone
 * surrogate, which encodeURIComponent refuses) is hex-encoded behind a `$`, which URI encoding
 * never produces, so the two forms cannot collide.
 */
function encodeValue(value: unknown): string {
  const text = String(value);
  try {
    return encodeURIComponent(text);
  } catch {
    return `$${Buffer.from(text, 'utf16le').toString('hex')}`;
  }
}

/** The guard's key. Values are URI-encoded so `#` inside a value cannot forge another key. */
export function guardKey(entity: string, constraint: string, values: readonly unknown[]): GuardKey {
  const encoded = values.map(encodeValue).join('#');
  let pk = `$unique#${entity}#${constraint}#${encoded}`;
  if (pk.length > MAX_KEY_LENGTH) {
    pk = `$unique#${entity}#${constraint}#sha256:${createHash('sha256').update(encoded).digest('base64url')}`;
  }
  return { pk, sk: GUARD_SORT_KEY };
}

/** Claims the guard for `ownerId`; fails (ConditionalCheckFailed, with the holder) if taken. */
export function putGuard(tableName: string, key: GuardKey, ownerId: string, constraint: string, entity: string): TransactAction {
  return {
    Put: {
      TableName: tableName,
      Item: { ...key, ownerId, constraint, entity },
      ConditionExpression: 'attribute_not_exists(pk)',
      ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
    },
  };
}

/** Releases the guard if `ownerId` holds it (or it is already gone); never frees another owner's. */
export function deleteGuard(tableName: string, key: GuardKey, ownerId: string): TransactAction {
  return {
    Delete: {
      TableName: tableName,
      Key: { ...key },
      ConditionExpression: 'attribute_not_exists(pk) OR ownerId = :owner',
      ExpressionAttributeValues: { ':owner': ownerId },
      ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
    },
  };
}
