import { createHash } from 'node:crypto';
import { expect } from 'chai';
import fc from 'fast-check';
import { ValidationError } from '../../../src/index.js';
import { canonicalJson, jsonValueIssues, requestHashOf } from '../../../src/entities/idempotency-key/canonical-json.js';
import { checkResponse } from '../../../src/entities/idempotency-key/idempotency-claim.js';
import { MAX_RESPONSE_BYTES } from '../../../src/entities/idempotency-key/constants.js';
import { deriveId } from '../../../src/schema/derive-id.js';

/** The canonical JSON as its definition says: keys sorted (as strings) at every level, undefined members left out. */
function sortedJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(sortedJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const members = Object.keys(value).sort().filter((key) => (value as Record<string, unknown>)[key] !== undefined);
    return `{${members.map((key) => `${JSON.stringify(key)}:${sortedJson((value as Record<string, unknown>)[key])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** `value` with the keys of every object in reverse order (the same JSON value). */
function reversed(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reversed);
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).reverse().map(([key, member]) => [key, reversed(member)]));
  return value;
}

function issuesOf(result: ReturnType<typeof canonicalJson>): unknown {
  return 'issues' in result ? result.issues : undefined;
}

describe('canonical JSON of idempotent requests and responses', function () {
  it('is the key-sorted JSON of any JSON value, whatever the key order (fast-check)', function () {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const expected = sortedJson(value);
        expect(canonicalJson(value)).to.deep.equal({ json: expected });
        expect(canonicalJson(reversed(value))).to.deep.equal({ json: expected });
        expect(jsonValueIssues(value, 'response')).to.deep.equal([]);
      }),
      { seed: 15, numRuns: 300 },
    );
  });

  it('skips undefined members, reads array holes as null, allows shared (not cyclic) parts and null-prototype objects', function () {
    const shared = { z: 1, a: [2] };
    const bare = Object.assign(Object.create(null) as Record<string, unknown>, { b: 1, a: 2 });
    // eslint-disable-next-line no-sparse-arrays -- the hole is the point
    expect(canonicalJson({ b: undefined, a: [1, , 3], c: [shared, shared], d: bare })).to.deep.equal({ json: '{"a":[1,null,3],"c":[{"a":[2],"z":1},{"a":[2],"z":1}],"d":{"a":2,"b":1}}' });
    expect(canonicalJson('ü"\n')).to.deep.equal({ json: JSON.stringify('ü"\n') });
  });

  it('names the path of the first value that is no JSON value, never the value', function () {
    const cyclic: Record<string, unknown> = { ok: 1 };
    cyclic.inner = { list: [0, cyclic] };
    const cases: [unknown, string, string][] = [
      [{ a: [1, { b: Number.NaN }] }, 'request.a[1].b', 'must be a finite number'],
      [{ f: () => 1 }, 'request.f', 'cannot be hashed as JSON (a function)'],
      [[10n], 'request[0]', 'cannot be hashed as JSON (a bigint)'],
      [{ when: new Date(0) }, 'request.when', 'must be a plain object, an array or a JSON scalar'],
      [cyclic, 'request.inner.list[1]', 'refers to itself'],
      [Symbol('s'), 'request', 'cannot be hashed as JSON (a symbol)'],
    ];
    for (const [value, path, message] of cases) {
      expect(issuesOf(canonicalJson(value)), path).to.deep.equal([{ path, message }]);
      expect(jsonValueIssues(value, 'response'), path).to.deep.equal([{ path: path.replace(/^request/, 'response'), message }]);
    }
    let deep: unknown = 1;
    for (let i = 0; i < 65; i += 1) deep = [deep];
    expect(issuesOf(canonicalJson(deep))).to.deep.equal([{ path: `request${'[0]'.repeat(64)}`, message: 'nests deeper than 64 levels' }]);
    let ok: unknown = 1;
    for (let i = 0; i < 64; i += 1) ok = [ok];
    expect(canonicalJson(ok)).to.have.property('json');
  });

  it('reports a value whose reading throws (getter, Proxy trap, revoked Proxy) at its path, never the error', function () {
    const { proxy: revoked, revoke } = Proxy.revocable({}, {});
    revoke();
    const trap = new Proxy({}, { ownKeys() { throw new Error('secret'); } });
    const cases: [unknown, string][] = [
      [revoked, 'request'],
      [{ list: [1, trap] }, 'request.list[1]'],
      [{ a: { get b() { throw new Error('secret'); } } }, 'request.a.b'],
      [[0, Object.defineProperty({}, 'c', { get() { throw new RangeError('secret'); }, enumerable: true })], 'request[1].c'],
    ];
    for (const [value, path] of cases) {
      expect(issuesOf(canonicalJson(value)), path).to.deep.equal([{ path, message: 'could not be read' }]);
      expect(jsonValueIssues(value, 'response'), path).to.deep.equal([{ path: path.replace(/^request/, 'response'), message: 'could not be read' }]);
    }
  });

  it('hashes the canonical JSON with SHA-256 (hex)', function () {
    for (const json of ['{}', '{"a":"ü😀"}', '']) expect(requestHashOf(json)).to.equal(createHash('sha256').update(json, 'utf8').digest('hex'));
  });

  it('a response is any JSON value of at most 300 KB of UTF-8, and is required', function () {
    const messagesOf = (response: unknown): unknown => {
      try {
        checkResponse(response);
        return [];
      } catch (error) {
        expect(error).to.be.instanceOf(ValidationError);
        return (error as ValidationError).issues;
      }
    };
    expect(messagesOf({ b: 1, a: [null, 'x'] })).to.deep.equal([]);
    expect(messagesOf(null)).to.deep.equal([]);
    expect(messagesOf(undefined)).to.deep.equal([{ path: 'response', message: 'is required (any JSON value)' }]);
    expect(messagesOf({ at: [Number.POSITIVE_INFINITY] })).to.deep.equal([{ path: 'response.at[0]', message: 'must be a finite number' }]);
    // The limit counts UTF-8 bytes of the JSON text: quotes included, 'ü' two bytes.
    expect(messagesOf('x'.repeat(MAX_RESPONSE_BYTES - 2))).to.deep.equal([]);
    expect(messagesOf('x'.repeat(MAX_RESPONSE_BYTES - 1))).to.deep.equal([{ path: 'response', message: `must be at most ${MAX_RESPONSE_BYTES} bytes of JSON` }]);
    expect(messagesOf({ s: 'ü'.repeat((MAX_RESPONSE_BYTES - 8) / 2) })).to.deep.equal([]);
    expect(messagesOf({ s: 'ü'.repeat((MAX_RESPONSE_BYTES - 8) / 2 + 1) })).to.have.length(1);
  });
});

describe('deriveId', function () {
  it('gives the ids stored items already carry (version 5 layout over SHA-1)', function () {
    expect(deriveId('TicketSuggestion#identity', ['0f8fad5b-d9cb-469f-a165-70867728950e'])).to.equal('f938f1c6-820b-5a1e-b3fd-c36e29f6eca3');
    expect(deriveId('x', [])).to.equal('062db096-c728-515e-833c-f8c48a1c1f0b');
    expect(deriveId('scope', ['a', 1, true, 'ü€😀'])).to.equal('ca0b8a15-095a-5095-9f22-f7b5907b6183');
    expect(deriveId('', [''])).to.equal('5ba93c9d-b0cf-593f-92b5-21d7420e43f6');
  });

  it('is a version 5, RFC 4122 variant UUID for any values (fast-check)', function () {
    fc.assert(
      fc.property(fc.string(), fc.array(fc.oneof(fc.string(), fc.integer(), fc.boolean())), (scope, values) => {
        expect(deriveId(scope, values)).to.match(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      }),
      { seed: 5, numRuns: 200 },
    );
  });
});
