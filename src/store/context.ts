/** What every store operation needs, handed down from `createDataAccess` (no module-level state). */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { EncryptionProvider } from './encryption/encryption-provider.js';
import type { OperationRecorder } from './observe/operation-recorder.js';

/** The logger a caller may pass; the library never logs attribute values. */
export interface Logger {
  /** Detail for troubleshooting (dropped by the default logger). */
  debug(message: string, meta?: Record<string, unknown>): void;
  /** Routine events. */
  info(message: string, meta?: Record<string, unknown>): void;
  /** A failure the operation survived or reports in its result (for example a cleanup delete that failed). */
  warn(message: string, meta?: Record<string, unknown>): void;
  /** A failure. */
  error(message: string, meta?: Record<string, unknown>): void;
}

/** How our own retries (on top of the SDK's) back off: exponential with full jitter. */
export interface RetryPolicy {
  /** Attempts in all, the first included. */
  readonly maxAttempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  /** Source of jitter in [0, 1); replaceable for tests. */
  readonly random: () => number;
  /** Waits between attempts; replaceable for tests. */
  readonly sleep: (ms: number) => Promise<void>;
  /**
   * Called once before each re-send the library itself makes (not the SDK's own attempts): the
   * `retries` of an operation event. Set only on the context of a running operation.
   */
  readonly onRetry?: (() => void) | undefined;
}

/**
 * What every store operation of one DataAccess needs, built from a {@link StoreConfig} once and
 * handed down (there is no module-level state). {@link EntityRegistry.connect} takes one directly.
 */
export interface StoreContext {
  /** The DocumentClient all requests go through. */
  readonly doc: DynamoDBDocumentClient;
  /** The table that holds every entity. */
  readonly tableName: string;
  readonly logger: Logger;
  /** How the library's own retries back off. */
  readonly retry: RetryPolicy;
  /** Requests in flight at once for batch operations. */
  readonly concurrency: number;
  /** Seals secrets at rest (OAuth tokens); undefined when not configured. */
  readonly encryption: EncryptionProvider | undefined;
  /**
   * The operation recorder of the DataAccess, set only when `onEvent` listens. It is what starts
   * operations; requests are counted through {@link observer}, which only an operation's own
   * context has.
   */
  readonly operations?: OperationRecorder | undefined;
  /**
   * Counts the requests sent with this context: set on the context of one running operation (made
   * by its scope, see `OperationScope.contextOf`), never on the DataAccess's own.
   */
  readonly observer?: RequestObserver | undefined;
}

/** What watches the requests of one operation: called around every request {@link send} makes. */
export interface RequestObserver {
  /** Before the request is sent (may add `ReturnConsumedCapacity` to its input). */
  beforeRequest(command: { readonly input: object }): void;
  /** After it settled: with its output, or with the error it failed with. */
  afterRequest(command: { readonly input: object }, output: unknown, error: unknown): void;
  /**
   * A write whose answer was lost turned out to have landed (the library found its own write
   * token, or the deleted item gone): its `items` were written, although no answer said so. What
   * it consumed stays unknown.
   */
  landedUnseen(items: number): void;
}

/** Tells the context's operation (if one is observed) that `items` written by a lost request landed after all. */
export function countLanded(context: StoreContext, items: number): void {
  if (items > 0) context.observer?.landedUnseen(items);
}

/** Every field, none optional: a literal of this type lists them all, so a field added later cannot be left out. */
export type Complete<T> = { readonly [K in keyof Required<T>]: T[K] };

/**
 * A store context. Every context (a DataAccess's own and each operation's) is this one literal
 * with every field, so that all share one hidden class: the code that reads them stays
 * monomorphic whether `onEvent` listens or not.
 */
export function storeContext(base: Omit<StoreContext, 'observer'>, observer: RequestObserver | undefined, retry: RetryPolicy = base.retry): StoreContext {
  const context: Complete<StoreContext> = {
    doc: base.doc,
    tableName: base.tableName,
    logger: base.logger,
    retry,
    concurrency: base.concurrency,
    encryption: base.encryption,
    operations: base.operations,
    observer,
  };
  return Object.freeze(context);
}

/** `base` with `onRetry` (one literal for every policy, like {@link storeContext}). */
export function retryPolicy(base: RetryPolicy, onRetry: (() => void) | undefined): RetryPolicy {
  const policy: Complete<RetryPolicy> = {
    maxAttempts: base.maxAttempts,
    baseDelayMs: base.baseDelayMs,
    maxDelayMs: base.maxDelayMs,
    random: base.random,
    sleep: base.sleep,
    onRetry,
  };
  return Object.freeze(policy);
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = Object.freeze({
  maxAttempts: 8,
  baseDelayMs: 25,
  maxDelayMs: 2_000,
  random: Math.random,
  sleep: (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)),
});

export const DEFAULT_CONCURRENCY = 8;
