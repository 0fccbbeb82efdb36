/** How an entity is registered: its schema, model class and collection class. */
import type { BaseCollection } from '../model/base-collection.js';
import type { BaseModel } from '../model/base-model.js';
import type { EntityBinding } from '../model/binding.js';
import type { AnySchema } from '../schema/index.js';

export interface EntityDefinition<M extends BaseModel = BaseModel, C extends BaseCollection<M> = BaseCollection<M>> {
  readonly schema: AnySchema;
  readonly Model: new (binding: EntityBinding, item: Record<string, unknown>) => M;
  readonly Collection: new (binding: EntityBinding) => C;
}

/** Declares an entity for an {@link EntityRegistry} (a typed identity function). */
export function defineEntity<M extends BaseModel, C extends BaseCollection<M>>(definition: EntityDefinition<M, C>): EntityDefinition<M, C> {
  return Object.freeze({ ...definition });
}
