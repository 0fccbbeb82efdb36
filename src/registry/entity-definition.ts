/** How an entity is registered: its schema, model class and collection class. */
import type { EntityCollection } from '../model/entity-collection.js';
import type { EntityModel } from '../model/entity-model.js';
import type { EntityBinding } from '../model/binding.js';
import type { AnySchema } from '../schema/index.js';

/**
 * One entity of an {@link EntityRegistry}: its schema and the classes that the registry binds to
 * it (made with {@link defineEntity}, which keeps the model and collection types).
 */
export interface EntityDefinition<M extends EntityModel = EntityModel, C extends EntityCollection<M> = EntityCollection<M>> {
  readonly schema: AnySchema;
  /** The model class; its accessors are installed on its prototype when the entity is first used. */
  readonly Model: new (binding: EntityBinding, item: Record<string, unknown>) => M;
  /** The collection class; its finders are installed on its prototype when the entity is first used. */
  readonly Collection: new (binding: EntityBinding) => C;
}

/** Declares an entity for an {@link EntityRegistry} (a typed identity function). */
export function defineEntity<M extends EntityModel, C extends EntityCollection<M>>(definition: EntityDefinition<M, C>): EntityDefinition<M, C> {
  return Object.freeze({ ...definition });
}
