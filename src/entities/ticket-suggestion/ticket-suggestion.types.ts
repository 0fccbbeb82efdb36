/** Named types of TicketSuggestion, derived from its schema (never written by hand). */
import type { AttributesOf, CreateInputOf, RecordOf } from '../../schema/index.js';
import type { TicketSuggestionSchema } from './ticket-suggestion.schema.js';

/** A stored TicketSuggestion record: every attribute, typed from the schema. */
export type TicketSuggestionAttributes = RecordOf<AttributesOf<TicketSuggestionSchema>>;
/** What `da.TicketSuggestion.create` takes. */
export type CreateTicketSuggestionInput = CreateInputOf<AttributesOf<TicketSuggestionSchema>>;
