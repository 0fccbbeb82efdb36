/**
 * Proof that the hand-written baselines write what the library writes: one item of each kind is
 * created by the library (and by raw ElectroDB), read back raw, and compared attribute by
 * attribute with the item the raw baseline would build from the same values.
 */
import { randomUUID } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { DataAccess } from '../src/index.js';
import type { createBenchNoteEntity } from './baselines/electro-service.js';
import { benchNoteItem, benchNoteKey, connectionGuardItems, connectionItem, connectionKey, idempotencyClaimItem, idempotencyKeyKey, ticketGuardItem, ticketItem, ticketKey } from './baselines/raw-items.js';
import type { BenchNoteCollection } from './entities.js';
import { connectionInput, ticketInputs } from './fixtures.js';
import { check } from './scenario.js';

type Item = Record<string, unknown>;

async function getRaw(doc: DynamoDBDocumentClient, table: string, key: { pk: string; sk: string }): Promise<Item> {
  const output = await doc.send(new GetCommand({ TableName: table, Key: key, ConsistentRead: true }));
  check(output.Item !== undefined, `no item under ${key.pk}`);
  return output.Item;
}

/**
 * The library also stores its write token (`__w`, 36 bytes: what lets a retry recognise its own
 * write); the layouts are compared without it.
 */
function sameItem(actual: Item, expected: Item, what: string): void {
  const sorted = (item: Item) => Object.fromEntries(Object.entries(item).filter(([name]) => name !== '__w').sort(([a], [b]) => a.localeCompare(b)));
  check(isDeepStrictEqual(sorted(actual), sorted(expected)), `${what} differs from the baseline's layout:\n  stored   ${JSON.stringify(sorted(actual))}\n  baseline ${JSON.stringify(sorted(expected))}`);
}

/** The library's BenchNote, raw ElectroDB's and the raw baseline's are the same item. */
export async function checkNoteLayout(doc: DynamoDBDocumentClient, table: string, notes: BenchNoteCollection, electro: ReturnType<typeof createBenchNoteEntity>): Promise<void> {
  const fields = { groupId: randomUUID(), title: 'layout', body: 'layout check', position: 7 };
  const note = await notes.create(fields);
  const stored = await getRaw(doc, table, benchNoteKey(note.getId()));
  sameItem(stored, benchNoteItem({ ...fields, benchNoteId: note.getId(), createdAt: String(stored.createdAt), updatedAt: String(stored.updatedAt) }), 'library BenchNote');
  const created = await electro.create(fields).go();
  const electroStored = await getRaw(doc, table, benchNoteKey(created.data.benchNoteId));
  sameItem(
    electroStored,
    benchNoteItem({ ...fields, benchNoteId: created.data.benchNoteId, createdAt: String(electroStored.createdAt), updatedAt: String(electroStored.updatedAt) }),
    'raw ElectroDB BenchNote',
  );
}

/** The library's Ticket and its guard item are the items the raw TransactWriteItems baseline writes. */
export async function checkTicketLayout(doc: DynamoDBDocumentClient, table: string, da: DataAccess): Promise<void> {
  const connection = await da.TaskManagementConnection.create(connectionInput());
  const [input] = ticketInputs({ organizationId: connection.getOrganizationId(), taskManagementConnectionId: connection.getId() }, 1, 'layout');
  check(input !== undefined, 'no ticket input');
  const ticket = await da.Ticket.create(input);
  const stored = await getRaw(doc, table, ticketKey(ticket.getId()));
  sameItem(stored, ticketItem({ ...input, ticketId: ticket.getId(), createdAt: String(stored.createdAt), updatedAt: String(stored.updatedAt) }), 'library Ticket');
  const guard = ticketGuardItem({ ticketId: ticket.getId(), taskManagementConnectionId: input.taskManagementConnectionId, externalTicketId: input.externalTicketId });
  sameItem(await getRaw(doc, table, { pk: String(guard.pk), sk: String(guard.sk) }), guard, 'library Ticket guard');
}

/** Two items of one kind, one written by each side, carry the same attributes (names and types of values). */
export function sameAttributeNames(library: Item, baseline: Item, what: string): void {
  const shape = (item: Item) =>
    Object.keys(item)
      .sort()
      .map((name) => `${name}:${item[name] === null ? 'null' : typeof item[name]}`)
      .join(', ');
  check(Object.keys(library).length > 0 && shape(library) === shape(baseline), `${what} differs from the baseline's:\n  library  ${shape(library)}\n  baseline ${shape(baseline)}`);
}

/** The library's claim of an idempotency key stores the item the hand-written conditional put writes. */
export async function checkClaimLayout(doc: DynamoDBDocumentClient, table: string, da: DataAccess): Promise<void> {
  const input = { key: `layout-${randomUUID()}`, organizationId: randomUUID(), endpoint: 'POST /layout', request: { layout: true } };
  const found = await da.IdempotencyKey.claim(input);
  check(found.state === 'claimed', `the layout claim found the key ${found.state}`);
  const key = await da.IdempotencyKey.findActiveKey(input.key, input.organizationId);
  check(key !== null, 'the claimed key is not stored');
  const stored = await getRaw(doc, table, idempotencyKeyKey(key.getId()));
  const leaseSeconds = 60;
  const expected = idempotencyClaimItem({
    idempotencyKeyId: key.getId(),
    organizationId: input.organizationId,
    key: input.key,
    endpoint: input.endpoint,
    requestHash: String(stored.requestHash),
    claimToken: String(stored.claimToken),
    leaseSeconds,
    ttlSeconds: 86_400,
    now: Date.parse(String(stored.leaseExpiresAt)) - leaseSeconds * 1000,
    createdAt: String(stored.createdAt),
  });
  sameItem(stored, expected, 'library IdempotencyKey claim');
}

/** The library's TaskManagementConnection and its two guard items are the items the hand TransactWriteItems writes. */
export async function checkConnectionLayout(doc: DynamoDBDocumentClient, table: string, da: DataAccess): Promise<void> {
  const input = connectionInput();
  const connection = await da.TaskManagementConnection.create(input);
  const taskManagementConnectionId = connection.getId();
  const stored = await getRaw(doc, table, connectionKey(taskManagementConnectionId));
  const times = { createdAt: String(stored.createdAt), connectedAt: String(stored.connectedAt) };
  sameItem(stored, connectionItem({ ...input, taskManagementConnectionId, ...times }), 'library TaskManagementConnection');
  for (const guard of connectionGuardItems({ ...input, taskManagementConnectionId })) {
    sameItem(await getRaw(doc, table, { pk: String(guard.pk), sk: String(guard.sk) }), guard, `library TaskManagementConnection guard ${String(guard.constraint)}`);
  }
}
