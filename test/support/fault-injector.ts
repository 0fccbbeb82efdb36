/**
 * Fault injection below the library: AWS SDK v3 middleware on a fresh DynamoDBClient. A
 * DynamoDBDocumentClient built on that client shares its middleware stack, so one injector sees
 * every request the library sends (ElectroDB-built params, DocumentClient and raw commands).
 *
 * Faults, each drawn from a SEEDED generator (one stream per command name, so a run with the
 * same seed and the same sequence of commands injects the same faults):
 *  - `unprocessed` (initialize step, BatchWriteItem / BatchGetItem): only part of RequestItems is
 *    sent; the rest is returned in UnprocessedItems / UnprocessedKeys. Held items are really not
 *    written (or read).
 *  - `throttle` (finalizeRequest step, priority low: inside the SDK's retry loop, once per
 *    attempt): ProvisionedThroughputExceededException or ThrottlingException, before the request.
 *  - `network` (same place): an error with `code: 'ECONNRESET'` before the request.
 *  - `lostResponse` (same place): the request is sent (the write reaches the table), then an
 *    ECONNRESET error is thrown instead of the response.
 *  - `failAfterWrites: k`: write commands 1..k go through; every later write command throws a
 *    non-retryable error before it is sent (an interrupted process, a revoked role, …).
 *
 * The injector counts what it injected, by kind and by command, for the tests' figures.
 */
