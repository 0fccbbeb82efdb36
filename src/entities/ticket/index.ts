export { ticketSchema } from './ticket.schema.js';
export type { TicketSchema } from './ticket.schema.js';
export { Ticket } from './ticket.model.js';
export { MAX_LINKS_PER_TICKET, TicketCollection } from './ticket.collection.js';
export type { SuggestionLinkInput } from './ticket.collection.js';
export type * from './ticket.types.js';
export type { ExternalStatusUpdate, ExternalTicketUpdate, ExternalUpdatesResult } from './external-updates.js';
