/**
 * The seven entities and their registry. Every entity folder holds its schema, model,
 * collection and index; this file ties them into one EntityRegistry per call.
 */
import { runOnViews } from '../model/observe/operation-binding.js';
import { defineEntity, EntityRegistry } from '../registry/index.js';
import { idempotencyKeySchema, IdempotencyKey, IdempotencyKeyCollection } from './idempotency-key/index.js';
import { oauthNonceSchema, OAuthNonce, OAuthNonceCollection } from './oauth-nonce/index.js';
import { oauthTokenStateSchema, OAuthTokenState, OAuthTokenStateCollection } from './oauth-token-state/index.js';
import { syncOperationSchema, SyncOperation, SyncOperationCollection } from './sync-operation/index.js';
import { taskManagementConnectionSchema, TaskManagementConnection, TaskManagementConnectionCollection } from './task-management-connection/index.js';
import { ticketSchema, Ticket, TicketCollection } from './ticket/index.js';
import { ticketSuggestionSchema, TicketSuggestion, TicketSuggestionCollection } from './ticket-suggestion/index.js';

export * from './idempotency-key/index.js';
export * from './oauth-nonce/index.js';
export * from './oauth-token-state/index.js';
export * from './sync-operation/index.js';
export * from './task-management-connection/index.js';
export * from './ticket/index.js';
export * from './ticket-suggestion/index.js';

declare module '../model/accessors.js' {
  interface EntityModels {
    TaskManagementConnection: TaskManagementConnection;
    Ticket: Ticket;
    TicketSuggestion: TicketSuggestion;
    OAuthNonce: OAuthNonce;
    IdempotencyKey: IdempotencyKey;
    OAuthTokenState: OAuthTokenState;
    SyncOperation: SyncOperation;
  }
}

/**
 * The registry of the library's seven entities, a new one per call. {@link createDataAccess} and
 * {@link tableDefinition} are built on it; it also lists the entities' `schemas`.
 */
export function taskManagementRegistry() {
  // The library's collections keep no state of their own and no #private members: observed
  // (onEvent), their methods run on views of them, so that what they do after an await is counted.
  runOnViews(TaskManagementConnectionCollection, TicketCollection, TicketSuggestionCollection, OAuthNonceCollection, SyncOperationCollection, OAuthTokenStateCollection, IdempotencyKeyCollection);
  return new EntityRegistry({
    TaskManagementConnection: defineEntity({ schema: taskManagementConnectionSchema, Model: TaskManagementConnection, Collection: TaskManagementConnectionCollection }),
    Ticket: defineEntity({ schema: ticketSchema, Model: Ticket, Collection: TicketCollection }),
    TicketSuggestion: defineEntity({ schema: ticketSuggestionSchema, Model: TicketSuggestion, Collection: TicketSuggestionCollection }),
    OAuthNonce: defineEntity({ schema: oauthNonceSchema, Model: OAuthNonce, Collection: OAuthNonceCollection }),
    SyncOperation: defineEntity({ schema: syncOperationSchema, Model: SyncOperation, Collection: SyncOperationCollection }),
    OAuthTokenState: defineEntity({ schema: oauthTokenStateSchema, Model: OAuthTokenState, Collection: OAuthTokenStateCollection }),
    IdempotencyKey: defineEntity({ schema: idempotencyKeySchema, Model: IdempotencyKey, Collection: IdempotencyKeyCollection }),
  });
}
