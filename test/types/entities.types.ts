/**
 * Compile-time expectations of the entities' typed surface (checked by `npm run typecheck`:
 * every `@ts-expect-error` must meet the error it expects, or the build fails).
 */
import type { ConnectionStatus, DataAccess, IdempotencyClaim, OAuthNonce, SyncOperation, SyncStatus, TaskManagementConnection, Ticket, TicketSuggestion } from '../../src/index.js';

declare const da: DataAccess;
declare const connection: TaskManagementConnection;
declare const ticket: Ticket;
declare const link: TicketSuggestion;
declare const sync: SyncOperation;
declare const nonce: OAuthNonce;

export async function entitySurface(): Promise<void> {
  const status: 'active' | 'disabled' | 'requires_reauth' | 'error' | 'disconnected' = connection.getStatus();
  const statusAlias: ConnectionStatus = connection.getStatus();
  // @ts-expect-error the status getter is the enum union, not any string
  const wrongStatus: 'active' = connection.getStatus();
  const syncStatus: SyncStatus = sync.getStatus();
  // @ts-expect-error a sync's status is not a connection status
  const notConnection: ConnectionStatus = sync.getStatus();
  connection.setDisplayName('Acme').setInstanceUrl('https://acme.atlassian.net');
  // @ts-expect-error provider is readOnly
  connection.setProvider('github');
  // @ts-expect-error connectedBy is readOnly
  connection.setConnectedBy('someone');
  // @ts-expect-error status moves only through lifecycle methods
  connection.setStatus('active');
  // @ts-expect-error lastSyncAt is kept by the library
  connection.setLastSyncAt('2026-01-01T00:00:00.000Z');

  // @ts-expect-error ticket identifiers are readOnly
  ticket.setTicketKey('ASO-1');
  // @ts-expect-error ticket identifiers are readOnly
  ticket.setExternalTicketId('1');
  ticket.setTicketStatus('Done');
  const provider: 'jira_cloud' | 'jira_data_center' | 'github' = ticket.getTicketProvider();

  // @ts-expect-error the bridge has no setters
  link.setSuggestionId('x');
  // @ts-expect-error the bridge has no setters, not even updatedBy
  link.setUpdatedBy('x');
  // @ts-expect-error nonces are immutable
  nonce.setCreatedBy('x');
  // @ts-expect-error a nonce's code verifier is readOnly and hidden
  nonce.setCodeVerifier('x');

  await da.SyncOperation.start({ taskManagementConnectionId: 'c', organizationId: 'o', triggeredBy: 'u', syncType: 'full' });
  // @ts-expect-error an unknown sync type is refused at compile time
  await da.SyncOperation.start({ taskManagementConnectionId: 'c', organizationId: 'o', triggeredBy: 'u', syncType: 'partial' });
  // @ts-expect-error progress stages are an enum
  await sync.reportProgress({ current: 1, total: 2, processed: 1, stage: 'thinking' });
  // API.md types the code as the provider-error union (unknown codes are also refused at run time).
  const code: string = 'RATE_LIMIT';
  // @ts-expect-error a plain string is not a provider error code
  await sync.fail('boom', code);
  await sync.fail('boom', 'RATE_LIMIT');
  await sync.fail('abandoned by hand', 'ABANDONED');
  // @ts-expect-error an invented code does not compile
  await sync.fail('boom', 'CUSTOM_CODE');
  const cursor: string | null = sync.getResumeCursor();
  const lease: string | null = sync.getLeaseExpiresAt();
  void [cursor, lease];

  const active: TaskManagementConnection | null = await da.TaskManagementConnection.findActiveByOrganizationAndProvider('o', 'github');
  // @ts-expect-error unknown provider
  await da.TaskManagementConnection.findActiveByOrganizationAndProvider('o', 'gitlab');
  const tickets: Ticket[] = await connection.getTickets();
  const syncs: SyncOperation[] = await connection.getSyncOperations();
  const parent: Ticket | null = await link.getTicket();
  const links: TicketSuggestion[] = await ticket.getTicketSuggestions();
  const stored = await da.OAuthTokenState.get('c');
  const version: number | undefined = stored?.version;
  // A link never changes: save() itself does not compile.
  // @ts-expect-error save() of a link is impossible by type
  await link.save();
  // An idempotency key is written through claims only: no setters, no save().
  const key = await da.IdempotencyKey.findActiveKey('k', 'o');
  // @ts-expect-error no setter on an idempotency key (not even updatedBy)
  key?.setUpdatedBy('mallory');
  // @ts-expect-error no save() of an idempotency key
  await key?.save();
  const keyStatus: 'processing' | 'completed' | 'failed' | undefined = key?.getStatus();
  // Token state is written by put / rotate / reencryptAll only: its model has no setters.
  const tokenRecord = await da.OAuthTokenState.findById('c');
  // @ts-expect-error no setter on a token record (not even updatedBy)
  tokenRecord?.setUpdatedBy('mallory');
  // @ts-expect-error no setter for the sealed tokens either
  tokenRecord?.setAccessToken('x');
  // @ts-expect-error no save() either: a token record is written through put() / rotate() only
  await tokenRecord?.save();
  // @ts-expect-error no generic create: token state is stored with put() and rotate() only
  await da.OAuthTokenState.create({ taskManagementConnectionId: 'c' });
  // @ts-expect-error no generic createMany either
  await da.OAuthTokenState.createMany([]);
  // IdempotencyClaim is an interface (API.md): a stand-in with its five members is one — the
  // library refuses it at run time (createWithSuggestions takes only claims claim() made).
  const standIn: IdempotencyClaim = { key: 'k', organizationId: 'o', complete: () => Promise.resolve(), fail: () => Promise.resolve(), renew: () => Promise.resolve() };
  // @ts-expect-error but not without renew()
  const partial: IdempotencyClaim = { key: 'k', organizationId: 'o', complete: () => Promise.resolve(), fail: () => Promise.resolve() };
  void [standIn, partial];
  // @ts-expect-error idempotency keys are written through claim() only
  await da.IdempotencyKey.create({ key: 'k' });
  // @ts-expect-error nor createMany
  await da.IdempotencyKey.createMany([]);
  void [status, statusAlias, wrongStatus, syncStatus, notConnection, provider, active, tickets, syncs, parent, links, version, keyStatus];
}
