/** Named types of Ticket, derived from its schema (never written by hand). */
import type { AttributesOf, CreateInputOf, RecordOf } from '../../schema/index.js';
import type { TicketSchema } from './ticket.schema.js';

/** A stored Ticket record: every attribute, typed from the schema. */
export type TicketAttributes = RecordOf<AttributesOf<TicketSchema>>;
/** What `da.Ticket.create` takes. */
export type CreateTicketInput = CreateInputOf<AttributesOf<TicketSchema>>;
/** The name API.md's `createWithSuggestions(ticket: TicketInput, …)` uses for {@link CreateTicketInput}. */
export type TicketInput = CreateTicketInput;
