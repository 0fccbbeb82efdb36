// The CLI against DynamoDB Local: main(argv, io) in-process (table create, inspect connection,
// local), and the real executable (src/cli/bin.ts) as a child process for exit codes and Ctrl-C.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import process from 'node:process';
import { setTimeout as delay } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { createServer } from 'node:net';
import type { Server } from 'node:net';
import { CreateTableCommand, DescribeTableCommand, DescribeTimeToLiveCommand, ListTablesCommand, DynamoDBClient, UpdateTimeToLiveCommand, waitUntilTableExists } from '@aws-sdk/client-dynamodb';
import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';
import { expect } from 'chai';
import type { CliIo, DynamoLocalModule } from '../../src/cli/io.js';
import { main } from '../../src/cli/main.js';
import type { DataAccess, TaskManagementConnection } from '../../src/index.js';
import { tableDefinition } from '../../src/index.js';
import { freshDataAccess, jiraCloudConnectionInput, suggestionLinks, syncStartInput, ticketInput } from '../support/entity-fixtures.js';
import { freePort } from '../support/dynamo-local.js';
import { onDedicatedDynamoLocal } from '../support/dedicated-local.js';
import { localEndpoint, newLocalClient } from '../support/local-store.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** The library's GSIs, and the newest of them (what "the previous version" lacked). */
const ALL_INDEXES = (tableDefinition('any-table').GlobalSecondaryIndexes ?? []).map((index) => index.IndexName as string);
const LAST_INDEX = ALL_INDEXES[ALL_INDEXES.length - 1] as string;

function recorder(): { text: string; write(chunk: string): boolean } {
  return {
    text: '',
    write(chunk: string) {
      this.text += chunk;
      return true;
    },
  };
}

function fakeIo(env: Record<string, string> = {}) {
  const stdout = recorder();
  const stderr = recorder();
  const controller = new AbortController();
  const io: CliIo = { stdout, stderr, env, listenForStop: () => ({ signal: controller.signal, dispose: () => undefined }) };
  return { io, stdout, stderr, stop: (reason = 'SIGINT') => controller.abort(reason) };
}

