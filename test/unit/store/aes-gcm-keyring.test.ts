// The keyring's configuration is read once: a getter or a Proxy trap that throws is a
// CONFIGURATION error naming the part that cannot be read, never the caller's own error.
import { expect } from 'chai';
import { AesGcmKeyring, DataAccessError } from '../../../src/index.js';
import { thrownBy } from '../fixtures/stub-sdk.js';

const SECRET = 'k3y-m4t3r14l';
const boom = (): never => {
  throw new Error(`trap threw: ${SECRET}`);
};
const hostile = () => new Proxy({}, { get: boom, has: boom, ownKeys: boom, getOwnPropertyDescriptor: boom, getPrototypeOf: boom });

function refused(config: unknown, fragment: string): void {
  const error = thrownBy(() => new AesGcmKeyring(config as never));
  expect(error, fragment).to.be.instanceOf(DataAccessError);
  expect((error as DataAccessError).code).to.equal('CONFIGURATION');
  expect((error as Error).message).to.equal(`encryption: ${fragment}`);
  expect((error as { cause?: unknown }).cause).to.equal(undefined);
}

describe('AesGcmKeyring: a configuration that cannot be read', function () {
  const key = new Uint8Array(32).fill(3);

  it('names the configuration, its keys, a key or activeKeyId that cannot be read', function () {
    const { proxy, revoke } = Proxy.revocable({}, {});
    revoke();
    refused(proxy, 'the keyring configuration could not be read');
    refused(hostile(), 'the keyring configuration could not be read');
    refused({ keys: hostile(), activeKeyId: 'k1' }, 'keys could not be read');
    refused({ keys: Object.defineProperty({}, 'k1', { enumerable: true, get: boom }), activeKeyId: 'k1' }, "key 'k1' could not be read");
    refused({ keys: { k1: new Proxy(key, { getPrototypeOf: boom }) }, activeKeyId: 'k1' }, "key 'k1' could not be read");
    refused(Object.defineProperty({ keys: { k1: key } }, 'activeKeyId', { enumerable: true, get: boom }), 'activeKeyId could not be read');
    refused(Object.defineProperty({ activeKeyId: 'k1' }, 'keys', { enumerable: true, get: boom }), 'keys could not be read');
  });

  it('reads activeKeyId once: a getter that answers differently the second time is not asked again', function () {
    let reads = 0;
    const config = Object.defineProperty({ keys: { k1: key, k2: new Uint8Array(32).fill(4) } }, 'activeKeyId', {
      enumerable: true,
      get: () => (reads++ === 0 ? 'k1' : 'nope'),
    });
    const keyring = new AesGcmKeyring(config as never);
    expect(keyring.activeKeyId).to.equal('k1');
    expect(reads).to.equal(1);
    const context = { recordId: 'r', field: 'f', version: 1 };
    const sealed = keyring.encrypt('plain', context);
    expect(sealed.keyId).to.equal('k1');
    expect(keyring.decrypt(sealed.ciphertext, { ...context, keyId: 'k1' })).to.equal('plain');
  });

  it('still refuses what it refused: no keys, a short key, an unknown activeKeyId', function () {
    refused(null, 'expected { keys: { [keyId]: 32-byte Uint8Array }, activeKeyId }');
    refused({ activeKeyId: 'k1' }, 'expected { keys: { [keyId]: 32-byte Uint8Array }, activeKeyId }');
    refused({ keys: { k1: new Uint8Array(16) }, activeKeyId: 'k1' }, "key 'k1' must be a Uint8Array of 32 bytes");
    refused({ keys: { k1: 'x'.repeat(32) }, activeKeyId: 'k1' }, "key 'k1' must be a Uint8Array of 32 bytes");
    refused({ keys: { k1: key }, activeKeyId: 'k2' }, 'activeKeyId must name one of the keys (k1)');
  });
});
