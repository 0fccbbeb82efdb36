/**
 * Index queries behind allBy…/findBy… and page(): key values are validated like inputs, every
 * page is followed, and results are filtered to this entity with exact key matches (ElectroDB's
 * sort-key prefixes would otherwise let `12` match `123`).
 */
import { ValidationError } from '../../errors/index.js';
import type { AnyAttributeSpec, AnySchema, IndexSpec } from '../../schema/index.js';
import { canonicalValue, gsiNames, prepareKeys, readAll, UNREAD, UNREADABLE } from '../../schema/index.js';
import { ENTITY_MARKER } from '../../schema/system-attributes.js';
import type { OptionCheck } from '../../schema/option-checks.js';
import { readOptions } from '../../schema/option-checks.js';
import { decodeCursor, encodeCursor } from '../../store/cursor.js';
import { queryAll, queryPage } from '../../store/query.js';
import type { QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import type { EntityBinding } from '../binding.js';

type StoredRecord = Record<string, unknown>;

/** Options of the generated `allBy…` finders and of index queries: how many items, in which order. */
export interface QueryOptions {
  /** At most this many items (default: all). */
  readonly limit?: number;
  /** Sort-key order (default ascending). */
  readonly order?: 'asc' | 'desc';
}

/**
 * Options of `page()`: a page size (`limit`, default 100), the order, and the cursor of the
 * previous page. A page may hold fewer items than `limit` even when more follow: keep going until
 * the cursor is null.
 *
 * @example
 * ```ts
 * let cursor: string | null = null;
 * do {
 *   const page = await da.Ticket.page({ organizationId }, { limit: 50, order: 'desc', cursor });
 *   render(page.items);
 *   cursor = page.cursor;
 * } while (cursor !== null);
 * ```
 */
export interface PageOptions extends QueryOptions {
  /** The cursor a previous `page()` call returned for the same index keys; null or absent for the first page. */
  readonly cursor?: string | null;
}

/**
 * The index keys as stored (a UUID in any case becomes its lower-case form): the query and the
 * exact-match filter must use these, or a key written in another case would find nothing.
 */
function checkKeys(schema: AnySchema, facets: StoredRecord): StoredRecord {
  return prepareKeys(schema, Object.keys(facets), facets);
}

/**
 * Checks the options of an index query (`limit`, `order`) the way every generated finder does:
 * ValidationError before any request. Entity collections call it on the options of their own
 * finders before adding defaults, so `'desc'` or `null` given as options is refused there too.
 * Returns the options as read and checked.
 */
export function checkQueryOptions(options: unknown, entityName?: string, kind: 'query' | 'page' = 'query'): PageOptions {
  const { issues, values } = readOptions(options, kind === 'page' ? PAGE_OPTIONS : QUERY_OPTIONS, '');
  if (issues.length > 0) throw new ValidationError(issues.map((issue) => (issue.path === '' ? { ...issue, path: 'options' } : issue)), entityName);
  // The options as checked: what the query goes on with (the caller's object is not read again).
  return values;
}

/**
 * DynamoDB's `Limit` is a 32-bit integer: a larger page size comes back as a datastore error, so
 * it is refused before the request. allBy… shares the bound (one rule for one option).
 */
const MAX_LIMIT = 2_147_483_647;

/** limit / order of every query. */
const QUERY_OPTIONS: Readonly<Record<string, OptionCheck>> = {
  limit: (value) => {
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) return 'must be a positive integer';
    return value > MAX_LIMIT ? `must be at most ${MAX_LIMIT}` : undefined;
  },
  order: (value) => (value === 'asc' || value === 'desc' ? undefined : "must be 'asc' or 'desc'"),
};
/** page() also takes the cursor of the previous page (checked where it is decoded). */
const PAGE_OPTIONS: Readonly<Record<string, OptionCheck>> = { ...QUERY_OPTIONS, cursor: () => undefined };

function matcher(schema: AnySchema, facets: StoredRecord): (item: StoredRecord) => boolean {
  const entries = Object.entries(facets);
  const storageName = schema.storageName;
  return (item) => item[ENTITY_MARKER] === storageName && entries.every(([name, value]) => item[name] === value);
}

/** Every item of `indexName` whose leading keys equal `facets` (or the first `limit`). */
export async function queryIndex(
  binding: EntityBinding,
  indexName: string,
  facets: StoredRecord,
  options: QueryOptions = {},
  before?: StoredRecord,
): Promise<StoredRecord[]> {
  const keys = checkKeys(binding.schema, facets);
  const checked = checkQueryOptions(options, binding.schema.entityName);
  const params = binding.adapter.queryParams(indexName, keys, { order: checked.order, ...(before ? { before: checkKeys(binding.schema, before) } : {}) });
  return queryAll(binding.context, params, matcher(binding.schema, keys), checked.limit);
}

