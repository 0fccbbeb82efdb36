/**
 * Scenario 13 — allBy… as the partition grows: one group each of 1 000, 10 000 and 100 000
 * BenchNotes of ~400 B in one table (seeded with the raw parallel BatchWriteItem loop), read
 * alternately; the time per item at 100 000 must stay within 1.2× of the time per item at 1 000.
 *
 * The raw paginated Query loop reads the same three groups in the same rounds: DynamoDB Local's
 * Query gets slower per page as the partition grows (each page costs it time in proportion to
 * the partition, not to the page), which a client cannot change and DynamoDB itself does not do.
 * Its growth is shown beside the library's (informative), and the library's time per item at
 * 100 000 against the raw loop's at 100 000 (≤ 1.2×) is what the library's own work adds there.
 */
import { randomUUID } from 'node:crypto';
import { batchWriteAll, partitionQuery, queryAllPages } from '../baselines/raw-sdk.js';
import { benchNoteItem, indexKeys } from '../baselines/raw-items.js';
import { benchNoteRegistry } from '../entities.js';
import { noteInputs } from '../fixtures.js';
import { growthRows } from '../growth.js';
import type { Contender } from '../harness.js';
import type { Scenario } from '../scenario.js';
import { check } from '../scenario.js';
import { ITEM_OVERHEAD_BYTES } from './all-by.js';

export const growthAllBy: Scenario = {
  name: 'growth-all-by',
  async run({ sizes, store, log }) {
    const { items, itemBytes, warmup, rounds } = sizes.growth.allBy;
    const table = await store.newTable('growth-allby');
    try {
      const seedClient = store.newClient();
      const groups = new Map<number, string>();
      for (const n of items) {
        const groupId = randomUUID();
        groups.set(n, groupId);
        await batchWriteAll(seedClient.doc, table, noteInputs(groupId, n, itemBytes - ITEM_OVERHEAD_BYTES).map((input) => ({ PutRequest: { Item: benchNoteItem(input) } })));
      }
      check((await store.countItems(table)) === items.reduce((sum, n) => sum + n, 0), 'seeding the groups failed');
      log(`  ${items.join(' + ')} notes written`);
      const client = store.newClient();
      const rawClient = store.newClient();
      const notes = benchNoteRegistry().createDataAccess({ tableName: table, client: client.client }).BenchNote;
      const library = (n: number): Contender => ({
        label: `allByGroupId over ${n} items`,
        prepare: () => {
          client.counter.reset();
          return {
            run: async () => {
              check((await notes.allByGroupId(groups.get(n) as string)).length === n, `allByGroupId missed items of the group of ${n}`);
            },
            requests: () => client.counter.count('QueryCommand'),
          };
        },
      });
      const raw = (n: number): Contender => ({
        label: `raw paginated Query loop over ${n} items`,
        prepare: () => {
          rawClient.counter.reset();
          return {
            run: async () => {
              check((await queryAllPages(rawClient.doc, partitionQuery(table, indexKeys.notesOfGroup(groups.get(n) as string)))).length === n, `the Query loop missed items of the group of ${n}`);
            },
            requests: () => rawClient.counter.count('QueryCommand'),
          };
        },
      });
      return await growthRows(
        items,
        { warmup, rounds },
        library,
        { scenario: (n, smallest) => `growth: allBy… µs per item at ${n} vs ${smallest} items of ~${itemBytes} B`, budget: 1.2 },
        { contenderAt: raw, scenario: (n, smallest) => `growth: raw Query loop µs per item at ${n} vs ${smallest} items of ~${itemBytes} B (DynamoDB Local's own growth)`, against: (n) => `growth: allBy… µs per item at ${n} items vs the raw Query loop's at ${n}`, budget: 1.2 },
      );
    } finally {
      await store.dropTable(table);
    }
  },
};
