/** Scenario 2 — hydrating 10 000 stored items into models vs copying them into plain objects (≤ 1.5×), in process. */
import { createDataAccess } from '../../src/index.js';
import type { Samples } from '../harness.js';
import { alternate, plain } from '../harness.js';
import { compare } from '../report.js';
import type { Scenario } from '../scenario.js';
import { check } from '../scenario.js';
import { ticketHydrator } from '../entities.js';
import { storedTicketItems } from '../fixtures.js';

export const hydration: Scenario = {
  name: 'hydration',
  async run({ sizes }) {
    const { items: n, warmup, rounds } = sizes.hydration;
    const hydrate = ticketHydrator(createDataAccess({ tableName: 'bench-hydration', region: 'local', endpoint: 'http://127.0.0.1:9' }).Ticket);
    const items = storedTicketItems(n);
    let kept: readonly unknown[] = [];
    const [library, baseline] = (await alternate(
      [
        plain(`hydrate ${n} Ticket items into models`, () => {
          kept = hydrate(items);
          return Promise.resolve();
        }),
        plain('plain copies ({ ...item })', () => {
          kept = items.map((item) => ({ ...item }));
          return Promise.resolve();
        }),
      ],
      { warmup, rounds },
    )) as [Samples, Samples];
    check(kept.length === n, 'hydration lost items');
    const model = hydrate(items.slice(0, 1))[0];
    check(model?.getId() === items[0]?.ticketId, 'a hydrated model does not read its item');
    return [compare(`hydration: ${n} items into models`, library, baseline, 1.5)];
  },
};
