/**
 * Shared helpers of the race suite (not a test file): a fresh table per test with a data access
 * that has a key ring (OAuthTokenState), outcome labels, creator loops that run until stopped,
 * and the figures each file prints when RACE_FIGURES is set.
 */
import { randomBytes } from 'node:crypto';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { expect } from 'chai';
import sinon from 'sinon';
import type { DataAccess, Logger, StoreConfig } from '../../../src/index.js';
import { ConflictError, createDataAccess, DataAccessError, tableDefinition } from '../../../src/index.js';
import type { FaultInjector, ScriptedAttempt } from '../../support/fault-injector.js';
import { WRITE_COMMANDS } from '../../support/fault-injector.js';
import { createTableFrom, newLocalClient } from '../../support/local-store.js';
import type { InjectedOptions } from '../reliability/support.js';
import { injectedDataAccess } from '../reliability/support.js';
import type { InvariantOptions, Item } from './invariants.js';
import { expectInvariants } from './invariants.js';

export const silentLogger: Logger = Object.freeze({ debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined });

/** A key ring for OAuthTokenState (a fresh random key per data access). */
export function keyring(): NonNullable<StoreConfig['encryption']> {
  return { keys: { k1: randomBytes(32) }, activeKeyId: 'k1' };
}

export interface RaceTable {
  readonly da: DataAccess;
  readonly client: DynamoDBClient;
  readonly tableName: string;
  readonly encryption: NonNullable<StoreConfig['encryption']>;
  /** A second data access on the same table (another process), same key ring. */
  other(): DataAccess;
  /** Scans and asserts every invariant of invariants.ts. */
  check(options?: InvariantOptions): Promise<Item[]>;
  /** A data access on the same table through a fault-injected client of its own (same key ring; destroyed after the file). */
  injected(options: Omit<InjectedOptions, 'encryption'>): { da: DataAccess; injector: FaultInjector };
  /**
   * A data access on the same table through a client of its own that calls `afterSuccess` with
   * the command's short name (`TransactWriteItems`) each time a command succeeded, before the
   * caller sees its response — to start other racers at a known point of a write.
   */
  observed(afterSuccess: (command: string) => void): DataAccess;
}

const clients: DynamoDBClient[] = [];
type Send = (args: unknown) => Promise<unknown>;

/** A fresh table of the library's entities, for one test. */
export async function raceTable(name: string): Promise<RaceTable> {
  const tableName = await createTableFrom(tableDefinition(name));
  const client = newLocalClient();
  clients.push(client);
  const encryption = keyring();
  const config = { tableName, client, logger: silentLogger, encryption };
  return {
    da: createDataAccess(config),
    client,
    tableName,
    encryption,
    other: () => createDataAccess(config),
    check: (options) => expectInvariants(client, tableName, options),
    observed: (afterSuccess) => {
      const observedClient = newLocalClient();
      clients.push(observedClient);
      (observedClient.middlewareStack as unknown as { add(m: (next: Send, context: { commandName?: string }) => Send, o: Record<string, unknown>): void }).add(
        (next, context) => async (args) => {
          const output = await next(args);
          afterSuccess((context.commandName ?? '').replace(/Command$/, ''));
          return output;
        },
        { step: 'initialize', name: 'raceObservedCommands' },
      );
      return createDataAccess({ ...config, client: observedClient });
    },
    injected: (options) => {
      const { da, client: injectedClient, injector } = injectedDataAccess(tableName, { ...options, encryption });
      clients.push(injectedClient);
      return { da, injector };
    },
  };
}

/**
 * A fault script in which every write command (PutItem, UpdateItem, DeleteItem,
 * TransactWriteItems, BatchWriteItem) loses the response of every other attempt, starting with
 * its first: each write reaches the table, and is sent again by the SDK or by the library.
 */
export function everyOtherResponseLost(attempts = 40): Record<string, ScriptedAttempt[]> {
  const script = Array.from({ length: attempts }, (_, i): ScriptedAttempt => (i % 2 === 0 ? 'lostResponse' : 'ok'));
  return Object.fromEntries([...WRITE_COMMANDS].map((command) => [command, script]));
}

/**
 * Fakes `Date` only (timers run as usual) for the tests of the calling describe block, restored
 * after each test; resolves a function that moves it forward. The SDK signs requests with `Date`:
 * keep the total jump of one test within its clock-skew window (about 5 minutes).
 */
export function fakeDate(): (seconds: number) => void {
  let clock: sinon.SinonFakeTimers | undefined;
  afterEach(function () {
    clock?.restore();
    clock = undefined;
  });
  return (seconds) => {
    clock ??= sinon.useFakeTimers({ now: Date.now(), toFake: ['Date'], shouldAdvanceTime: true });
    clock.tick(seconds * 1000);
  };
}

if (typeof after === 'function') {
  after(function () {
    for (const client of clients.splice(0)) client.destroy();
  });
}

// ---------------------------------------------------------------------------------------------
// Outcomes
// ---------------------------------------------------------------------------------------------

/** A short label of an error: its class, with the constraint of a ConflictError. */
export function labelOf(error: unknown): string {
  if (error instanceof ConflictError) return `ConflictError(${error.constraint})`;
  if (error instanceof DataAccessError) return error.name === 'DataAccessError' ? `DataAccessError(${error.code})` : error.name;
  return `unexpected: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`;
}

/** 'ok' or the error's label. */
export function outcomeOf(result: PromiseSettledResult<unknown>): string {
  return result.status === 'fulfilled' ? 'ok' : labelOf(result.reason);
}

