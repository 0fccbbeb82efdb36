/** A consumed (or issued) nonce's record. Immutable. */
import type { ModelAccessors } from '../../model/index.js';
import { BaseModel } from '../../model/index.js';
import type { AttributesOf, ReferencesOf } from '../../schema/index.js';
import type { OAuthNonceSchema } from './oauth-nonce.schema.js';

type A = AttributesOf<OAuthNonceSchema>;
type R = ReferencesOf<OAuthNonceSchema>;

// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging -- getters are generated on the prototype
export interface OAuthNonce extends ModelAccessors<A, R, OAuthNonce> {}

/**
 * The record of an OAuth nonce, as {@link OAuthNonceCollection.consume} returns it: who started
 * the flow, for which provider, and its PKCE verifier and redirect URI. Immutable. Its id is the
 * nonce's SHA-256 digest, never the nonce itself.
 */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging -- see the interface above
export class OAuthNonce extends BaseModel<OAuthNonceSchema> {
  /** True once the nonce's lifetime is over. */
  isExpired(now: Date = new Date()): boolean {
    const expiresAt = this.getExpiresAt();
    return expiresAt !== undefined && Date.parse(expiresAt) <= now.getTime();
  }
}
