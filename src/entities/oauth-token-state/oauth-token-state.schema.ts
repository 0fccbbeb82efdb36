/**
 * OAuthTokenState: a connection's rotating provider tokens, sealed at rest. One record per
 * connection (its id is derived from the connection id), removed with the connection. The
 * table holds only ciphertext and the key id; `version` is the compare-and-swap counter.
 */
import { attr, SchemaBuilder, shapeOf } from '../../schema/index.js';

const scopesShape = shapeOf<string[]>((value) => {
  if (!Array.isArray(value) || value.length > 100) return [{ path: '', message: 'expected at most 100 scopes' }];
  return value.flatMap((scope, i) => (typeof scope === 'string' && scope.length > 0 && scope.length <= 256 ? [] : [{ path: `[${i}]`, message: 'must be a string of 1–256 characters' }]));
});

/**
 * The schema of {@link OAuthTokenState}: one record per connection (its id is derived from the
 * connection id), holding ciphertext, the sealing key's id and the compare-and-swap `version`.
 */
export const oauthTokenStateSchema = new SchemaBuilder('OAuthTokenState')
  .belongsTo('TaskManagementConnection', { gsi: 2 })
  .addAttribute('accessToken', attr.string({ internal: true, hidden: true, maxLength: 16384 }))
  .addAttribute('refreshToken', attr.string({ internal: true, hidden: true, maxLength: 16384 }))
  .addAttribute('keyId', attr.string({ internal: true, maxLength: 128 }))
  .addAttribute('expiresAt', attr.isoDate({ internal: true, nullable: true }))
  .addAttribute('scopes', attr.json(scopesShape, { internal: true }))
  .addAttribute('version', attr.number({ internal: true, integer: true, min: 1 }))
  .addUnique('token-state', ['taskManagementConnectionId'], { identity: true })
  // Written by put / rotate / reencryptAll / remove only (API.md): no setters, save() is UNSUPPORTED.
  .allowUpdates(false)
  .build();

/** The exact type of {@link oauthTokenStateSchema}, from which the model's accessors are typed. */
export type OAuthTokenStateSchema = typeof oauthTokenStateSchema;
