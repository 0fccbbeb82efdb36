/** Ticket queries and the all-or-nothing creation of a ticket with its suggestion links. */
import { ValidationError } from '../../errors/index.js';
import type { ValidationIssue } from '../../errors/index.js';
import type { CreateInputOfModel, Finders } from '../../model/index.js';
import type { QueryOptions } from '../../model/index.js';
import { BaseCollection, checkQueryOptions, collectionOf, commit, createPart, hydratePart, stampNew } from '../../model/index.js';
import type { ExternalStatusUpdate, ExternalTicketUpdate, ExternalUpdatesResult } from './external-updates.js';
import { applyExternalUpdate, applyExternalUpdates } from './external-updates.js';
import type { AttributesOf, IndexesOf } from '../../schema/index.js';
import { arrayItems, buildRecordForCreate, checkIsoDate, holeIssue, readFields, UNREAD, UNREADABLE } from '../../schema/index.js';
import type { IdempotencyClaim } from '../idempotency-key/idempotency-claim.js';
import { COMPLETION, HeldClaim } from '../idempotency-key/idempotency-claim.js';
import type { TicketSuggestion } from '../ticket-suggestion/ticket-suggestion.model.js';
import type { TicketSuggestionCollection } from '../ticket-suggestion/ticket-suggestion.collection.js';
import type { Ticket } from './ticket.model.js';
import type { TicketSchema } from './ticket.schema.js';

type A = AttributesOf<TicketSchema>;
type I = IndexesOf<TicketSchema>;

/**
 * The most suggestion links {@link TicketCollection.createWithSuggestions} takes for one ticket.
 * Ticket and links are one transaction (at most 100 actions, shared with the ticket's put, its
 * guard item and the connection check), so the limit is fixed well below it, at 49.
 */
export const MAX_LINKS_PER_TICKET = 49;

/** One suggestion to link to a new ticket in {@link TicketCollection.createWithSuggestions}. */
export interface SuggestionLinkInput {
  /** The suggestion (a UUID); a suggestion is linked to at most one ticket. */
  suggestionId: string;
  /** The suggestion's opportunity (a UUID). */
  opportunityId: string;
}

const PLACEHOLDER_ID = '00000000-0000-4000-8000-000000000000';
const PLACEHOLDER_AUTHOR = 'placeholder';

const LINK_FIELDS = ['suggestionId', 'opportunityId'] as const;

/** True for a claim made by IdempotencyKey.claim(); false for anything else, a value that cannot be asked (a revoked Proxy) too. */
function isClaim(value: unknown): value is HeldClaim {
  try {
    return value instanceof HeldClaim;
  } catch {
    return false;
  }
}

// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging -- finders are generated on the prototype
export interface TicketCollection extends Finders<A, I, Ticket> {}

/**
 * The tickets of one table (`da.Ticket`): creation together with suggestion links, lookup by the
 * tracker's id, and the generated finders by connection, organization and opportunity
 * (`allByOrganizationId`, `allByOpportunityIdAndCreatedAt`, …).
 */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging -- see the interface above
export class TicketCollection extends BaseCollection<Ticket> {
  /**
   * Applies a status change reported by the tracker, with the tracker's own time of the change:
   * 'applied' (ticketStatus, sourceUpdatedAt and statusSyncedAt set) only when it is newer than the
   * stored sourceUpdatedAt (or there is none); an older or equal one is 'stale' and changes nothing.
   * Decided by the write's own condition: two updates racing end with the newer one, whatever
   * their order. NotFoundError when the connection has no ticket with that external id.
   *
   * @example
   * ```ts
   * // in the webhook handler
   * const { outcome } = await da.Ticket.applyExternalUpdate(connectionId, event.issue.id, {
   *   status: event.issue.fields.status.name,
   *   sourceUpdatedAt: event.issue.fields.updated,
   * });
   * ```
   */
  async applyExternalUpdate(taskManagementConnectionId: string, externalTicketId: string, update: ExternalStatusUpdate): Promise<{ outcome: 'applied' | 'stale'; ticket: Ticket }> {
    return applyExternalUpdate(this, taskManagementConnectionId, externalTicketId, update);
  }

