/** The running totals of one public operation, turned into its event when it settles. */
import { performance } from 'node:perf_hooks';
import { ConflictError, DataAccessError } from '../../errors/index.js';
import type { OperationEvent } from './operation-event.js';
import type { RequestCost } from './request-cost.js';

/** Sums of capacity units are kept free of binary noise (0.1 + 0.2): DynamoDB reports at most a few decimals. */
function rounded(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}

/**
 * What one operation has sent so far. Requests that arrive after it settled (work the operation
 * started and did not wait for) are not counted: its event is already out.
 */
export class OperationScope {
  requests = 0;
  retries = 0;
  #read = 0;
  #write = 0;
  #items = 0;
  #settled = false;
  readonly #started = performance.now();

  constructor(
    readonly operation: string,
    readonly entity: string,
  ) {}

  /** False once the operation settled. */
  get open(): boolean {
    return !this.#settled;
  }

  /** Adds what one settled request cost. */
  add(cost: RequestCost): void {
    this.#read += cost.read;
    this.#write += cost.write;
    this.#items += cost.items;
  }

  /** Closes the scope without an event (the call was not an operation: it returned no promise). */
  discard(): void {
    this.#settled = true;
  }

  /** Closes the scope and describes it; `failed` with what the operation rejected with. */
  settle(failed: boolean, error: unknown): OperationEvent {
    this.#settled = true;
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
    return error instanceof ConflictError ? { ...event, errorCode: error.code, constraint: error.constraint } : { ...event, errorCode: error.code };
  }
}
