/** Ticket: a ticket created in a tracker through a connection. */
import { attr, SchemaBuilder } from '../../schema/index.js';
import { PROVIDER_VALUES } from '../task-management-connection/constants.js';

/**
 * The schema of {@link Ticket}: unique per (connection, external ticket id), and created only on
 * an active connection of the same organization and provider — checked in the creating write, so
 * a ticket never lands on another tenant's or a disconnected connection.
 */
export const ticketSchema = new SchemaBuilder('Ticket')
  .addAttribute('organizationId', attr.uuid({ required: true, readOnly: true }))
  .addAttribute('opportunityId', attr.uuid({ readOnly: true }))
  .addAttribute('externalTicketId', attr.string({ required: true, readOnly: true, minLength: 1, maxLength: 255 }))
  .addAttribute('ticketKey', attr.string({ required: true, readOnly: true, minLength: 1, maxLength: 255 }))
  .addAttribute('ticketUrl', attr.httpsUrl({ required: true, readOnly: true }))
  .addAttribute('ticketProvider', attr.enum(PROVIDER_VALUES, { required: true, readOnly: true }))
  .addAttribute('summary', attr.string({ readOnly: true, maxLength: 255 }))
  .addAttribute('ticketStatus', attr.string({ nullable: true, default: null, minLength: 1, maxLength: 100 }))
  .addAttribute('statusSyncedAt', attr.isoDate({ internal: true }))
  // When the tracker changed the status it last reported (its own clock): a webhook or a poll
  // that arrives late with an older one is stale and changes nothing.
  .addAttribute('sourceUpdatedAt', attr.isoDate({ internal: true }))
  .addAttribute('createdBy', attr.string({ required: true, readOnly: true, minLength: 1, maxLength: 255 }))
  .belongsTo('TaskManagementConnection', { gsi: 2, sk: ['externalTicketId'] })
  .addIndex('byOrganization', { gsi: 1, pk: ['organizationId'], sk: ['createdAt'] })
  .addIndex('byOpportunity', { gsi: 3, pk: ['opportunityId'], sk: ['createdAt'] })
  // What a poller refreshes next: a connection's tickets by when their status was last synced
  // (never synced first — the empty key sorts first —, then oldest first).
  .addIndex('byStatusSyncedAt', { gsi: 4, pk: ['taskManagementConnectionId'], sk: ['statusSyncedAt'] })
  .addUnique('external-ticket', ['taskManagementConnectionId', 'externalTicketId'])
  // The connection must be the same organization's: a ticket never lands in another tenant.
  .addPrecondition('connection-organization', { parent: 'TaskManagementConnection', attribute: 'organizationId', equalsAttribute: 'organizationId' })
  .addPrecondition('active-connection', { parent: 'TaskManagementConnection', attribute: 'status', equals: 'active' })
  .addPrecondition('connection-provider', { parent: 'TaskManagementConnection', attribute: 'provider', equalsAttribute: 'ticketProvider' })
  .hasMany('TicketSuggestion', { removeDependents: true })
  .build();

/** The exact type of {@link ticketSchema}, from which the model's accessors and the collection's finders are typed. */
export type TicketSchema = typeof ticketSchema;
