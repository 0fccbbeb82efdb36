/**
 * Scenario 5 — allBy… over 10 000 items of ~1 KB vs a raw paginated Query loop (≤ 1.15×), and
 * over the same items with a simulated 5 ms round trip per request on both sides (≤ 1.05×).
 */
import { randomUUID } from 'node:crypto';
import type { Rounds } from '../config.js';
import { queryAllPages, partitionQuery } from '../baselines/raw-sdk.js';
import { indexKeys } from '../baselines/raw-items.js';
import { benchNoteRegistry } from '../entities.js';
import { noteInputs } from '../fixtures.js';
import type { Contender, Samples } from '../harness.js';
import { alternate } from '../harness.js';
import type { Row } from '../report.js';
import { compare } from '../report.js';
import type { Scenario, ScenarioContext } from '../scenario.js';
import { check, latencyRerun, withRoundTrip } from '../scenario.js';

/** Bytes of a BenchNote item besides its body (keys, ids, timestamps, markers, names). */
export const ITEM_OVERHEAD_BYTES = 350;

/** One group of BenchNotes in a table, and how to read it both ways. */
export interface NoteGroup {
  readonly table: string;
  readonly groupId: string;
  readonly items: number;
}

/**
 * allBy… vs the raw Query loop over `group`, each side on a client of its own (with `rttMs`, or
 * the store's round trip): the row, after checking that both sides read every item in as many pages.
 */
export async function allByRow(context: ScenarioContext, group: NoteGroup, rounds: Rounds, what: { scenario: string; budget: number; rttMs?: number }): Promise<Row> {
  const clientOptions = what.rttMs === undefined ? {} : { rttMs: what.rttMs };
  const libraryClient = context.store.newClient(clientOptions);
  const rawClient = context.store.newClient(clientOptions);
  const notes = benchNoteRegistry().createDataAccess({ tableName: group.table, client: libraryClient.client }).BenchNote;
  let rawPages = 0;
  const library: Contender = {
    label: 'allByGroupId',
    prepare: () => {
      libraryClient.counter.reset();
      return {
        run: async () => {
          check((await notes.allByGroupId(group.groupId)).length === group.items, 'allByGroupId missed items');
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
          check((await queryAllPages(rawClient.doc, partitionQuery(group.table, indexKeys.notesOfGroup(group.groupId)))).length === group.items, 'Query loop missed items');
        },
        requests: () => {
          rawPages = rawClient.counter.count('QueryCommand');
          return rawPages;
        },
      };
    },
  };
  const [lib, base] = (await alternate([library, baseline], rounds)) as [Samples, Samples];
  const row = compare(withRoundTrip(what.scenario, what.rttMs ?? 0), lib, base, what.budget);
  check(row.requests === rawPages, `allBy sent ${row.requests} Query requests, the raw loop ${rawPages}`);
  return row;
}

export const allBy: Scenario = {
  name: 'all-by',
  async run(context) {
    const { sizes, store, log } = context;
    const { items: n, itemBytes, warmup, rounds } = sizes.allBy;
    const table = await store.newTable('allby');
    try {
      const notes = benchNoteRegistry().createDataAccess({ tableName: table, client: store.newClient().client }).BenchNote;
      const groupId = randomUUID();
      const seeded = await notes.createMany(noteInputs(groupId, n, itemBytes - ITEM_OVERHEAD_BYTES));
      check(seeded.failed.length === 0, 'seeding failed');
      const group: NoteGroup = { table, groupId, items: n };
      const scenario = `allBy… over ${n} items of ~${itemBytes} B`;
      const rows = [await allByRow(context, group, { warmup, rounds }, { scenario, budget: 1.15 })];
      const rttMs = latencyRerun(context);
      if (rttMs !== undefined) {
        log(`  allBy… done; again with a ${rttMs} ms round trip …`);
        rows.push(await allByRow(context, group, sizes.latency.allBy, { scenario, budget: 1.05, rttMs }));
      }
      return rows;
    } finally {
      await store.dropTable(table);
    }
  },
};
