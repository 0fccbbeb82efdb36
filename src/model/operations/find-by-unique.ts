/**
 * Looks an item up by the values of one of its unique constraints: the guard item names its
 * owner (or, for an identity constraint, the id is derived from the values). Two reads, no
 * query; the owner is returned only if it still holds the constraint.
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { SchemaBuilderError } from '../../errors/index.js';
import { identityOf, prepareKeys } from '../../schema/index.js';
import { toDataAccessError } from '../../store/map-error.js';
import { withRetry } from '../../store/retry.js';
import type { EntityBinding } from '../binding.js';
import { guardKeyOf, holdsGuard } from './guards.js';

type StoredRecord = Record<string, unknown>;

export async function getItem(binding: EntityBinding, key: Record<string, unknown>): Promise<StoredRecord | undefined> {
  const { context } = binding;
  try {
    const output = await withRetry(() => context.doc.send(new GetCommand({ TableName: context.tableName, Key: key })), context.retry);
    return output.Item;
  } catch (error) {
    throw toDataAccessError(error, 'GetItem');
  }
}

/** The stored item of `id`, if it is an item of this entity. */
export async function getById(binding: EntityBinding, id: string): Promise<StoredRecord | undefined> {
  const item = await getItem(binding, binding.adapter.key(id));
  return item?.__edb_e__ === binding.schema.storageName ? item : undefined;
}

export async function findByUnique(binding: EntityBinding, name: string, values: StoredRecord): Promise<StoredRecord | undefined> {
  const { schema } = binding;
  const unique = schema.uniques.find((u) => u.name === name);
  if (!unique) throw new SchemaBuilderError(schema.entityName, `has no unique constraint '${name}'`);
  // The values as stored (canonical UUIDs): the guard key, the derived id and the owner check use them.
  const keys = prepareKeys(schema, unique.attributes, values);

  if (unique.identity) return getById(binding, identityOf(schema, keys));
  const guard = await getItem(binding, { ...guardKeyOf(schema, unique, keys) });
  if (typeof guard?.ownerId !== 'string') return undefined;
  const owner = await getById(binding, guard.ownerId);
  const stillHolds = owner && holdsGuard(unique, owner) && unique.attributes.every((attribute) => owner[attribute] === keys[attribute]);
  return stillHolds ? owner : undefined;
}
