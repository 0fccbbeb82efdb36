/**
 * Baseline: items and keys written by hand for the raw DocumentClient, in the table's layout
 * (the layout ElectroDB gives the library's entities: `$taskmanagement#<id attribute>_<id>`,
 * `$<entity>_1`, composite sort keys `$<entity>_1#<attribute>_<value>`, guard items
 * `$unique#<entity>#<constraint>#<values>`). bench/checks.ts proves they match what the library writes.
 */
import { randomUUID } from 'node:crypto';

type Item = Record<string, unknown>;

const SERVICE = '$taskmanagement';
const ENTITY_MARKER = '__edb_e__';
const VERSION_MARKER = '__edb_v__';

const partition = (attribute: string, value: unknown) => `${SERVICE}#${attribute}_${String(value)}`;
const sortPrefix = (entity: string) => `$${entity}_1`;

export function connectionKey(id: string): { pk: string; sk: string } {
  return { pk: partition('taskManagementConnectionId', id), sk: sortPrefix('taskmanagementconnection') };
}

export function ticketKey(id: string): { pk: string; sk: string } {
  return { pk: partition('ticketId', id), sk: sortPrefix('ticket') };
}

export function ticketSuggestionKey(id: string): { pk: string; sk: string } {
  return { pk: partition('ticketSuggestionId', id), sk: sortPrefix('ticketsuggestion') };
}

export function benchNoteKey(id: string): { pk: string; sk: string } {
  return { pk: partition('benchNoteId', id), sk: sortPrefix('benchnote') };
}

export function idempotencyKeyKey(id: string): { pk: string; sk: string } {
  return { pk: partition('idempotencyKeyId', id), sk: sortPrefix('idempotencykey') };
}

/** A ticket's keys in the status-sync index (gsi4): its connection, then its statusSyncedAt ('' before any sync: it sorts first). */
export function ticketStatusIndexKeys(connectionId: string, statusSyncedAt = ''): { gsi4pk: string; gsi4sk: string } {
  return { gsi4pk: partition('taskManagementConnectionId', connectionId), gsi4sk: `${sortPrefix('ticket')}#statusSyncedAt_${statusSyncedAt}` };
}

/** The key of the guard item of `entity`'s unique constraint `constraint` over `values`. */
function guardKey(entity: string, constraint: string, values: readonly string[]): { pk: string; sk: string } {
  const encoded = values.map((value) => encodeURIComponent(value)).join('#');
  return { pk: `$unique#${entity}#${constraint}#${encoded}`, sk: '$unique' };
}

/** The key of the guard item of a ticket's (connection, external ticket id) uniqueness. */
export function ticketGuardKey(connectionId: string, externalTicketId: string): { pk: string; sk: string } {
  return guardKey('ticket', 'external-ticket', [connectionId, externalTicketId]);
}

/** The gsi1 partition of a group's BenchNotes. */
const notesOfGroup = (groupId: string) => ({ IndexName: 'gsi1', pk: 'gsi1pk', value: partition('groupId', groupId) });

/** GSI keys of queries the baselines send. */
export const indexKeys = {
  notesOfGroup,
  /**
   * The same partition, narrowed to BenchNotes by their sort-key prefix (composite `position`): the
   * key condition a single-table query needs to keep other entities' and other versions' items
   * out, and the one allByGroupId sends.
   */
  notesOfGroupByPrefix: (groupId: string) => ({ ...notesOfGroup(groupId), sk: 'gsi1sk', prefix: `${sortPrefix('benchnote')}#position_` }),
  ticketsOfConnection: (connectionId: string) => ({ IndexName: 'gsi2', pk: 'gsi2pk', value: partition('taskManagementConnectionId', connectionId) }),
  linksOfTicket: (ticketId: string) => ({ IndexName: 'gsi2', pk: 'gsi2pk', value: partition('ticketId', ticketId) }),
  ticketsByStatusSync: (connectionId: string) => ({ IndexName: 'gsi4', pk: 'gsi4pk', value: ticketStatusIndexKeys(connectionId).gsi4pk }),
};

export interface NoteFields {
  readonly benchNoteId?: string;
  readonly groupId: string;
  readonly title: string;
  readonly body: string;
  readonly position: number;
  readonly createdAt?: string;
  readonly updatedAt?: string;
}

export function benchNoteItem(fields: NoteFields): Item {
  const benchNoteId = fields.benchNoteId ?? randomUUID();
  const createdAt = fields.createdAt ?? new Date().toISOString();
  return {
    ...benchNoteKey(benchNoteId),
    gsi1pk: partition('groupId', fields.groupId),
    gsi1sk: `${sortPrefix('benchnote')}#position_${String(fields.position).padStart(16, '0')}`,
    benchNoteId,
    groupId: fields.groupId,
    title: fields.title,
    body: fields.body,
    position: fields.position,
    createdAt,
    updatedAt: fields.updatedAt ?? createdAt,
    [ENTITY_MARKER]: 'benchnote',
    [VERSION_MARKER]: '1',
  };
}

export interface TicketFields {
  readonly ticketId?: string;
  readonly organizationId: string;
  readonly taskManagementConnectionId: string;
  readonly opportunityId: string;
  readonly externalTicketId: string;
  readonly ticketKey: string;
  readonly ticketUrl: string;
  readonly ticketProvider: string;
  readonly createdBy: string;
  readonly createdAt?: string;
  readonly updatedAt?: string;
}

