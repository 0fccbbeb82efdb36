/**
 * Writes entity code composes from parts — a ticket with its links and the idempotency key they
 * complete, a sync and its connection, a nonce consumption, a token rotation — without touching
 * `store/` or the internal binding: each function here turns a description into plan actions
 * (the planners of `operations/`), and {@link commit} hands one merged plan to `store/`.
 */
import { ConcurrentModificationError, DataAccessError, NotFoundError } from '../errors/index.js';
import type { EntityCollection } from './entity-collection.js';
import type { EntityModel } from './entity-model.js';
import type { EntityBinding } from './binding.js';
import { BINDING, RECORD } from './binding.js';
import type { RemovalCounts } from './operations/cascade-remove.js';
import { removeRecords } from './operations/cascade-remove.js';
import { nowIso } from './clock.js';
import { createActions, storedByCreate, notFenced } from './operations/create.js';
import { getById } from './operations/find-by-unique.js';
import type { Expectation, NestedSet, WritePart } from './write-parts.js';
import { actionsOf, partOf, requirementsOf, when } from './write-parts.js';
import type { RunOptions } from './write-plans.js';
import { createdItem, runPlan } from './write-plans.js';
import type { PlanAction, Requirement, SetClause } from '../store/write-plan.js';
import { refuse } from '../store/write-plan.js';
import { scanPages } from '../store/scan.js';
import { batchGet } from '../store/batch-get.js';
import { claimGuard, guardKeyOf } from './operations/guards.js';
import type { ItemKey } from '../store/keys.js';
import { itemKeyOf, keyText } from '../store/keys.js';
import { WRITE_TOKEN_ATTRIBUTE } from '../store/storage-attributes.js';

type StoredRecord = Record<string, unknown>;
type Bound = EntityCollection | EntityModel;

function bindingOf(owner: Bound): EntityBinding {
  return owner[BINDING];
}

/** The collection of another entity of the same DataAccess. */
export function collectionOf<C extends EntityCollection = EntityCollection>(owner: Bound, entityName: string): C {
  return bindingOf(owner).resolve(entityName).collection() as C;
}

/** Options of a part: `owner` marks the record the write is about (it carries the write's token). */
export interface PartOptions {
  readonly owner?: boolean;
  /**
   * Reported before every other refusal of the same write when its condition fails (an update
   * only): the part the whole write depends on, such as an idempotency claim's completion — a
   * claim that lost its key is that, not the conflicts the attempt that took it over caused.
   */
  readonly decisive?: boolean;
}

/** The create of `record` (validated and stamped) with its guards and parent checks. */
export function createPart(collection: EntityCollection, record: StoredRecord, options: PartOptions = {}): WritePart {
  const binding = bindingOf(collection);
  return partOf(createActions(binding, record, { slot: options.owner ? 'owner' : `create:${binding.schema.entityName}` }));
}

/** A change of a stored record the caller has no copy of (values the library computed itself). */
export interface StoredUpdate {
  /** Attribute values to set. */
  readonly set?: Readonly<Record<string, unknown>>;
  /** Attributes to remove. */
  readonly remove?: readonly string[];
  /** Sets inside map attributes. */
  readonly nested?: readonly NestedSet[];
  /** Atomic counters. */
  readonly add?: Readonly<Record<string, number>>;
  /** Conditions on the stored record. */
  readonly expect?: readonly Expectation[];
  /** Stamp `updatedAt` (default true). */
  readonly stamp?: boolean;
  /** Stored values of attributes the index keys of changed attributes are built from. */
  readonly known?: Readonly<Record<string, unknown>>;
  /**
   * Keys of a map attribute that only move forward: each is set when the stored value is absent
   * or older (strings compared as DynamoDB does), and left out otherwise — decided by the write.
   */
  readonly advance?: { readonly map: string; readonly values: Readonly<Record<string, string>> };
  /** What it means that the record is gone (default: NotFoundError) — for a claim, that it lost its key. */
  readonly missing?: () => DataAccessError;
}

/**
 * The update action of `change` with the keys of its `advance` map in `mode`: `nested` sets each
 * key inside the stored map, `whole` sets the map itself where none is stored yet. A refusal of
 * one key leaves it out; a missing or present map switches the mode.
 */
