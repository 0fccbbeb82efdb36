/** A stored idempotency key, as findActiveKey returns it. */
import type { ModelAccessors } from '../../model/index.js';
import { BaseModel } from '../../model/index.js';
import type { AttributesOf, ReferencesOf } from '../../schema/index.js';
import { IDEMPOTENCY_STATUSES } from './constants.js';
import { responseOf } from './stored-response.js';
import type { IdempotencyKeySchema } from './idempotency-key.schema.js';

type A = AttributesOf<IdempotencyKeySchema>;
type R = ReferencesOf<IdempotencyKeySchema>;

// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging -- getters are generated on the prototype
export interface IdempotencyKey extends ModelAccessors<A, R, IdempotencyKey> {}

/**
 * What one `Idempotency-Key` of an organization has been used for: the endpoint, the request's
 * hash, the status and, once completed, the stored response. Written only through claims: it
 * has getters only.
 */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging -- see the interface above
export class IdempotencyKey extends BaseModel<IdempotencyKeySchema> {
  /** {@link IDEMPOTENCY_STATUSES}, at hand on the class. */
  static readonly STATUSES = IDEMPOTENCY_STATUSES;

  /** Written through claims only: `save()` does not compile, and rejects with UNSUPPORTED at run time. */
  declare save: (this: never) => Promise<never>;

  /** The stored response of a completed key (a fresh copy), undefined before. */
  getResponse(): unknown {
    return responseOf(this.storedValues());
  }

  /** The attributes as a plain object, with the stored response decoded. */
  override toJSON(): ReturnType<BaseModel<IdempotencyKeySchema>['toJSON']> {
    const json = super.toJSON();
    const response = this.getResponse();
    return response === undefined ? json : { ...json, response };
  }

  /** True once the key's lifetime is over (it then counts as never used). */
  isExpired(now: number = Date.now()): boolean {
    const expiresAt = this.getExpiresAt();
    return expiresAt !== undefined && Date.parse(expiresAt) <= now;
  }
}
