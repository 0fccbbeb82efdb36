/**
 * Helpers of the migration tests (not a test file): a table holding items the way the previous
 * version wrote them, and a recorder of the writes that reach the table.
 *
 * "Old" items are derived from the library's own item for the same record, with the parts the
 * previous version did not write deleted (an attribute, the keys of an index, a guard item) and
 * put back raw — so no test hard-codes a key format.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { DataAccess, TaskManagementConnection, Ticket } from '../../../src/index.js';
import { createDataAccess, tableDefinition } from '../../../src/index.js';
import { gsiNames } from '../../../src/schema/index.js';
import { jiraCloudConnectionInput, rawGet, suggestionLinks, ticketInput } from '../../support/entity-fixtures.js';
import { createTableFrom, newLocalClient, scanAll } from '../../support/local-store.js';

export type Item = Record<string, unknown>;

/** The key attributes of `entity`'s index `indexName` (from the schema's GSI slot). */
export function indexKeyNames(da: DataAccess, entity: 'Ticket' | 'TicketSuggestion', indexName: string): string[] {
  const index = da[entity].schema.indexes[indexName];
  if (!index) throw new Error(`${entity} has no index ${indexName}`);
  const { pk, sk } = gsiNames(index.gsi);
  return [pk, sk];
}

/** Writes `item` raw, as an earlier version's PutItem did. */
export async function putRaw(client: DynamoDBClient, tableName: string, item: Item): Promise<void> {
  await DynamoDBDocumentClient.from(client).send(new PutCommand({ TableName: tableName, Item: item }));
}

async function deleteRaw(client: DynamoDBClient, tableName: string, key: Item): Promise<void> {
  await DynamoDBDocumentClient.from(client).send(new DeleteCommand({ TableName: tableName, Key: { pk: key.pk, sk: key.sk } }));
}

/** The item stored for `model`, without `drop` (and without its write token when `tokenless`). */
async function storedWithout(client: DynamoDBClient, tableName: string, key: Item, drop: readonly string[], tokenless: boolean): Promise<Item> {
  const item = await rawGet(client, tableName, { pk: key.pk, sk: key.sk });
  if (!item) throw new Error('no such item');
  for (const name of [...drop, ...(tokenless ? ['__w'] : [])]) delete item[name];
  return item;
}

/** What an old table holds: the records (by id) and how many of each kind need each migration. */
export interface OldTable {
  readonly connections: TaskManagementConnection[];
  readonly tickets: Ticket[];
  readonly linkIds: string[];
  /** The organization holding two active Jira Cloud connections without guards (the conflict). */
  readonly conflict: { readonly organizationId: string; readonly connectionIds: readonly string[] };
}

/** The raw item of a record, found by its model's primary key. */
export async function itemOf(client: DynamoDBClient, tableName: string, model: { getId(): string }, da: DataAccess, entity: 'TaskManagementConnection' | 'Ticket' | 'TicketSuggestion'): Promise<Item> {
  const items = await scanAll(client, tableName);
  const idAttribute = da[entity].schema.idAttribute;
  const item = items.find((candidate) => candidate[idAttribute] === model.getId() && candidate.__edb_e__ === entity.toLowerCase());
  if (!item) throw new Error(`${entity} ${model.getId()} is not in the table`);
  return item;
}

/** A new table (name from `prefix`) filled by {@link buildOldTable}, with a client of its own (pushed on `clients`, for the suite to destroy). */
export async function openOldTable(prefix: string, shape: { connections: number; ticketsPerConnection: number }, clients: DynamoDBClient[]): Promise<{ da: DataAccess; client: DynamoDBClient; tableName: string; old: OldTable }> {
  const client = newLocalClient();
  clients.push(client);
  const tableName = await createTableFrom(tableDefinition(prefix));
  const da = createDataAccess({ tableName, client });
  const old = await buildOldTable(da, client, tableName, shape);
  return { da, client, tableName, old };
}

/**
 * Fills the table the way the previous version would have: `connections` active Jira Cloud
 * connections (each in its own organization) without active-provider guards, consecutiveFailures
 * or syncWatermarks; `ticketsPerConnection` tickets each, without the byStatusSyncedAt keys (every
 * third one synced once); two links per ticket without their connection id and its index keys;
 * and one organization with two active connections of one provider. Every other record loses its
 * write token too (written before tokens existed).
 */
