/**
 * Types of the change feed: what {@link parseStreamRecord} returns. Everything is derived from the
 * entity schemas (attribute types, statuses), so a schema change changes these types with it.
 */
import type { AttributesOf } from '../schema/index.js';
import type { OAuthNonceAttributes, OAuthNonceSchema } from '../entities/oauth-nonce/index.js';
import type { OAuthTokenStateAttributes, OAuthTokenStateSchema } from '../entities/oauth-token-state/index.js';
import type { SyncOperationAttributes, SyncOperationSchema, SyncStatus } from '../entities/sync-operation/index.js';
import type { ConnectionStatus, TaskManagementConnectionAttributes, TaskManagementConnectionSchema } from '../entities/task-management-connection/index.js';
import type { TicketAttributes, TicketSchema } from '../entities/ticket/index.js';
import type { TicketSuggestionAttributes, TicketSuggestionSchema } from '../entities/ticket-suggestion/index.js';

/** Names of the attributes schema `S` declares `hidden` (`'codeVerifier'` for OAuthNonce's schema). */
export type HiddenAttributeNames<S> = {
  [K in keyof AttributesOf<S>]: AttributesOf<S>[K] extends { readonly options: { readonly hidden: true } } ? K : never;
}[keyof AttributesOf<S>];

/** The named attributes type `A` of schema `S` without its hidden attributes (`A` itself when there are none). */
export type WithoutHiddenAttributes<A, S> = [HiddenAttributeNames<S>] extends [never] ? A : Omit<A, HiddenAttributeNames<S>>;

/**
 * The attributes a change event carries for each entity: the stored record (`<Entity>Attributes`)
 * without its hidden attributes — OAuthNonce without `codeVerifier`, OAuthTokenState without the
 * `accessToken` and `refreshToken` ciphertexts. Derived from the schemas' `hidden` options.
 */
export interface ChangeEntityAttributes {
  TaskManagementConnection: WithoutHiddenAttributes<TaskManagementConnectionAttributes, TaskManagementConnectionSchema>;
  Ticket: WithoutHiddenAttributes<TicketAttributes, TicketSchema>;
  TicketSuggestion: WithoutHiddenAttributes<TicketSuggestionAttributes, TicketSuggestionSchema>;
  OAuthNonce: WithoutHiddenAttributes<OAuthNonceAttributes, OAuthNonceSchema>;
  SyncOperation: WithoutHiddenAttributes<SyncOperationAttributes, SyncOperationSchema>;
  OAuthTokenState: WithoutHiddenAttributes<OAuthTokenStateAttributes, OAuthTokenStateSchema>;
}

/** The entities the change feed reports: `'TaskManagementConnection' | 'Ticket' | …`. */
export type ChangeEntityName = keyof ChangeEntityAttributes;

/** What happened to the record: a DynamoDB Streams INSERT, MODIFY or REMOVE. */
export type ChangeKind = 'created' | 'updated' | 'removed';

/** A name of an attribute that change events of entity `E` can list in `changed`. */
export type ChangedAttribute<E extends ChangeEntityName> = keyof ChangeEntityAttributes[E] & string;

/**
 * A connection's status moved. `from` is null when the connection was created, `to` is null when
 * it was removed; on an update they are the stored statuses before and after (never equal).
 */
export interface ConnectionStatusChanged {
  type: 'connection.status_changed';
  taskManagementConnectionId: string;
  from: ConnectionStatus | null;
  to: ConnectionStatus | null;
}

/**
 * A ticket's tracker status (`ticketStatus`, a free string or null) moved. Created with a status:
 * `from` is null; removed with one: `to` is null; created or removed without one: no event.
 */
export interface TicketStatusChanged {
  type: 'ticket.status_changed';
  ticketId: string;
  taskManagementConnectionId: string;
  from: string | null;
  to: string | null;
}

/** A sync operation's status moved (`from` null when it was created, `to` null when it was removed). */
export interface SyncStatusChanged {
  type: 'sync.status_changed';
  syncOperationId: string;
  taskManagementConnectionId: string;
  from: SyncStatus | null;
  to: SyncStatus | null;
}

/** A sync operation reached `completed`. */
export interface SyncCompleted {
  type: 'sync.completed';
  syncOperationId: string;
  taskManagementConnectionId: string;
}

/** A sync operation reached `failed` for a reason other than abandonment; `errorCode` as stored (null if none). */
export interface SyncFailed {
  type: 'sync.failed';
  syncOperationId: string;
  taskManagementConnectionId: string;
  errorCode: Exclude<ChangeEntityAttributes['SyncOperation']['errorCode'], undefined> | null;
}

