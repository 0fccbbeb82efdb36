/**
 * The composition root: createDataAccess() and the table helpers for the library's entities.
 * Each call builds its own registry and bindings — nothing global is shared or mutated.
 */
import type { CreateTableCommandInput, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { OAuthNonceCollection, OAuthTokenStateCollection, SyncOperationCollection, TaskManagementConnectionCollection, TicketCollection, TicketSuggestionCollection } from './entities/index.js';
import { taskManagementRegistry } from './entities/index.js';
import { createTableFrom } from './registry/index.js';
import type { StoreConfig } from './registry/index.js';
import { TTL_ATTRIBUTE } from './schema/index.js';

/** The collections of one table. */
export interface DataAccess {
  readonly TaskManagementConnection: TaskManagementConnectionCollection;
  readonly Ticket: TicketCollection;
  readonly TicketSuggestion: TicketSuggestionCollection;
  readonly OAuthNonce: OAuthNonceCollection;
  readonly SyncOperation: SyncOperationCollection;
  /** Rotating provider tokens, encrypted at rest (needs `encryption` in the configuration). */
  readonly OAuthTokenState: OAuthTokenStateCollection;
}

/** Configuration of {@link createDataAccess}. */
export type DataAccessConfig = StoreConfig;

/**
 * Connects the library to one table. Give `client` (a DynamoDBClient or DocumentClient), or
 * `region`/`endpoint` to build one. Throws DataAccessError code 'CONFIGURATION' on bad config.
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

/** The CreateTable input of the library's table, derived from the entity schemas. */
export function tableDefinition(tableName: string): CreateTableCommandInput {
  return taskManagementRegistry().tableDefinition(tableName);
}

/** The attribute the table's DynamoDB TTL must watch (epoch seconds). */
export const ttlAttributeName: string = TTL_ATTRIBUTE;

/**
 * Creates the table and every GSI, waits until it is ACTIVE and enables TTL. With
 * `ifNotExists`, an existing table is left as it is (TTL is still ensured).
 */
export function createTable(client: DynamoDBClient, tableName: string, options: { ifNotExists?: boolean } = {}): Promise<void> {
  return createTableFrom(client, tableDefinition(tableName), options);
}
