// The table planner's comparison, without DynamoDB: the library's definition against table
// descriptions shaped like DescribeTable / DescribeTimeToLive answers.
import type { CreateTableCommandInput, GlobalSecondaryIndexDescription, TableDescription, TimeToLiveDescription } from '@aws-sdk/client-dynamodb';
import { expect } from 'chai';
import { DataAccessError, tableDefinition } from '../../../src/index.js';
import { planIsEmpty, planOf, tableDefinitionOf } from '../../../src/registry/index.js';
import type { TableState } from '../../../src/store/table/describe-table.js';
import { attributeDefinitionsFor, attributeTypesOf, keyAttributesOf, keyDifferences, projectionText } from '../../../src/store/table/key-schema.js';
import { attr, SchemaBuilder } from '../../../src/index.js';
import { thrownBy } from '../fixtures/stub-sdk.js';

const definition = tableDefinition('plan-table');
const ENABLED_TTL: TimeToLiveDescription = { TimeToLiveStatus: 'ENABLED', AttributeName: 'ttl' };

/** A description of a table made from `input`: ACTIVE, every GSI ACTIVE. */
function described(input: CreateTableCommandInput, overrides: Partial<TableDescription> = {}): TableDescription {
  return {
    TableName: input.TableName,
    TableStatus: 'ACTIVE',
    AttributeDefinitions: input.AttributeDefinitions,
    KeySchema: input.KeySchema,
    GlobalSecondaryIndexes: (input.GlobalSecondaryIndexes ?? []).map((index) => ({ ...index, IndexStatus: 'ACTIVE' as const })),
    ...overrides,
  };
}

function state(table: TableDescription | undefined, ttl: TimeToLiveDescription | undefined = ENABLED_TTL): TableState {
  return { table, ttl };
}

/** The definition's GSIs, with `change` applied to the one named `name`. */
function withIndex(name: string, change: (index: GlobalSecondaryIndexDescription) => GlobalSecondaryIndexDescription | undefined): GlobalSecondaryIndexDescription[] {
  return (described(definition).GlobalSecondaryIndexes ?? []).flatMap((index) => (index.IndexName === name ? (change(index) ?? []) : [index]));
}

function configurationError(run: () => unknown): string {
  const error = thrownBy(run);
  expect(error).to.be.instanceOf(DataAccessError).and.have.property('code', 'CONFIGURATION');
  return (error as Error).message;
}

