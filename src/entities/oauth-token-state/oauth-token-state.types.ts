/** Named types of OAuthTokenState, derived from its schema (never written by hand). */
import type { AttributesOf, CreateInputOf, RecordOf } from '../../schema/index.js';
import type { OAuthTokenStateSchema } from './oauth-token-state.schema.js';

/** A stored OAuthTokenState record: every attribute, typed from the schema. */
export type OAuthTokenStateAttributes = RecordOf<AttributesOf<OAuthTokenStateSchema>>;
/** What `da.OAuthTokenState.create` takes. */
export type CreateOAuthTokenStateInput = CreateInputOf<AttributesOf<OAuthTokenStateSchema>>;