import type { DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import { DynamoDBClient, ProvisionedThroughputExceededException, ThrottlingException } from '@aws-sdk/client-dynamodb';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from './dynamo-local.js';

// ---------------------------------------------------------------------------------------------
// Seeded pseudo-random numbers
// ---------------------------------------------------------------------------------------------

/** mulberry32: a tiny 32-bit generator; the same seed gives the same sequence in [0, 1). */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** FNV-1a hash of a string, to derive one generator per command name from one seed. */
export function hashString(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

// ---------------------------------------------------------------------------------------------
// Configuration and counters
// ---------------------------------------------------------------------------------------------

/** Probabilities in [0, 1]. `throttle + network + lostResponse` must not exceed 1. */
export interface FaultRates {
  /** Per BatchWriteItem / BatchGetItem call (of ≥ 2 items): hold back 1..n-1 of its items. */
  readonly unprocessed?: number;
  /** Per attempt: ProvisionedThroughputExceededException or ThrottlingException (half each). */
  readonly throttle?: number;
  /** Per attempt: ECONNRESET before the request is sent. */
  readonly network?: number;
  /** Per attempt: the request is sent, then ECONNRESET instead of its response. */
  readonly lostResponse?: number;
}

export interface FaultInjectorOptions {
  readonly seed: number;
  /** Rates for every command not named in `byCommand`. */
  readonly rates?: FaultRates;
  /** Rates per command, by short name (`TransactWriteItems`) or SDK name (`TransactWriteItemsCommand`). */
  readonly byCommand?: Readonly<Record<string, FaultRates>>;
  /** Write commands after the k-th throw a non-retryable error. */
  readonly failAfterWrites?: number;
  /**
   * Scripted attempts per command (short or SDK name): the n-th attempt of that command does
   * `script[n]`; attempts past the end of the script follow the rates. Scripted faults are counted.
   */
  readonly script?: Readonly<Record<string, readonly ScriptedAttempt[]>>;
  /**
   * Query/Scan requests without a Limit get this Limit, so results come in many small pages
   * (DynamoDB may cut any page short; 1 MB pages are too big for a test table).
   */
  readonly queryPageLimit?: number;
  /**
   * Runs after a lost response's request reached the table and before its error is thrown: what
   * another process does in that window (it lands before the retry).
   */
  readonly betweenLostResponseAndRetry?: (command: string) => Promise<void>;
}

/** What one scripted attempt does. */
export type ScriptedAttempt = 'ok' | 'throttle' | 'network' | 'lostResponse';

export type FaultKind =
  | 'unprocessedRequests'
  | 'unprocessedItems'
  | 'provisionedThroughputExceeded'
  | 'throttling'
  | 'networkBeforeRequest'
  | 'lostResponse'
  | 'failAfterWrites';

export const FAULT_KINDS: readonly FaultKind[] = [
  'unprocessedRequests',
  'unprocessedItems',
  'provisionedThroughputExceeded',
  'throttling',
  'networkBeforeRequest',
  'lostResponse',
  'failAfterWrites',
];

export type FaultCounts = Record<FaultKind, number>;

export function emptyCounts(): FaultCounts {
  return Object.fromEntries(FAULT_KINDS.map((kind) => [kind, 0])) as FaultCounts;
}

/** Adds `more` into `total` (for figures summed over many injectors). */
export function addCounts(total: FaultCounts, more: Readonly<FaultCounts>): FaultCounts {
  for (const kind of FAULT_KINDS) total[kind] += more[kind];
  return total;
}

/** Faults that made an attempt fail (unprocessed items are a partial success, not a failure). */
export function failuresOf(counts: Readonly<FaultCounts>): number {
  return counts.provisionedThroughputExceeded + counts.throttling + counts.networkBeforeRequest + counts.lostResponse + counts.failAfterWrites;
}

export const WRITE_COMMANDS: ReadonlySet<string> = new Set(['PutItem', 'UpdateItem', 'DeleteItem', 'BatchWriteItem', 'TransactWriteItems']);

/** Marks every error the injector throws, so tests can tell injected faults from real ones. */
export const INJECTED = Symbol.for('reliability.injectedFault');

export interface InjectedMark {
  readonly kind: FaultKind;
  readonly command: string;
}

/** The injected fault behind `error` (or its `cause` chain), if any. */
export function injectedFaultOf(error: unknown): InjectedMark | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 10 && typeof current === 'object' && current !== null; depth += 1) {
    const mark = (current as { [INJECTED]?: InjectedMark })[INJECTED];
    if (mark) return mark;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

function shortName(commandName: string | undefined): string {
  return (commandName ?? 'Unknown').replace(/Command$/, '');
}

function mark<E extends Error>(error: E, kind: FaultKind, command: string): E {
  Object.defineProperty(error, INJECTED, { value: { kind, command }, enumerable: false });
  return error;
}

function networkError(kind: FaultKind, command: string, message: string): Error {
  return mark(Object.assign(new Error(message), { name: 'Error', code: 'ECONNRESET', errno: -104, syscall: 'read' }), kind, command);
}

function throttleError(kind: 'provisionedThroughputExceeded' | 'throttling', command: string): Error {
  const $metadata = { httpStatusCode: 400 };
  const error =
    kind === 'provisionedThroughputExceeded'
      ? new ProvisionedThroughputExceededException({ message: 'injected: provisioned throughput exceeded', $metadata })
      : new ThrottlingException({ message: 'injected: throttled', $metadata });
  return mark(error, kind, command);
}

function storeFailure(command: string, k: number): Error {
  const error = Object.assign(new Error(`injected: the store fails every write after the first ${k}`), {
    name: 'InjectedStoreFailure',
    $fault: 'client',
    $metadata: { httpStatusCode: 400 },
  });
  return mark(error, 'failAfterWrites', command);
}

// ---------------------------------------------------------------------------------------------
// The injector
// ---------------------------------------------------------------------------------------------

type Json = Record<string, unknown>;
type Handler = (args: { input: Json; request?: unknown }) => Promise<{ output: Json; response?: unknown }>;

export class FaultInjector {
  readonly seed: number;
  /** Faults injected so far, by kind. */
  readonly counts: FaultCounts = emptyCounts();
  /** Faults injected so far, by command (short name) and kind. */
  readonly byCommand = new Map<string, FaultCounts>();
  /** Commands seen (logical sends, at the initialize step), by short name. */
  readonly commands = new Map<string, number>();
  /** Attempts that reached the finalizeRequest step, by short name. */
  readonly attempts = new Map<string, number>();
  /** Write commands let through so far (for `failAfterWrites`). */
  writesLetThrough = 0;
  /** While false the injector only counts commands and injects nothing. */
  enabled = true;

  readonly #options: FaultInjectorOptions;
  readonly #streams = new Map<string, () => number>();
  readonly #scripted = new Map<string, number>();

  constructor(options: FaultInjectorOptions) {
    const rates = [options.rates, ...Object.values(options.byCommand ?? {})];
    for (const r of rates) {
      if (!r) continue;
      const sum = (r.throttle ?? 0) + (r.network ?? 0) + (r.lostResponse ?? 0);
      if (sum > 1 + 1e-9) throw new Error(`fault rates per attempt add up to ${sum} (> 1)`);
    }
    this.seed = options.seed;
    this.#options = options;
  }

  /** The rates that apply to `command`. */
  ratesFor(command: string): FaultRates {
    const named = this.#options.byCommand;
    return named?.[command] ?? named?.[`${command}Command`] ?? this.#options.rates ?? {};
  }

  /** The next scripted attempt of `command`, if its script has one left. */
  #nextScripted(command: string): ScriptedAttempt | undefined {
    const named = this.#options.script;
    const script = named?.[command] ?? named?.[`${command}Command`];
    if (!script) return undefined;
    const index = this.#scripted.get(command) ?? 0;
    this.#scripted.set(command, index + 1);
    return script[index];
  }

  /** The seeded stream of `command`: the same seed gives every command the same sequence. */
  random(command: string): number {
    let stream = this.#streams.get(command);
    if (!stream) {
      stream = mulberry32((this.seed ^ hashString(command)) >>> 0);
      this.#streams.set(command, stream);
    }
    return stream();
  }

  /** Total faults injected that made an attempt fail. */
  get failuresInjected(): number {
    return failuresOf(this.counts);
  }

  #count(command: string, kind: FaultKind, n = 1): void {
    this.counts[kind] += n;
    let perCommand = this.byCommand.get(command);
    if (!perCommand) {
      perCommand = emptyCounts();
      this.byCommand.set(command, perCommand);
    }
    perCommand[kind] += n;
  }

  /** Installs the middleware on `client` (and so on every DocumentClient built from it). */
  install<C extends DynamoDBClient>(client: C): C {
    const stack = client.middlewareStack as unknown as {
      add(middleware: (next: Handler, context: { commandName?: string }) => Handler, options: Record<string, unknown>): void;
    };
    stack.add((next, context) => (args) => this.#initialize(next, shortName(context.commandName), args), {
      step: 'initialize',
      name: 'reliabilityFaultInjectorInitialize',
      override: true,
    });
    stack.add((next, context) => (args) => this.#attempt(next, shortName(context.commandName), args), {
      step: 'finalizeRequest',
      priority: 'low',
      name: 'reliabilityFaultInjectorAttempt',
      override: true,
    });
    return client;
  }

  async #initialize(next: Handler, command: string, args: { input: Json }) {
    this.commands.set(command, (this.commands.get(command) ?? 0) + 1);
    if (!this.enabled) return next(args);
    const k = this.#options.failAfterWrites;
    if (k !== undefined && WRITE_COMMANDS.has(command)) {
      if (this.writesLetThrough >= k) {
        this.#count(command, 'failAfterWrites');
        throw storeFailure(command, k);
      }
      this.writesLetThrough += 1;
    }
    const pageLimit = this.#options.queryPageLimit;
    if (pageLimit !== undefined && (command === 'Query' || command === 'Scan') && args.input.Limit === undefined) {
      return next({ ...args, input: { ...args.input, Limit: pageLimit } });
    }
    const rate = this.ratesFor(command).unprocessed ?? 0;
    if (rate > 0 && (command === 'BatchWriteItem' || command === 'BatchGetItem')) {
      // Draw for every batch call, so the stream does not depend on batch sizes.
      const draw = this.random(command);
      const share = this.random(command);
      if (draw < rate) return this.#partialBatch(next, command, args, share);
    }
    return next(args);
  }

  /** Sends 1..n-1 of the batch's items and reports the rest as unprocessed. */
  async #partialBatch(next: Handler, command: string, args: { input: Json }, share: number) {
    const isWrite = command === 'BatchWriteItem';
    const requestItems = (args.input.RequestItems ?? {}) as Record<string, unknown>;
    const entries: { table: string; index: number }[] = [];
    for (const [table, value] of Object.entries(requestItems)) {
      const list = isWrite ? (value as unknown[]) : ((value as { Keys?: unknown[] }).Keys ?? []);
      list.forEach((_, index) => entries.push({ table, index }));
    }
    const n = entries.length;
    if (n < 2) return next(args);
    const holdCount = 1 + Math.floor(share * (n - 1)); // 1 .. n-1
    // Partial Fisher–Yates with the command's stream: which items are held is seeded too.
    const order = entries.map((_, i) => i);
    for (let i = 0; i < holdCount; i += 1) {
      const j = i + Math.floor(this.random(command) * (n - i));
      [order[i], order[j]] = [order[j] as number, order[i] as number];
    }
    const held = new Set(order.slice(0, holdCount).map((i) => `${entries[i]?.table}\u0000${entries[i]?.index}`));
    const isHeld = (table: string, index: number) => held.has(`${table}\u0000${index}`);

    const sent: Record<string, unknown> = {};
    const kept: Record<string, unknown[]> = {};
    for (const [table, value] of Object.entries(requestItems)) {
      const list = isWrite ? (value as unknown[]) : ((value as { Keys?: unknown[] }).Keys ?? []);
      const go = list.filter((_, i) => !isHeld(table, i));
      const stay = list.filter((_, i) => isHeld(table, i));
      if (stay.length > 0) kept[table] = stay;
      if (go.length > 0) sent[table] = isWrite ? go : { ...(value as Json), Keys: go };
    }
    this.#count(command, 'unprocessedRequests');
    this.#count(command, 'unprocessedItems', holdCount);

    const result = await next({ ...args, input: { ...args.input, RequestItems: sent } });
    const output = result.output;
    if (isWrite) {
      const unprocessed = { ...((output.UnprocessedItems ?? {}) as Record<string, unknown[]>) };
      for (const [table, stay] of Object.entries(kept)) unprocessed[table] = [...(unprocessed[table] ?? []), ...stay];
      output.UnprocessedItems = unprocessed;
    } else {
      const unprocessed = { ...((output.UnprocessedKeys ?? {}) as Record<string, Json>) };
      for (const [table, stay] of Object.entries(kept)) {
        const original = requestItems[table] as Json;
        const already = (unprocessed[table]?.Keys ?? []) as unknown[];
        unprocessed[table] = { ...original, Keys: [...already, ...stay] };
      }
      output.UnprocessedKeys = unprocessed;
    }
    return result;
  }

  async #attempt(next: Handler, command: string, args: { input: Json; request?: unknown }) {
    this.attempts.set(command, (this.attempts.get(command) ?? 0) + 1);
    if (!this.enabled) return next(args);
    const scripted = this.#nextScripted(command);
    const outcome = scripted ?? this.#draw(command);
    if (outcome === 'throttle') {
      // A second draw picks the exception, so both kinds show up.
      const kind = this.random(command) < 0.5 ? 'provisionedThroughputExceeded' : 'throttling';
      this.#count(command, kind);
      throw throttleError(kind, command);
    }
    if (outcome === 'network') {
      this.#count(command, 'networkBeforeRequest');
      throw networkError('networkBeforeRequest', command, 'injected: socket hang up before the request was sent');
    }
    if (outcome === 'lostResponse') {
      await next(args);
      await this.#options.betweenLostResponseAndRetry?.(command);
      this.#count(command, 'lostResponse');
      throw networkError('lostResponse', command, 'injected: socket hang up after the request reached the table');
    }
    return next(args);
  }

  /** One attempt's fate by the rates (one draw, so the stream does not depend on the outcome). */
  #draw(command: string): ScriptedAttempt {
    const { throttle = 0, network = 0, lostResponse = 0 } = this.ratesFor(command);
    if (throttle + network + lostResponse === 0) return 'ok';
    const draw = this.random(command);
    if (draw < throttle) return 'throttle';
    if (draw < throttle + network) return 'network';
    if (draw < throttle + network + lostResponse) return 'lostResponse';
    return 'ok';
  }

  /** A plain summary (for figures). */
  summary(): { seed: number; counts: FaultCounts; commands: Record<string, number>; attempts: Record<string, number> } {
    return {
      seed: this.seed,
      counts: { ...this.counts },
      commands: Object.fromEntries(this.commands),
      attempts: Object.fromEntries(this.attempts),
    };
  }
}

