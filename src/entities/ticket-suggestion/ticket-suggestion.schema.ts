/**
 * TicketSuggestion: the immutable link from a product suggestion to the ticket created for it.
 * One link per suggestion: the link's id is derived from the suggestionId, so the item's own
 * key enforces the `suggestion` constraint — no guard item, half the writes per link.
 */
import { attr, SchemaBuilder } from '../../schema/index.js';

/** The data migration that gives links stored before `taskManagementConnectionId` existed their ticket's connection. */
export const LINK_CONNECTION_MIGRATION = '2026-12-link-connection-id';

/**
 * The schema of {@link TicketSuggestion}: immutable links, one per suggestion, whose id is derived
 * from the suggestionId so that the item's own key enforces that.
 */
export const ticketSuggestionSchema = new SchemaBuilder('TicketSuggestion')
  .addAttribute('suggestionId', attr.uuid({ required: true, readOnly: true }))
  .addAttribute('opportunityId', attr.uuid({ required: true, readOnly: true }))
  .addAttribute('createdBy', attr.string({ required: true, readOnly: true, minLength: 1, maxLength: 255 }))
  .belongsTo('Ticket', { gsi: 2 })
  // The ticket's connection, copied by the library when the link is created (and checked
  // against the ticket in the same write): removing a connection then finds all its links with
  // one query instead of one query per ticket.
  .addAttribute('taskManagementConnectionId', attr.uuid({ internal: true }))
  // Links stored before it are not in this index until the migration has given them the id.
  .addIndex('byTaskManagementConnectionId', { gsi: 3, pk: ['taskManagementConnectionId'], backfilledBy: LINK_CONNECTION_MIGRATION })
  .addPrecondition('ticket-connection', { parent: 'Ticket', attribute: 'taskManagementConnectionId', equalsAttribute: 'taskManagementConnectionId' })
  .addUnique('suggestion', ['suggestionId'], { identity: true })
  .allowUpdates(false)
  .build();

/** The exact type of {@link ticketSuggestionSchema}, from which the model's accessors and the collection's finders are typed. */
export type TicketSuggestionSchema = typeof ticketSuggestionSchema;
