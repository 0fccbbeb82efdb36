/**
 * Scenario 9 — the cost of `onEvent`: create and findById (the guard-free BenchNote: one
 * conditional PutItem, one GetItem) with a no-op listener vs without one (≤ 1.03×), sequentially
 * and with 16 in flight. Each run is a fresh process (see bench/children/observe.ts), so the
 * sides share nothing; it runs last all the same.
 *
 * A third side sends the same requests without a listener but asking for
 * `ReturnConsumedCapacity` (which a listener makes every request do, for the event's
 * `consumedCapacity`): the listener against it is the hook's own cost (≤ 1.03× too), and it
 * against no listener is what DynamoDB Local spends reporting capacity (no budget; the SDK's
 * parsing of the extra field costs the client nothing measurable on a stub).
 */
import type { Contender, Samples } from '../harness.js';
import { alternate } from '../harness.js';
import type { Row } from '../report.js';
import { compare } from '../report.js';
import type { Scenario } from '../scenario.js';
import { check } from '../scenario.js';
import { runChild } from '../support/child.js';

interface ObserveOutput {
  readonly sequentialMs: number;
  readonly concurrentMs: number;
  readonly sequentialCpuMs: number;
  readonly concurrentCpuMs: number;
}

type Mode = 'listener' | 'none' | 'capacity';
/** What a contender's children reported besides the wall time of the sequential run (which the harness keeps). */
type Side = { concurrent: number[]; sequentialCpu: number[]; concurrentCpu: number[] };

const BUDGET = 1.03;

export const observe: Scenario = {
  name: 'observe',
  async run({ sizes, store, build, log }) {
    const { sequentialOps, concurrentOps, inFlight, warmupOps, warmup, rounds } = sizes.observe;
    const table = await store.newTable('observe');
    const script = build.child('observe');
    try {
      const rows: Row[] = [];
      for (const operation of ['create', 'findById'] as const) {
        const side: Record<Mode, Side> = {
          listener: { concurrent: [], sequentialCpu: [], concurrentCpu: [] },
          none: { concurrent: [], sequentialCpu: [], concurrentCpu: [] },
          capacity: { concurrent: [], sequentialCpu: [], concurrentCpu: [] },
        };
        const contender = (mode: Mode, label: string): Contender => ({
          label,
          prepare: (info) => ({
            run: async () => {
              const args = [mode, operation, store.endpoint, table, String(sequentialOps), String(concurrentOps), String(inFlight), String(warmupOps), String(store.rttMs)];
              const { output } = await runChild<ObserveOutput>(script, args);
              check(output.sequentialMs > 0 && output.concurrentMs > 0, `${label}: the child reported no time`);
              if (!info.warmup) {
                side[mode].concurrent.push(output.concurrentMs);
                side[mode].sequentialCpu.push(output.sequentialCpuMs);
                side[mode].concurrentCpu.push(output.concurrentCpuMs);
              }
              return output.sequentialMs;
            },
          }),
        });
        const [withListener, without, askingCapacity] = (await alternate(
          [
            contender('listener', `${operation} with a no-op onEvent`),
            contender('none', `${operation} without onEvent`),
            contender('capacity', `${operation} without onEvent, every request asking for ReturnConsumedCapacity`),
          ],
          { warmup, rounds },
        )) as [Samples, Samples, Samples];
        // The CPU columns are the children's own (the harness would measure this process's).
        rows.push(
          compare(
            `onEvent no-op listener: ${operation}, ${sequentialOps} calls, sequential`,
            { ...withListener, cpu: side.listener.sequentialCpu },
            { ...without, cpu: side.none.sequentialCpu },
            BUDGET,
          ),
        );
        rows.push(
          compare(
            `onEvent no-op listener: ${operation}, ${concurrentOps} calls, ${inFlight} in flight`,
            { label: withListener.label, ms: side.listener.concurrent, requests: [], cpu: side.listener.concurrentCpu },
            { label: without.label, ms: side.none.concurrent, requests: [], cpu: side.none.concurrentCpu },
            BUDGET,
          ),
        );
        // The same two runs against requests that ask for capacity without a listener: what the hook
        // itself adds (its scope, counting, events), apart from what DynamoDB spends reporting
        // capacity, which every event needs; and that reporting cost alone (no budget: DynamoDB's).
        rows.push(
          compare(
            `onEvent no-op listener vs the same requests asking for capacity: ${operation}, ${sequentialOps} calls, sequential`,
            { ...withListener, cpu: side.listener.sequentialCpu },
            { ...askingCapacity, cpu: side.capacity.sequentialCpu },
            BUDGET,
          ),
        );
        rows.push(
          compare(
            `onEvent no-op listener vs the same requests asking for capacity: ${operation}, ${concurrentOps} calls, ${inFlight} in flight`,
            { label: withListener.label, ms: side.listener.concurrent, requests: [], cpu: side.listener.concurrentCpu },
            { label: askingCapacity.label, ms: side.capacity.concurrent, requests: [], cpu: side.capacity.concurrentCpu },
            BUDGET,
          ),
        );
        rows.push(
          compare(
            `ReturnConsumedCapacity alone (DynamoDB Local reporting capacity), no listener: ${operation}, ${sequentialOps} calls, sequential`,
            { ...askingCapacity, cpu: side.capacity.sequentialCpu },
            { ...without, cpu: side.none.sequentialCpu },
            null,
          ),
        );
        log(`  ${operation} with and without onEvent done`);
      }
      return rows;
    } finally {
      await store.dropTable(table);
    }
  },
};
