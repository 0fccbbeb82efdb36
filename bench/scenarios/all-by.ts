/**
 * Scenario 5 — allBy… over 10 000 items of ~1 KB vs a raw paginated Query loop with the same key
 * condition (≤ 1.15×), and over the same items with a simulated 5 ms round trip per request on
 * both sides (≤ 1.05×); a partition-only loop beside each, informative.
 */
import { randomUUID } from 'node:crypto';
import type { Rounds } from '../config.js';
import type { QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { queryAllPages, partitionQuery, prefixQuery } from '../baselines/raw-sdk.js';
import { indexKeys } from '../baselines/raw-items.js';
import { benchNoteRegistry } from '../entities.js';
import { noteInputs } from '../fixtures.js';
import type { Contender, Samples } from '../harness.js';
import { alternate } from '../harness.js';
import type { Row } from '../report.js';
import { compare } from '../report.js';
import type { Scenario, ScenarioContext } from '../scenario.js';
import type { CountedClient } from '../support/bench-client.js';
import { check, latencyRerun, withRoundTrip } from '../scenario.js';

/** Bytes of a BenchNote item besides its body (keys, ids, timestamps, markers, names). */
export const ITEM_OVERHEAD_BYTES = 350;

/** One group of BenchNotes in a table, and how to read it both ways. */
export interface NoteGroup {
  readonly table: string;
  readonly groupId: string;
  readonly items: number;
}

/** A raw paginated Query loop over `group` on `client`, as a contender; `pages()` the Query requests of its last run. */
function rawLoop(label: string, client: CountedClient, group: NoteGroup, query: QueryCommandInput): Contender & { pages(): number } {
  let pages = 0;
  return {
    label,
    pages: () => pages,
    prepare: () => {
      client.counter.reset();
      return {
        run: async () => {
          check((await queryAllPages(client.doc, query)).length === group.items, `${label} missed items`);
        },
        requests: () => {
          pages = client.counter.count('QueryCommand');
          return pages;
        },
      };
    },
  };
}

/** Proof that the baseline's Query asks what the library's does: the key condition and its values of the first Query `read` sends. */
async function checkSameKeyCondition(client: CountedClient, read: () => Promise<unknown>, baseline: QueryCommandInput): Promise<void> {
  let sent: QueryCommandInput | undefined;
  const name = 'bench-capture-query';
  client.client.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName === 'QueryCommand') sent ??= args.input as QueryCommandInput;
      return next(args);
    },
    { step: 'initialize', name },
  );
  try {
    await read();
  } finally {
    client.client.middlewareStack.remove(name);
  }
  const condition = (input: QueryCommandInput | undefined) => {
    const names = input?.ExpressionAttributeNames ?? {};
    const values = (input?.ExpressionAttributeValues ?? {}) as Record<string, unknown>;
    // placeholders resolved, so that only what is asked is compared, not how it is spelt
    return (input?.KeyConditionExpression ?? '').replace(/[#:]\w+/g, (token) => String(token.startsWith('#') ? names[token] : JSON.stringify(values[token])));
  };
  check(condition(sent) === condition(baseline) && sent?.IndexName === baseline.IndexName, `the raw loop's key condition (${condition(baseline)}) is not allBy's (${condition(sent)})`);
}

/**
 * allBy… vs two raw Query loops over `group`, each side on a client of its own (with `rttMs`, or
 * the store's round trip), in alternating rounds: the budgeted row against the loop sending the
 * key condition allBy… sends (partition and the entity's sort-key prefix, which a single-table
 * query needs to keep other entities' items out), and an informative one against a partition-only
 * loop (what DynamoDB Local spends on the prefix condition). Checks that all read every item in
 * as many pages.
 */
export async function allByRows(context: ScenarioContext, group: NoteGroup, rounds: Rounds, what: { scenario: string; budget: number; rttMs?: number }): Promise<Row[]> {
  const clientOptions = what.rttMs === undefined ? {} : { rttMs: what.rttMs };
  const libraryClient = context.store.newClient(clientOptions);
  const notes = benchNoteRegistry().createDataAccess({ tableName: group.table, client: libraryClient.client }).BenchNote;
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
  const sameCondition = rawLoop('raw paginated Query loop, same key condition (DocumentClient)', context.store.newClient(clientOptions), group, prefixQuery(group.table, indexKeys.notesOfGroupByPrefix(group.groupId)));
  const partitionOnly = rawLoop('raw paginated Query loop, partition only (DocumentClient)', context.store.newClient(clientOptions), group, partitionQuery(group.table, indexKeys.notesOfGroup(group.groupId)));
  await checkSameKeyCondition(libraryClient, () => notes.allByGroupId(group.groupId), prefixQuery(group.table, indexKeys.notesOfGroupByPrefix(group.groupId)));
  const [lib, same, partition] = (await alternate([library, sameCondition, partitionOnly], rounds)) as [Samples, Samples, Samples];
  const scenario = withRoundTrip(what.scenario, what.rttMs ?? 0);
  const rows = [compare(scenario, lib, same, what.budget), compare(`${scenario}, vs a partition-only Query (no sort-key condition)`, lib, partition, null)];
  for (const raw of [sameCondition, partitionOnly]) check(rows[0]?.requests === raw.pages(), `allBy sent ${rows[0]?.requests} Query requests, ${raw.label} ${raw.pages()}`);
  return rows;
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
      const rows = await allByRows(context, group, { warmup, rounds }, { scenario, budget: 1.15 });
      const rttMs = latencyRerun(context);
      if (rttMs !== undefined) {
        log(`  allBy… done; again with a ${rttMs} ms round trip …`);
        rows.push(...(await allByRows(context, group, sizes.latency.allBy, { scenario, budget: 1.05, rttMs })));
      }
      return rows;
    } finally {
      await store.dropTable(table);
    }
  },
};
