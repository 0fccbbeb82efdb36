import { expect } from 'chai';
import { attr, SchemaBuilder, shapeOf, ValidationError } from '../../../src/index.js';
import { applyWatchers, buildRecordForCreate, canonicalValue, checkAttributeValue, checkRecordRules, identityOf, prepareKeys, prepareValue } from '../../../src/schema/index.js';
import { workspaceSchema } from '../../fixtures/framework-entities.js';
import { gadgetSchema, ledgerSchema } from '../fixtures/gadget-entities.js';
import { ORG, thrownBy } from '../fixtures/stub-sdk.js';

function validationError(run: () => unknown): ValidationError {
  const error = thrownBy(run);
  expect(error).to.be.instanceOf(ValidationError);
  expect((error as ValidationError).code).to.equal('VALIDATION');
  return error as ValidationError;
}

const sortedPaths = (error: ValidationError) => error.issues.map((i) => i.path).sort();
const good = { organizationId: ORG, slug: 'alpha', name: 'Alpha' };

describe('checkAttributeValue', function () {
  const tags = workspaceSchema.attribute('tags')!;

  it('treats undefined as absent', function () {
    expect(checkAttributeValue('name', workspaceSchema.attribute('name')!, undefined)).to.deep.equal([]);
  });

  it('refuses null unless the attribute is nullable', function () {
    expect(checkAttributeValue('name', workspaceSchema.attribute('name')!, null)).to.deep.equal([{ path: 'name', message: 'must not be null' }]);
    expect(checkAttributeValue('note', gadgetSchema.attribute('note')!, null)).to.deep.equal([]);
    expect(checkAttributeValue('note', gadgetSchema.attribute('note')!, 5)).to.deep.equal([{ path: 'note', message: 'expected a string, got a number' }]);
  });

  it('puts shape issues under the attribute: [i] appended, names dotted', function () {
    expect(checkAttributeValue('tags', tags, ['ok', 'fine', '', 'x'.repeat(33)])).to.deep.equal([
      { path: 'tags[2]', message: 'must be a tag of 1–32 characters' },
      { path: 'tags[3]', message: 'must be a tag of 1–32 characters' },
    ]);
    expect(checkAttributeValue('tags', tags, 'nope')).to.deep.equal([{ path: 'tags', message: 'expected an array' }]);
    const nested = attr.json(shapeOf<{ a: { b: string } }>(() => [{ path: 'a.b', message: 'is required' }]));
    expect(checkAttributeValue('meta', nested, {})).to.deep.equal([{ path: 'meta.a.b', message: 'is required' }]);
  });

  it('runs the validate option after the type check passes', function () {
    const calls: unknown[] = [];
    const spec = attr.string({
      validate: (value: string) => {
        calls.push(value);
        return value === 'bad' ? 'is not allowed' : undefined;
      },
    });
    expect(checkAttributeValue('x', spec, 'bad')).to.deep.equal([{ path: 'x', message: 'is not allowed' }]);
    expect(checkAttributeValue('x', spec, 'good')).to.deep.equal([]);
    expect(checkAttributeValue('x', spec, 42)).to.deep.equal([{ path: 'x', message: 'expected a string, got a number' }]);
    expect(calls).to.deep.equal(['bad', 'good']);
  });
});

