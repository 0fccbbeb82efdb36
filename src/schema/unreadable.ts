/**
 * Input that cannot be read. Reading a caller's value may throw — a getter, a Proxy trap, a
 * revoked Proxy: that is bad input like any other, one ValidationError issue at the path being
 * read, never the caller's own error (its message may hold values; ValidationError keeps no
 * cause). Shared by create inputs and setters (validate-record) and IdempotencyKey.claim().
 */
import { isPlainObject } from './value-checks.js';

/** The issue of a value whose reading throws. */
export const UNREADABLE = 'could not be read';

/** Stands for a value whose reading threw (see {@link readOwn}). */
export const UNREAD: unique symbol = Symbol('unread');

/** Nesting beyond this is left to the value's own checks (DynamoDB stores 32 levels). */
const MAX_DEPTH = 64;

/** The own enumerable keys of a plain object; null when `input` is none; UNREAD when asking throws. */
export function plainObjectKeys(input: unknown): string[] | null | typeof UNREAD {
  try {
    return isPlainObject(input) ? Object.keys(input) : null;
  } catch {
    return UNREAD;
  }
}

/** `input[name]` when it is an own property (undefined when not), or UNREAD when reading it throws. */
export function readOwn(input: object, name: string): unknown {
  try {
    return Object.hasOwn(input, name) ? (input as Record<string, unknown>)[name] : undefined;
  } catch {
    return UNREAD;
  }
}

type Trail = (string | number)[];

function visit(value: unknown, trail: Trail, seen: Set<object>): void {
  if (typeof value !== 'object' || value === null || seen.has(value) || trail.length >= MAX_DEPTH) return;
  seen.add(value);
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i += 1) {
      trail.push(i);
      visit(value[i], trail, seen);
      trail.pop();
    }
    return;
  }
  // The checks ask for the prototype (plain object or not): a Proxy may throw there too.
  Object.getPrototypeOf(value);
  for (const key of Object.keys(value)) {
    // On the trail before the member is read: a getter that throws is reported at its own path.
    trail.push(key);
    visit((value as Record<string, unknown>)[key], trail, seen);
    trail.pop();
  }
}

/**
 * The path inside `value` (relative: `cloudId`, `scopes[2]`, '' for the value itself) of the
 * first part whose reading throws, or undefined when all of it can be read. Run before a
 * structured value's checks, which would otherwise throw the caller's error.
 */
export function unreadablePath(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const trail: Trail = [];
  try {
    visit(value, trail, new Set());
    return undefined;
  } catch {
    return trail.map((step, i) => (typeof step === 'number' ? `[${step}]` : i === 0 ? step : `.${step}`)).join('');
  }
}
