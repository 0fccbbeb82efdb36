/**
 * The one place that talks to ElectroDB: it turns records and key values into request
 * parameters (`.params()`), which the store layer then sends with its own retries, tokens and
 * transactions. Built once per entity per DataAccess.
 */
import type { PutCommandInput, QueryCommandInput, UpdateCommandInput } from '@aws-sdk/lib-dynamodb';
import type { Schema as ElectroSchema } from 'electrodb';
import { createConversions, Entity } from 'electrodb';
import type { AnySchema } from '../schema/index.js';
import { electroDefinition, gsiNames } from '../schema/index.js';
import { SchemaBuilderError } from '../errors/index.js';
import type { ItemKey } from '../store/keys.js';

type Params = Record<string, unknown>;
interface ParamsBuilder {
  params(options?: Params): Params;
}
interface PatchBuilder extends ParamsBuilder {
  set(values: Params): PatchBuilder;
  remove(names: string[]): PatchBuilder;
  composite(values: Params): PatchBuilder;
  where(build: (attributes: Record<string, unknown>, operations: { eq(attribute: unknown, value: unknown): string }) => string): PatchBuilder;
}
/** The slice of ElectroDB's Entity we use, typed for dynamically built schemas. */
interface ElectroEntity {
  patch(key: Params): PatchBuilder;
  query: Record<string, (facets: Params) => ParamsBuilder>;
}


export interface PatchRequest {
  readonly set: Readonly<Params>;
  readonly remove: readonly string[];
  /** Unchanged key attributes ElectroDB needs to rebuild index keys that include changed ones. */
  readonly composite: Readonly<Params>;
  /** Equality conditions on the stored item (optimistic check, lifecycle state). */
  readonly expect: Readonly<Params>;
  /** A further condition in DynamoDB syntax; placeholders must start with `#c_` / `:c_`. */
  readonly condition?: RawCondition;
  /** Stored as `__w`: lets a retried update recognise its own earlier write. */
  readonly writeToken?: string;
}

/** The storage attribute holding the token of the last update (not a schema attribute). */
export const WRITE_TOKEN_ATTRIBUTE = '__w';

/**
 * A condition in DynamoDB expression syntax, added to a write. Its placeholders must start with
 * `#c_` (names) and `:c_` (values) so that they cannot clash with the library's own.
 */
export interface RawCondition {
  /** For example `#c_status = :c_running`. */
  readonly expression: string;
  readonly names?: Readonly<Record<string, string>>;
  readonly values?: Readonly<Params>;
}

export class ElectroAdapter {
  readonly #entity: ElectroEntity;
  readonly #schema: AnySchema;
  readonly #toKeys: (record: Params) => Params;
  readonly #primaryKey: (record: Params) => ItemKey;
  readonly #tableName: string;
  readonly #markers: Params;
  /** Indexes whose partition key uses an optional attribute: keys only when it is present. */
  readonly #sparseIndexes: readonly { partitionAttributes: readonly string[]; pk: string; sk: string }[];

  constructor(schema: AnySchema, tableName: string) {
    this.#schema = schema;
    const definition = electroDefinition(schema) as unknown as ElectroSchema<string, string, string>;
    const entity = new Entity(definition, { table: tableName });
    this.#entity = entity as unknown as ElectroEntity;
    type ToKeys = { fromComposite: { toKeys(composite: Params): Params } };
    const conversions = createConversions(entity) as unknown as ToKeys & { byAccessPattern: Record<string, ToKeys> };
    this.#toKeys = (record) => conversions.fromComposite.toKeys(record);
    const primary = conversions.byAccessPattern.primary as ToKeys;
    this.#primaryKey = (record) => primary.fromComposite.toKeys(record) as ItemKey;
    this.#tableName = tableName;
    this.#markers = { __edb_e__: definition.model.entity, __edb_v__: definition.model.version };
    this.#sparseIndexes = Object.values(schema.indexes)
      .filter((index) => index.pk.some((name) => !schema.attributes[name]?.options.required))
      .map((index) => ({ partitionAttributes: index.pk, ...gsiNames(index.gsi) }));
  }

  #idKey(id: string): Params {
    return { [this.#schema.idAttribute]: id };
  }

  /** A conditional put that fails if the id exists. */
  createParams(record: Params): PutCommandInput {
    return {
      TableName: this.#tableName,
      Item: this.putItem(record),
      ConditionExpression: 'attribute_not_exists(#pk) AND attribute_not_exists(#sk)',
      ExpressionAttributeNames: { '#pk': 'pk', '#sk': 'sk' },
    };
  }

  /**
   * The stored item of a record: its attributes, its keys from ElectroDB's own key builder
   * (without its whole put chain: 4× cheaper) and ElectroDB's entity markers. An index whose
   * partition-key attributes the record lacks gets no keys at all: the index stays sparse
   * instead of gathering every such item under one constant partition key (a hot partition).
   */
  putItem(record: Params): Record<string, unknown> {
    const item: Record<string, unknown> = { ...record, ...this.#toKeys(record), ...this.#markers };
    for (const index of this.#sparseIndexes) {
      if (index.partitionAttributes.some((name) => record[name] === undefined || record[name] === null)) {
        delete item[index.pk];
        delete item[index.sk];
      }
    }
    return item;
  }

  key(id: string): ItemKey {
    return this.#primaryKey(this.#idKey(id));
  }

  /** An update of `set`/`remove`, conditioned on the item existing and on `expect`. */
  patchParams(id: string, request: PatchRequest): UpdateCommandInput {
    let builder = this.#entity.patch(this.#idKey(id));
    if (Object.keys(request.set).length > 0) builder = builder.set({ ...request.set });
    if (request.remove.length > 0) builder = builder.remove([...request.remove]);
    if (Object.keys(request.composite).length > 0) builder = builder.composite({ ...request.composite });
    const expected = Object.entries(request.expect);
    if (expected.length > 0) {
      builder = builder.where((attributes, operations) => expected.map(([name, value]) => operations.eq(attributes[name], value)).join(' AND '));
    }
    let params = builder.params() as unknown as UpdateCommandInput;
    if (request.writeToken !== undefined) {
      // ElectroDB's patch always opens with SET (it re-sets its identifiers).
      params = {
        ...params,
        UpdateExpression: (params.UpdateExpression ?? '').replace(/^SET /, 'SET #__w = :__w, '),
        ExpressionAttributeNames: { ...params.ExpressionAttributeNames, '#__w': WRITE_TOKEN_ATTRIBUTE },
        ExpressionAttributeValues: { ...params.ExpressionAttributeValues, ':__w': request.writeToken },
      };
    }
    const extra = request.condition;
    if (!extra) return params;
    return {
      ...params,
      ConditionExpression: params.ConditionExpression ? `(${params.ConditionExpression}) AND (${extra.expression})` : extra.expression,
      ExpressionAttributeNames: { ...params.ExpressionAttributeNames, ...extra.names },
      ExpressionAttributeValues: { ...params.ExpressionAttributeValues, ...extra.values },
    };
  }

  /** Query parameters for `indexName` with the given leading key values. */
  queryParams(indexName: string, facets: Params, options: { order?: 'asc' | 'desc'; limit?: number } = {}): QueryCommandInput {
    const queries = this.#entity.query;
    if (!Object.hasOwn(queries, indexName)) throw new SchemaBuilderError(this.#schema.entityName, `has no index '${indexName}'`);
    const params = queries[indexName]!.call(queries, facets).params(options.order === 'desc' ? { order: 'desc' } : {});
    if (options.limit !== undefined) params.Limit = options.limit;
    return params as unknown as QueryCommandInput;
  }
}
