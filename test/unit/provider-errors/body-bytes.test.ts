// classifyProviderError on bodies given as bytes: a Buffer (node:http, axios with
// `responseType: 'arraybuffer'`), a Uint8Array, an ArrayBuffer (`await response.arrayBuffer()`).
// They are decoded as UTF-8 and read exactly like the same text.
import { expect } from 'chai';
import { classifyProviderError, type ClassifyProviderErrorInput, type Provider } from '../../../src/index.js';
import * as f from './fixtures.js';

const classify = (input: Omit<ClassifyProviderErrorInput, 'now'>) => classifyProviderError({ ...input, now: f.NOW });

const INVALID_GRANT = '{"error":"invalid_grant","error_description":"Unknown or invalid refresh token."}';

/** The same text as each kind of bytes a client hands over. */
function asBytes(text: string): [string, unknown][] {
  const buffer = Buffer.from(text, 'utf8');
  const arrayBuffer = buffer.buffer.slice(buffer.byteOffset, buffer.byteOffset + buffer.byteLength);
  // A view into the middle of a larger buffer, as Buffer.from hands out of its pool.
  const padded = Buffer.concat([Buffer.from('ignored before'), buffer, Buffer.from('ignored after')]);
  return [
    ['Buffer', buffer],
    ['Uint8Array', new Uint8Array(buffer)],
    ['ArrayBuffer', arrayBuffer],
    ['a view into part of a larger buffer', padded.subarray(14, 14 + buffer.byteLength)],
    ['DataView', new DataView(arrayBuffer)],
  ];
}

/** The provider a fixture of fixtures.ts belongs to, by its name. */
function providerOf(name: string): Provider {
  if (name.startsWith('github')) return 'github';
  return name.startsWith('jiraDc') || name.startsWith('tomcat') ? 'jira_data_center' : 'jira_cloud';
}

const RESPONSES = Object.entries(f as Record<string, unknown>).filter((entry): entry is [string, f.ResponseFixture] => typeof entry[1] === 'object' && typeof (entry[1] as { status?: unknown }).status === 'number');

describe('classifyProviderError on bodies given as bytes', function () {
  for (const [kind, body] of asBytes(INVALID_GRANT)) {
    it(`reads a token endpoint's 400 invalid_grant given as ${kind} like the string: AUTH_REVOKED`, function () {
      expect(classify({ provider: 'jira_cloud', status: 400, body: INVALID_GRANT })).to.deep.equal({ code: 'AUTH_REVOKED' });
      expect(classify({ provider: 'jira_cloud', status: 400, body })).to.deep.equal({ code: 'AUTH_REVOKED' });
    });
  }

  it('reads form-encoded, HTML and plain-text bytes like their text', function () {
    expect(classify({ provider: 'github', status: 200, body: Buffer.from(f.githubBadRefreshTokenForm.body) })).to.deep.equal({ code: 'AUTH_REVOKED' });
    expect(classify({ provider: 'jira_data_center', body: Buffer.from(f.tomcatUnavailable.body) })).to.deep.equal({ code: 'PROVIDER_UNAVAILABLE' });
    expect(classify({ provider: 'github', body: new TextEncoder().encode('Bad credentials') })).to.deep.equal({ code: 'AUTH_EXPIRED' });
  });

  it('decodes multi-byte UTF-8 and skips a byte-order mark', function () {
    expect(classify({ provider: 'github', body: Buffer.from('{"message":"Not Found — dépôt supprimé"}') })).to.deep.equal({ code: 'NOT_FOUND' });
    expect(classify({ provider: 'jira_cloud', status: 400, body: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(INVALID_GRANT)]) })).to.deep.equal({ code: 'AUTH_REVOKED' });
  });

  it('reads malformed UTF-8 without throwing', function () {
    const broken = Buffer.concat([Buffer.from('{"message":"Not Found '), Buffer.from([0xff, 0xfe, 0xc3]), Buffer.from('"}')]);
    expect(classify({ provider: 'github', body: broken })).to.deep.equal({ code: 'NOT_FOUND' });
    expect(classify({ provider: 'github', status: 404, body: Buffer.from([0xff, 0x00, 0x80, 0xc0]) })).to.deep.equal({ code: 'NOT_FOUND' });
  });

  it('reads a body longer than the parse bound as cut-short text, as it reads the same string', function () {
    const long = `{"message":"${'x'.repeat(300_000)}","error":"invalid_grant"}`;
    const expected = classify({ provider: 'jira_cloud', status: 400, body: long });
    expect(expected).to.deep.equal({ code: 'SCHEMA_CHANGED' });
    expect(classify({ provider: 'jira_cloud', status: 400, body: Buffer.from(long) })).to.deep.equal(expected);
    // Only its start is decoded: a 64 MiB body costs no more than a short one.
    const huge = Buffer.alloc(64 * 1024 * 1024, 'x');
    expect(classify({ provider: 'github', status: 404, body: huge })).to.deep.equal({ code: 'NOT_FOUND' });
  });

  it('survives detached buffers, views with throwing getters, Proxies around bytes and odd typed arrays', function () {
    const detached = new ArrayBuffer(8);
    structuredClone(detached, { transfer: [detached] });
    const throwingView = Object.defineProperty(new Uint8Array(4), 'buffer', {
      get() {
        throw new Error('getter');
      },
    });
    const { proxy: revokedBytes, revoke } = Proxy.revocable(new Uint8Array(4), {});
    revoke();
    const trapped = new Proxy(Buffer.from(INVALID_GRANT), {
      get() {
        throw new Error('trap');
      },
    });
    const bodies = { detached, throwingView, revokedBytes, trapped, float64: new Float64Array([Number.NaN, 1e308]), bigInt64: new BigInt64Array(2) };
    for (const [name, body] of Object.entries(bodies)) {
      expect(classify({ provider: 'jira_data_center', status: 503, body }), name).to.deep.equal({ code: 'PROVIDER_UNAVAILABLE' });
    }
  });

  describe('every response of fixtures.ts classifies the same with its body as bytes', function () {
    for (const [name, response] of RESPONSES) {
      if (response.body === undefined) continue;
      it(name, function () {
        const provider = providerOf(name);
        const expected = classify({ provider, ...response });
        const text = typeof response.body === 'string' ? response.body : JSON.stringify(response.body);
        for (const [kind, body] of asBytes(text)) expect(classify({ provider, ...response, body }), kind).to.deep.equal(expected);
      });
    }
  });
});