describe('planOf: a table against the definition', function () {
  it('plans a missing table as a whole: every index, TTL, and the stream only when asked', function () {
    expect(planOf(definition, { table: undefined, ttl: undefined })).to.deep.equal({ exists: false, addIndexes: (definition.GlobalSecondaryIndexes ?? []).map((index) => index.IndexName), ttl: 'enable', stream: 'ok', unknownIndexes: [], pendingIndexes: [] });
    expect(planOf(definition, state(undefined, undefined), { stream: true })).to.have.property('stream', 'enable');
    const noIndexes = tableDefinitionOf([new SchemaBuilder('Plain').addAttribute('code', attr.string()).build()], 'plain');
    expect(planOf(noIndexes, state(undefined)).addIndexes).to.deep.equal([]);
  });

  it('finds nothing to do on a table made from the definition', function () {
    const plan = planOf(definition, state(described(definition)));
    expect(plan).to.deep.equal({ exists: true, addIndexes: [], ttl: 'ok', stream: 'ok', unknownIndexes: [], pendingIndexes: [] });
    expect(planIsEmpty(plan)).to.equal(true);
    expect(planIsEmpty({ ...plan, exists: false })).to.equal(false);
    expect(planIsEmpty({ ...plan, ttl: 'enable' })).to.equal(false);
    expect(planIsEmpty({ ...plan, stream: 'enable' })).to.equal(false);
    expect(planIsEmpty({ ...plan, pendingIndexes: ['gsi1'] }), 'waiting is not a change').to.equal(true);
  });

  it('lists the missing GSIs in definition order', function () {
    const table = described(definition, { GlobalSecondaryIndexes: withIndex('gsi2', () => undefined).filter((index) => index.IndexName !== 'gsi3') });
    // The table still defines gsi2pk…gsi3sk (DescribeTable would not list them): same types are no conflict.
    expect(planOf(definition, state(table)).addIndexes).to.deep.equal(['gsi2', 'gsi3']);
  });

  it('reports GSIs the definition lacks, sorted, and keeps them out of every other list', function () {
    const extra = (name: string): GlobalSecondaryIndexDescription => ({ IndexName: name, KeySchema: [{ AttributeName: 'legacy', KeyType: 'HASH' }], Projection: { ProjectionType: 'KEYS_ONLY' }, IndexStatus: 'CREATING' });
    const table = described(definition, { GlobalSecondaryIndexes: [extra('zeta'), ...withIndex('gsi1', (index) => index), extra('alpha')] });
    expect(planOf(definition, state(table))).to.deep.include({ unknownIndexes: ['alpha', 'zeta'], addIndexes: [], pendingIndexes: [] });
    const unnamed = described(definition, { GlobalSecondaryIndexes: [...withIndex('gsi1', (index) => index), { KeySchema: [] }] });
    expect(planOf(definition, state(unnamed)).unknownIndexes).to.deep.equal(['']);
  });

  it('lists indexes of the definition that are still being built as pending', function () {
    const table = described(definition, { GlobalSecondaryIndexes: withIndex('gsi3', (index) => ({ ...index, IndexStatus: 'CREATING', Backfilling: true })) });
    expect(planOf(definition, state(table))).to.deep.include({ addIndexes: [], pendingIndexes: ['gsi3'] });
    const unknownStatus = described(definition, { GlobalSecondaryIndexes: withIndex('gsi1', (index) => ({ ...index, IndexStatus: undefined })) });
    expect(planOf(definition, state(unknownStatus)).pendingIndexes).to.deep.equal(['gsi1']);
  });

  it('enables TTL unless it is enabled or being enabled on the TTL attribute', function () {
    const table = described(definition);
    expect(planOf(definition, { table, ttl: undefined }).ttl).to.equal('enable');
    expect(planOf(definition, state(table, {})).ttl).to.equal('enable');
    expect(planOf(definition, state(table, { TimeToLiveStatus: 'DISABLED' })).ttl).to.equal('enable');
    expect(planOf(definition, state(table, { TimeToLiveStatus: 'DISABLING', AttributeName: 'ttl' })).ttl).to.equal('enable');
    expect(planOf(definition, state(table, { TimeToLiveStatus: 'ENABLING', AttributeName: 'ttl' })).ttl).to.equal('ok');
  });

  it('refuses TTL on another attribute: a table has one, and sync never disables it', function () {
    const table = described(definition);
    expect(configurationError(() => planOf(definition, state(table, { TimeToLiveStatus: 'ENABLED', AttributeName: 'expiresAt' })))).to.equal(
      "table plan-table does not match the library's definition: TTL: expected on ttl, found on expiresAt (a table has one TTL attribute; syncTable never disables it)",
    );
    expect(configurationError(() => planOf(definition, state(table, { TimeToLiveStatus: 'ENABLING' })))).to.include('found on ?');
  });

  it('leaves the stream out unless asked; asked, enables a missing one and refuses another view type', function () {
    const keysOnly = described(definition, { StreamSpecification: { StreamEnabled: true, StreamViewType: 'KEYS_ONLY' } });
    expect(planOf(definition, state(described(definition))).stream).to.equal('ok');
    expect(planOf(definition, state(keysOnly)).stream, 'not asked: not ours to judge').to.equal('ok');
    expect(planOf(definition, state(described(definition)), { stream: true }).stream).to.equal('enable');
    expect(planOf(definition, state(described(definition, { StreamSpecification: { StreamEnabled: false } })), { stream: true }).stream).to.equal('enable');
    const both = described(definition, { StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' } });
    expect(planOf(definition, state(both), { stream: true }).stream).to.equal('ok');
    expect(configurationError(() => planOf(definition, state(keysOnly), { stream: true }))).to.equal(
      "table plan-table does not match the library's definition: stream: expected NEW_AND_OLD_IMAGES, found KEYS_ONLY (changing it means disabling the stream first; syncTable never does)",
    );
    const unknownView = described(definition, { StreamSpecification: { StreamEnabled: true } });
    expect(configurationError(() => planOf(definition, state(unknownView), { stream: true }))).to.include('found ?');
  });

  it('refuses another table key schema, naming each key with its type', function () {
    const numberPk = described(definition, { AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'N' }, ...(definition.AttributeDefinitions ?? []).slice(1)] });
    expect(configurationError(() => planOf(definition, state(numberPk)))).to.equal(
      "table plan-table does not match the library's definition: table partition key: expected pk (S), found pk (N). a table key cannot be changed in place: that needs a new table and a copy of the data",
    );
    const noSortKey = described(definition, { KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }] });
    expect(configurationError(() => planOf(definition, state(noSortKey)))).to.include('table sort key: expected sk (S), found none');
    const otherSortKey = described(definition, { KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }, { AttributeName: 'id', KeyType: 'RANGE' }] });
    expect(configurationError(() => planOf(definition, state(otherSortKey)))).to.include('table sort key: expected sk (S), found id (?)');
  });

  it('refuses a GSI of the same name with other keys or another projection', function () {
    const otherKeys = described(definition, {
      AttributeDefinitions: [...(definition.AttributeDefinitions ?? []), { AttributeName: 'other', AttributeType: 'N' }],
      GlobalSecondaryIndexes: withIndex('gsi1', (index) => ({ ...index, KeySchema: [{ AttributeName: 'other', KeyType: 'HASH' }] })),
    });
    expect(configurationError(() => planOf(definition, state(otherKeys)))).to.equal(
      "table plan-table does not match the library's definition: index gsi1: partition key: expected gsi1pk (S), found other (N); index gsi1: sort key: expected gsi1sk (S), found none. " +
        "an index of the same name but other keys, projection or attribute types must be deleted by you (if nothing reads it) before syncTable can add the definition's one",
    );
    const keysOnly = described(definition, { GlobalSecondaryIndexes: withIndex('gsi2', (index) => ({ ...index, Projection: { ProjectionType: 'KEYS_ONLY' } })) });
    expect(configurationError(() => planOf(definition, state(keysOnly)))).to.include('index gsi2: projection: expected ALL, found KEYS_ONLY');
    const include = described(definition, { GlobalSecondaryIndexes: withIndex('gsi2', (index) => ({ ...index, Projection: { ProjectionType: 'INCLUDE', NonKeyAttributes: ['b', 'a'] } })) });
    expect(configurationError(() => planOf(definition, state(include)))).to.include('found INCLUDE a, b');
    const noProjection = described(definition, { GlobalSecondaryIndexes: withIndex('gsi2', (index) => ({ ...index, Projection: undefined })) });
    expect(configurationError(() => planOf(definition, state(noProjection)))).to.include('found none');
  });

  it('refuses to add a GSI whose key attribute the table defines with another type', function () {
    const table = described(definition, {
      AttributeDefinitions: [...(definition.AttributeDefinitions ?? []).filter((a) => a.AttributeName !== 'gsi3pk'), { AttributeName: 'gsi3pk', AttributeType: 'N' }],
      GlobalSecondaryIndexes: [...withIndex('gsi3', () => undefined), { IndexName: 'legacy', KeySchema: [{ AttributeName: 'gsi3pk', KeyType: 'HASH' }], Projection: { ProjectionType: 'ALL' }, IndexStatus: 'ACTIVE' }],
    });
    expect(configurationError(() => planOf(definition, state(table)))).to.include('index gsi3: attribute gsi3pk is N on the table, the definition needs S');
  });

  it('names every difference at once, with the advice for each kind', function () {
    const table = described(definition, {
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      GlobalSecondaryIndexes: withIndex('gsi1', (index) => ({ ...index, Projection: { ProjectionType: 'KEYS_ONLY' } })),
    });
    const message = configurationError(() => planOf(definition, state(table, { TimeToLiveStatus: 'ENABLED', AttributeName: 'expires' })));
    expect(message.match(/; /g)?.length).to.be.at.least(3);
    expect(message).to.include('a table key cannot be changed in place').and.include('must be deleted by you');
  });

  it('works with definitions that leave fields out', function () {
    const bare: CreateTableCommandInput = { TableName: undefined, KeySchema: undefined, AttributeDefinitions: undefined };
    expect(planOf(bare, state({ TableStatus: 'ACTIVE' }))).to.deep.include({ exists: true, addIndexes: [] });
    const unnamed: CreateTableCommandInput = { ...bare, GlobalSecondaryIndexes: [{ IndexName: undefined, KeySchema: [{ AttributeName: 'g', KeyType: 'HASH' }], Projection: { ProjectionType: 'ALL' } }] };
    expect(planOf(unnamed, state({ TableStatus: 'ACTIVE' })).addIndexes).to.deep.equal(['']);
    expect(configurationError(() => planOf(unnamed, state({ TableStatus: 'ACTIVE', AttributeDefinitions: [{ AttributeName: 'g', AttributeType: 'N' }] })))).to.match(
      /^table {2}does not match.*index : attribute g is N on the table, the definition needs \?/,
    );
  });
});

