/**
 * Hidden attributes (the nonce's PKCE code verifier, the token ciphertexts) never appear in a
 * change event — not in before/after, not in changed, not in domain — and never in the message
 * or issues of a ValidationError about a record that holds them.
 */
import { expect } from 'chai';
import { parseStreamRecord, ValidationError } from '../../../src/index.js';
import { lambdaRecord, RECORDS, SECRETS, storedItem, streamOf, updated } from '../../fixtures/stream-records/builders.js';

const SECRET_VALUES = Object.values(SECRETS);
const HIDDEN_NAMES = ['codeVerifier', 'accessToken', 'refreshToken'];

function expectNoSecrets(text: string): void {
  for (const secret of SECRET_VALUES) expect(text).to.not.include(secret);
  for (const name of HIDDEN_NAMES) expect(text).to.not.include(name);
}

function errorOf(fn: () => unknown): ValidationError {
  try {
    fn();
  } catch (error) {
    expect(error).to.be.instanceOf(ValidationError);
    return error as ValidationError;
  }
  throw new Error('expected a ValidationError');
}

describe('change-feed: hidden attributes never appear', function () {
  const rotated = updated(RECORDS.OAuthTokenState, { accessToken: SECRETS.rotatedAccessCiphertext, refreshToken: SECRETS.rotatedRefreshCiphertext, version: 2 });
  const records = {
    'nonce issued': streamOf.insert('OAuthNonce', RECORDS.OAuthNonce),
    'nonce consumed (claim, then delete)': streamOf.remove('OAuthNonce', RECORDS.OAuthNonce, { __claim: 'c-1' }),
    'nonce verifier changed': streamOf.modify('OAuthNonce', RECORDS.OAuthNonce, updated(RECORDS.OAuthNonce, { codeVerifier: `${SECRETS.codeVerifier}-2` })),
    'tokens stored': streamOf.insert('OAuthTokenState', RECORDS.OAuthTokenState),
    'tokens rotated': streamOf.modify('OAuthTokenState', RECORDS.OAuthTokenState, rotated),
    'tokens removed with the connection': streamOf.remove('OAuthTokenState', rotated),
  };

  for (const [label, record] of Object.entries(records)) {
    it(`${label}: the serialized event holds no secret and no hidden attribute name`, function () {
      const event = parseStreamRecord(record);
      expect(event).to.not.equal(null);
      expectNoSecrets(JSON.stringify(event));
      for (const image of [event!.before, event!.after]) {
        if (image) for (const name of HIDDEN_NAMES) expect(image).to.not.have.property(name);
      }
    });
  }

  it('what token state shows: key id, expiry, scopes and version (no ciphertext)', function () {
    const event = parseStreamRecord(records['tokens rotated']);
    expect(event!.after).to.have.keys(['oAuthTokenStateId', 'createdAt', 'updatedAt', 'taskManagementConnectionId', 'keyId', 'expiresAt', 'scopes', 'version']);
    expect(event!.changed).to.deep.equal(['updatedAt', 'version']);
  });

  it('a malformed record full of secrets: the error names fields, never their values', function () {
    const nonce = storedItem('OAuthNonce', RECORDS.OAuthNonce);
    const tokens = storedItem('OAuthTokenState', RECORDS.OAuthTokenState);
    const bad = [
      // a visible attribute of the wrong kind next to the secrets
      lambdaRecord('INSERT', { newItem: { ...tokens, version: SECRETS.accessTokenCiphertext } }),
      lambdaRecord('INSERT', { newItem: { ...nonce, createdBy: { secret: SECRETS.codeVerifier } } }),
    ];
    for (const record of bad) {
      const error = errorOf(() => parseStreamRecord(record));
      for (const secret of SECRET_VALUES) {
        expect(error.message).to.not.include(secret);
        expect(JSON.stringify(error.issues)).to.not.include(secret);
      }
    }
    // an image that is not an AttributeValue map, holding a secret
    const raw = lambdaRecord('INSERT', { newItem: nonce });
    const broken = { ...raw, dynamodb: { ...raw.dynamodb, NewImage: { ...raw.dynamodb.NewImage, codeVerifier: SECRETS.codeVerifier } } };
    const error = errorOf(() => parseStreamRecord(broken));
    expect(error.issues).to.deep.equal([{ path: 'dynamodb.NewImage.codeVerifier', message: 'must be an AttributeValue (one of S, N, B, SS, NS, BS, M, L, NULL, BOOL)' }]);
    expect(error.message).to.not.include(SECRETS.codeVerifier);
  });
});
