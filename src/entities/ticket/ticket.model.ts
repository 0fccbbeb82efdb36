/** The ticket model: identifiers are readOnly; only the synced status changes. */
import { ValidationError } from '../../errors/index.js';
import type { ModelAccessors } from '../../model/index.js';
import { BaseModel } from '../../model/index.js';
import type { AttributesOf, ReferencesOf } from '../../schema/index.js';
import type { TicketSchema } from './ticket.schema.js';

type A = AttributesOf<TicketSchema>;
type R = ReferencesOf<TicketSchema>;

// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging -- getters and setters are generated on the prototype
export interface Ticket extends ModelAccessors<A, R, Ticket> {}

/**
 * A ticket created in a tracker through a connection, with its key, URL and last synced status.
 *
 * What identifies the ticket is readOnly (no setters); the tracker owns its status, which
 * {@link Ticket.recordStatusSync} records. Removing a ticket removes its suggestion links.
 *
 * @example
 * ```ts
 * const ticket = await da.Ticket.findByExternalTicketId(connectionId, '10042');
 * if (ticket) await ticket.recordStatusSync('In Progress');
 * ```
 */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging -- see the interface above
export class Ticket extends BaseModel<TicketSchema> {
  /**
   * Records the status read from the tracker: sets ticketStatus and statusSyncedAt. The
   * tracker is the source of truth, so the latest sync wins (no optimistic check) — unless this
   * copy carries unsaved setter changes, which are written under save()'s check.
   */
  async recordStatusSync(status: string): Promise<this> {
    if (typeof status !== 'string') throw new ValidationError([{ path: 'status', message: 'must be a string' }], 'Ticket');
    return this.write({ values: { ticketStatus: status, statusSyncedAt: new Date().toISOString() }, operation: 'Ticket.recordStatusSync' });
  }
}
