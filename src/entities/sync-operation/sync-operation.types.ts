/** Named types of SyncOperation, derived from its schema (never written by hand). */
import type { InvalidTransitionError } from '../../errors/index.js';
import type { AttributesOf, CreateInputOf, RecordOf } from '../../schema/index.js';
import type { SyncStatus } from './constants.js';
import type { SyncOperationSchema } from './sync-operation.schema.js';

/** A stored SyncOperation record: every attribute, typed from the schema. */
export type SyncOperationAttributes = RecordOf<AttributesOf<SyncOperationSchema>>;
/** What `da.SyncOperation.create` takes. */
export type CreateSyncOperationInput = CreateInputOf<AttributesOf<SyncOperationSchema>>;
/** The InvalidTransitionError of a sync operation's lifecycle: `from` and `to` are {@link SyncStatus} values. */
export type SyncTransitionError = InvalidTransitionError<SyncStatus>;
