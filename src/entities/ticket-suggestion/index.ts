export { ticketSuggestionSchema } from './ticket-suggestion.schema.js';
export type { TicketSuggestionSchema } from './ticket-suggestion.schema.js';
export { TicketSuggestion } from './ticket-suggestion.model.js';
export { TicketSuggestionCollection } from './ticket-suggestion.collection.js';
export type * from './ticket-suggestion.types.js';
