/**
 * Baseline: loops on the raw DynamoDBDocumentClient, written by hand as a careful engineer would
 * — parallel BatchWriteItem with retries of unprocessed items, TransactWriteItems per ticket
 * (ticket + guard + connection check), paginated Query, and the two ways to remove a connection
 * with its tickets and links (one item at a time; batches of 25 with 8 in flight).
 */
import type { DynamoDBDocumentClient, QueryCommandInput, ScanCommandInput } from '@aws-sdk/lib-dynamodb';
import { BatchGetCommand, BatchWriteCommand, DeleteCommand, QueryCommand, ScanCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { connectionGuardItems, connectionKey, indexKeys, ticketGuardItem, ticketKey, ticketSuggestionKey } from './raw-items.js';

type Item = Record<string, unknown>;
type WriteRequest = { PutRequest: { Item: Item } } | { DeleteRequest: { Key: Item } };

const MAX_ATTEMPTS = 8;
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Runs `task` over `items` with at most `limit` in flight. */
export async function pool<T>(items: readonly T[], limit: number, task: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      await task(item);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** BatchWriteItem in chunks of 25, `concurrency` in flight, unprocessed items retried with backoff. */
export async function batchWriteAll(doc: DynamoDBDocumentClient, table: string, requests: readonly WriteRequest[], concurrency = 8): Promise<void> {
  await pool(chunks(requests, 25), concurrency, async (chunk) => {
    await untilProcessed(
      chunk,
      (pending) => doc.send(new BatchWriteCommand({ RequestItems: { [table]: [...pending] } })),
      (output) => (output.UnprocessedItems?.[table] ?? []) as WriteRequest[],
    );
  });
}

/** Retries `call` with backoff while it leaves something unprocessed; `pending` says what is left of its output. */
async function untilProcessed<T, O>(first: readonly T[], call: (pending: readonly T[]) => Promise<O>, left: (output: O) => readonly T[]): Promise<void> {
  let pending: readonly T[] = first;
  for (let attempt = 0; pending.length > 0; attempt += 1) {
    if (attempt >= MAX_ATTEMPTS) throw new Error(`${pending.length} items left unprocessed`);
    if (attempt > 0) await sleep(Math.random() * Math.min(2000, 25 * 2 ** attempt));
    pending = left(await call(pending));
  }
}

/** BatchGetItem in chunks of 100, `concurrency` in flight, unprocessed keys retried with backoff. */
export async function batchGetAll(doc: DynamoDBDocumentClient, table: string, keys: readonly Item[], options: { concurrency?: number; consistent?: boolean } = {}): Promise<Item[]> {
  const items: Item[] = [];
  await pool(chunks(keys, 100), options.concurrency ?? 8, async (chunk) => {
    await untilProcessed(
      chunk,
      (pending) => doc.send(new BatchGetCommand({ RequestItems: { [table]: { Keys: [...pending], ...(options.consistent ? { ConsistentRead: true } : {}) } } })),
      (output) => {
        items.push(...(output.Responses?.[table] ?? []));
        return (output.UnprocessedKeys?.[table]?.Keys ?? []) as Item[];
      },
    );
  });
  return items;
}

/** Calls `visit` with each page of a Scan, one page after the other. */
export async function scanPages(doc: DynamoDBDocumentClient, params: ScanCommandInput, visit: (items: Item[]) => Promise<void>): Promise<void> {
  let startKey: Item | undefined;
  do {
    const page = await doc.send(new ScanCommand(startKey ? { ...params, ExclusiveStartKey: startKey } : params));
    await visit(page.Items ?? []);
    startKey = page.LastEvaluatedKey;
  } while (startKey);
}

/** Every item of a Query, page after page. */
export async function queryAllPages(doc: DynamoDBDocumentClient, params: QueryCommandInput): Promise<Item[]> {
  const items: Item[] = [];
  let startKey: Item | undefined;
  do {
    const page = await doc.send(new QueryCommand(startKey ? { ...params, ExclusiveStartKey: startKey } : params));
    items.push(...(page.Items ?? []));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return items;
}

/** Query input for the items of one GSI partition whose sort key begins with `index.prefix`. */
export function prefixQuery(table: string, index: { IndexName: string; pk: string; value: string; sk: string; prefix: string }): QueryCommandInput {
  return {
    TableName: table,
    IndexName: index.IndexName,
    KeyConditionExpression: '#pk = :pk and begins_with(#sk, :sk)',
    ExpressionAttributeNames: { '#pk': index.pk, '#sk': index.sk },
    ExpressionAttributeValues: { ':pk': index.value, ':sk': index.prefix },
  };
}

/** Query input for the items of one GSI partition. */
export function partitionQuery(table: string, index: { IndexName: string; pk: string; value: string }, projection?: readonly string[]): QueryCommandInput {
  return {
    TableName: table,
    IndexName: index.IndexName,
    KeyConditionExpression: '#pk = :pk',
    ExpressionAttributeNames: { '#pk': index.pk, ...Object.fromEntries((projection ?? []).map((name, i) => [`#p${i}`, name])) },
    ExpressionAttributeValues: { ':pk': index.value },
    ...(projection ? { ProjectionExpression: projection.map((_, i) => `#p${i}`).join(', ') } : {}),
  };
}

/** Creates each ticket in its own transaction — the ticket, its guard, a check of the connection — `concurrency` in flight. */
export async function transactTickets(doc: DynamoDBDocumentClient, table: string, tickets: readonly Item[], concurrency: number): Promise<void> {
  await pool(tickets, concurrency, async (ticket) => {
    await doc.send(
      new TransactWriteCommand({
        TransactItems: [
          { Put: { TableName: table, Item: ticket, ConditionExpression: 'attribute_not_exists(pk)' } },
          {
            Put: {
              TableName: table,
              Item: ticketGuardItem(ticket as { ticketId: string; taskManagementConnectionId: string; externalTicketId: string }),
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
          {
            ConditionCheck: {
              TableName: table,
              Key: connectionKey(ticket.taskManagementConnectionId as string),
              ConditionExpression: 'attribute_exists(pk) AND #status = :active AND #provider = :provider',
              ExpressionAttributeNames: { '#status': 'status', '#provider': 'provider' },
              ExpressionAttributeValues: { ':active': 'active', ':provider': ticket.ticketProvider },
            },
          },
        ],
      }),
    );
  });
}

interface ConnectionTree {
  readonly tickets: Item[];
  readonly links: Item[];
}

const TICKET_FIELDS = ['ticketId', 'taskManagementConnectionId', 'externalTicketId', '__edb_e__'] as const;

/** Tickets and sync operations share the connection's gsi2 partition: keep the tickets (the bench has no sync operations). */
async function ticketsOf(doc: DynamoDBDocumentClient, table: string, connectionId: string): Promise<Item[]> {
  const items = await queryAllPages(doc, partitionQuery(table, indexKeys.ticketsOfConnection(connectionId), TICKET_FIELDS));
  return items.filter((item) => item.__edb_e__ === 'ticket');
}

/** The tickets of a connection and their links (one Query per ticket, `concurrency` in flight). */
async function connectionTree(doc: DynamoDBDocumentClient, table: string, connectionId: string, concurrency: number): Promise<ConnectionTree> {
  const tickets = await ticketsOf(doc, table, connectionId);
  const links: Item[] = [];
  await pool(tickets, concurrency, async (ticket) => {
    links.push(...(await queryAllPages(doc, partitionQuery(table, indexKeys.linksOfTicket(ticket.ticketId as string), ['ticketSuggestionId']))));
  });
  return { tickets, links };
}

/** The connection's guard keys: its external-instance constraint and, while active, its active-provider one. */
function connectionGuardKeys(connection: ConnectionRef): Item[] {
  return connectionGuardItems(connection).map(({ pk, sk }) => ({ pk, sk }));
}

/**
 * Creates a connection as a careful engineer would by hand: one TransactWriteItems putting the
 * connection and its two guard items, each on condition that it does not exist yet.
 */
export async function transactConnection(doc: DynamoDBDocumentClient, table: string, connection: Item & ConnectionRef): Promise<void> {
  const put = (Item: Item) => ({ Put: { TableName: table, Item, ConditionExpression: 'attribute_not_exists(pk)' } });
  await doc.send(new TransactWriteCommand({ TransactItems: [put(connection), ...connectionGuardItems(connection).map(put)] }));
}

export interface ConnectionRef {
  readonly taskManagementConnectionId: string;
  readonly organizationId: string;
  readonly provider: string;
  readonly externalInstanceId: string;
}

/** Removes a connection, its tickets (with their guards) and their links with one DeleteItem per item, one at a time. */
export async function deleteItemByItem(doc: DynamoDBDocumentClient, table: string, connection: ConnectionRef): Promise<void> {
  const remove = (Key: Item) => doc.send(new DeleteCommand({ TableName: table, Key }));
  const tickets = await ticketsOf(doc, table, connection.taskManagementConnectionId);
  for (const ticket of tickets) {
    const links = await queryAllPages(doc, partitionQuery(table, indexKeys.linksOfTicket(ticket.ticketId as string), ['ticketSuggestionId']));
    for (const link of links) await remove(ticketSuggestionKey(link.ticketSuggestionId as string));
    const guard = ticketGuardItem(ticket as { ticketId: string; taskManagementConnectionId: string; externalTicketId: string });
    await remove({ pk: guard.pk, sk: guard.sk });
    await remove(ticketKey(ticket.ticketId as string));
  }
  for (const key of connectionGuardKeys(connection)) await remove(key);
  await remove(connectionKey(connection.taskManagementConnectionId));
}

/** Removes the same items with BatchWriteItem deletes (25 per request, 8 in flight): links, then tickets and guards, then the connection. */
export async function deleteBatched(doc: DynamoDBDocumentClient, table: string, connection: ConnectionRef, concurrency = 8): Promise<void> {
  const tree = await connectionTree(doc, table, connection.taskManagementConnectionId, concurrency);
  const del = (Key: Item): WriteRequest => ({ DeleteRequest: { Key } });
  await batchWriteAll(doc, table, tree.links.map((link) => del(ticketSuggestionKey(link.ticketSuggestionId as string))), concurrency);
  const ticketRequests = tree.tickets.flatMap((ticket) => {
    const guard = ticketGuardItem(ticket as { ticketId: string; taskManagementConnectionId: string; externalTicketId: string });
    return [del(ticketKey(ticket.ticketId as string)), del({ pk: guard.pk, sk: guard.sk })];
  });
  await batchWriteAll(doc, table, ticketRequests, concurrency);
  await batchWriteAll(doc, table, [...connectionGuardKeys(connection).map(del), del(connectionKey(connection.taskManagementConnectionId))], concurrency);
}
