/**
 * Malformed stream records: each is a ValidationError (context parseStreamRecord) whose issues
 * name the bad fields — never a TypeError, never a value in the message.
 */
import { expect } from 'chai';
import type { ChangeEntityName, ValidationIssue } from '../../../src/index.js';
import { parseStreamRecord, ValidationError } from '../../../src/index.js';
import { MAX_DEPTH, MAX_ISSUES, MAX_VALUES } from '../../../src/change-feed/attribute-values.js';
import type { Item } from '../../fixtures/stream-records/builders.js';
import { lambdaRecord, RECORDS, storedItem, streamOf } from '../../fixtures/stream-records/builders.js';

const JUNK = 'JUNK-VALUE-7f3a';

function errorOf(record: unknown): ValidationError {
  let thrown: unknown;
  try {
    parseStreamRecord(record);
  } catch (error) {
    thrown = error;
  }
  expect(thrown).to.be.instanceOf(ValidationError);
  const error = thrown as ValidationError;
  expect(error.code).to.equal('VALIDATION');
  expect(error.message).to.match(/^parseStreamRecord: invalid input: /);
  expect(error.message).to.not.include(JUNK);
  return error;
}

function issuesOf(record: unknown): ValidationIssue[] {
  return errorOf(record).issues;
}

/** A valid INSERT of `entity` (a ticket by default) whose NewImage gets `attribute` (raw AttributeValue) set. */
function withNewAttribute(name: string, value: unknown, entity: ChangeEntityName = 'Ticket') {
  const record = streamOf.insert(entity, RECORDS[entity]);
  return { ...record, dynamodb: { ...record.dynamodb, NewImage: { ...record.dynamodb.NewImage, [name]: value } } };
}

/** The value `text` holds, as JSON.parse makes it: a `"__proto__"` key becomes an own property, as in a Lambda's event. */
function parsedJson(text: string): unknown {
  return JSON.parse(text) as unknown;
}

function nested(levels: number): unknown {
  let value: unknown = { S: 'leaf' };
  for (let i = 0; i < levels; i += 1) value = i % 2 === 0 ? { M: { inner: value } } : { L: [value] };
  return value;
}

const AV_MESSAGE = 'must be an AttributeValue (one of S, N, B, SS, NS, BS, M, L, NULL, BOOL)';

