import { expect } from 'chai';
import { attr, shapeOf } from '../../../src/index.js';
import { checkHttpsUrl, checkIsoDate, checkUuid, describeType, isPlainObject } from '../../../src/schema/index.js';

/** The messages of a spec's check (empty when the value passes). */
function messages(spec: { check: (value: unknown) => readonly { message: string }[] }, value: unknown): string[] {
  return spec.check(value).map((issue) => issue.message);
}

describe('attr factories', function () {
  describe('attr.string', function () {
    it('accepts strings and rejects every other type, naming the type but not the value', function () {
      const spec = attr.string();
      expect(messages(spec, 'x')).to.deep.equal([]);
      expect(messages(spec, '')).to.deep.equal([]);
      expect(messages(spec, 5)).to.deep.equal(['expected a string, got a number']);
      expect(messages(spec, null)).to.deep.equal(['expected a string, got null']);
      expect(messages(spec, ['a'])).to.deep.equal(['expected a string, got an array']);
      expect(messages(spec, { a: 1 })).to.deep.equal(['expected a string, got an object']);
      expect(messages(spec, true)).to.deep.equal(['expected a string, got a boolean']);
      expect(messages(spec, Number.NaN)).to.deep.equal(['expected a string, got NaN']);
    });

    it('checks minLength, maxLength (default 4096) and pattern', function () {
      expect(messages(attr.string({ minLength: 1 }), '')).to.deep.equal(['must not be empty']);
      expect(messages(attr.string({ minLength: 3 }), 'ab')).to.deep.equal(['must have at least 3 characters']);
      expect(messages(attr.string({ minLength: 3 }), 'abc')).to.deep.equal([]);
      expect(messages(attr.string({ maxLength: 3 }), 'abcd')).to.deep.equal(['must have at most 3 characters']);
      expect(messages(attr.string(), 'x'.repeat(4096))).to.deep.equal([]);
      expect(messages(attr.string(), 'x'.repeat(4097))).to.deep.equal(['must have at most 4096 characters']);
      expect(messages(attr.string({ pattern: /^[a-z]+$/ }), 'abc')).to.deep.equal([]);
      expect(messages(attr.string({ pattern: /^[a-z]+$/ }), 'aBc')).to.deep.equal(['must match /^[a-z]+$/']);
    });

    it('refuses lone UTF-16 surrogates (not storable as UTF-8) but accepts paired ones', function () {
      expect(messages(attr.string(), 'a\uD800b')).to.deep.equal(['must be well-formed Unicode text']);
      expect(messages(attr.string(), '\uDC00')).to.deep.equal(['must be well-formed Unicode text']);
      expect(messages(attr.string(), 'ok \uD83D\uDE00')).to.deep.equal([]);
      expect(messages(attr.uuid(), '\uD800')).to.deep.equal(['must be well-formed Unicode text']);
    });

    it('reports one issue per value, the first rule that fails', function () {
      expect(messages(attr.string({ minLength: 5, pattern: /^\d+$/ }), 'ab')).to.deep.equal(['must have at least 5 characters']);
    });
  });

  describe('attr.uuid', function () {
    it('accepts UUIDs in either case and rejects anything else', function () {
      const spec = attr.uuid();
      expect(messages(spec, '0f1e2d3c-4b5a-4697-8877-665544332211')).to.deep.equal([]);
      expect(messages(spec, '0F1E2D3C-4B5A-4697-8877-665544332211')).to.deep.equal([]);
      expect(messages(spec, 'not-a-uuid')).to.deep.equal(['must be a UUID']);
      expect(messages(spec, '0f1e2d3c4b5a46978877665544332211')).to.deep.equal(['must be a UUID']);
      expect(messages(spec, '0f1e2d3c-4b5a-4697-8877-6655443322zz')).to.deep.equal(['must be a UUID']);
      expect(messages(spec, `0f1e2d3c-4b5a-4697-8877-665544332211x`)).to.deep.equal(['must have at most 36 characters']);
      expect(messages(spec, 42)).to.deep.equal(['expected a string, got a number']);
      expect(checkUuid('0f1e2d3c-4b5a-4697-8877-665544332211')).to.equal(undefined);
      expect(checkUuid('0F1E2D3C-4B5A-4697-8877-665544332211')).to.equal(undefined);
    });

    it('has lower case as its canonical form; other kinds have none', function () {
      expect(attr.uuid().canonical?.('0F1E2D3C-4B5A-4697-8877-66554433221A')).to.equal('0f1e2d3c-4b5a-4697-8877-66554433221a');
      expect(attr.uuid().canonical?.(42)).to.equal(42);
      for (const spec of [attr.string(), attr.httpsUrl(), attr.isoDate(), attr.number(), attr.boolean(), attr.enum(['A', 'b'])]) {
        expect(spec.canonical).to.equal(undefined);
      }
    });
  });

  describe('attr.httpsUrl', function () {
    const spec = attr.httpsUrl();

    it('accepts absolute https URLs', function () {
      expect(messages(spec, 'https://example.atlassian.net')).to.deep.equal([]);
      expect(messages(spec, 'https://example.com:8443/path?q=1#frag')).to.deep.equal([]);
    });

    it('rejects http and other schemes', function () {
      expect(messages(spec, 'http://example.com')).to.deep.equal(['must use https']);
      expect(messages(spec, 'ftp://example.com')).to.deep.equal(['must use https']);
      expect(messages(spec, 'javascript:alert(1)')).to.deep.equal(['must use https']);
    });

    it('rejects credentials in the URL', function () {
      expect(messages(spec, 'https://user:pw@example.com')).to.deep.equal(['must not contain credentials']);
      expect(messages(spec, 'https://user@example.com')).to.deep.equal(['must not contain credentials']);
    });

    it('rejects relative URLs and garbage', function () {
      expect(messages(spec, '/relative/path')).to.deep.equal(['must be an absolute https URL']);
      expect(messages(spec, 'not a url')).to.deep.equal(['must be an absolute https URL']);
      expect(messages(spec, 'https://')).to.deep.equal(['must be an absolute https URL']);
      expect(messages(spec, '')).to.deep.equal(['must be an absolute https URL']);
    });

    it('rejects URLs longer than 2048 characters', function () {
      expect(messages(spec, `https://example.com/${'a'.repeat(2028)}`)).to.deep.equal([]);
      expect(messages(spec, `https://example.com/${'a'.repeat(2029)}`)).to.deep.equal(['must have at most 2048 characters']);
    });

    it('is also exported as checkHttpsUrl', function () {
      expect(checkHttpsUrl('https://x.y')).to.equal(undefined);
      expect(checkHttpsUrl('http://x.y')).to.equal('must use https');
    });
  });

  describe('attr.isoDate', function () {
    const spec = attr.isoDate();

    it('accepts ISO-8601 date-times with Z or an offset', function () {
      for (const value of ['2026-01-31T12:00:00.000Z', '2026-01-31T12:00:00Z', '2026-01-31T12:00:00+02:00', '2026-01-31T12:00:00.123456789Z']) {
        expect(messages(spec, value), value).to.deep.equal([]);
      }
    });

    it('rejects dates without time, local times, impossible dates and garbage', function () {
      for (const value of ['2026-01-31', '2026-01-31T12:00:00', '2026-13-45T00:00:00Z', 'yesterday', '']) {
        expect(messages(spec, value), value).to.deep.equal(['must be an ISO-8601 date-time']);
      }
      expect(messages(spec, Date.now())).to.deep.equal(['expected a string, got a number']);
      expect(messages(spec, new Date())).to.deep.equal(['expected a string, got an object']);
      expect(checkIsoDate('2026-01-31T12:00:00Z')).to.equal(undefined);
    });

    it('rejects fields the calendar does not have (Date.parse would roll them into another day)', function () {
      for (const value of ['2024-02-30T00:00:00Z', '2023-02-29T00:00:00Z', '2100-02-29T00:00:00Z', '2024-04-31T00:00:00+02:00', '2024-01-01T24:00:00Z', '2024-01-01T23:60:00Z', '2024-01-01T23:59:60Z', '2024-01-01T10:00:00+24:00', '2024-01-01T10:00:00+05:60', '2024-00-10T10:00:00Z', '2024-01-00T10:00:00Z']) {
        expect(checkIsoDate(value), value).to.equal('must be an ISO-8601 date-time');
      }
      for (const value of ['2024-02-29T00:00:00Z', '2000-02-29T23:59:59.999Z', '2026-12-31T23:59:59-12:00', '2026-04-30T00:00:00+14:00', '0004-02-29T00:00:00Z']) {
        expect(checkIsoDate(value), value).to.equal(undefined);
      }
    });
  });

  describe('attr.number', function () {
    it('accepts finite numbers only', function () {
      const spec = attr.number();
      expect(messages(spec, 0)).to.deep.equal([]);
      expect(messages(spec, -1.5)).to.deep.equal([]);
      expect(messages(spec, Number.MAX_VALUE)).to.deep.equal([]);
      expect(messages(spec, Number.NaN)).to.deep.equal(['expected a finite number, got NaN']);
      expect(messages(spec, Number.POSITIVE_INFINITY)).to.deep.equal(['expected a finite number, got a number']);
      expect(messages(spec, '5')).to.deep.equal(['expected a finite number, got a string']);
      expect(messages(spec, 5n)).to.deep.equal(['expected a finite number, got a bigint']);
    });

    it('checks integer, min and max', function () {
      expect(messages(attr.number({ integer: true }), 1.5)).to.deep.equal(['must be an integer']);
      expect(messages(attr.number({ integer: true }), 2)).to.deep.equal([]);
      expect(messages(attr.number({ min: 0 }), -1)).to.deep.equal(['must be at least 0']);
      expect(messages(attr.number({ min: 0 }), 0)).to.deep.equal([]);
      expect(messages(attr.number({ max: 10 }), 11)).to.deep.equal(['must be at most 10']);
      expect(messages(attr.number({ max: 10 }), 10)).to.deep.equal([]);
    });
  });

  describe('attr.boolean', function () {
    it('accepts true and false only', function () {
      const spec = attr.boolean();
      expect(messages(spec, true)).to.deep.equal([]);
      expect(messages(spec, false)).to.deep.equal([]);
      expect(messages(spec, 'true')).to.deep.equal(['expected a boolean, got a string']);
      expect(messages(spec, 0)).to.deep.equal(['expected a boolean, got a number']);
      expect(spec.kind).to.equal('boolean');
    });
  });

  describe('attr.enum', function () {
    it('accepts its values only and lists them when it refuses', function () {
      const spec = attr.enum(['open', 'closed']);
      expect(messages(spec, 'open')).to.deep.equal([]);
      expect(messages(spec, 'Open')).to.deep.equal(['must be one of open, closed']);
      expect(messages(spec, 1)).to.deep.equal(['must be one of open, closed']);
      expect(spec.kind).to.equal('string');
      expect(spec.enumValues).to.deep.equal(['open', 'closed']);
      expect(Object.isFrozen(spec.enumValues)).to.equal(true);
    });

    it('keeps its own copy of the values', function () {
      const values: [string, ...string[]] = ['a', 'b'];
      const spec = attr.enum(values);
      values.push('c');
      expect(spec.enumValues).to.deep.equal(['a', 'b']);
      expect(messages(spec, 'c')).to.have.length(1);
    });
  });

  describe('attr.json', function () {
    it('uses the shape check and reports its paths', function () {
      const shape = shapeOf<{ cloudId: string }>((value) =>
        typeof value === 'object' && value !== null && typeof (value as { cloudId?: unknown }).cloudId === 'string' ? [] : [{ path: 'cloudId', message: 'is required' }],
      );
      const spec = attr.json(shape);
      expect(spec.kind).to.equal('json');
      expect(spec.enumValues).to.equal(undefined);
      expect(spec.check({ cloudId: 'x' })).to.deep.equal([]);
      expect(spec.check({})).to.deep.equal([{ path: 'cloudId', message: 'is required' }]);
    });
  });

  describe('declarations', function () {
    it('are frozen and copy their options', function () {
      const options = { maxLength: 3, required: true };
      const spec = attr.string(options);
      options.maxLength = 100;
      expect(Object.isFrozen(spec)).to.equal(true);
      expect(Object.isFrozen(spec.options)).to.equal(true);
      expect(spec.options.maxLength).to.equal(3);
      expect(spec.options.required).to.equal(true);
    });

    it('have no options when none are given', function () {
      expect({ ...attr.uuid().options }).to.deep.equal({});
      expect({ ...attr.boolean().options }).to.deep.equal({});
    });
  });
});

describe('value checks', function () {
  it('describeType names a type without showing the value', function () {
    expect(describeType(null)).to.equal('null');
    expect(describeType(undefined)).to.equal('a undefined');
    expect(describeType([])).to.equal('an array');
    expect(describeType(Number.NaN)).to.equal('NaN');
    expect(describeType({ secret: 'x' })).to.equal('an object');
    expect(describeType('s3cret')).to.equal('a string');
  });

  it('isPlainObject accepts object literals and null-prototype objects only', function () {
    expect(isPlainObject({})).to.equal(true);
    expect(isPlainObject(Object.create(null))).to.equal(true);
    expect(isPlainObject(JSON.parse('{"__proto__": {"x": 1}}'))).to.equal(true);
    expect(isPlainObject(null)).to.equal(false);
    expect(isPlainObject([])).to.equal(false);
    expect(isPlainObject(new Date())).to.equal(false);
    expect(isPlainObject(new (class Thing {})())).to.equal(false);
    expect(isPlainObject('x')).to.equal(false);
    expect(isPlainObject(Object.create({ inherited: true }))).to.equal(false);
  });
});