describe('key schemas as text', function () {
  it('types attributes, compares keys and renders projections', function () {
    expect([...attributeTypesOf([{ AttributeName: undefined, AttributeType: undefined }])]).to.deep.equal([['', '?']]);
    expect([...attributeTypesOf(undefined)]).to.deep.equal([]);
    const types = attributeTypesOf([{ AttributeName: 'a', AttributeType: 'S' }]);
    expect(keyDifferences({ keys: [{ AttributeName: 'a', KeyType: 'HASH' }], types }, { keys: [{ AttributeName: 'a', KeyType: 'HASH' }], types })).to.deep.equal([]);
    expect(keyDifferences({ keys: undefined, types }, { keys: [{ AttributeName: 'a', KeyType: 'RANGE' }], types })).to.deep.equal(['sort key: expected none, found a (S)']);
    expect(projectionText({ ProjectionType: 'ALL', NonKeyAttributes: [] })).to.equal('ALL');
    expect(keyAttributesOf([{ AttributeName: undefined, KeyType: 'HASH' }])).to.deep.equal(['']);
    expect(keyAttributesOf(undefined)).to.deep.equal([]);
    expect(attributeDefinitionsFor(undefined, ['a'])).to.deep.equal([]);
    expect(attributeDefinitionsFor([{ AttributeName: 'a', AttributeType: 'S' }, { AttributeName: 'b', AttributeType: 'N' }], ['b'])).to.deep.equal([{ AttributeName: 'b', AttributeType: 'N' }]);
  });
});
