/**
 * EntityRegistry: the set of entities one table holds. Built from a list (no global registry
 * filled at import time); checks that references between entities fit together; derives the
 * table definition; binds the entities to a store to make collections.
 */
import type { CreateTableCommandInput, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SchemaBuilderError } from '../errors/index.js';
import { installAccessors } from '../model/accessors.js';
import { EntityCollection } from '../model/entity-collection.js';
import { EntityModel } from '../model/entity-model.js';
import type { EntityBinding } from '../model/binding.js';
import { entityBinding } from '../model/binding.js';
import { ElectroAdapter } from '../model/electro-adapter.js';
import { installFinders } from '../model/finders.js';
import { installObservers } from '../model/observe/install-observers.js';
import type { AnySchema, ReferenceSpec } from '../schema/index.js';
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
 * together (SchemaBuilderError otherwise); it then derives the table definition and binds the
 * entities to a store. The generated accessors and finders are installed on an entity's classes
 * when the entity is first used. A registry holds exactly the definitions given to it: there is
 * no global registry that imports fill.
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
  /** The entity names in registration order. */
  readonly #names: readonly string[];

  /** `definitions` is keyed by entity name: `{ Ticket: ticketEntity, … }`. */
  constructor(definitions: D) {
    // Start-up code, run once per entity in the interpreter: indexed loops, no iterators (see checkDefinition).
    const byName = new Map<string, EntityDefinition>();
    const names = Object.keys(definitions);
    for (let i = 0; i < names.length; i += 1) {
      const key = names[i] as string;
      const definition = definitions[key] as EntityDefinition;
      const name = definition.schema.entityName;
      if (key !== name) throw new SchemaBuilderError(name, `is registered under the name '${key}'`);
      byName.set(name, definition);
    }
    this.#definitions = byName;
    this.#names = Object.freeze(names);
    for (let i = 0; i < names.length; i += 1) checkReferences((definitions[names[i] as string] as EntityDefinition).schema, byName);
    Object.freeze(this);
  }

  /** The registered entity names, in registration order. */
  get entityNames(): string[] {
    return [...this.#names];
  }

  /** The registered schemas, in registration order. */
  get schemas(): AnySchema[] {
    return [...this.#definitions.values()].map((definition) => definition.schema);
  }

  /** The CreateTable input for a table that holds every registered entity (with a stream if asked). */
  tableDefinition(tableName: string, options: TableDefinitionOptions = {}): CreateTableCommandInput {
    const checked = checkDefinitionArguments('tableDefinition', tableName, options, DEFINITION_OPTIONS);
    return tableDefinitionOf(this.schemas, tableName, checked);
  }

  /** Collections of every entity, on the table and client that `config` names. */
  createDataAccess(config: StoreConfig): CollectionsOf<D> {
    return this.connect(storeContextOf(config));
  }

  /** Creates this registry's table (and GSIs), waits until ACTIVE, enables TTL. */
  async createTable(client: DynamoDBClient, tableName: string, options: { ifNotExists?: boolean } = {}): Promise<void> {
    const checked = checkAdminArguments('createTable', client, tableName, options, CREATE_OPTIONS);
    return createTableFrom(client, tableDefinitionOf(this.schemas, tableName), checked);
  }

  /** What the live table lacks compared with this registry's definition (only Describe* requests). */
  async planTableUpdate(client: DynamoDBClient, tableName: string, options: PlanTableOptions = {}): Promise<TablePlan> {
    const checked = checkAdminArguments('planTableUpdate', client, tableName, options, PLAN_OPTIONS);
    return planTableUpdateFrom(client, tableDefinitionOf(this.schemas, tableName), checked);
  }

  /** Creates the table, or adds its missing GSIs one at a time, TTL and the stream if asked; never deletes. */
  async syncTable(client: DynamoDBClient, tableName: string, options: SyncTableOptions = {}): Promise<TablePlan> {
    const checked = checkAdminArguments('syncTable', client, tableName, options, SYNC_OPTIONS);
    return syncTableFrom(client, tableDefinitionOf(this.schemas, tableName), checked);
  }

  /**
   * Binds the entities to `context` and returns their collections by entity name. Nothing of an
   * entity is built before its first use in this DataAccess — reading its collection, or another
   * entity reaching it (a reference, a cascade, a precondition): then its binding and collection
   * are made and its classes prepared (see {@link prepareClasses}; once per class, shared by every
   * DataAccess). Its ElectroDB entity waits for the first request it builds.
   */
  connect(context: StoreContext): CollectionsOf<D> {
    const entities = new Map<string, { readonly binding: EntityBinding; readonly collection: EntityCollection }>();
    const use = (name: string) => {
      const known = entities.get(name);
      if (known) return known;
      const definition = this.#definitions.get(name);
      if (!definition) throw new SchemaBuilderError(name, 'is not registered');
      prepareClasses(definition, context.operations !== undefined);
      const { schema, Model, Collection } = definition;
      const binding: EntityBinding = entityBinding({
        schema,
        adapter: new ElectroAdapter(schema, context.tableName),
        context,
        hydrate: (item) => new Model(binding, item),
        resolve: (target) => use(target).binding,
        collection: () => use(name).collection,
        scope: undefined,
      });
      const entity = { binding, collection: new Collection(binding) };
      entities.set(name, entity);
      return entity;
    };
    const collections = {};
    const names = this.#names;
    for (let i = 0; i < names.length; i += 1) {
      const name = names[i] as string;
      Object.defineProperty(collections, name, { get: () => use(name).collection, enumerable: true });
    }
    return Object.freeze(collections) as CollectionsOf<D>;
  }
}

/** Model and collection prototypes whose operation events are installed. */
const observedClasses = new WeakSet<object>();

/**
 * Makes an entity's classes ready, on the first use of the entity (in any DataAccess): the
 * accessors on its model's prototype, the finders on its collection's (each once per class); and,
 * for a DataAccess that observes operations (`onEvent`), after them the operation events on both
 * (once per class, so the generated methods are observed too; a DataAccess without a listener
 * never installs them).
 */
function prepareClasses({ schema, Model, Collection }: EntityDefinition, observed: boolean): void {
  installAccessors(Model.prototype as object, schema);
  installFinders(Collection.prototype as object, schema);
  if (!observed) return;
  for (const [prototype, base] of [
    [Model.prototype as object, EntityModel.prototype],
    [Collection.prototype as object, EntityCollection.prototype],
  ] as const) {
    if (observedClasses.has(prototype)) continue;
    observedClasses.add(prototype);
    installObservers(prototype, base);
  }
}

function checkReferences(schema: AnySchema, byName: ReadonlyMap<string, EntityDefinition>): void {
  const { references } = schema;
  for (let i = 0; i < references.length; i += 1) {
    const reference = references[i] as ReferenceSpec;
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