function advancing(base: PlanAction & { type: 'update' }, map: string, values: Readonly<Record<string, string>>, mode: 'nested' | 'whole'): PlanAction {
  const keys = Object.keys(values);
  if (keys.length === 0) return base;
  const without = (key: string) => advancing(base, map, Object.fromEntries(Object.entries(values).filter(([k]) => k !== key)), mode);
  const other = () => advancing(base, map, values, mode === 'nested' ? 'whole' : 'nested');
  const sets: SetClause[] = mode === 'whole' ? [{ path: map, value: { ...values } }] : keys.map((key) => ({ path: [map, key], value: values[key] }));
  const requirements: Requirement[] =
    mode === 'whole'
      ? [{ condition: when.lacks(map), failure: () => ({ kind: 'replace', actions: [other()] }) }]
      : [
          { condition: when.has(map), failure: () => ({ kind: 'replace', actions: [other()] }) },
          ...keys.map((key) => ({
            condition: when.or(when.lacks([map, key]), when.lt([map, key], values[key] as string)),
            failure: () => ({ kind: 'replace' as const, actions: [without(key)] }),
          })),
        ];
  return Object.assign({}, base, { update: Object.assign({}, base.update, { set: [...(base.update.set ?? []), ...sets] }), requirements: [...base.requirements, ...requirements] });
}

/** The update of the stored record `id`: it must exist and not be fenced, and meet `expect`. */
export function updatePart(collection: Bound, id: string, change: StoredUpdate, options: PartOptions = {}): WritePart {
  const { schema, adapter } = bindingOf(collection);
  const values: StoredRecord = Object.assign(change.stamp ?? true ? { updatedAt: nowIso() } : {}, change.set);
  const changed = [...Object.keys(values), ...(change.remove ?? [])];
  const keyNames = changed.filter((name) => schema.keyAttributeNames.has(name));
  const set: SetClause[] = Object.entries(values).map(([path, value]) => ({ path, value }));
  const remove: string[] = [...(change.remove ?? [])];
  if (keyNames.length > 0) {
    const record = Object.assign({}, change.known, values);
    for (const index of Object.values(schema.indexes)) {
      const names = [...index.pk, ...index.sk];
      if (names.some((name) => keyNames.includes(name)) && names.some((name) => !(name in record))) {
        throw new DataAccessError('UNSUPPORTED', `${schema.entityName}: an update of an index key needs the index's other attributes`);
      }
    }
    const keys = adapter.indexKeyChanges(record, keyNames);
    for (const [path, value] of Object.entries(keys.set)) set.push({ path, value });
    remove.push(...keys.remove);
  }
  const action: PlanAction & { type: 'update' } = {
    type: 'update',
    slot: options.owner ? 'owner' : `update:${schema.entityName}`,
    group: `update:${id}`,
    key: adapter.key(id),
    update: { set: [...set, ...(change.nested ?? [])], remove, ...(change.add ? { add: change.add } : {}) },
    requirements: [
      { condition: when.exists(), failure: () => refuse(change.missing ? change.missing() : new NotFoundError(schema.entityName, id)) },
      notFenced(schema.entityName, id),
      ...requirementsOf(change.expect ?? []),
    ],
    rank: options.decisive ? 1 : options.owner ? 15 : 40,
    record: true,
  };
  return partOf([change.advance ? advancing(action, change.advance.map, change.advance.values, 'nested') : action]);
}

/** The delete of the stored record `id` (no guards, no dependents: a record that holds neither). */
export function deletePart(collection: Bound, id: string, options: PartOptions = {}): WritePart {
  const { schema, adapter } = bindingOf(collection);
  return partOf([{ type: 'delete', slot: options.owner ? 'owner' : `delete:${schema.entityName}`, key: adapter.key(id), requirements: [] }]);
}

/**
 * Writes `parts` as one write; resolves the owner's item when `readBack` asks for it, and the
 * write's token. Without `readBack` the owner's update does not ask for its new item either
 * (ReturnValues ALL_NEW): nobody reads it, and DynamoDB would send it and the client parse it —
 * a completed idempotency key's whole response, say.
 */
