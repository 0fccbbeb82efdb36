/**
 * Baseline: conditional writes by hand on the raw DocumentClient, with the conditions the library
 * puts on the same change (read in its sources: src/entities/ticket/external-updates.ts,
 * src/entities/idempotency-key/, src/migrations/definitions/ticket-status-sync-index.ts) — tracker
 * status updates, an idempotency claim and its completion, and a backfill of the status-sync
 * index keys. Like the library they write a fresh write token (`__w`) with every change, so that
 * both sides leave the same items behind (the scenarios compare them).
 */
import { createHash, randomUUID } from 'node:crypto';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { batchGetAll, pool, scanPages } from './raw-sdk.js';
import { idempotencyClaimItem, idempotencyKeyKey, ticketGuardKey, ticketKey, ticketStatusIndexKeys } from './raw-items.js';

type Item = Record<string, unknown>;

const WRITE_TOKEN = '__w';
const FENCE = '__fence';

function isConditionFailure(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { name?: unknown }).name === 'ConditionalCheckFailedException';
}

/** One status change from the tracker. */
export interface StatusUpdate {
  readonly externalTicketId: string;
  readonly status: string;
  readonly sourceUpdatedAt: string;
}

/**
 * Applies tracker status updates to the tickets of a connection: their ids from their guard items
 * (BatchGetItem, 100 keys per request, consistent), then one UpdateItem per update, `concurrency`
 * in flight — status, source time, sync time and the status-sync index keys, conditioned on the
 * ticket existing, not being fenced by a removal, belonging to the connection and external id,
 * and holding an older source time. Resolves how many were applied and how many were stale.
 */
export async function applyStatusUpdates(
  doc: DynamoDBDocumentClient,
  table: string,
  connectionId: string,
  updates: readonly StatusUpdate[],
  concurrency: number,
): Promise<{ applied: number; stale: number }> {
  const guards = await batchGetAll(
    doc,
    table,
    updates.map((update) => ticketGuardKey(connectionId, update.externalTicketId)),
    { concurrency, consistent: true },
  );
  const owners = new Map(guards.map((guard) => [guard.pk, guard.ownerId as string]));
  let applied = 0;
  let stale = 0;
  await pool(updates, concurrency, async (update) => {
    const ticketId = owners.get(ticketGuardKey(connectionId, update.externalTicketId).pk);
    if (ticketId === undefined) return;
    const now = new Date().toISOString();
    const at = new Date(update.sourceUpdatedAt).toISOString();
    const index = ticketStatusIndexKeys(connectionId, now);
    try {
      await doc.send(
        new UpdateCommand({
          TableName: table,
          Key: ticketKey(ticketId),
          UpdateExpression: 'SET #updatedAt = :now, #status = :status, #source = :at, #synced = :now, #gsi4pk = :gsi4pk, #gsi4sk = :gsi4sk, #w = :w',
          ConditionExpression: 'attribute_exists(#pk) AND attribute_not_exists(#fence) AND #connection = :connection AND #external = :external AND (attribute_not_exists(#source) OR #source < :at)',
          ExpressionAttributeNames: {
            '#updatedAt': 'updatedAt',
            '#status': 'ticketStatus',
            '#source': 'sourceUpdatedAt',
            '#synced': 'statusSyncedAt',
            '#gsi4pk': 'gsi4pk',
            '#gsi4sk': 'gsi4sk',
            '#w': WRITE_TOKEN,
            '#pk': 'pk',
            '#fence': FENCE,
            '#connection': 'taskManagementConnectionId',
            '#external': 'externalTicketId',
          },
          ExpressionAttributeValues: {
            ':now': now,
            ':status': update.status,
            ':at': at,
            ':gsi4pk': index.gsi4pk,
            ':gsi4sk': index.gsi4sk,
            ':w': randomUUID(),
            ':connection': connectionId,
            ':external': update.externalTicketId,
          },
        }),
      );
      applied += 1;
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      stale += 1;
    }
  });
  return { applied, stale };
}

/** A claim made by hand: the key's item id and the claim's token (what completing it is conditioned on). */
export interface HandClaim {
  readonly idempotencyKeyId: string;
  readonly claimToken: string;
}

