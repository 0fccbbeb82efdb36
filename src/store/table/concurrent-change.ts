/**
 * Changes of a table that another process may be making at the same moment: two deploy jobs
 * running `syncTable`, two service instances starting with `createTable({ ifNotExists: true })`.
 * Both read the table, both find TTL (a stream, a GSI) missing, both send the change, and
 * DynamoDB refuses the second one: `ValidationException` ("TimeToLive is already enabled",
 * "Table already has an enabled stream"), `ResourceInUseException` ("Index is being created",
 * "Table is being updated") or, on AWS, `LimitExceededException` (one index build at a time).
 *
 * Such a refusal is only taken for success after reading the table again and finding the wanted
 * state there: the same names also stand for requests that are really wrong, and the message
 * texts differ between DynamoDB and DynamoDB Local (and may change), so they are never matched.
 */
import type { DynamoDBClient, TimeToLiveDescription } from '@aws-sdk/client-dynamodb';
import { DescribeTimeToLiveCommand, UpdateTimeToLiveCommand } from '@aws-sdk/client-dynamodb';
import { toDataAccessError } from '../map-error.js';
import { isTransientError } from '../retry.js';
import { TTL_ATTRIBUTE } from '../storage-attributes.js';

/** Runs one request of a table change; what it throws becomes a DataAccessError naming `operation`. */
export async function sendAs<T>(operation: string, request: () => Promise<T>): Promise<T> {
  try {
    return await request();
  } catch (error) {
    throw toDataAccessError(error, operation);
  }
}

/**
 * A change request that failed in transit (a timeout, a reset connection) may have reached
 * DynamoDB and been made — only its answer was lost. Like a refusal, it is settled by reading the
 * table: the change is there (done), or it is sent again. The SDK re-sends such a request itself
 * unless its client was made with maxAttempts 1; the library must not leave a half-made table then.
 */
export function mayHaveLanded(error: unknown): boolean {
  return isTransientError(error);
}

export function isNamed(error: unknown, name: string): boolean {
  return typeof error === 'object' && error !== null && (error as { name?: unknown }).name === name;
}

/**
 * Refusals that say the table was busy with another change (not that ours is there): the change
 * may be sent again once the table has settled, if it is still missing then.
 */
export function isBusy(error: unknown): boolean {
  return isNamed(error, 'ResourceInUseException') || isNamed(error, 'LimitExceededException');
}

/** Refusals that a concurrent identical change can cause: worth reading the table again. */
export function isRefusal(error: unknown): boolean {
  return isNamed(error, 'ValidationException') || isBusy(error);
}

/** How often one change is sent while the table keeps being busy with others. */
export const MAX_CHANGE_ATTEMPTS = 5;

/** TTL is on (or being turned on, as AWS reports for a while) on the library's attribute. */
export function ttlEnabled(ttl: TimeToLiveDescription | undefined): boolean {
  const status = ttl?.TimeToLiveStatus;
  return (status === 'ENABLED' || status === 'ENABLING') && ttl?.AttributeName === TTL_ATTRIBUTE;
}

/**
 * Enables TTL on the library's attribute. Resolves `'meanwhile'` when DynamoDB refused because
 * another process enabled it since the caller looked (confirmed by DescribeTimeToLive), `'sent'`
 * when it did it — also when the answer was lost on the way and DescribeTimeToLive shows TTL on
 * (else the request is sent again, up to MAX_CHANGE_ATTEMPTS). Throws the SDK's error otherwise
 * (also when TTL turns out to be on another attribute: that is not the wanted state, and the
 * planner reports it as CONFIGURATION on the next run); callers wrap it.
 */
export async function enableTimeToLive(client: DynamoDBClient, tableName: string): Promise<'sent' | 'meanwhile'> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      await client.send(new UpdateTimeToLiveCommand({ TableName: tableName, TimeToLiveSpecification: { AttributeName: TTL_ATTRIBUTE, Enabled: true } }));
      return 'sent';
    } catch (error) {
      const lost = mayHaveLanded(error);
      if (!isRefusal(error) && !lost) throw error;
      const { TimeToLiveDescription } = await sendAs('DescribeTimeToLive', () => client.send(new DescribeTimeToLiveCommand({ TableName: tableName })));
      if (ttlEnabled(TimeToLiveDescription)) return lost ? 'sent' : 'meanwhile';
      if (!lost || attempt >= MAX_CHANGE_ATTEMPTS) throw error;
    }
  }
}
