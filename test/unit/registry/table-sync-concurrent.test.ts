// createTable({ ifNotExists }) and syncTable when another process changes the same table at the
// same moment. DynamoDB then refuses the second of two identical changes; the library must take
// that refusal for success only when reading the table again shows the wanted state, send the
// change again when the table was merely busy, and fail otherwise. The other process is played
// by the stand-in below: its handler for a command changes the table and then refuses, exactly
// what DynamoDB answers the slower of two syncs.
import type { CreateTableCommandInput, GlobalSecondaryIndexDescription, TableDescription, TimeToLiveDescription } from '@aws-sdk/client-dynamodb';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { expect } from 'chai';
import sinon from 'sinon';
import { DataAccessError, tableDefinition } from '../../../src/index.js';
import { createTableFrom, syncTableFrom } from '../../../src/registry/index.js';
import { enableTimeToLive, MAX_CHANGE_ATTEMPTS } from '../../../src/store/table/concurrent-change.js';
import type { WaitClock } from '../../../src/store/table/wait-for-table.js';
import { rejectionOf, sdkError } from '../fixtures/stub-sdk.js';

type Command = { constructor: { name: string }; input: Record<string, unknown> };

interface State {
  table: TableDescription | undefined;
  ttl: TimeToLiveDescription;
}

/** Answers a command in place of the default (may change `state`, and throw like DynamoDB). */
type Handler = (input: Record<string, unknown>, state: State, call: number) => unknown;

