// Hints under runtime errors (by the codes and names along the error's cause chain, with the
// endpoint the command used), and `local` refusing a port that is taken before it starts anything.
import { spawn as spawnProcess } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import type { Server } from 'node:net';
import process from 'node:process';
import { expect } from 'chai';
import { assertPortFree, freePort, portMessage } from '../../src/cli/dynamo-local.js';
import { CliError } from '../../src/cli/errors.js';
import type { CliIo, DynamoLocalModule } from '../../src/cli/io.js';
import { describeError, main } from '../../src/cli/main.js';
import { DataAccessError } from '../../src/index.js';

const networkError = (code: string, message = `connect ${code} 127.0.0.1:1`) => Object.assign(new Error(message), { code });
const REACH = (where: string) => `hint: is DynamoDB reachable at ${where}? start it with \`task-management-data-access local\` or check --endpoint/--region`;

function fakeIo(overrides: Partial<CliIo> = {}) {
  const stdout = { text: '', write: (chunk: string) => void (stdout.text += chunk) };
  const stderr = { text: '', write: (chunk: string) => void (stderr.text += chunk) };
  const io: CliIo = { stdout, stderr, env: {}, listenForStop: () => ({ signal: new AbortController().signal, dispose: () => undefined }), ...overrides };
  return { io, stdout, stderr };
}

async function holdPort(): Promise<{ port: number; release(): Promise<void> }> {
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { port: (server.address() as { port: number }).port, release: () => new Promise((resolve) => server.close(() => resolve())) };
}

describe('cli: hints for an unreachable DynamoDB', function () {
  it('are given for refused, unknown-host and timed-out connections, naming the endpoint', function () {
    const refused = new DataAccessError('DATASTORE', 'CreateTable failed: Error', { cause: networkError('ECONNREFUSED') });
    expect(describeError(refused, { endpoint: 'http://127.0.0.1:1' })).to.equal(
      `DATASTORE: CreateTable failed: Error\n  caused by Error: connect ECONNREFUSED 127.0.0.1:1\n  ${REACH('http://127.0.0.1:1')}`,
    );
    expect(describeError(networkError('ENOTFOUND', 'getaddrinfo ENOTFOUND ddb.example'), { region: 'eu-west-1' })).to.equal(
      `Error: getaddrinfo ENOTFOUND ddb.example\n  ${REACH('the AWS endpoint of eu-west-1')}`,
    );
    expect(describeError(networkError('ETIMEDOUT'))).to.include(REACH('the AWS endpoint'));
    expect(describeError(networkError('EAI_AGAIN'))).to.include('hint: is DynamoDB reachable');
    expect(describeError(Object.assign(new Error('request timed out'), { name: 'TimeoutError' }), { endpoint: 'http://x:1' })).to.include(REACH('http://x:1'));
  });

  it('look into the errors of an AggregateError (one per address tried)', function () {
    const aggregate = new AggregateError([new Error('other'), networkError('ECONNREFUSED')], 'connect failed');
    expect(describeError(aggregate, { endpoint: 'http://localhost:1' })).to.include(REACH('http://localhost:1'));
    expect(describeError(new AggregateError(['not an error'], 'odd'))).to.not.include('hint');
  });

  it('are not given for other codes, and the first hint along the chain wins', function () {
    expect(describeError(networkError('ECONNRESET'))).to.not.include('hint');
    expect(describeError(Object.assign(new Error('x'), { code: 42 }))).to.not.include('hint');
    const missing = Object.assign(new Error('no table'), { name: 'ResourceNotFoundException', cause: networkError('ECONNREFUSED') });
    expect(describeError(missing)).to.match(/hint: check --table and --region/).and.not.include('reachable');
  });

  it('come with `table create` when nothing listens on the endpoint, reported like every other command (code, request, cause)', async function () {
    this.timeout(20_000);
    const port = await freePort();
    const reports: string[] = [];
    for (const command of [['table', 'create'], ['table', 'sync']]) {
      const { io, stderr } = fakeIo();
      expect(await main([...command, '--table', 'abc', '--endpoint', `http://127.0.0.1:${port}`], io)).to.equal(1);
      const report = stderr.text.slice(stderr.text.indexOf('error: '));
      expect(report).to.equal(
        `error: DATASTORE: DescribeTable failed: ECONNREFUSED 127.0.0.1:${port}\n  caused by Error: connect ECONNREFUSED 127.0.0.1:${port}\n  ${REACH(`http://127.0.0.1:${port}`)}\n`,
      );
      reports.push(report);
    }
    expect(reports[0]).to.equal(reports[1]);
  });
});

describe('cli: local on a port that is taken', function () {
  const started: ChildProcess[] = [];
  afterEach(function () {
    for (const child of started.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });

  const recordingModule: DynamoLocalModule = {
    spawn: () => {
      const child = spawnProcess(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'pipe' });
      started.push(child);
      return child;
    },
  };

  it('is refused before DynamoDB Local is started: exit code 1, no "✓ answers" line', async function () {
    const held = await holdPort();
    try {
      const { io, stdout, stderr } = fakeIo({ loadDynamoLocal: () => Promise.resolve(recordingModule) });
      expect(await main(['local', '--port', String(held.port)], io)).to.equal(1);
      expect(started, 'nothing was spawned').to.have.length(0);
      expect(stdout.text).to.equal('');
      expect(stderr.text).to.not.include('✓');
      expect(stderr.text).to.match(new RegExp(`^Starting DynamoDB Local on port ${held.port}…\n✗ Starting DynamoDB Local on port ${held.port}: failed \\(\\d\\.\\d s\\)\n`));
      expect(stderr.text).to.match(new RegExp(`\nerror: port ${held.port} is already in use on this machine \\(another DynamoDB Local\\?\\): stop what listens on it, or pick another port with --port \\(0 picks a free one\\)\n$`));
    } finally {
      await held.release();
    }
  });

  it('checks a port by listening on it, and says why one cannot be used', async function () {
    const port = await freePort();
    await assertPortFree(port);
    await assertPortFree(port); // the check let go of it
    const held = await holdPort();
    try {
      const error = await assertPortFree(held.port).catch((e: unknown) => e);
      expect(error).to.be.instanceOf(CliError).and.have.nested.property('cause.code', 'EADDRINUSE');
    } finally {
      await held.release();
    }
    expect(portMessage(80, Object.assign(new Error('listen EACCES'), { code: 'EACCES' }))).to.equal('port 80 may not be opened by this user (EACCES): pick another port with --port (0 picks a free one)');
    expect(portMessage(1, new Error('listen EINVAL'))).to.equal('port 1 cannot be opened: listen EINVAL');
  });
});