describe('change-feed: malformed records', function () {
  it('not a record at all', function () {
    for (const value of [null, undefined, 42, JUNK, true, [], [{}], () => 1]) {
      expect(issuesOf(value), typeof value).to.deep.equal([{ path: '', message: 'must be a DynamoDB stream record (an object with eventName and dynamodb)' }]);
    }
  });

  it('an empty object: eventName and dynamodb', function () {
    expect(issuesOf({})).to.deep.equal([
      { path: 'eventName', message: 'must be INSERT, MODIFY or REMOVE' },
      { path: 'dynamodb', message: 'must be an object with Keys and the images' },
    ]);
  });

  it('an unknown eventName (the keys are still checked)', function () {
    const record = streamOf.insert('Ticket', RECORDS.Ticket);
    for (const eventName of ['UPSERT', 'insert', 1, null, JUNK]) {
      expect(issuesOf({ ...record, eventName })).to.deep.equal([{ path: 'eventName', message: 'must be INSERT, MODIFY or REMOVE' }]);
    }
    expect(issuesOf({ ...record, eventName: 'X', dynamodb: { ...record.dynamodb, Keys: JUNK } })).to.deep.equal([
      { path: 'eventName', message: 'must be INSERT, MODIFY or REMOVE' },
      { path: 'dynamodb.Keys', message: 'must be a map of AttributeValues' },
    ]);
  });

  it('dynamodb that is not an object', function () {
    const record = streamOf.insert('Ticket', RECORDS.Ticket);
    for (const dynamodb of [null, JUNK, [], 3]) {
      expect(issuesOf({ ...record, dynamodb })).to.deep.equal([{ path: 'dynamodb', message: 'must be an object with Keys and the images' }]);
    }
  });

  it('missing keys', function () {
    const record = streamOf.insert('Ticket', RECORDS.Ticket);
    const { Keys: _keys, ...dynamodb } = record.dynamodb;
    expect(issuesOf({ ...record, dynamodb })).to.deep.equal([{ path: 'dynamodb.Keys', message: 'is missing' }]);
  });

  describe('missing images and other view types (the library needs NEW_AND_OLD_IMAGES)', function () {
    const item = storedItem('Ticket', RECORDS.Ticket);
    const strip = (record: ReturnType<typeof lambdaRecord>, drop: string[], viewType?: string) => {
      const dynamodb: Item = { ...record.dynamodb };
      for (const name of drop) delete dynamodb[name];
      if (viewType !== undefined) dynamodb.StreamViewType = viewType;
      return { ...record, dynamodb };
    };
    const missing = (name: string, eventName: string) => ({ path: `dynamodb.${name}`, message: `is missing: a ${eventName} record needs it (the table's stream must use NEW_AND_OLD_IMAGES)` });
    const viewType = { path: 'dynamodb.StreamViewType', message: 'must be NEW_AND_OLD_IMAGES: the change feed needs both images' };

    it('KEYS_ONLY: no image at all', function () {
      expect(issuesOf(strip(lambdaRecord('INSERT', { newItem: item }), ['NewImage'], 'KEYS_ONLY'))).to.deep.equal([viewType, missing('NewImage', 'INSERT')]);
      expect(issuesOf(strip(lambdaRecord('REMOVE', { oldItem: item }), ['OldImage'], 'KEYS_ONLY'))).to.deep.equal([viewType, missing('OldImage', 'REMOVE')]);
    });

    it('NEW_IMAGE: a MODIFY without its old image; even an INSERT is refused (the stream is misconfigured)', function () {
      expect(issuesOf(strip(lambdaRecord('MODIFY', { oldItem: item, newItem: item }), ['OldImage'], 'NEW_IMAGE'))).to.deep.equal([viewType, missing('OldImage', 'MODIFY')]);
      expect(issuesOf(strip(lambdaRecord('INSERT', { newItem: item }), [], 'NEW_IMAGE'))).to.deep.equal([viewType]);
    });

    it('OLD_IMAGE: a MODIFY without its new image', function () {
      expect(issuesOf(strip(lambdaRecord('MODIFY', { oldItem: item, newItem: item }), ['NewImage'], 'OLD_IMAGE'))).to.deep.equal([viewType, missing('NewImage', 'MODIFY')]);
    });

    it('no view type given: the images the event needs are still required', function () {
      expect(issuesOf(strip(lambdaRecord('MODIFY', { oldItem: item, newItem: item }), ['NewImage', 'OldImage', 'StreamViewType']))).to.deep.equal([
        missing('NewImage', 'MODIFY'),
        missing('OldImage', 'MODIFY'),
      ]);
    });

    it('even an internal item: a misconfigured stream is reported on its first record', function () {
      const guard = { pk: '$unique#ticket#external-ticket#x', sk: '$unique', ownerId: 'o' };
      expect(issuesOf(strip(lambdaRecord('INSERT', { newItem: guard }), ['NewImage'], 'KEYS_ONLY'))).to.have.length(2);
    });
  });

  describe('AttributeValues', function () {
    const cases: [string, unknown, string][] = [
      ['a bare string', JUNK, AV_MESSAGE],
      ['null', null, AV_MESSAGE],
      ['a list', [{ S: JUNK }], AV_MESSAGE],
      ['a Date', new Date(), AV_MESSAGE],
      ['an unknown type', { X: JUNK }, AV_MESSAGE],
      ["the SDK's $unknown member", { $unknown: ['Z', JUNK] }, AV_MESSAGE],
      ['two types', { S: JUNK, N: '1' }, 'must be an AttributeValue with exactly one of S, N, B, SS, NS, BS, M, L, NULL, BOOL'],
      ['S not a string', { S: 5 }, 'S must be a string'],
      ['N not numeric', { N: JUNK }, 'N must be a number written as a string'],
      ['N a number, not a string', { N: 5 }, 'N must be a number written as a string'],
      ['N NaN', { N: 'NaN' }, 'N must be a number written as a string'],
      ['N Infinity', { N: 'Infinity' }, 'N must be a number written as a string'],
      ['N hex', { N: '0x10' }, 'N must be a number written as a string'],
      ['B a number', { B: 5 }, 'B must be base64 text or bytes'],
      ['NULL false', { NULL: false }, 'NULL must be true'],
      ['BOOL a string', { BOOL: 'true' }, 'BOOL must be a boolean'],
      ['M a list', { M: [] }, 'must be a map of AttributeValues'],
      ['L a map', { L: {} }, 'L must be a list of AttributeValues'],
      ['SS not a list', { SS: JUNK }, 'must be a list of set members'],
    ];
    for (const [label, value, message] of cases) {
      it(`${label} → '${message}'`, function () {
        expect(issuesOf(withNewAttribute('legacy', value))).to.deep.equal([{ path: 'dynamodb.NewImage.legacy', message }]);
      });
    }

    it("an empty object is an empty map: the DynamoDB Streams SDK client's form of { M: {} } (also with only undefined members)", function () {
      expect(parseStreamRecord(withNewAttribute('legacy', {}))).to.have.property('kind', 'created');
      expect(parseStreamRecord(withNewAttribute('legacy', { S: undefined }))).to.have.property('kind', 'created');
    });

    it('set members and nested values are named by their path', function () {
      expect(issuesOf(withNewAttribute('tags', { SS: ['a', 1, 'b', null] }))).to.deep.equal([
        { path: 'dynamodb.NewImage.tags[1]', message: 'SS members must be strings' },
        { path: 'dynamodb.NewImage.tags[3]', message: 'SS members must be strings' },
      ]);
      expect(issuesOf(withNewAttribute('counts', { NS: ['1', JUNK] }))).to.deep.equal([{ path: 'dynamodb.NewImage.counts[1]', message: 'N must be a number written as a string' }]);
      expect(issuesOf(withNewAttribute('blobs', { BS: [new Uint8Array([1]), 7] }))).to.deep.equal([{ path: 'dynamodb.NewImage.blobs[1]', message: 'BS members must be base64 text or bytes' }]);
      expect(issuesOf(withNewAttribute('deep', { M: { a: { L: [{ S: 'ok' }, { N: JUNK }] } } }))).to.deep.equal([
        { path: 'dynamodb.NewImage.deep.a[1]', message: 'N must be a number written as a string' },
      ]);
    });

    it('odd key names are not echoed into paths', function () {
      expect(issuesOf(withNewAttribute('x', { M: { [`${JUNK} has spaces`]: { S: 1 } } }))).to.deep.equal([{ path: 'dynamodb.NewImage.x.<key>', message: 'S must be a string' }]);
    });

    it('well-formed values of every type pass (in attributes the schema does not declare)', function () {
      const event = parseStreamRecord(
        withNewAttribute('everything', {
          M: {
            s: { S: '' },
            n: { N: '-1.5e3' },
            b: { B: 'AQID' },
            bytes: { B: new Uint8Array([1, 2]) },
            ss: { SS: ['a'] },
            ns: { NS: ['1', '.5'] },
            bs: { BS: ['AQ==', new Uint8Array([3])] },
            l: { L: [{ NULL: true }, { BOOL: false }] },
          },
        }),
      );
      expect(event).to.include({ entity: 'Ticket', kind: 'created' });
    });

    it(`nesting: ${MAX_DEPTH} levels are fine, deeper is refused`, function () {
      expect(parseStreamRecord(withNewAttribute('deep', nested(MAX_DEPTH)))).to.not.equal(null);
      const [issue] = issuesOf(withNewAttribute('deep', nested(MAX_DEPTH + 1)));
      expect(issue!.message).to.equal(`is nested deeper than ${MAX_DEPTH} levels`);
    });

    it('circular junk: a map or a list that contains itself', function () {
      const map: Item = {};
      map.self = { M: map };
      expect(issuesOf(withNewAttribute('loop', { M: map }))).to.deep.equal([{ path: 'dynamodb.NewImage.loop.self', message: 'contains itself' }]);
      const list: unknown[] = [];
      list.push({ L: list });
      expect(issuesOf(withNewAttribute('loop', { L: list }))).to.deep.equal([{ path: 'dynamodb.NewImage.loop[0]', message: 'contains itself' }]);
      const image: Item = { ...streamOf.insert('Ticket', RECORDS.Ticket).dynamodb.NewImage };
      image.again = { M: image };
      const record = streamOf.insert('Ticket', RECORDS.Ticket);
      expect(issuesOf({ ...record, dynamodb: { ...record.dynamodb, NewImage: image } })).to.deep.equal([{ path: 'dynamodb.NewImage.again', message: 'contains itself' }]);
    });

    it('a shared (not circular) value blown up past what an item can hold', function () {
      let value: unknown = { S: 'x' };
      for (let i = 0; i < 24; i += 1) value = { L: [value, value] }; // 2^25 values if walked
      const issues = issuesOf(withNewAttribute('bomb', value));
      expect(issues.map((issue) => issue.message)).to.include(`makes the record hold more than ${MAX_VALUES} values`);
    });

    it('a __proto__ attribute the schema does not declare is left out: it never becomes a prototype', function () {
      const record = streamOf.insert('Ticket', RECORDS.Ticket);
      const polluted = parsedJson(JSON.stringify(record).replace('"NewImage":{', '"NewImage":{"__proto__":{"M":{"ticketKey":{"S":"forged"}}},'));
      const event = parseStreamRecord(polluted);
      expect(event).to.deep.equal(parseStreamRecord(record));
      expect(event!.after).to.have.property('ticketKey', RECORDS.Ticket.ticketKey);
      expect(({} as Item).ticketKey).to.equal(undefined);
    });

    it('an image that is not a map; a class instance is not a map', function () {
      const record = streamOf.insert('Ticket', RECORDS.Ticket);
      for (const NewImage of [JUNK, [], new Map(), null]) {
        expect(issuesOf({ ...record, dynamodb: { ...record.dynamodb, NewImage } })).to.deep.equal([{ path: 'dynamodb.NewImage', message: 'must be a map of AttributeValues' }]);
      }
    });

    it(`at most ${MAX_ISSUES} issues, then a count of the rest`, function () {
      const record = streamOf.insert('Ticket', RECORDS.Ticket);
      const junk = Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`bad${i}`, { S: i }]));
      const issues = issuesOf({ ...record, dynamodb: { ...record.dynamodb, NewImage: { ...record.dynamodb.NewImage, ...junk } } });
      expect(issues).to.have.length(MAX_ISSUES + 1);
      expect(issues[MAX_ISSUES]).to.deep.equal({ path: '', message: 'and 10 more issues' });
    });
  });

  describe("the library's rules on values: in the entity's schema attributes only", function () {
    const range = 'N is outside the safe integer range';

    it('a number outside the safe integer range in a schema attribute is refused, at any depth', function () {
      for (const N of ['9007199254740993', '12345678901234567890', '9.9E+125', '1e400', '-9007199254740993']) {
        expect(issuesOf(withNewAttribute('version', { N }, 'OAuthTokenState')), N).to.deep.equal([{ path: 'dynamodb.NewImage.version', message: range }]);
      }
      const progress = { M: { current: { N: '12345678901234567890' }, total: { N: '10' } } };
      expect(issuesOf(withNewAttribute('progress', progress, 'SyncOperation'))).to.deep.equal([{ path: 'dynamodb.NewImage.progress.current', message: range }]);
      const metadata = { M: { cloudId: { S: 'c' }, scopes: { L: [{ S: 'a' }, { N: '9.9E+125' }] }, counts: { NS: ['1', '9007199254740993'] } } };
      expect(issuesOf(withNewAttribute('metadata', metadata, 'TaskManagementConnection'))).to.deep.equal([
        { path: 'dynamodb.NewImage.metadata.scopes[1]', message: range },
        { path: 'dynamodb.NewImage.metadata.counts[1]', message: range },
      ]);
      // The edge of the range still parses.
      expect(parseStreamRecord(withNewAttribute('version', { N: String(Number.MAX_SAFE_INTEGER) }, 'OAuthTokenState'))!.after).to.have.property('version', Number.MAX_SAFE_INTEGER);
    });

    it('a __proto__ key inside a schema attribute is refused (it would replace the prototype of the unmarshalled object)', function () {
      const inMap = parsedJson('{"M":{"cloudId":{"S":"c"},"__proto__":{"M":{"polluted":{"S":"x"}}}}}');
      expect(issuesOf(withNewAttribute('metadata', inMap, 'TaskManagementConnection'))).to.deep.equal([{ path: 'dynamodb.NewImage.metadata.__proto__', message: 'is not an accepted attribute name' }]);
      const inList = parsedJson('{"L":[{"M":{"__proto__":{"S":"x"}}}]}');
      expect(issuesOf(withNewAttribute('metadata', { M: { scopes: inList } }, 'TaskManagementConnection'))).to.deep.equal([
        { path: 'dynamodb.NewImage.metadata.scopes[0].__proto__', message: 'is not an accepted attribute name' },
      ]);
      expect(({} as Item).polluted).to.equal(undefined);
    });

    it('an attribute the schema does not declare (a newer version\'s) may hold any number DynamoDB accepts: left out, the event is as without it', function () {
      const record = streamOf.insert('Ticket', RECORDS.Ticket);
      const extras = {
        snowflake: { N: '12345678901234567890' },
        amount: { N: '1.2345678901234567890123456789012345678' },
        big: { N: '9.9E+125' },
        counts: { NS: ['12345678901234567890', '1'] },
        nested: { M: { deep: { L: [{ N: '-9.9E+125' }] } } },
      };
      const extended = { ...record, dynamodb: { ...record.dynamodb, NewImage: { ...record.dynamodb.NewImage, ...extras } } };
      const event = parseStreamRecord(extended);
      expect(event).to.deep.equal(parseStreamRecord(record));
      expect(event!.after).to.not.have.any.keys(Object.keys(extras));
      // The same in both images of a MODIFY, and with a __proto__ key inside the unknown attribute.
      const ticket = storedItem('Ticket', RECORDS.Ticket);
      const modify = lambdaRecord('MODIFY', { oldItem: ticket, newItem: { ...ticket, ticketStatus: 'Done' } });
      const withExtras = (image: Item | undefined) => ({ ...image, ...extras, legacy: parsedJson('{"M":{"__proto__":{"N":"12345678901234567890"}}}') });
      const modified = { ...modify, dynamodb: { ...modify.dynamodb, OldImage: withExtras(modify.dynamodb.OldImage), NewImage: withExtras(modify.dynamodb.NewImage) } };
      expect(parseStreamRecord(modified)).to.deep.equal(parseStreamRecord(modify));
    });

    it('what DynamoDB itself refuses stays refused, in an attribute the schema does not declare too', function () {
      expect(issuesOf(withNewAttribute('legacy', { N: '1.5.2' }))).to.deep.equal([{ path: 'dynamodb.NewImage.legacy', message: 'N must be a number written as a string' }]);
      expect(issuesOf(withNewAttribute('legacy', { NS: ['1', 'NaN'] }))).to.deep.equal([{ path: 'dynamodb.NewImage.legacy[1]', message: 'N must be a number written as a string' }]);
    });
  });

  describe('entity attributes of the wrong kind', function () {
    const cases: [string, unknown, string][] = [
      ['ticketKey', { N: '1' }, 'must be a string, not a number'],
      ['ticketKey', { NULL: true }, 'must be a string, not null'],
      ['ticketKey', { SS: ['a'] }, 'must be a string, not a set'],
      ['ticketKey', { B: new Uint8Array([1]) }, 'must be a string, not binary'],
      // A Lambda event (JSON) carries binary as base64 text: binary all the same, never a string.
      ['ticketKey', { B: 'c2VjcmV0' }, 'must be a string, not binary'],
      ['ticketKey', { BS: ['c2VjcmV0'] }, 'must be a string, not a set'],
      ['ticketKey', { M: {} }, 'must be a string, not a map'],
      ['ticketKey', { L: [] }, 'must be a string, not a list'],
      ['ticketStatus', { BOOL: true }, 'must be a string or null, not a boolean'],
    ];
    for (const [name, value, message] of cases) {
      it(`${name} ${JSON.stringify(value)} → '${message}'`, function () {
        expect(issuesOf(withNewAttribute(name, value))).to.deep.equal([{ path: `dynamodb.NewImage.${name}`, message }]);
      });
    }

    it('numbers, booleans and structured values', function () {
      const sync = storedItem('SyncOperation', RECORDS.SyncOperation);
      expect(issuesOf(lambdaRecord('INSERT', { newItem: { ...sync, includeClosed: 'yes', progress: 'half' } }))).to.deep.equal([
        { path: 'dynamodb.NewImage.includeClosed', message: 'must be a boolean, not a string' },
        { path: 'dynamodb.NewImage.progress', message: 'must be a map or a list, not a string' },
      ]);
      const tokens = storedItem('OAuthTokenState', RECORDS.OAuthTokenState);
      expect(issuesOf(lambdaRecord('REMOVE', { oldItem: { ...tokens, version: '1', scopes: new Set(['a']) } }))).to.deep.equal([
        { path: 'dynamodb.OldImage.scopes', message: 'must be a map or a list, not a set' },
        { path: 'dynamodb.OldImage.version', message: 'must be a number, not a string' },
      ]);
    });

    it('values are passed on as stored otherwise: an enum value this version does not know still parses', function () {
      const event = parseStreamRecord(streamOf.insert('TaskManagementConnection', { ...RECORDS.TaskManagementConnection, status: 'suspended' }));
      expect(event!.after).to.have.property('status', 'suspended');
    });

    it('a missing required attribute (what every create writes, the parent ids among them), in either image', function () {
      const ticket = storedItem('Ticket', RECORDS.Ticket);
      const { taskManagementConnectionId: _connection, organizationId: _organization, ticketKey: _key, ...partial } = ticket;
      const missing = ['organizationId', 'ticketKey', 'taskManagementConnectionId'];
      expect(issuesOf(lambdaRecord('INSERT', { newItem: partial })).map((issue) => issue.path).sort()).to.deep.equal(missing.map((name) => `dynamodb.NewImage.${name}`).sort());
      // A status change of such a record would carry no connection id: no event for it.
      const moved = issuesOf(lambdaRecord('MODIFY', { oldItem: { ...partial, ticketStatus: 'Open' }, newItem: { ...ticket, ticketStatus: 'Done' } }));
      expect(moved.map((issue) => issue.path).sort()).to.deep.equal(missing.map((name) => `dynamodb.OldImage.${name}`).sort());
      expect(moved.every((issue) => issue.message === 'is missing')).to.equal(true);
      const sync = storedItem('SyncOperation', RECORDS.SyncOperation);
      const { taskManagementConnectionId: _syncConnection, ...orphanSync } = sync;
      expect(issuesOf(lambdaRecord('REMOVE', { oldItem: orphanSync }))).to.deep.equal([{ path: 'dynamodb.OldImage.taskManagementConnectionId', message: 'is missing' }]);
    });

    it('an attribute with only a default may be missing (items written before it existed): the record parses', function () {
      const connection = storedItem('TaskManagementConnection', RECORDS.TaskManagementConnection);
      const { consecutiveFailures: _failures, syncWatermarks: _watermarks, ...older } = connection;
      const event = parseStreamRecord(lambdaRecord('INSERT', { newItem: older }));
      expect(event!.after).to.not.have.property('consecutiveFailures');
      expect(event!.after).to.have.property('displayName');
    });

    it('a missing or empty id; ids that differ between the images', function () {
      const ticket = storedItem('Ticket', RECORDS.Ticket);
      const { ticketId: _id, ...withoutId } = ticket;
      expect(issuesOf(lambdaRecord('INSERT', { newItem: withoutId }))).to.deep.equal([{ path: 'dynamodb.NewImage.ticketId', message: 'is missing' }]);
      expect(issuesOf(lambdaRecord('INSERT', { newItem: { ...ticket, ticketId: '' } }))).to.deep.equal([{ path: 'dynamodb.NewImage.ticketId', message: 'must not be empty' }]);
      expect(issuesOf(lambdaRecord('MODIFY', { oldItem: { ...ticket, ticketId: 'a-different-id' }, newItem: ticket }))).to.deep.equal([
        { path: 'dynamodb.OldImage.ticketId', message: 'differs from the new image' },
      ]);
    });

    it('issues of both images at once', function () {
      const ticket = storedItem('Ticket', RECORDS.Ticket);
      expect(issuesOf(lambdaRecord('MODIFY', { oldItem: { ...ticket, summary: 1 }, newItem: { ...ticket, summary: true } }))).to.deep.equal([
        { path: 'dynamodb.OldImage.summary', message: 'must be a string, not a number' },
        { path: 'dynamodb.NewImage.summary', message: 'must be a string, not a boolean' },
      ]);
    });
  });

  describe('junk whose reading throws', function () {
    const unreadable = { path: '', message: 'could not be read as a DynamoDB stream record' };

    it('a getter that throws (a TypeError inside stays inside)', function () {
      const record = {
        eventName: 'INSERT',
        get dynamodb(): never {
          throw new TypeError(`Cannot read properties of undefined (${JUNK})`);
        },
      };
      expect(issuesOf(record)).to.deep.equal([unreadable]);
    });

    it('a Proxy whose traps throw, as a record and as an image', function () {
      const hostile = new Proxy({}, { ownKeys: () => { throw new RangeError(JUNK); }, get: () => { throw new RangeError(JUNK); } });
      expect(issuesOf(hostile)).to.deep.equal([unreadable]);
      const record = streamOf.insert('Ticket', RECORDS.Ticket);
      const image = new Proxy({ ...record.dynamodb.NewImage }, { ownKeys: () => { throw new Error(JUNK); } });
      expect(issuesOf({ ...record, dynamodb: { ...record.dynamodb, NewImage: image } })).to.deep.equal([unreadable]);
    });

    it('a getter that answers differently the second time is read once: the checked copy is what counts', function () {
      const record = streamOf.insert('Ticket', RECORDS.Ticket);
      let reads = 0;
      const summary = {
        get S(): unknown {
          reads += 1;
          return reads === 1 ? 'Fix the thing' : 42;
        },
      };
      const image = { ...record.dynamodb.NewImage, summary };
      const event = parseStreamRecord({ ...record, dynamodb: { ...record.dynamodb, NewImage: image } });
      expect(event!.after).to.have.property('summary', 'Fix the thing');
      expect(reads).to.equal(1);
    });
  });
});
