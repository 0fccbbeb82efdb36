/**
 * Looks an item up by the values of one of its unique constraints: the guard item names its
 * owner (or, for an identity constraint, the id is derived from the values). Two reads, no
 * query; the owner is returned only if it still holds the constraint.
 */
import { SchemaBuilderError } from '../../errors/index.js';
import { identityOf, prepareKeys } from '../../schema/index.js';
import { getItem as getStoredItem } from '../../store/get-item.js';
import type { ItemKey } from '../../store/keys.js';
import type { EntityBinding } from '../binding.js';
import { guardKeyOf, holdsGuard } from './guards.js';

type StoredRecord = Record<string, unknown>;

export function getItem(binding: EntityBinding, key: ItemKey, options: { consistent?: boolean } = {}): Promise<StoredRecord | undefined> {
  return getStoredItem(binding.context, key, options);
}

/** The stored item of `id`, if it is an item of this entity. */
export async function getById(binding: EntityBinding, id: string, options: { consistent?: boolean } = {}): Promise<StoredRecord | undefined> {
  const item = await getItem(binding, binding.adapter.key(id), options);
  return binding.adapter.owns(item) ? item : undefined;
}

export async function findByUnique(binding: EntityBinding, name: string, values: StoredRecord, options: { consistent?: boolean } = {}): Promise<StoredRecord | undefined> {
  const { schema } = binding;
  const unique = schema.uniques.find((u) => u.name === name);
  if (!unique) throw new SchemaBuilderError(schema.entityName, `has no unique constraint '${name}'`);
  // The values as stored (canonical UUIDs): the guard key, the derived id and the owner check use them.
  const keys = prepareKeys(schema, unique.attributes, values);

  if (unique.identity) return getById(binding, identityOf(schema, keys), options);
  const guard = await getItem(binding, guardKeyOf(schema, unique, keys), options);
  if (typeof guard?.ownerId !== 'string') return undefined;
  const owner = await getById(binding, guard.ownerId, options);
  const stillHolds = owner && holdsGuard(unique, owner) && unique.attributes.every((attribute) => owner[attribute] === keys[attribute]);
  return stillHolds ? owner : undefined;
}