/** The id of an organization's key: derived from the two (a name-based UUID), so one item per key. */
function keyIdOf(organizationId: string, key: string): string {
  const hex = createHash('sha1').update(`IdempotencyKey\u0000${organizationId}\u0000${key}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/**
 * Claims an idempotency key by hand: one PutItem of the processing item, conditioned on no item
 * being stored, or the stored one having expired, or being this request (same hash and endpoint)
 * and failed or past its lease. Resolves the claim, or undefined when the stored key answers.
 */
export async function claimKey(
  doc: DynamoDBDocumentClient,
  table: string,
  input: { organizationId: string; key: string; endpoint: string; request: unknown },
  options: { leaseSeconds?: number; ttlSeconds?: number } = {},
): Promise<HandClaim | undefined> {
  const now = Date.now();
  const nowIso = new Date(now).toISOString();
  const requestHash = createHash('sha256').update(JSON.stringify(input.request)).digest('hex');
  const claim = { idempotencyKeyId: keyIdOf(input.organizationId, input.key), claimToken: randomUUID() };
  const item = idempotencyClaimItem({
    ...claim,
    organizationId: input.organizationId,
    key: input.key,
    endpoint: input.endpoint,
    requestHash,
    leaseSeconds: options.leaseSeconds ?? 60,
    ttlSeconds: options.ttlSeconds ?? 86_400,
    now,
  });
  try {
    await doc.send(
      new PutCommand({
        TableName: table,
        Item: { ...item, [WRITE_TOKEN]: randomUUID() },
        ConditionExpression: 'attribute_not_exists(#pk) OR (#expiresAt <= :now OR (#hash = :hash AND #endpoint = :endpoint AND (#status = :failed OR (#status = :processing AND #lease <= :now))))',
        ExpressionAttributeNames: { '#pk': 'pk', '#expiresAt': 'expiresAt', '#hash': 'requestHash', '#endpoint': 'endpoint', '#status': 'status', '#lease': 'leaseExpiresAt' },
        ExpressionAttributeValues: { ':now': nowIso, ':hash': requestHash, ':endpoint': input.endpoint, ':failed': 'failed', ':processing': 'processing' },
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      }),
    );
  } catch (error) {
    if (isConditionFailure(error)) return undefined;
    throw error;
  }
  return claim;
}

/** Completes a hand claim: one UpdateItem storing the response (as its JSON text, like the library), conditioned on the claim still holding the key. */
export async function completeClaim(doc: DynamoDBDocumentClient, table: string, claim: HandClaim, response: unknown): Promise<void> {
  const now = new Date().toISOString();
  await doc.send(
    new UpdateCommand({
      TableName: table,
      Key: idempotencyKeyKey(claim.idempotencyKeyId),
      UpdateExpression: 'SET #updatedAt = :now, #status = :completed, #response = :response, #completedAt = :now, #w = :w REMOVE #token, #lease',
      ConditionExpression: 'attribute_exists(#pk) AND attribute_not_exists(#fence) AND #token = :token AND #status = :processing',
      ExpressionAttributeNames: {
        '#updatedAt': 'updatedAt',
        '#status': 'status',
        '#response': 'responseJson',
        '#completedAt': 'completedAt',
        '#w': WRITE_TOKEN,
        '#token': 'claimToken',
        '#lease': 'leaseExpiresAt',
        '#pk': 'pk',
        '#fence': FENCE,
      },
      ExpressionAttributeValues: { ':now': now, ':completed': 'completed', ':response': JSON.stringify(response), ':w': randomUUID(), ':token': claim.claimToken, ':processing': 'processing' },
    }),
  );
}

/**
 * Backfills the status-sync index keys of tickets stored without them: a Scan of the table's
 * tickets, page after page, and for each ticket without `gsi4pk` one UpdateItem of its keys,
 * `concurrency` in flight, conditioned on the ticket existing, not fenced, and unchanged since
 * the scan read it (its `updatedAt` and write token). Resolves the tickets scanned and changed.
 */
export async function backfillStatusIndex(doc: DynamoDBDocumentClient, table: string, concurrency: number): Promise<{ scanned: number; changed: number }> {
  let scanned = 0;
  let changed = 0;
  const params = { TableName: table, FilterExpression: '#e = :ticket', ExpressionAttributeNames: { '#e': '__edb_e__' }, ExpressionAttributeValues: { ':ticket': 'ticket' } };
  await scanPages(doc, params, async (tickets) => {
    scanned += tickets.length;
    await pool(
      tickets.filter((ticket) => ticket.gsi4pk === undefined),
      concurrency,
      async (ticket: Item) => {
        const index = ticketStatusIndexKeys(ticket.taskManagementConnectionId as string, (ticket.statusSyncedAt as string | undefined) ?? '');
        const token = ticket[WRITE_TOKEN];
        await doc.send(
          new UpdateCommand({
            TableName: table,
            Key: { pk: ticket.pk, sk: ticket.sk },
            UpdateExpression: 'SET #gsi4pk = :gsi4pk, #gsi4sk = :gsi4sk, #w = :w',
            ConditionExpression: `attribute_exists(#pk) AND attribute_not_exists(#fence) AND #updatedAt = :updatedAt AND ${token === undefined ? 'attribute_not_exists(#w)' : '#w = :read'}`,
            ExpressionAttributeNames: { '#gsi4pk': 'gsi4pk', '#gsi4sk': 'gsi4sk', '#w': WRITE_TOKEN, '#pk': 'pk', '#fence': FENCE, '#updatedAt': 'updatedAt' },
            ExpressionAttributeValues: { ':gsi4pk': index.gsi4pk, ':gsi4sk': index.gsi4sk, ':w': randomUUID(), ':updatedAt': ticket.updatedAt, ...(token === undefined ? {} : { ':read': token }) },
          }),
        );
        changed += 1;
      },
    );
  });
  return { scanned, changed };
}
