/**
 * Waits for a table to reach a state (ACTIVE, an index ACTIVE) by polling DescribeTable with a
 * bounded exponential backoff: quick checks at first (DynamoDB Local builds an index in about a
 * second), then every few seconds at most (AWS may backfill an index on a large table for hours),
 * and a deadline after which it gives up with a DATASTORE error. Giving up changes nothing on the
 * table: DynamoDB keeps building, and a later wait picks up where this one stopped.
 */
import type { DynamoDBClient, TableDescription } from '@aws-sdk/client-dynamodb';
import { setTimeout as delay } from 'node:timers/promises';
import { DataAccessError } from '../../errors/index.js';
import { describeTable } from './describe-table.js';

/** Time as the waits see it; tests pass a fake one. */
export interface WaitClock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const systemClock: WaitClock = Object.freeze({ now: () => Date.now(), sleep: (ms: number) => delay(ms) });

/** First pause between two DescribeTable calls. */
export const FIRST_POLL_MS = 500;
/** Longest pause between two DescribeTable calls. */
export const MAX_POLL_MS = 10_000;
/** Default deadline of one wait (an index backfill on a large table takes long). */
export const DEFAULT_MAX_WAIT_SECONDS = 3600;

/** What a wait still waits for (`'index gsi4 CREATING'`), or undefined when the table is there. */
export type Readiness = (table: TableDescription) => string | undefined;

export interface WaitOptions {
  readonly maxWaitSeconds?: number;
  readonly clock?: WaitClock;
}

/** Ready when the table and every one of its GSIs are ACTIVE: no UpdateTable may be sent before. */
export const settled: Readiness = (table) => {
  if (table.TableStatus !== 'ACTIVE') return `table ${table.TableStatus ?? 'in an unknown state'}`;
  const busy = (table.GlobalSecondaryIndexes ?? []).find((index) => index.IndexStatus !== 'ACTIVE');
  return busy === undefined ? undefined : `index ${busy.IndexName ?? ''} ${busy.IndexStatus ?? 'in an unknown state'}`;
};

/** Ready when the table is ACTIVE and has the GSI `indexName`, ACTIVE. */
export function indexActive(indexName: string): Readiness {
  return (table) => {
    const index = (table.GlobalSecondaryIndexes ?? []).find((candidate) => candidate.IndexName === indexName);
    // Right after UpdateTable a DescribeTable may not list the new index yet (eventual consistency).
    if (index === undefined) return `index ${indexName} not listed yet`;
    if (index.IndexStatus !== 'ACTIVE') return `index ${indexName} ${index.IndexStatus ?? 'in an unknown state'}`;
    return table.TableStatus === 'ACTIVE' ? undefined : `table ${table.TableStatus ?? 'in an unknown state'}`;
  };
}

/**
 * Polls DescribeTable until `ready` says the table is there; resolves with that description and
 * the time waited. A table that disappears, a DescribeTable failure and the deadline are
 * DATASTORE errors (`what` names the wait in the message).
 */
export async function waitForTable(client: DynamoDBClient, tableName: string, what: string, ready: Readiness, options: WaitOptions = {}): Promise<{ table: TableDescription; elapsedMs: number }> {
  const clock = options.clock ?? systemClock;
  const maxWaitMs = (options.maxWaitSeconds ?? DEFAULT_MAX_WAIT_SECONDS) * 1000;
  const started = clock.now();
  const describe = async (): Promise<TableDescription> => {
    const table = await describeTable(client, tableName);
    if (table === undefined) throw new DataAccessError('DATASTORE', `table ${tableName} disappeared while waiting for ${what}`);
    return table;
  };
  let table = await describe();
  for (let pause = FIRST_POLL_MS, waitingFor = ready(table); waitingFor !== undefined; pause = Math.min(pause * 2, MAX_POLL_MS), waitingFor = ready(table)) {
    const elapsedMs = clock.now() - started;
    const left = maxWaitMs - elapsedMs;
    if (left <= 0) {
      throw new DataAccessError(
        'DATASTORE',
        `gave up waiting for ${what} on table ${tableName} after ${Math.round(elapsedMs / 1000)} s (${waitingFor}); DynamoDB goes on by itself: run the sync again to keep waiting`,
      );
    }
    // Never sleep past the deadline: the last check happens at it.
    await clock.sleep(Math.min(pause, left));
    table = await describe();
  }
  return { table, elapsedMs: clock.now() - started };
}
