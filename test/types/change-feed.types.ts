/**
 * Compile-time expectations of the change feed (checked by `npm run typecheck`: every
 * `@ts-expect-error` must meet the error it expects, or the build fails).
 */
import type {
  ChangeEvent,
  ConnectionStatus,
  DomainEvent,
  DomainEventType,
  EntityChangeEvent,
  OAuthNonceAttributes,
  OAuthTokenStateAttributes,
  SyncOperationAttributes,
  SyncStatus,
  TaskManagementConnectionAttributes,
  TicketAttributes,
  TicketSuggestionAttributes,
} from '../../src/index.js';
import { parseStreamRecord } from '../../src/index.js';

declare const record: unknown;

/** True when A and B are mutually assignable. */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const check = <T extends true>(): T => true as T;

export function changeFeedSurface(): void {
  const change: ChangeEvent | null = parseStreamRecord(record);
  // @ts-expect-error the result may be null (internal items)
  const notNull: ChangeEvent = parseStreamRecord(record);
  // @ts-expect-error it takes exactly one record
  parseStreamRecord();
  if (!change) return;

  const entity: 'TaskManagementConnection' | 'Ticket' | 'TicketSuggestion' | 'OAuthNonce' | 'SyncOperation' | 'OAuthTokenState' = change.entity;
  const kind: 'created' | 'updated' | 'removed' = change.kind;
  const id: string = change.id;
  const changed: string[] = change.changed;
  const domain: DomainEvent[] = change.domain;
  // @ts-expect-error an unknown entity name never compares true
  if (change.entity === 'IdempotencyKey') return;

  // Narrowing on `entity` types before/after as the entity's attributes.
  if (change.entity === 'Ticket') {
    const after: TicketAttributes | null = change.after;
    const before: TicketAttributes | null = change.before;
    const status: string | null | undefined = change.after?.ticketStatus;
    // @ts-expect-error a ticket has no connection status
    void change.after?.status;
    const ticketChanged: (keyof TicketAttributes)[] = change.changed;
    // @ts-expect-error changed names only the entity's attributes
    const wrongChanged: ('status' | 'ticketId')[] = change.changed;
    void [after, before, status, ticketChanged, wrongChanged];
  }
  if (change.entity === 'SyncOperation') {
    const after: SyncOperationAttributes | null = change.after;
    const status: SyncStatus | undefined = change.after?.status;
    // @ts-expect-error a Ticket attribute on a SyncOperation event
    void change.after?.ticketStatus;
    // @ts-expect-error nor a ticket's type
    const asTicket: TicketAttributes | null = change.after;
    void [after, status, asTicket];
  }
  if (change.entity === 'TaskManagementConnection') {
    const after: TaskManagementConnectionAttributes | null = change.after;
    const status: ConnectionStatus | undefined = change.after?.status;
    void [after, status];
  }
  if (change.entity === 'TicketSuggestion') {
    const after: TicketSuggestionAttributes | null = change.after;
    const none: never[] = change.domain;
    // @ts-expect-error links carry no domain events
    change.domain.push({ type: 'ticket.status_changed', ticketId: 't', taskManagementConnectionId: 'c', from: null, to: 'Done' });
    void [after, none];
  }

  // Narrowing on `kind` says which image is there.
  if (change.entity === 'Ticket' && change.kind === 'created') {
    const ticketId: string = change.after.ticketId;
    const before: null = change.before;
    void [ticketId, before];
  }
  if (change.kind === 'removed') {
    const after: null = change.after;
    const removedId: string = change.before.createdAt;
    // @ts-expect-error a removed record has no after image
    void change.after.createdAt;
    void [after, removedId];
  }
  if (change.kind === 'updated') {
    const updatedAt: string = change.before.updatedAt;
    const afterUpdatedAt: string = change.after.updatedAt;
    void [updatedAt, afterUpdatedAt];
  }

  // Hidden attributes are not part of the event types.
  if (change.entity === 'OAuthNonce' && change.after) {
    // @ts-expect-error the PKCE code verifier is hidden
    void change.after.codeVerifier;
    const nonceId: string = change.after.oAuthNonceId;
    const asStored: Omit<OAuthNonceAttributes, 'codeVerifier'> = change.after;
    void [nonceId, asStored];
  }
  if (change.entity === 'OAuthTokenState' && change.after) {
    // @ts-expect-error token ciphertexts are hidden
    void change.after.accessToken;
    // @ts-expect-error token ciphertexts are hidden
    void change.after.refreshToken;
    const version: number | undefined = change.after.version;
    const keyId: string | undefined = change.after.keyId;
    void [version, keyId];
  }

  // Domain events are a discriminated union.
  for (const event of change.domain) {
    const type: DomainEventType = event.type;
    // @ts-expect-error an unknown domain event type never compares true
    if (event.type === 'ticket.closed') return;
    if (event.type === 'connection.status_changed') {
      const from: ConnectionStatus | null = event.from;
      const to: ConnectionStatus | null = event.to;
      // @ts-expect-error a connection status is not any string
      const wrong: 'active' = event.to;
      void [from, to, wrong, event.taskManagementConnectionId];
    }
    if (event.type === 'ticket.status_changed') {
      const from: string | null = event.from;
      void [from, event.ticketId];
    }
    if (event.type === 'sync.status_changed') {
      const to: SyncStatus | null = event.to;
      // @ts-expect-error a sync status is not a connection status
      const asConnection: ConnectionStatus | null = event.to;
      void [to, asConnection];
    }
    if (event.type === 'sync.failed') {
      const code: string | null = event.errorCode;
      void code;
    }
    if (event.type === 'sync.completed' || event.type === 'sync.abandoned' || event.type === 'sync.cancelled') {
      const syncOperationId: string = event.syncOperationId;
      // @ts-expect-error only status events carry from/to
      void event.from;
      void syncOperationId;
    }
    void type;
  }
  void [notNull, entity, kind, id, changed, domain];
}

// Without hidden attributes, the event's attributes are exactly the named types.
check<Same<EntityChangeEvent<'Ticket'>['after'], TicketAttributes | null>>();
check<Same<EntityChangeEvent<'TaskManagementConnection'>['before'], TaskManagementConnectionAttributes | null>>();
check<Same<NonNullable<EntityChangeEvent<'OAuthTokenState'>['after']>, Omit<OAuthTokenStateAttributes, 'accessToken' | 'refreshToken'>>>();
// OAuthNonce events are the stored record without its code verifier (not even as an optional key).
check<Same<'codeVerifier' extends keyof NonNullable<EntityChangeEvent<'OAuthNonce'>['after']> ? true : false, false>>();
check<Same<'codeVerifier' extends keyof OAuthNonceAttributes ? true : false, true>>();
// A ChangeEvent fits the contract's flat shape.
export const flat = (event: ChangeEvent): { entity: string; id: string; kind: string; before: object | null; after: object | null; changed: string[]; domain: DomainEvent[] } => event;
