/**
 * Attributes the library keeps on items for itself, beside the schema's attributes. They never
 * reach models, `toJSON()` or change events (their names start with `__`).
 */

/** The token of the last write (see WritePlan.token): lets a retry recognise its own earlier write. */
export const WRITE_TOKEN_ATTRIBUTE = '__w';

/**
 * A copy of `item` carrying the write token `token`. Copied by Object.assign and then set: V8
 * clones a literal's leading spread fast, but `{ ...item, [name]: value }` takes its slow path
 * (~2 µs for an item of 17 attributes on Node 20, against ~0.4 µs), and every write makes one.
 */
export function withWriteToken(item: Readonly<Record<string, unknown>>, token: string): Record<string, unknown> {
  const copy: Record<string, unknown> = Object.assign({}, item);
  copy[WRITE_TOKEN_ATTRIBUTE] = token;
  return copy;
}

/**
 * Set by `remove()` before it clears the record's dependents: a fenced record takes no new
 * dependents and no further updates, so what the removal read of it stays true until it is gone.
 */
export const FENCE_ATTRIBUTE = '__fence';

/** True for a name the library keeps for itself (`__w`, `__fence`, ElectroDB's `__edb_e__`, …). */
export function isStorageAttribute(name: string): boolean {
  return name.startsWith('__');
}

/** The attribute DynamoDB TTL watches (epoch seconds), shared by every entity of the table. */
export const TTL_ATTRIBUTE = 'ttl';
