/**
 * Example: `POST /tickets` with an `Idempotency-Key` header — a client that lost the response
 * and sends the same request again gets the first answer, and the tracker issue is created once.
 *
 * claim the key (one conditional write) → a retry of a finished request is answered from the key;
 * one still running gets 409 with Retry-After → otherwise this attempt holds the key: find the
 * active connection, create the issue in the tracker (your HTTP call, passed in), then
 * `createWithSuggestions(…, { idempotency: claim })`: the ticket, its links and the key's
 * completion commit in one transaction, so no retry can see the ticket without its answer.
 *
 * What each failure does with the key:
 * - nothing was done (no active connection, the tracker failed): `claim.fail()` releases it and
 *   the client's retry runs the request again;
 * - a definite answer (a suggestion is ticketed already): `claim.complete(reply)` stores it, and
 *   every retry gets the same 409;
 * - this attempt lost the key (it ran past its lease and another attempt took over): the issue it
 *   created is deleted again and the client is told to retry — the other attempt answers.
 *
 * Run by test/it/examples-idempotent-endpoint.test.ts against DynamoDB Local, and by
 * `npm run example -- idempotent-endpoint`.
 */
import type { DataAccess, Provider, TaskManagementConnection } from '../src/index.js';
import { ConcurrentModificationError, ConflictError, ValidationError } from '../src/index.js';

/** The request body of `POST /tickets`. */
export interface CreateTicketBody {
  provider: Provider;
  opportunityId: string;
  suggestionIds: string[];
  summary: string;
}

/** What the endpoint answers; `replayed` marks an answer served from the key. */
export interface Reply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

/** Your tracker client: creates an issue and, if our write fails, deletes it again. */
export interface IssueTracker {
  createIssue(connection: TaskManagementConnection, summary: string): Promise<{ id: string; key: string; url: string }>;
  deleteIssue(connection: TaskManagementConnection, id: string): Promise<void>;
}

const ENDPOINT = 'POST /tickets';

/**
 * The answer a completed key holds: what createWithSuggestions stored with the ticket
 * (`{ ticket, links }`, a 201) or a reply this endpoint stored itself with `claim.complete`.
 */
function replayOf(response: unknown): Reply {
  const stored = response as { status?: number; body?: unknown };
  return typeof stored.status === 'number' ? { status: stored.status, body: stored.body } : { status: 201, body: response };
}

export async function createTicketIdempotently(
  da: DataAccess,
  request: { idempotencyKey: string | undefined; organizationId: string; userId: string; body: CreateTicketBody },
  tracker: IssueTracker,
): Promise<Reply> {
  if (request.idempotencyKey === undefined) return { status: 400, body: { code: 'IDEMPOTENCY_KEY_REQUIRED' } };
  let found;
  try {
    found = await da.IdempotencyKey.claim({ key: request.idempotencyKey, organizationId: request.organizationId, endpoint: ENDPOINT, request: request.body });
  } catch (error) {
    // The same key with another body or endpoint: a client bug, never a retry.
    if (error instanceof ConflictError && error.constraint === 'idempotency-request') return { status: 422, body: { code: 'IDEMPOTENCY_KEY_REUSED' } };
    if (error instanceof ValidationError) return { status: 400, body: { code: 'VALIDATION', fields: error.issues.map((issue) => issue.path) } };
    throw error;
  }
  if (found.state === 'completed') return { ...replayOf(found.response), headers: { 'Idempotent-Replayed': 'true' } };
  if (found.state === 'in_progress') return { status: 409, body: { code: 'REQUEST_IN_PROGRESS' }, headers: { 'Retry-After': String(Math.ceil(found.retryAfterMs / 1000)) } };
  const { claim } = found;

  const connection = await da.TaskManagementConnection.findActiveByOrganizationAndProvider(request.organizationId, request.body.provider);
  if (!connection) {
    await claim.fail();
    return { status: 409, body: { code: 'NO_ACTIVE_CONNECTION' } };
  }
  let issue;
  try {
    issue = await tracker.createIssue(connection, request.body.summary);
  } catch {
    await claim.fail();
    return { status: 502, body: { code: 'TRACKER_UNAVAILABLE' } };
  }
  try {
    const { ticket, links } = await da.Ticket.createWithSuggestions(
      {
        organizationId: request.organizationId,
        taskManagementConnectionId: connection.getId(),
        opportunityId: request.body.opportunityId,
        externalTicketId: issue.id,
        ticketKey: issue.key,
        ticketUrl: issue.url,
        ticketProvider: connection.getProvider(),
        summary: request.body.summary,
        createdBy: request.userId,
      },
      request.body.suggestionIds.map((suggestionId) => ({ suggestionId, opportunityId: request.body.opportunityId })),
      { idempotency: claim },
    );
    // The key stored { ticket, links } (their toJSON()) in the same transaction; a retry gets a 201 too.
    return { status: 201, body: { ticket: ticket.toJSON(), links: links.map((link) => link.toJSON()) } };
  } catch (error) {
    await tracker.deleteIssue(connection, issue.id);
    if (error instanceof ConflictError && error.constraint === 'suggestion') {
      const reply: Reply = { status: 409, body: { code: 'ALREADY_TICKETED', suggestionIds: error.conflictingValues } };
      await claim.complete(reply);
      return reply;
    }
    if (error instanceof ConcurrentModificationError) return { status: 409, body: { code: 'REQUEST_IN_PROGRESS' }, headers: { 'Retry-After': '1' } };
    await claim.fail();
    throw error;
  }
}
