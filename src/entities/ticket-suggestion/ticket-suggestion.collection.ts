/** Link lookups by suggestion: direct key reads (ids are derived from suggestionIds), never scans. */
import { ValidationError } from '../../errors/index.js';
import type { ValidationIssue } from '../../errors/index.js';
import type { Finders } from '../../model/index.js';
import { BaseCollection } from '../../model/index.js';
import type { AttributesOf, IndexesOf } from '../../schema/index.js';
import { arrayItems, buildRecordForCreate, canonicalValue, checkUuid, holeIssue, identityOf, issuesAt, readAll, readFields, UNREAD, UNREADABLE } from '../../schema/index.js';
import type { AnySchema } from '../../schema/index.js';
import type { CreateInputOfModel, CreateManyResult } from '../../model/index.js';
import { collectionOf, mapWithConcurrency } from '../../model/index.js';
import type { TicketCollection } from '../ticket/ticket.collection.js';

/** The record a valid input gives (its values as stored), or undefined for an invalid one. */
function validRecord(schema: AnySchema, input: unknown): Record<string, unknown> | undefined {
  try {
    return buildRecordForCreate(schema, input);
  } catch {
    return undefined;
  }
}

/**
 * Issues of a list of UUIDs (`name[i]` each). An index loop, not flatMap: flatMap skips the holes
 * of a sparse array, and a hole then reached the request as an undefined id.
 */
function uuidListIssues(ids: readonly unknown[], name: string): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  for (let i = 0; i < ids.length; i += 1) {
    const hole = holeIssue(ids, i, `${name}[${i}]`);
    if (hole) issues.push(hole);
    else issues.push(...issuesAt(`${name}[${i}]`, ids[i], (id) => (typeof id === 'string' && checkUuid(id) === undefined ? undefined : 'must be a UUID')));
  }
  return issues;
}

/**
 * A caller's list of UUIDs read once (`name` names it in issues): the copy, every element a UUID
 * (as given: callers bring them to their canonical form). ValidationError listing every bad
 * element (a hole, an element that cannot be read) otherwise.
 */
function readUuidList(ids: unknown, name: string, entityName: string): string[] {
  const list = arrayItems(ids);
  if (list === UNREAD) throw new ValidationError([{ path: name, message: UNREADABLE }], entityName);
  if (list === null) throw new ValidationError([{ path: name, message: 'expected an array' }], entityName);
  const issues = uuidListIssues(list, name);
  if (issues.length > 0) throw new ValidationError(issues, entityName);
  return list as string[];
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
    // Read once: the ticket is looked up for, and the link written from, this copy (a field that
    // could not be read is UNREAD in it, reported by the validation). No object: as given, to be refused.
    const copy = readAll(data);
    const input = copy === null || copy === UNREAD ? data : copy;
    buildRecordForCreate(this.schema, input); // bad input fails here, before the ticket is read
    const connections = await this.connectionsOf([input]);
    return this.insert(input, this.internalsOf(connections)(input));
  }

  /** Creates any number of links; each lands in `created` or in `failed` (see create()). */
  override async createMany(items: readonly CreateInputOfModel<TicketSuggestion>[]): Promise<CreateManyResult<TicketSuggestion, CreateInputOfModel<TicketSuggestion>>> {
    // Read once: the tickets are looked up for, and the links written from, the same elements.
    // No array (or none that can be read): insertMany refuses it, as given.
    const list = arrayItems(items);
    if (list === null || list === UNREAD) return this.insertMany(items);
    const connections = await this.connectionsOf(list);
    return this.insertMany(list as CreateInputOfModel<TicketSuggestion>[], this.internalsOf(connections));
  }

  /**
   * The connection of each existing ticket that valid inputs name (one BatchGetItem per 100
   * tickets); invalid inputs are left to fail validation without a request.
   */
  private async connectionsOf(inputs: readonly unknown[]): Promise<Map<string, string>> {
    const ticketIds = new Set<string>();
    // An index loop over the copy arrayItems made (holes are invalid inputs); the ticketId is the
    // validated record's, not read from the input a second time.
    for (let i = 0; i < inputs.length; i += 1) {
      const record = validRecord(this.schema, inputs[i]);
      if (record) ticketIds.add(this.canonicalTicketId(record.ticketId as string));
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
      // Called for inputs that passed validation: their ticketId was read once already.
      const ticketId = readFields(input, ['ticketId']);
      if (ticketId === null || ticketId === UNREAD) return { taskManagementConnectionId: MISSING_TICKET_CONNECTION };
      const id = ticketId.values.ticketId;
      return { taskManagementConnectionId: (typeof id === 'string' && connections.get(this.canonicalTicketId(id))) || MISSING_TICKET_CONNECTION };
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
    const unique = [...new Set(readUuidList(ticketIds, 'ticketIds', this.entityName).map((id) => id.toLowerCase()))];
    const groups = await mapWithConcurrency(unique, this.concurrency, (ticketId: string) => this.allByTicketId(ticketId));
    return groups.flat();
  }

  /** The links of any number of suggestions (BatchGetItem, 100 keys a request), in input order. */
  async allBySuggestionIds(suggestionIds: readonly string[]): Promise<TicketSuggestion[]> {
    const ids = readUuidList(suggestionIds, 'suggestionIds', this.entityName);
    return this.batchGetByIds(ids.map((suggestionId) => identityOf(this.schema, { suggestionId })));
  }
}
