/** Creates the table from its definition, waits until it is ACTIVE and enables TTL. */
import type { CreateTableCommandInput, DynamoDBClient, TimeToLiveDescription } from '@aws-sdk/client-dynamodb';
import { CreateTableCommand, DescribeTimeToLiveCommand, waitUntilTableExists } from '@aws-sdk/client-dynamodb';
import { isTransientError } from '../retry.js';
import { enableTimeToLive, isNamed, MAX_CHANGE_ATTEMPTS, sendAs } from './concurrent-change.js';
import { readTableState } from './describe-table.js';
import { nameOf } from './key-schema.js';
import { planOf } from './table-plan.js';

export async function createTableFrom(client: DynamoDBClient, definition: CreateTableCommandInput, options: { ifNotExists?: boolean; maxWaitSeconds?: number } = {}): Promise<void> {
  const TableName = definition.TableName;
  const existed = await sendAs('CreateTable', () => sendCreate(client, definition, options.ifNotExists === true));
  await sendAs('DescribeTable', () => waitUntilTableExists({ client, maxWaitTime: options.maxWaitSeconds ?? 300, minDelay: 1, maxDelay: 5 }, { TableName }));
  let ttl: TimeToLiveDescription | undefined;
  if (existed) {
    // A table of that name that the library cannot work with (another key schema, key types, a
    // TTL on another attribute, an index of the same name with other keys) is refused as
    // planTableUpdate refuses it — before anything is sent to it. Indexes it lacks are left to
    // syncTable: createTable never changes an existing table's indexes.
    const state = await readTableState(client, nameOf(TableName));
    planOf(definition, state);
    ttl = state.ttl;
  } else {
    ttl = (await sendAs('DescribeTimeToLive', () => client.send(new DescribeTimeToLiveCommand({ TableName })))).TimeToLiveDescription;
  }
  const status = ttl?.TimeToLiveStatus;
  if (status !== 'ENABLED' && status !== 'ENABLING') {
    // Two createTable({ ifNotExists }) at once both see TTL off here; the one whose
    // UpdateTimeToLive comes second is refused ("TimeToLive is already enabled"), which
    // enableTimeToLive takes for success once DescribeTimeToLive shows it on our attribute.
    await sendAs('UpdateTimeToLive', () => enableTimeToLive(client, nameOf(TableName)));
  }
}

/**
 * Sends CreateTable; resolves true when the table existed already. With ifNotExists, that is the
 * table existing (or another process creating it right now: DynamoDB and DynamoDB Local both
 * answer ResourceInUseException then; the wait that follows covers both), and a request whose
 * answer was lost (it failed in transit) is sent again: if the first one made the table, the second
 * finds it. Without ifNotExists a lost answer stays an error: the caller asked to be told when
 * the table exists, and it cannot be told whether it made it.
 */
async function sendCreate(client: DynamoDBClient, definition: CreateTableCommandInput, ifNotExists: boolean): Promise<boolean> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      await client.send(new CreateTableCommand(definition));
      return false;
    } catch (error) {
      if (ifNotExists && isNamed(error, 'ResourceInUseException')) return true;
      if (!ifNotExists || !isTransientError(error) || attempt >= MAX_CHANGE_ATTEMPTS) throw error;
    }
  }
}
