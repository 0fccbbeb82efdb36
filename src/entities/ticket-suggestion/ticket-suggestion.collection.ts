/** Link lookups by suggestion: direct key reads (ids are derived from suggestionIds), never scans. */
import { ValidationError } from '../../errors/index.js';
import type { ValidationIssue } from '../../errors/index.js';
import type { Finders } from '../../model/index.js';
import { BaseCollection } from '../../model/index.js';
import type { AttributesOf, IndexesOf } from '../../schema/index.js';
import { buildRecordForCreate, canonicalValue, checkUuid, holeIssue, identityOf, isPlainObject } from '../../schema/index.js';
import type { AnySchema } from '../../schema/index.js';
import type { CreateInputOfModel, CreateManyResult } from '../../model/index.js';
import { collectionOf, mapWithConcurrency } from '../../model/index.js';
import type { TicketCollection } from '../ticket/ticket.collection.js';

function isValidInput(schema: AnySchema, input: unknown): boolean {
  try {
    buildRecordForCreate(schema, input);
    return true;
  } catch {
    return false;
  }
}

/**
 * Issues of a list of UUIDs (`name[i]` each). An index loop, not flatMap: flatMap skips the holes
 * of a sparse array, and a hole then reached the request as an undefined id.
 */
function uuidListIssues(ids: readonly unknown[], name: string): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  for (let i = 0; i < ids.length; i += 1) {
    const id = ids[i];
    const hole = holeIssue(ids, i, `${name}[${i}]`);
    if (hole) issues.push(hole);
    else if (typeof id !== 'string' || checkUuid(id) !== undefined) issues.push({ path: `${name}[${i}]`, message: 'must be a UUID' });
  }
  return issues;
}

/** Stands in for the connection of a ticket that does not exist (never stored: the write fails). */
const MISSING_TICKET_CONNECTION = '00000000-0000-4000-8000-000000000000';
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
  /**
   * Creates one link. The ticket's connection is copied onto the link (the write checks it
   * still matches the ticket); NotFoundError when the ticket does not exist, ConflictError
   * 'suggestion' when the suggestion already has a link.
   */
  override async create(data: CreateInputOfModel<TicketSuggestion>): Promise<TicketSuggestion> {
    buildRecordForCreate(this.schema, data); // bad input fails here, before the ticket is read
    const connections = await this.connectionsOf([data]);
    return this.insert(data, this.internalsOf(connections)(data));
  }

  /** Creates any number of links; each lands in `created` or in `failed` (see create()). */
  override async createMany(items: readonly CreateInputOfModel<TicketSuggestion>[]): Promise<CreateManyResult<TicketSuggestion, CreateInputOfModel<TicketSuggestion>>> {
    const connections = Array.isArray(items) ? await this.connectionsOf(items) : new Map<string, string>();
    return this.insertMany(items, this.internalsOf(connections));
  }

  /**
   * The connection of each existing ticket that valid inputs name (one BatchGetItem per 100
   * tickets); invalid inputs are left to fail validation without a request.
   */
  private async connectionsOf(inputs: readonly unknown[]): Promise<Map<string, string>> {
    const ticketIds = new Set<string>();
    for (const input of inputs) {
      if (isValidInput(this.schema, input)) ticketIds.add(this.canonicalTicketId((input as { ticketId: string }).ticketId));
    }
    const tickets = ticketIds.size > 0 ? await collectionOf<TicketCollection>(this, 'Ticket').batchGetByIds([...ticketIds]) : [];
    return new Map(tickets.map((ticket) => [ticket.getId(), ticket.getTaskManagementConnectionId()]));
  }

  /**
   * The library's values for an input: its ticket's connection. For a ticket that does not exist
   * a nil id stands in, which the write's check of the ticket turns into NotFoundError.
   */
  private internalsOf(connections: ReadonlyMap<string, string>): (input: unknown) => Record<string, unknown> {
    return (input) => {
      const ticketId = isPlainObject(input) ? input.ticketId : undefined;
      return { taskManagementConnectionId: (typeof ticketId === 'string' && connections.get(this.canonicalTicketId(ticketId))) || MISSING_TICKET_CONNECTION };
    };
  }

  /**
   * A ticketId as stored (lower case): the map of connections is keyed by the tickets' stored
   * ids, and an input may name its ticket in any letter case.
   */
  private canonicalTicketId(ticketId: string): string {
    return canonicalValue(this.schema.attributes['ticketId'], ticketId) as string;
  }

  /** The link of one suggestion, or null (one GetItem). */
  async findBySuggestionId(suggestionId: string): Promise<TicketSuggestion | null> {
    return this.findByUnique('suggestion', { suggestionId });
  }

  /**
   * The links of any number of tickets: one index query per ticket (bounded concurrency), never a
   * scan; grouped by ticket in input order (each ticket once).
   */
  async allByTicketIds(ticketIds: readonly string[]): Promise<TicketSuggestion[]> {
    if (!Array.isArray(ticketIds)) throw new ValidationError([{ path: 'ticketIds', message: 'expected an array' }], this.entityName);
    const issues = uuidListIssues(ticketIds, 'ticketIds');
    if (issues.length > 0) throw new ValidationError(issues, this.entityName);
    // (Array.isArray widens a readonly array to any[]: the ids were checked to be strings above.)
    const unique = [...new Set((ticketIds as readonly string[]).map((id) => id.toLowerCase()))];
    const groups = await mapWithConcurrency(unique, this.concurrency, (ticketId: string) => this.allByTicketId(ticketId));
    return groups.flat();
  }

  /** The links of any number of suggestions (BatchGetItem, 100 keys a request), in input order. */
  async allBySuggestionIds(suggestionIds: readonly string[]): Promise<TicketSuggestion[]> {
    if (!Array.isArray(suggestionIds)) throw new ValidationError([{ path: 'suggestionIds', message: 'expected an array' }], this.entityName);
    const issues = uuidListIssues(suggestionIds, 'suggestionIds');
    if (issues.length > 0) throw new ValidationError(issues, this.entityName);
    return this.batchGetByIds(suggestionIds.map((suggestionId) => identityOf(this.schema, { suggestionId })));
  }
}
