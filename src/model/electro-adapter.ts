/**
 * The one place that talks to ElectroDB, and the one place that knows its storage conventions
 * (key formats, the `__edb_e__` entity marker). ElectroDB builds keys and query parameters and
 * nothing else: writes are plans built by the model layer and sent by `store/`.
 *
 * Nothing of it is built before it is needed: an adapter is two fields until its first use, and
 * then takes its entity's ElectroDB parts (the Entity, its key builders, the index layout), built
 * once per schema and shared by every DataAccess and table.
 */
import type { QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import type { Schema as ElectroSchema } from 'electrodb';
import { createConversions, Entity } from 'electrodb';
import type { AnySchema } from '../schema/index.js';
import { electroDefinition, gsiNames } from '../schema/index.js';
import { PRIMARY_INDEX } from '../schema/electro-definition.js';
import { ENTITY_MARKER, VERSION_MARKER } from '../schema/system-attributes.js';
import { SchemaBuilderError } from '../errors/index.js';
import type { ItemKey } from '../store/keys.js';
import type { CompiledKeys } from './key-templates.js';
import { compileKeys } from './key-templates.js';

type Params = Record<string, unknown>;
interface ParamsBuilder {
  params(options?: Params): Params;
  lt(values: Params): ParamsBuilder;
}
/** The slice of ElectroDB's Entity we use, typed for dynamically built schemas. */
interface ElectroEntity {
  query: Record<string, (facets: Params) => ParamsBuilder>;
}

/** Index key attributes to write after a change: new values, and keys to drop (a sparse index left). */
export interface IndexKeyChanges {
  readonly set: Readonly<Record<string, string>>;
  readonly remove: readonly string[];
}

/** What an adapter needs of ElectroDB for one schema: the same for every table and DataAccess. */
interface ElectroParts {
  readonly entity: ElectroEntity;
  readonly toKeys: (record: Params) => Params;
  readonly primaryKey: (record: Params) => ItemKey;
  /**
   * The keys of index `indexName` built from `facets` (the whole partition key, the first
   * `sortValues` sort-key attributes): a partial sort key as the prefix ElectroDB queries with.
   */
  readonly indexKeys: (indexName: string, facets: Params, sortValues: number) => Params;
  readonly markers: Params;
  /** Indexes whose partition key uses an optional attribute: keys only when it is present. */
  readonly sparseIndexes: readonly { partitionAttributes: readonly string[]; pk: string; sk: string }[];
  /** Every index with the attributes its keys are built from and the key attributes it fills. */
  readonly indexes: readonly { attributes: readonly string[]; partitionAttributes: readonly string[]; pk: string; sk: string }[];
}

const partsBySchema = new WeakMap<AnySchema, ElectroParts>();

function buildParts(schema: AnySchema): ElectroParts {
  const ours = electroDefinition(schema);
  const definition = ours as unknown as ElectroSchema<string, string, string>;
  // No table: every request names its own (queryParams passes it), so one Entity serves every table.
  const entity = new Entity(definition);
  type ToKeys = { fromComposite: { toKeys(composite: Params, options?: { strict: 'none' }): Params } };
  const conversions = createConversions(entity) as unknown as ToKeys & { byAccessPattern: Record<string, ToKeys> };
  // The templates of each conversion (by index name), for its whole keys and for prefix queries.
  const compiledByIndex = new Map<string, CompiledKeys>();
  // Each conversion's keys by template where its composite values are strings, or numbers of padded attributes (key-templates.ts).
  const templated = (name: string, electroKeys: (record: Params) => Params): ((record: Params) => Params) => {
    const index = name === PRIMARY_INDEX ? undefined : schema.indexes[name];
    const attributes = [...new Set([...(index ? [...index.pk, ...index.sk] : []), schema.idAttribute])];
    const padded = new Map(attributes.flatMap((attribute) => {
      const padding = ours.attributes[attribute]?.padding;
      return padding === undefined ? [] : [[attribute, padding] as const];
    }));
    const compiled = compileKeys(electroKeys, attributes, padded);
    if (compiled !== undefined) compiledByIndex.set(name, compiled);
    return compiled === undefined ? electroKeys : (record) => compiled.keys(record) ?? electroKeys(record);
  };
  const primary = conversions.byAccessPattern[PRIMARY_INDEX] as ToKeys;
  const primaryKeys = templated(PRIMARY_INDEX, (record) => primary.fromComposite.toKeys(record));
  // The keys of every index: ElectroDB's keys of a secondary index carry the table's keys too, so
  // one conversion per secondary index is all of them. Its whole-entity conversion builds the
  // table's keys once more than that (once alone, then with each index): a third of a create's
  // key building for an entity of one index.
  const secondary = Object.keys(conversions.byAccessPattern)
    .filter((name) => name !== PRIMARY_INDEX)
    .map((name) => templated(name, (record) => (conversions.byAccessPattern[name] as ToKeys).fromComposite.toKeys(record, { strict: 'none' })));
  const toKeys =
    secondary.length === 0
      ? primaryKeys
      : (record: Params) => {
          const keys: Params = {};
          for (let i = 0; i < secondary.length; i += 1) Object.assign(keys, (secondary[i] as (record: Params) => Params)(record));
          return keys;
        };
  return {
    entity: entity as unknown as ElectroEntity,
    toKeys,
    primaryKey: (record) => primaryKeys(record) as unknown as ItemKey,
    indexKeys: (indexName, facets, sortValues) => {
      const index = schema.indexes[indexName];
      const compiled = compiledByIndex.get(indexName);
      if (index !== undefined && compiled !== undefined) {
        const { pk, sk } = gsiNames(index.gsi);
        const pkText = compiled.partial(pk, facets, index.pk.length);
        const skText = compiled.partial(sk, facets, sortValues);
        if (pkText !== undefined && skText !== undefined) return { [pk]: pkText, [sk]: skText };
      }
      return (conversions.byAccessPattern[indexName] as ToKeys).fromComposite.toKeys(facets, { strict: 'none' });
    },
    markers: { [ENTITY_MARKER]: definition.model.entity, [VERSION_MARKER]: definition.model.version },
    sparseIndexes: Object.values(schema.indexes)
      .filter((index) => index.pk.some((name) => !schema.attributes[name]?.options.required))
      .map((index) => ({ partitionAttributes: index.pk, ...gsiNames(index.gsi) })),
    indexes: Object.values(schema.indexes).map((index) => ({ attributes: [...index.pk, ...index.sk], partitionAttributes: index.pk, ...gsiNames(index.gsi) })),
  };
}

/** The ElectroDB parts of `schema`, built on the first call for it (then shared). */
function partsOf(schema: AnySchema): ElectroParts {
  let parts = partsBySchema.get(schema);
  if (parts === undefined) {
    parts = buildParts(schema);
    partsBySchema.set(schema, parts);
  }
  return parts;
}

/**
 * The ElectroDB parts of `schema` if they were built, without building them: tests check that
 * nothing is built before first use, and that a second DataAccess reuses what the first built.
 */
export function builtElectroParts(schema: AnySchema): object | undefined {
  return partsBySchema.get(schema);
}

export class ElectroAdapter {
  readonly #schema: AnySchema;
  readonly #tableName: string;
  #parts: ElectroParts | undefined;

  constructor(schema: AnySchema, tableName: string) {
    this.#schema = schema;
    this.#tableName = tableName;
  }

  get #electro(): ElectroParts {
    return (this.#parts ??= partsOf(this.#schema));
  }

  #idKey(id: string): Params {
    return { [this.#schema.idAttribute]: id };
  }

  /**
   * The stored item of a record: its attributes, its keys as ElectroDB's own key builder makes
   * them (by the templates learnt from it; never its whole put chain, 4× dearer) and ElectroDB's
   * entity markers. An index whose
   * partition-key attributes the record lacks gets no keys at all: the index stays sparse
   * instead of gathering every such item under one constant partition key (a hot partition).
   */
  putItem(record: Params): Record<string, unknown> {
    const { toKeys, markers, sparseIndexes } = this.#electro;
    // Object.assign, not `{ ...a, ...b }`: V8 clones fast only a literal's one leading spread.
    const item: Record<string, unknown> = Object.assign({}, record, toKeys(record), markers);
    for (const index of sparseIndexes) {
      if (index.partitionAttributes.some((name) => record[name] === undefined || record[name] === null)) {
        delete item[index.pk];
        delete item[index.sk];
      }
    }
    return item;
  }

  key(id: string): ItemKey {
    return this.#electro.primaryKey(this.#idKey(id));
  }

  /**
   * The index keys a change of `changed` attributes must rewrite, computed by ElectroDB's key
   * builder from the whole new record: new values for every index one of whose attributes
   * changed, and removals for a sparse index whose partition attribute is now absent.
   */
  indexKeyChanges(record: Params, changed: readonly string[]): IndexKeyChanges {
    const { indexes, toKeys } = this.#electro;
    const touched = indexes.filter((index) => index.attributes.some((name) => changed.includes(name)));
    if (touched.length === 0) return { set: {}, remove: [] };
    const keys = toKeys(record);
    const set: Record<string, string> = {};
    const remove: string[] = [];
    for (const index of touched) {
      if (index.partitionAttributes.some((name) => record[name] === undefined || record[name] === null)) {
        remove.push(index.pk, index.sk);
        continue;
      }
      for (const name of [index.pk, index.sk]) {
        if (typeof keys[name] === 'string') set[name] = keys[name];
      }
    }
    return { set, remove };
  }

  /** True when `item` is an item of this entity (not another entity's, not a guard). */
  owns(item: Readonly<Params> | undefined): boolean {
    return item?.[ENTITY_MARKER] === this.#schema.storageName;
  }

  /** The attribute holding the entity marker, for projections that must still tell entities apart. */
  get markerAttribute(): string {
    return ENTITY_MARKER;
  }

  /** A filter that keeps only this entity's items (for scans). */
  get entityFilter(): { readonly attribute: string; readonly value: string } {
    return { attribute: ENTITY_MARKER, value: this.#schema.storageName };
  }

  /** Query parameters for `indexName` with the given leading key values. */
  queryParams(indexName: string, facets: Params, options: { order?: 'asc' | 'desc'; limit?: number; before?: Params } = {}): QueryCommandInput {
    const params = (options.before === undefined ? this.#prefixQuery(indexName, facets, options.order) : undefined) ?? this.#electroQuery(indexName, facets, options);
    if (options.limit !== undefined) params.Limit = options.limit;
    return params as unknown as QueryCommandInput;
  }

  /**
   * The query ElectroDB's query chain would build for the common case — the whole partition key
   * and a leading part of the sort key — made from its key builder alone: the chain costs about
   * 35 µs of CPU per query, most of the library's own CPU in a query (see bench/notes/perf-core.md).
   * The same params (a unit test compares them for every index); anything else (a missing
   * partition value, keys past a prefix, `before`) is left to ElectroDB, errors included.
   */
  #prefixQuery(indexName: string, facets: Params, order: 'asc' | 'desc' | undefined): Params | undefined {
    const spec = Object.hasOwn(this.#schema.indexes, indexName) ? this.#schema.indexes[indexName] : undefined;
    if (spec === undefined || !spec.pk.every((name) => facets[name] !== undefined)) return undefined;
    let sortValues = 0;
    while (sortValues < spec.sk.length && facets[spec.sk[sortValues] as string] !== undefined) sortValues += 1;
    if (Object.keys(facets).length !== spec.pk.length + sortValues) return undefined;
    const keys = this.#electro.indexKeys(indexName, facets, sortValues);
    const { indexName: IndexName, pk, sk } = gsiNames(spec.gsi);
    const condition = sortValues === spec.sk.length ? '#sk1 = :sk1' : 'begins_with(#sk1, :sk1)';
    return {
      KeyConditionExpression: `#pk = :pk and ${condition}`,
      TableName: this.#tableName,
      ExpressionAttributeNames: { '#pk': pk, '#sk1': sk },
      ExpressionAttributeValues: { ':pk': keys[pk], ':sk1': keys[sk] },
      IndexName,
      ...(order === 'desc' ? { ScanIndexForward: false } : {}),
    };
  }

  #electroQuery(indexName: string, facets: Params, options: { order?: 'asc' | 'desc'; before?: Params }): Params {
    const queries = this.#electro.entity.query;
    if (!Object.hasOwn(queries, indexName)) throw new SchemaBuilderError(this.#schema.entityName, `has no index '${indexName}'`);
    let builder = queries[indexName]!.call(queries, facets);
    // `before`: the sort key below these values (ElectroDB builds the key condition).
    if (options.before) builder = builder.lt(options.before);
    return builder.params(options.order === 'desc' ? { table: this.#tableName, order: 'desc' } : { table: this.#tableName });
  }
}
