/**
 * Domain events: what a change means, derived from the records before and after it. One rule
 * for every kind of change — a missing record has no status — so a consumer that follows the
 * status events alone sees every status a record had, from creation to removal:
 * - `connection.status_changed`, `ticket.status_changed`, `sync.status_changed` when the status
 *   before (null if the record did not exist) differs from the status after (null if it no longer
 *   exists). A connection is always created with a status (`from: null, to: 'active'`); a ticket
 *   created without a tracker status (`ticketStatus: null`) has no event until it gets one.
 * - `sync.completed`, `sync.failed`, `sync.abandoned`, `sync.cancelled` when a sync operation
 *   reaches that terminal status (after its `sync.status_changed`). A sync that failed with
 *   errorCode `'ABANDONED'` is `sync.abandoned`, never `sync.failed`. Removal (TTL expiry, a
 *   cascade) reports no outcome.
 * Links, nonces and token state have no domain events.
 */
import type { ConnectionStatus, SyncStatus } from '../entities/index.js';
import type { ChangeEntityAttributes, ChangeEntityName, DomainEvent, DomainEventsByEntity } from './types.js';

/** The errorCode a sync gets when `start()` takes over from a worker whose lease ran out. */
export const ABANDONED_ERROR_CODE = 'ABANDONED';

/** The records around a change; `latest` is `after`, or `before` for a removal (never null). */
type Records<E extends ChangeEntityName> = {
  before: ChangeEntityAttributes[E] | null;
  after: ChangeEntityAttributes[E] | null;
  latest: ChangeEntityAttributes[E];
};
type Rule<E extends ChangeEntityName> = (records: Records<E>) => DomainEventsByEntity[E][];

const none = (): never[] => [];

const RULES: { readonly [E in ChangeEntityName]: Rule<E> } = {
  TaskManagementConnection: ({ before, after, latest }) => {
    const from: ConnectionStatus | null = before?.status ?? null;
    const to: ConnectionStatus | null = after?.status ?? null;
    if (from === to) return [];
    return [{ type: 'connection.status_changed', taskManagementConnectionId: latest.taskManagementConnectionId, from, to }];
  },
  Ticket: ({ before, after, latest }) => {
    const from = before?.ticketStatus ?? null;
    const to = after?.ticketStatus ?? null;
    if (from === to) return [];
    return [{ type: 'ticket.status_changed', ticketId: latest.ticketId, taskManagementConnectionId: latest.taskManagementConnectionId, from, to }];
  },
  SyncOperation: ({ before, after, latest }) => {
    const from: SyncStatus | null = before?.status ?? null;
    const to: SyncStatus | null = after?.status ?? null;
    if (from === to) return [];
    const ids = { syncOperationId: latest.syncOperationId, taskManagementConnectionId: latest.taskManagementConnectionId };
    const events: DomainEventsByEntity['SyncOperation'][] = [{ type: 'sync.status_changed', ...ids, from, to }];
    if (to === 'completed') events.push({ type: 'sync.completed', ...ids });
    if (to === 'cancelled') events.push({ type: 'sync.cancelled', ...ids });
    if (to === 'failed') {
      const errorCode = latest.errorCode ?? null;
      // Compared as a string: the code is typed by the schema, which may not list it yet.
      const abandoned = (errorCode as string | null) === ABANDONED_ERROR_CODE;
      events.push(abandoned ? { type: 'sync.abandoned', ...ids } : { type: 'sync.failed', ...ids, errorCode });
    }
    return events;
  },
  TicketSuggestion: none,
  OAuthNonce: none,
  OAuthTokenState: none,
};

/** The domain events of one change of entity `entity` (records as the event carries them). */
export function domainEventsOf(entity: ChangeEntityName, before: Record<string, unknown> | null, after: Record<string, unknown> | null, latest: Record<string, unknown>): DomainEvent[] {
  const rule = RULES[entity] as Rule<ChangeEntityName>;
  return rule({ before, after, latest } as Records<ChangeEntityName>);
}
