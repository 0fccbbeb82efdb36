/**
 * EntityCollection: the entry point for one entity in one DataAccess, without the generic
 * create/createMany (BaseCollection adds them). A thin facade: each operation lives in
 * operations/ (create, createMany, queries, cascade remove) or store/. `allBy…`/`findBy…`
 * methods are installed on each collection class once (see finders.ts).
 */
import { ValidationError } from '../errors/index.js';
import type { ValidationIssue } from '../errors/index.js';
import type { AnyAttributeSpec, AnySchema, AttributesOf, CreateInputOf, RecordOf } from '../schema/index.js';
import { arrayItems, buildRecordForCreate, holeIssue, prepareValue, UNREAD, UNREADABLE } from '../schema/index.js';
import { batchGet } from '../store/batch-get.js';
import type { Logger } from '../store/context.js';
import type { EncryptionProvider } from '../store/encryption/encryption-provider.js';
import { getItem } from '../store/get-item.js';
import type { EntityModel } from './entity-model.js';
import type { EntityBinding } from './binding.js';
import { BINDING, BOUND, RECORD } from './binding.js';
import { bindingFor } from './observe/operation-binding.js';
import type { CreateOptions } from './operations/create.js';
import { createActions, storedByCreate, stampNew } from './operations/create.js';
import type { CreateManyResult } from './operations/create-many.js';
import { createMany } from './operations/create-many.js';
import type { RemovalCounts } from './operations/cascade-remove.js';
import { assertRemovable, removeRecords } from './operations/cascade-remove.js';
import type { PageOptions, QueryOptions } from './operations/query-index.js';
import { pageIndex, queryIndex } from './operations/query-index.js';
import { findByUnique, getById } from './operations/find-by-unique.js';
import type { WritePart } from './write-parts.js';
import { actionsOf } from './write-parts.js';
import { runPlan } from './write-plans.js';

type StoredRecord = Record<string, unknown>;

/** Issues of one id against the id attribute's own rule (`path` names it). */
function idIssue(schema: AnySchema, id: unknown, path: string): ValidationIssue | undefined {
  const spec = schema.attributes[schema.idAttribute] as AnyAttributeSpec;
  const problem = id === undefined || id === null ? 'is required' : spec.check(id)[0]?.message;
  return problem === undefined ? undefined : { path, message: problem };
}

/** A valid id in its canonical form (a UUID in lower case). */
function canonicalId(schema: AnySchema, id: string): string {
  return prepareValue(schema.idAttribute, schema.attributes[schema.idAttribute] as AnyAttributeSpec, id).value as string;
}
/** The schema of a model type. */
export type SchemaOfModel<M> = M extends EntityModel<infer S> ? S : never;
/** The create input of a model type. */
export type CreateInputOfModel<M> = CreateInputOf<AttributesOf<SchemaOfModel<M>>>;

/**
 * The root of every collection: the entry point for one entity in one DataAccess, with reads by
 * id, paging, removal and the generated `allBy…`/`findBy…` finders of its schema's indexes — but
 * no generic create/createMany. Extend it directly for an entity whose records may only be
 * written through its own methods (OAuthTokenState: put/rotate; IdempotencyKey: claim), so the
 * generic writes are absent from its type *and* its prototype chain; extend {@link BaseCollection}
 * otherwise.
 */
export class EntityCollection<M extends EntityModel = EntityModel> {
  /** @internal The binding the collection was made with. */ declare readonly [BOUND]: EntityBinding;

  /** Called by {@link EntityRegistry} when it binds the entity to a store; never by user code. */
  constructor(binding: EntityBinding) {
    Object.defineProperty(this, BOUND, { value: binding, enumerable: false });
  }

  /** @internal The binding to work with now: inside an `onEvent` operation, the operation's copy. */
  get [BINDING](): EntityBinding {
    return bindingFor(this, this[BOUND]);
  }

  /** The entity's name (`Ticket`, …). */
  get entityName(): string {
    return this[BOUND].schema.entityName;
  }

  /** @internal Wraps a stored item in this entity's model class. */
  protected hydrate(item: StoredRecord): M {
    return this[BOUND].hydrate(item) as M;
  }

  /** The logger of the DataAccess (entity methods report what they survived). */
  protected get logger(): Logger {
    return this[BOUND].context.logger;
  }

  /** The encryption of the DataAccess (undefined when not configured). */
  protected get encryption(): EncryptionProvider | undefined {
    return this[BOUND].context.encryption;
  }

  /** Requests in flight at once for the DataAccess's batch work. */
  protected get concurrency(): number {
    return this[BOUND].context.concurrency;
  }

  /** The entity's schema. */
  get schema(): AnySchema {
    return this[BOUND].schema;
  }

  /**
   * The generic create, for entity methods (BaseCollection.create is this): `internals` are values
   * the library computed itself (internal attributes such as expiry), added after `input` is validated.
   */
  protected async insert(input: unknown, internals: StoredRecord = {}, parts: readonly WritePart[] = [], options: CreateOptions = {}): Promise<M> {
    const binding = this[BINDING];
    const record = stampNew(Object.assign({}, buildRecordForCreate(binding.schema, input), internals));
    const actions = createActions(binding, record, options);
    const { token } = await runPlan(binding.context, `${binding.schema.entityName}.create`, [...actions, ...parts.flatMap(actionsOf)]);
    return this.hydrate(storedByCreate(actions, token));
  }

