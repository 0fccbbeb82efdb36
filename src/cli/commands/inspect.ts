/** `inspect connection <id>`: a connection with its tickets, suggestion links and sync operations. */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createDataAccess } from '../../index.js';
import type { SyncOperation, Ticket, TicketSuggestion } from '../../index.js';
import type { InspectFormat, Target } from '../args.js';
import { CliError } from '../errors.js';
import type { CliIo } from '../io.js';
import { ProgressBar, withSpinner } from '../progress.js';
import { renderFields, renderTable } from '../text-table.js';

/** Tickets whose links are read at once. */
const LINK_READS_IN_FLIGHT = 8;

async function linksOf(tickets: readonly Ticket[], io: CliIo): Promise<TicketSuggestion[][]> {
  const result: TicketSuggestion[][] = new Array<TicketSuggestion[]>(tickets.length);
  if (tickets.length === 0) return result;
  const bar = new ProgressBar(io.stderr, 'Reading suggestion links');
  let next = 0;
  let done = 0;
  bar.update(0, tickets.length);
  const worker = async () => {
    for (let i = next++; i < tickets.length; i = next++) {
      result[i] = await (tickets[i] as Ticket).getTicketSuggestions();
      done += 1;
      bar.update(done, tickets.length);
    }
  };
  await Promise.all(Array.from({ length: Math.min(LINK_READS_IN_FLIGHT, tickets.length) }, worker));
  bar.finish();
  return result;
}

function progressText(operation: SyncOperation): string {
  const progress = operation.getProgress();
  return progress ? `${progress.processed}/${progress.total} ${progress.stage}` : '-';
}

function resultsText(operation: SyncOperation): string {
  const results = operation.getResults();
  if (!results) {
    const error = operation.getError();
    return error === undefined ? '-' : `${operation.getErrorCode() ?? 'error'}: ${error}`;
  }
  const errors = results.errors.length + results.truncatedErrors;
  return `created ${results.created}, updated ${results.updated}, skipped ${results.skipped}, failed ${results.failed}${errors > 0 ? `, ${errors} error(s)` : ''}`;
}

/** Reads everything about one connection and prints it as text tables or JSON. */
export async function inspectConnection(target: Target, id: string, format: InspectFormat, client: DynamoDBClient, io: CliIo): Promise<void> {
  const da = createDataAccess({ tableName: target.tableName, client });
  const loaded = await withSpinner(
    io.stderr,
    `Reading connection ${id} from ${target.tableName}`,
    async () => {
      const connection = await da.TaskManagementConnection.findById(id);
      if (!connection) return undefined;
      const [tickets, syncOperations] = await Promise.all([connection.getTickets(), da.SyncOperation.allByTaskManagementConnectionId(id)]);
      return { connection, tickets, syncOperations };
    },
    // Not found: no "✓" line, the error below is the one message about it (exit code 1).
    (found) => (found ? `read the connection, ${found.tickets.length} ticket(s) and ${found.syncOperations.length} sync operation(s)` : undefined),
  );
  if (!loaded) throw new CliError(`TaskManagementConnection ${id} does not exist in table ${target.tableName}`);
  const { connection, tickets, syncOperations } = loaded;
  const links = await linksOf(tickets, io);

  if (format === 'json') {
    const document = {
      connection: connection.toJSON(),
      tickets: tickets.map((ticket, i) => ({ ...ticket.toJSON(), links: (links[i] as TicketSuggestion[]).map((link) => link.toJSON()) })),
      syncOperations: syncOperations.map((operation) => operation.toJSON()),
    };
    io.stdout.write(`${JSON.stringify(document, null, 2)}\n`);
    return;
  }

  const allLinks = tickets.flatMap((ticket, i) => (links[i] as TicketSuggestion[]).map((link) => ({ ticket, link })));
  const sections = [
    `Connection ${id}`,
    renderFields(Object.entries(connection.toJSON())),
    '',
    `Tickets (${tickets.length})`,
    renderTable(
      ['TICKET ID', 'KEY', 'STATUS', 'LINKS', 'OPPORTUNITY', 'CREATED BY', 'CREATED'],
      tickets.map((ticket, i) => [ticket.getId(), ticket.getTicketKey(), ticket.getTicketStatus(), (links[i] as TicketSuggestion[]).length, ticket.getOpportunityId(), ticket.getCreatedBy(), ticket.getCreatedAt()]),
    ),
    '',
    `Suggestion links (${allLinks.length})`,
    renderTable(
      ['SUGGESTION ID', 'TICKET KEY', 'OPPORTUNITY', 'CREATED BY', 'CREATED'],
      allLinks.map(({ ticket, link }) => [link.getSuggestionId(), ticket.getTicketKey(), link.getOpportunityId(), link.getCreatedBy(), link.getCreatedAt()]),
    ),
    '',
    `Sync operations (${syncOperations.length}, newest first)`,
    renderTable(
      ['SYNC ID', 'STATUS', 'TYPE', 'PROGRESS', 'RESULT', 'STARTED', 'ENDED'],
      syncOperations.map((operation) => [operation.getId(), operation.getStatus(), operation.getSyncType(), progressText(operation), resultsText(operation), operation.getStartedAt(), operation.getCompletedAt()]),
    ),
  ];
  io.stdout.write(`${sections.join('\n')}\n`);
}
