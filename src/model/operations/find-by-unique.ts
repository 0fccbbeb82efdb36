/**
 * Looks an item up by the values of one of its unique constraints: the guard item names its
 * owner (or, for an identity constraint, the id is derived from the values). Two reads, no
 * query; the owner is returned only if it still holds the constraint.
 */
import { SchemaBuilderError, ValidationError } from '../../errors/index.js';
import type { ValidationIssue } from '../../errors/index.js';
import { checkAttributeValue, identityOf } from '../../schema/index.js';
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

export async function findByUnique(binding: EntityBinding, name: string, values: StoredRecord): Promise<StoredRecord | undefined> {
  const { schema } = binding;
  const unique = schema.uniques.find((u) => u.name === name);
  if (!unique) throw new SchemaBuilderError(schema.entityName, `has no unique constraint '${name}'`);
  const issues: ValidationIssue[] = [];
  for (const attribute of unique.attributes) {
    const spec = schema.attributes[attribute];
    const value = values[attribute];
    if (value === undefined || value === null || !spec) issues.push({ path: attribute, message: 'is required' });
    else issues.push(...checkAttributeValue(attribute, spec, value));
  }
  if (issues.length > 0) throw new ValidationError(issues, schema.entityName);

  if (unique.identity) return getById(binding, identityOf(schema, values));
  const guard = await getItem(binding, guardKeyOf(schema, unique, values));
  if (typeof guard?.ownerId !== 'string') return undefined;
  const owner = await getById(binding, guard.ownerId);
  const stillHolds = owner && holdsGuard(unique, owner) && unique.attributes.every((attribute) => owner[attribute] === values[attribute]);
  return stillHolds ? owner : undefined;
}
