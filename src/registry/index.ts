export { EntityRegistry } from './entity-registry.js';
export type { CollectionsOf, EntityDefinitions } from './entity-registry.js';
export { defineEntity } from './entity-definition.js';
export type { EntityDefinition } from './entity-definition.js';
export { createTableFrom } from './create-table.js';
export { tableDefinitionOf } from './table-definition.js';
export { defaultLogger, storeContextOf } from './store-config.js';
export type { StoreConfig } from './store-config.js';
