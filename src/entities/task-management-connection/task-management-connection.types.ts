/** Named types of TaskManagementConnection, derived from its schema (never written by hand). */
import type { InvalidTransitionError } from '../../errors/index.js';
import type { AttributesOf, CreateInputOf, RecordOf } from '../../schema/index.js';
import type { ConnectionStatus } from './constants.js';
import type { TaskManagementConnectionSchema } from './task-management-connection.schema.js';

/** A stored TaskManagementConnection record: every attribute, typed from the schema. */
export type TaskManagementConnectionAttributes = RecordOf<AttributesOf<TaskManagementConnectionSchema>>;
/** What `da.TaskManagementConnection.create` takes. */
export type CreateTaskManagementConnectionInput = CreateInputOf<AttributesOf<TaskManagementConnectionSchema>>;
/** The InvalidTransitionError of a connection's lifecycle: `from` and `to` are {@link ConnectionStatus} values. */
export type ConnectionTransitionError = InvalidTransitionError<ConnectionStatus>;