  /**
   * applyExternalUpdate for any number of updates (a sync page): tickets are found with one
   * BatchGetItem per 100, updates of different tickets go concurrently, updates of one ticket in
   * the order of their times. Every input's externalTicketId lands in exactly one list; invalid
   * inputs in `failed` with a ValidationError.
   */
  async applyExternalUpdates(taskManagementConnectionId: string, updates: readonly ExternalTicketUpdate[]): Promise<ExternalUpdatesResult> {
    return applyExternalUpdates(this, this.concurrency, taskManagementConnectionId, updates);
  }

  /**
   * The connection's tickets whose status was last synced before `before` — never synced first,
   * then oldest first: what a poller refreshes next. One index query (every page unless `limit`).
   */
  async allByStatusSyncedBefore(taskManagementConnectionId: string, before: string, options: QueryOptions = {}): Promise<Ticket[]> {
    if (typeof before !== 'string' || checkIsoDate(before) !== undefined) throw new ValidationError([{ path: 'before', message: 'must be an ISO-8601 date-time' }], 'Ticket');
    const checked = checkQueryOptions(options, this.entityName);
    if (checked.order !== undefined) throw new ValidationError([{ path: 'order', message: 'the order is fixed: never synced first, then oldest first' }], 'Ticket');
    return this.queryModels('byStatusSyncedAt', { taskManagementConnectionId }, checked, { statusSyncedAt: new Date(before).toISOString() });
  }

  /** The ticket of a connection with this external id, or null. */
  async findByExternalTicketId(taskManagementConnectionId: string, externalTicketId: string): Promise<Ticket | null> {
    return this.findByTaskManagementConnectionIdAndExternalTicketId(taskManagementConnectionId, externalTicketId);
  }

