/**
 * What binds a schema to one DataAccess: its ElectroDB adapter, the store context, its
 * collection and the other entities it references. Models and collections reach everything
 * through it; nothing is global.
 */
import type { AnySchema } from '../schema/index.js';
import type { StoreContext } from '../store/context.js';
import type { ElectroAdapter } from './electro-adapter.js';

/** Internal slots of a model instance (symbols keep them out of the public, typed surface). */
export const BINDING = Symbol('binding');
export const RECORD = Symbol('record');
export const ORIGINAL = Symbol('original');

/** How a binding builds model instances of its entity. */
export type ModelFactory = (binding: EntityBinding, item: Record<string, unknown>) => object;

export interface EntityBinding {
  readonly schema: AnySchema;
  readonly adapter: ElectroAdapter;
  readonly context: StoreContext;
  readonly hydrate: (item: Record<string, unknown>) => object;
  /** The binding of another registered entity (for references, cascades and preconditions). */
  readonly resolve: (entityName: string) => EntityBinding;
  /** The collection object of this entity (for reference getters). */
  readonly collection: () => object;
}
