export { oauthNonceSchema } from './oauth-nonce.schema.js';
export type { OAuthNonceSchema } from './oauth-nonce.schema.js';
export { OAuthNonce } from './oauth-nonce.model.js';
export { OAuthNonceCollection } from './oauth-nonce.collection.js';
export type { IssueNonceInput } from './oauth-nonce.collection.js';
export type * from './oauth-nonce.types.js';