async function waitFor(condition: () => boolean, what: string, ms = 90_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await delay(50);
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

const uniqueTable = (prefix: string) => `${prefix}-${randomUUID().slice(0, 8)}`;

describe('cli on DynamoDB Local: table create', function () {
  let client: DynamoDBClient;
  before(function () {
    client = newLocalClient();
  });
  after(function () {
    client.destroy();
  });

  it('creates the table with its indexes and TTL, and is a no-op the second time', async function () {
    const tableName = uniqueTable('cli-create');
    const first = fakeIo();
    expect(await main(['table', 'create', '--table', tableName, '--endpoint', localEndpoint()], first.io)).to.equal(0);
    expect(first.stdout.text).to.equal(`${tableName}: created; ACTIVE, indexes ${ALL_INDEXES.join(', ')}, TTL on 'ttl'\n`);
    expect(first.stderr.text).to.match(new RegExp(`^Reading table ${tableName} on ${localEndpoint()}…\nCreating table ${tableName} on ${localEndpoint()}…\n✓ table ${tableName} created`));
    const described = await client.send(new DescribeTableCommand({ TableName: tableName }));
    expect(described.Table?.GlobalSecondaryIndexes?.map((index) => index.IndexName).sort()).to.deep.equal(ALL_INDEXES);
    const ttl = await client.send(new DescribeTimeToLiveCommand({ TableName: tableName }));
    expect(ttl.TimeToLiveDescription?.AttributeName).to.equal('ttl');

    const second = fakeIo({ TASK_MANAGEMENT_TABLE: tableName, AWS_ENDPOINT_URL_DYNAMODB: localEndpoint() });
    expect(await main(['table', 'create'], second.io)).to.equal(0);
    expect(second.stdout.text).to.equal(`${tableName}: already existed; ACTIVE, indexes ${ALL_INDEXES.join(', ')}, TTL on 'ttl'\n`);
    expect(second.stderr.text).to.match(/exists on .*; ensuring it is ACTIVE…\n✓ table .* already existed/);
  });

  it('refuses a table of the same name that was not made from the definition', async function () {
    const tableName = uniqueTable('cli-foreign');
    await client.send(
      new CreateTableCommand({
        TableName: tableName,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
      }),
    );
    const { io, stderr } = fakeIo();
    expect(await main(['table', 'create', '--table', tableName, '--endpoint', localEndpoint()], io)).to.equal(1);
    expect(stderr.text).to.include(`error: CONFIGURATION: table ${tableName} does not match the library's definition: table partition key: expected pk (S), found id (S)`);
  });

  it('exits with 1 and the cause when DynamoDB cannot be reached', async function () {
    this.timeout(60_000);
    const { io, stderr } = fakeIo();
    expect(await main(['table', 'create', '--table', 'unreachable', '--endpoint', 'http://127.0.0.1:9'], io)).to.equal(1);
    expect(stderr.text).to.match(/^error: .*ECONNREFUSED/m);
  });
});

describe('cli on DynamoDB Local: table sync', function () {
  this.timeout(60_000);
  onDedicatedDynamoLocal();
  let client: DynamoDBClient;
  before(function () {
    client = newLocalClient();
  });
  after(function () {
    client.destroy();
  });

  async function createRaw(input: CreateTableCommandInput): Promise<void> {
    await client.send(new CreateTableCommand(input));
    await waitUntilTableExists({ client, maxWaitTime: 30, minDelay: 1, maxDelay: 2 }, { TableName: input.TableName });
    await client.send(new UpdateTimeToLiveCommand({ TableName: input.TableName, TimeToLiveSpecification: { AttributeName: 'ttl', Enabled: true } }));
  }

  /** The current definition without its last GSI: what the previous version of the library created. */
  function previous(tableName: string): CreateTableCommandInput {
    const current = tableDefinition(tableName);
    return { ...current, AttributeDefinitions: current.AttributeDefinitions?.filter((a) => !a.AttributeName?.startsWith(LAST_INDEX)), GlobalSecondaryIndexes: current.GlobalSecondaryIndexes?.slice(0, -1) };
  }

  it('prints the plan with --dry-run, adds the missing index, then finds the table in sync', async function () {
    const tableName = uniqueTable('cli-sync');
    await createRaw(previous(tableName));
    const target = ['--table', tableName, '--endpoint', localEndpoint()];

    const dry = fakeIo();
    expect(await main(['table', 'sync', ...target, '--dry-run'], dry.io)).to.equal(0);
    expect(dry.stdout.text).to.equal(
      [
        `Table ${tableName} on ${localEndpoint()}`,
        'table            exists',
        `indexes to add   ${LAST_INDEX}`,
        "TTL on 'ttl'     enabled",
        'stream           not checked (--stream requires one)',
        'unknown indexes  none',
        `${tableName}: dry run, nothing was changed (to apply, run without --dry-run: add ${LAST_INDEX})`,
        '',
      ].join('\n'),
    );
    expect(dry.stderr.text).to.equal(`Reading table ${tableName} on ${localEndpoint()}…\n`);
    const undescribed = await client.send(new DescribeTableCommand({ TableName: tableName }));
    expect(undescribed.Table?.GlobalSecondaryIndexes).to.have.length(ALL_INDEXES.length - 1);

    const run = fakeIo();
    expect(await main(['table', 'sync', ...target], run.io)).to.equal(0);
    expect(run.stderr.text).to.match(new RegExp(`^Reading table ${tableName} on .*…\nadding index ${LAST_INDEX} \\(1 of 1\\)…\n${LAST_INDEX} ACTIVE after \\d+\\.\\d s\n$`));
    expect(run.stdout.text).to.match(new RegExp(`\n${tableName}: synced \\(added ${LAST_INDEX}\\)\n$`));
    const described = await client.send(new DescribeTableCommand({ TableName: tableName }));
    expect(described.Table?.GlobalSecondaryIndexes?.find((index) => index.IndexName === LAST_INDEX)?.IndexStatus).to.equal('ACTIVE');

    const again = fakeIo({ TASK_MANAGEMENT_TABLE: tableName, AWS_ENDPOINT_URL_DYNAMODB: localEndpoint() });
    expect(await main(['table', 'sync'], again.io)).to.equal(0);
    expect(again.stdout.text).to.match(new RegExp(`indexes to add   none\n[\\s\\S]*\n${tableName}: in sync\n$`));
  });

  it('creates a missing table with the stream, and lists an unknown index as kept', async function () {
    const tableName = uniqueTable('cli-sync-new');
    const created = fakeIo();
    expect(await main(['table', 'sync', '--table', tableName, '--endpoint', localEndpoint(), '--stream'], created.io)).to.equal(0);
    expect(created.stdout.text).to.include('table            missing: to create with every index\n').and.include('stream           to enable (NEW_AND_OLD_IMAGES)\n');
    expect(created.stdout.text).to.match(new RegExp(`${tableName}: synced \\(created the table\\)\n$`));
    expect(created.stderr.text).to.include(`creating table ${tableName} with ${ALL_INDEXES.length} index(es), TTL on 'ttl' and a stream…\n`);
    expect((await client.send(new DescribeTableCommand({ TableName: tableName }))).Table?.LatestStreamArn).to.be.a('string');

    const foreign = uniqueTable('cli-sync-extra');
    const definition = tableDefinition(foreign);
    await createRaw({
      ...definition,
      AttributeDefinitions: [...(definition.AttributeDefinitions ?? []), { AttributeName: 'legacyKey', AttributeType: 'S' }],
      GlobalSecondaryIndexes: [...(definition.GlobalSecondaryIndexes ?? []), { IndexName: 'legacy', KeySchema: [{ AttributeName: 'legacyKey', KeyType: 'HASH' }], Projection: { ProjectionType: 'ALL' } }],
    });
    const kept = fakeIo();
    expect(await main(['table', 'sync', '--table', foreign, '--endpoint', localEndpoint(), '--stream'], kept.io)).to.equal(0);
    expect(kept.stdout.text).to.include('unknown indexes  legacy (kept: table sync never deletes an index)\n');
    expect(kept.stdout.text).to.match(new RegExp(`${foreign}: synced \\(enabled the stream\\)\n$`));
  });

  it('exits with 1 and names the difference for a table it cannot fix', async function () {
    const tableName = uniqueTable('cli-sync-bad');
    const definition = tableDefinition(tableName);
    await createRaw({ ...definition, AttributeDefinitions: definition.AttributeDefinitions?.map((a) => (a.AttributeName === 'pk' ? { ...a, AttributeType: 'N' as const } : a)) });
    const { io, stdout, stderr } = fakeIo();
    expect(await main(['table', 'sync', '--table', tableName, '--endpoint', localEndpoint()], io)).to.equal(1);
    expect(stdout.text).to.equal('');
    expect(stderr.text).to.equal(
      `Reading table ${tableName} on ${localEndpoint()}…\n` +
        `error: CONFIGURATION: table ${tableName} does not match the library's definition: table partition key: expected pk (S), found pk (N). a table key cannot be changed in place: that needs a new table and a copy of the data\n`,
    );
  });

  it('exits with 1 and the reachability hint when nothing listens on the endpoint', async function () {
    const endpoint = `http://127.0.0.1:${await freePort()}`;
    for (const command of [['table', 'sync'], ['table', 'create']]) {
      const { io, stderr } = fakeIo();
      expect(await main([...command, '--table', 'unreachable', '--endpoint', endpoint], io)).to.equal(1);
      expect(stderr.text).to.match(/^error: DATASTORE: DescribeTable failed: ECONNREFUSED .*\n {2}caused by Error: connect ECONNREFUSED/m);
      expect(stderr.text).to.include(`\n  hint: is DynamoDB reachable at ${endpoint}? start it with \`task-management-data-access local\` or check --endpoint/--region\n`);
    }
  });
});

describe('cli on DynamoDB Local: inspect connection', function () {
  let da: DataAccess;
  let tableName: string;
  let connection: TaskManagementConnection;

  before(async function () {
    ({ da, tableName } = await freshDataAccess('cli-inspect'));
    connection = await da.TaskManagementConnection.create(jiraCloudConnectionInput());
    const first = await da.Ticket.createWithSuggestions(ticketInput(connection, { ticketKey: 'ASO-1' }), suggestionLinks(2));
    await first.ticket.recordStatusSync('In Progress');
    await da.Ticket.createWithSuggestions(ticketInput(connection, { ticketKey: 'ASO-2' }), suggestionLinks(1));
    const done = await da.SyncOperation.start(syncStartInput(connection));
    await done.begin();
    await done.reportProgress({ current: 3, total: 3, processed: 3, stage: 'updating' });
    await done.complete({ created: 1, updated: 2, skipped: 0, failed: 1, errors: [{ externalId: '10001', message: 'Forbidden' }] });
    const clean = await da.SyncOperation.start(syncStartInput(connection, { syncType: 'incremental' }));
    await clean.begin();
    await clean.complete({ created: 0, updated: 0, skipped: 0, failed: 0 });
    const failed = await da.SyncOperation.start(syncStartInput(connection));
    await failed.fail('Jira answered 429', 'RATE_LIMIT');
    const failedNoCode = await da.SyncOperation.start(syncStartInput(connection));
    await failedNoCode.fail('worker crashed');
    await da.SyncOperation.start(syncStartInput(connection));
  });

  it('shows the connection, tickets, links and sync operations as text tables', async function () {
    const { io, stdout, stderr } = fakeIo();
    const id = connection.getId();
    expect(await main(['inspect', 'connection', id, '--table', tableName, '--endpoint', localEndpoint()], io)).to.equal(0);
    const text = stdout.text;
    expect(text).to.match(new RegExp(`^Connection ${id}\n`));
    expect(text).to.match(/\nprovider +jira_cloud\n/);
    expect(text).to.match(/\nmetadata +\{"cloudId":/);
    expect(text).to.include('\nTickets (2)\nTICKET ID ');
    expect(text).to.match(/ASO-1 +In Progress +2 /);
    expect(text).to.match(/ASO-2 +- +1 /);
    expect(text).to.include('\nSuggestion links (3)\nSUGGESTION ID ');
    expect(text).to.include('\nSync operations (5, newest first)\n');
    expect(text).to.match(/completed +full +3\/3 updating +created 1, updated 2, skipped 0, failed 1, 1 error\(s\)/);
    expect(text).to.match(/completed +incremental +- +created 0, updated 0, skipped 0, failed 0 /);
    expect(text).to.match(/failed +full +- +RATE_LIMIT: Jira answered 429/);
    expect(text).to.match(/failed +full +- +error: worker crashed/);
    expect(text).to.match(/pending +full +- +- +- +-\n/);
    expect(stderr.text).to.match(/✓ read the connection, 2 ticket\(s\) and 5 sync operation\(s\)/);
    expect(stderr.text).to.match(/Reading suggestion links \[█+\] 100% 2\/2\n/);
  });

  it('prints one JSON document with --format json', async function () {
    const { io, stdout } = fakeIo();
    expect(await main(['inspect', 'connection', connection.getId(), '--table', tableName, '--endpoint', localEndpoint(), '--format', 'json'], io)).to.equal(0);
    const document = JSON.parse(stdout.text) as { connection: { taskManagementConnectionId: string }; tickets: { ticketKey: string; links: unknown[] }[]; syncOperations: unknown[] };
    expect(document.connection.taskManagementConnectionId).to.equal(connection.getId());
    expect(document.tickets.map((t) => [t.ticketKey, t.links.length]).sort()).to.deep.equal([
      ['ASO-1', 2],
      ['ASO-2', 1],
    ]);
    expect(document.syncOperations).to.have.length(5);
  });

  it('shows empty sections for a connection without tickets or syncs', async function () {
    const lonely = await da.TaskManagementConnection.create(jiraCloudConnectionInput());
    const { io, stdout, stderr } = fakeIo();
    expect(await main(['inspect', 'connection', lonely.getId(), '--table', tableName, '--endpoint', localEndpoint()], io)).to.equal(0);
    expect(stdout.text).to.include('Tickets (0)\n(none)\n\nSuggestion links (0)\n(none)\n\nSync operations (0, newest first)\n(none)\n');
    expect(stderr.text).to.not.include('Reading suggestion links');
  });

  it('prints one message for an unknown connection: the error, no "✓" line', async function () {
    const { io, stdout, stderr } = fakeIo();
    const id = randomUUID();
    expect(await main(['inspect', 'connection', id, '--table', tableName, '--endpoint', localEndpoint()], io)).to.equal(1);
    expect(stdout.text).to.equal('');
    expect(stderr.text).to.equal(`Reading connection ${id} from ${tableName}…\nerror: TaskManagementConnection ${id} does not exist in table ${tableName}\n`);
  });

  it('exits with 1 for an unknown connection or table', async function () {
    const unknown = fakeIo();
    const id = randomUUID();
    expect(await main(['inspect', 'connection', id, '--table', tableName, '--endpoint', localEndpoint()], unknown.io)).to.equal(1);
    expect(unknown.stderr.text).to.include(`error: TaskManagementConnection ${id} does not exist in table ${tableName}\n`);
    const noTable = fakeIo();
    expect(await main(['inspect', 'connection', id, '--table', 'no-such-table', '--endpoint', localEndpoint()], noTable.io)).to.equal(1);
    expect(noTable.stderr.text).to.match(/error: DATASTORE: .*\n {2}caused by ResourceNotFoundException: .*\n {2}hint: check --table and --region/);
  });
});

describe('cli on DynamoDB Local: local (embedded DynamoDB Local)', function () {
  this.timeout(120_000);

  it('starts DynamoDB Local with the table, prints the endpoint and stops it on Ctrl-C', async function () {
    const { io, stdout, stderr, stop } = fakeIo();
    const exit = main(['local', '--port', '0', '--table', 'cli-local-table'], io);
    await waitFor(() => stdout.text.includes('Press Ctrl-C to stop'), 'the local command to be ready');
    const endpoint = /endpoint: (http:\/\/127\.0\.0\.1:\d+)/.exec(stdout.text)?.[1] as string;
    const pid = Number(/\(pid (\d+), in memory\)/.exec(stdout.text)?.[1]);
    expect(stdout.text).to.include(`createDataAccess({ tableName: 'cli-local-table', endpoint: '${endpoint}', region: 'local' })`);
    const client = new DynamoDBClient({ endpoint, region: 'local', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
    try {
      expect((await client.send(new ListTablesCommand({}))).TableNames).to.deep.equal(['cli-local-table']);
    } finally {
      client.destroy();
    }
    expect(isAlive(pid)).to.equal(true);
    stop('SIGINT');
    expect(await exit).to.equal(0);
    expect(isAlive(pid)).to.equal(false);
    expect(stderr.text).to.match(/✓ DynamoDB Local answers on http:\/\/127\.0\.0\.1:\d+ .*\n.*Creating table cli-local-table…\n✓ table cli-local-table is ACTIVE/s);
    expect(stderr.text).to.match(/Received SIGINT: stopping DynamoDB Local \(pid \d+\)…\nDynamoDB Local stopped\.\n$/);
  });

  // The two tests below let the command "start" a stand-in (a node process, stopped by its pid
  // like Java would be) that listens on the port it is given and forwards every connection to the
  // suite's DynamoDB Local, which answers for it. (The port must be free: `local` refuses a port
  // that something already listens on.)
  const FORWARDER = `
const net = require('node:net');
const [port, target] = process.argv.slice(1).map(Number);
net.createServer((socket) => {
  const upstream = net.connect(target, '127.0.0.1');
  socket.pipe(upstream).pipe(socket);
  socket.on('error', () => upstream.destroy());
  upstream.on('error', () => socket.destroy());
}).listen(port);
`;
  function forwarderToSuite(): { load: () => Promise<DynamoLocalModule>; children: ChildProcess[] } {
    const children: ChildProcess[] = [];
    const module: DynamoLocalModule = {
      spawn: ({ port }) => {
        const child = spawn(process.execPath, ['-e', FORWARDER, String(port), new URL(localEndpoint()).port], { stdio: 'pipe' });
        children.push(child);
        return child;
      },
    };
    return { load: () => Promise.resolve(module), children };
  }
  const freePortText = async () => String(await freePort());

  it('refuses a port something already listens on before starting DynamoDB Local', async function () {
    const holder: Server = createServer();
    await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
    const port = (holder.address() as { port: number }).port;
    try {
      const { io, stdout, stderr } = fakeIo();
      const started = Date.now();
      expect(await main(['local', '--port', String(port)], io)).to.equal(1);
      expect(Date.now() - started, 'no Java was started').to.be.below(5_000);
      expect(stdout.text).to.equal('');
      expect(stderr.text).to.not.include('✓');
      expect(stderr.text).to.include(`error: port ${port} is already in use on this machine (another DynamoDB Local?): stop what listens on it, or pick another port with --port (0 picks a free one)\n`);
    } finally {
      await new Promise((resolve) => holder.close(resolve));
    }
  });

  it('stops cleanly when Ctrl-C comes while the table is being created', async function () {
    const standIn = forwarderToSuite();
    const run = fakeIo();
    const stderr = {
      write(chunk: string) {
        if (chunk.startsWith('Creating table')) run.stop('SIGTERM');
        return run.stderr.write(chunk);
      },
    };
    const io: CliIo = { ...run.io, loadDynamoLocal: standIn.load, stderr };
    const tableName = uniqueTable('cli-local-stop');
    expect(await main(['local', '--port', await freePortText(), '--table', tableName], io)).to.equal(0);
    expect(run.stderr.text).to.match(/Received SIGTERM: stopping DynamoDB Local \(pid \d+\)…\nDynamoDB Local stopped\.\n$/);
    expect(isAlive(standIn.children[0]?.pid as number)).to.equal(false);
  });

  it('exits with 1 when DynamoDB Local dies underneath it', async function () {
    const standIn = forwarderToSuite();
    const { io, stdout, stderr } = fakeIo();
    const exit = main(['local', '--port', await freePortText(), '--table', uniqueTable('cli-local-dies')], { ...io, loadDynamoLocal: standIn.load });
    await waitFor(() => stdout.text.includes('Press Ctrl-C to stop'), 'the local command to be ready');
    standIn.children[0]?.kill('SIGKILL');
    expect(await exit).to.equal(1);
    expect(stderr.text).to.include('error: DynamoDB Local exited unexpectedly\n');
  });
});

interface ChildRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs the executable (src/cli/bin.ts through the test TS loader); `onOutput` may act while it runs. */
function runBin(args: string[], onOutput?: (stdout: string, child: ReturnType<typeof spawn>) => void): Promise<ChildRun> {
  const child = spawn(process.execPath, ['--import', './test/support/ts-loader.mjs', 'src/cli/bin.ts', ...args], { cwd: ROOT, env: process.env, stdio: 'pipe' });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    onOutput?.(stdout, child);
  });
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

describe('cli executable (child process)', function () {
  this.timeout(120_000);

  it('exits 0 with help, 2 on usage errors, 1 on runtime errors', async function () {
    const [help, usage, runtime, cfn] = await Promise.all([
      runBin(['--help']),
      runBin(['table', 'definition', '--format', 'xml']),
      runBin(['inspect', 'connection', randomUUID(), '--table', 'no-such-table', '--endpoint', localEndpoint()]),
      runBin(['table', 'definition', '--format', 'cfn']),
    ]);
    expect(help.code).to.equal(0);
    expect(help.stdout).to.match(/^task-management-data-access: /);
    expect(usage.code).to.equal(2);
    expect(usage.stderr).to.include("error: --format must be one of json, cfn, cfn-json, cdk (got 'xml')");
    expect(runtime.code).to.equal(1);
    expect(runtime.stderr).to.include('ResourceNotFoundException');
    expect(cfn.code).to.equal(0);
    expect(cfn.stdout).to.include('Type: AWS::DynamoDB::Table');
  });

  it('exits 2 with "did you mean" for a misspelled command and the options for an unknown one', async function () {
    const [command, option] = await Promise.all([runBin(['tabel', 'sync']), runBin(['table', 'sync', '--dryrun'])]);
    expect(command.code).to.equal(2);
    expect(command.stderr).to.match(/^error: unknown command 'tabel'\n {2}did you mean 'table'\?\n {2}commands: table create, table sync, /);
    expect(option.code).to.equal(2);
    expect(option.stderr).to.match(/^error: Unknown option '--dryrun' for 'table sync'\n {2}did you mean '--dry-run'\?\n {2}options of 'table sync': --table <name>/);
  });

  it('local: runs until SIGINT, then stops DynamoDB Local by its pid and exits 0', async function () {
    let javaPid: number | undefined;
    let signalled = false;
    const run = await runBin(['local', '--port', '0'], (stdout, child) => {
      if (!signalled && stdout.includes('Press Ctrl-C')) {
        signalled = true;
        javaPid = Number(/\(pid (\d+), in memory\)/.exec(stdout)?.[1]);
        child.kill('SIGINT');
      }
    });
    expect(run.code, run.stderr).to.equal(0);
    expect(run.stderr).to.include('DynamoDB Local stopped.');
    expect(javaPid).to.be.a('number');
    expect(isAlive(javaPid as number)).to.equal(false);
  });
});
