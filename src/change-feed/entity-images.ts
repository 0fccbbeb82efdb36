/**
 * From an item image to an entity's attributes: unmarshall its schema attributes, keep only the
 * visible ones (no keys, markers, tokens, fences, hidden values or ciphertext), check that each
 * value has the kind its schema declares, and compare two records attribute by attribute.
 *
 * Values are passed on as stored: no enum, length or pattern rules are applied, so records written
 * by a newer version of the library (a new status, a longer text, a new attribute) still parse.
 */
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { convertToNative } from '@aws-sdk/util-dynamodb';
import type { AnyAttributeSpec } from '../schema/index.js';
import { isPlainObject } from '../schema/index.js';
import type { AttributeValueMap, IssueList } from './attribute-values.js';
import { checkStoredValue } from './attribute-values.js';
import type { EntityTable } from './entity-tables.js';
import { sameValue } from './same-value.js';

/** An unmarshalled item: attribute name → value. */
export type StoredItem = Record<string, unknown>;

/**
 * The image's schema attributes (hidden ones included) as plain values (`{ N: '3' }` → 3,
 * `{ M: … }` → an object, sets → Set), each checked by {@link checkStoredValue} first: a value
 * that breaks the library's rules is added to `issues` under `path` and left out, and so is a
 * required attribute the image lacks (the id, a parent's id, …). Attributes the
 * schema does not declare are neither read nor checked: storage attributes, and those a newer
 * version added, may hold any value DynamoDB accepts.
 */
export function storedAttributesOf(table: EntityTable, image: AttributeValueMap, path: string, issues: IssueList): StoredItem {
  const item: StoredItem = {};
  for (const name of table.attributeNames) {
    if (!Object.hasOwn(image, name)) continue;
    const value = image[name] as AttributeValue;
    if (checkStoredValue(value, `${path}.${name}`, issues)) item[name] = convertToNative(value);
  }
  for (const name of table.required) if (!Object.hasOwn(image, name)) issues.add(`${path}.${name}`, 'is missing');
  return item;
}

function storedKind(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (value instanceof Set) return 'a set';
  if (value instanceof Uint8Array) return 'binary';
  return typeof value === 'object' ? 'a map' : `a ${typeof value}`;
}

const EXPECTED: Readonly<Record<AnyAttributeSpec['kind'], string>> = {
  string: 'a string',
  number: 'a number',
  boolean: 'a boolean',
  json: 'a map or a list',
};

function hasKind(spec: AnyAttributeSpec, value: unknown): boolean {
  if (value === null) return spec.options.nullable === true;
  if (spec.kind === 'json') return Array.isArray(value) || isPlainObject(value);
  return typeof value === spec.kind;
}

/**
 * The visible schema attributes that `item` holds, in declaration order. A value of the wrong
 * kind (a number where the schema declares a string, null for an attribute that is not nullable)
 * and an empty id are added to `issues` under `path` (values never appear in them).
 */
export function entityAttributes(table: EntityTable, item: StoredItem, path: string, issues: IssueList): StoredItem {
  const attributes: StoredItem = {};
  for (const [name, spec] of table.visible) {
    if (!Object.hasOwn(item, name)) continue;
    const value = item[name];
    if (!hasKind(spec, value)) {
      issues.add(`${path}.${name}`, `must be ${EXPECTED[spec.kind]}${spec.options.nullable ? ' or null' : ''}, not ${storedKind(value)}`);
      continue;
    }
    attributes[name] = value;
  }
  // The id is a visible string attribute: a value of another kind was reported above.
  if (item[table.idAttribute] === '') issues.add(`${path}.${table.idAttribute}`, 'must not be empty');
  return attributes;
}

/** Names of the visible attributes whose values differ between two records, in declaration order. */
export function changedAttributes(table: EntityTable, before: StoredItem, after: StoredItem): string[] {
  return table.visible.filter(([name]) => !sameValue(before[name], after[name])).map(([name]) => name);
}

/** Names of the visible attributes a record holds, in declaration order. */
export function presentAttributes(table: EntityTable, record: StoredItem): string[] {
  return table.visible.filter(([name]) => Object.hasOwn(record, name)).map(([name]) => name);
}

/**
 * True when any schema attribute (hidden ones included) differs between the stored items: a
 * change of storage attributes only (a fence, a write token, a marker) is no entity change.
 */
export function schemaAttributesDiffer(table: EntityTable, before: StoredItem, after: StoredItem): boolean {
  return table.attributeNames.some((name) => !sameValue(before[name], after[name]));
}
