/** Creates the table from its definition, waits until it is ACTIVE and enables TTL. */
import type { CreateTableCommandInput, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CreateTableCommand, DescribeTimeToLiveCommand, UpdateTimeToLiveCommand, waitUntilTableExists } from '@aws-sdk/client-dynamodb';
import { toDataAccessError } from '../map-error.js';
import { TTL_ATTRIBUTE } from '../storage-attributes.js';

function isNamed(error: unknown, name: string): boolean {
  return typeof error === 'object' && error !== null && (error as { name?: unknown }).name === name;
}

export async function createTableFrom(client: DynamoDBClient, definition: CreateTableCommandInput, options: { ifNotExists?: boolean; maxWaitSeconds?: number } = {}): Promise<void> {
  const TableName = definition.TableName;
  try {
    try {
      await client.send(new CreateTableCommand(definition));
    } catch (error) {
      if (!(options.ifNotExists && isNamed(error, 'ResourceInUseException'))) throw error;
    }
    await waitUntilTableExists({ client, maxWaitTime: options.maxWaitSeconds ?? 300, minDelay: 1, maxDelay: 5 }, { TableName });
    const ttl = await client.send(new DescribeTimeToLiveCommand({ TableName }));
    const status = ttl.TimeToLiveDescription?.TimeToLiveStatus;
    if (status !== 'ENABLED' && status !== 'ENABLING') {
      await client.send(new UpdateTimeToLiveCommand({ TableName, TimeToLiveSpecification: { AttributeName: TTL_ATTRIBUTE, Enabled: true } }));
    }
  } catch (error) {
    throw toDataAccessError(error, 'CreateTable');
  }
}
