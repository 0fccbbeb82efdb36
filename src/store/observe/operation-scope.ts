/**
 * The running totals of one public operation, turned into its event when it settles. The scope
 * is handed down explicitly — its {@link OperationScope.contextOf} is the store context every
 * request of the operation is sent with — so nothing has to follow the operation through `await`
 * (no AsyncLocalStorage, whose async hook would cost every promise of the process).
 */
import { performance } from 'node:perf_hooks';
import { ConflictError, DataAccessError } from '../../errors/index.js';
import type { RequestObserver, StoreContext } from '../context.js';
import { retryPolicy, storeContext } from '../context.js';
import type { OperationEvent } from './operation-event.js';
import type { OperationRecorder } from './operation-recorder.js';
import { askForCapacity, costOf } from './request-cost.js';

/** Sums of capacity units are kept free of binary noise (0.1 + 0.2): DynamoDB reports at most a few decimals. */
function rounded(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}

/**
 * What one operation has sent so far. Requests that arrive after it settled (work the operation
 * started and did not wait for) are not counted: its event is already out.
 */
export class OperationScope implements RequestObserver {
  requests = 0;
  retries = 0;
  #read = 0;
  #write = 0;
  #items = 0;
  #settled = false;
  readonly #started = performance.now();
  /** What the model layer derives from this scope once (scoped bindings, collection views), by what it derives it from. */
  readonly #derived = new Map<object, unknown>();

  constructor(
    readonly operation: string,
    readonly entity: string,
    /** The recorder (one per DataAccess) that started the operation. */
    readonly recorder: OperationRecorder,
  ) {}

  /** False once the operation settled. */
  get open(): boolean {
    return !this.#settled;
  }

  beforeRequest(command: { readonly input: object }): void {
    if (this.#settled) return;
    this.requests += 1;
    askForCapacity(command);
  }

  afterRequest(command: { readonly input: object }, output: unknown, error: unknown): void {
    if (this.#settled) return;
    const cost = costOf(command, output, error);
    this.#read += cost.read;
    this.#write += cost.write;
    this.#items += cost.items;
  }

  landedUnseen(items: number): void {
    if (!this.#settled) this.#items += items;
  }

  /** One re-send of the library's own (the retry loops call it through `RetryPolicy.onRetry`). */
  retried(): void {
    if (!this.#settled) this.retries += 1;
  }

  /** `base` (the DataAccess's context) for this operation: its requests and re-sends are counted here. */
  contextOf(base: StoreContext): StoreContext {
    return this.derive(base, () => storeContext(base, this, retryPolicy(base.retry, () => this.retried())));
  }

  /** `make()`, once per `key` for this operation (the model layer's scoped bindings and views). */
  derive<T>(key: object, make: () => T): T {
    if (this.#derived.has(key)) return this.#derived.get(key) as T;
    const made = make();
    this.#derived.set(key, made);
    return made;
  }

  /** Closes the scope without an event (the call was not an operation: it returned no promise). */
  discard(): void {
    this.#settled = true;
    this.#derived.clear();
  }

  /** Closes the scope and describes it; `failed` with what the operation rejected with. */
  settle(failed: boolean, error: unknown): OperationEvent {
    this.#settled = true;
    this.#derived.clear();
    const event = {
      operation: this.operation,
      entity: this.entity,
      durationMs: rounded(performance.now() - this.#started),
      requests: this.requests,
      retries: this.retries,
      consumedCapacity: { read: rounded(this.#read), write: rounded(this.#write) },
      items: this.#items,
      outcome: failed ? ('error' as const) : ('ok' as const),
    };
    if (!failed || !(error instanceof DataAccessError)) return event;
    return Object.assign(event, error instanceof ConflictError ? { errorCode: error.code, constraint: error.constraint } : { errorCode: error.code });
  }
}
