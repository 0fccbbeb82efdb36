/**
 * IdempotencyKey: what a client's `Idempotency-Key` header has been used for. One item per
 * (organization, key) — its id is derived from the two, so the item's own key is the constraint —
 * holding the endpoint, a SHA-256 of the request (never the request), the status, the stored
 * response, the current claim's lease and the expiry (TTL, and checked in every condition).
 */
import { attr, SchemaBuilder, shapeOf } from '../../schema/index.js';
import { IDEMPOTENCY_STATUS_VALUES, KEY_PATTERN, MAX_RESPONSE_BYTES } from './constants.js';

const responseShape = shapeOf<unknown>(() => []);

/** The schema of {@link IdempotencyKey}. */
export const idempotencyKeySchema = new SchemaBuilder('IdempotencyKey')
  .addAttribute('organizationId', attr.uuid({ required: true, readOnly: true }))
  .addAttribute('key', attr.string({ required: true, readOnly: true, minLength: 1, maxLength: 255, pattern: KEY_PATTERN }))
  .addAttribute('endpoint', attr.string({ required: true, readOnly: true, minLength: 1, maxLength: 255 }))
  .addAttribute('requestHash', attr.string({ internal: true, minLength: 64, maxLength: 64, pattern: /^[0-9a-f]{64}$/ }))
  .addAttribute('status', attr.enum(IDEMPOTENCY_STATUS_VALUES, { internal: true, default: 'processing' }))
  // The response as stored by an earlier version (a map); this one stores its JSON text (stored-response.ts).
  .addAttribute('response', attr.json(responseShape, { internal: true }))
  .addAttribute('responseJson', attr.string({ internal: true, hidden: true, maxLength: MAX_RESPONSE_BYTES }))
  .addAttribute('completedAt', attr.isoDate({ internal: true }))
  .addAttribute('leaseSeconds', attr.number({ internal: true, integer: true, min: 1 }))
  .addAttribute('leaseExpiresAt', attr.isoDate({ internal: true }))
  // Which claim holds the key: complete/fail/renew are conditioned on it (a takeover replaces it).
  .addAttribute('claimToken', attr.string({ internal: true, hidden: true, minLength: 1, maxLength: 64 }))
  .addAttribute('expiresAt', attr.isoDate({ internal: true }))
  .addIndex('byOrganization', { gsi: 1, pk: ['organizationId'], sk: ['createdAt'] })
  .addUnique('idempotency-key', ['organizationId', 'key'], { identity: true })
  .withRecordExpiry()
  // Written through claims only (claim, complete, fail, renew): no setters, save() is UNSUPPORTED.
  .allowUpdates(false)
  .build();

/** The exact type of {@link idempotencyKeySchema}. */
export type IdempotencyKeySchema = typeof idempotencyKeySchema;
