/**
 * EntityRegistry: the set of entities one table holds. Built from a list (no global registry
 * filled at import time); checks that references between entities fit together; derives the
 * table definition; binds the entities to a store to make collections.
 */
import type { CreateTableCommandInput, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SchemaBuilderError } from '../errors/index.js';
import { installAccessors } from '../model/accessors.js';
import { BaseCollection } from '../model/base-collection.js';
import { BaseModel } from '../model/base-model.js';
import type { EntityBinding } from '../model/binding.js';
import { ElectroAdapter } from '../model/electro-adapter.js';
import { installFinders } from '../model/finders.js';
import { installObservers } from '../model/observe/install-observers.js';
import type { AnySchema } from '../schema/index.js';
import type { StoreContext } from '../store/context.js';
import type { EntityDefinition } from './entity-definition.js';
import { tableDefinitionOf } from './table-definition.js';
import type { TableDefinitionOptions } from './table-definition.js';
import { createTableFrom } from '../store/table/create-table.js';
import type { SyncTableOptions } from '../store/table/sync-table.js';
import { syncTableFrom } from '../store/table/sync-table.js';
import type { PlanTableOptions, TablePlan } from '../store/table/table-plan.js';
import { planTableUpdateFrom } from '../store/table/table-plan.js';
import type { StoreConfig } from './store-config.js';
import { storeContextOf } from './store-config.js';
import { checkAdminArguments, checkDefinitionArguments, CREATE_OPTIONS, DEFINITION_OPTIONS, PLAN_OPTIONS, SYNC_OPTIONS } from './table-admin-checks.js';

/** Definitions keyed by entity name. */
export type EntityDefinitions = { readonly [entityName: string]: EntityDefinition };

/** The collections of a registry's entities, keyed like its definitions. */
export type CollectionsOf<D extends EntityDefinitions> = {
  readonly [K in keyof D]: D[K] extends { Collection: new (binding: EntityBinding) => infer C } ? C : never;
};

/**
 * The set of entities one table holds. Building it checks that the entities' references fit
 * together (SchemaBuilderError otherwise) and installs the generated accessors and finders; it
 * then derives the table definition and binds the entities to a store. A registry holds exactly
 * the definitions given to it: there is no global registry that imports fill.
 *
 * @example
 * ```ts
 * const registry = new EntityRegistry({
 *   Note: defineEntity({ schema: noteSchema, Model: Note, Collection: NoteCollection }),
 * });
 * await registry.createTable(new DynamoDBClient({ region: 'eu-west-1' }), 'notes', { ifNotExists: true });
 * const { Note: notes } = registry.createDataAccess({ tableName: 'notes', region: 'eu-west-1' });
 * const note = await notes.create({ authorId, body: 'Hello' });
 * ```
 */
export class EntityRegistry<D extends EntityDefinitions = EntityDefinitions> {
  readonly #definitions: ReadonlyMap<string, EntityDefinition>;

  /** `definitions` is keyed by entity name: `{ Ticket: ticketEntity, … }`. */
  constructor(definitions: D) {
    const byName = new Map<string, EntityDefinition>();
    for (const [key, definition] of Object.entries(definitions)) {
      const name = definition.schema.entityName;
      if (key !== name) throw new SchemaBuilderError(name, `is registered under the name '${key}'`);
      byName.set(name, definition);
    }
    this.#definitions = byName;
    for (const definition of byName.values()) checkReferences(definition.schema, byName);
    for (const { schema, Model, Collection } of byName.values()) {
      installAccessors(Model.prototype as object, schema);
      installFinders(Collection.prototype as object, schema);
    }
    Object.freeze(this);
  }

