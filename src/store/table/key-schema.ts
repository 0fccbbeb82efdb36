/**
 * Key schemas and projections as comparable text: `pk (S)` for a key attribute with its type,
 * `ALL` / `INCLUDE a, b` for a projection. The table planner compares the library's definition
 * with what DescribeTable reports through these, and names the difference in its errors
 * (attribute names and types only: a key schema holds no item values).
 */
import type { AttributeDefinition, KeySchemaElement, Projection } from '@aws-sdk/client-dynamodb';

/** A name the SDK types as optional (table, index, attribute names), '' when absent. */
export function nameOf(name: string | undefined): string {
  return name ?? '';
}

/** Attribute name → type (`S`, `N`, `B`) from a list of attribute definitions. */
export type AttributeTypes = ReadonlyMap<string, string>;

export function attributeTypesOf(definitions: readonly AttributeDefinition[] | undefined): AttributeTypes {
  return new Map((definitions ?? []).map((definition) => [nameOf(definition.AttributeName), definition.AttributeType ?? '?']));
}

/** `pk (S)`, or `none` when the key has no element of that type. */
function keyText(keys: readonly KeySchemaElement[] | undefined, keyType: 'HASH' | 'RANGE', types: AttributeTypes): string {
  const name = keys?.find((key) => key.KeyType === keyType)?.AttributeName;
  return name === undefined ? 'none' : `${name} (${types.get(name) ?? '?'})`;
}

/**
 * What differs between two key schemas, one line per key: `partition key: expected pk (S),
 * found pk (N)`. Empty when they are the same.
 */
export function keyDifferences(
  expected: { keys: readonly KeySchemaElement[] | undefined; types: AttributeTypes },
  actual: { keys: readonly KeySchemaElement[] | undefined; types: AttributeTypes },
): string[] {
  const differences: string[] = [];
  for (const [keyType, label] of [
    ['HASH', 'partition key'],
    ['RANGE', 'sort key'],
  ] as const) {
    const wanted = keyText(expected.keys, keyType, expected.types);
    const found = keyText(actual.keys, keyType, actual.types);
    if (wanted !== found) differences.push(`${label}: expected ${wanted}, found ${found}`);
  }
  return differences;
}

/** `ALL`, `KEYS_ONLY`, `INCLUDE a, b` (non-key attributes sorted: their order means nothing). */
export function projectionText(projection: Projection | undefined): string {
  const type = projection?.ProjectionType ?? 'none';
  const extra = [...(projection?.NonKeyAttributes ?? [])].sort();
  return extra.length === 0 ? type : `${type} ${extra.join(', ')}`;
}

/** The attribute names a key schema uses. */
export function keyAttributesOf(keys: readonly KeySchemaElement[] | undefined): string[] {
  return (keys ?? []).map((key) => nameOf(key.AttributeName));
}

/** The definitions of the attributes named in `names` (what an UpdateTable adding one GSI must carry). */
export function attributeDefinitionsFor(definitions: readonly AttributeDefinition[] | undefined, names: readonly string[]): AttributeDefinition[] {
  return (definitions ?? []).filter((definition) => names.includes(nameOf(definition.AttributeName)));
}
