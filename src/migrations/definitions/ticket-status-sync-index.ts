/**
 * `2026-12-ticket-status-sync-index`: tickets stored before the `byStatusSyncedAt` index (gsi4:
 * the connection's tickets by `statusSyncedAt`, what a poller refreshes next) lack its keys and
 * are never found by `allByStatusSyncedBefore`. Each gets the keys the key builder computes from
 * its stored attributes (a ticket never synced gets the empty sort key part: it sorts first); no
 * attribute changes. A ticket whose status was synced since the upgrade has them already.
 */
import { indexKeysStale, reindexPart, unchangedSince } from '../../model/index.js';
import type { Migration } from '../migration.js';
import { change, NOTHING } from '../migration.js';

const INDEXED = ['statusSyncedAt'] as const;

export const ticketStatusSyncIndex: Migration = {
  id: '2026-12-ticket-status-sync-index',
  description: 'tickets without the byStatusSyncedAt index keys get them (allByStatusSyncedBefore finds them)',
  entity: 'Ticket',
  page(_records, { Ticket }) {
    return Promise.resolve((ticket) => (indexKeysStale(Ticket, ticket, INDEXED) ? change(reindexPart(Ticket, ticket, INDEXED, unchangedSince(Ticket, ticket), { owner: true })) : NOTHING));
  },
};