export async function commit(
  owner: Bound,
  operation: string,
  parts: readonly WritePart[],
  options: RunOptions = {},
): Promise<{ item: StoredRecord | undefined; token: string }> {
  const { item, token } = await runPlan(bindingOf(owner).context, operation, parts.flatMap(actionsOf), options.readBack ? options : Object.assign({}, options, { discardItem: true }));
  return { item: item === undefined ? undefined : { ...item }, token };
}

/** The model of a record a write created (with that write's token, as stored). */
export function hydrateCreated<M>(collection: EntityCollection, record: StoredRecord, token: string): M {
  const binding = bindingOf(collection);
  return binding.hydrate(createdItem(binding.adapter.putItem(record), token)) as M;
}

/** The model of the record a {@link createPart} puts, as a write with `token` stored it (the part's own item, not built again). */
export function hydratePart<M>(collection: EntityCollection, part: WritePart, token: string): M {
  return bindingOf(collection).hydrate(storedByCreate(actionsOf(part), token)) as M;
}

/** The model of a stored item. */
export function hydrateStored<M>(collection: EntityCollection, item: StoredRecord): M {
  return bindingOf(collection).hydrate(item) as M;
}

/** The stored record `id` of this entity, or undefined. */
export function readStored(collection: Bound, id: string, options: { consistent?: boolean } = {}): Promise<StoredRecord | undefined> {
  return getById(bindingOf(collection), id, options);
}

/**
 * The owner ids of unique constraint `name` for each of `valuesList` (undefined where nobody holds
 * it): one BatchGetItem per 100 guards, consistent. The values must be canonical (as stored).
 */
export async function guardOwners(collection: EntityCollection, name: string, valuesList: readonly Readonly<Record<string, unknown>>[]): Promise<(string | undefined)[]> {
  const binding = bindingOf(collection);
  const unique = binding.schema.guardedUniques.find((u) => u.name === name);
  if (!unique) throw new DataAccessError('SCHEMA', `${binding.schema.entityName} has no guarded unique constraint '${name}'`);
  const keys = valuesList.map((values) => guardKeyOf(binding.schema, unique, values));
  const items = await batchGet(binding.context, keys, { consistent: true });
  const owners = new Map(items.map((item) => [keyText(item), item.ownerId]));
  return keys.map((key) => {
    const owner = owners.get(keyText(key));
    return typeof owner === 'string' ? owner : undefined;
  });
}

/**
 * Removes `models` (each with its dependents, like `remove()`: fenced, swept, deleted from the
 * stored items) in one batch; resolves how many items of each entity went.
 */
export function removeModels(collection: EntityCollection, models: readonly EntityModel[]): Promise<RemovalCounts> {
  return removeRecords(bindingOf(collection), models.map((model) => model[RECORD]));
}

/** Visits every stored record of the entity, one page at a time: a Scan, for maintenance jobs only. */
export async function scanStored(collection: EntityCollection, visit: (records: StoredRecord[]) => Promise<void>): Promise<void> {
  const { context, adapter } = bindingOf(collection);
  const { attribute, value } = adapter.entityFilter;
  await scanPages(context, { FilterExpression: '#e = :e', ExpressionAttributeNames: { '#e': attribute }, ExpressionAttributeValues: { ':e': value } }, visit);
}

// ---------------------------------------------------------------------------------------------
// Maintenance writes (data migrations): bringing items stored by an earlier version up to date.
// ---------------------------------------------------------------------------------------------

/**
 * Options of {@link scanStoredPages}: where to resume and how many items one page evaluates.
 */
export interface ScanPagesOptions {
  /** The key a previous visit was handed (`resumeAfter`): the scan continues after that item. */
  readonly after?: ItemKey | undefined;
  /** Items one Scan request evaluates (DynamoDB's `Limit`; the filter applies after it). Default: 1 MB pages. */
  readonly pageSize?: number | undefined;
}

/**
 * Visits every stored record of the entity one page at a time, like {@link scanStored}, but
 * resumably: `visit` also gets the key the page ended at (DynamoDB's LastEvaluatedKey;
 * undefined after the last page), and a scan started with `after` set to that key continues
 * behind it. The page's end, not its last record: a page of other entities' items only (it
 * has no record of this one) still moves the cursor on, so a resumed run does not evaluate
 * it again. A Scan: for maintenance jobs only.
 */