  /** The item holding unique constraint `name` for `values`, or null (two reads, no query). */
  protected async findByUnique(name: string, values: StoredRecord, options: { consistent?: boolean } = {}): Promise<M | null> {
    const item = await findByUnique(this[BINDING], name, values, options);
    return item ? this.hydrate(item) : null;
  }

  /** The generic createMany, for entity methods (BaseCollection.createMany is this): `internalsOf` adds library-computed values to each valid item. */
  protected async insertMany<I>(items: readonly I[], internalsOf?: (item: unknown) => StoredRecord): Promise<CreateManyResult<M, I>> {
    // Read once: an element that cannot be read is an invalid item (in `failed`), the array itself one issue.
    const list = arrayItems(items);
    if (list === UNREAD) throw new ValidationError([{ path: 'items', message: UNREADABLE }], this.entityName);
    if (list === null) throw new ValidationError([{ path: 'items', message: 'expected an array' }], this.entityName);
    return createMany<M, I>(this[BINDING], list as I[], (record) => this.hydrate(record), internalsOf);
  }

  /** The id in its canonical form (a UUID in lower case); ValidationError for a malformed id, before any request. */
  protected checkId(id: unknown): string {
    const { schema } = this;
    const issue = idIssue(schema, id, 'id');
    if (issue) throw new ValidationError([issue], this.entityName);
    return canonicalId(schema, id as string);
  }

  /** Ids in canonical form; each must pass the id attribute's own rule (ValidationError before any request). */
  protected checkIds(ids: readonly unknown[]): string[] {
    // Read once (what is checked is what is sent): an id that cannot be read is a bad id.
    const list = arrayItems(ids);
    if (list === UNREAD) throw new ValidationError([{ path: 'ids', message: UNREADABLE }], this.entityName);
    if (list === null) throw new ValidationError([{ path: 'ids', message: 'expected an array of ids' }], this.entityName);
    const { schema } = this;
    const issues: ValidationIssue[] = [];
    const canonical = new Array<string>(list.length);
    // An index loop, not flatMap/map: they skip the holes of a sparse array, and a hole would
    // reach the request as an undefined id. A hole is a bad id like any other.
    for (let i = 0; i < list.length; i += 1) {
      const id: unknown = list[i];
      const issue = holeIssue(list, i, `ids[${i}]`) ?? (id === UNREAD ? { path: `ids[${i}]`, message: UNREADABLE } : idIssue(schema, id, `ids[${i}]`));
      if (issue) issues.push(issue);
      else if (issues.length === 0) canonical[i] = canonicalId(schema, id as string);
    }
    if (issues.length > 0) throw new ValidationError(issues, this.entityName);
    return canonical;
  }

  /** The item with this id, or null (one GetItem); ValidationError for a malformed id, before any request. */
  async findById(id: string): Promise<M | null> {
    const item = await getById(this[BINDING], this.checkId(id));
    return item ? this.hydrate(item) : null;
  }

  /** Whether an item with this id exists, reading only its entity marker rather than the whole item. */
  async existsById(id: string): Promise<boolean> {
    const canonical = this.checkId(id);
    const { context, adapter } = this[BINDING];
    return adapter.owns(await getItem(context, adapter.key(canonical), { attributes: [adapter.markerAttribute] }));
  }

  /** Reads any number of ids (100 per request, retried); missing ids are skipped; input order kept. */
  async batchGetByIds(ids: readonly string[]): Promise<M[]> {
    const canonical = this.checkIds(ids);
    const binding = this[BINDING];
    const items = await batchGet(binding.context, canonical.map((id) => binding.adapter.key(id)));
    const { idAttribute } = binding.schema;
    const byId = new Map(items.filter((item) => binding.adapter.owns(item)).map((item) => [item[idAttribute], item]));
    const models: M[] = [];
    for (const id of new Set(canonical)) {
      const item = byId.get(id);
      if (item) models.push(this.hydrate(item));
    }
    return models;
  }

  /** One page of the index keyed by `indexKeys`; pass the returned cursor to get the next. */
  async page(indexKeys: Partial<RecordOf<AttributesOf<SchemaOfModel<M>>>>, options: PageOptions = {}): Promise<{ items: M[]; cursor: string | null }> {
    const page = await pageIndex(this[BINDING], indexKeys, options);
    return { items: page.items.map((item) => this.hydrate(item)), cursor: page.cursor };
  }

  /** Removes the items of `ids` and their dependents (like `Model.remove()`); missing ids are skipped. */
  async removeByIds(ids: readonly string[]): Promise<void> {
    await this.removeRecordsOf(ids);
  }

  /** removeByIds for entity methods: resolves how many items of each entity went. */
  protected async removeRecordsOf(ids: readonly string[]): Promise<RemovalCounts> {
    const binding = this[BINDING];
    this.checkIds(ids);
    assertRemovable(this.schema);
    const models = await this.batchGetByIds(ids);
    return removeRecords(binding, models.map((model) => model[RECORD]));
  }

  /** @internal Models of an index query (used by generated finders and entity methods). */
  protected async queryModels(indexName: string, facets: StoredRecord, options?: QueryOptions, before?: StoredRecord): Promise<M[]> {
    const items = await queryIndex(this[BINDING], indexName, facets, options, before);
    return items.map((item) => this.hydrate(item));
  }
}
