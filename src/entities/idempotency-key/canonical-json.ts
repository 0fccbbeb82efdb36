/**
 * The request hash of an idempotency key: SHA-256 of the request's canonical JSON (object keys
 * sorted at every level), so the same request gives the same hash whatever its key order. Only
 * the hash is stored, never the request.
 */
import { createHash } from 'node:crypto';
import type { ValidationIssue } from '../../errors/index.js';

const MAX_DEPTH = 64;

/** The canonical JSON of `value`, or the issues that make it no JSON value (path-named, value-free). */
export function canonicalJson(value: unknown, path = 'request', depth = 0, seen: Set<object> = new Set()): { json: string } | { issues: ValidationIssue[] } {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return { json: JSON.stringify(value) };
  if (typeof value === 'number') return Number.isFinite(value) ? { json: JSON.stringify(value) } : { issues: [{ path, message: 'must be a finite number' }] };
  if (typeof value !== 'object') return { issues: [{ path, message: `cannot be hashed as JSON (a ${typeof value})` }] };
  if (depth >= MAX_DEPTH) return { issues: [{ path, message: `nests deeper than ${MAX_DEPTH} levels` }] };
  if (seen.has(value)) return { issues: [{ path, message: 'refers to itself' }] };
  seen.add(value);
  try {
    if (Array.isArray(value)) {
      const parts: string[] = [];
      for (let i = 0; i < value.length; i += 1) {
        const part = canonicalJson(Object.hasOwn(value, i) ? value[i] : null, `${path}[${i}]`, depth + 1, seen);
        if ('issues' in part) return part;
        parts.push(part.json);
      }
      return { json: `[${parts.join(',')}]` };
    }
    const proto: unknown = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) return { issues: [{ path, message: 'must be a plain object, an array or a JSON scalar' }] };
    const parts: string[] = [];
    for (const key of Object.keys(value).sort()) {
      const member = (value as Record<string, unknown>)[key];
      if (member === undefined) continue;
      const part = canonicalJson(member, `${path}.${key}`, depth + 1, seen);
      if ('issues' in part) return part;
      parts.push(`${JSON.stringify(key)}:${part.json}`);
    }
    return { json: `{${parts.join(',')}}` };
  } finally {
    seen.delete(value);
  }
}

/** SHA-256 (hex) of canonical JSON. */
export function requestHashOf(json: string): string {
  return createHash('sha256').update(json, 'utf8').digest('hex');
}
