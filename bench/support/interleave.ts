/**
 * Inside one child process: several sides (one call each, e.g. the library's create and the raw
 * DocumentClient's put) run interleaved in small blocks, so that each block of one side runs
 * beside the others' under the same machine and the same DynamoDB Local — its JIT, its garbage,
 * the host's steal time. Measured in runs of their own, one side after the other, sides of a few
 * per cent apart differed by up to ±30 % from one run to the next on a shared 2-core host.
 * Interleaved, drift hits every side alike; the block order rotates (ABC, BCA, CAB) so that no
 * side always goes first.
 */
import { performance } from 'node:perf_hooks';

/** One side's wall and CPU time summed over its timed blocks, sequential and in flight. */
export interface SideTotals {
  readonly sequentialMs: number;
  readonly concurrentMs: number;
  readonly sequentialCpuMs: number;
  readonly concurrentCpuMs: number;
}

export interface InterleaveSizes {
  /** Calls of each side, one at a time. */
  readonly sequential: number;
  /** Calls of each side with `inFlight` at a time. */
  readonly concurrent: number;
  readonly inFlight: number;
  /** Untimed calls of each side first (alone and in flight). */
  readonly warmup: number;
  /** Calls per block (per worker, in flight). */
  readonly blockOps: number;
}

const cpuMs = () => {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
};

interface Timed {
  ms: number;
  cpuMs: number;
}

/** `ops` calls of `call`, `limit` at a time: wall and CPU time. */
async function timed(call: () => Promise<void>, ops: number, limit: number): Promise<Timed> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < ops) {
      next += 1;
      await call();
    }
  };
  const cpuBefore = cpuMs();
  const started = performance.now();
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, ops)) }, worker));
  return { ms: performance.now() - started, cpuMs: cpuMs() - cpuBefore };
}

/** `opsPerSide` calls of every side, in blocks of `perBlock`, the order of the sides rotating from one round of blocks to the next. */
async function interleaved<M extends string>(sides: Readonly<Record<M, () => Promise<void>>>, opsPerSide: number, perBlock: number, limit: number): Promise<Record<M, Timed>> {
  const modes = Object.keys(sides) as M[];
  const totals = Object.fromEntries(modes.map((mode) => [mode, { ms: 0, cpuMs: 0 }])) as Record<M, Timed>;
  const blocks = Math.max(1, Math.ceil(opsPerSide / perBlock));
  for (let b = 0; b < blocks; b += 1) {
    const ops = Math.min(perBlock, opsPerSide - b * perBlock);
    for (let i = 0; i < modes.length; i += 1) {
      const mode = modes[(b + i) % modes.length] as M;
      const run = await timed(sides[mode], ops, limit);
      totals[mode].ms += run.ms;
      totals[mode].cpuMs += run.cpuMs;
    }
  }
  return totals;
}

/** Warms every side up (untimed), then times them interleaved, one at a time and `inFlight` at a time. */
export async function measureInterleaved<M extends string>(sides: Readonly<Record<M, () => Promise<void>>>, sizes: InterleaveSizes): Promise<Record<M, SideTotals>> {
  const blockOps = Math.max(1, sizes.blockOps);
  const inFlight = Math.max(1, sizes.inFlight);
  await interleaved(sides, sizes.warmup, blockOps, 1);
  await interleaved(sides, sizes.warmup, blockOps * inFlight, inFlight);
  const sequential = await interleaved(sides, sizes.sequential, blockOps, 1);
  // Concurrent blocks are as many calls per worker as the sequential ones are calls.
  const concurrent = await interleaved(sides, sizes.concurrent, blockOps * inFlight, inFlight);
  const modes = Object.keys(sides) as M[];
  return Object.fromEntries(
    modes.map((mode) => [
      mode,
      { sequentialMs: sequential[mode].ms, concurrentMs: concurrent[mode].ms, sequentialCpuMs: sequential[mode].cpuMs, concurrentCpuMs: concurrent[mode].cpuMs },
    ]),
  ) as Record<M, SideTotals>;
}

/** The child's command line after its own arguments: `<sequential> <concurrent> <inFlight> <warmup> <blockOps> [rttMs]`. */
export function interleaveArgs(args: readonly string[]): { sizes: InterleaveSizes; rttMs: number } {
  const [sequential = '0', concurrent = '0', inFlight = '1', warmup = '0', blockOps = '1', rtt = '0'] = args;
  return {
    sizes: { sequential: Number(sequential), concurrent: Number(concurrent), inFlight: Number(inFlight), warmup: Number(warmup), blockOps: Number(blockOps) },
    rttMs: Number(rtt),
  };
}