  /** The registered entity names, in registration order. */
  get entityNames(): string[] {
    return [...this.#definitions.keys()];
  }

  /** The registered schemas, in registration order. */
  get schemas(): AnySchema[] {
    return [...this.#definitions.values()].map((definition) => definition.schema);
  }

  /** The CreateTable input for a table that holds every registered entity (with a stream if asked). */
  tableDefinition(tableName: string, options: TableDefinitionOptions = {}): CreateTableCommandInput {
    checkDefinitionArguments('tableDefinition', tableName, options, DEFINITION_OPTIONS);
    return tableDefinitionOf(this.schemas, tableName, options);
  }

  /** Collections of every entity, on the table and client that `config` names. */
  createDataAccess(config: StoreConfig): CollectionsOf<D> {
    return this.connect(storeContextOf(config));
  }

  /** Creates this registry's table (and GSIs), waits until ACTIVE, enables TTL. */
  async createTable(client: DynamoDBClient, tableName: string, options: { ifNotExists?: boolean } = {}): Promise<void> {
    checkAdminArguments('createTable', client, tableName, options, CREATE_OPTIONS);
    return createTableFrom(client, tableDefinitionOf(this.schemas, tableName), options);
  }

  /** What the live table lacks compared with this registry's definition (only Describe* requests). */
  async planTableUpdate(client: DynamoDBClient, tableName: string, options: PlanTableOptions = {}): Promise<TablePlan> {
    checkAdminArguments('planTableUpdate', client, tableName, options, PLAN_OPTIONS);
    return planTableUpdateFrom(client, tableDefinitionOf(this.schemas, tableName), options);
  }

  /** Creates the table, or adds its missing GSIs one at a time, TTL and the stream if asked; never deletes. */
  async syncTable(client: DynamoDBClient, tableName: string, options: SyncTableOptions = {}): Promise<TablePlan> {
    checkAdminArguments('syncTable', client, tableName, options, SYNC_OPTIONS);
    return syncTableFrom(client, tableDefinitionOf(this.schemas, tableName), options);
  }

  /**
   * Binds every entity to `context` and returns its collections by entity name. A context that
   * observes operations (`onEvent`) first has the operation events installed on the model and
   * collection classes (once per class; a DataAccess without a listener never installs them).
   */
  connect(context: StoreContext): CollectionsOf<D> {
    if (context.observer !== undefined) {
      for (const { Model, Collection } of this.#definitions.values()) {
        installObservers(Model.prototype as object, BaseModel.prototype);
        installObservers(Collection.prototype as object, BaseCollection.prototype);
      }
    }
    const bindings = new Map<string, EntityBinding>();
    const collections: Record<string, BaseCollection> = {};
    const resolve = (name: string): EntityBinding => {
      const binding = bindings.get(name);
      if (!binding) throw new SchemaBuilderError(name, 'is not registered');
      return binding;
    };
    for (const [name, { schema, Model, Collection }] of this.#definitions) {
      const binding: EntityBinding = {
        schema,
        adapter: new ElectroAdapter(schema, context.tableName),
        context,
        hydrate: (item) => new Model(binding, item),
        resolve,
        collection: () => collections[name] as BaseCollection,
      };
      bindings.set(name, binding);
      collections[name] = new Collection(binding);
    }
    return collections as CollectionsOf<D>;
  }
}

function checkReferences(schema: AnySchema, byName: ReadonlyMap<string, EntityDefinition>): void {
  for (const reference of schema.references) {
    const target = byName.get(reference.target)?.schema;
    if (!target) throw new SchemaBuilderError(schema.entityName, `references '${reference.target}', which is not registered`);
    if (reference.kind !== 'belongs_to' && !target.references.some((r) => r.kind === 'belongs_to' && r.target === schema.entityName)) {
      throw new SchemaBuilderError(schema.entityName, `${reference.kind} '${reference.target}' needs '${reference.target}' to belong to '${schema.entityName}'`);
    }
  }
  for (const precondition of schema.preconditions) {
    const target = byName.get(precondition.target)?.schema;
    if (!target?.attribute(precondition.attribute)) {
      throw new SchemaBuilderError(schema.entityName, `precondition '${precondition.name}' reads unknown attribute '${precondition.attribute}' of '${precondition.target}'`);
    }
  }
}
