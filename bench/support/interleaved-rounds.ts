/**
 * The parent's side of bench/support/interleave.ts: runs a child that measures its sides
 * interleaved, once per round in a fresh process (`warmup` processes first, discarded), and turns
 * what the processes reported into samples — one per process, so a row's paired ratios are one per
 * process.
 */
import type { InterleavedSizes } from '../config.js';
import type { Samples } from '../harness.js';
import type { SideTotals } from './interleave.js';
import { check } from '../scenario.js';
import { runChild } from './child.js';

/** What one side's processes reported, one entry per measured process. */
export interface SideRounds {
  readonly sequential: number[];
  readonly concurrent: number[];
  readonly sequentialCpu: number[];
  readonly concurrentCpu: number[];
}

/** The sides' samples; the CPU columns are the children's own (the harness would measure this process's). */
export interface InterleavedSamples<M extends string> {
  readonly sequential: (mode: M, label: string) => Samples;
  readonly concurrent: (mode: M, label: string) => Samples;
}

/**
 * Runs `script ...args` `warmup + rounds` times, followed by the sizes and the round trip that
 * the child reads with `interleaveArgs`; each run prints `{ [mode]: SideTotals }` for every mode
 * of `modes`. `what` names the measurement in errors.
 */
export async function interleavedRounds<M extends string>(
  script: string,
  args: readonly string[],
  modes: readonly M[],
  sizes: InterleavedSizes,
  rttMs: number,
  what: string,
): Promise<InterleavedSamples<M>> {
  const { sequentialOps, concurrentOps, inFlight, warmupOps, blockOps } = sizes;
  const argv = [...args, ...[sequentialOps, concurrentOps, inFlight, warmupOps, blockOps, rttMs].map(String)];
  const side = Object.fromEntries(modes.map((mode) => [mode, { sequential: [], concurrent: [], sequentialCpu: [], concurrentCpu: [] }])) as unknown as Record<M, SideRounds>;
  for (let round = 0; round < sizes.warmup + sizes.rounds; round += 1) {
    const { output } = await runChild<Record<M, SideTotals>>(script, argv);
    for (const mode of modes) {
      const totals = output[mode];
      check(totals !== undefined && totals.sequentialMs > 0 && totals.concurrentMs > 0, `${what} ${mode}: the child reported no time`);
    }
    if (round < sizes.warmup) continue;
    for (const mode of modes) {
      side[mode].sequential.push(output[mode].sequentialMs);
      side[mode].concurrent.push(output[mode].concurrentMs);
      side[mode].sequentialCpu.push(output[mode].sequentialCpuMs);
      side[mode].concurrentCpu.push(output[mode].concurrentCpuMs);
    }
  }
  return {
    sequential: (mode, label) => ({ label, ms: side[mode].sequential, requests: [], cpu: side[mode].sequentialCpu }),
    concurrent: (mode, label) => ({ label, ms: side[mode].concurrent, requests: [], cpu: side[mode].concurrentCpu }),
  };
}
