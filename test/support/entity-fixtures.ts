/** Valid inputs for the library's entities, for integration tests. */
import { randomUUID } from 'node:crypto';
import type { DataAccess } from '../../src/index.js';
import { tableDefinition, createDataAccess } from '../../src/index.js';
import { createTableFrom, newLocalClient } from './local-store.js';

export async function freshDataAccess(name: string, options: { maxAttempts?: number } = {}): Promise<{ da: DataAccess; tableName: string; client: ReturnType<typeof newLocalClient> }> {
  const client = newLocalClient(options);
  const tableName = await createTableFrom(tableDefinition(name));
  return { da: createDataAccess({ tableName, client }), tableName, client };
}

export function jiraCloudConnectionInput(overrides: Record<string, unknown> = {}) {
  const cloudId = randomUUID();
  return {
    organizationId: randomUUID(),
    provider: 'jira_cloud' as const,
    displayName: 'Acme Jira',
    instanceUrl: 'https://acme.atlassian.net',
    connectedBy: 'user-1',
    externalInstanceId: cloudId,
    metadata: { cloudId, scopes: ['read:jira-work', 'write:jira-work'] },
    ...overrides,
  };
}

export function ticketInput(connection: { getId(): string; getOrganizationId(): string }, overrides: Record<string, unknown> = {}) {
  const externalTicketId = String(10000 + Math.floor(Math.random() * 1e9));
  return {
    organizationId: connection.getOrganizationId(),
    taskManagementConnectionId: connection.getId(),
    opportunityId: randomUUID(),
    externalTicketId,
    ticketKey: `ASO-${externalTicketId}`,
    ticketUrl: `https://acme.atlassian.net/browse/ASO-${externalTicketId}`,
    ticketProvider: 'jira_cloud' as const,
    summary: 'Fix the thing',
    createdBy: 'user-1',
    ...overrides,
  };
}

// ---------------------------------------------------------------------------------------------
// Helpers for the entity integration tests in test/it/entities/ (appended; the exports above are
// unchanged). Imports below are hoisted like any ES module import.
// ---------------------------------------------------------------------------------------------
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { scanAll } from './local-store.js';

/** An item as DynamoDB holds it (unmarshalled). */
export type RawItem = Record<string, unknown>;

/** The rejection of `promise`; throws (failing the test) if it fulfils. */
export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  let value: unknown;
  try {
    value = await promise;
  } catch (error) {
    return error;
  }
  throw new Error(`expected a rejection, but the operation fulfilled with ${String(value)}`);
}

/** The error `fn` throws synchronously or rejects with; throws if it succeeds. */
export async function errorOf(fn: () => unknown): Promise<unknown> {
  try {
    await fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error, but the operation succeeded');
}

/** Runs `op(i)` for i in 0..n-1 at once and waits for every outcome. */
export function raceAll<T>(n: number, op: (i: number) => Promise<T>): Promise<PromiseSettledResult<T>[]> {
  return Promise.allSettled(Array.from({ length: n }, (_, i) => op(i)));
}

export function fulfilledOf<T>(results: readonly PromiseSettledResult<T>[]): T[] {
  return results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
}

export function rejectedOf<T>(results: readonly PromiseSettledResult<T>[]): unknown[] {
  return results.flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : []));
}

/** Every item of the table, each serialised with sorted keys, sorted: equal snapshots mean an unchanged table. */
export async function tableSnapshot(client: DynamoDBClient, tableName: string): Promise<string[]> {
  const items = await scanAll(client, tableName);
  return items.map((item) => JSON.stringify(item, Object.keys(item).sort())).sort();
}

/** True for a unique-constraint guard item. */
export function isGuardItem(item: RawItem): boolean {
  return typeof item.pk === 'string' && item.pk.startsWith('$unique#');
}

/** Items of one entity (by ElectroDB's entity marker: the lower-cased entity name). */
export function itemsOfEntity(items: readonly RawItem[], entityName: string): RawItem[] {
  return items.filter((item) => item.__edb_e__ === entityName.toLowerCase());
}

/** Guard items of one constraint. */
export function guardsOf(items: readonly RawItem[], constraint: string): RawItem[] {
  return items.filter((item) => isGuardItem(item) && item.constraint === constraint);
}

/** The raw stored item with `idAttribute` = `id` (found by scanning), or undefined. */
export async function rawItemById(client: DynamoDBClient, tableName: string, idAttribute: string, id: string): Promise<RawItem | undefined> {
  const items = await scanAll(client, tableName);
  return items.find((item) => item[idAttribute] === id && !isGuardItem(item));
}

/** A consistent GetItem by primary key (pk/sk as stored). */
export async function rawGet(client: DynamoDBClient, tableName: string, key: { pk: unknown; sk: unknown }): Promise<RawItem | undefined> {
  const doc = DynamoDBDocumentClient.from(client);
  const output = await doc.send(new GetCommand({ TableName: tableName, Key: { pk: key.pk, sk: key.sk }, ConsistentRead: true }));
  return output.Item;
}

/** A raw UpdateItem `SET #name = :value` on the item with this primary key (behind the library's back). */
export async function rawSet(client: DynamoDBClient, tableName: string, key: { pk: unknown; sk: unknown }, name: string, value: unknown): Promise<void> {
  const doc = DynamoDBDocumentClient.from(client);
  await doc.send(
    new UpdateCommand({
      TableName: tableName,
      Key: { pk: key.pk, sk: key.sk },
      UpdateExpression: 'SET #n = :v',
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeNames: { '#n': name },
      ExpressionAttributeValues: { ':v': value },
    }),
  );
}

export function jiraDataCenterConnectionInput(overrides: Record<string, unknown> = {}) {
  const host = `jira-${randomUUID().slice(0, 8)}.example.com`;
  return {
    organizationId: randomUUID(),
    provider: 'jira_data_center' as const,
    displayName: 'Acme Jira DC',
    instanceUrl: `https://${host}`,
    connectedBy: 'user-1',
    externalInstanceId: `https://${host}`,
    metadata: { baseUrl: `https://${host}`, projectCategory: 'Engineering' },
    ...overrides,
  };
}

export function githubConnectionInput(overrides: Record<string, unknown> = {}) {
  const repo = `repo-${randomUUID().slice(0, 8)}`;
  return {
    organizationId: randomUUID(),
    provider: 'github' as const,
    displayName: 'Acme GitHub',
    instanceUrl: `https://github.com/acme/${repo}`,
    connectedBy: 'user-1',
    externalInstanceId: `acme/${repo}`,
    metadata: { owner: 'acme', repo, installationId: 4242 },
    ...overrides,
  };
}

export function syncStartInput(connection: { getId(): string; getOrganizationId(): string }, overrides: Record<string, unknown> = {}) {
  return {
    taskManagementConnectionId: connection.getId(),
    organizationId: connection.getOrganizationId(),
    triggeredBy: 'user-1',
    syncType: 'full' as const,
    ...overrides,
  };
}

/** `n` links to fresh suggestions. */
export function suggestionLinks(n: number, suggestionIds: readonly string[] = Array.from({ length: n }, () => randomUUID())) {
  return suggestionIds.slice(0, n).map((suggestionId) => ({ suggestionId, opportunityId: randomUUID() }));
}

export function nonceInput(overrides: Record<string, unknown> = {}) {
  return {
    organizationId: randomUUID(),
    provider: 'jira_cloud' as const,
    createdBy: 'user-1',
    codeVerifier: 'v'.repeat(64),
    redirectUri: 'https://app.example.com/oauth/callback',
    ...overrides,
  };
}
