/**
 * The composition root: createDataAccess() and the table helpers for the library's entities.
 * Each call builds its own registry and bindings — nothing global is shared or mutated.
 */
import type { CreateTableCommandInput, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { OAuthNonceCollection, OAuthTokenStateApi, SyncOperationCollection, TaskManagementConnectionCollection, TicketCollection, TicketSuggestionCollection } from './entities/index.js';
import { taskManagementRegistry } from './entities/index.js';
import { createTableFrom } from './registry/index.js';
import type { StoreConfig } from './registry/index.js';
import { TTL_ATTRIBUTE } from './schema/index.js';

/** The collections of one table. */
export interface DataAccess {
  /** Organizations' connections to tracker instances. */
  readonly TaskManagementConnection: TaskManagementConnectionCollection;
  /** Tickets created through connections. */
  readonly Ticket: TicketCollection;
  /** Links from suggestions to their tickets. */
  readonly TicketSuggestion: TicketSuggestionCollection;
  /** Single-use OAuth `state` values. */
  readonly OAuthNonce: OAuthNonceCollection;
  /** Progress-tracked syncs of connections. */
  readonly SyncOperation: SyncOperationCollection;
  /**
   * Rotating provider tokens, encrypted at rest (needs `encryption` in the configuration). Written
   * with put/rotate only: the generic create/createMany are not part of it.
   */
  readonly OAuthTokenState: OAuthTokenStateApi;
}

/** Configuration of {@link createDataAccess}. */
export type DataAccessConfig = StoreConfig;

/**
 * Connects the library to one table. Give `client` (a DynamoDBClient or DocumentClient), or
 * `region`/`endpoint` to build one. Throws DataAccessError code 'CONFIGURATION' on bad config.
 *
 * Sends no request: it only builds the collections, so it is cheap to call once at start-up and
 * share the result.
 *
 * @example
 * ```ts
 * const da = createDataAccess({ tableName: 'task-management', client: new DynamoDBClient({ region: 'eu-west-1' }) });
 * const connection = await da.TaskManagementConnection.findById(connectionId);
 *
 * // DynamoDB Local, and a keyring for the OAuth tokens
 * const local = createDataAccess({
 *   tableName: 'task-management',
 *   region: 'local',
 *   endpoint: 'http://127.0.0.1:8000',
 *   encryption: { keys: { k1: randomBytes(32) }, activeKeyId: 'k1' },
 * });
 * ```
 */
export function createDataAccess(config: DataAccessConfig): DataAccess {
  const collections = taskManagementRegistry().createDataAccess(config);
  return Object.freeze({
    TaskManagementConnection: collections.TaskManagementConnection,
    Ticket: collections.Ticket,
    TicketSuggestion: collections.TicketSuggestion,
    OAuthNonce: collections.OAuthNonce,
    SyncOperation: collections.SyncOperation,
    OAuthTokenState: collections.OAuthTokenState,
  });
}

/**
 * The CreateTable input of the library's table, derived from the entity schemas: `pk`/`sk`, one
 * GSI per index slot the entities use, on-demand billing. For infrastructure code that creates
 * the table itself (enable TTL on {@link ttlAttributeName} there too).
 *
 * @example
 * ```ts
 * const input = tableDefinition('task-management');
 * input.GlobalSecondaryIndexes?.map((gsi) => gsi.IndexName); // ['gsi1', 'gsi2', 'gsi3']
 * ```
 */
export function tableDefinition(tableName: string): CreateTableCommandInput {
  return taskManagementRegistry().tableDefinition(tableName);
}

/** The attribute the table's DynamoDB TTL must watch (epoch seconds). */
export const ttlAttributeName: string = TTL_ATTRIBUTE;

/**
 * Creates the table and every GSI, waits until it is ACTIVE and enables TTL. With
 * `ifNotExists`, an existing table is left as it is (TTL is still ensured).
 *
 * @example
 * ```ts
 * const client = new DynamoDBClient({ region: 'eu-west-1' });
 * await createTable(client, 'task-management', { ifNotExists: true }); // an existing table is not altered
 * ```
 */
export function createTable(client: DynamoDBClient, tableName: string, options: { ifNotExists?: boolean } = {}): Promise<void> {
  return createTableFrom(client, tableDefinition(tableName), options);
}
