/** The stored (sealed) token record. Its tokens are hidden: toJSON() never shows them. */
import type { ModelAccessors } from '../../model/index.js';
import { EntityModel } from '../../model/index.js';
import type { AttributesOf, ReferencesOf } from '../../schema/index.js';
import type { OAuthTokenStateSchema } from './oauth-token-state.schema.js';

type A = AttributesOf<OAuthTokenStateSchema>;
type R = ReferencesOf<OAuthTokenStateSchema>;

// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging -- getters are generated on the prototype
export interface OAuthTokenState extends ModelAccessors<A, R, OAuthTokenState> {}

/**
 * The stored token record of a connection, as sealed: its token attributes hold ciphertext and
 * are hidden from `toJSON()`. Read the decrypted tokens with {@link OAuthTokenStateCollection.get}.
 */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging -- see the interface above
export class OAuthTokenState extends EntityModel<OAuthTokenStateSchema> {}
