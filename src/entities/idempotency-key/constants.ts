/** IdempotencyKey values. */

/** The statuses of an idempotency key, by constant name (also `IdempotencyKey.STATUSES`). */
export const IDEMPOTENCY_STATUSES = Object.freeze({ PROCESSING: 'processing', COMPLETED: 'completed', FAILED: 'failed' } as const);
/** An idempotency key's status: processing (a claim holds it), completed (its response is stored), failed (free again). */
export type IdempotencyStatus = (typeof IDEMPOTENCY_STATUSES)[keyof typeof IDEMPOTENCY_STATUSES];
/** Every {@link IdempotencyStatus}, as the non-empty tuple that `attr.enum` takes. */
export const IDEMPOTENCY_STATUS_VALUES = Object.values(IDEMPOTENCY_STATUSES) as [IdempotencyStatus, ...IdempotencyStatus[]];

/** How long a key is remembered (seconds): 60 s to 7 days, default 1 day. */
export const DEFAULT_TTL_SECONDS = 86_400;
export const MIN_TTL_SECONDS = 60;
export const MAX_TTL_SECONDS = 604_800;
/** How long a claim holds the key without being renewed (seconds): 5 s to 1 hour, default 60 s. */
export const DEFAULT_LEASE_SECONDS = 60;
export const MIN_LEASE_SECONDS = 5;
export const MAX_LEASE_SECONDS = 3600;
/** The largest stored response (UTF-8 bytes of its JSON): well inside DynamoDB's 400 KB item limit. */
export const MAX_RESPONSE_BYTES = 300 * 1024;
/** A key as clients send it in the `Idempotency-Key` header: 1–255 printable ASCII characters, no surrounding spaces. */
export const KEY_PATTERN = /^[\x21-\x7e](?:[\x20-\x7e]{0,253}[\x21-\x7e])?$/;