export async function scanStoredPages(
  collection: EntityCollection,
  options: ScanPagesOptions,
  visit: (records: StoredRecord[], resumeAfter: ItemKey | undefined) => Promise<void>,
): Promise<void> {
  const { context, adapter } = bindingOf(collection);
  const { attribute, value } = adapter.entityFilter;
  const params = {
    FilterExpression: '#e = :e',
    ExpressionAttributeNames: { '#e': attribute },
    ExpressionAttributeValues: { ':e': value },
    ...(options.after ? { ExclusiveStartKey: { ...options.after } } : {}),
    ...(options.pageSize === undefined ? {} : { Limit: options.pageSize }),
  };
  await scanPages(context, params, (records, nextStartKey) => visit(records, itemKeyOf(nextStartKey)));
}

/** The stored records of `ids` that exist, by id: one BatchGetItem per 100 ids. */
export async function readManyStored(collection: Bound, ids: readonly string[], options: { consistent?: boolean } = {}): Promise<Map<string, StoredRecord>> {
  const { context, adapter, schema } = bindingOf(collection);
  const items = ids.length === 0 ? [] : await batchGet(context, ids.map((id) => adapter.key(id)), options);
  return new Map(items.filter((item) => adapter.owns(item)).map((item) => [item[schema.idAttribute] as string, item]));
}

/**
 * Conditions that the stored record is still the copy `record` that was read: the same
 * `updatedAt` and the same write token. The token (`__w`) changes with every write of the
 * library — also those that leave `updatedAt` alone (`touch`, a check's failure counter, sync
 * watermarks) — so a write conditioned on it never overwrites any change made since the read.
 * A record without a token (written before tokens existed) is matched by its absence.
 */
export function unchangedSince(collection: Bound, record: StoredRecord): Expectation[] {
  const { schema } = bindingOf(collection);
  const id = record[schema.idAttribute] as string;
  const error = () => new ConcurrentModificationError(schema.entityName, id);
  return [
    { condition: when.is('updatedAt', record.updatedAt), error },
    { condition: when.is(WRITE_TOKEN_ATTRIBUTE, record[WRITE_TOKEN_ATTRIBUTE]), error },
  ];
}

/**
 * True when the stored item's keys of the indexes built from `attributes` are not what the key
 * builder computes from its attributes (an index added after the item was written).
 */
export function indexKeysStale(collection: Bound, item: StoredRecord, attributes: readonly string[]): boolean {
  const keys = bindingOf(collection).adapter.indexKeyChanges(item, attributes);
  return Object.entries(keys.set).some(([name, value]) => item[name] !== value) || keys.remove.some((name) => item[name] !== undefined);
}

/**
 * The update that rewrites the keys of the indexes built from `attributes` from the stored
 * `item`, changing no attribute and not stamping `updatedAt`: the attributes are written back
 * as stored (absent ones stay absent), which makes {@link updatePart} rebuild their index keys.
 */
export function reindexPart(collection: Bound, item: StoredRecord, attributes: readonly string[], expect: readonly Expectation[], options: PartOptions = {}): WritePart {
  const { schema } = bindingOf(collection);
  const set: StoredRecord = {};
  const remove: string[] = [];
  for (const name of attributes) {
    if (item[name] === undefined) remove.push(name);
    else set[name] = item[name];
  }
  // Absent attributes are known to be absent: the key builder then builds their empty key part.
  const known = Object.assign({}, item, Object.fromEntries(remove.map((name) => [name, undefined])));
  return updatePart(collection, item[schema.idAttribute] as string, { set, remove, known, stamp: false, expect }, options);
}

/**
 * The claim of unique constraint `name`'s guard for the stored `record` (one stored before the
 * constraint existed): ConflictError(name) when another record holds it, nothing when this one
 * does already. It rides in the same transaction as a write of the record that checks what
 * decides the constraint.
 */
export function claimGuardPart(collection: Bound, name: string, record: StoredRecord): WritePart {
  const { schema } = bindingOf(collection);
  const unique = schema.guardedUniques.find((u) => u.name === name);
  if (!unique) throw new DataAccessError('SCHEMA', `${schema.entityName} has no guarded unique constraint '${name}'`);
  return partOf([claimGuard(schema, unique, record, record[schema.idAttribute] as string)]);
}
