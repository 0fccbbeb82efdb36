/**
 * Small helpers shared by the framework integration tests in this folder (not a test file: the
 * mocha glob only picks up `*.test.ts`).
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { expect } from 'chai';
import { frameworkRegistry } from '../../fixtures/framework-entities.js';
import { createTableFrom, newLocalClient, scanAll } from '../../support/local-store.js';

/** A fresh table of the framework's test entities, with a client whose commands are logged. */
export interface FrameworkTable {
  readonly client: DynamoDBClient;
  readonly tableName: string;
  readonly da: ReturnType<ReturnType<typeof frameworkRegistry>['createDataAccess']>;
  readonly log: CommandLog;
}

/** Creates a table named after `name` (call it from a `before` hook; destroy the client in `after`). */
export async function openFrameworkTable(name: string): Promise<FrameworkTable> {
  const registry = frameworkRegistry();
  const client = newLocalClient();
  const log = logCommands(client);
  const tableName = await createTableFrom(registry.tableDefinition(name));
  return { client, tableName, da: registry.createDataAccess({ tableName, client }), log };
}

/** The rejection of `promise`; fails the test if it fulfils. */
export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  expect.fail('expected the operation to be rejected, but it succeeded');
}

/** Runs `op(i)` for i in 0..n-1 all at once and waits for every outcome. */
export function raceAll<T>(n: number, op: (i: number) => Promise<T>): Promise<PromiseSettledResult<T>[]> {
  return Promise.allSettled(Array.from({ length: n }, (_, i) => op(i)));
}

export function fulfilledOf<T>(results: readonly PromiseSettledResult<T>[]): T[] {
  return results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
}

export function rejectedOf<T>(results: readonly PromiseSettledResult<T>[]): unknown[] {
  return results.flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : []));
}

/**
 * Counts the commands sent through `client` (and every DocumentClient built on it: they share
 * its middleware stack). Returns the live log; `reset()` empties it.
 */
export interface CommandLog {
  readonly commands: string[];
  count(name?: string): number;
  reset(): void;
}

export function logCommands(client: DynamoDBClient): CommandLog {
  const commands: string[] = [];
  client.middlewareStack.add(
    (next, context) => (args) => {
      commands.push(String(context.commandName));
      return next(args);
    },
    { step: 'initialize', name: 'frameworkTestCommandLog', override: true },
  );
  return {
    commands,
    count: (name) => (name === undefined ? commands.length : commands.filter((c) => c === name).length),
    reset: () => {
      commands.length = 0;
    },
  };
}

export type StoredItem = Record<string, unknown>;

/** Every item of the table. */
export function scanTable(client: DynamoDBClient, tableName: string): Promise<StoredItem[]> {
  return scanAll(client, tableName);
}

/** Items of one entity (`__edb_e__` is ElectroDB's entity marker, the lower-case entity name). */
export function itemsOf(items: readonly StoredItem[], entity: string): StoredItem[] {
  return items.filter((item) => item.__edb_e__ === entity);
}

/** Guard items of one unique constraint of one entity. */
export function guardsOf(items: readonly StoredItem[], entity: string, constraint: string): StoredItem[] {
  return items.filter((item) => item.sk === '$unique' && item.entity === entity && item.constraint === constraint);
}

/** A sortable copy of string values. */
export function sorted(values: Iterable<unknown>): string[] {
  return [...values].map(String).sort();
}