describe('buildRecordForCreate', function () {
  it('applies value defaults, function defaults (called per create) and set transforms', function () {
    const one = buildRecordForCreate(workspaceSchema, { ...good, name: '  Alpha  ' });
    const two = buildRecordForCreate(workspaceSchema, good);
    expect(one.name).to.equal('Alpha');
    expect(one.status).to.equal('open');
    expect(one.tags).to.deep.equal([]);
    expect(one.tags).to.not.equal(two.tags);
    expect(one.workspaceId).to.match(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(one.workspaceId).to.not.equal(two.workspaceId);
    expect(one).to.not.have.property('closedAt');
    expect(one).to.not.have.property('apiSecret');
    expect(one).to.not.have.property('createdAt');
  });

  it('keeps given values over defaults, and an explicit id', function () {
    const record = buildRecordForCreate(workspaceSchema, { ...good, workspaceId: ORG, status: 'frozen', tags: ['a'] });
    expect(record).to.include({ workspaceId: ORG, status: 'frozen' });
    expect(record.tags).to.deep.equal(['a']);
  });

  it('leaves attributes given as undefined out (or to their default)', function () {
    const record = buildRecordForCreate(workspaceSchema, { ...good, homepage: undefined, status: undefined });
    expect(record).to.not.have.property('homepage');
    expect(record.status).to.equal('open');
  });

  it('checks the value a set transform produces too (Workspace name "   " trims to "", below minLength 1)', function () {
    const error = thrownBy(() => buildRecordForCreate(workspaceSchema, { ...good, name: '   ' }));
    expect(error).to.be.instanceOf(ValidationError);
    expect((error as ValidationError).issues.map((i) => i.path)).to.deep.equal(['name']);
  });

  it('does not run set transforms on null', function () {
    let calls = 0;
    const schema = new SchemaBuilder('Thing')
      .addAttribute('label', attr.string({ nullable: true, set: (v: string) => `${(calls += 1)}${v}` }))
      .build();
    expect(buildRecordForCreate(schema, { label: null }).label).to.equal(null);
    expect(calls).to.equal(0);
    expect(buildRecordForCreate(schema, { label: 'x' }).label).to.equal('1x');
  });

  it('computes watchers from the initial values and leaves out what they compute as undefined', function () {
    const closed = buildRecordForCreate(workspaceSchema, { ...good, status: 'closed' });
    expect(closed.closedAt).to.be.a('string');
    expect(Date.parse(closed.closedAt as string)).to.be.closeTo(Date.now(), 5_000);
    const open = buildRecordForCreate(workspaceSchema, { ...good, status: 'open' });
    expect(open).to.not.have.property('closedAt');
  });

  it('collects every issue of an input in one ValidationError, with paths', function () {
    const error = validationError(() =>
      buildRecordForCreate(workspaceSchema, {
        organizationId: 'nope',
        slug: 'Bad Slug',
        homepage: 'http://example.com',
        score: 1.5,
        status: 'deleted',
        tags: ['ok', 5],
        apiSecret: 42,
        extra: 1,
        createdAt: '2026-01-01T00:00:00.000Z',
        closedAt: '2026-01-01T00:00:00.000Z',
      }),
    );
    expect(error.issues).to.deep.include.members([
      { path: 'extra', message: 'is not an attribute of this entity' },
      { path: 'createdAt', message: 'is set by the library' },
      { path: 'closedAt', message: 'is set by the library' },
      { path: 'name', message: 'is required' },
      { path: 'organizationId', message: 'must be a UUID' },
      { path: 'homepage', message: 'must use https' },
      { path: 'score', message: 'must be an integer' },
      { path: 'status', message: 'must be one of open, frozen, closed' },
      { path: 'tags[1]', message: 'must be a tag of 1–32 characters' },
      { path: 'apiSecret', message: 'expected a string, got a number' },
    ]);
    expect(sortedPaths(error)).to.deep.equal(['apiSecret', 'closedAt', 'createdAt', 'extra', 'homepage', 'name', 'organizationId', 'score', 'slug', 'status', 'tags[1]']);
    expect(error.message).to.match(/^Workspace: invalid input: /);
  });

  it('reports an own __proto__ key (from JSON.parse) as unknown and stores nothing from it', function () {
    const input: unknown = JSON.parse(`{"organizationId":"${ORG}","slug":"a","name":"A","__proto__":{"status":"closed"}}`);
    const error = validationError(() => buildRecordForCreate(workspaceSchema, input));
    expect(error.issues).to.deep.equal([{ path: '__proto__', message: 'is not an attribute of this entity' }]);
    expect(({} as Record<string, unknown>).status).to.equal(undefined);
  });

  it('reports keys such as constructor or toString as unknown', function () {
    const error = validationError(() => buildRecordForCreate(workspaceSchema, { ...good, constructor: 1, toString: 'x' }));
    expect(sortedPaths(error)).to.deep.equal(['constructor', 'toString']);
  });

  it('allows internal attributes given as undefined', function () {
    expect(() => buildRecordForCreate(workspaceSchema, { ...good, createdAt: undefined })).to.not.throw();
  });

  it('reports an unknown key even when its value is undefined', function () {
    const error = validationError(() => buildRecordForCreate(workspaceSchema, { ...good, nope: undefined }));
    expect(error.issues).to.deep.equal([{ path: 'nope', message: 'is not an attribute of this entity' }]);
  });

  it('refuses null for required attributes that are not nullable', function () {
    const error = validationError(() => buildRecordForCreate(workspaceSchema, { ...good, name: null }));
    expect(error.issues).to.deep.equal([{ path: 'name', message: 'must not be null' }]);
  });

  for (const [label, input] of [
    ['null', null],
    ['undefined', undefined],
    ['an array', [good]],
    ['a string', 'name=Alpha'],
    ['a number', 42],
    ['a Date', new Date()],
    ['a class instance', new (class Input { organizationId = ORG; slug = 'a'; name = 'A'; })()],
    ['an object with a custom prototype', Object.create({ organizationId: ORG })],
  ] as const) {
    it(`refuses ${label} as input with one issue at path ''`, function () {
      const error = validationError(() => buildRecordForCreate(workspaceSchema, input));
      expect(error.issues).to.deep.equal([{ path: '', message: 'expected a plain object of attributes' }]);
      expect(error.message).to.include('(value)');
    });
  }

  it('accepts a null-prototype object', function () {
    const input = Object.assign(Object.create(null) as Record<string, unknown>, good);
    expect(buildRecordForCreate(workspaceSchema, input).name).to.equal('Alpha');
  });

  it('prefixes every path with pathPrefix (used for items of a batch)', function () {
    const error = validationError(() => buildRecordForCreate(workspaceSchema, { ...good, tags: [''], name: undefined }, 'items[3]'));
    expect(sortedPaths(error)).to.deep.equal(['items[3].name', 'items[3].tags[0]']);
    const notObject = validationError(() => buildRecordForCreate(workspaceSchema, 'x', 'items[0]'));
    expect(notObject.issues).to.deep.equal([{ path: 'items[0]', message: 'expected a plain object of attributes' }]);
  });

  it('never puts values in the message (they may be secrets)', function () {
    const error = validationError(() => buildRecordForCreate(workspaceSchema, { ...good, apiSecret: 's3cret-'.repeat(40) }));
    expect(error.issues).to.deep.equal([{ path: 'apiSecret', message: 'must have at most 200 characters' }]);
    expect(error.message).to.not.include('s3cret');
  });

  describe('record rules', function () {
    it('run after the attribute checks and report their issues', function () {
      const error = validationError(() => buildRecordForCreate(gadgetSchema, { label: 'g', code: 'c', weight: 500 }));
      expect(error.issues).to.deep.equal([{ path: 'note', message: 'must explain a heavy gadget' }]);
      expect(buildRecordForCreate(gadgetSchema, { label: 'g', code: 'c', weight: 500, note: 'big' }).weight).to.equal(500);
    });

    it('also run while attributes have issues, so one error lists every bad field — adding only issues of attributes not reported yet', function () {
      const error = validationError(() => buildRecordForCreate(gadgetSchema, { label: 5, code: 'c', weight: 500 }));
      expect(error.issues).to.deep.equal([
        { path: 'label', message: 'expected a string, got a number' },
        { path: 'note', message: 'must explain a heavy gadget' },
      ]);
      const noteItself = validationError(() => buildRecordForCreate(gadgetSchema, { label: 'g', code: 'c', weight: 500, note: 5 }));
      expect(noteItself.issues.map((issue) => issue.path)).to.deep.equal(['note']);
    });

    it('get the path prefix too', function () {
      const error = validationError(() => buildRecordForCreate(gadgetSchema, { label: 'g', code: 'c', weight: 500 }, 'items[1]'));
      expect(error.issues).to.deep.equal([{ path: 'items[1].note', message: 'must explain a heavy gadget' }]);
    });

    it('checkRecordRules returns the issues of every rule', function () {
      expect(checkRecordRules(gadgetSchema, { weight: 101 })).to.deep.equal([{ path: 'note', message: 'must explain a heavy gadget' }]);
      expect(checkRecordRules(workspaceSchema, {})).to.deep.equal([]);
    });
  });

  describe('identity constraints', function () {
    const entry = { account: 'acme', period: '2026-01', amount: 10, reference: 'r-1' };

    it('derive the id from the values: same values, same id; other values, other id', function () {
      const a = buildRecordForCreate(ledgerSchema, entry);
      const b = buildRecordForCreate(ledgerSchema, { ...entry, amount: 99 });
      const c = buildRecordForCreate(ledgerSchema, { ...entry, period: '2026-02' });
      expect(a.ledgerId).to.match(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(b.ledgerId).to.equal(a.ledgerId);
      expect(c.ledgerId).to.not.equal(a.ledgerId);
      expect(identityOf(ledgerSchema, entry)).to.equal(a.ledgerId);
    });

    it('refuse an explicit id', function () {
      const error = validationError(() => buildRecordForCreate(ledgerSchema, { ...entry, ledgerId: ORG }));
      expect(error.issues).to.deep.equal([{ path: 'ledgerId', message: 'is derived from account, period' }]);
    });

    it('identityOf is the stored id for entities without one', function () {
      expect(identityOf(workspaceSchema, { workspaceId: ORG })).to.equal(ORG);
    });
  });
});

describe('canonical UUIDs', function () {
  const UPPER = '0F1E2D3C-4B5A-4697-8877-66554433221A';
  const LOWER = UPPER.toLowerCase();
  const seen: unknown[] = [];
  const memberSchema = new SchemaBuilder('Member')
    .addAttribute('orgId', attr.uuid({ required: true, readOnly: true }))
    .addAttribute('personId', attr.uuid({ required: true, readOnly: true, set: (value: string) => (seen.push(value), value) }))
    .addAttribute('label', attr.string({ maxLength: 20, set: (value: string) => value.trim() }))
    .addIndex('byOrg', { gsi: 1, pk: ['orgId'], sk: ['label'] })
    .addUnique('membership', ['orgId', 'personId'], { identity: true })
    .build();

  beforeEach(function () {
    seen.length = 0;
  });

  it('prepareValue stores a UUID in lower case, before the set transform sees it', function () {
    const spec = memberSchema.attribute('personId')!;
    expect(prepareValue('personId', spec, UPPER)).to.deep.equal({ value: LOWER, issues: [] });
    expect(seen).to.deep.equal([LOWER]);
    expect(prepareValue('orgId', memberSchema.attribute('orgId')!, UPPER).value).to.equal(LOWER);
  });

  it('prepareValue leaves a value with issues, null and undefined as given', function () {
    const spec = memberSchema.attribute('orgId')!;
    expect(prepareValue('orgId', spec, 'NOT-A-UUID').value).to.equal('NOT-A-UUID');
    expect(prepareValue('orgId', spec, undefined).value).to.equal(undefined);
    expect(canonicalValue(spec, null)).to.equal(null);
    expect(canonicalValue(undefined, UPPER)).to.equal(UPPER);
    expect(canonicalValue(memberSchema.attribute('label'), 'ABC')).to.equal('ABC');
  });

  it('create stores every UUID in lower case and derives the same id from either case', function () {
    const upper = buildRecordForCreate(memberSchema, { orgId: UPPER, personId: UPPER });
    const lower = buildRecordForCreate(memberSchema, { orgId: LOWER, personId: LOWER });
    expect(upper).to.include({ orgId: LOWER, personId: LOWER });
    expect(upper.memberId).to.equal(lower.memberId);
    expect(identityOf(memberSchema, { orgId: UPPER, personId: UPPER })).to.equal(lower.memberId);
  });

  it('identityOf gives the canonical stored id for entities without an identity constraint', function () {
    expect(identityOf(workspaceSchema, { workspaceId: UPPER })).to.equal(LOWER);
  });

  it('prepareKeys returns key values as stored (canonical, set transform applied)', function () {
    expect(prepareKeys(memberSchema, ['orgId', 'label'], { orgId: UPPER, label: ' a ' })).to.deep.equal({ orgId: LOWER, label: 'a' });
  });

  it('prepareKeys reports every unknown, missing and malformed key at once, without values', function () {
    const error = validationError(() => prepareKeys(memberSchema, ['nope', 'orgId', 'personId', 'label'], { nope: 1, personId: 'SECRET-VALUE', label: null }));
    expect(error.issues).to.deep.equal([
      { path: 'nope', message: 'is not an attribute of this entity' },
      { path: 'orgId', message: 'is required' },
      { path: 'personId', message: 'must be a UUID' },
      { path: 'label', message: 'is required' },
    ]);
    expect(error.message).to.not.include('SECRET-VALUE');
  });
});

describe('applyWatchers', function () {
  const compute = (record: Readonly<Record<string, unknown>>) => (record.a === undefined && record.b === undefined ? undefined : `${String(record.a)}/${String(record.b)}`);
  const schema = new SchemaBuilder('Thing')
    .addAttribute('a', attr.string())
    .addAttribute('b', attr.string())
    .addAttribute('both', attr.string({ watch: { attributes: ['a', 'b'], compute } }))
    .build();

  it('recomputes each watcher once, however many of its sources changed', function () {
    let calls = 0;
    const counting = new SchemaBuilder('Thing')
      .addAttribute('a', attr.string())
      .addAttribute('b', attr.string())
      .addAttribute('both', attr.number({ watch: { attributes: ['a', 'b'], compute: () => (calls += 1) } }))
      .build();
    const record: Record<string, unknown> = { a: 'x', b: 'y' };
    expect(applyWatchers(counting, record, ['a', 'b'])).to.deep.equal(['both']);
    expect(calls).to.equal(1);
    expect(record.both).to.equal(1);
  });

  it('sets what compute returns and deletes the attribute when it returns undefined', function () {
    const record: Record<string, unknown> = { a: 'x', both: 'stale' };
    applyWatchers(schema, record, ['a']);
    expect(record.both).to.equal('x/undefined');
    delete record.a;
    applyWatchers(schema, record, ['a']);
    expect(record).to.not.have.property('both');
  });

  it('leaves the record alone when nothing watched changed', function () {
    const record: Record<string, unknown> = { a: 'x', both: 'kept' };
    expect(applyWatchers(schema, record, ['thingId', 'nope'])).to.deep.equal([]);
    expect(record.both).to.equal('kept');
  });
});
