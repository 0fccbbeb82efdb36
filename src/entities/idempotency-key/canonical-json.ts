/**
 * The request hash of an idempotency key: SHA-256 of the request's canonical JSON (object keys
 * sorted at every level), so the same request gives the same hash whatever its key order. Only
 * the hash is stored, never the request. A response is checked by the same walk without
 * building any text: it is stored as it is, so only its validity and size matter.
 */
import type { ValidationIssue } from '../../errors/index.js';
import { hexDigest } from '../../schema/digest.js';
import { UNREADABLE } from '../../schema/index.js';

const MAX_DEPTH = 64;

/** Where the walk is: the keys and indexes from the root (a path is only spelled out for an issue). */
type Trail = (string | number)[];

function pathOf(root: string, trail: Trail): string {
  let path = root;
  for (const step of trail) path += typeof step === 'number' ? `[${step}]` : `.${step}`;
  return path;
}

/**
 * Walks `value` as a JSON value, appending its canonical text to `out` when given. Returns why
 * it is none, with `trail` left where the walk stopped; undefined when it is one.
 */
function walk(value: unknown, out: string[] | undefined, trail: Trail, seen: Set<object>): string | undefined {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      out?.push(JSON.stringify(value));
      return undefined;
    case 'number':
      if (!Number.isFinite(value)) return 'must be a finite number';
      out?.push(JSON.stringify(value));
      return undefined;
    case 'object':
      break;
    default:
      return `cannot be hashed as JSON (a ${typeof value})`;
  }
  if (value === null) {
    out?.push('null');
    return undefined;
  }
  if (trail.length >= MAX_DEPTH) return `nests deeper than ${MAX_DEPTH} levels`;
  if (seen.has(value)) return 'refers to itself';
  if (Array.isArray(value)) {
    seen.add(value);
    out?.push('[');
    for (let i = 0; i < value.length; i += 1) {
      if (i > 0) out?.push(',');
      trail.push(i);
      const issue = walk(Object.hasOwn(value, i) ? value[i] : null, out, trail, seen);
      if (issue !== undefined) return issue;
      trail.pop();
    }
    out?.push(']');
    seen.delete(value);
    return undefined;
  }
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return 'must be a plain object, an array or a JSON scalar';
  seen.add(value);
  const keys = Object.keys(value);
  // Only the text needs the keys in order: a check alone takes them as they come.
  if (out) keys.sort();
  out?.push('{');
  let first = true;
  for (const key of keys) {
    // On the trail before the member is read: a getter that throws is reported at its own path.
    trail.push(key);
    const member = (value as Record<string, unknown>)[key];
    if (member === undefined) {
      trail.pop();
      continue;
    }
    if (out) {
      out.push(first ? `${JSON.stringify(key)}:` : `,${JSON.stringify(key)}:`);
      first = false;
    }
    const issue = walk(member, out, trail, seen);
    if (issue !== undefined) return issue;
    trail.pop();
  }
  out?.push('}');
  seen.delete(value);
  return undefined;
}

function issuesAt(root: string, trail: Trail, message: string): ValidationIssue[] {
  return [{ path: pathOf(root, trail), message }];
}

/**
 * walk() over the caller's value. A value whose reading throws (a getter, a Proxy trap, a revoked
 * Proxy) is no JSON value either, reported at the path being read, as parseStreamRecord reports a
 * record it cannot read: the caller's own error is not passed on, its message may hold values.
 */
function walkReadable(value: unknown, out: string[] | undefined, trail: Trail): string | undefined {
  try {
    return walk(value, out, trail, new Set());
  } catch {
    return UNREADABLE;
  }
}

/** The canonical JSON of `value`, or the issue that makes it no JSON value (path-named, value-free). */
export function canonicalJson(value: unknown, root = 'request'): { json: string } | { issues: ValidationIssue[] } {
  const out: string[] = [];
  const trail: Trail = [];
  const issue = walkReadable(value, out, trail);
  return issue === undefined ? { json: out.join('') } : { issues: issuesAt(root, trail, issue) };
}

/** Why `value` is no JSON value (its first issue, path-named from `root`), or nothing. */
export function jsonValueIssues(value: unknown, root: string): ValidationIssue[] {
  const trail: Trail = [];
  const issue = walkReadable(value, undefined, trail);
  return issue === undefined ? [] : issuesAt(root, trail, issue);
}

/** SHA-256 (hex) of canonical JSON. */
export function requestHashOf(json: string): string {
  return hexDigest('sha256', json);
}