const TABLE = 'race-unit';
const definition = tableDefinition(TABLE);
const INDEXES = definition.GlobalSecondaryIndexes ?? [];
const LAST_INDEX = INDEXES.at(-1)?.IndexName as string;
const ENABLED_TTL: TimeToLiveDescription = { TimeToLiveStatus: 'ENABLED', AttributeName: 'ttl' };
const DISABLED_TTL: TimeToLiveDescription = { TimeToLiveStatus: 'DISABLED' };
const WANTED_STREAM = { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' } as const;

/** The library's table, ACTIVE, with every GSI but those named in `without`. */
function tableWithout(without: readonly string[] = []): TableDescription {
  return {
    TableName: TABLE,
    TableStatus: 'ACTIVE',
    KeySchema: definition.KeySchema,
    AttributeDefinitions: definition.AttributeDefinitions,
    BillingModeSummary: { BillingMode: 'PAY_PER_REQUEST' },
    GlobalSecondaryIndexes: INDEXES.filter((index) => !without.includes(index.IndexName as string)).map((index) => ({ ...index, IndexStatus: 'ACTIVE' as const })),
  };
}

/** The index `name` of the definition as DynamoDB describes it while building it. */
function building(name: string): GlobalSecondaryIndexDescription {
  return { ...INDEXES.find((index) => index.IndexName === name), IndexStatus: 'CREATING' };
}

/**
 * One table's administration: DescribeTable (a CREATING index is ACTIVE from the next describe
 * on), DescribeTimeToLive, CreateTable (ResourceInUseException when the table exists);
 * UpdateTable and UpdateTimeToLive only through `handlers`.
 */
function fakeDynamo(initial: Partial<State>, handlers: Partial<Record<string, Handler>> = {}) {
  const client = new DynamoDBClient({ region: 'local', endpoint: 'http://127.0.0.1:1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
  const state: State = { table: initial.table === undefined ? undefined : structuredClone(initial.table), ttl: initial.ttl ?? DISABLED_TTL };
  const calls = new Map<string, number>();
  const answer = (command: Command): unknown => {
    const name = command.constructor.name.replace(/Command$/, '');
    const call = (calls.get(name) ?? 0) + 1;
    calls.set(name, call);
    const handler = handlers[name];
    if (handler) return handler(command.input, state, call);
    switch (name) {
      case 'DescribeTable': {
        if (state.table === undefined) throw sdkError('ResourceNotFoundException');
        const described = structuredClone(state.table);
        for (const index of state.table.GlobalSecondaryIndexes ?? []) index.IndexStatus = 'ACTIVE';
        return { Table: described };
      }
      case 'DescribeTimeToLive':
        return { TimeToLiveDescription: { ...state.ttl } };
      case 'CreateTable':
        if (state.table !== undefined) throw sdkError('ResourceInUseException');
        state.table = tableWithout();
        return {};
      default:
        throw new Error(`the fake has no handler for ${name}`);
    }
  };
  const send = sinon.stub(client, 'send') as unknown as sinon.SinonStub<[Command], Promise<unknown>>;
  send.callsFake((command) => Promise.resolve().then(() => answer(command)));
  const names = () => send.getCalls().map((call) => call.args[0].constructor.name.replace(/Command$/, ''));
  return { client, state, names, count: (name: string) => names().filter((sent) => sent === name).length };
}

/** A clock that moves only when slept on. */
function fakeClock(): WaitClock {
  let now = 0;
  return {
    now: () => now,
    sleep: (ms: number) => {
      now += ms;
      return Promise.resolve();
    },
  };
}

async function datastoreError(promise: Promise<unknown>): Promise<DataAccessError> {
  const error = await rejectionOf(promise);
  expect(error).to.be.instanceOf(DataAccessError).and.have.property('code', 'DATASTORE');
  return error as DataAccessError;
}

/** The other process enables TTL on `attribute` first: ours is refused. */
const ttlEnabledFirstOn =
  (attribute: string, status: 'ENABLED' | 'ENABLING' = 'ENABLED'): Handler =>
  (_input, state) => {
    state.ttl = { TimeToLiveStatus: status, AttributeName: attribute };
    throw sdkError('ValidationException', { message: 'TimeToLive is already enabled' });
  };

describe('table changes racing another process', function () {
  describe('enableTimeToLive', function () {
    it('resolves "sent" when DynamoDB takes the request', async function () {
      const dynamo = fakeDynamo({ table: tableWithout() }, { UpdateTimeToLive: () => ({}) });
      expect(await enableTimeToLive(dynamo.client, TABLE)).to.equal('sent');
      expect(dynamo.names()).to.deep.equal(['UpdateTimeToLive']);
    });

    it('takes a refusal for success only when DescribeTimeToLive shows TTL on the library\'s attribute', async function () {
      for (const status of ['ENABLED', 'ENABLING'] as const) {
        const dynamo = fakeDynamo({ table: tableWithout() }, { UpdateTimeToLive: ttlEnabledFirstOn('ttl', status) });
        expect(await enableTimeToLive(dynamo.client, TABLE)).to.equal('meanwhile');
        expect(dynamo.names()).to.deep.equal(['UpdateTimeToLive', 'DescribeTimeToLive']);
      }
      const elsewhere = fakeDynamo({ table: tableWithout() }, { UpdateTimeToLive: ttlEnabledFirstOn('expiresAt') });
      expect(await rejectionOf(enableTimeToLive(elsewhere.client, TABLE))).to.have.property('name', 'ValidationException');
    });
  });

  describe('createTable({ ifNotExists })', function () {
    it('resolves when the other process created the table and enabled TTL between our DescribeTimeToLive and UpdateTimeToLive', async function () {
      const dynamo = fakeDynamo({ table: tableWithout(), ttl: DISABLED_TTL }, { UpdateTimeToLive: ttlEnabledFirstOn('ttl') });
      await createTableFrom(dynamo.client, definition, { ifNotExists: true });
      // The waiter's DescribeTable, then the existing table's check (DescribeTable + DescribeTimeToLive, whose TTL answer is used).
      expect(dynamo.names()).to.deep.equal(['CreateTable', 'DescribeTable', 'DescribeTable', 'DescribeTimeToLive', 'UpdateTimeToLive', 'DescribeTimeToLive']);
      expect(dynamo.state.ttl).to.deep.equal(ENABLED_TTL);
    });

    it('still fails when the refused TTL is not on after all, on another attribute, or for another reason', async function () {
      const cases: [Handler, string][] = [
        [() => { throw sdkError('ValidationException'); }, 'UpdateTimeToLive failed: ValidationException'],
        [ttlEnabledFirstOn('expiresAt'), 'UpdateTimeToLive failed: ValidationException'],
        [() => { throw sdkError('AccessDeniedException'); }, 'UpdateTimeToLive failed: AccessDeniedException'],
      ];
      for (const [handler, message] of cases) {
        const dynamo = fakeDynamo({ table: tableWithout() }, { UpdateTimeToLive: handler });
        expect(await datastoreError(createTableFrom(dynamo.client, definition, { ifNotExists: true }))).to.have.property('message', message);
      }
      // Only a refusal is worth a second look: AccessDenied is not followed by a DescribeTimeToLive.
      const denied = fakeDynamo({ table: tableWithout() }, { UpdateTimeToLive: () => { throw sdkError('AccessDeniedException'); } });
      await rejectionOf(createTableFrom(denied.client, definition, { ifNotExists: true }));
      expect(denied.count('DescribeTimeToLive')).to.equal(1);
    });
  });

  describe('a change whose answer is lost on the way (a client with maxAttempts 1)', function () {
    /** What the SDK throws when the connection drops after the request reached DynamoDB. */
    const lostAnswer = () => Object.assign(new Error('socket hang up'), { name: 'TimeoutError', code: 'ECONNRESET', $metadata: {} });

    it('enableTimeToLive: TTL on after the lost answer is "sent"; still off, the request is sent again', async function () {
      const landed = fakeDynamo({ table: tableWithout() }, { UpdateTimeToLive: (_input, state) => { state.ttl = { ...ENABLED_TTL }; throw lostAnswer(); } });
      expect(await enableTimeToLive(landed.client, TABLE)).to.equal('sent');
      expect(landed.names()).to.deep.equal(['UpdateTimeToLive', 'DescribeTimeToLive']);
      const dropped = fakeDynamo({ table: tableWithout() }, { UpdateTimeToLive: (_input, state, call) => { if (call === 1) throw lostAnswer(); state.ttl = { ...ENABLED_TTL }; return {}; } });
      expect(await enableTimeToLive(dropped.client, TABLE)).to.equal('sent');
      expect(dropped.names()).to.deep.equal(['UpdateTimeToLive', 'DescribeTimeToLive', 'UpdateTimeToLive']);
      const never = fakeDynamo({ table: tableWithout() }, { UpdateTimeToLive: () => { throw lostAnswer(); } });
      expect(await rejectionOf(enableTimeToLive(never.client, TABLE))).to.have.property('name', 'TimeoutError');
      expect(never.count('UpdateTimeToLive')).to.equal(MAX_CHANGE_ATTEMPTS);
    });

    it('createTable({ ifNotExists }): a CreateTable that made the table but lost its answer is sent again, finds the table, and TTL is enabled', async function () {
      const dynamo = fakeDynamo(
        { ttl: DISABLED_TTL },
        {
          CreateTable: (_input, state) => {
            if (state.table !== undefined) throw sdkError('ResourceInUseException');
            state.table = tableWithout();
            throw lostAnswer();
          },
          UpdateTimeToLive: (_input, state) => {
            state.ttl = { ...ENABLED_TTL };
            return {};
          },
        },
      );
      await createTableFrom(dynamo.client, definition, { ifNotExists: true });
      expect(dynamo.count('CreateTable')).to.equal(2);
      expect(dynamo.state.ttl).to.deep.equal(ENABLED_TTL);
      // Without ifNotExists nobody can tell the caller whether it made the table: the error stands, naming the request.
      const plain = fakeDynamo({}, { CreateTable: (_input, state) => { state.table = tableWithout(); throw lostAnswer(); } });
      expect(await datastoreError(createTableFrom(plain.client, definition))).to.have.property('message').that.match(/^CreateTable failed: TimeoutError/);
      expect(plain.count('CreateTable')).to.equal(1);
    });

    it('syncTable: an UpdateTable that added the index but lost its answer is settled by reading the table, and TTL is enabled after it', async function () {
      const dynamo = fakeDynamo(
        { table: tableWithout([LAST_INDEX]), ttl: DISABLED_TTL },
        {
          UpdateTable: (_input, state) => {
            (state.table as TableDescription).GlobalSecondaryIndexes?.push(building(LAST_INDEX));
            throw lostAnswer();
          },
          UpdateTimeToLive: (_input, state) => {
            state.ttl = { ...ENABLED_TTL };
            return {};
          },
        },
      );
      const plan = await syncTableFrom(dynamo.client, definition, {}, fakeClock());
      expect(plan).to.deep.include({ addIndexes: [LAST_INDEX], ttl: 'enable' });
      expect(dynamo.count('UpdateTable')).to.equal(1);
      expect(dynamo.state.table?.GlobalSecondaryIndexes?.map((index) => index.IndexName)).to.include(LAST_INDEX);
      expect(dynamo.state.ttl).to.deep.equal(ENABLED_TTL);
      // One that never arrived is sent again.
      const dropped = fakeDynamo(
        { table: tableWithout([LAST_INDEX]), ttl: ENABLED_TTL },
        {
          UpdateTable: (_input, state, call) => {
            if (call === 1) throw lostAnswer();
            (state.table as TableDescription).GlobalSecondaryIndexes?.push(building(LAST_INDEX));
            return {};
          },
        },
      );
      const steps: string[] = [];
      await syncTableFrom(dropped.client, definition, { onProgress: (step) => steps.push(step) }, fakeClock());
      expect(dropped.count('UpdateTable')).to.equal(2);
      expect(steps).to.include('UpdateTable got no answer (TimeoutError), sending the change again…');
    });
  });

  describe('syncTable', function () {
    it('takes TTL enabled by the other sync meanwhile for done', async function () {
      const dynamo = fakeDynamo({ table: tableWithout(), ttl: DISABLED_TTL }, { UpdateTimeToLive: ttlEnabledFirstOn('ttl', 'ENABLING') });
      const steps: string[] = [];
      expect(await syncTableFrom(dynamo.client, definition, { onProgress: (step) => steps.push(step) }, fakeClock())).to.deep.include({ ttl: 'enable' });
      expect(steps).to.deep.equal(["enabling TTL on 'ttl'…", "TTL on 'ttl' was enabled meanwhile"]);
    });

    it('fails with the refusal when TTL is still off after it', async function () {
      const dynamo = fakeDynamo({ table: tableWithout(), ttl: DISABLED_TTL }, { UpdateTimeToLive: () => { throw sdkError('ValidationException'); } });
      expect(await datastoreError(syncTableFrom(dynamo.client, definition, {}, fakeClock()))).to.have.property('message', 'UpdateTimeToLive failed: ValidationException');
    });

    it('takes the stream enabled by the other sync meanwhile for done, whether DynamoDB said "already enabled" or "in use"', async function () {
      for (const refusal of ['ValidationException', 'ResourceInUseException']) {
        const dynamo = fakeDynamo(
          { table: tableWithout(), ttl: ENABLED_TTL },
          {
            UpdateTable: (_input, state) => {
              Object.assign(state.table as TableDescription, { StreamSpecification: { ...WANTED_STREAM }, LatestStreamArn: 'arn:stream/other' });
              throw sdkError(refusal);
            },
          },
        );
        const steps: string[] = [];
        expect(await syncTableFrom(dynamo.client, definition, { stream: true, onProgress: (step) => steps.push(step) }, fakeClock())).to.deep.include({ stream: 'enable' });
        expect(steps).to.deep.equal(['enabling the stream (NEW_AND_OLD_IMAGES)…', 'the stream was enabled meanwhile', 'stream enabled after 0.0 s: arn:stream/other']);
        expect(dynamo.count('UpdateTable')).to.equal(1);
      }
    });

    it('fails with the refusal when the other process enabled a stream of another view type', async function () {
      const dynamo = fakeDynamo(
        { table: tableWithout(), ttl: ENABLED_TTL },
        {
          UpdateTable: (_input, state) => {
            (state.table as TableDescription).StreamSpecification = { StreamEnabled: true, StreamViewType: 'KEYS_ONLY' };
            throw sdkError('ValidationException');
          },
        },
      );
      expect(await datastoreError(syncTableFrom(dynamo.client, definition, { stream: true }, fakeClock()))).to.have.property('message', 'UpdateTable failed: ValidationException');
      expect(dynamo.count('UpdateTable')).to.equal(1);
    });

    it('takes an index the other sync sent between our check and our UpdateTable for done, once it is ACTIVE', async function () {
      const dynamo = fakeDynamo(
        { table: tableWithout([LAST_INDEX]), ttl: ENABLED_TTL },
        {
          UpdateTable: (_input, state) => {
            state.table?.GlobalSecondaryIndexes?.push(building(LAST_INDEX));
            throw sdkError('ResourceInUseException', { message: 'Attempt to change a resource which is still in use: Index is being created.' });
          },
        },
      );
      const steps: string[] = [];
      await syncTableFrom(dynamo.client, definition, { onProgress: (step) => steps.push(step) }, fakeClock());
      // The other sync's index is waited for like our own: done only once it is ACTIVE.
      expect(steps).to.deep.equal([`adding index ${LAST_INDEX} (1 of 1)…`, `index ${LAST_INDEX} (1 of 1) was added meanwhile`, `${LAST_INDEX} ACTIVE after 0.0 s`]);
      expect(dynamo.count('UpdateTable')).to.equal(1);
      expect(dynamo.state.table?.GlobalSecondaryIndexes?.find((index) => index.IndexName === LAST_INDEX)?.IndexStatus).to.equal('ACTIVE');
    });

    it('sends the index again when the table was only busy with another change', async function () {
      for (const busy of ['ResourceInUseException', 'LimitExceededException']) {
        const dynamo = fakeDynamo(
          { table: tableWithout([LAST_INDEX]), ttl: ENABLED_TTL },
          {
            UpdateTable: (_input, state, call) => {
              if (call === 1) throw sdkError(busy);
              state.table?.GlobalSecondaryIndexes?.push(building(LAST_INDEX));
              return {};
            },
          },
        );
        const steps: string[] = [];
        await syncTableFrom(dynamo.client, definition, { onProgress: (step) => steps.push(step) }, fakeClock());
        expect(steps).to.deep.equal([`adding index ${LAST_INDEX} (1 of 1)…`, `the table was busy (${busy}), sending the change again…`, `${LAST_INDEX} ACTIVE after 0.5 s`]);
        expect(dynamo.count('UpdateTable')).to.equal(2);
      }
    });

    it(`gives up after ${MAX_CHANGE_ATTEMPTS} busy refusals, and sends no second request after any other refusal or failure`, async function () {
      const always = (name: string): Handler => () => {
        throw sdkError(name);
      };
      const cases: [refusal: string, sends: number][] = [
        ['ResourceInUseException', MAX_CHANGE_ATTEMPTS],
        ['ValidationException', 1],
        ['AccessDeniedException', 1],
      ];
      for (const [refusal, sends] of cases) {
        const dynamo = fakeDynamo({ table: tableWithout([LAST_INDEX]), ttl: ENABLED_TTL }, { UpdateTable: always(refusal) });
        expect(await datastoreError(syncTableFrom(dynamo.client, definition, {}, fakeClock()))).to.have.property('message', `UpdateTable failed: ${refusal}`);
        expect(dynamo.count('UpdateTable'), refusal).to.equal(sends);
        // A failure that is no refusal is not followed by a look at the table.
        if (refusal === 'AccessDeniedException') expect(dynamo.names().at(-1)).to.equal('UpdateTable');
      }
    });

    it('creates a missing table that the other sync is creating too, and leaves it in sync', async function () {
      const dynamo = fakeDynamo(
        { table: undefined },
        {
          CreateTable: (input, state) => {
            state.table = tableWithout();
            state.ttl = ENABLED_TTL;
            expect((input as unknown as CreateTableCommandInput).TableName).to.equal(TABLE);
            throw sdkError('ResourceInUseException');
          },
        },
      );
      expect(await syncTableFrom(dynamo.client, definition, {}, fakeClock())).to.deep.include({ exists: false });
      expect(dynamo.names().filter((name) => !name.startsWith('Describe'))).to.deep.equal(['CreateTable']);
    });
  });
});
