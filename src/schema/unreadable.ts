/**
 * Input that cannot be read. Reading a caller's value may throw — a getter, a Proxy trap, a
 * revoked Proxy: that is bad input like any other, one ValidationError issue at the path being
 * read, never the caller's own error (its message may hold values; ValidationError keeps no
 * cause). Shared by create inputs and setters (validate-record), IdempotencyKey.claim() and every
 * entity method that takes an object or an array from its caller.
 *
 * One approach throughout: a caller's object or array is read here, once — its keys, then each
 * field (readFields, readOwn) or element (arrayItems) — and the checks and the write work on what
 * was read, never on the caller's value again (a getter may answer differently, or throw, the
 * second time). A predicate such as isPlainObject asks the value itself and throws where asking
 * throws: it is for values already read, not for the caller's.
 */
import type { ValidationIssue } from '../errors/index.js';
import { isPlainObject } from './value-checks.js';

/** The issue of a value whose reading throws. */
export const UNREADABLE = 'could not be read';

/**
 * Stands for a value whose reading threw (see {@link readOwn}). A copy that holds it for a field
 * is reported like the caller's object would be: buildRecordForCreate and prepareKeys give that
 * field's one issue, {@link UNREADABLE}; the readers below take it as a value that cannot be
 * read (so a nested value is read the same way, field by field).
 */
export const UNREAD: unique symbol = Symbol('unread');

/** Nesting beyond this is left to the value's own checks (DynamoDB stores 32 levels). */
const MAX_DEPTH = 64;

/** Own enumerable keys of `input` when it is a plain object (or, not `plainOnly`, any object but an array). */
function keysOf(input: unknown, plainOnly: boolean): string[] | null | typeof UNREAD {
  if (input === UNREAD) return UNREAD;
  try {
    const fits = plainOnly ? isPlainObject(input) : typeof input === 'object' && input !== null && !Array.isArray(input);
    return fits ? Object.keys(input as object) : null;
  } catch {
    return UNREAD;
  }
}

/** The own enumerable keys of a plain object; null when `input` is none; UNREAD when asking throws. */
export function plainObjectKeys(input: unknown): string[] | null | typeof UNREAD {
  return keysOf(input, true);
}

/** `input[name]` when it is an own property (undefined when not), or UNREAD when reading it throws. */
export function readOwn(input: object, name: string): unknown {
  try {
    return Object.hasOwn(input, name) ? (input as Record<string, unknown>)[name] : undefined;
  } catch {
    return UNREAD;
  }
}

/** What {@link readFields} read of a caller's object. */
export interface FieldsRead<K extends string> {
  /**
   * Each field's value, read once (own properties only): undefined when absent, UNREAD when its
   * reading threw. A null-prototype object holding every field name.
   */
  readonly values: Readonly<Record<K, unknown>>;
  /** The object's other own enumerable keys, in order (their values are not read). */
  readonly others: readonly string[];
}

/**
 * The fields `names` of a caller's object, each read once, and its other keys. null when `input`
 * is no plain object (with `plainOnly: false`: no object, or an array); UNREAD when its keys
 * cannot be asked for (a revoked Proxy, a trap that throws).
 */
export function readFields<K extends string>(input: unknown, names: readonly K[], options: { plainOnly?: boolean } = {}): FieldsRead<K> | null | typeof UNREAD {
  const keys = keysOf(input, options.plainOnly ?? true);
  if (keys === null || keys === UNREAD) return keys;
  const values = Object.create(null) as Record<K, unknown>;
  for (const name of names) values[name] = readOwn(input as object, name);
  const known: ReadonlySet<string> = new Set(names);
  return { values, others: keys.filter((key) => !known.has(key)) };
}

/**
 * A copy of a caller's object: each own enumerable field read once, UNREAD for one whose reading
 * threw. null / UNREAD as for readFields. The copy has no prototype, so an own `__proto__` key of
 * the input stays a key of the copy (and is reported as one) instead of replacing its prototype.
 */
export function readAll(input: unknown, options: { plainOnly?: boolean } = {}): Record<string, unknown> | null | typeof UNREAD {
  const keys = keysOf(input, options.plainOnly ?? true);
  if (keys === null || keys === UNREAD) return keys;
  const copy = Object.create(null) as Record<string, unknown>;
  for (const key of keys) copy[key] = readOwn(input as object, key);
  return copy;
}

