export * from './constants.js';
export type * from './metadata-schemas.js';
export { METADATA_SCHEMAS } from './metadata-schemas.js';
export { validateMetadata } from './validate-metadata.js';
export { taskManagementConnectionSchema } from './task-management-connection.schema.js';
export type { TaskManagementConnectionSchema } from './task-management-connection.schema.js';
export { TaskManagementConnection } from './task-management-connection.model.js';
export { TaskManagementConnectionCollection } from './task-management-connection.collection.js';
export type * from './task-management-connection.types.js';
