/**
 * What binds a schema to one DataAccess: its ElectroDB adapter, the store context, its
 * collection and the other entities it references. Models and collections reach everything
 * through it; nothing is global.
 */
import type { AnySchema } from '../schema/index.js';
import type { Complete, StoreContext } from '../store/context.js';
import type { OperationScope } from '../store/observe/operation-scope.js';
import type { ElectroAdapter } from './electro-adapter.js';

/**
 * Internal slots of a model instance (symbols keep them out of the public, typed surface).
 * `BOUND` holds the binding an instance was made with; `BINDING` (a getter of EntityModel and
 * BaseCollection) is the binding to work with now — the running operation's copy of it while an
 * `onEvent` operation runs (see model/observe/operation-binding.ts), otherwise the same.
 */
export const BINDING = Symbol('binding');
export const BOUND = Symbol('bound');
export const RECORD = Symbol('record');
export const ORIGINAL = Symbol('original');
export const QUEUE = Symbol('queue');

/** How a binding builds model instances of its entity. */
export type ModelFactory = (binding: EntityBinding, item: Record<string, unknown>) => object;

/**
 * One entity bound to one DataAccess, made by {@link EntityRegistry}: everything its models and
 * collection use to reach the table. Models and collections receive it in their constructors;
 * user code only passes it through.
 */
export interface EntityBinding {
  /** The entity's schema. */
  readonly schema: AnySchema;
  /** Builds the entity's DynamoDB requests. */
  readonly adapter: ElectroAdapter;
  /** The table, client, logger, retry policy and encryption of the DataAccess. */
  readonly context: StoreContext;
  /** Wraps a stored item in the entity's model class. */
  readonly hydrate: (item: Record<string, unknown>) => object;
  /** The binding of another registered entity (for references, cascades and preconditions). */
  readonly resolve: (entityName: string) => EntityBinding;
  /** The collection object of this entity (for reference getters). */
  readonly collection: () => object;
  /**
   * Set on an operation's copy of a binding only (`onEvent`): the operation its requests count
   * in. Its `context` then sends through that operation, and `resolve`/`collection` stay in it.
   */
  readonly scope?: OperationScope | undefined;
}

/**
 * An entity binding. Every binding (a DataAccess's own and each operation's copy) is this one
 * frozen literal with every field, so that all share one hidden class: the model and collection
 * code that reads them stays monomorphic whether `onEvent` listens or not.
 */
export function entityBinding(fields: Complete<EntityBinding>): EntityBinding {
  const binding: Complete<EntityBinding> = {
    schema: fields.schema,
    adapter: fields.adapter,
    context: fields.context,
    hydrate: fields.hydrate,
    resolve: fields.resolve,
    collection: fields.collection,
    scope: fields.scope,
  };
  return Object.freeze(binding);
}
