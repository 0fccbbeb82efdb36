// Waiting for a table and syncing it, against a small in-memory stand-in for DynamoDB's table
// administration (a real DynamoDBClient whose `send` is a sinon stub): GSIs are CREATING for a
// few DescribeTable calls and then ACTIVE, UpdateTable takes one GSI per call, and a fake clock
// records every pause so the backoff and the deadlines are checked without sleeping.
import type { AttributeDefinition, CreateTableCommandInput, StreamSpecification, GlobalSecondaryIndexDescription, TableDescription, TimeToLiveDescription } from '@aws-sdk/client-dynamodb';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { expect } from 'chai';
import sinon from 'sinon';
import { attr, DataAccessError, planTableUpdate, SchemaBuilder, syncTable, tableDefinition } from '../../../src/index.js';
import { syncTableFrom, tableDefinitionOf } from '../../../src/registry/index.js';
import type { WaitClock } from '../../../src/store/table/wait-for-table.js';
import { FIRST_POLL_MS, indexActive, MAX_POLL_MS, settled, systemClock, waitForTable } from '../../../src/store/table/wait-for-table.js';
import { frameworkRegistry } from '../../fixtures/framework-entities.js';
import { rejectionOf, sdkError } from '../fixtures/stub-sdk.js';
import { withoutUnhandledRejections } from '../../support/unhandled-rejections.js';

type Command = { constructor: { name: string }; input: Record<string, unknown> };

interface FakeOptions {
  /** DescribeTable calls a new GSI stays CREATING. */
  indexBuildPolls?: number;
  /** DescribeTable calls the table stays UPDATING after an UpdateTable. */
  tableBusyPolls?: number;
  /** Throw this error for a command (by class name). */
  fail?: Record<string, Error>;
  /** CreateTable finds this table, made by someone else a moment before (ResourceInUseException). */
  createdMeanwhile?: TableDescription;
  /** Runs before each DescribeTable answer (to change the table under the sync's feet). */
  onDescribe?: (table: TableDescription) => void;
}

