/** What every store operation needs, handed down from `createDataAccess` (no module-level state). */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { EncryptionProvider } from './encryption/encryption-provider.js';

/** The logger a caller may pass; the library never logs attribute values. */
export interface Logger {
  debug(message: string, meta?: Record<string, unknown>): void;
  info(message: string, meta?: Record<string, unknown>): void;
  warn(message: string, meta?: Record<string, unknown>): void;
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
  readonly sleep: (ms: number) => Promise<void>;
}

export interface StoreContext {
  readonly doc: DynamoDBDocumentClient;
  readonly tableName: string;
  readonly logger: Logger;
  readonly retry: RetryPolicy;
  /** Requests in flight at once for batch operations. */
  readonly concurrency: number;
  /** Seals secrets at rest (OAuth tokens); undefined when not configured. */
  readonly encryption: EncryptionProvider | undefined;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = Object.freeze({
  maxAttempts: 8,
  baseDelayMs: 25,
  maxDelayMs: 2_000,
  random: Math.random,
  sleep: (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)),
});

export const DEFAULT_CONCURRENCY = 8;