// ---------------------------------------------------------------------------------------------
// A client with the injector installed
// ---------------------------------------------------------------------------------------------

type RetryStrategyOption = NonNullable<DynamoDBClientConfig['retryStrategy']>;

interface RetryToken {
  getRetryCount(): number;
  getRetryDelay(): number;
}

/**
 * The SDK's standard retry policy without its waiting: retries THROTTLING and TRANSIENT errors
 * up to `maxAttempts` attempts, after 0–2 ms (drawn from `random`), and has
 * no shared retry quota (which would make a run depend on the order of concurrent requests).
 * The SDK's own classification of errors (by the retry middleware) is kept.
 */
export function quickRetryStrategy(maxAttempts: number, random: () => number = mulberry32(1)): RetryStrategyOption {
  const token = (count: number, delay: number): RetryToken => ({ getRetryCount: () => count, getRetryDelay: () => delay });
  return {
    acquireInitialRetryToken: () => Promise.resolve(token(0, 0)),
    refreshRetryTokenForRetry: (previous: RetryToken, info: { errorType: string }) => {
      const count = previous.getRetryCount() + 1;
      const retryable = info.errorType === 'THROTTLING' || info.errorType === 'TRANSIENT';
      if (!retryable || count >= maxAttempts) return Promise.reject(new Error('no retry token available'));
      return Promise.resolve(token(count, Math.floor(random() * 3)));
    },
    recordSuccess: () => undefined,
  };
}

export interface InjectedClientOptions extends FaultInjectorOptions {
  /** DynamoDB Local's endpoint (localEndpoint()). */
  readonly endpoint: string;
  /** Attempts of the SDK's own retry loop (default 3). */
  readonly sdkMaxAttempts?: number;
}

/** A fresh DynamoDBClient (the SDK's retry state belongs to a client) with an injector installed. */
export function createFaultInjectedClient(options: InjectedClientOptions): { client: DynamoDBClient; injector: FaultInjector } {
  const sdkMaxAttempts = options.sdkMaxAttempts ?? 3;
  const client = new DynamoDBClient({
    endpoint: options.endpoint,
    region: LOCAL_REGION,
    credentials: LOCAL_CREDENTIALS,
    maxAttempts: sdkMaxAttempts,
    retryStrategy: quickRetryStrategy(sdkMaxAttempts, mulberry32((options.seed ^ 0x5eed) >>> 0)),
  });
  const injector = new FaultInjector(options);
  injector.install(client);
  return { client, injector };
}
