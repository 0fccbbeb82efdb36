/**
 * Scenario 9 — the cost of `onEvent`: create and findById (the guard-free BenchNote: one
 * conditional PutItem, one GetItem) with a no-op listener vs without one (≤ 1.03×), sequentially
 * and with 16 in flight. Each round is a fresh process (see bench/children/observe.ts) that runs
 * all sides interleaved in small blocks, so that the sides see the same machine and the same
 * DynamoDB Local; a row's paired ratios are one per process. It runs last all the same.
 *
 * A third side sends the same requests without a listener but asking for
 * `ReturnConsumedCapacity` (which a listener makes every request do, for the event's
 * `consumedCapacity`): the listener against it is the hook's own cost (≤ 1.03× too), and it
 * against no listener is what DynamoDB Local spends reporting capacity (no budget; the SDK's
 * parsing of the extra field costs the client ~10 µs a request on a stub). A full run measures the
 * rows again with a simulated 5 ms round trip, as a network to DynamoDB adds.
 */
import type { Samples } from '../harness.js';
import type { Row } from '../report.js';
import { compare } from '../report.js';
import type { ObserveSizes } from '../config.js';
import type { Scenario, ScenarioContext } from '../scenario.js';
import { check, latencyRerun, withRoundTrip } from '../scenario.js';
import { runChild } from '../support/child.js';

interface SideOutput {
  readonly sequentialMs: number;
  readonly concurrentMs: number;
  readonly sequentialCpuMs: number;
  readonly concurrentCpuMs: number;
}

type Mode = 'listener' | 'none' | 'capacity';
type ObserveOutput = Record<Mode, SideOutput>;
/** What one side's processes reported, one entry per measured process. */
type Side = { sequential: number[]; concurrent: number[]; sequentialCpu: number[]; concurrentCpu: number[] };

const BUDGET = 1.03;
const MODES: readonly Mode[] = ['listener', 'none', 'capacity'];

/** The rows of one round trip: create and findById, sequentially and in flight, every side against the others. */
async function measure(context: ScenarioContext, table: string, sizes: ObserveSizes, rttMs: number): Promise<Row[]> {
  const { store, build, log } = context;
  const { sequentialOps, concurrentOps, inFlight, warmupOps, blockOps, warmup, rounds } = sizes;
  const script = build.child('observe');
  const rows: Row[] = [];
  for (const operation of ['create', 'findById'] as const) {
    const side = Object.fromEntries(MODES.map((mode) => [mode, { sequential: [], concurrent: [], sequentialCpu: [], concurrentCpu: [] }])) as unknown as Record<Mode, Side>;
    for (let round = 0; round < warmup + rounds; round += 1) {
      const args = [operation, store.endpoint, table, String(sequentialOps), String(concurrentOps), String(inFlight), String(warmupOps), String(blockOps), String(rttMs)];
      const { output } = await runChild<ObserveOutput>(script, args);
      for (const mode of MODES) check(output[mode].sequentialMs > 0 && output[mode].concurrentMs > 0, `${operation} ${mode}: the child reported no time`);
      if (round < warmup) continue;
      for (const mode of MODES) {
        side[mode].sequential.push(output[mode].sequentialMs);
        side[mode].concurrent.push(output[mode].concurrentMs);
        side[mode].sequentialCpu.push(output[mode].sequentialCpuMs);
        side[mode].concurrentCpu.push(output[mode].concurrentCpuMs);
      }
    }
    const labels: Record<Mode, string> = {
      listener: `${operation} with a no-op onEvent`,
      none: `${operation} without onEvent`,
      capacity: `${operation} without onEvent, every request asking for ReturnConsumedCapacity`,
    };
    // The CPU columns are the children's own (the harness would measure this process's).
    const sequentialOf = (mode: Mode): Samples => ({ label: labels[mode], ms: side[mode].sequential, requests: [], cpu: side[mode].sequentialCpu });
    const concurrentOf = (mode: Mode): Samples => ({ label: labels[mode], ms: side[mode].concurrent, requests: [], cpu: side[mode].concurrentCpu });
    // The store's own round trip (--rtt) is added to every row's name by the run; a rerun's is added here.
    const named = (name: string) => (rttMs === store.rttMs ? name : withRoundTrip(name, rttMs));
    const sequentialRow = `${operation}, ${sequentialOps} calls, sequential`;
    const concurrentRow = `${operation}, ${concurrentOps} calls, ${inFlight} in flight`;
    rows.push(compare(named(`onEvent no-op listener: ${sequentialRow}`), sequentialOf('listener'), sequentialOf('none'), BUDGET));
    rows.push(compare(named(`onEvent no-op listener: ${concurrentRow}`), concurrentOf('listener'), concurrentOf('none'), BUDGET));
    // The same two runs against requests that ask for capacity without a listener: what the hook
    // itself adds (its scope, counting, events), apart from what DynamoDB spends reporting
    // capacity, which every event needs; and that reporting cost alone (no budget: DynamoDB's).
    rows.push(compare(named(`onEvent no-op listener vs the same requests asking for capacity: ${sequentialRow}`), sequentialOf('listener'), sequentialOf('capacity'), BUDGET));
    rows.push(compare(named(`onEvent no-op listener vs the same requests asking for capacity: ${concurrentRow}`), concurrentOf('listener'), concurrentOf('capacity'), BUDGET));
    rows.push(compare(named(`ReturnConsumedCapacity alone (DynamoDB Local reporting capacity), no listener: ${sequentialRow}`), sequentialOf('capacity'), sequentialOf('none'), null));
    log(`  ${operation} with and without onEvent done${rttMs > 0 ? ` (+${rttMs} ms round trip)` : ''}`);
  }
  return rows;
}

export const observe: Scenario = {
  name: 'observe',
  async run(context) {
    const table = await context.store.newTable('observe');
    try {
      const rows = await measure(context, table, context.sizes.observe, context.store.rttMs);
      // Against DynamoDB over a network a call takes milliseconds more; what the hook adds is the same.
      const rttMs = latencyRerun(context);
      if (rttMs !== undefined) rows.push(...(await measure(context, table, context.sizes.latency.observe, rttMs)));
      return rows;
    } finally {
      await context.store.dropTable(table);
    }
  },
};
