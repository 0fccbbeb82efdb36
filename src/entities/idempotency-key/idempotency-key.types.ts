/** Named types of IdempotencyKey, derived from its schema (never written by hand). */
import type { AttributesOf, CreateInputOf, RecordOf } from '../../schema/index.js';
import type { IdempotencyKeySchema } from './idempotency-key.schema.js';

/** A stored IdempotencyKey record: every attribute, typed from the schema. */
export type IdempotencyKeyAttributes = RecordOf<AttributesOf<IdempotencyKeySchema>>;
/** The attributes of an IdempotencyKey a claim gives (claims are made with `da.IdempotencyKey.claim`). */
export type CreateIdempotencyKeyInput = CreateInputOf<AttributesOf<IdempotencyKeySchema>>;
