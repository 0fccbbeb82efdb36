/**
 * Helpers of the operation-event integration tests: a DataAccess with a recording `onEvent` on a
 * client whose own middleware tallies what really went to DynamoDB Local (requests, items read and
 * written), and `measure()`, which runs one public operation and checks that it emitted exactly one
 * event that agrees with that tally.
 */
import { randomBytes } from 'node:crypto';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { expect } from 'chai';
import type { DataAccess, DataAccessErrorCode, OperationEvent } from '../../../src/index.js';
import { createDataAccess, tableDefinition } from '../../../src/index.js';
import { createTableFrom, newLocalClient, scanAll } from '../../support/local-store.js';

type Json = Record<string, unknown>;
type Handler = (args: { input: Json }) => Promise<{ output: Json }>;

const lengthOf = (value: unknown) => (Array.isArray(value) ? value.length : 0);
const perTable = (map: unknown, count: (value: unknown) => number) =>
  typeof map === 'object' && map !== null ? Object.values(map).reduce<number>((sum, value) => sum + count(value), 0) : 0;

/**
 * What the client sent, seen by a middleware at its first step (one count per request the
 * library sends, whatever the SDK retries below it), with the items each answer read or wrote.
 */
export class RequestTally {
  requests = 0;
  itemsRead = 0;
  itemsWritten = 0;
  readonly commands = new Map<string, number>();

  /** Adds the tally to `client` (and every DocumentClient made from it): install it before any other middleware. */
  install<C extends DynamoDBClient>(client: C): C {
    const stack = client.middlewareStack as unknown as { add(middleware: (next: Handler, context: { commandName?: string }) => Handler, options: Json): void };
    stack.add(
      (next, context) => async (args) => {
        const command = (context.commandName ?? '').replace(/Command$/, '');
        this.requests += 1;
        this.commands.set(command, (this.commands.get(command) ?? 0) + 1);
        const result = await next(args);
        this.#count(command, args.input, result.output);
        return result;
      },
      { step: 'initialize', name: 'observeRequestTally', override: true },
    );
    return client;
  }

  #count(command: string, input: Json, output: Json): void {
    if (command === 'GetItem') this.itemsRead += output.Item === undefined ? 0 : 1;
    if (command === 'Query' || command === 'Scan') this.itemsRead += lengthOf(output.Items);
    if (command === 'BatchGetItem') this.itemsRead += perTable(output.Responses, lengthOf);
    if (command === 'PutItem' || command === 'UpdateItem' || command === 'DeleteItem') this.itemsWritten += 1;
    if (command === 'BatchWriteItem') this.itemsWritten += perTable(input.RequestItems, lengthOf) - perTable(output.UnprocessedItems, lengthOf);
    if (command === 'TransactWriteItems') this.itemsWritten += (input.TransactItems as Json[]).filter((action) => !('ConditionCheck' in action)).length;
  }

  reset(): void {
    this.requests = 0;
    this.itemsRead = 0;
    this.itemsWritten = 0;
    this.commands.clear();
  }
}

/** How the table changed during one operation (compared by key and content). */
export interface TableChanges {
  readonly added: number;
  readonly removed: number;
  readonly changed: number;
}

export interface Measured<T> {
  readonly event: OperationEvent;
  readonly result: T;
  readonly tally: { readonly requests: number; readonly itemsRead: number; readonly itemsWritten: number; readonly commands: Record<string, number> };
  readonly changes: TableChanges;
}

export interface ObservedStore {
  readonly da: DataAccess;
  readonly client: DynamoDBClient;
  readonly tableName: string;
  readonly tally: RequestTally;
  /** Every event emitted so far, in order. */
  readonly events: OperationEvent[];
  /** What the library logged at warn (a request outside any operation would be one). */
  readonly warnings: readonly string[];
  /** Runs `run`, expects exactly one event named `operation` with outcome 'ok' that matches the tally. */
  measure<T>(operation: string, run: () => Promise<T>): Promise<Measured<T>>;
  /** Runs `run`, expects it to reject and exactly one event named `operation` with that code (and constraint). */
  measureError(operation: string, run: () => Promise<unknown>, code: DataAccessErrorCode, constraint?: string): Promise<Measured<unknown>>;
  close(): void;
}

