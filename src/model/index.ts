export { BaseModel } from './base-model.js';
export { BaseCollection } from './base-collection.js';
export type { CreateInputOfModel, SchemaOfModel } from './base-collection.js';
export type { EntityModels, ModelAccessors, ReferenceGetters } from './accessors.js';
export type { Finders } from './finders.js';
export type { EntityBinding } from './binding.js';
export type { CreateManyResult } from './operations/create-many.js';
export type { PageOptions, QueryOptions } from './operations/query-index.js';
