export * from './constants.js';
export { syncOperationSchema } from './sync-operation.schema.js';
export type { SyncOperationSchema } from './sync-operation.schema.js';
export { SyncOperation } from './sync-operation.model.js';
export { SyncOperationCollection } from './sync-operation.collection.js';
export type { StartSyncInput } from './sync-operation.collection.js';
export type * from './sync-operation.types.js';
