// classifyProviderError on hostile and malformed input: it answers, it does not throw (except on
// a non-object input or an unknown provider), and it never echoes input values.
import { expect } from 'chai';
import { classifyProviderError, ValidationError, type ClassifyProviderErrorInput } from '../../../src/index.js';
import { NOW } from './fixtures.js';

/** A Proxy whose every trap throws: reads, key listing, prototype lookups. */
function hostile(): object {
  const boom = () => {
    throw new Error('trap');
  };
  return new Proxy({}, { get: boom, has: boom, ownKeys: boom, getOwnPropertyDescriptor: boom, getPrototypeOf: boom });
}

function revoked(): object {
  const { proxy, revoke } = Proxy.revocable([], {});
  revoke();
  return proxy;
}

const classify = (input: Omit<ClassifyProviderErrorInput, 'now'>) => classifyProviderError({ ...input, now: NOW });

describe('classifyProviderError robustness', function () {
  describe('input validation', function () {
    for (const input of [null, undefined, 42, 'github', true, [], [{ provider: 'github' }], () => ({ provider: 'github' })]) {
      it(`refuses ${typeof input === 'function' ? 'a function' : JSON.stringify(input)} as input`, function () {
        expect(() => classifyProviderError(input as unknown as ClassifyProviderErrorInput))
          .to.throw(ValidationError)
          .with.property('issues')
          .that.deep.equals([{ path: '', message: 'must be an object' }]);
      });
    }

    for (const provider of ['gitlab', 'GITHUB', 'Jira_Cloud', '', undefined, 7, { toString: () => 'github' }]) {
      it(`refuses the provider ${JSON.stringify(provider) ?? String(provider)} without repeating it`, function () {
        const call = () => classifyProviderError({ provider } as unknown as ClassifyProviderErrorInput);
        expect(call).to.throw(ValidationError, /classifyProviderError: invalid input: provider: must be one of jira_cloud, jira_data_center, github/);
        if (provider === 'gitlab') expect(call).to.throw(ValidationError).with.property('message').that.does.not.include('gitlab');
      });
    }

    it('refuses an input whose provider cannot be read', function () {
      expect(() => classifyProviderError(hostile() as ClassifyProviderErrorInput)).to.throw(ValidationError);
    });

    it('ignores statuses that are not HTTP statuses', function () {
      for (const status of [-1, 0, 99, 600, 404.5, Number.NaN, '404', null]) {
        expect(classify({ provider: 'github', status: status as number }), String(status)).to.deep.equal({ code: 'UNKNOWN' });
      }
    });
  });

  describe('headers', function () {
    it('reads a fetch Headers, a Map and an array of pairs', function () {
      const expected = { code: 'RATE_LIMIT', retryAfterMs: 9_000 };
      expect(classify({ provider: 'jira_cloud', status: 429, headers: new Headers({ 'Retry-After': '9' }) })).to.deep.equal(expected);
      expect(classify({ provider: 'jira_cloud', status: 429, headers: new Map([['RETRY-AFTER', '9']]) })).to.deep.equal(expected);
      // An array is not a headers record: it reads as no headers.
      expect(classify({ provider: 'jira_cloud', status: 429, headers: [['retry-after', '9']] as unknown as Headers })).to.deep.equal({ code: 'RATE_LIMIT' });
    });

    it('takes numbers and the first of repeated values, drops other values and odd names', function () {
      const headers = { 'retry-after': 12, 'x-ratelimit-reset': ['2025-06-02T10:00Z', 'later'], other: { a: 1 }, '': '5' } as unknown as Record<string, string>;
      expect(classify({ provider: 'jira_cloud', status: 429, headers })).to.deep.equal({ code: 'RATE_LIMIT', retryAfterMs: 12_000 });
      const junk = new Map<unknown, unknown>([
        [42, '5'],
        ['retry-after', Number.POSITIVE_INFINITY],
        [Symbol('x'), '5'],
        ['Retry-After', '3'],
        ['RETRY-AFTER', '99'],
      ]);
      expect(classify({ provider: 'jira_cloud', status: 429, headers: junk as unknown as Headers })).to.deep.equal({ code: 'RATE_LIMIT', retryAfterMs: 3_000 });
    });

    it('keeps the first spelling of a header given twice', function () {
      expect(classify({ provider: 'jira_cloud', status: 429, headers: { 'Retry-After': '1', 'retry-after': '2' } })).to.deep.equal({ code: 'RATE_LIMIT', retryAfterMs: 1_000 });
    });

    it('treats __proto__ and constructor as ordinary names', function () {
      const headers = JSON.parse('{"__proto__": {"retry-after": "5"}, "constructor": "x", "retry-after": "4"}') as Record<string, string>;
      expect(classify({ provider: 'jira_cloud', status: 429, headers })).to.deep.equal({ code: 'RATE_LIMIT', retryAfterMs: 4_000 });
      expect(({} as Record<string, unknown>)['retry-after']).to.equal(undefined);
    });

    it('survives hostile, revoked, throwing and endless headers', function () {
      function* endless(): Generator<[string, string]> {
        yield ['retry-after', '6'];
        for (;;) yield ['x-filler', 'y'];
      }
      function* throwing(): Generator<unknown> {
        yield ['retry-after', '8'];
        yield 'not a pair';
        throw new Error('iterator');
      }
      const getterThrows = Object.defineProperty({}, 'retry-after', {
        enumerable: true,
        get() {
          throw new Error('getter');
        },
      });
      expect(classify({ provider: 'jira_cloud', status: 429, headers: hostile() as Headers })).to.deep.equal({ code: 'RATE_LIMIT' });
      expect(classify({ provider: 'jira_cloud', status: 429, headers: revoked() as Headers })).to.deep.equal({ code: 'RATE_LIMIT' });
      expect(classify({ provider: 'jira_cloud', status: 429, headers: getterThrows as Headers })).to.deep.equal({ code: 'RATE_LIMIT' });
      expect(classify({ provider: 'jira_cloud', status: 429, headers: endless() })).to.deep.equal({ code: 'RATE_LIMIT', retryAfterMs: 6_000 });
      expect(classify({ provider: 'jira_cloud', status: 429, headers: throwing() as Iterable<[string, string]> })).to.deep.equal({ code: 'RATE_LIMIT', retryAfterMs: 8_000 });
    });

    it('reads a huge header record only partly, without failing', function () {
      const headers: Record<string, string> = {};
      for (let i = 0; i < 5_000; i++) headers[`x-filler-${i}`] = 'y';
      headers['retry-after'] = '5';
      expect(classify({ provider: 'jira_cloud', status: 429, headers })).to.deep.equal({ code: 'RATE_LIMIT' });
    });
  });

  describe('bodies', function () {
    it('reads huge string bodies without parsing all of them', function () {
      const huge = `{"message": "${'x'.repeat(1_000_000)}"}`;
      expect(classify({ provider: 'github', status: 404, body: huge })).to.deep.equal({ code: 'NOT_FOUND' });
      expect(classify({ provider: 'github', body: `<html>${'<p>filler</p>'.repeat(100_000)}Bad credentials</html>` })).to.deep.equal({ code: 'UNKNOWN' });
    });

    it('reads broken JSON as text', function () {
      expect(classify({ provider: 'github', body: '{"message": "Bad credentials"' })).to.deep.equal({ code: 'AUTH_EXPIRED' });
    });

    it('reads form-encoded bodies without a description, and ignores unknown OAuth codes', function () {
      expect(classify({ provider: 'github', status: 200, body: 'error=access_denied' })).to.deep.equal({ code: 'AUTH_REVOKED' });
      expect(classify({ provider: 'github', status: 200, body: 'error=something_new&error_description=x' })).to.deep.equal({ code: 'UNKNOWN' });
      expect(classify({ provider: 'github', status: 200, body: 'access_token=gho_x&scope=repo&token_type=bearer' })).to.deep.equal({ code: 'UNKNOWN' });
      expect(classify({ provider: 'github', status: 200, body: 'not_an_error=access_denied' })).to.deep.equal({ code: 'UNKNOWN' });
    });

    it('does not take a sentence in `error` for an OAuth code, but reads it as a message', function () {
      expect(classify({ provider: 'jira_cloud', body: { error: 'Rate limit exceeded. Try again in 30 seconds.' } })).to.deep.equal({ code: 'RATE_LIMIT' });
      expect(classify({ provider: 'jira_cloud', status: 400, body: { error: 42 } })).to.deep.equal({ code: 'SCHEMA_CHANGED' });
    });

    it('reads GraphQL-style arrays and odd error entries', function () {
      expect(classify({ provider: 'github', body: [{ type: 'NOT_FOUND', message: 'Could not resolve to a Repository' }, 'Not Found', 7, null] })).to.deep.equal({ code: 'NOT_FOUND' });
      expect(classify({ provider: 'github', body: { errors: [{ code: 'invalid' }, { message: 42 }] } })).to.deep.equal({ code: 'UNKNOWN' });
      expect(classify({ provider: 'jira_cloud', body: { errorMessages: 'Not Found', errors: 'x' } })).to.deep.equal({ code: 'UNKNOWN' });
      const manyErrors = Array.from({ length: 1000 }, () => 'irrelevant');
      manyErrors.push('Bad credentials');
      expect(classify({ provider: 'github', body: { errors: manyErrors } })).to.deep.equal({ code: 'UNKNOWN' });
    });

    it('survives circular, hostile and revoked bodies, and numbers, booleans, symbols', function () {
      const circular: Record<string, unknown> = { message: 'Not Found' };
      circular.self = circular;
      circular.errors = circular;
      expect(classify({ provider: 'github', body: circular })).to.deep.equal({ code: 'NOT_FOUND' });
      for (const body of [hostile(), revoked(), 404, true, Symbol('s'), 10n, () => 'x', new Uint8Array([123, 125])]) {
        expect(classify({ provider: 'jira_data_center', status: 503, body }), typeof body).to.deep.equal({ code: 'PROVIDER_UNAVAILABLE' });
      }
    });

    it('survives an array body (and an errors array) whose length and elements trap', function () {
      const trappedArray = () =>
        new Proxy([], {
          get: () => {
            throw new Error('trap');
          },
        });
      expect(classify({ provider: 'jira_cloud', status: 400, body: trappedArray() })).to.have.property('code');
      expect(classify({ provider: 'github', status: 404, body: { message: 'Not Found', errors: trappedArray() } })).to.deep.equal({ code: 'NOT_FOUND' });
    });

    it('enumerates a hostile errors object no further than it lets', function () {
      const errors = new Proxy(
        { a: 'Not Found' },
        {
          ownKeys() {
            throw new Error('keys');
          },
        },
      );
      expect(classify({ provider: 'jira_cloud', body: { errors } })).to.deep.equal({ code: 'UNKNOWN' });
    });
  });

  describe('thrown errors', function () {
    it('survives cyclic and hostile cause chains', function () {
      const a = new Error('a');
      const b = new Error('b', { cause: a });
      (a as { cause?: unknown }).cause = b;
      expect(classify({ provider: 'github', error: a })).to.deep.equal({ code: 'UNKNOWN' });
      expect(classify({ provider: 'github', error: hostile() })).to.deep.equal({ code: 'UNKNOWN' });
      expect(classify({ provider: 'github', error: new Error('x', { cause: hostile() }) })).to.deep.equal({ code: 'UNKNOWN' });
      expect(classify({ provider: 'github', error: Object.assign(new Error('x'), { errors: revoked() }) })).to.deep.equal({ code: 'UNKNOWN' });
    });

    it('stops walking a very long cause chain', function () {
      let error: Error = Object.assign(new Error('root'), { code: 'ECONNRESET' });
      for (let i = 0; i < 100; i++) error = new Error(`wrap ${i}`, { cause: error });
      expect(classify({ provider: 'github', error })).to.deep.equal({ code: 'UNKNOWN' });
    });

    it('ignores non-object errors', function () {
      for (const error of ['ECONNRESET', 42, null, undefined]) expect(classify({ provider: 'github', error }), String(error)).to.deep.equal({ code: 'UNKNOWN' });
    });
  });
});
