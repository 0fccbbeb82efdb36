/**
 * Example: the API's "create a ticket for these suggestions" endpoint.
 *
 * active connection → check the suggestions are not ticketed yet → create the issue in the
 * tracker (your HTTP call, passed in) → `createWithSuggestions` (ticket and links in one
 * transaction). The early check gives the user a quick answer; the transaction is what
 * guarantees it: if another request ticketed a suggestion meanwhile, it fails with
 * ConflictError 'suggestion' naming the ids, and the tracker issue is deleted again.
 *
 * Run by test/it/examples.test.ts against DynamoDB Local.
 */
import type { DataAccess, Provider, TaskManagementConnection, Ticket, TicketSuggestion } from '../src/index.js';
import { ConflictError, MAX_LINKS_PER_TICKET } from '../src/index.js';

export interface TicketRequest {
  organizationId: string;
  provider: Provider;
  opportunityId: string;
  suggestionIds: string[];
  summary: string;
  userId: string;
}

/** Your tracker client: creates an issue and, if our write fails, deletes it again. */
export interface TrackerClient {
  createIssue(connection: TaskManagementConnection, summary: string): Promise<{ id: string; key: string; url: string }>;
  deleteIssue(connection: TaskManagementConnection, id: string): Promise<void>;
}

export type TicketOutcome =
  | { outcome: 'created'; ticket: Ticket; links: TicketSuggestion[] }
  | { outcome: 'no-active-connection' }
  | { outcome: 'too-many-suggestions'; max: number }
  | { outcome: 'already-ticketed'; suggestionIds: string[] };

export async function createTicketForSuggestions(da: DataAccess, request: TicketRequest, tracker: TrackerClient): Promise<TicketOutcome> {
  if (request.suggestionIds.length > MAX_LINKS_PER_TICKET) return { outcome: 'too-many-suggestions', max: MAX_LINKS_PER_TICKET };
  const connection = await da.TaskManagementConnection.findActiveByOrganizationAndProvider(request.organizationId, request.provider);
  if (!connection) return { outcome: 'no-active-connection' };

  const linked = await da.TicketSuggestion.allBySuggestionIds(request.suggestionIds);
  if (linked.length > 0) return { outcome: 'already-ticketed', suggestionIds: linked.map((link) => link.getSuggestionId()) };

  const issue = await tracker.createIssue(connection, request.summary);
  try {
    const { ticket, links } = await da.Ticket.createWithSuggestions(
      {
        organizationId: request.organizationId,
        taskManagementConnectionId: connection.getId(),
        opportunityId: request.opportunityId,
        externalTicketId: issue.id,
        ticketKey: issue.key,
        ticketUrl: issue.url,
        ticketProvider: connection.getProvider(),
        summary: request.summary,
        createdBy: request.userId,
      },
      request.suggestionIds.map((suggestionId) => ({ suggestionId, opportunityId: request.opportunityId })),
    );
    await connection.touch();
    return { outcome: 'created', ticket, links };
  } catch (error) {
    // Nothing was written here: undo the tracker issue so it does not dangle.
    await tracker.deleteIssue(connection, issue.id);
    if (error instanceof ConflictError && error.constraint === 'suggestion') return { outcome: 'already-ticketed', suggestionIds: [...error.conflictingValues] };
    if (error instanceof ConflictError && error.constraint === 'active-connection') return { outcome: 'no-active-connection' };
    throw error;
  }
}
