// Property: whatever the caller hands over (next to a valid provider), classification answers
// with a known code, never ABANDONED, and a delay that is a whole, finite, capped, non-negative number.
import { expect } from 'chai';
import fc from 'fast-check';
import { classifyProviderError, PROVIDER_ERROR_CODE_VALUES, PROVIDER_VALUES, type ClassifyProviderErrorInput } from '../../../src/index.js';

const HEADER_NAMES = ['retry-after', 'Retry-After', 'x-ratelimit-remaining', 'X-RateLimit-Reset', 'x-seraph-loginreason', 'X-AUSERNAME', 'www-authenticate', '__proto__'];
const STATUSES = [200, 400, 401, 402, 403, 404, 408, 410, 422, 429, 451, 500, 503];

const junk = fc.anything({ withBigInt: true, withDate: true, withMap: true, withSet: true, withTypedArray: true, withNullPrototype: true, withSparseArray: true });
const headerValue = fc.oneof(fc.string(), fc.integer().map(String), fc.date({ noInvalidDate: false }).map((d) => (Number.isNaN(d.getTime()) ? 'Invalid' : d.toUTCString())), junk);
const headers = fc.oneof(junk, fc.dictionary(fc.oneof(fc.constantFrom(...HEADER_NAMES), fc.string()), headerValue));
const body = fc.oneof(
  junk,
  fc.json(),
  fc.string(),
  // Bytes, as node:http and axios (`responseType: 'arraybuffer'`) hand them over.
  fc.uint8Array({ maxLength: 64 }).map((bytes) => Buffer.from(bytes)),
  fc.json().map((text) => new TextEncoder().encode(text).buffer),
  fc.record({ message: fc.oneof(fc.string(), junk), errorMessages: fc.oneof(fc.array(fc.string()), junk), errors: junk, error: fc.oneof(fc.string(), junk) }, { requiredKeys: [] }),
);
const status = fc.oneof(fc.constantFrom(...STATUSES), junk);
const error = fc.oneof(
  junk,
  fc.record({ code: fc.oneof(fc.constantFrom('ECONNRESET', 'UND_ERR_SOCKET', 'CERT_HAS_EXPIRED'), fc.string()), name: fc.string(), cause: junk }, { requiredKeys: [] }),
  // What HTTP clients throw (Octokit, axios, fetch wrappers): a response inside, in any state.
  fc.record({ status, response: fc.oneof(junk, fc.record({ status, headers, data: body }, { requiredKeys: [] })) }, { requiredKeys: [] }),
);
const input = fc.record(
  {
    provider: fc.constantFrom(...PROVIDER_VALUES),
    status: fc.oneof(fc.constantFrom(...STATUSES), fc.integer({ min: -1000, max: 1000 }), fc.double(), junk),
    headers,
    body,
    error,
    now: fc.oneof(fc.integer({ min: 0, max: 4_102_444_800_000 }), fc.double(), junk),
  },
  { requiredKeys: ['provider'] },
);

describe('classifyProviderError on arbitrary input', function () {
  it('always returns a known code and a safe delay, never throwing', function () {
    fc.assert(
      fc.property(input, (candidate) => {
        const result = classifyProviderError(candidate as ClassifyProviderErrorInput);
        expect(PROVIDER_ERROR_CODE_VALUES).to.include(result.code);
        expect(result.code).not.to.equal('ABANDONED');
        expect(Object.keys(result).every((key) => key === 'code' || key === 'retryAfterMs')).to.equal(true);
        if ('retryAfterMs' in result) {
          const ms = result.retryAfterMs as number;
          expect(Number.isInteger(ms) && ms >= 0 && ms <= 3_600_000, String(ms)).to.equal(true);
          expect(['RATE_LIMIT', 'PROVIDER_UNAVAILABLE']).to.include(result.code);
        }
      }),
      { seed: 20_250_602, numRuns: 1_000 },
    );
  });

  it('is deterministic for a given now', function () {
    fc.assert(
      fc.property(input, (candidate) => {
        const fixed = { ...(candidate as ClassifyProviderErrorInput), now: 1_748_858_400_000 };
        expect(classifyProviderError(fixed)).to.deep.equal(classifyProviderError(fixed));
      }),
      { seed: 20_250_603, numRuns: 300 },
    );
  });
});
