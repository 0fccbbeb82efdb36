import type { CreateTableCommandInput, TableDescription } from '@aws-sdk/client-dynamodb';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { expect } from 'chai';
import sinon from 'sinon';
import { attr, DataAccessError, SchemaBuilder, TTL_ATTRIBUTE } from '../../../src/index.js';
import { createTableFrom, tableDefinitionOf } from '../../../src/registry/index.js';
import { boardSchema, frameworkRegistry, workspaceSchema } from '../../fixtures/framework-entities.js';
import { rejectionOf, sdkError } from '../fixtures/stub-sdk.js';

const plain = (name: string) => new SchemaBuilder(name).addAttribute('code', attr.string({ required: true }));

describe('tableDefinition', function () {
  it('holds pk/sk and one GSI per slot the registered entities use, sorted, on-demand', function () {
    const definition = frameworkRegistry().tableDefinition('my-table');
    expect(definition.TableName).to.equal('my-table');
    expect(definition.BillingMode).to.equal('PAY_PER_REQUEST');
    expect(definition.KeySchema).to.deep.equal([
      { AttributeName: 'pk', KeyType: 'HASH' },
      { AttributeName: 'sk', KeyType: 'RANGE' },
    ]);
    expect(definition.AttributeDefinitions?.map((a) => a.AttributeName)).to.deep.equal(['pk', 'sk', 'gsi1pk', 'gsi1sk', 'gsi2pk', 'gsi2sk', 'gsi3pk', 'gsi3sk', 'gsi4pk', 'gsi4sk']);
    expect(definition.AttributeDefinitions?.every((a) => a.AttributeType === 'S')).to.equal(true);
    expect(definition.GlobalSecondaryIndexes?.map((g) => g.IndexName)).to.deep.equal(['gsi1', 'gsi2', 'gsi3', 'gsi4']);
    expect(definition.GlobalSecondaryIndexes?.[1]).to.deep.equal({
      IndexName: 'gsi2',
      KeySchema: [
        { AttributeName: 'gsi2pk', KeyType: 'HASH' },
        { AttributeName: 'gsi2sk', KeyType: 'RANGE' },
      ],
      Projection: { ProjectionType: 'ALL' },
    });
  });

  it('defines attributes only for used slots, once per slot however many entities share it', function () {
    const a = plain('Alpha').addIndex('byCode', { gsi: 5, pk: ['code'] }).build();
    const b = plain('Beta').addIndex('byCode', { gsi: 5, pk: ['code'] }).addIndex('other', { gsi: 2, pk: ['code'], sk: ['createdAt'] }).build();
    const definition = tableDefinitionOf([a, b], 't');
    expect(definition.AttributeDefinitions?.map((x) => x.AttributeName)).to.deep.equal(['pk', 'sk', 'gsi2pk', 'gsi2sk', 'gsi5pk', 'gsi5sk']);
    expect(definition.GlobalSecondaryIndexes?.map((g) => g.IndexName)).to.deep.equal(['gsi2', 'gsi5']);
  });

  it('adding an index on a new slot changes no existing GSI', function () {
    const before = tableDefinitionOf([workspaceSchema, boardSchema], 't');
    const extra = plain('Gamma').addIndex('byCode', { gsi: 5, pk: ['code'] }).build();
    const after = tableDefinitionOf([workspaceSchema, boardSchema, extra], 't');
    expect(after.GlobalSecondaryIndexes?.slice(0, 2)).to.deep.equal(before.GlobalSecondaryIndexes);
  });

  it('has no GlobalSecondaryIndexes without indexes', function () {
    const definition = tableDefinitionOf([plain('Alpha').build()], 't');
    expect(definition).to.not.have.property('GlobalSecondaryIndexes');
    expect(definition.AttributeDefinitions?.map((x) => x.AttributeName)).to.deep.equal(['pk', 'sk']);
  });
});

