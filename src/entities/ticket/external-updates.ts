/**
 * Status updates from the tracker — webhooks and polls, which arrive late, twice and out of
 * order. Each carries the tracker's own time of the change (`sourceUpdatedAt`); the write applies
 * it only when it is newer than the stored one, by its own condition, so two updates racing end
 * with the newer one whatever their order, and a replayed or older event changes nothing.
 */
import { DataAccessError, NotFoundError, ValidationError } from '../../errors/index.js';
import type { ValidationIssue } from '../../errors/index.js';
import type { BaseCollection, StoredUpdate } from '../../model/index.js';
import { commit, guardOwners, hydrateStored, mapWithConcurrency, updatePart, when } from '../../model/index.js';
import { arrayItems, checkIsoDate, checkUuid, isWellFormedText, issuesAt, readFields, UNREAD, UNREADABLE } from '../../schema/index.js';
import type { Ticket } from './ticket.model.js';
import { ticketSchema } from './ticket.schema.js';

/** One status change reported by the tracker. */
export interface ExternalStatusUpdate {
  /** The status as the tracker names it (1–100 characters). */
  status: string;
  /** When the tracker changed it (ISO-8601, the tracker's clock). */
  sourceUpdatedAt: string;
}

/** One status change of a ticket of the connection, as {@link TicketCollection.applyExternalUpdates} takes them. */
export interface ExternalTicketUpdate extends ExternalStatusUpdate {
  /** The tracker's id of the ticket (1–255 characters). */
  externalTicketId: string;
}

/** What applyExternalUpdates did: every input's externalTicketId is in exactly one list (once per input). */
export interface ExternalUpdatesResult {
  applied: string[];
  stale: string[];
  notFound: string[];
  failed: { externalTicketId: string; error: DataAccessError }[];
}

/** Raised by the write's condition when the stored update is as new or newer; carries the ticket as stored. */
class StaleUpdate extends DataAccessError {
  constructor(readonly stored: Readonly<Record<string, unknown>> | undefined) {
    super('CONFLICT', 'Ticket: the stored status is as new or newer');
  }
}

const UPDATE_FIELDS = ['status', 'sourceUpdatedAt'] as const;
const TICKET_UPDATE_FIELDS = ['externalTicketId', ...UPDATE_FIELDS] as const;

/**
 * An update read once, with the issues of every bad field (at `prefix.…`); `update` is the copy
 * the checks passed (set only when there are none): the write uses it, not the caller's object.
 * `externalTicketId` is what could be read of that field (to name a failed input by).
 */
function readUpdate(value: unknown, prefix: string, withId: boolean): { update?: ExternalStatusUpdate; externalTicketId?: unknown; issues: ValidationIssue[] } {
  const read = readFields(value, withId ? TICKET_UPDATE_FIELDS : UPDATE_FIELDS);
  if (read === UNREAD) return { issues: [{ path: prefix || 'update', message: UNREADABLE }] };
  if (read === null) return { issues: [{ path: prefix || 'update', message: withId ? 'expected { externalTicketId, status, sourceUpdatedAt }' : 'expected { status, sourceUpdatedAt }' }] };
  const issues: ValidationIssue[] = [];
  const path = (name: string) => (prefix ? `${prefix}.${name}` : name);
  for (const key of read.others) issues.push({ path: path(key), message: 'is not an update field' });
  const { status, sourceUpdatedAt } = read.values;
  const externalTicketId = withId ? (read.values as Readonly<Record<'externalTicketId', unknown>>).externalTicketId : undefined;
  if (withId) issues.push(...issuesAt(path('externalTicketId'), externalTicketId, externalIdIssue));
  issues.push(
    ...issuesAt(path('status'), status, (text) => (typeof text === 'string' && text.length > 0 && text.length <= 100 && isWellFormedText(text) ? undefined : 'must be a string of 1–100 characters')),
    ...issuesAt(path('sourceUpdatedAt'), sourceUpdatedAt, (time) => (typeof time === 'string' && checkIsoDate(time) === undefined ? undefined : 'must be an ISO-8601 date-time')),
  );
  if (issues.length > 0) return { externalTicketId, issues };
  return { update: { status: status as string, sourceUpdatedAt: sourceUpdatedAt as string }, externalTicketId, issues };
}

