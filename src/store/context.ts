/** What every store operation needs, handed down from `createDataAccess` (no module-level state). */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { EncryptionProvider } from './encryption/encryption-provider.js';

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
   * `retries` of an operation event. Set only when `onEvent` listens.
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
  /** Sees every operation and request (for the events of `onEvent`); undefined when nobody listens. */
  readonly observer?: OperationObserver | undefined;
}

/** What watches the requests of a DataAccess: called around every request {@link send} makes. */
export interface RequestObserver {
  /** Before the request is sent (may add `ReturnConsumedCapacity` to its input). */
  beforeRequest(command: { readonly input: object }): void;
  /** After it settled: with its output, or with the error it failed with. */
  afterRequest(command: { readonly input: object }, output: unknown, error: unknown): void;
}

/** A {@link RequestObserver} that also knows which public operation each request belongs to. */
export interface OperationObserver extends RequestObserver {
  /**
   * Runs `call` as the public operation `operation` of `entity`: the requests it sends are counted
   * for it, and when the promise it returns settles one event is emitted. A call made while another
   * operation of the same DataAccess is running is part of that one (no event of its own); a call
   * that returns no promise is not an operation (no event).
   */
  operation<T>(operation: string, entity: string, call: () => T): T;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = Object.freeze({
  maxAttempts: 8,
  baseDelayMs: 25,
  maxDelayMs: 2_000,
  random: Math.random,
  sleep: (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)),
});

export const DEFAULT_CONCURRENCY = 8;
