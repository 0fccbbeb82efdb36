/** Reads what a table is now: DescribeTable and DescribeTimeToLive (nothing else is sent). */
import type { DynamoDBClient, TableDescription, TimeToLiveDescription } from '@aws-sdk/client-dynamodb';
import { DescribeTableCommand, DescribeTimeToLiveCommand } from '@aws-sdk/client-dynamodb';
import { toDataAccessError } from '../map-error.js';
import { isNamed } from './concurrent-change.js';

/** A table's description and its TTL setting; `table` is undefined when there is no such table. */
export interface TableState {
  readonly table: TableDescription | undefined;
  readonly ttl: TimeToLiveDescription | undefined;
}

/** DescribeTable; undefined for a table that does not exist. Failures are DATASTORE errors. */
export async function describeTable(client: DynamoDBClient, tableName: string): Promise<TableDescription | undefined> {
  try {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    return Table;
  } catch (error) {
    if (isNamed(error, 'ResourceNotFoundException')) return undefined;
    throw toDataAccessError(error, 'DescribeTable');
  }
}

/** The table and its TTL setting (TTL is only asked for when the table exists). */
export async function readTableState(client: DynamoDBClient, tableName: string): Promise<TableState> {
  const table = await describeTable(client, tableName);
  if (table === undefined) return { table, ttl: undefined };
  try {
    const { TimeToLiveDescription } = await client.send(new DescribeTimeToLiveCommand({ TableName: tableName }));
    return { table, ttl: TimeToLiveDescription };
  } catch (error) {
    throw toDataAccessError(error, 'DescribeTimeToLive');
  }
}
