export { IDEMPOTENCY_STATUSES, IDEMPOTENCY_STATUS_VALUES, MAX_RESPONSE_BYTES } from './constants.js';
export type { IdempotencyStatus } from './constants.js';
export { idempotencyKeySchema } from './idempotency-key.schema.js';
export type { IdempotencyKeySchema } from './idempotency-key.schema.js';
export { IdempotencyKey } from './idempotency-key.model.js';
export { IdempotencyKeyCollection } from './idempotency-key.collection.js';
export type { ClaimInput, ClaimResult, IdempotencyKeyApi } from './idempotency-key.collection.js';
export type { IdempotencyClaim } from './idempotency-claim.js';
export type * from './idempotency-key.types.js';
