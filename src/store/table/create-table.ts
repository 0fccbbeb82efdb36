/** Creates the table from its definition, waits until it is ACTIVE and enables TTL. */
import type { CreateTableCommandInput, DynamoDBClient, TimeToLiveDescription } from '@aws-sdk/client-dynamodb';
import { CreateTableCommand, DescribeTimeToLiveCommand, waitUntilTableExists } from '@aws-sdk/client-dynamodb';
import { toDataAccessError } from '../map-error.js';
import { enableTimeToLive, isNamed } from './concurrent-change.js';
import { readTableState } from './describe-table.js';
import { nameOf } from './key-schema.js';
import { planOf } from './table-plan.js';

export async function createTableFrom(client: DynamoDBClient, definition: CreateTableCommandInput, options: { ifNotExists?: boolean; maxWaitSeconds?: number } = {}): Promise<void> {
  const TableName = definition.TableName;
  try {
    let existed = false;
    try {
      await client.send(new CreateTableCommand(definition));
    } catch (error) {
      // ifNotExists: the table exists already, or another process is creating it right now
      // (DynamoDB and DynamoDB Local both answer ResourceInUseException then); the wait below
      // covers both, and the TTL step is made safe against that other process too.
      if (!(options.ifNotExists && isNamed(error, 'ResourceInUseException'))) throw error;
      existed = true;
    }
    await waitUntilTableExists({ client, maxWaitTime: options.maxWaitSeconds ?? 300, minDelay: 1, maxDelay: 5 }, { TableName });
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
      ttl = (await client.send(new DescribeTimeToLiveCommand({ TableName }))).TimeToLiveDescription;
    }
    const status = ttl?.TimeToLiveStatus;
    if (status !== 'ENABLED' && status !== 'ENABLING') {
      // Two createTable({ ifNotExists }) at once both see TTL off here; the one whose
      // UpdateTimeToLive comes second is refused ("TimeToLive is already enabled"), which
      // enableTimeToLive takes for success once DescribeTimeToLive shows it on our attribute.
      await enableTimeToLive(client, nameOf(TableName));
    }
  } catch (error) {
    throw toDataAccessError(error, 'CreateTable');
  }
}
