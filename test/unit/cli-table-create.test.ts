// `table create` on an existing table, without DynamoDB: a client that answers DescribeTable and
// DescribeTimeToLive like DynamoDB and refuses anything else. The table is judged by the library's
// planTableUpdate and never changed; the result line says only what was found.
import type { DynamoDBClient, TableDescription, TimeToLiveDescription } from '@aws-sdk/client-dynamodb';
import { expect } from 'chai';
import { existingTableLine, missingIndexesError, tableCreate } from '../../src/cli/commands/table-create.js';
import { CliError } from '../../src/cli/errors.js';
import type { CliIo } from '../../src/cli/io.js';
import type { TablePlan } from '../../src/index.js';
import { DataAccessError, tableDefinition } from '../../src/index.js';

const TABLE = 'tm-unit';
const definition = tableDefinition(TABLE);
const INDEXES = (definition.GlobalSecondaryIndexes ?? []).map((index) => index.IndexName).join(', ');
const TTL_ON: TimeToLiveDescription = { TimeToLiveStatus: 'ENABLED', AttributeName: 'ttl' };
const PLAN: TablePlan = { exists: true, addIndexes: [], ttl: 'ok', stream: 'ok', unknownIndexes: [], pendingIndexes: [] };

function fakeIo() {
  const stdout = { text: '', write: (chunk: string) => void (stdout.text += chunk) };
  const stderr = { text: '', write: (chunk: string) => void (stderr.text += chunk) };
  const io: CliIo = { stdout, stderr, env: {}, listenForStop: () => ({ signal: new AbortController().signal, dispose: () => undefined }) };
  return { io, stdout, stderr };
}

/** The library's table as DynamoDB describes it, changed by `change`; every request sent is recorded. */
function clientOf(change: (table: TableDescription) => TableDescription, ttl: TimeToLiveDescription = TTL_ON) {
  const sent: string[] = [];
  const table = change({
    TableName: TABLE,
    TableStatus: 'ACTIVE',
    KeySchema: definition.KeySchema,
    AttributeDefinitions: definition.AttributeDefinitions,
    GlobalSecondaryIndexes: (definition.GlobalSecondaryIndexes ?? []).map((index) => ({ ...index, IndexStatus: 'ACTIVE' })),
  });
  const send = (command: { constructor: { name: string } }) => {
    const name = command.constructor.name.replace(/Command$/, '');
    sent.push(name);
    if (name === 'DescribeTable') return Promise.resolve({ Table: table });
    if (name === 'DescribeTimeToLive') return Promise.resolve({ TimeToLiveDescription: ttl });
    return Promise.reject(new Error(`unexpected ${name}`));
  };
  return { client: { send } as unknown as DynamoDBClient, sent };
}

const READS = ['DescribeTable', 'DescribeTimeToLive', 'DescribeTable'];

describe('cli: table create on an existing table', function () {
  it('accepts the library\'s table with reads only, and says so', async function () {
    const { client, sent } = clientOf((table) => table);
    const { io, stdout, stderr } = fakeIo();
    await tableCreate({ tableName: TABLE, endpoint: 'http://127.0.0.1:1' }, client, io);
    expect(sent).to.deep.equal(READS);
    expect(stdout.text).to.equal(`${TABLE}: already existed; ACTIVE, indexes ${INDEXES}, TTL on 'ttl'\n`);
    expect(stderr.text).to.match(/^Reading table tm-unit on http:\/\/127\.0\.0\.1:1…\nTable tm-unit exists on http:\/\/127\.0\.0\.1:1; ensuring it is ACTIVE…\n✓ table tm-unit already existed/);
  });

  it('says TTL is not enabled when it is not, and leaves it so', async function () {
    const { client, sent } = clientOf((table) => table, { TimeToLiveStatus: 'DISABLED' });
    const { io, stdout } = fakeIo();
    await tableCreate({ tableName: TABLE }, client, io);
    expect(sent).to.deep.equal(READS);
    expect(stdout.text).to.equal(`${TABLE}: already existed; ACTIVE, indexes ${INDEXES}, TTL not enabled (\`task-management-data-access table sync\` enables it on 'ttl')\n`);
    expect(stdout.text).to.not.include("TTL on 'ttl'");
  });

  it('names the indexes still being built', async function () {
    const { client } = clientOf((table) => ({ ...table, GlobalSecondaryIndexes: table.GlobalSecondaryIndexes?.map((index) => (index.IndexName === 'gsi3' ? { ...index, IndexStatus: 'CREATING' } : index)) }));
    const { io, stdout } = fakeIo();
    await tableCreate({ tableName: TABLE }, client, io);
    expect(stdout.text).to.equal(`${TABLE}: already existed; ACTIVE, indexes ${INDEXES} (gsi3 still being built), TTL on 'ttl'\n`);
  });

  it('refuses a table that lacks indexes, naming them, with a hint to table sync', async function () {
    const { client, sent } = clientOf((table) => ({ ...table, GlobalSecondaryIndexes: table.GlobalSecondaryIndexes?.filter((index) => index.IndexName === 'gsi1') }));
    const { io, stdout } = fakeIo();
    const error = await tableCreate({ tableName: TABLE, region: 'eu-west-1' }, client, io).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(CliError);
    expect((error as Error).message).to.equal(
      `table ${TABLE} exists on AWS (eu-west-1) but lacks the library's indexes gsi2, gsi3, gsi4\n  hint: \`task-management-data-access table sync --table ${TABLE}\` adds them to the live table (--dry-run first shows the plan)`,
    );
    expect(sent).to.deep.equal(['DescribeTable', 'DescribeTimeToLive']);
    expect(stdout.text).to.equal('');
    expect(missingIndexesError({ tableName: TABLE }, { ...PLAN, addIndexes: ['gsi4'] }).message).to.match(/lacks the library's index gsi4\n {2}hint: .* adds it to the live table/);
  });

  it('refuses a table planTableUpdate finds foreign with its CONFIGURATION error (key type, TTL attribute)', async function () {
    const keyN = clientOf((table) => ({ ...table, AttributeDefinitions: table.AttributeDefinitions?.map((a) => (a.AttributeName === 'pk' ? { ...a, AttributeType: 'N' as const } : a)) }));
    const ttlElsewhere = clientOf((table) => table, { TimeToLiveStatus: 'ENABLED', AttributeName: 'expiresAt' });
    for (const [{ client, sent }, difference] of [
      [keyN, 'table partition key: expected pk (S), found pk (N)'],
      [ttlElsewhere, 'TTL: expected on ttl, found on expiresAt'],
    ] as const) {
      const { io, stdout } = fakeIo();
      const error = await tableCreate({ tableName: TABLE }, client, io).catch((e: unknown) => e);
      expect(error).to.be.instanceOf(DataAccessError).and.include({ code: 'CONFIGURATION' });
      expect((error as Error).message).to.include(`table ${TABLE} does not match the library's definition: ${difference}`);
      expect(sent).to.deep.equal(['DescribeTable', 'DescribeTimeToLive']);
      expect(stdout.text).to.equal('');
    }
  });

  it('words the result line from the plan', function () {
    expect(existingTableLine('t-1', PLAN)).to.equal(`t-1: already existed; ACTIVE, indexes ${INDEXES}, TTL on 'ttl'`);
    expect(existingTableLine('t-1', { ...PLAN, ttl: 'enable', pendingIndexes: ['gsi1', 'gsi2'] })).to.equal(
      `t-1: already existed; ACTIVE, indexes ${INDEXES} (gsi1, gsi2 still being built), TTL not enabled (\`task-management-data-access table sync\` enables it on 'ttl')`,
    );
  });
});
