/**
 * Property-based (fast-check, fixed seed): whatever parseStreamRecord is given — arbitrary values,
 * or valid stream records of every entity with one part replaced, removed or wrapped — it
 * returns null or a change event, or throws a ValidationError with issues. Never anything else,
 * and never a secret in what it returns or throws.
 */
import { expect } from 'chai';
import fc from 'fast-check';
import type { ChangeEntityName } from '../../../src/index.js';
import { parseStreamRecord, ValidationError } from '../../../src/index.js';
import { guardItem, IDS, lambdaRecord, RECORDS, SECRETS, sdkRecord, storedItem, streamOf, updated } from '../../fixtures/stream-records/builders.js';

const PARAMS = { seed: 1414, numRuns: 2000 } as const;
const JUNK = { withBigInt: true, withMap: true, withSet: true, withTypedArray: true, withDate: true, withNullPrototype: true, withSparseArray: true, withBoxedValues: true, withObjectString: true } as const;
const SECRET_VALUES = Object.values(SECRETS);

/** Runs the parser; returns what it did, failing on anything but null, an event or a ValidationError. */
function outcomeOf(input: unknown): 'null' | 'event' | 'invalid' {
  let result: unknown;
  try {
    result = parseStreamRecord(input);
  } catch (error) {
    if (!(error instanceof ValidationError)) throw new Error(`threw ${String((error as Error)?.name)}: ${String((error as Error)?.message)}`);
    expect(error.issues.length).to.be.greaterThan(0);
    for (const secret of SECRET_VALUES) expect(error.message).to.not.include(secret);
    return 'invalid';
  }
  if (result === null) return 'null';
  const text = JSON.stringify(result);
  for (const secret of SECRET_VALUES) expect(text).to.not.include(secret);
  expect(text).to.not.match(/"(__edb_e__|__edb_v__|__w|__fence|pk|sk|gsi\d+pk|gsi\d+sk|codeVerifier|accessToken|refreshToken)"/);
  return 'event';
}

const entities = Object.keys(RECORDS) as ChangeEntityName[];
const VALID = [
  ...entities.flatMap((entity) => [
    streamOf.insert(entity, RECORDS[entity], { __w: 'w-1' }),
    streamOf.modify(entity, RECORDS[entity], updated(RECORDS[entity], { updatedBy: 'user-2' }), { after: { __fence: 'f-1' } }),
    streamOf.remove(entity, RECORDS[entity]),
  ]),
  sdkRecord('MODIFY', { oldItem: storedItem('SyncOperation', RECORDS.SyncOperation), newItem: storedItem('SyncOperation', { ...RECORDS.SyncOperation, status: 'failed', errorCode: 'ABANDONED' }) }),
  lambdaRecord('INSERT', { newItem: guardItem('Ticket', 'external-ticket', [IDS.connectionId, '1'], IDS.ticketId) }),
];

type Path = (string | number)[];

/** Every path to a value inside `value` (objects and arrays), the root included. */
function pathsOf(value: unknown, prefix: Path = []): Path[] {
  const paths: Path[] = [prefix];
  if (typeof value === 'object' && value !== null && !(value instanceof Date)) {
    for (const [key, member] of Object.entries(value)) paths.push(...pathsOf(member, [...prefix, Array.isArray(value) ? Number(key) : key]));
  }
  return paths;
}

function clone<T>(value: T): T {
  return structuredClone(value);
}

type Mutation = 'replace' | 'delete' | 'wrap' | 'stringify';

/** `record` with the value at `path` replaced by `replacement`, deleted, wrapped in an object, or turned into text. */
function mutated(record: unknown, path: Path, mutation: Mutation, replacement: unknown): unknown {
  if (path.length === 0) return mutation === 'wrap' ? { M: record } : replacement;
  const copy = clone(record) as Record<string | number, unknown>;
  let parent = copy;
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
  const last = path[path.length - 1]!;
  if (mutation === 'delete') delete parent[last];
  else if (mutation === 'wrap') parent[last] = { S: parent[last] };
  else if (mutation === 'stringify') parent[last] = JSON.stringify(parent[last]) ?? null;
  else parent[last] = replacement;
  return copy;
}

