/**
 * OAuthNonce: a single-use OAuth state value. The item's key is the SHA-256 digest of the
 * nonce: the raw nonce never reaches the table. Expires through TTL (and through the condition
 * of `consume`, since TTL sweeps late).
 */
import { attr, SchemaBuilder } from '../../schema/index.js';
import { PROVIDER_VALUES } from '../task-management-connection/constants.js';

/**
 * The schema of {@link OAuthNonce}: immutable records keyed by the nonce's SHA-256 digest, with
 * an expiry that DynamoDB TTL acts on (and that `consume` checks itself, since TTL deletes late).
 */
export const oauthNonceSchema = new SchemaBuilder('OAuthNonce')
  .withIdAttribute(attr.string({ required: true, readOnly: true, minLength: 64, maxLength: 64, pattern: /^[0-9a-f]{64}$/ }))
  .addAttribute('organizationId', attr.uuid({ required: true, readOnly: true }))
  .addAttribute('provider', attr.enum(PROVIDER_VALUES, { required: true, readOnly: true }))
  .addAttribute('createdBy', attr.string({ required: true, readOnly: true, minLength: 1, maxLength: 255 }))
  // PKCE code verifier (RFC 7636: 43–128 unreserved characters); a secret, never shown.
  .addAttribute('codeVerifier', attr.string({ readOnly: true, hidden: true, minLength: 43, maxLength: 128, pattern: /^[A-Za-z0-9._~-]+$/ }))
  .addAttribute('redirectUri', attr.httpsUrl({ readOnly: true }))
  .addAttribute('expiresAt', attr.isoDate({ internal: true }))
  // Tenant offboarding finds an organization's nonces here (no scan).
  .addIndex('byOrganization', { gsi: 1, pk: ['organizationId'], sk: ['createdAt'] })
  .withRecordExpiry()
  .allowUpdates(false)
  .build();

/** The exact type of {@link oauthNonceSchema}, from which the model's accessors are typed. */
export type OAuthNonceSchema = typeof oauthNonceSchema;
