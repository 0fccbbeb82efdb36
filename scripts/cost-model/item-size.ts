/**
 * DynamoDB's item size, by AWS's published rules (approximated for numbers): attribute names and
 * values in UTF-8 bytes, numbers about one byte per two significant digits plus one, 1 byte for
 * booleans and nulls, 3 bytes of overhead per list or map plus 1 byte per element. What write
 * units (1 KB) and read units (4 KB) are counted from.
 */

export function valueSize(value: unknown): number {
  if (value === null || value === undefined || typeof value === 'boolean') return 1;
  if (typeof value === 'string') return Buffer.byteLength(value, 'utf8');
  if (typeof value === 'number' || typeof value === 'bigint') return Math.ceil(String(value).replace(/[-.]|e.*$/gi, '').replace(/^0+/, '').length / 2) + 1;
  if (value instanceof Uint8Array) return value.byteLength;
  if (value instanceof Set) return [...(value as Set<unknown>)].reduce<number>((sum, entry) => sum + valueSize(entry), 0);
  if (Array.isArray(value)) return 3 + value.reduce<number>((sum, entry) => sum + 1 + valueSize(entry), 0);
  if (typeof value === 'object') return 3 + itemSize(value as Record<string, unknown>);
  return 0;
}

/** Bytes of an item (its attribute names and values). */
export function itemSize(item: Readonly<Record<string, unknown>>): number {
  let size = 0;
  for (const [name, value] of Object.entries(item)) {
    if (value === undefined) continue;
    size += Buffer.byteLength(name, 'utf8') + valueSize(value);
  }
  return size;
}

/** The GSIs (gsi1 … gsiN of the library's table) an item has a row in: both key attributes present. */
export function indexesOf(item: Readonly<Record<string, unknown>>, gsiCount: number): number {
  let count = 0;
  for (let n = 1; n <= gsiCount; n += 1) if (item[`gsi${n}pk`] !== undefined && item[`gsi${n}sk`] !== undefined) count += 1;
  return count;
}
