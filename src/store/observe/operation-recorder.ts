/**
 * The observer of a DataAccess whose configuration has `onEvent`: it keeps one scope per running
 * public operation in an AsyncLocalStorage (created only here, so a DataAccess without a listener
 * never enables one), counts the requests `send()` makes and the re-sends the retry loops report
 * into it, and hands the listener one event when the operation settles.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Logger, OperationObserver } from '../context.js';
import type { OperationListener } from './operation-event.js';
import { OperationScope } from './operation-scope.js';
import { askForCapacity, costOf } from './request-cost.js';

function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return (typeof value === 'object' || typeof value === 'function') && value !== null && typeof (value as { then?: unknown }).then === 'function';
}

/** Records every public operation of one DataAccess and reports it to `listener`. */
export class OperationRecorder implements OperationObserver {
  readonly #scopes = new AsyncLocalStorage<OperationScope>();
  readonly #listener: OperationListener;
  readonly #logger: Logger;
  #warned = false;

  constructor(listener: OperationListener, logger: Logger) {
    this.#listener = listener;
    this.#logger = logger;
  }

  /** The scope of the operation running here, if it has not settled yet. */
  #current(): OperationScope | undefined {
    const scope = this.#scopes.getStore();
    return scope?.open ? scope : undefined;
  }

  operation<T>(operation: string, entity: string, call: () => T): T {
    // A public method called by another one is part of it: the outermost call reports.
    if (this.#current() !== undefined) return call();
    const scope = new OperationScope(operation, entity);
    let result: T;
    try {
      result = this.#scopes.run(scope, call);
    } catch (error) {
      // Thrown before any promise existed: a synchronous method (a setter, a getter), not an operation.
      scope.discard();
      throw error;
    }
    if (!isPromiseLike(result)) {
      scope.discard();
      return result;
    }
    return Promise.resolve(result).then(
      (value) => {
        this.#emit(scope, false, undefined);
        return value;
      },
      (error: unknown) => {
        this.#emit(scope, true, error);
        throw error;
      },
    ) as T;
  }

  beforeRequest(command: { readonly input: object }): void {
    const scope = this.#current();
    if (scope === undefined) return;
    scope.requests += 1;
    askForCapacity(command);
  }

  afterRequest(command: { readonly input: object }, output: unknown, error: unknown): void {
    this.#current()?.add(costOf(command, output, error));
  }

  /** One re-send of the library's own (the retry loops call it through `RetryPolicy.onRetry`). */
  retried(): void {
    const scope = this.#current();
    if (scope !== undefined) scope.retries += 1;
  }

  #emit(scope: OperationScope, failed: boolean, error: unknown): void {
    const event = scope.settle(failed, error);
    try {
      const returned: unknown = this.#listener(event);
      if (isPromiseLike(returned)) returned.then(undefined, (reason: unknown) => this.#listenerFailed(reason));
    } catch (reason) {
      this.#listenerFailed(reason);
    }
  }

  /** A listener's failure is the listener's: logged once per DataAccess (its name only), never rethrown. */
  #listenerFailed(reason: unknown): void {
    if (this.#warned) return;
    this.#warned = true;
    const name = reason instanceof Error ? reason.name : typeof reason;
    this.#logger.warn('onEvent listener failed; operations are not affected and this is logged once', { error: name });
  }
}