export function ticketItem(fields: TicketFields): Item {
  const ticketId = fields.ticketId ?? randomUUID();
  const createdAt = fields.createdAt ?? new Date().toISOString();
  return {
    ...ticketKey(ticketId),
    gsi1pk: partition('organizationId', fields.organizationId),
    gsi1sk: `${sortPrefix('ticket')}#createdAt_${createdAt}`,
    gsi2pk: partition('taskManagementConnectionId', fields.taskManagementConnectionId),
    gsi2sk: `${sortPrefix('ticket')}#externalTicketId_${fields.externalTicketId}`,
    gsi3pk: partition('opportunityId', fields.opportunityId),
    gsi3sk: `${sortPrefix('ticket')}#createdAt_${createdAt}`,
    // Never synced yet: the status-sync index sorts it first (an empty statusSyncedAt).
    ...ticketStatusIndexKeys(fields.taskManagementConnectionId),
    ticketId,
    organizationId: fields.organizationId,
    taskManagementConnectionId: fields.taskManagementConnectionId,
    opportunityId: fields.opportunityId,
    externalTicketId: fields.externalTicketId,
    ticketKey: fields.ticketKey,
    ticketUrl: fields.ticketUrl,
    ticketProvider: fields.ticketProvider,
    ticketStatus: null,
    createdBy: fields.createdBy,
    createdAt,
    updatedAt: fields.updatedAt ?? createdAt,
    [ENTITY_MARKER]: 'ticket',
    [VERSION_MARKER]: '1',
  };
}

/** The guard item of a ticket's (connection, external ticket id) uniqueness. */
/** The guard item of `entity`'s unique constraint `constraint` over `values`, owned by `ownerId`. */
function guardItem(entity: string, constraint: string, values: readonly string[], ownerId: string): Item {
  return { ...guardKey(entity, constraint, values), ownerId, constraint, entity };
}

export function ticketGuardItem(ticket: { ticketId: string; taskManagementConnectionId: string; externalTicketId: string }): Item {
  return guardItem('ticket', 'external-ticket', [ticket.taskManagementConnectionId, ticket.externalTicketId], ticket.ticketId);
}

export interface ConnectionFields {
  readonly taskManagementConnectionId?: string;
  readonly organizationId: string;
  readonly provider: string;
  readonly displayName: string;
  readonly instanceUrl: string;
  readonly connectedBy: string;
  readonly externalInstanceId: string;
  readonly metadata: Record<string, unknown>;
  readonly connectedAt?: string;
  readonly createdAt?: string;
}

/** A new, active connection as stored (its defaults: no failures yet, no sync watermarks). */
export function connectionItem(fields: ConnectionFields): Item & { readonly taskManagementConnectionId: string; readonly organizationId: string; readonly provider: string; readonly externalInstanceId: string } {
  const { taskManagementConnectionId = randomUUID(), createdAt = new Date().toISOString(), connectedAt = createdAt, ...values } = fields;
  return {
    ...connectionKey(taskManagementConnectionId),
    gsi1pk: partition('organizationId', fields.organizationId),
    gsi1sk: `${sortPrefix('taskmanagementconnection')}#provider_${fields.provider}#status_active`,
    taskManagementConnectionId,
    ...values,
    status: 'active',
    connectedAt,
    consecutiveFailures: 0,
    syncWatermarks: {},
    createdAt,
    updatedAt: createdAt,
    [ENTITY_MARKER]: 'taskmanagementconnection',
    [VERSION_MARKER]: '1',
  };
}

/** The guard items of an active connection: its external-instance constraint and its active-provider one. */
export function connectionGuardItems(connection: { taskManagementConnectionId: string; organizationId: string; provider: string; externalInstanceId: string }): Item[] {
  const { taskManagementConnectionId: owner, organizationId, provider } = connection;
  return [
    guardItem('taskmanagementconnection', 'external-instance', [organizationId, provider, connection.externalInstanceId], owner),
    guardItem('taskmanagementconnection', 'active-provider', [organizationId, provider], owner),
  ];
}

/** What a claim of an idempotency key stores (the library's IdempotencyKey item while `processing`). */
export interface ClaimFields {
  readonly idempotencyKeyId: string;
  readonly organizationId: string;
  readonly key: string;
  readonly endpoint: string;
  readonly requestHash: string;
  readonly claimToken: string;
  readonly leaseSeconds: number;
  readonly ttlSeconds: number;
  /** Epoch ms of the claim (its lease and expiry run from it). */
  readonly now: number;
  /** When the item was written (default: `now`). */
  readonly createdAt?: string;
}

export function idempotencyClaimItem(fields: ClaimFields): Item {
  const { now } = fields;
  const createdAt = fields.createdAt ?? new Date(now).toISOString();
  return {
    ...idempotencyKeyKey(fields.idempotencyKeyId),
    gsi1pk: partition('organizationId', fields.organizationId),
    gsi1sk: `${sortPrefix('idempotencykey')}#createdAt_${createdAt}`,
    idempotencyKeyId: fields.idempotencyKeyId,
    organizationId: fields.organizationId,
    key: fields.key,
    endpoint: fields.endpoint,
    status: 'processing',
    requestHash: fields.requestHash,
    claimToken: fields.claimToken,
    leaseSeconds: fields.leaseSeconds,
    leaseExpiresAt: new Date(now + fields.leaseSeconds * 1000).toISOString(),
    expiresAt: new Date(now + fields.ttlSeconds * 1000).toISOString(),
    ttl: Math.ceil(now / 1000) + fields.ttlSeconds,
    createdAt,
    updatedAt: createdAt,
    [ENTITY_MARKER]: 'idempotencykey',
    [VERSION_MARKER]: '1',
  };
}
