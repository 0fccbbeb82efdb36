export { oauthTokenStateSchema } from './oauth-token-state.schema.js';
export type { OAuthTokenStateSchema } from './oauth-token-state.schema.js';
export { OAuthTokenState } from './oauth-token-state.model.js';
export { OAuthTokenStateCollection } from './oauth-token-state.collection.js';
export type { OAuthTokenStateApi, StoredOAuthTokens } from './oauth-token-state.collection.js';
export type { OAuthTokens } from './token-input.js';
export type * from './oauth-token-state.types.js';
