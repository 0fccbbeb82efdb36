/**
 * Opaque page cursors: base64url JSON of DynamoDB's LastEvaluatedKey, checked on the way back in.
 * Only the form is checked here (key names, non-empty well-formed values); whether
 * a cursor belongs to the query it is handed to is the query's check (see `query-index.ts`).
 */
import { ValidationError } from '../errors/index.js';
import { isWellFormedText } from '../schema/value-checks.js';
import type { PageKey } from './query.js';

/** The table's key attributes: `pk`, `sk`, `gsiNpk`, `gsiNsk`. */
const KEY_NAME = /^(pk|sk|gsi\d{1,2}(pk|sk))$/;

/**
 * A key part DynamoDB would take: a non-empty, well-formed string (an empty key value or a lone
 * surrogate would come back from DynamoDB as a ValidationException, a DATASTORE error).
 */
function isKeyPart([name, value]: [string, unknown]): boolean {
  return KEY_NAME.test(name) && typeof value === 'string' && value.length > 0 && isWellFormedText(value);
}

export function encodeCursor(key: PageKey | undefined): string | null {
  return key ? Buffer.from(JSON.stringify(key), 'utf8').toString('base64url') : null;
}

/** Decodes a cursor made by {@link encodeCursor}; anything else is a ValidationError. */
export function decodeCursor(cursor: string | null | undefined): PageKey | undefined {
  if (cursor === null || cursor === undefined) return undefined;
  const invalid = new ValidationError([{ path: 'cursor', message: 'is not a cursor returned by page()' }]);
  if (typeof cursor !== 'string' || cursor.length === 0 || cursor.length > 4096) throw invalid;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalid;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw invalid;
  const entries = Object.entries(parsed as Record<string, unknown>);
  if (entries.length === 0 || !entries.every(isKeyPart)) throw invalid;
  return parsed as PageKey;
}
