/**
 * Defensive reads of caller-supplied values. Classification must never throw on junk, so every
 * property read goes through here: a getter or Proxy trap that throws reads as "absent".
 */

/** Whether `value` can carry properties (objects and functions, not null). */
export function isObjectLike(value: unknown): value is object {
  return (typeof value === 'object' && value !== null) || typeof value === 'function';
}

/** `target[key]`, or `undefined` when target is not an object or the read throws. */
export function readProperty(target: unknown, key: PropertyKey): unknown {
  if (!isObjectLike(target)) return undefined;
  try {
    return (target as Record<PropertyKey, unknown>)[key];
  } catch {
    return undefined;
  }
}

/** `target[key]` when it is a string, cut to `maxLength` characters; otherwise `undefined`. */
export function readString(target: unknown, key: string, maxLength = 512): string | undefined {
  const value = readProperty(target, key);
  return typeof value === 'string' ? value.slice(0, maxLength) : undefined;
}

/** `Array.isArray`, which cannot throw... except on a revoked Proxy. */
export function isArray(value: unknown): value is readonly unknown[] {
  try {
    return Array.isArray(value);
  } catch {
    return false;
  }
}

/**
 * Up to `limit` own enumerable string keys of `target`, without building the whole key list of
 * a huge object. Stops (keeping what it has) if the object throws while being enumerated.
 */
export function someOwnKeys(target: object, limit: number): string[] {
  const keys: string[] = [];
  try {
    for (const key in target) {
      if (keys.length >= limit) break;
      if (Object.hasOwn(target, key)) keys.push(key);
    }
  } catch {
    // A Proxy with throwing traps: the keys read so far are all we get.
  }
  return keys;
}
