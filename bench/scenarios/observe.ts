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
import type { InterleavedSizes } from '../config.js';
import type { Scenario, ScenarioContext } from '../scenario.js';
import { latencyRerun, withRoundTrip } from '../scenario.js';
import { interleavedRounds } from '../support/interleaved-rounds.js';

type Mode = 'listener' | 'none' | 'capacity';

const BUDGET = 1.03;
const MODES: readonly Mode[] = ['listener', 'none', 'capacity'];

/** The rows of one round trip: create and findById, sequentially and in flight, every side against the others. */
async function measure(context: ScenarioContext, table: string, sizes: InterleavedSizes, rttMs: number): Promise<Row[]> {
  const { store, build, log } = context;
  const script = build.child('observe');
  const rows: Row[] = [];
  for (const operation of ['create', 'findById'] as const) {
    const samples = await interleavedRounds(script, [operation, store.endpoint, table], MODES, sizes, rttMs, operation);
    const labels: Record<Mode, string> = {
      listener: `${operation} with a no-op onEvent`,
      none: `${operation} without onEvent`,
      capacity: `${operation} without onEvent, every request asking for ReturnConsumedCapacity`,
    };
    const sequentialOf = (mode: Mode): Samples => samples.sequential(mode, labels[mode]);
    const concurrentOf = (mode: Mode): Samples => samples.concurrent(mode, labels[mode]);
    // The store's own round trip (--rtt) is added to every row's name by the run; a rerun's is added here.
    const named = (name: string) => (rttMs === store.rttMs ? name : withRoundTrip(name, rttMs));
    const sequentialRow = `${operation}, ${sizes.sequentialOps} calls, sequential`;
    const concurrentRow = `${operation}, ${sizes.concurrentOps} calls, ${sizes.inFlight} in flight`;
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
