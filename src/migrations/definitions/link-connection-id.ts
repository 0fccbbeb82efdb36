/**
 * `2026-12-link-connection-id`: links (TicketSuggestion) stored before they carried their
 * ticket's connection (`taskManagementConnectionId`, added with the `byTaskManagementConnectionId`
 * index, gsi3) are invisible to that index; until this migration is done, a connection's cascade
 * also looks for links ticket by ticket (the index names this migration: `backfilledBy`).
 * Each gets the connection id of its ticket; the update rebuilds the index keys with it. A link
 * whose ticket is gone cannot be given one: it is counted as failed and left as it is.
 */
import { LINK_CONNECTION_MIGRATION } from '../../entities/ticket-suggestion/ticket-suggestion.schema.js';
import { readManyStored, unchangedSince, updatePart } from '../../model/index.js';
import type { Migration, StoredRecord } from '../migration.js';
import { change, NOTHING } from '../migration.js';

const CONNECTION = 'taskManagementConnectionId';
const ORPHAN = Object.freeze({ kind: 'fail' as const });

const needsConnection = (link: StoredRecord) => link[CONNECTION] === undefined;

export const linkConnectionId: Migration = {
  id: LINK_CONNECTION_MIGRATION,
  description: "links without their ticket's connection id get it (the connection's cascade finds links by it)",
  entity: 'TicketSuggestion',
  async page(records, collections) {
    const { Ticket, TicketSuggestion } = collections;
    const ticketIds = [...new Set(records.filter(needsConnection).map((link) => link.ticketId as string))];
    // The connection of a ticket never changes (readOnly): one consistent read per page serves every decision.
    const tickets = await readManyStored(Ticket, ticketIds, { consistent: true });
    return (link) => {
      if (!needsConnection(link)) return NOTHING;
      const connectionId = tickets.get(link.ticketId as string)?.[CONNECTION];
      if (typeof connectionId !== 'string') return ORPHAN;
      const set = { [CONNECTION]: connectionId };
      return change(updatePart(TicketSuggestion, link.ticketSuggestionId as string, { set, stamp: false, expect: unchangedSince(TicketSuggestion, link) }, { owner: true }));
    };
  },
};
