/** Named types of OAuthNonce, derived from its schema (never written by hand). */
import type { AttributesOf, CreateInputOf, RecordOf } from '../../schema/index.js';
import type { OAuthNonceSchema } from './oauth-nonce.schema.js';

/** A stored OAuthNonce record: every attribute, typed from the schema. */
export type OAuthNonceAttributes = RecordOf<AttributesOf<OAuthNonceSchema>>;
/** What `da.OAuthNonce.create` takes. */
export type CreateOAuthNonceInput = CreateInputOf<AttributesOf<OAuthNonceSchema>>;