/** A fresh table and a DataAccess on it whose `onEvent` records (keyring configured for token state). */
export async function observedStore(name: string, options: { client?: DynamoDBClient; tally?: RequestTally } = {}): Promise<ObservedStore> {
  const tableName = await createTableFrom(tableDefinition(name));
  const tally = options.tally ?? new RequestTally();
  const client = options.client ?? tally.install(newLocalClient());
  const scanner = newLocalClient();
  const events: OperationEvent[] = [];
  // Warnings of the library (a request outside any operation would be one): none is expected.
  const warnings: string[] = [];
  const da = createDataAccess({
    tableName,
    client,
    encryption: { keys: { k1: randomBytes(32) }, activeKeyId: 'k1' },
    logger: { debug: () => undefined, info: () => undefined, warn: (message) => void warnings.push(message), error: () => undefined },
    onEvent: (event) => void events.push(event),
  });

  const snapshot = async () => new Map((await scanAll(scanner, tableName)).map((item) => [`${String(item.pk)}\u0000${String(item.sk)}`, JSON.stringify(item)]));
  const diff = (before: Map<string, string>, after: Map<string, string>): TableChanges => ({
    added: [...after.keys()].filter((key) => !before.has(key)).length,
    removed: [...before.keys()].filter((key) => !after.has(key)).length,
    changed: [...after.entries()].filter(([key, item]) => before.has(key) && before.get(key) !== item).length,
  });

  async function run<T>(operation: string, call: () => Promise<T>): Promise<{ measured: Measured<T | undefined>; error: unknown }> {
    const before = await snapshot();
    const from = events.length;
    tally.reset();
    let result: T | undefined;
    let error: unknown;
    try {
      result = await call();
    } catch (caught) {
      error = caught;
    }
    const emitted = events.slice(from);
    expect(warnings, `${operation}: warnings (every request inside its operation)`).to.deep.equal([]);
    expect(emitted.map((e) => e.operation), `events of ${operation}`).to.deep.equal([operation]);
    const event = emitted[0] as OperationEvent;
    expect(event.entity).to.equal(operation.split('.')[0]);
    expect(event.requests, `${operation}: requests`).to.equal(tally.requests);
    expect(event.items, `${operation}: items read + written`).to.equal(tally.itemsRead + tally.itemsWritten);
    expect(event.retries, `${operation}: retries without faults`).to.equal(0);
    if (tally.itemsWritten > 0) expect(event.consumedCapacity.write, `${operation}: write capacity`).to.be.greaterThan(0);
    if (tally.itemsRead > 0) expect(event.consumedCapacity.read, `${operation}: read capacity`).to.be.greaterThan(0);
    if (tally.requests === 0) expect(event.consumedCapacity).to.deep.equal({ read: 0, write: 0 });
    expect(event.durationMs).to.be.a('number').and.at.least(0);
    const measured = {
      event,
      result,
      tally: { requests: tally.requests, itemsRead: tally.itemsRead, itemsWritten: tally.itemsWritten, commands: Object.fromEntries(tally.commands) },
      changes: diff(before, await snapshot()),
    };
    return { measured, error };
  }

  return {
    da,
    client,
    tableName,
    tally,
    events,
    warnings,
    async measure<T>(operation: string, call: () => Promise<T>): Promise<Measured<T>> {
      const { measured, error } = await run(operation, call);
      if (error !== undefined) throw error as Error;
      expect(measured.event.outcome).to.equal('ok');
      expect(measured.event).to.not.have.property('errorCode');
      return measured as Measured<T>;
    },
    async measureError(operation, call, code, constraint) {
      const { measured, error } = await run(operation, call);
      expect(error, `${operation} should reject`).to.have.property('code', code);
      expect(measured.event).to.include({ outcome: 'error', errorCode: code });
      if (constraint === undefined) expect(measured.event).to.not.have.property('constraint');
      else expect(measured.event.constraint).to.equal(constraint);
      return measured;
    },
    close() {
      client.destroy();
      scanner.destroy();
    },
  };
}

/** Every string in `value` (deeply), for the scan of events for test data. */
export function stringsOf(value: unknown, into: Set<string> = new Set()): Set<string> {
  if (typeof value === 'string') into.add(value);
  else if (Array.isArray(value)) for (const entry of value) stringsOf(entry, into);
  else if (typeof value === 'object' && value !== null) for (const entry of Object.values(value)) stringsOf(entry, into);
  return into;
}
