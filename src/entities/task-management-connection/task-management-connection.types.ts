/** Named types of TaskManagementConnection, derived from its schema (never written by hand). */
import type { InvalidTransitionError } from '../../errors/index.js';
import type { AttributesOf, CreateInputOf, RecordOf } from '../../schema/index.js';
import type { ConnectionStatus, Provider } from './constants.js';
import type { MetadataByProvider } from './metadata-schemas.js';
import type { TaskManagementConnectionSchema } from './task-management-connection.schema.js';

/** A stored TaskManagementConnection record: every attribute, typed from the schema. */
export type TaskManagementConnectionAttributes = RecordOf<AttributesOf<TaskManagementConnectionSchema>>;
/** The create input as the schema alone derives it: `metadata` is any provider's. */
type SchemaCreateInput = CreateInputOf<AttributesOf<TaskManagementConnectionSchema>>;

/** The create input of a connection to `P`: the schema's fields, with `metadata` of that provider. */
type CreateInputFor<P extends Provider> = Omit<SchemaCreateInput, 'provider' | 'metadata'> & {
  /** The tracker; it decides the shape of `metadata`. */
  provider: P;
  /** The provider's metadata (checked against its JSON Schema at run time too). */
  metadata: MetadataByProvider[P];
};

/**
 * What `da.TaskManagementConnection.create` takes: a union over `provider`, so the `metadata`
 * type follows the provider given — GitHub metadata on a `jira_cloud` connection does not
 * compile. The other fields come from the schema (see {@link TaskManagementConnectionAttributes}).
 * (`create` itself also takes {@link CreateTaskManagementConnectionInputFor}, for a caller whose
 * provider is only known as `Provider`.)
 */
export type CreateTaskManagementConnectionInput = { [P in Provider]: CreateInputFor<P> }[Provider];

/**
 * The create input of a connection to provider `P`. With a literal `P` it is one member of
 * {@link CreateTaskManagementConnectionInput}; with `P = Provider` (a provider known only at run
 * time) `metadata` is any provider's, and the run time checks it against the provider.
 */
export type CreateTaskManagementConnectionInputFor<P extends Provider> = CreateInputFor<P>;
/** The InvalidTransitionError of a connection's lifecycle: `from` and `to` are {@link ConnectionStatus} values. */
export type ConnectionTransitionError = InvalidTransitionError<ConnectionStatus>;
