// `table sync` without DynamoDB: the plan as text, the changes in words, and the command's flow
// against a client whose `send` answers like DynamoDB (an index still being built, then ACTIVE).
import type { DynamoDBClient, TableDescription } from '@aws-sdk/client-dynamodb';
import { expect } from 'chai';
import { changesOf, placeOf, renderPlan, tableSync } from '../../src/cli/commands/table-sync.js';
import type { CliIo } from '../../src/cli/io.js';
import { Spinner, withSpinner } from '../../src/cli/progress.js';
import type { TablePlan } from '../../src/index.js';
import { tableDefinition } from '../../src/index.js';

const IN_SYNC: TablePlan = { exists: true, addIndexes: [], ttl: 'ok', stream: 'ok', unknownIndexes: [], pendingIndexes: [] };

function recorder(isTTY = false) {
  const stream = { text: '', isTTY, write: (chunk: string) => void (stream.text += chunk) };
  return stream;
}

function fakeIo() {
  const stdout = recorder();
  const stderr = recorder();
  const io: CliIo = { stdout, stderr, env: {}, listenForStop: () => ({ signal: new AbortController().signal, dispose: () => undefined }) };
  return { io, stdout, stderr };
}

/** A client whose table has every index, gsi3 CREATING for the first `buildingFor` DescribeTable calls. */
function clientWithIndexBeingBuilt(buildingFor: number) {
  const definition = tableDefinition('tm-unit');
  let describes = 0;
  const sent: string[] = [];
  const send = (command: { constructor: { name: string } }) => {
    const name = command.constructor.name.replace(/Command$/, '');
    sent.push(name);
    if (name === 'DescribeTimeToLive') return Promise.resolve({ TimeToLiveDescription: { TimeToLiveStatus: 'ENABLED', AttributeName: 'ttl' } });
    if (name !== 'DescribeTable') return Promise.reject(new Error(`unexpected ${name}`));
    describes += 1;
    const table: TableDescription = {
      TableName: 'tm-unit',
      TableStatus: 'ACTIVE',
      KeySchema: definition.KeySchema,
      AttributeDefinitions: definition.AttributeDefinitions,
      GlobalSecondaryIndexes: (definition.GlobalSecondaryIndexes ?? []).map((index) => ({ ...index, IndexStatus: index.IndexName === 'gsi3' && describes <= buildingFor ? 'CREATING' : 'ACTIVE' })),
    };
    return Promise.resolve({ Table: table });
  };
  return { client: { send } as unknown as DynamoDBClient, sent };
}

describe('cli: table sync output', function () {
  it('renders a plan', function () {
    expect(renderPlan(IN_SYNC, false)).to.equal(
      ['table            exists', 'indexes to add   none', "TTL on 'ttl'     enabled", 'stream           not checked (--stream requires one)', 'unknown indexes  none'].join('\n'),
    );
    const busy: TablePlan = { exists: true, addIndexes: ['gsi4', 'gsi5'], ttl: 'enable', stream: 'enable', unknownIndexes: ['legacy'], pendingIndexes: ['gsi3'] };
    expect(renderPlan(busy, true)).to.equal(
      [
        'table                exists',
        'indexes to add       gsi4, gsi5',
        'indexes being built  gsi3 (DynamoDB is still building them)',
        "TTL on 'ttl'         to enable",
        'stream               to enable (NEW_AND_OLD_IMAGES)',
        'unknown indexes      legacy (kept: table sync never deletes an index)',
      ].join('\n'),
    );
    expect(renderPlan({ ...IN_SYNC, exists: false }, true)).to.include('table            missing: to create with every index\n').and.include('stream           NEW_AND_OLD_IMAGES');
  });

  it('tells the changes as things to do or done', function () {
    expect(changesOf(IN_SYNC, 'todo')).to.deep.equal([]);
    expect(changesOf({ ...IN_SYNC, exists: false, addIndexes: ['gsi1'] }, 'done')).to.deep.equal(['created the table']);
    expect(changesOf({ ...IN_SYNC, exists: false }, 'todo')).to.deep.equal(['create the table']);
    const plan: TablePlan = { ...IN_SYNC, addIndexes: ['gsi4'], ttl: 'enable', stream: 'enable' };
    expect(changesOf(plan, 'todo')).to.deep.equal(['add gsi4', 'enable TTL', 'enable the stream']);
    expect(changesOf(plan, 'done')).to.deep.equal(['added gsi4', 'enabled TTL', 'enabled the stream']);
  });

  it('names where the table is', function () {
    expect(placeOf({ tableName: 't', endpoint: 'http://127.0.0.1:8000' })).to.equal('http://127.0.0.1:8000');
    expect(placeOf({ tableName: 't', region: 'eu-west-1' })).to.equal('AWS (eu-west-1)');
    expect(placeOf({ tableName: 't' })).to.equal('AWS');
  });
});

describe('cli: table sync with an index still being built', function () {
  it('a dry run says there is nothing to change but the index is not ready', async function () {
    const { client, sent } = clientWithIndexBeingBuilt(100);
    const { io, stdout } = fakeIo();
    expect(await tableSync({ tableName: 'tm-unit', region: 'eu-west-1' }, { dryRun: true, stream: false }, client, io)).to.deep.include({ pendingIndexes: ['gsi3'] });
    expect(stdout.text).to.match(/^Table tm-unit on AWS \(eu-west-1\)\n/);
    expect(stdout.text).to.match(/\ntm-unit: dry run, nothing was changed \(nothing to change; gsi3 still being built\)\n$/);
    expect(sent).to.deep.equal(['DescribeTable', 'DescribeTimeToLive']);
  });

  it('a run waits for it, and says so', async function () {
    this.timeout(10_000);
    const { client, sent } = clientWithIndexBeingBuilt(3);
    const { io, stdout, stderr } = fakeIo();
    await tableSync({ tableName: 'tm-unit' }, { dryRun: false, stream: false }, client, io);
    expect(stdout.text, stdout.text).to.match(/\ntm-unit: in sync \(waited for gsi3\)\n$/);
    expect(stderr.text).to.match(/^Reading table tm-unit on AWS…\nwaiting for gsi3, still being built…\ngsi3 ACTIVE after \d\.\d s\n$/);
    expect(sent.filter((name) => !name.startsWith('Describe'))).to.deep.equal([]);
  });

  it('says "in sync" when another sync finished the work in between', async function () {
    const { client } = clientWithIndexBeingBuilt(1);
    const { io, stdout } = fakeIo();
    await tableSync({ tableName: 'tm-unit' }, { dryRun: false, stream: false }, client, io);
    expect(stdout.text).to.match(/\ntm-unit: in sync\n$/);
  });
});

describe('cli: a spinner that ends without a verdict', function () {
  it('writes nothing more in a log and clears its line on a terminal', async function () {
    const log = recorder(false);
    new Spinner(log, 'Reading').stop();
    expect(log.text).to.equal('Reading…\n');
    const tty = recorder(true);
    const spinner = new Spinner(tty, 'Reading');
    spinner.stop();
    expect(tty.text.endsWith('\r\x1b[2K')).to.equal(true);
    const quiet = recorder(false);
    expect(await withSpinner(quiet, 'Looking', () => Promise.resolve(undefined), () => undefined)).to.equal(undefined);
    expect(quiet.text).to.equal('Looking…\n');
  });
});