/** The schema's own check of `externalTicketId` (length, well-formed text): an id no ticket can have is refused before any request. */
function externalIdIssue(value: unknown): string | undefined {
  const issues = ticketSchema.attribute('externalTicketId')?.check(value) ?? [{ path: '', message: 'is not declared' }];
  return issues[0]?.message;
}

function externalIdIssues(value: unknown, path: string): ValidationIssue[] {
  return issuesAt(path, value, externalIdIssue);
}

function connectionIdOf(value: unknown): string {
  if (typeof value !== 'string' || checkUuid(value) !== undefined) throw new ValidationError([{ path: 'taskManagementConnectionId', message: 'must be a UUID' }], 'Ticket');
  return value.toLowerCase();
}

/** The tracker's time as stored: ISO-8601 in UTC with milliseconds, so that times compare as strings. */
function sourceTime(value: string): string {
  return new Date(value).toISOString();
}

/** The one write of an update to the ticket `ticketId`: conditioned on the connection, the external id and an older source time. */
function updateOf(collection: BaseCollection<Ticket>, connectionId: string, ticketId: string, externalTicketId: string, update: ExternalStatusUpdate) {
  const at = sourceTime(update.sourceUpdatedAt);
  const change: StoredUpdate = {
    set: { ticketStatus: update.status, sourceUpdatedAt: at, statusSyncedAt: new Date().toISOString() },
    // The status-sync index is keyed by the connection too (it never changes).
    known: { taskManagementConnectionId: connectionId },
    expect: [
      { condition: when.eq('taskManagementConnectionId', connectionId), error: () => new NotFoundError('Ticket', externalTicketId) },
      { condition: when.eq('externalTicketId', externalTicketId), error: () => new NotFoundError('Ticket', externalTicketId) },
      { condition: when.or(when.lacks('sourceUpdatedAt'), when.lt('sourceUpdatedAt', at)), error: (stored) => new StaleUpdate(stored) },
    ],
  };
  return [updatePart(collection, ticketId, change, { owner: true })];
}

/** Applies one update to the ticket `ticketId` of the connection: 'applied' or 'stale' with the ticket as stored. */
async function applyTo(
  collection: BaseCollection<Ticket>,
  connectionId: string,
  ticketId: string,
  externalTicketId: string,
  update: ExternalStatusUpdate,
): Promise<{ outcome: 'applied' | 'stale'; ticket: Ticket }> {
  try {
    const { item } = await commit(collection, 'Ticket.applyExternalUpdate', updateOf(collection, connectionId, ticketId, externalTicketId, update), { readBack: true });
    if (!item) throw new NotFoundError('Ticket', externalTicketId);
    return { outcome: 'applied', ticket: hydrateStored<Ticket>(collection, item) };
  } catch (error) {
    if (error instanceof StaleUpdate && error.stored) return { outcome: 'stale', ticket: hydrateStored<Ticket>(collection, { ...error.stored }) };
    if (error instanceof NotFoundError) throw new NotFoundError('Ticket', externalTicketId);
    throw error;
  }
}

/**
 * The same write for a batch, which reports outcomes only: the updated item is not asked for
 * (no ALL_NEW to send and parse) and no model is made.
 */
async function outcomeOf(collection: BaseCollection<Ticket>, connectionId: string, ticketId: string, externalTicketId: string, update: ExternalStatusUpdate): Promise<'applied' | 'stale'> {
  try {
    await commit(collection, 'Ticket.applyExternalUpdate', updateOf(collection, connectionId, ticketId, externalTicketId, update));
    return 'applied';
  } catch (error) {
    if (error instanceof StaleUpdate) return 'stale';
    throw error;
  }
}

