/**
 * Scenario 8 — heap per hydrated model instance (the model and the item it keeps) vs per plain
 * record, 10 000 of each, each measured in a fresh `node --expose-gc` process (≤ 2×).
 */
import type { Contender, Samples } from '../harness.js';
import { alternate } from '../harness.js';
import { compare } from '../report.js';
import type { Scenario } from '../scenario.js';
import { check } from '../scenario.js';
import { runChild } from '../support/child.js';

export const memory: Scenario = {
  name: 'memory',
  async run({ sizes, build }) {
    const { items: n, runs } = sizes.memory;
    const script = build.child('memory');
    const contender = (label: string, mode: string): Contender => ({
      label,
      prepare: () => ({
        run: async () => {
          const { output } = await runChild<{ bytesPerItem: number }>(script, [mode, String(n)], ['--expose-gc']);
          check(Number.isFinite(output.bytesPerItem) && output.bytesPerItem > 0, `${label}: no heap figure`);
          return output.bytesPerItem;
        },
      }),
    });
    const [models, records] = (await alternate(
      [contender('hydrated Ticket model (with its item)', 'models'), contender('plain record (the item as read)', 'records')],
      { warmup: 0, rounds: runs },
    )) as [Samples, Samples];
    return [compare(`memory: heap bytes per hydrated model vs per plain record (${n} each)`, models, records, 2, { unit: 'B' })];
  },
};
