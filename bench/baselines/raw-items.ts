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

/** GSI keys of queries the baselines send. */
export const indexKeys = {
  notesOfGroup: (groupId: string) => ({ IndexName: 'gsi1', pk: 'gsi1pk', value: partition('groupId', groupId) }),
  ticketsOfConnection: (connectionId: string) => ({ IndexName: 'gsi2', pk: 'gsi2pk', value: partition('taskManagementConnectionId', connectionId) }),
  linksOfTicket: (ticketId: string) => ({ IndexName: 'gsi2', pk: 'gsi2pk', value: partition('ticketId', ticketId) }),
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
    gsi4pk: partition('taskManagementConnectionId', fields.taskManagementConnectionId),
    gsi4sk: `${sortPrefix('ticket')}#statusSyncedAt_`,
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
export function ticketGuardItem(ticket: { ticketId: string; taskManagementConnectionId: string; externalTicketId: string }): Item {
  const values = [ticket.taskManagementConnectionId, ticket.externalTicketId].map((value) => encodeURIComponent(value)).join('#');
  return { pk: `$unique#ticket#external-ticket#${values}`, sk: '$unique', ownerId: ticket.ticketId, constraint: 'external-ticket', entity: 'ticket' };
}
