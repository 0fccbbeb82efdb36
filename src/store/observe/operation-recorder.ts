/**
 * The observer of a DataAccess whose configuration has `onEvent`: it starts one
 * {@link OperationScope} per public operation, hands it to the operation (whose requests are sent
 * with the scope's store context, so `send()` counts them into it), and hands the listener one
 * event when the operation settles.
 */
import type { Logger } from '../context.js';
import type { OperationListener } from './operation-event.js';
import { callSafely, failureName, isPromiseLike } from '../caller-callback.js';
import { OperationScope } from './operation-scope.js';

/** Records every public operation of one DataAccess and reports it to `listener`. */
export class OperationRecorder {
  readonly #listener: OperationListener;
  readonly #logger: Logger;
  #warnedListener = false;
  #warnedOutside = false;

  constructor(listener: OperationListener, logger: Logger) {
    this.#listener = listener;
    this.#logger = logger;
  }

  /**
   * Runs `call` as the public operation `operation` of `entity`, with the scope its requests are
   * to be counted in. When the promise it returns settles, one event is emitted; a call that
   * returns no promise (or throws before making one) is not an operation: no event.
   */
  operation<T>(operation: string, entity: string, call: (scope: OperationScope) => T): T {
    const scope = new OperationScope(operation, entity, this);
    let result: T;
    try {
      result = call(scope);
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

  /**
   * A request sent with the DataAccess's own context rather than an operation's: no event counts
   * it. Every request of a public method goes through its operation's context, so this is a
   * mistake of the library's — logged once (nothing else: the request itself goes ahead).
   */
  outsideOperation(): void {
    if (this.#warnedOutside) return;
    this.#warnedOutside = true;
    this.#logger.warn('a request was sent outside any operation: it is in no onEvent event (a defect of the library; this is logged once)');
  }

  #emit(scope: OperationScope, failed: boolean, error: unknown): void {
    callSafely(this.#listener, scope.settle(failed, error), (reason) => this.#listenerFailed(reason));
  }

  /** A listener's failure is the listener's: logged once per DataAccess (its name only), never rethrown. */
  #listenerFailed(reason: unknown): void {
    if (this.#warnedListener) return;
    this.#warnedListener = true;
    this.#logger.warn('onEvent listener failed; operations are not affected and this is logged once', { error: failureName(reason) });
  }
}