describe('change-feed: malformed records (property-based, seed 1414)', function () {
  this.timeout(120_000);

  it('the valid records themselves parse', function () {
    for (const record of VALID) expect(outcomeOf(record)).to.not.equal('invalid');
  });

  it('fc.anything(): null, an event or a ValidationError — nothing else', function () {
    fc.assert(
      fc.property(fc.anything(JUNK), (value) => {
        outcomeOf(value);
      }),
      PARAMS,
    );
  });

  it('records shaped almost right: arbitrary junk in eventName, dynamodb, Keys and the images', function () {
    const shaped = fc.record(
      {
        eventName: fc.oneof(fc.constantFrom('INSERT', 'MODIFY', 'REMOVE'), fc.anything(JUNK)),
        dynamodb: fc.record(
          {
            Keys: fc.oneof(fc.constant({ pk: { S: '$taskmanagement#ticketId_x' }, sk: { S: '$ticket_1' } }), fc.anything(JUNK)),
            NewImage: fc.oneof(fc.constant(VALID[0]!.dynamodb.NewImage), fc.dictionary(fc.string(), fc.anything(JUNK)), fc.anything(JUNK)),
            OldImage: fc.oneof(fc.constant(VALID[2]!.dynamodb.OldImage), fc.dictionary(fc.string(), fc.anything(JUNK)), fc.anything(JUNK)),
            StreamViewType: fc.oneof(fc.constant('NEW_AND_OLD_IMAGES'), fc.anything(JUNK)),
          },
          { requiredKeys: [] },
        ),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(shaped, (value) => {
        outcomeOf(value);
      }),
      PARAMS,
    );
  });

  it('valid records with one part replaced, deleted, wrapped or stringified', function () {
    const mutation = fc
      .nat({ max: VALID.length - 1 })
      .chain((index) => fc.tuple(fc.constant(index), fc.constantFrom(...pathsOf(VALID[index]))))
      .chain(([index, path]) => fc.tuple(fc.constant(index), fc.constant(path), fc.constantFrom<Mutation>('replace', 'delete', 'wrap', 'stringify'), fc.anything(JUNK)));
    const seen = new Set<string>();
    fc.assert(
      fc.property(mutation, ([index, path, kind, replacement]) => {
        seen.add(outcomeOf(mutated(VALID[index], path, kind, replacement)));
      }),
      PARAMS,
    );
    // The mutations reach every outcome: some stay events, some become null, many are refused.
    expect([...seen].sort()).to.deep.equal(['event', 'invalid', 'null']);
  });

  it('attribute values replaced by arbitrary AttributeValue-looking junk', function () {
    const attributeValue = fc.oneof(
      fc.record({ S: fc.anything(JUNK) }),
      fc.record({ N: fc.oneof(fc.string(), fc.double().map(String), fc.bigInt().map(String), fc.anything(JUNK)) }),
      fc.record({ M: fc.oneof(fc.dictionary(fc.string(), fc.record({ S: fc.string() })), fc.anything(JUNK)) }),
      fc.record({ L: fc.oneof(fc.array(fc.record({ N: fc.integer().map(String) })), fc.anything(JUNK)) }),
      fc.record({ SS: fc.anything(JUNK) }),
      fc.record({ NULL: fc.anything(JUNK) }),
      fc.record({ BOOL: fc.anything(JUNK) }),
      fc.dictionary(fc.constantFrom('S', 'N', 'B', 'SS', 'NS', 'BS', 'M', 'L', 'NULL', 'BOOL', '$unknown'), fc.anything(JUNK)),
    );
    const base = streamOf.insert('TaskManagementConnection', RECORDS.TaskManagementConnection);
    const names = Object.keys(base.dynamodb.NewImage ?? {});
    fc.assert(
      fc.property(fc.constantFrom(...names), attributeValue, (name, value) => {
        outcomeOf({ ...base, dynamodb: { ...base.dynamodb, NewImage: { ...base.dynamodb.NewImage, [name]: value } } });
      }),
      PARAMS,
    );
  });
});
