/**
 * The measuring loop: contenders run alternately (A B A B …) after warm-up runs, only their
 * `run()` is timed, and each contender's samples are summarised as median and min–max.
 */
import { performance } from 'node:perf_hooks';

/** What a run is for: warm-up runs are not recorded (scenarios may make them smaller). */
export interface RunInfo {
  readonly warmup: boolean;
  /** 0-based; warm-ups and measured rounds count separately. */
  readonly round: number;
}

/** One prepared run of a contender. */
export interface Trial {
  /**
   * Timed. Returns its own duration in ms when the work happens elsewhere (a child process), with
   * the CPU time it spent there when it can tell (`{ ms, cpuMs }`).
   */
  run(): Promise<number | { readonly ms: number; readonly cpuMs: number } | void>;
  /** Untimed, after `run()`: requests sent during the run, when the scenario counts them. */
  requests?(): number;
  /** Untimed, after `run()`. */
  cleanup?(): Promise<void>;
}

export interface Contender {
  readonly label: string;
  /** Untimed: seeds data, creates tables; returns the run to time. */
  prepare(info: RunInfo): Promise<Trial> | Trial;
}

export interface Samples {
  readonly label: string;
  readonly ms: number[];
  readonly requests: number[];
  /** CPU time (ms) this process spent in each run (for work in a child process: the child's, when it reports it). */
  readonly cpu?: number[];
  /** CPU time (ms) DynamoDB Local spent in each run, where it can be read. */
  readonly serverCpu?: number[];
}

let serverCpuProbe: () => number | undefined = () => undefined;

/** How to read DynamoDB Local's CPU time (ms); set once by the runner. */
export function setServerCpuProbe(probe: () => number | undefined): void {
  serverCpuProbe = probe;
}

function cpuMs(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
}

export interface Stat {
  readonly median: number;
  readonly min: number;
  readonly max: number;
  readonly n: number;
}

export function stat(values: readonly number[]): Stat {
  if (values.length === 0) return { median: Number.NaN, min: Number.NaN, max: Number.NaN, n: 0 };
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
  return { median, min: sorted[0] as number, max: sorted[sorted.length - 1] as number, n: sorted.length };
}

/**
 * What runs between two timed runs (under --expose-gc), so that one run's garbage is not the next
 * one's pause:
 * - `full` (the default): a forced mark-compact. Right for bulk runs (thousands of items, seconds
 *   each), whose old-generation garbage would otherwise be collected inside the next contender's
 *   run; its side effect below is small next to such a run.
 * - `scavenge`: the young generation only, for runs of a few hundred single calls. A forced
 *   mark-compact deoptimizes the optimized code that embeds objects it frees ("reason: weak
 *   objects": 632 deoptimizations in 30 runs of 200 queries, none without it), so each such run
 *   re-optimized the SDK, node:http and the library from scratch: client CPU per call nearly
 *   doubled for every contender, and the side with more JavaScript on its path paid more of it.
 */
export type BetweenRuns = 'full' | 'scavenge';

function collectGarbage(between: BetweenRuns): void {
  const gc = (globalThis as { gc?: (options?: { type: 'minor' | 'major' }) => void }).gc;
  if (gc) gc(between === 'scavenge' ? { type: 'minor' } : undefined);
}

interface Outcome {
  readonly ms: number;
  readonly requests: number | undefined;
  readonly cpu: number | undefined;
  readonly serverCpu: number | undefined;
}

async function once(contender: Contender, info: RunInfo, between: BetweenRuns): Promise<Outcome> {
  const trial = await contender.prepare(info);
  collectGarbage(between);
  let outcome: Omit<Outcome, 'requests'>;
  try {
    const serverBefore = serverCpuProbe();
    const cpuBefore = cpuMs();
    const started = performance.now();
    const reported = await trial.run();
    const ended = performance.now();
    const cpu = cpuMs() - cpuBefore;
    const serverAfter = serverCpuProbe();
    const local = reported === undefined;
    outcome = {
      ms: local ? ended - started : typeof reported === 'number' ? reported : reported.ms,
      cpu: local ? cpu : typeof reported === 'number' ? undefined : reported.cpuMs,
      serverCpu: local && serverBefore !== undefined && serverAfter !== undefined ? serverAfter - serverBefore : undefined,
    };
  } catch (error) {
    await trial.cleanup?.();
    throw error;
  }
  const requests = trial.requests?.();
  await trial.cleanup?.();
  return { ...outcome, requests };
}

/**
 * Runs `warmup` rounds, then `rounds` measured rounds; in every round each contender runs once,
 * in the order given (A B A B …). Returns the measured samples of each contender.
 */
export async function alternate(contenders: readonly Contender[], options: { warmup: number; rounds: number; between?: BetweenRuns }): Promise<Samples[]> {
  const between = options.between ?? 'full';
  const samples = contenders.map((contender) => ({ label: contender.label, ms: [] as number[], requests: [] as number[], cpu: [] as number[], serverCpu: [] as number[] }));
  for (let round = 0; round < options.warmup; round += 1) {
    for (const contender of contenders) await once(contender, { warmup: true, round }, between);
  }
  for (let round = 0; round < options.rounds; round += 1) {
    for (const [i, contender] of contenders.entries()) {
      const outcome = await once(contender, { warmup: false, round }, between);
      const target = samples[i] as (typeof samples)[number];
      target.ms.push(outcome.ms);
      if (outcome.requests !== undefined) target.requests.push(outcome.requests);
      if (outcome.cpu !== undefined) target.cpu.push(outcome.cpu);
      if (outcome.serverCpu !== undefined) target.serverCpu.push(outcome.serverCpu);
    }
  }
  return samples;
}

/** A contender without preparation. */
export function plain(label: string, run: () => Promise<unknown>): Contender {
  return {
    label,
    prepare: () => ({
      run: async () => {
        await run();
      },
    }),
  };
}

/** Runs `task` over `items` with at most `limit` in flight. */
export async function inFlight<T>(items: readonly T[], limit: number, task: (item: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const item = items[next] as T;
      next += 1;
      await task(item);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
}