/**
 * A sync operation was abandoned: its worker let the lease run out and `start()` moved it to
 * `failed` with errorCode `'ABANDONED'`. Reported instead of `sync.failed`.
 */
export interface SyncAbandoned {
  type: 'sync.abandoned';
  syncOperationId: string;
  taskManagementConnectionId: string;
}

/** A sync operation reached `cancelled`. */
export interface SyncCancelled {
  type: 'sync.cancelled';
  syncOperationId: string;
  taskManagementConnectionId: string;
}

/** The domain events each entity's changes can carry (none for links, nonces and token state). */
export interface DomainEventsByEntity {
  TaskManagementConnection: ConnectionStatusChanged;
  Ticket: TicketStatusChanged;
  TicketSuggestion: never;
  OAuthNonce: never;
  SyncOperation: SyncStatusChanged | SyncCompleted | SyncFailed | SyncAbandoned | SyncCancelled;
  OAuthTokenState: never;
}

/**
 * A domain event: what a change means, discriminated by `type`. Every one names its connection.
 *
 * One rule for every kind of change — a record that does not exist has no status — so a consumer
 * that follows the status events alone sees every status a record had, from creation to removal:
 * - `connection.status_changed`, `ticket.status_changed`, `sync.status_changed`: the status before
 *   (null when the record was just created) differs from the status after (null when it was
 *   removed). On an update that means a real transition (`from !== to`); a write that leaves the
 *   status alone has none. A connection is always created with a status (`from: null, to: 'active'`),
 *   so a consumer counting active connections needs no special case for creation or removal. A
 *   ticket created without a tracker status (`ticketStatus: null`) has no event until it gets one.
 * - `sync.completed`, `sync.failed`, `sync.abandoned`, `sync.cancelled`: a sync operation reached
 *   that terminal status (listed after its `sync.status_changed`). A sync that failed with
 *   errorCode `'ABANDONED'` (its lease ran out and `start()` took over) is `sync.abandoned`, never
 *   `sync.failed`. Removing a sync (TTL expiry, a cascade) repeats no outcome.
 * Links, nonces and token state have no domain events.
 */
export type DomainEvent = DomainEventsByEntity[ChangeEntityName];

/** The `type` of every {@link DomainEvent}. */
export type DomainEventType = DomainEvent['type'];

/**
 * One change of one entity record, from one DynamoDB stream record. `entity` narrows the
 * attributes, `kind` narrows which image is there:
 * - `created`: `before` is null, `after` the new record, `changed` the attributes it has;
 * - `updated`: both records, `changed` the attributes that differ (deep equality), never empty
 *   unless only a hidden attribute changed;
 * - `removed`: `before` the removed record, `after` null, `changed` the attributes it had.
 * `changed` lists visible schema attributes in the schema's declaration order; storage attributes
 * (keys, ElectroDB markers, write tokens, fences) and hidden ones never appear anywhere.
 */
export type EntityChangeEvent<E extends ChangeEntityName = ChangeEntityName> = {
  [K in E]: {
    [C in ChangeKind]: {
      entity: K;
      /** The record's id (the value of its id attribute, e.g. `ticketId`). */
      id: string;
      kind: C;
      before: C extends 'created' ? null : ChangeEntityAttributes[K];
      after: C extends 'removed' ? null : ChangeEntityAttributes[K];
      changed: ChangedAttribute<K>[];
      domain: DomainEventsByEntity[K][];
    };
  }[ChangeKind];
}[E];

/** A change of any entity: the union of {@link EntityChangeEvent} over the six entities. */
export type ChangeEvent = EntityChangeEvent;

/**
 * The shape {@link parseStreamRecord} reads, for documentation: both a Lambda
 * `DynamoDBStreamEvent` record and a `@aws-sdk/client-dynamodb-streams` GetRecords record have
 * it. Images are marshalled AttributeValue maps (`{ S: '…' }`, `{ N: '42' }`, `{ M: {…} }`, …).
 * Other fields (eventID, eventSource, SequenceNumber, …) are not read.
 */
export interface StreamRecordLike {
  eventName: 'INSERT' | 'MODIFY' | 'REMOVE';
  dynamodb: {
    Keys: Record<string, unknown>;
    NewImage?: Record<string, unknown>;
    OldImage?: Record<string, unknown>;
    /** When present it must be `NEW_AND_OLD_IMAGES`. */
    StreamViewType?: string;
  };
}