describe('createTable', function () {
  function stubClient(answers: Record<string, () => unknown> = {}) {
    const client = new DynamoDBClient({ region: 'local', endpoint: 'http://127.0.0.1:1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
    type Command = { constructor: { name: string }; input: unknown };
    const send = sinon.stub(client, 'send') as unknown as sinon.SinonStub<[Command], Promise<unknown>>;
    send.callsFake((command) => {
      const answer = answers[command.constructor.name];
      if (answer) return Promise.resolve().then(answer);
      if (command.constructor.name === 'DescribeTableCommand') return Promise.resolve({ Table: { TableStatus: 'ACTIVE' } });
      if (command.constructor.name === 'DescribeTimeToLiveCommand') return Promise.resolve({ TimeToLiveDescription: { TimeToLiveStatus: 'DISABLED' } });
      return Promise.resolve({});
    });
    const names = () => send.getCalls().map((call) => call.args[0].constructor.name);
    const inputOf = (name: string) => send.getCalls().find((call) => call.args[0].constructor.name === name)?.args[0].input;
    return { client, send, names, inputOf };
  }

  it('creates the table from its definition, waits until it exists and enables TTL on the TTL attribute', async function () {
    const stub = stubClient();
    await frameworkRegistry().createTable(stub.client, 'my-table');
    expect(stub.names()).to.deep.equal(['CreateTableCommand', 'DescribeTableCommand', 'DescribeTimeToLiveCommand', 'UpdateTimeToLiveCommand']);
    expect(stub.inputOf('CreateTableCommand')).to.deep.equal(frameworkRegistry().tableDefinition('my-table'));
    expect(stub.inputOf('UpdateTimeToLiveCommand')).to.deep.equal({ TableName: 'my-table', TimeToLiveSpecification: { AttributeName: TTL_ATTRIBUTE, Enabled: true } });
  });

  it('leaves TTL alone when it is already enabled or being enabled', async function () {
    for (const status of ['ENABLED', 'ENABLING']) {
      const stub = stubClient({ DescribeTimeToLiveCommand: () => ({ TimeToLiveDescription: { TimeToLiveStatus: status } }) });
      await createTableFrom(stub.client, frameworkRegistry().tableDefinition('t-1'));
      expect(stub.names()).to.not.include('UpdateTimeToLiveCommand');
    }
  });

  /** The description DynamoDB gives of a table made from `definition`, changed by `change`. */
  function describedAs(definition: CreateTableCommandInput, change: (table: TableDescription) => TableDescription = (table) => table) {
    const table: TableDescription = {
      TableName: definition.TableName,
      TableStatus: 'ACTIVE',
      KeySchema: definition.KeySchema,
      AttributeDefinitions: definition.AttributeDefinitions,
      GlobalSecondaryIndexes: (definition.GlobalSecondaryIndexes ?? []).map((index) => ({ ...index, IndexStatus: 'ACTIVE' as const })),
    };
    return { Table: change(table) };
  }
  const existing = () => {
    throw sdkError('ResourceInUseException');
  };

  it('with ifNotExists, an existing table of the definition is no error (TTL enabled when off)', async function () {
    const definition = frameworkRegistry().tableDefinition('my-table');
    const stub = stubClient({ CreateTableCommand: existing, DescribeTableCommand: () => describedAs(definition) });
    await frameworkRegistry().createTable(stub.client, 'my-table', { ifNotExists: true });
    expect(stub.names()).to.include('UpdateTimeToLiveCommand');
  });

  it('with ifNotExists, an existing table lacking an index is left as it is (syncTable adds indexes)', async function () {
    const definition = frameworkRegistry().tableDefinition('my-table');
    const stub = stubClient({ CreateTableCommand: existing, DescribeTableCommand: () => describedAs(definition, (table) => ({ ...table, GlobalSecondaryIndexes: table.GlobalSecondaryIndexes?.slice(1) })) });
    await frameworkRegistry().createTable(stub.client, 'my-table', { ifNotExists: true });
    expect(stub.names()).to.not.include('UpdateTableCommand');
  });

  it('with ifNotExists, an existing table the library cannot use is a CONFIGURATION error naming the difference, and nothing is sent to it', async function () {
    const definition = frameworkRegistry().tableDefinition('my-table');
    const numberKey = (table: TableDescription) => ({ ...table, AttributeDefinitions: table.AttributeDefinitions?.map((a) => (a.AttributeName === 'pk' ? { ...a, AttributeType: 'N' as const } : a)) });
    const stub = stubClient({ CreateTableCommand: existing, DescribeTableCommand: () => describedAs(definition, numberKey) });
    const error = await rejectionOf(frameworkRegistry().createTable(stub.client, 'my-table', { ifNotExists: true }));
    expect(error).to.be.instanceOf(DataAccessError).and.include({ code: 'CONFIGURATION' });
    expect((error as Error).message).to.include('table partition key: expected pk (S), found pk (N)');
    expect(stub.names().filter((name) => !name.startsWith('Describe') && name !== 'CreateTableCommand')).to.deep.equal([]);
    const otherTtl = stubClient({ CreateTableCommand: existing, DescribeTableCommand: () => describedAs(definition), DescribeTimeToLiveCommand: () => ({ TimeToLiveDescription: { TimeToLiveStatus: 'ENABLED', AttributeName: 'expiresAt' } }) });
    const ttlError = await rejectionOf(frameworkRegistry().createTable(otherTtl.client, 'my-table', { ifNotExists: true }));
    expect((ttlError as Error).message).to.include('TTL: expected on ttl, found on expiresAt');
  });

  it('without ifNotExists, an existing table is a DATASTORE error with the cause kept', async function () {
    const cause = sdkError('ResourceInUseException');
    const stub = stubClient({
      CreateTableCommand: () => {
        throw cause;
      },
    });
    const error = await rejectionOf(frameworkRegistry().createTable(stub.client, 'my-table'));
    expect(error).to.be.instanceOf(DataAccessError);
    expect(error).to.include({ code: 'DATASTORE', cause });
    expect(stub.names()).to.deep.equal(['CreateTableCommand']);
  });

  it('other errors are DATASTORE errors too, even with ifNotExists', async function () {
    const stub = stubClient({
      DescribeTimeToLiveCommand: () => {
        throw sdkError('AccessDeniedException');
      },
    });
    expect(await rejectionOf(frameworkRegistry().createTable(stub.client, 'my-table', { ifNotExists: true }))).to.include({ code: 'DATASTORE' });
  });
});
