/**
 * Deep equality of unmarshalled attribute values: strings, numbers, booleans, null, lists,
 * maps, sets (SS/NS/BS, whatever their order) and binaries (bytes or base64 text).
 */

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}

function sameSet(a: ReadonlySet<unknown>, b: ReadonlySet<unknown>): boolean {
  if (a.size !== b.size) return false;
  const rest = [...b];
  for (const member of a) {
    const at = rest.findIndex((other) => sameValue(member, other));
    if (at < 0) return false;
    rest.splice(at, 1);
  }
  return true;
}

/** True when `a` and `b` hold the same value (undefined = absent). */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((item, i) => sameValue(item, b[i]));
  }
  if (a instanceof Set || b instanceof Set) return a instanceof Set && b instanceof Set && sameSet(a, b);
  if (a instanceof Uint8Array || b instanceof Uint8Array) return a instanceof Uint8Array && b instanceof Uint8Array && sameBytes(a, b);
  const aKeys = Object.keys(a);
  const bRecord = b as Record<string, unknown>;
  return aKeys.length === Object.keys(b).length && aKeys.every((key) => Object.hasOwn(bRecord, key) && sameValue((a as Record<string, unknown>)[key], bRecord[key]));
}