/** See {@link TicketCollection.applyExternalUpdate}. */
export async function applyExternalUpdate(
  collection: BaseCollection<Ticket>,
  taskManagementConnectionId: string,
  externalTicketId: string,
  update: ExternalStatusUpdate,
): Promise<{ outcome: 'applied' | 'stale'; ticket: Ticket }> {
  const connectionId = connectionIdOf(taskManagementConnectionId);
  const read = readUpdate(update, 'update', false);
  const issues = [...externalIdIssues(externalTicketId, 'externalTicketId'), ...read.issues];
  if (issues.length > 0 || !read.update) throw new ValidationError(issues, 'Ticket');
  const [ticketId] = await guardOwners(collection, 'external-ticket', [{ taskManagementConnectionId: connectionId, externalTicketId }]);
  if (ticketId === undefined) throw new NotFoundError('Ticket', externalTicketId);
  return applyTo(collection, connectionId, ticketId, externalTicketId, read.update);
}

/** See {@link TicketCollection.applyExternalUpdates}. */
export async function applyExternalUpdates(
  collection: BaseCollection<Ticket>,
  concurrency: number,
  taskManagementConnectionId: string,
  updates: readonly ExternalTicketUpdate[],
): Promise<ExternalUpdatesResult> {
  const connectionId = connectionIdOf(taskManagementConnectionId);
  // Read once (the array, then each update): what cannot be read is an invalid input, in `failed`.
  const list = arrayItems(updates);
  if (list === UNREAD) throw new ValidationError([{ path: 'updates', message: UNREADABLE }], 'Ticket');
  if (list === null) throw new ValidationError([{ path: 'updates', message: 'expected an array' }], 'Ticket');
  const result: ExternalUpdatesResult = { applied: [], stale: [], notFound: [], failed: [] };
  // Valid inputs by external id, oldest first: one ticket's updates go one after the other.
  const byTicket = new Map<string, ExternalTicketUpdate[]>();
  for (let i = 0; i < list.length; i += 1) {
    // A hole is undefined here: no update object, an invalid input like any other.
    const read = readUpdate(list[i], `updates[${i}]`, true);
    // An input without a text id has none to report: '' (no ticket has it), never its index, which
    // could name another input's ticket ('0') and put one id in two lists; the issues give the index.
    const id = typeof read.externalTicketId === 'string' ? read.externalTicketId : '';
    if (read.issues.length > 0 || !read.update) {
      result.failed.push({ externalTicketId: id, error: new ValidationError(read.issues, 'Ticket') });
      continue;
    }
    // Checked above: with withId, the external id is a string.
    const valid: ExternalTicketUpdate = { externalTicketId: id, ...read.update };
    byTicket.set(valid.externalTicketId, [...(byTicket.get(valid.externalTicketId) ?? []), valid]);
  }
  const externalIds = [...byTicket.keys()];
  let owners: (string | undefined)[];
  try {
    owners = await guardOwners(
      collection,
      'external-ticket',
      externalIds.map((externalTicketId) => ({ taskManagementConnectionId: connectionId, externalTicketId })),
    );
  } catch (error) {
    const failure = error instanceof DataAccessError ? error : new DataAccessError('DATASTORE', 'Ticket: the tickets could not be looked up', { cause: error });
    for (const list of byTicket.values()) for (const update of list) result.failed.push({ externalTicketId: update.externalTicketId, error: failure });
    return result;
  }
  await mapWithConcurrency(externalIds, concurrency, async (externalTicketId, i) => {
    const ticketId = owners[i];
    const list = [...(byTicket.get(externalTicketId) ?? [])].sort((a, b) => Date.parse(a.sourceUpdatedAt) - Date.parse(b.sourceUpdatedAt));
    for (const update of list) {
      if (ticketId === undefined) {
        result.notFound.push(externalTicketId);
        continue;
      }
      try {
        result[await outcomeOf(collection, connectionId, ticketId, externalTicketId, update)].push(externalTicketId);
      } catch (error) {
        if (error instanceof NotFoundError) result.notFound.push(externalTicketId);
        else result.failed.push({ externalTicketId, error: error instanceof DataAccessError ? error : new DataAccessError('DATASTORE', 'Ticket: an update failed', { cause: error }) });
      }
    }
  });
  return result;
}
