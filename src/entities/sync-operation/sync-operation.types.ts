/** Named types of SyncOperation, derived from its schema (never written by hand). */
import type { AttributesOf, CreateInputOf, RecordOf } from '../../schema/index.js';
import type { SyncOperationSchema } from './sync-operation.schema.js';

/** A stored SyncOperation record: every attribute, typed from the schema. */
export type SyncOperationAttributes = RecordOf<AttributesOf<SyncOperationSchema>>;
/** What `da.SyncOperation.create` takes. */
export type CreateSyncOperationInput = CreateInputOf<AttributesOf<SyncOperationSchema>>;
