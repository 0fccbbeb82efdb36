/** Scenario 5 — allBy… over 10 000 items of ~1 KB vs a raw paginated Query loop (≤ 1.15×). */
import { randomUUID } from 'node:crypto';
import { queryAllPages, partitionQuery } from '../baselines/raw-sdk.js';
import { indexKeys } from '../baselines/raw-items.js';
import { benchNoteRegistry } from '../entities.js';
import { noteInputs } from '../fixtures.js';
import type { Contender, Samples } from '../harness.js';
import { alternate } from '../harness.js';
import { compare } from '../report.js';
import type { Scenario } from '../scenario.js';
import { check } from '../scenario.js';

/** Bytes of a BenchNote item besides its body (keys, ids, timestamps, markers, names). */
const ITEM_OVERHEAD_BYTES = 350;

export const allBy: Scenario = {
  name: 'all-by',
  async run({ sizes, store }) {
    const { items: n, itemBytes, warmup, rounds } = sizes.allBy;
    const table = await store.newTable('allby');
    try {
      const libraryClient = store.newClient();
      const rawClient = store.newClient();
      const notes = benchNoteRegistry().createDataAccess({ tableName: table, client: libraryClient.client }).BenchNote;
      const groupId = randomUUID();
      const seeded = await notes.createMany(noteInputs(groupId, n, itemBytes - ITEM_OVERHEAD_BYTES));
      check(seeded.failed.length === 0, 'seeding failed');
      let rawPages = 0;
      const library: Contender = {
        label: 'allByGroupId',
        prepare: () => {
          libraryClient.counter.reset();
          return {
            run: async () => {
              check((await notes.allByGroupId(groupId)).length === n, 'allByGroupId missed items');
            },
            requests: () => libraryClient.counter.count('QueryCommand'),
          };
        },
      };
      const baseline: Contender = {
        label: 'raw paginated Query loop (DocumentClient)',
        prepare: () => {
          rawClient.counter.reset();
          return {
            run: async () => {
              check((await queryAllPages(rawClient.doc, partitionQuery(table, indexKeys.notesOfGroup(groupId)))).length === n, 'Query loop missed items');
            },
            requests: () => {
              rawPages = rawClient.counter.count('QueryCommand');
              return rawPages;
            },
          };
        },
      };
      const [lib, base] = (await alternate([library, baseline], { warmup, rounds })) as [Samples, Samples];
      const row = compare(`allBy… over ${n} items of ~${itemBytes} B`, lib, base, 1.15);
      check(row.requests === rawPages, `allBy sent ${row.requests} Query requests, the raw loop ${rawPages}`);
      return [row];
    } finally {
      await store.dropTable(table);
    }
  },
};