/**
 * The elements of a caller's array, each read once: a copy that keeps its holes as holes (see
 * holeIssue) and holds UNREAD for an element whose reading threw. null when `input` is no array;
 * UNREAD when asking whether it is one, or its length, throws (a revoked Proxy, a trap).
 */
export function arrayItems(input: unknown): unknown[] | null | typeof UNREAD {
  if (input === UNREAD) return UNREAD;
  let length: number;
  try {
    if (!Array.isArray(input)) return null;
    length = (input as readonly unknown[]).length;
  } catch {
    return UNREAD;
  }
  const items = new Array<unknown>(length);
  for (let i = 0; i < length; i += 1) {
    try {
      if (Object.hasOwn(input as readonly unknown[], i)) items[i] = (input as readonly unknown[])[i];
    } catch {
      items[i] = UNREAD;
    }
  }
  return items;
}

/**
 * The issue at `path` of one value read by readFields / readOwn / arrayItems: UNREADABLE when it
 * could not be read, else what `problem` says of it (undefined: it is fine).
 */
export function issuesAt(path: string, value: unknown, problem: (value: unknown) => string | undefined): ValidationIssue[] {
  const message = value === UNREAD ? UNREADABLE : problem(value);
  return message === undefined ? [] : [{ path, message }];
}

type Trail = (string | number)[];

/**
 * The library's own copy of a structured value (a JSON attribute: metadata, progress, watermarks)
 * or, when a part of it cannot be read, the path inside it of that part (relative: `cloudId`,
 * `scopes[2]`, '' for the value itself); a getter that throws is reported at its own path.
 * Checked and stored is the copy, never the caller's object: a caller who changes its object after
 * the setter or create accepted it (before the write, or while createMany's later chunks wait)
 * must not change what is written. Arrays and plain objects are copied member by member (holes
 * stay holes, cycles stay cycles so that the checks still refuse them); any other object is kept
 * as it is, for the checks to refuse.
 */
export function readStructured(value: unknown): { readonly copy: unknown } | { readonly unreadable: string } {
  if (typeof value !== 'object' || value === null) return { copy: value };
  const trail: Trail = [];
  try {
    return { copy: copyPart(value, trail, new Map()) };
  } catch {
    return { unreadable: trail.map((step, i) => (typeof step === 'number' ? `[${step}]` : i === 0 ? step : `.${step}`)).join('') };
  }
}

/** `inner` (a path relative to a value, as readStructured reports it) under the value's `name`. */
export function joinPath(name: string, inner: string): string {
  if (!inner) return name;
  return inner.startsWith('[') ? `${name}${inner}` : `${name}.${inner}`;
}

/**
 * {@link readStructured} for a value named `name` (an attribute, `metadata`): the copy, or the
 * issue naming the part that cannot be read (`metadata.owner`, not `metadata`).
 */
export function structuredCopy(name: string, value: unknown): { readonly copy: unknown } | { readonly issue: ValidationIssue } {
  const read = readStructured(value);
  return 'unreadable' in read ? { issue: { path: joinPath(name, read.unreadable), message: UNREADABLE } } : read;
}

function copyPart(value: unknown, trail: Trail, copies: Map<object, unknown>): unknown {
  if (typeof value !== 'object' || value === null) return value;
  const known = copies.get(value);
  if (known !== undefined || trail.length >= MAX_DEPTH) return known ?? value;
  if (Array.isArray(value)) {
    const copy: unknown[] = new Array(value.length);
    copies.set(value, copy);
    for (let i = 0; i < value.length; i += 1) {
      trail.push(i);
      if (Object.hasOwn(value, i)) copy[i] = copyPart(value[i], trail, copies);
      trail.pop();
    }
    return copy;
  }
  // The checks ask for the prototype (plain object or not): a Proxy may throw there too.
  const prototype: unknown = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) return value;
  const copy: Record<string, unknown> = prototype === null ? Object.create(null) as Record<string, unknown> : {};
  copies.set(value, copy);
  for (const key of Object.keys(value)) {
    // On the trail before the member is read: a getter that throws is reported at its own path.
    trail.push(key);
    // defineProperty: a key named __proto__ stays an own member of the copy, as it was of the value.
    Object.defineProperty(copy, key, { value: copyPart((value as Record<string, unknown>)[key], trail, copies), enumerable: true, writable: true, configurable: true });
    trail.pop();
  }
  return copy;
}

