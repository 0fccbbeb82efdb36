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

/** How one change is sent: the request, how to tell from the table that it is made, and when to send it again. */
export interface TableChange {
  readonly send: () => Promise<unknown>;
  /** Reads the table: is the change there (made by us or by another process)? */
  readonly isMade: () => Promise<boolean>;
  /** A refusal after which the change is sent again when it is still missing (the table was busy). */
  readonly sendAgainAfter?: (error: unknown) => boolean;
  /** Told before the change is sent again. */
  readonly onSendAgain?: (error: unknown, lost: boolean) => void;
}

/**
 * Sends one change of a table until it is made. A refusal a concurrent identical change can cause
 * — or a request that failed in transit (a timeout, a reset connection: it may have reached
 * DynamoDB and been made, only its answer lost; the SDK re-sends such a request itself unless its
 * client was made with maxAttempts 1) — is settled by reading the table: resolves `'meanwhile'`
 * when the change is there after a refusal (another process made it), `'sent'` when it is there
 * after a lost answer (ours did). A request that may not have arrived, or one refused because the
 * table was busy, is sent again while the change is missing, up to MAX_CHANGE_ATTEMPTS; any other
 * error is thrown as it is (callers wrap it).
 */
export async function changeTable(change: TableChange): Promise<'sent' | 'meanwhile'> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      await change.send();
      return 'sent';
    } catch (error) {
      const lost = isTransientError(error);
      if (!isRefusal(error) && !lost) throw error;
      if (await change.isMade()) return lost ? 'sent' : 'meanwhile';
      if (!(lost || change.sendAgainAfter?.(error) === true) || attempt >= MAX_CHANGE_ATTEMPTS) throw error;
      change.onSendAgain?.(error, lost);
    }
  }
}

/**
 * Enables TTL on the library's attribute (see changeTable: `'meanwhile'` when another process
 * enabled it since the caller looked, confirmed by DescribeTimeToLive). Throws the SDK's error
 * otherwise (also when TTL turns out to be on another attribute: that is not the wanted state,
 * and the planner reports it as CONFIGURATION on the next run); callers wrap it.
 */
export function enableTimeToLive(client: DynamoDBClient, tableName: string): Promise<'sent' | 'meanwhile'> {
  return changeTable({
    send: () => client.send(new UpdateTimeToLiveCommand({ TableName: tableName, TimeToLiveSpecification: { AttributeName: TTL_ATTRIBUTE, Enabled: true } })),
    isMade: async () => ttlEnabled((await sendAs('DescribeTimeToLive', () => client.send(new DescribeTimeToLiveCommand({ TableName: tableName })))).TimeToLiveDescription),
  });
}