  /**
   * Creates a ticket and its links to up to 49 suggestions in one transaction: all or nothing.
   * Fails with NotFoundError (no such connection), ConflictError 'active-connection',
   * 'connection-organization', 'connection-provider', 'external-ticket', or 'suggestion' naming
   * the already-ticketed suggestionIds in `conflictingValues`. Invalid input (the ticket's and
   * every link's issues together) is a ValidationError before anything is sent.
   *
   * @example
   * ```ts
   * try {
   *   const { ticket, links } = await da.Ticket.createWithSuggestions(
   *     {
   *       organizationId,
   *       taskManagementConnectionId: connection.getId(),
   *       opportunityId,
   *       externalTicketId: '10042',
   *       ticketKey: 'ASO-42',
   *       ticketUrl: 'https://acme.atlassian.net/browse/ASO-42',
   *       ticketProvider: connection.getProvider(),
   *       createdBy: userId,
   *     },
   *     suggestionIds.map((suggestionId) => ({ suggestionId, opportunityId })),
   *   );
   *   console.log(`${ticket.getTicketKey()} links ${links.length} suggestions`);
   * } catch (error) {
   *   if (!(error instanceof ConflictError && error.constraint === 'suggestion')) throw error;
   *   console.log('already ticketed:', error.conflictingValues);
   * }
   * ```
   */
  async createWithSuggestions(
    ticket: CreateInputOfModel<Ticket>,
    links: readonly SuggestionLinkInput[],
    options: { idempotency?: IdempotencyClaim } = {},
  ): Promise<{ ticket: Ticket; links: TicketSuggestion[] }> {
    const linkCollection = collectionOf<TicketSuggestionCollection>(this, 'TicketSuggestion');
    const issues: ValidationIssue[] = [];
    // Every argument is read once (links and options here, the ticket by buildRecordForCreate):
    // what cannot be read is an issue at its path, and the write uses what was checked.
    const given = readFields(options, ['idempotency']);
    const claim = given === null || given === UNREAD ? undefined : given.values.idempotency;
    if (given === UNREAD) issues.push({ path: 'options', message: UNREADABLE });
    else if (given === null || given.others.length > 0) issues.push({ path: 'options', message: 'expected { idempotency? }' });
    else if (claim === UNREAD) issues.push({ path: 'options.idempotency', message: UNREADABLE });
    else if (claim !== undefined && !isClaim(claim)) issues.push({ path: 'options.idempotency', message: 'must be a claim returned by IdempotencyKey.claim()' });
    const collect = <T>(build: () => T): T | undefined => {
      try {
        return build();
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error;
        issues.push(...error.issues);
        return undefined;
      }
    };
    const ticketRecord = collect(() => buildRecordForCreate(this.schema, ticket, 'ticket'));
    // A key belongs to one organization: another organization's claim would store this ticket
    // (ids, URL, summary) as the response its own retries get back.
    if (ticketRecord && isClaim(claim) && claim.organizationId !== ticketRecord.organizationId) {
      issues.push({ path: 'options.idempotency', message: "is a claim of another organization than the ticket's" });
    }
    const read = arrayItems(links);
    if (read === UNREAD) issues.push({ path: 'links', message: UNREADABLE });
    else if (read === null) issues.push({ path: 'links', message: 'expected an array' });
    const list: readonly unknown[] = read === null || read === UNREAD ? [] : read;
    if (list.length > MAX_LINKS_PER_TICKET) issues.push({ path: 'links', message: `at most ${MAX_LINKS_PER_TICKET} links per ticket` });
    const seen = new Set<unknown>();
    const linkRecords: (Record<string, unknown> | undefined)[] = [];
    // An index loop, not map: map skips the holes of a sparse array (the hole then reached the
    // write as a missing record); a hole is an invalid link like any other.
    for (let i = 0; i < list.length; i += 1) {
      const link = list[i];
      const hole = holeIssue(list, i, `links[${i}]`);
      if (hole) {
        issues.push(hole);
        continue;
      }
      // Any object but an array (as before: a class instance's own fields are read too).
      const fields = readFields(link, LINK_FIELDS, { plainOnly: false });
      if (fields === UNREAD) {
        issues.push({ path: `links[${i}]`, message: UNREADABLE });
        continue;
      }
      if (fields === null) {
        issues.push({ path: `links[${i}]`, message: 'expected an object with suggestionId and opportunityId' });
        continue;
      }
      const { suggestionId, opportunityId } = fields.values;
      // Compared in canonical form (UUIDs are stored in lower case): one suggestion in two letter
      // cases is one suggestion listed twice, not two writes of the same item. One that could
      // not be read is reported as such (by the link's validation), not compared.
      if (suggestionId !== UNREAD) {
        const suggestionKey = typeof suggestionId === 'string' ? suggestionId.toLowerCase() : suggestionId;
        if (seen.has(suggestionKey)) issues.push({ path: `links[${i}].suggestionId`, message: 'is listed twice' });
        seen.add(suggestionKey);
      }
      // While the ticket itself is invalid, links are checked against stand-ins for its fields,
      // so each issue names what is really wrong. A field that could not be read is UNREAD here,
      // which the link's validation reports as could not be read.
      const input = {
        suggestionId,
        opportunityId,
        ticketId: ticketRecord?.ticketId ?? PLACEHOLDER_ID,
        createdBy: ticketRecord?.createdBy ?? PLACEHOLDER_AUTHOR,
      };
      for (const key of fields.others) issues.push({ path: `links[${i}].${key}`, message: 'is not a link attribute' });
      linkRecords.push(collect(() => buildRecordForCreate(linkCollection.schema, input, `links[${i}]`)));
    }
    if (issues.length > 0 || !ticketRecord) throw new ValidationError(issues, 'Ticket');

    stampNew(ticketRecord);
    const records = linkRecords as Record<string, unknown>[];
    for (const record of records) {
      record.createdAt = ticketRecord.createdAt;
      record.updatedAt = ticketRecord.updatedAt;
      // The link carries its ticket's connection, so removing the connection finds it directly.
      record.taskManagementConnectionId = ticketRecord.taskManagementConnectionId;
    }
    // One transaction: the ticket (owner) with its guard and connection check, and every link. A
    // link whose suggestion is ticketed already fails its own put: the refusals of all of them
    // merge into one ConflictError('suggestion') naming every such suggestionId.
    // With an idempotency claim, the key's completion rides in the same transaction: the ticket,
    // its links and the stored response commit together, or none of them (a claim that lost its
    // key is ConcurrentModificationError and nothing is written).
    const ticketPart = createPart(this, ticketRecord, { owner: true });
    const linkParts = records.map((record) => createPart(linkCollection, record));
    // The stored response is what the call returns: models made only when a claim needs them.
    const completion = isClaim(claim)
      ? [claim[COMPLETION]({ ticket: hydratePart<Ticket>(this, ticketPart, '').toJSON(), links: linkParts.map((part) => hydratePart<TicketSuggestion>(linkCollection, part, '').toJSON()) })]
      : [];
    const { token } = await commit(this, 'Ticket.createWithSuggestions', [ticketPart, ...linkParts, ...completion]);
    return {
      ticket: hydratePart<Ticket>(this, ticketPart, token),
      links: linkParts.map((part) => hydratePart<TicketSuggestion>(linkCollection, part, token)),
    };
  }
}
