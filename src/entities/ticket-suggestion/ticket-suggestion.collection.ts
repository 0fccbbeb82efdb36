/** Link lookups by suggestion: direct key reads (ids are derived from suggestionIds), never scans. */
import { ValidationError } from '../../errors/index.js';
import type { Finders } from '../../model/index.js';
import { BaseCollection } from '../../model/index.js';
import type { AttributesOf, IndexesOf } from '../../schema/index.js';
import { checkUuid, identityOf } from '../../schema/index.js';
import type { TicketSuggestion } from './ticket-suggestion.model.js';
import type { TicketSuggestionSchema } from './ticket-suggestion.schema.js';

type A = AttributesOf<TicketSuggestionSchema>;
type I = IndexesOf<TicketSuggestionSchema>;

// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging -- finders are generated on the prototype
export interface TicketSuggestionCollection extends Finders<A, I, TicketSuggestion> {}

/**
 * The suggestion links of one table (`da.TicketSuggestion`): lookups by suggestion id, which are
 * key reads (a link's id is derived from its suggestionId), and the generated finders by ticket.
 *
 * @example
 * ```ts
 * const ticketed = await da.TicketSuggestion.allBySuggestionIds(suggestionIds);
 * const ticketIds = new Map(ticketed.map((link) => [link.getSuggestionId(), link.getTicketId()]));
 * const linksOfTicket = await da.TicketSuggestion.allByTicketId(ticketId);
 * ```
 */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging -- see the interface above
export class TicketSuggestionCollection extends BaseCollection<TicketSuggestion> {
  /** The link of one suggestion, or null (one GetItem). */
  async findBySuggestionId(suggestionId: string): Promise<TicketSuggestion | null> {
    return this.findByUnique('suggestion', { suggestionId });
  }

  /** The links of any number of suggestions (BatchGetItem, 100 keys a request), in input order. */
  async allBySuggestionIds(suggestionIds: readonly string[]): Promise<TicketSuggestion[]> {
    if (!Array.isArray(suggestionIds)) throw new ValidationError([{ path: 'suggestionIds', message: 'expected an array' }], this.entityName);
    const issues = suggestionIds.flatMap((id, i) =>
      typeof id === 'string' && !checkUuid(id) ? [] : [{ path: `suggestionIds[${i}]`, message: 'must be a UUID' }],
    );
    if (issues.length > 0) throw new ValidationError(issues, this.entityName);
    return this.batchGetByIds(suggestionIds.map((suggestionId) => identityOf(this.schema, { suggestionId })));
  }
}
