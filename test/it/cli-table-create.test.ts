// `table create` on existing tables of DynamoDB Local that are not the library's (partition key
// of type N, TTL on another attribute, a GSI missing) and on one that is. The CLI talks to
// DynamoDB Local through a proxy that records the target of each request: an existing table
// must only be read (DescribeTable, DescribeTimeToLive), whatever the verdict.
import { randomUUID } from 'node:crypto';
import { createServer, request } from 'node:http';
import type { Server } from 'node:http';
import { CreateTableCommand, DescribeTimeToLiveCommand, UpdateTimeToLiveCommand, waitUntilTableExists } from '@aws-sdk/client-dynamodb';
import type { CreateTableCommandInput, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { expect } from 'chai';
import type { CliIo } from '../../src/cli/io.js';
import { main } from '../../src/cli/main.js';
import { tableDefinition } from '../../src/index.js';
import { localEndpoint, newLocalClient } from '../support/local-store.js';

const INDEXES = (tableDefinition('any-table').GlobalSecondaryIndexes ?? []).map((index) => index.IndexName).join(', ');
const READS_ONLY = ['DescribeTable', 'DescribeTimeToLive'];

function fakeIo() {
  const stdout = { text: '', write: (chunk: string) => void (stdout.text += chunk) };
  const stderr = { text: '', write: (chunk: string) => void (stderr.text += chunk) };
  const io: CliIo = { stdout, stderr, env: {}, listenForStop: () => ({ signal: new AbortController().signal, dispose: () => undefined }) };
  return { io, stdout, stderr };
}

/** An HTTP proxy to DynamoDB Local that records the operation of each request (`DescribeTable`, …). */
async function recordingProxy(target: string): Promise<{ endpoint: string; operations: string[]; close(): Promise<void> }> {
  const operations: string[] = [];
  const upstream = new URL(target);
  const server: Server = createServer((incoming, outgoing) => {
    operations.push(String(incoming.headers['x-amz-target'] ?? '?').replace(/^DynamoDB_\d+\./, ''));
    const forwarded = request({ host: upstream.hostname, port: upstream.port, method: incoming.method, path: incoming.url, headers: incoming.headers }, (answer) => {
      outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(outgoing);
    });
    forwarded.on('error', () => outgoing.destroy());
    incoming.pipe(forwarded);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return { endpoint: `http://127.0.0.1:${port}`, operations, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

describe('cli on DynamoDB Local: table create on an existing table', function () {
  this.timeout(60_000);
  let client: DynamoDBClient;
  let proxy: Awaited<ReturnType<typeof recordingProxy>>;
  before(async function () {
    client = newLocalClient();
    proxy = await recordingProxy(localEndpoint());
  });
  after(async function () {
    client.destroy();
    await proxy.close();
  });

  /** Creates `input` directly (not through the library), TTL on `ttlOn` unless null. */
  async function createRaw(input: CreateTableCommandInput, ttlOn: string | null = 'ttl'): Promise<void> {
    await client.send(new CreateTableCommand(input));
    await waitUntilTableExists({ client, maxWaitTime: 30, minDelay: 1, maxDelay: 2 }, { TableName: input.TableName });
    if (ttlOn !== null) await client.send(new UpdateTimeToLiveCommand({ TableName: input.TableName, TimeToLiveSpecification: { AttributeName: ttlOn, Enabled: true } }));
  }

  /** `table create` of `tableName` through the proxy: its exit code, output and the operations it sent. */
  async function tableCreate(tableName: string) {
    const { io, stdout, stderr } = fakeIo();
    proxy.operations.length = 0;
    const code = await main(['table', 'create', '--table', tableName, '--endpoint', proxy.endpoint], io);
    return { code, stdout: stdout.text, stderr: stderr.text, operations: [...new Set(proxy.operations)] };
  }

  const uniqueTable = (prefix: string) => `${prefix}-${randomUUID().slice(0, 8)}`;

  it('refuses a table whose partition key pk is of type N: the CONFIGURATION error of planTableUpdate, exit code 1', async function () {
    const tableName = uniqueTable('cli-create-pkn');
    const definition = tableDefinition(tableName);
    await createRaw({ ...definition, AttributeDefinitions: definition.AttributeDefinitions?.map((a) => (a.AttributeName === 'pk' ? { ...a, AttributeType: 'N' as const } : a)) });
    const run = await tableCreate(tableName);
    expect(run.code).to.equal(1);
    expect(run.stdout).to.equal('');
    expect(run.stderr).to.equal(
      `Reading table ${tableName} on ${proxy.endpoint}…\n` +
        `error: CONFIGURATION: table ${tableName} does not match the library's definition: table partition key: expected pk (S), found pk (N). a table key cannot be changed in place: that needs a new table and a copy of the data\n`,
    );
    expect(run.operations).to.deep.equal(READS_ONLY);
  });

  it('refuses a table whose TTL is on another attribute, and never claims TTL on ttl', async function () {
    const tableName = uniqueTable('cli-create-ttl');
    await createRaw(tableDefinition(tableName), 'expiresAt');
    const run = await tableCreate(tableName);
    expect(run.code).to.equal(1);
    expect(run.stderr).to.include(`error: CONFIGURATION: table ${tableName} does not match the library's definition: TTL: expected on ttl, found on expiresAt`);
    expect(`${run.stdout}${run.stderr}`).to.not.include("TTL on 'ttl'");
    expect(run.operations).to.deep.equal(READS_ONLY);
    const ttl = await client.send(new DescribeTimeToLiveCommand({ TableName: tableName }));
    expect(ttl.TimeToLiveDescription?.AttributeName).to.equal('expiresAt');
  });

  it('refuses a table that lacks a GSI, naming it, with a hint to table sync', async function () {
    const tableName = uniqueTable('cli-create-nogsi');
    const definition = tableDefinition(tableName);
    await createRaw({
      ...definition,
      AttributeDefinitions: definition.AttributeDefinitions?.filter((a) => !a.AttributeName?.startsWith('gsi2')),
      GlobalSecondaryIndexes: definition.GlobalSecondaryIndexes?.filter((index) => index.IndexName !== 'gsi2'),
    });
    const run = await tableCreate(tableName);
    expect(run.code).to.equal(1);
    expect(run.stdout).to.equal('');
    expect(run.stderr).to.equal(
      `Reading table ${tableName} on ${proxy.endpoint}…\n` +
        `error: table ${tableName} exists on ${proxy.endpoint} but lacks the library's index gsi2\n` +
        `  hint: \`task-management-data-access table sync --table ${tableName}\` adds it to the live table (--dry-run first shows the plan)\n`,
    );
    expect(run.operations).to.deep.equal(READS_ONLY);
  });

  it('accepts the library\'s table: exit code 0, no write', async function () {
    const tableName = uniqueTable('cli-create-ok');
    await createRaw(tableDefinition(tableName));
    const run = await tableCreate(tableName);
    expect(run.code).to.equal(0);
    expect(run.stdout).to.equal(`${tableName}: already existed; ACTIVE, indexes ${INDEXES}, TTL on 'ttl'\n`);
    expect(run.operations).to.deep.equal(READS_ONLY);
  });

  it('says so when TTL is not enabled, and leaves the table as it is', async function () {
    const tableName = uniqueTable('cli-create-nottl');
    await createRaw(tableDefinition(tableName), null);
    const run = await tableCreate(tableName);
    expect(run.code).to.equal(0);
    expect(run.stdout).to.equal(`${tableName}: already existed; ACTIVE, indexes ${INDEXES}, TTL not enabled (\`task-management-data-access table sync\` enables it on 'ttl')\n`);
    expect(run.operations).to.deep.equal(READS_ONLY);
    const ttl = await client.send(new DescribeTimeToLiveCommand({ TableName: tableName }));
    expect(ttl.TimeToLiveDescription?.TimeToLiveStatus).to.equal('DISABLED');
  });
});