/** A stand-in for one table's administration in DynamoDB. */
function fakeDynamo(initial: { table?: TableDescription; ttl?: TimeToLiveDescription } = {}, options: FakeOptions = {}) {
  const client = new DynamoDBClient({ region: 'local', endpoint: 'http://127.0.0.1:1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
  let table = initial.table === undefined ? undefined : structuredClone(initial.table);
  let ttl: TimeToLiveDescription = initial.ttl ?? { TimeToLiveStatus: 'DISABLED' };
  const building = new Map<string, number>();
  let busy = 0;
  const answer = (command: Command): unknown => {
    const name = command.constructor.name;
    const failure = options.fail?.[name];
    if (failure) throw failure;
    const input = command.input;
    switch (name) {
      case 'DescribeTableCommand': {
        if (table === undefined) throw sdkError('ResourceNotFoundException');
        for (const index of table.GlobalSecondaryIndexes ?? []) {
          const left = building.get(index.IndexName as string);
          if (left === undefined) continue;
          if (left <= 0) {
            index.IndexStatus = 'ACTIVE';
            index.Backfilling = false;
            building.delete(index.IndexName as string);
          } else building.set(index.IndexName as string, left - 1);
        }
        if (busy > 0) busy -= 1;
        table.TableStatus = busy > 0 ? 'UPDATING' : 'ACTIVE';
        options.onDescribe?.(table);
        return { Table: structuredClone(table) };
      }
      case 'DescribeTimeToLiveCommand':
        if (table === undefined) throw sdkError('ResourceNotFoundException');
        return { TimeToLiveDescription: { ...ttl } };
      case 'CreateTableCommand': {
        if (options.createdMeanwhile) table = structuredClone(options.createdMeanwhile);
        if (table !== undefined) throw sdkError('ResourceInUseException');
        const create = command.input as unknown as CreateTableCommandInput;
        table = {
          TableName: create.TableName,
          TableStatus: 'ACTIVE',
          KeySchema: create.KeySchema,
          AttributeDefinitions: create.AttributeDefinitions,
          BillingModeSummary: { BillingMode: 'PAY_PER_REQUEST' },
          GlobalSecondaryIndexes: (create.GlobalSecondaryIndexes ?? []).map((index) => ({ ...index, IndexStatus: 'ACTIVE' as const })),
          ...(create.StreamSpecification ? { StreamSpecification: create.StreamSpecification, LatestStreamArn: `arn:stream/${String(create.TableName)}` } : {}),
        };
        return {};
      }
      case 'UpdateTableCommand': {
        if (table === undefined) throw sdkError('ResourceNotFoundException');
        if (table.TableStatus !== 'ACTIVE') throw sdkError('ResourceInUseException');
        const updates = (input['GlobalSecondaryIndexUpdates'] ?? []) as { Create: GlobalSecondaryIndexDescription }[];
        if (updates.length > 1) throw sdkError('LimitExceededException');
        for (const { Create } of updates) {
          table.GlobalSecondaryIndexes = [...(table.GlobalSecondaryIndexes ?? []), { ...Create, IndexStatus: 'CREATING', Backfilling: true }];
          building.set(Create.IndexName as string, options.indexBuildPolls ?? 2);
        }
        const definitions = (input['AttributeDefinitions'] ?? []) as AttributeDefinition[];
        table.AttributeDefinitions = [...(table.AttributeDefinitions ?? []).filter((a) => !definitions.some((d) => d.AttributeName === a.AttributeName)), ...definitions];
        if (input['StreamSpecification']) {
          table.StreamSpecification = input['StreamSpecification'] as StreamSpecification;
          table.LatestStreamArn = `arn:stream/${String(table.TableName)}`;
        }
        busy = options.tableBusyPolls ?? 0;
        if (busy > 0) table.TableStatus = 'UPDATING';
        return {};
      }
      case 'UpdateTimeToLiveCommand':
        ttl = { TimeToLiveStatus: 'ENABLED', AttributeName: (input['TimeToLiveSpecification'] as { AttributeName: string }).AttributeName };
        return {};
      default:
        throw new Error(`the fake does not answer ${name}`);
    }
  };
  const send = sinon.stub(client, 'send') as unknown as sinon.SinonStub<[Command], Promise<unknown>>;
  send.callsFake((command) => Promise.resolve().then(() => answer(command)));
  const names = () => send.getCalls().map((call) => call.args[0].constructor.name.replace(/Command$/, ''));
  const inputsOf = (name: string) => send.getCalls().filter((call) => call.args[0].constructor.name === `${name}Command`).map((call) => call.args[0].input);
  return { client, names, inputsOf, table: () => table, ttl: () => ttl, resetHistory: () => send.resetHistory() };
}

/** A clock that moves only when slept on; `pauses` records each sleep. */
function fakeClock(): WaitClock & { pauses: number[] } {
  let now = 0;
  const pauses: number[] = [];
  return {
    pauses,
    now: () => now,
    sleep: (ms: number) => {
      pauses.push(ms);
      now += ms;
      return Promise.resolve();
    },
  };
}

const TABLE = 'sync-unit';
const definition = tableDefinition(TABLE);
/** Every GSI of the library's definition, in its order. */
const ALL_INDEXES = (definition.GlobalSecondaryIndexes ?? []).map((index) => index.IndexName as string);

/** A table made from the definition without the GSIs named in `without`. */
function tableWithout(without: readonly string[], overrides: Partial<TableDescription> = {}): TableDescription {
  const gone = new Set(without);
  const indexes = (definition.GlobalSecondaryIndexes ?? []).filter((index) => !gone.has(index.IndexName as string));
  const keys = new Set(['pk', 'sk', ...indexes.flatMap((index) => (index.KeySchema ?? []).map((key) => key.AttributeName))]);
  return {
    TableName: TABLE,
    TableStatus: 'ACTIVE',
    KeySchema: definition.KeySchema,
    AttributeDefinitions: (definition.AttributeDefinitions ?? []).filter((a) => keys.has(a.AttributeName)),
    BillingModeSummary: { BillingMode: 'PAY_PER_REQUEST' },
    ProvisionedThroughput: { ReadCapacityUnits: 0, WriteCapacityUnits: 0 },
    GlobalSecondaryIndexes: indexes.map((index) => ({ ...index, IndexStatus: 'ACTIVE' as const })),
    ...overrides,
  };
}

const ENABLED_TTL: TimeToLiveDescription = { TimeToLiveStatus: 'ENABLED', AttributeName: 'ttl' };

describe('waitForTable', function () {
  const active: TableDescription = { TableStatus: 'ACTIVE', GlobalSecondaryIndexes: [{ IndexName: 'gsi1', IndexStatus: 'ACTIVE' }] };

  it('tells what it still waits for', function () {
    expect(settled(active)).to.equal(undefined);
    expect(settled({ TableStatus: 'ACTIVE' })).to.equal(undefined);
    expect(settled({ TableStatus: 'UPDATING' })).to.equal('table UPDATING');
    expect(settled({})).to.equal('table in an unknown state');
    expect(settled({ TableStatus: 'ACTIVE', GlobalSecondaryIndexes: [{ IndexName: 'gsi1', IndexStatus: 'CREATING' }] })).to.equal('index gsi1 CREATING');
    expect(settled({ TableStatus: 'ACTIVE', GlobalSecondaryIndexes: [{}] })).to.equal('index  in an unknown state');
    const gsi1 = indexActive('gsi1');
    expect(gsi1(active)).to.equal(undefined);
    expect(gsi1({ TableStatus: 'ACTIVE' })).to.equal('index gsi1 not listed yet');
    expect(gsi1({ TableStatus: 'ACTIVE', GlobalSecondaryIndexes: [{ IndexName: 'gsi1', IndexStatus: 'CREATING' }] })).to.equal('index gsi1 CREATING');
    expect(gsi1({ TableStatus: 'ACTIVE', GlobalSecondaryIndexes: [{ IndexName: 'gsi1' }] })).to.equal('index gsi1 in an unknown state');
    expect(gsi1({ ...active, TableStatus: 'UPDATING' })).to.equal('table UPDATING');
    expect(gsi1({ GlobalSecondaryIndexes: active.GlobalSecondaryIndexes })).to.equal('table in an unknown state');
  });

  it('answers at once when the table is ready, without pausing', async function () {
    const dynamo = fakeDynamo({ table: tableWithout([]) });
    const clock = fakeClock();
    const { table, elapsedMs } = await waitForTable(dynamo.client, TABLE, 'the table', settled, { clock });
    expect(table.TableName).to.equal(TABLE);
    expect(elapsedMs).to.equal(0);
    expect(clock.pauses).to.deep.equal([]);
    expect(dynamo.names()).to.deep.equal(['DescribeTable']);
  });

  it('backs off exponentially up to its ceiling', async function () {
    const polls = 8;
    const dynamo = fakeDynamo({ table: tableWithout([]) });
    let calls = 0;
    const clock = fakeClock();
    const { elapsedMs } = await waitForTable(dynamo.client, TABLE, 'the table', () => (++calls < polls ? 'table UPDATING' : undefined), { clock });
    expect(clock.pauses).to.deep.equal([FIRST_POLL_MS, 1000, 2000, 4000, 8000, MAX_POLL_MS, MAX_POLL_MS]);
    expect(elapsedMs).to.equal(clock.pauses.reduce((a, b) => a + b, 0));
    expect(dynamo.names()).to.have.length(polls);
  });

  it('gives up at its deadline with a DATASTORE error that says what it waited for, checking once more at the deadline', async function () {
    const dynamo = fakeDynamo({ table: tableWithout([]) });
    const clock = fakeClock();
    const error = await rejectionOf(waitForTable(dynamo.client, TABLE, 'index gsi4 to become ACTIVE', () => 'index gsi4 CREATING', { clock, maxWaitSeconds: 3 }));
    expect(error).to.be.instanceOf(DataAccessError).and.include({ code: 'DATASTORE' });
    expect((error as Error).message).to.equal(
      'gave up waiting for index gsi4 to become ACTIVE on table sync-unit after 3 s (index gsi4 CREATING); DynamoDB goes on by itself: run the sync again to keep waiting',
    );
    expect(clock.pauses).to.deep.equal([500, 1000, 1500]);
    expect(dynamo.names()).to.have.length(4);
  });

  it('fails when the table disappears or cannot be described', async function () {
    const gone = await rejectionOf(waitForTable(fakeDynamo().client, TABLE, 'the table', settled, { clock: fakeClock() }));
    expect(gone).to.be.instanceOf(DataAccessError).and.include({ code: 'DATASTORE', message: 'table sync-unit disappeared while waiting for the table' });
    const cause = sdkError('AccessDeniedException');
    const denied = await rejectionOf(waitForTable(fakeDynamo({}, { fail: { DescribeTableCommand: cause } }).client, TABLE, 'the table', settled));
    expect(denied).to.include({ code: 'DATASTORE', message: 'DescribeTable failed: AccessDeniedException', cause });
  });

  it('sleeps on the real clock by default', async function () {
    const started = systemClock.now();
    await systemClock.sleep(5);
    expect(systemClock.now() - started).to.be.at.least(4);
  });
});

describe('syncTable', function () {
  it('with dryRun only describes the table, and returns the plan', async function () {
    const dynamo = fakeDynamo({ table: tableWithout(['gsi3']) });
    const plan = await syncTableFrom(dynamo.client, definition, { dryRun: true, stream: true }, fakeClock());
    expect(plan).to.deep.equal({ exists: true, addIndexes: ['gsi3'], ttl: 'enable', stream: 'enable', unknownIndexes: [], pendingIndexes: [] });
    expect(dynamo.names()).to.deep.equal(['DescribeTable', 'DescribeTimeToLive']);
    const missing = fakeDynamo();
    expect(await syncTableFrom(missing.client, definition, { dryRun: true }, fakeClock())).to.include({ exists: false });
    expect(missing.names()).to.deep.equal(['DescribeTable']);
  });

  it('adds each missing GSI with its own UpdateTable and waits until it is ACTIVE before the next', async function () {
    const dynamo = fakeDynamo({ table: tableWithout(['gsi2', 'gsi3']), ttl: ENABLED_TTL }, { indexBuildPolls: 2 });
    const steps: string[] = [];
    const clock = fakeClock();
    const plan = await syncTableFrom(dynamo.client, definition, { onProgress: (step) => steps.push(step) }, clock);
    expect(plan).to.deep.include({ exists: true, addIndexes: ['gsi2', 'gsi3'], ttl: 'ok' });
    expect(dynamo.names()).to.deep.equal([
      'DescribeTable', 'DescribeTimeToLive', // the plan
      'DescribeTable', 'UpdateTable', 'DescribeTable', 'DescribeTable', 'DescribeTable', // gsi2: settled?, add, CREATING ×2, ACTIVE
      'DescribeTable', 'UpdateTable', 'DescribeTable', 'DescribeTable', 'DescribeTable', // gsi3
    ]);
    expect(dynamo.inputsOf('UpdateTable')[0]).to.deep.equal({
      TableName: TABLE,
      AttributeDefinitions: [
        { AttributeName: 'gsi2pk', AttributeType: 'S' },
        { AttributeName: 'gsi2sk', AttributeType: 'S' },
      ],
      GlobalSecondaryIndexUpdates: [{ Create: (definition.GlobalSecondaryIndexes ?? [])[1] }],
    });
    expect(steps).to.deep.equal(['adding index gsi2 (1 of 2)…', 'gsi2 ACTIVE after 1.5 s', 'adding index gsi3 (2 of 2)…', 'gsi3 ACTIVE after 1.5 s']);
    expect(dynamo.table()?.GlobalSecondaryIndexes?.map((index) => [index.IndexName, index.IndexStatus]).sort()).to.deep.equal(ALL_INDEXES.map((name) => [name, 'ACTIVE']));
  });

  it('waits for a table that is UPDATING before each UpdateTable', async function () {
    const dynamo = fakeDynamo({ table: tableWithout(['gsi2', 'gsi3'], { TableStatus: 'UPDATING' }), ttl: ENABLED_TTL }, { indexBuildPolls: 0, tableBusyPolls: 2 });
    await syncTableFrom(dynamo.client, definition, {}, fakeClock());
    expect(dynamo.names().filter((name) => name === 'UpdateTable')).to.have.length(2);
  });

  it('is a no-op on a table in sync: no update is sent, the plan has nothing to do', async function () {
    const dynamo = fakeDynamo({ table: tableWithout([]), ttl: ENABLED_TTL });
    const steps: string[] = [];
    expect(await syncTableFrom(dynamo.client, definition, { onProgress: (step) => steps.push(step) }, fakeClock())).to.deep.equal({
      exists: true,
      addIndexes: [],
      ttl: 'ok',
      stream: 'ok',
      unknownIndexes: [],
      pendingIndexes: [],
    });
    expect(dynamo.names()).to.deep.equal(['DescribeTable', 'DescribeTimeToLive']);
    expect(steps).to.deep.equal([]);
  });

  it('enables TTL, then the stream, and reports the stream ARN', async function () {
    const dynamo = fakeDynamo({ table: tableWithout(['gsi3']) }, { indexBuildPolls: 0, tableBusyPolls: 1 });
    const steps: string[] = [];
    const plan = await syncTableFrom(dynamo.client, definition, { stream: true, onProgress: (step) => steps.push(step) }, fakeClock());
    expect(plan).to.deep.include({ ttl: 'enable', stream: 'enable', addIndexes: ['gsi3'] });
    expect(dynamo.names().filter((name) => name.startsWith('Update'))).to.deep.equal(['UpdateTable', 'UpdateTimeToLive', 'UpdateTable']);
    expect(dynamo.inputsOf('UpdateTimeToLive')).to.deep.equal([{ TableName: TABLE, TimeToLiveSpecification: { AttributeName: 'ttl', Enabled: true } }]);
    expect(dynamo.inputsOf('UpdateTable')[1]).to.deep.equal({ TableName: TABLE, StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' } });
    expect(steps.slice(2)).to.deep.equal(["enabling TTL on 'ttl'…", "TTL enabled on 'ttl'", 'enabling the stream (NEW_AND_OLD_IMAGES)…', 'stream enabled after 0.0 s: arn:stream/sync-unit']);
    expect(dynamo.ttl()).to.deep.equal(ENABLED_TTL);
  });

  it('says when DynamoDB reports no stream ARN yet', async function () {
    const dynamo = fakeDynamo({ table: tableWithout([]), ttl: ENABLED_TTL }, { onDescribe: (table) => void delete table.LatestStreamArn });
    const steps: string[] = [];
    await syncTableFrom(dynamo.client, definition, { stream: true, onProgress: (step) => steps.push(step) }, fakeClock());
    expect(steps.at(-1)).to.equal('stream enabled after 0.0 s: (no ARN reported yet)');
  });

  it('creates a missing table (with the stream when asked) and then finds nothing left to do', async function () {
    const dynamo = fakeDynamo();
    const steps: string[] = [];
    const plan = await syncTableFrom(dynamo.client, definition, { stream: true, onProgress: (step) => steps.push(step) }, fakeClock());
    expect(plan).to.deep.equal({ exists: false, addIndexes: ALL_INDEXES, ttl: 'enable', stream: 'enable', unknownIndexes: [], pendingIndexes: [] });
    expect(dynamo.inputsOf('CreateTable')).to.deep.equal([tableDefinition(TABLE, { stream: true })]);
    expect(dynamo.names().filter((name) => name.startsWith('Update'))).to.deep.equal(['UpdateTimeToLive']);
    expect(steps).to.deep.equal([`creating table sync-unit with ${ALL_INDEXES.length} index(es), TTL on 'ttl' and a stream…`, 'table sync-unit ACTIVE after 0.0 s']);
    expect(dynamo.table()?.LatestStreamArn).to.equal('arn:stream/sync-unit');
    const plain = fakeDynamo();
    const plainSteps: string[] = [];
    await syncTableFrom(plain.client, definition, { onProgress: (step) => plainSteps.push(step), maxWaitSeconds: 30 }, fakeClock());
    expect(plain.inputsOf('CreateTable')).to.deep.equal([definition]);
    expect(plainSteps[0]).to.equal(`creating table sync-unit with ${ALL_INDEXES.length} index(es), TTL on 'ttl'…`);
  });

  it('goes on when onProgress throws or rejects: the table is created, nothing unhandled escapes', async function () {
    await withoutUnhandledRejections(async () => {
      for (const onProgress of [
        () => {
          throw new Error('progress sink broke');
        },
        (() => Promise.reject(new Error('progress sink closed'))) as unknown as () => void,
      ]) {
        const dynamo = fakeDynamo();
        const plan = await syncTableFrom(dynamo.client, definition, { stream: true, onProgress }, fakeClock());
        expect(plan.exists).to.equal(false);
        expect(dynamo.inputsOf('CreateTable')).to.have.length(1);
        expect(dynamo.table()?.LatestStreamArn).to.equal('arn:stream/sync-unit');
        expect((await syncTableFrom(dynamo.client, definition, { dryRun: true }, fakeClock())).addIndexes).to.deep.equal([]);
      }
    });
  });

  it('checks a table that someone else created at the same moment like any existing table', async function () {
    // Another process creates the table (from an older definition) between the plan and CreateTable.
    const dynamo = fakeDynamo({}, { indexBuildPolls: 0, createdMeanwhile: tableWithout(['gsi3']) });
    const plan = await syncTableFrom(dynamo.client, definition, {}, fakeClock());
    expect(plan).to.include({ exists: false });
    expect(dynamo.names().filter((name) => !name.startsWith('Describe'))).to.deep.equal(['CreateTable', 'UpdateTimeToLive', 'UpdateTable']);
    expect(dynamo.table()?.GlobalSecondaryIndexes?.map((index) => index.IndexName).sort()).to.deep.equal(ALL_INDEXES);
  });

  it('does not add an index that appeared since the plan (another sync running)', async function () {
    const gsi3 = { ...(definition.GlobalSecondaryIndexes ?? [])[2], IndexStatus: 'ACTIVE' as const };
    const dynamo = fakeDynamo(
      { table: tableWithout(['gsi3']), ttl: ENABLED_TTL },
      {
        onDescribe: (table) => {
          if (dynamo.names().length >= 3 && !(table.GlobalSecondaryIndexes ?? []).some((index) => index.IndexName === 'gsi3')) table.GlobalSecondaryIndexes?.push(gsi3);
        },
      },
    );
    const steps: string[] = [];
    await syncTableFrom(dynamo.client, definition, { onProgress: (step) => steps.push(step) }, fakeClock());
    expect(dynamo.names()).to.not.include('UpdateTable');
    expect(steps).to.deep.equal(['index gsi3 (1 of 1) was added meanwhile']);
  });

  it('waits for an index that is still being built (an interrupted sync), sending nothing', async function () {
    const table = tableWithout([]);
    table.GlobalSecondaryIndexes = (table.GlobalSecondaryIndexes ?? []).map((index) => (index.IndexName === 'gsi3' ? { ...index, IndexStatus: 'CREATING' } : index));
    let polls = 0;
    const dynamo = fakeDynamo({ table, ttl: ENABLED_TTL }, { onDescribe: (t) => void (++polls === 3 && t.GlobalSecondaryIndexes?.forEach((index) => (index.IndexStatus = 'ACTIVE'))) });
    const steps: string[] = [];
    const plan = await syncTableFrom(dynamo.client, definition, { onProgress: (step) => steps.push(step) }, fakeClock());
    expect(plan.pendingIndexes).to.deep.equal(['gsi3']);
    expect(dynamo.names().filter((name) => name.startsWith('Update'))).to.deep.equal([]);
    expect(steps).to.deep.equal(['waiting for gsi3, still being built…', 'gsi3 ACTIVE after 0.5 s']);
  });

  it('gives a provisioned table\'s new GSI the table\'s throughput', async function () {
    const provisioned = tableWithout(['gsi3'], { BillingModeSummary: undefined, ProvisionedThroughput: { ReadCapacityUnits: 5, WriteCapacityUnits: 7 } });
    const dynamo = fakeDynamo({ table: provisioned, ttl: ENABLED_TTL }, { indexBuildPolls: 0 });
    await syncTableFrom(dynamo.client, definition, {}, fakeClock());
    const update = dynamo.inputsOf('UpdateTable')[0] as { GlobalSecondaryIndexUpdates: { Create: Record<string, unknown> }[] };
    expect(update.GlobalSecondaryIndexUpdates[0]?.Create).to.have.deep.property('ProvisionedThroughput', { ReadCapacityUnits: 5, WriteCapacityUnits: 7 });
    const switched = fakeDynamo({ table: { ...provisioned, BillingModeSummary: { BillingMode: 'PAY_PER_REQUEST' } }, ttl: ENABLED_TTL }, { indexBuildPolls: 0 });
    await syncTableFrom(switched.client, definition, {}, fakeClock());
    expect((switched.inputsOf('UpdateTable')[0] as typeof update).GlobalSecondaryIndexUpdates[0]?.Create).to.not.have.property('ProvisionedThroughput');
    const unreported = fakeDynamo({ table: { ...provisioned, ProvisionedThroughput: undefined }, ttl: ENABLED_TTL }, { indexBuildPolls: 0 });
    await syncTableFrom(unreported.client, definition, {}, fakeClock());
    expect((unreported.inputsOf('UpdateTable')[0] as typeof update).GlobalSecondaryIndexUpdates[0]?.Create).to.not.have.property('ProvisionedThroughput');
  });

  it('adds every GSI to a table that has none (DescribeTable then leaves the field out)', async function () {
    const dynamo = fakeDynamo({ table: tableWithout([], { GlobalSecondaryIndexes: undefined, AttributeDefinitions: definition.AttributeDefinitions?.slice(0, 2) }), ttl: ENABLED_TTL }, { indexBuildPolls: 0 });
    expect((await syncTableFrom(dynamo.client, definition, {}, fakeClock())).addIndexes).to.deep.equal(ALL_INDEXES);
    expect(dynamo.names().filter((name) => name === 'UpdateTable')).to.have.length(ALL_INDEXES.length);
  });

  it('syncs a definition without GSIs (TTL only)', async function () {
    const bare = tableDefinitionOf([new SchemaBuilder('Plain').addAttribute('code', attr.string()).build()], TABLE);
    const dynamo = fakeDynamo({ table: { TableName: TABLE, TableStatus: 'ACTIVE', KeySchema: bare.KeySchema, AttributeDefinitions: bare.AttributeDefinitions } });
    expect(await syncTableFrom(dynamo.client, bare, {}, fakeClock())).to.deep.include({ addIndexes: [], ttl: 'enable' });
    expect(dynamo.names().filter((name) => name.startsWith('Update'))).to.deep.equal(['UpdateTimeToLive']);
  });

  it('refuses a table it cannot fix before sending any change', async function () {
    const dynamo = fakeDynamo({ table: tableWithout(['gsi3'], { KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }] }) });
    const error = await rejectionOf(syncTableFrom(dynamo.client, definition, {}, fakeClock()));
    expect(error).to.be.instanceOf(DataAccessError).and.include({ code: 'CONFIGURATION' });
    expect((error as Error).message).to.include('table sort key: expected sk (S), found none');
    expect(dynamo.names()).to.deep.equal(['DescribeTable', 'DescribeTimeToLive']);
  });

  it('wraps DynamoDB failures in DATASTORE errors that name the request', async function () {
    for (const [command, operation] of [
      ['UpdateTableCommand', 'UpdateTable'],
      ['UpdateTimeToLiveCommand', 'UpdateTimeToLive'],
      ['DescribeTimeToLiveCommand', 'DescribeTimeToLive'],
    ] as const) {
      const cause = sdkError('LimitExceededException');
      const dynamo = fakeDynamo({ table: tableWithout(['gsi3']) }, { fail: { [command]: cause }, indexBuildPolls: 0 });
      const error = await rejectionOf(syncTableFrom(dynamo.client, definition, {}, fakeClock()));
      expect(error).to.be.instanceOf(DataAccessError).and.include({ code: 'DATASTORE', message: `${operation} failed: LimitExceededException`, cause });
    }
  });

  it('gives up waiting for an index after maxWaitSeconds, leaving it to DynamoDB', async function () {
    const dynamo = fakeDynamo({ table: tableWithout(['gsi3']), ttl: ENABLED_TTL }, { indexBuildPolls: 1000 });
    const clock = fakeClock();
    const error = await rejectionOf(syncTableFrom(dynamo.client, definition, { maxWaitSeconds: 20 }, clock));
    expect(error).to.include({ code: 'DATASTORE' });
    expect((error as Error).message).to.match(/^gave up waiting for index gsi3 to become ACTIVE on table sync-unit after 20 s \(index gsi3 CREATING\)/);
    expect(clock.pauses.reduce((a, b) => a + b, 0)).to.equal(20_000);
    // A second run sees the index as pending and waits again, adding nothing.
    dynamo.resetHistory();
    const again = await rejectionOf(syncTableFrom(dynamo.client, definition, { maxWaitSeconds: 1 }, fakeClock()));
    expect((again as Error).message).to.match(/^gave up waiting for gsi3 to become ACTIVE/);
    expect(dynamo.names()).to.not.include('UpdateTable');
  });

  it('is also a method of a registry and a function of the package, on the real clock', async function () {
    const registryDefinition = frameworkRegistry().tableDefinition(TABLE);
    const lastIndex = (registryDefinition.GlobalSecondaryIndexes ?? []).at(-1)?.IndexName as string;
    const registryTable: TableDescription = {
      TableName: TABLE,
      TableStatus: 'ACTIVE',
      KeySchema: registryDefinition.KeySchema,
      AttributeDefinitions: registryDefinition.AttributeDefinitions,
      GlobalSecondaryIndexes: (registryDefinition.GlobalSecondaryIndexes ?? []).filter((index) => index.IndexName !== lastIndex).map((index) => ({ ...index, IndexStatus: 'ACTIVE' as const })),
    };
    const dynamo = fakeDynamo({ table: registryTable, ttl: ENABLED_TTL }, { indexBuildPolls: 0 });
    expect((await frameworkRegistry().planTableUpdate(dynamo.client, TABLE)).addIndexes).to.deep.equal([lastIndex]);
    expect((await frameworkRegistry().syncTable(dynamo.client, TABLE)).addIndexes).to.deep.equal([lastIndex]);
    expect((await frameworkRegistry().planTableUpdate(dynamo.client, TABLE, { stream: true })).stream).to.equal('enable');
    const library = fakeDynamo({ table: tableWithout(['gsi3']), ttl: ENABLED_TTL }, { indexBuildPolls: 0 });
    expect(await planTableUpdate(library.client, TABLE)).to.deep.include({ addIndexes: ['gsi3'] });
    expect(await syncTable(library.client, TABLE, { dryRun: true })).to.deep.include({ addIndexes: ['gsi3'] });
    expect(await syncTable(library.client, TABLE)).to.deep.include({ addIndexes: ['gsi3'] });
    expect(await planTableUpdate(library.client, TABLE)).to.deep.include({ addIndexes: [] });
  });
});

describe('table administration: arguments checked before any request', function () {
  it('refuses a bad client, table name or options of createTable / planTableUpdate / syncTable / tableDefinition with a ValidationError naming each', async function () {
    const client = new DynamoDBClient({ region: 'local', endpoint: 'http://127.0.0.1:9', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
    const send = sinon.stub(client, 'send').rejects(new Error('no request may be sent'));
    try {
      const issues = async (promise: Promise<unknown>) => {
        const error = await rejectionOf(promise);
        expect(error).to.be.instanceOf(DataAccessError).and.have.property('code', 'VALIDATION');
        return (error as { issues: { path: string }[] }).issues.map((issue) => issue.path);
      };
      expect(await issues(planTableUpdate(client, 'ok-table', null as never))).to.deep.equal(['options']);
      expect(await issues(planTableUpdate(client, 'ok-table', { stream: 'yes' } as never))).to.deep.equal(['options.stream']);
      expect(await issues(planTableUpdate({} as never, 'x', { streams: true } as never))).to.deep.equal(['client', 'tableName', 'options.streams']);
      expect(await issues(syncTable(client, 'ok-table', { dryrun: true } as never))).to.deep.equal(['options.dryrun']);
      expect(await issues(syncTable(client, 'ok-table', { onProgress: 'log', maxWaitSeconds: -1 } as never))).to.deep.equal(['options.onProgress', 'options.maxWaitSeconds']);
      expect(await issues(syncTable(null as never, 42 as never))).to.deep.equal(['client', 'tableName']);
      const { createTable } = await import('../../../src/index.js');
      expect(await issues(createTable(client, 'bad name!', { ifNotExists: 1 } as never))).to.deep.equal(['tableName', 'options.ifNotExists']);
      expect(() => tableDefinition('', { stream: 1 } as never)).to.throw(DataAccessError).with.property('issues').that.has.length(2);
      expect(send.called).to.equal(false);
    } finally {
      client.destroy();
    }
  });
});
