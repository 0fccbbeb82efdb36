/** The link model: immutable (no setters; save() throws). */
import type { ModelAccessors } from '../../model/index.js';
import { BaseModel } from '../../model/index.js';
import type { AttributesOf, ReferencesOf } from '../../schema/index.js';
import type { TicketSuggestionSchema } from './ticket-suggestion.schema.js';

type A = AttributesOf<TicketSuggestionSchema>;
type R = ReferencesOf<TicketSuggestionSchema>;

// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging -- getters are generated on the prototype
export interface TicketSuggestion extends ModelAccessors<A, R, TicketSuggestion> {}

/**
 * The link from a product suggestion to the ticket created for it. Immutable: it has getters only
 * and `save()` throws; it is created by {@link TicketCollection.createWithSuggestions} and removed
 * with its ticket.
 */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging -- see the interface above
export class TicketSuggestion extends BaseModel<TicketSuggestionSchema> {
  /** A link never changes: `save()` does not compile (nothing can call it), and rejects with UNSUPPORTED at run time. */
  declare save: (this: never) => Promise<never>;
}