/** The settled result of `promise` (never rejects). */
export async function settle<T>(promise: Promise<T>): Promise<PromiseSettledResult<T>> {
  try {
    return { status: 'fulfilled', value: await promise };
  } catch (reason) {
    return { status: 'rejected', reason };
  }
}

/** Counts of each label. */
export function tally(labels: readonly string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const label of labels) counts[label] = (counts[label] ?? 0) + 1;
  return Object.fromEntries(Object.entries(counts).sort(([a], [b]) => a.localeCompare(b)));
}

/** Asserts every label is one of `allowed` (the message lists the unexpected ones). */
export function expectOnly(labels: readonly string[], allowed: readonly string[], what: string): void {
  const unexpected = labels.filter((label) => !allowed.includes(label));
  expect(tally(unexpected), `${what}: outcomes other than ${allowed.join(', ')}`).to.deep.equal({});
}

// ---------------------------------------------------------------------------------------------
// Creator loops
// ---------------------------------------------------------------------------------------------

export interface Attempt<T> {
  readonly result: PromiseSettledResult<T>;
  /** Started after the remove was called. */
  readonly startedDuringRemove: boolean;
  /** Settled after the remove was called: the attempt was in flight while the remove ran (or later). */
  readonly settledDuringRemove: boolean;
  /** Resolved or rejected after the remove resolved. */
  readonly settledAfterRemove: boolean;
}

/**
 * `workers` loops each calling `op` until `stop()`; `started()` resolves once `warmUp` calls
 * succeeded (so the remove meets a tree that keeps growing), whatever time that takes.
 */
export class Creators<T> {
  readonly attempts: Attempt<T>[] = [];
  #stopped = false;
  #removing = false;
  #removed = false;
  #successes = 0;
  #onWarm: (() => void) | undefined;
  readonly #warmUp: number;
  readonly #loops: Promise<void>[];
  readonly #warm: Promise<void>;

  constructor(workers: number, op: (worker: number, n: number) => Promise<T>, warmUp: number) {
    this.#warmUp = warmUp;
    this.#warm = new Promise((resolve) => {
      this.#onWarm = resolve;
    });
    this.#loops = Array.from({ length: workers }, async (_, worker) => {
      for (let n = 0; !this.#stopped; n += 1) {
        const startedDuringRemove = this.#removing;
        const result = await settle(op(worker, n));
        this.attempts.push({ result, startedDuringRemove, settledDuringRemove: this.#removing, settledAfterRemove: this.#removed });
        if (result.status === 'fulfilled') {
          this.#successes += 1;
          if (this.#successes >= this.#warmUp) this.#onWarm?.();
        }
        // A failing op must not spin without yielding (every op awaits I/O, but be safe).
        if (result.status === 'rejected') await new Promise<void>((resolve) => setImmediate(resolve));
      }
    });
  }

  /** Resolves once `warmUp` calls succeeded. */
  started(): Promise<void> {
    return this.#warm;
  }

  /** Runs `remove` while the loops keep creating; stops them after it resolved; waits for them. */
  async during(remove: () => Promise<unknown>): Promise<PromiseSettledResult<unknown>> {
    await this.started();
    this.#removing = true;
    const removed = await settle(remove());
    this.#removed = true;
    this.#stopped = true;
    await Promise.all(this.#loops);
    return removed;
  }

  /**
   * Attempts in flight while the remove ran (the race proper): settled after it was called, and
   * started before it resolved — every attempt of the loops, which stop once it resolved.
   */
  get racing(): Attempt<T>[] {
    return this.attempts.filter((attempt) => attempt.settledDuringRemove);
  }
}

// ---------------------------------------------------------------------------------------------
// Figures
// ---------------------------------------------------------------------------------------------

export interface RaceFigure {
  /** Scenarios (tests, records or rounds) run. */
  cases: number;
  /** Operations sent. */
  operations: number;
  /** Outcomes by label. */
  outcomes: Record<string, number>;
}

/** The figures of one file, by group; printed by an `after` hook when RACE_FIGURES is set. */
export class Figures {
  readonly #title: string;
  readonly #groups = new Map<string, RaceFigure>();

  constructor(title: string) {
    this.#title = title;
  }

  group(name: string): RaceFigure {
    let figure = this.#groups.get(name);
    if (!figure) {
      figure = { cases: 0, operations: 0, outcomes: {} };
      this.#groups.set(name, figure);
    }
    return figure;
  }

  /** Adds a case and its operations' outcomes to group `name`. */
  record(name: string, labels: readonly string[], cases = 1): void {
    const figure = this.group(name);
    figure.cases += cases;
    figure.operations += labels.length;
    for (const label of labels) figure.outcomes[label] = (figure.outcomes[label] ?? 0) + 1;
  }

  /** Adds `n` to the count `label` of group `name` (not an operation: e.g. faults injected). */
  count(name: string, label: string, n: number): void {
    const figure = this.group(name);
    figure.outcomes[label] = (figure.outcomes[label] ?? 0) + n;
  }

  render(): string {
    const lines = [`Race figures: ${this.#title}`];
    for (const [name, figure] of this.#groups) {
      const outcomes = Object.entries(figure.outcomes)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([label, n]) => `${label} ${n}`)
        .join(', ');
      lines.push(`  ${name}: cases ${figure.cases}, operations ${figure.operations} | ${outcomes}`);
    }
    return lines.join('\n');
  }

  /** Registers the `after` hook of the calling describe block. */
  printAfter(): void {
    after(() => {
      if (process.env['RACE_FIGURES'] !== undefined && this.#groups.size > 0) console.log(this.render());
    });
  }
}