export async function buildOldTable(da: DataAccess, client: DynamoDBClient, tableName: string, shape: { connections: number; ticketsPerConnection: number }): Promise<OldTable> {
  const connections: TaskManagementConnection[] = [];
  const tickets: Ticket[] = [];
  const linkIds: string[] = [];
  let n = 0;
  const tokenless = () => (n++ % 2) === 0;
  for (let c = 0; c < shape.connections; c += 1) {
    const connection = await da.TaskManagementConnection.create(jiraCloudConnectionInput());
    connections.push(connection);
    for (let t = 0; t < shape.ticketsPerConnection; t += 1) {
      const { ticket, links } = await da.Ticket.createWithSuggestions(ticketInput(connection), suggestionLinks(2));
      if (t % 3 === 0) await ticket.recordStatusSync('In Progress');
      tickets.push(ticket);
      linkIds.push(...links.map((link) => link.getId()));
    }
  }
  const items = await scanAll(client, tableName);
  const ticketKeys = indexKeyNames(da, 'Ticket', 'byStatusSyncedAt');
  const linkKeys = indexKeyNames(da, 'TicketSuggestion', 'byTaskManagementConnectionId');
  for (const item of items) {
    if (item.__edb_e__ === 'ticket') await putRaw(client, tableName, await storedWithout(client, tableName, item, ticketKeys, tokenless()));
    if (item.__edb_e__ === 'ticketsuggestion') await putRaw(client, tableName, await storedWithout(client, tableName, item, ['taskManagementConnectionId', ...linkKeys], tokenless()));
    if (item.__edb_e__ === 'taskmanagementconnection') await putRaw(client, tableName, await storedWithout(client, tableName, item, ['consecutiveFailures', 'syncWatermarks'], tokenless()));
    if (item.constraint === 'active-provider') await deleteRaw(client, tableName, item);
  }
  const conflict = await twoActiveConnections(da, client, tableName);
  return { connections, tickets, linkIds, conflict };
}

/**
 * An organization with two active Jira Cloud connections and no active-provider guard: what the
 * previous version allowed. The first connection's active item is kept, the first is disabled so
 * the second can be created active, then the kept item is put back and both guards deleted.
 */
export async function twoActiveConnections(da: DataAccess, client: DynamoDBClient, tableName: string): Promise<{ organizationId: string; connectionIds: string[] }> {
  const first = await da.TaskManagementConnection.create(jiraCloudConnectionInput());
  const organizationId = first.getOrganizationId();
  const activeItem = await itemOf(client, tableName, first, da, 'TaskManagementConnection');
  await first.markDisabled();
  const second = await da.TaskManagementConnection.create(jiraCloudConnectionInput({ organizationId }));
  await putRaw(client, tableName, activeItem);
  for (const item of await scanAll(client, tableName)) {
    if (item.constraint === 'active-provider' && [first.getId(), second.getId()].includes(item.ownerId as string)) await deleteRaw(client, tableName, item);
  }
  return { organizationId, connectionIds: [first.getId(), second.getId()].sort() };
}

/** A recorder of the writes a client got through to the table: the keys of items each updated. */
export interface WriteRecorder {
  /** pk of every item an UpdateItem or a transaction's Update changed, in order. */
  readonly updated: string[];
}

type Next = (args: { input: Item }) => Promise<unknown>;
type Middleware = (next: Next, context: { commandName?: string }) => Next;

function addMiddleware(client: DynamoDBClient, name: string, middleware: Middleware): void {
  const stack = client.middlewareStack as unknown as { add(middleware: Middleware, options: Record<string, unknown>): void };
  stack.add(middleware, { step: 'initialize', name, override: true });
}

/** The pk of a key, marshalled ({ S: '…' }: the DocumentClient may have done it already) or not. */
function pkOf(key: unknown): string {
  const raw = (key as Item | undefined)?.pk;
  return typeof raw === 'string' ? raw : String((raw as { S?: unknown } | undefined)?.S);
}

/** The pks an UpdateItem or a transaction's Updates change. */
function updatedPks(commandName: string | undefined, input: Item): string[] {
  if (commandName === 'UpdateItemCommand') return [pkOf(input.Key)];
  if (commandName !== 'TransactWriteItemsCommand') return [];
  return ((input.TransactItems ?? []) as { Update?: { Key: unknown } }[]).flatMap((entry) => (entry.Update ? [pkOf(entry.Update.Key)] : []));
}

/** Records successful item updates on `client` (ledger writes left out). */
export function recordWrites(client: DynamoDBClient, recorder: WriteRecorder = { updated: [] }): WriteRecorder {
  addMiddleware(client, 'migrationWriteRecorder', (next, context) => async (args) => {
    const result = await next(args);
    recorder.updated.push(...updatedPks(context.commandName, args.input).filter((pk) => !pk.startsWith('$migration#')));
    return result;
  });
  return recorder;
}

/**
 * Runs `during` just before the `nth` update `client` sends of an item whose pk `matches` (and
 * only then sends it): a write of another process, or a stall of this one, at an exact point.
 */
export function beforeUpdate(client: DynamoDBClient, matches: (pk: string) => boolean, nth: number, during: () => Promise<unknown>): { fired: () => boolean } {
  let seen = 0;
  addMiddleware(client, `migrationBeforeUpdate${nth}`, (next, context) => async (args) => {
    if (updatedPks(context.commandName, args.input).some(matches)) {
      seen += 1;
      if (seen === nth) await during();
    }
    return next(args);
  });
  return { fired: () => seen >= nth };
}

/** Runs `userWrite` after the migration read the item `pk` and before its conditional write reaches the table. */
export function beforeFirstUpdateOf(client: DynamoDBClient, pk: string, userWrite: () => Promise<unknown>): { fired: () => boolean } {
  return beforeUpdate(client, (candidate) => candidate === pk, 1, userWrite);
}

/** How often each pk occurs in `list`. */
export function occurrences(list: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const pk of list) counts.set(pk, (counts.get(pk) ?? 0) + 1);
  return counts;
}