/** The index whose partition keys are all given and whose given sort keys form a prefix. */
export function indexFor(schema: AnySchema, names: readonly string[]): string | undefined {
  const given = new Set(names);
  const fits = ([, index]: [string, IndexSpec]) => {
    if (!index.pk.every((name) => given.has(name))) return false;
    const rest = names.length - index.pk.length;
    return rest >= 0 && rest <= index.sk.length && index.sk.slice(0, rest).every((name) => given.has(name));
  };
  return Object.entries(schema.indexes).find(fits)?.[0];
}

/** DynamoDB's size limit of a sort-key value (UTF-8 bytes); a longer one comes back as a ValidationException. */
const MAX_SORT_KEY_BYTES = 1024;

/**
 * True when `pk`/`sk` are the primary key of an item of this entity: ElectroDB's prefix, then an
 * id that passes the id attribute's check in its canonical (stored) form, and the entity's sort key.
 */
function isPrimaryKeyOfEntity(binding: EntityBinding, pk: string, sk: string): boolean {
  const { schema } = binding;
  const marker = 'x';
  // The key of a marker id shows what surrounds an id, without restating ElectroDB's key format.
  const shape = binding.adapter.key(marker);
  const prefix = String(shape.pk).slice(0, -marker.length);
  if (!pk.startsWith(prefix) || sk !== shape.sk) return false;
  const id = pk.slice(prefix.length);
  const spec = schema.attributes[schema.idAttribute] as AnyAttributeSpec;
  return spec.check(id).length === 0 && canonicalValue(spec, id) === id;
}

/**
 * A cursor must come from this query: exactly the table and index key attributes, the primary key
 * of an item of this entity, the partition this query reads and a sort key inside the range its
 * keys select. Anything else would be refused by DynamoDB as a datastore error — or, worse, read
 * another partition's page.
 */
function checkCursorFits(binding: EntityBinding, startKey: StoredRecord, index: IndexSpec, params: QueryCommandInput): void {
  const { pk, sk } = gsiNames(index.gsi);
  const names = Object.keys(startKey).sort();
  const expected = ['pk', 'sk', pk, sk].sort();
  const values: Record<string, unknown> = params.ExpressionAttributeValues ?? {};
  // ElectroDB's key condition: `#pk = :pk` and then `begins_with(#sk1, :sk1)` or `#sk1 = :sk1`.
  const range = values[':sk1'];
  const sortKey = String(startKey[sk]);
  const inRange =
    typeof range === 'string' && (params.KeyConditionExpression?.includes('begins_with') ? sortKey.startsWith(range) : sortKey === range);
  const fits =
    names.join() === expected.join() &&
    // decodeCursor let only string values through.
    isPrimaryKeyOfEntity(binding, String(startKey.pk), String(startKey.sk)) &&
    startKey[pk] === values[':pk'] &&
    inRange &&
    Buffer.byteLength(sortKey, 'utf8') <= MAX_SORT_KEY_BYTES;
  if (!fits) throw new ValidationError([{ path: 'cursor', message: 'does not belong to this query' }]);
}

/** One page of an index query, with an opaque cursor for the next one (null at the end). */
export async function pageIndex(binding: EntityBinding, facets: StoredRecord, options: PageOptions = {}): Promise<{ items: StoredRecord[]; cursor: string | null }> {
  const { schema } = binding;
  // The caller's keys, read once: one that cannot be read is an issue at its name (prepareKeys).
  const read = readAll(facets, { plainOnly: false });
  if (read === UNREAD) throw new ValidationError([{ path: 'indexKeys', message: UNREADABLE }], schema.entityName);
  if (read === null) throw new ValidationError([{ path: 'indexKeys', message: 'expected an object of key attributes' }], schema.entityName);
  const checked = checkQueryOptions(options, schema.entityName, 'page');
  const names = Object.keys(read);
  const indexName = indexFor(schema, names);
  if (!indexName) {
    throw new ValidationError([{ path: 'indexKeys', message: `no index of ${schema.entityName} is keyed by ${names.join(', ') || 'nothing'}` }], schema.entityName);
  }
  const keys = checkKeys(schema, read);
  const startKey = decodeCursor(checked.cursor);
  const params = binding.adapter.queryParams(indexName, keys, { order: checked.order, limit: checked.limit ?? 100 });
  if (startKey) checkCursorFits(binding, startKey, schema.indexes[indexName] as IndexSpec, params);
  const page = await queryPage(binding.context, startKey ? Object.assign({}, params, { ExclusiveStartKey: startKey }) : params);
  const accept = matcher(schema, keys);
  return { items: page.items.filter(accept), cursor: encodeCursor(page.lastKey) };
}
