// Helpers for integration tests against the DynamoDB Local started by test/it/hooks.ts.
import { randomBytes } from 'node:crypto';
import {
  CreateTableCommand,
  DeleteTableCommand,
  DynamoDBClient,
  waitUntilTableExists,
  waitUntilTableNotExists,
  type CreateTableCommandInput,
} from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, paginateScan } from '@aws-sdk/lib-dynamodb';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from './dynamo-local.js';

export const DYNAMO_LOCAL_ENDPOINT_ENV = 'DYNAMO_LOCAL_ENDPOINT';

let endpoint: string | undefined;
let tableCounter = 0;

/** Set by the root hook once DynamoDB Local answers (undefined after it stopped). */
export function setLocalEndpoint(value: string | undefined): void {
  endpoint = value;
  if (value === undefined) {
    delete process.env[DYNAMO_LOCAL_ENDPOINT_ENV];
  } else {
    process.env[DYNAMO_LOCAL_ENDPOINT_ENV] = value;
  }
}

/** The endpoint of the running DynamoDB Local; throws when the root hook did not start it. */
export function localEndpoint(): string {
  if (endpoint === undefined) {
    throw new Error(
      'DynamoDB Local is not running: run integration tests with `--require test/it/hooks.ts` (npm run test:it)',
    );
  }
  return endpoint;
}

/** A DynamoDB client for the local endpoint with dummy credentials. */
export function newLocalClient(options: { maxAttempts?: number } = {}): DynamoDBClient {
  return new DynamoDBClient({
    endpoint: localEndpoint(),
    region: LOCAL_REGION,
    credentials: LOCAL_CREDENTIALS,
    ...(options.maxAttempts === undefined ? {} : { maxAttempts: options.maxAttempts }),
  });
}

/**
 * Creates a table from `definition` under a unique name derived from its TableName,
 * waits until it is ACTIVE and returns the name.
 */
export async function createTableFrom(definition: CreateTableCommandInput): Promise<string> {
  tableCounter += 1;
  const base = definition.TableName ?? 'table';
  const name = `${base}-${tableCounter}-${randomBytes(4).toString('hex')}`;
  const client = newLocalClient();
  try {
    await client.send(new CreateTableCommand({ ...definition, TableName: name }));
    await waitUntilTableExists({ client, maxWaitTime: 30, minDelay: 1, maxDelay: 2 }, { TableName: name });
  } finally {
    client.destroy();
  }
  return name;
}

/** Reads every item of a table (all pages) as plain JS objects. */
export async function scanAll(client: DynamoDBClient, tableName: string): Promise<Record<string, unknown>[]> {
  const doc = DynamoDBDocumentClient.from(client);
  const items: Record<string, unknown>[] = [];
  for await (const page of paginateScan({ client: doc }, { TableName: tableName, ConsistentRead: true })) {
    items.push(...(page.Items ?? []));
  }
  return items;
}

/** Deletes a table and waits until it is gone. */
export async function deleteTable(client: DynamoDBClient, name: string): Promise<void> {
  await client.send(new DeleteTableCommand({ TableName: name }));
  await waitUntilTableNotExists({ client, maxWaitTime: 30, minDelay: 1, maxDelay: 2 }, { TableName: name });
}

/** Records the index of every Query `client` sends until `stop()` (a cascade's lookups, say). */
export function recordQueries(client: DynamoDBClient): { readonly queries: string[]; stop(): void } {
  const queries: string[] = [];
  const name = `record-queries-${Math.random().toString(36).slice(2)}`;
  client.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName === 'QueryCommand') queries.push(String((args.input as { IndexName?: string }).IndexName));
      return next(args);
    },
    { step: 'initialize', name },
  );
  return { queries, stop: () => void client.middlewareStack.remove(name) };
}
