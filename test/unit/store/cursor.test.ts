import { expect } from 'chai';
import { DataAccessError, ValidationError } from '../../../src/errors/index.js';
import { decodeCursor, encodeCursor } from '../../../src/store/cursor.js';

function b64(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64url');
}

function expectInvalid(cursor: unknown): void {
  let thrown: unknown;
  try {
    decodeCursor(cursor as string);
  } catch (error) {
    thrown = error;
  }
  expect(thrown, `cursor ${JSON.stringify(cursor)?.slice(0, 60)}`).to.be.instanceOf(ValidationError);
  const error = thrown as ValidationError;
  expect(error).to.be.instanceOf(DataAccessError);
  expect(error.code).to.equal('VALIDATION');
  expect(error.issues.map((issue) => issue.path)).to.deep.equal(['cursor']);
}

describe('store/cursor', function () {
  it('round-trips a LastEvaluatedKey through an opaque url-safe string', function () {
    const key = { pk: '$ticket#id_1', sk: '$ticket', gsi1pk: 'conn#é/+?=', gsi1sk: 'n' };
    const cursor = encodeCursor(key);
    expect(cursor).to.be.a('string').and.match(/^[A-Za-z0-9_-]+$/);
    expect(cursor).to.not.contain('ticket');
    expect(decodeCursor(cursor)).to.deep.equal(key);
  });

  it('refuses a cursor naming attributes that are not table keys, or non-string key values', function () {
    expectInvalid(b64(JSON.stringify({ foo: 'x' })));
    expectInvalid(b64(JSON.stringify({ pk: 'a', sk: 1 })));
    expect(decodeCursor(b64(JSON.stringify({ pk: 'a', sk: 'b', gsi12pk: 'c', gsi12sk: 'd' })))).to.deep.equal({ pk: 'a', sk: 'b', gsi12pk: 'c', gsi12sk: 'd' });
  });

  it('encodes "no more pages" as null and decodes null/undefined as "from the start"', function () {
    expect(encodeCursor(undefined)).to.equal(null);
    expect(decodeCursor(null)).to.equal(undefined);
    expect(decodeCursor(undefined)).to.equal(undefined);
    expect(decodeCursor(encodeCursor(undefined))).to.equal(undefined);
  });

  it('accepts a well-formed cursor of exactly 4096 characters and refuses a longer one', function () {
    const exact = b64(JSON.stringify({ pk: 'x'.repeat(3063) }));
    expect(exact.length).to.equal(4096);
    expect(decodeCursor(exact)).to.deep.equal({ pk: 'x'.repeat(3063) });
    const longer = b64(JSON.stringify({ pk: 'x'.repeat(3064) }));
    expect(longer.length).to.equal(4098);
    expectInvalid(longer);
  });

  const malformed: Array<[string, unknown]> = [
    ['text that is not base64 JSON', 'definitely not a cursor!'],
    ['base64 of non-JSON text', b64('pk=1&sk=2')],
    ['a JSON array', b64(JSON.stringify(['pk', 'sk']))],
    ['a JSON string', b64(JSON.stringify('pk'))],
    ['a JSON number', b64('12')],
    ['JSON null', b64('null')],
    ['an empty object', b64('{}')],
    ['an object with nested object values', b64(JSON.stringify({ pk: { S: 'a' } }))],
    ['an object with array values', b64(JSON.stringify({ pk: ['a'] }))],
    ['an object with a boolean value', b64(JSON.stringify({ pk: 'a', sk: true }))],
    ['an object with a null value', b64(JSON.stringify({ pk: 'a', sk: null }))],
    ['a cursor longer than 4096 characters', 'A'.repeat(5000)],
    ['an empty string', ''],
    ['a number', 12345],
    ['an object', { pk: 'a' }],
    ['a boolean', true],
  ];
  for (const [what, cursor] of malformed) {
    it(`refuses ${what} with a ValidationError on path 'cursor'`, function () {
      expectInvalid(cursor);
    });
  }
});

describe('store/cursor: key parts', function () {
  const key = { pk: '$taskmanagement#ticketId_x', sk: '$ticket_1', gsi1pk: 'p', gsi1sk: 's' };
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');

  for (const name of Object.keys(key)) {
    it(`refuses an empty ${name} (DynamoDB would refuse the request)`, function () {
      expectInvalid(encode({ ...key, [name]: '' }));
    });

    it(`refuses a ${name} with a lone surrogate`, function () {
      expectInvalid(encode({ ...key, [name]: 'a\uD800' }));
    });
  }

  it('accepts every part non-empty and well-formed', function () {
    expect(decodeCursor(encode(key))).to.deep.equal(key);
  });
});
