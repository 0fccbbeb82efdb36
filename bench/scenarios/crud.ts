/**
 * Scenario 3 — create, findById and a query by index, vs the same calls on raw ElectroDB
 * (≤ 1.10×), sequentially and with 16 in flight, on the guard-free BenchNote (so that every side
 * sends the same request: a conditional PutItem, a GetItem, one Query page). The raw
 * DocumentClient sending the hand-built request runs in the same rounds: the library's client CPU
 * per operation (this process's CPU time over the run, SDK included) ≤ 1.15× its own.
 */
import { randomUUID } from 'node:crypto';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { createBenchNoteEntity } from '../baselines/electro-service.js';
import { benchNoteItem, benchNoteKey, indexKeys } from '../baselines/raw-items.js';
import { partitionQuery, queryAllPages } from '../baselines/raw-sdk.js';
import { checkNoteLayout } from '../checks.js';
import { benchNoteRegistry } from '../entities.js';
import { noteInputs } from '../fixtures.js';
import type { Samples } from '../harness.js';
import { alternate, inFlight, plain } from '../harness.js';
import type { Row } from '../report.js';
import { compare } from '../report.js';
import type { Scenario } from '../scenario.js';
import { check } from '../scenario.js';

const NOTES_PER_GROUP = 10;

/** The request each raw DocumentClient contender sends by hand. */
const REQUEST_OF: Readonly<Record<string, string>> = { create: 'PutItem (attribute_not_exists)', findById: 'GetItem', 'query by index': 'Query, every page' };

/** A contender's CPU time per call (µs) in each round, as samples of their own (the ratio of a CPU row). */
function cpuPerCall(samples: Samples, calls: number): Samples {
  check(samples.cpu !== undefined && samples.cpu.length === samples.ms.length, `${samples.label}: no CPU time per run`);
  return { label: `${samples.label}, CPU`, ms: samples.cpu.map((ms) => (ms * 1000) / calls), requests: [] };
}
const GROUPS = 20;

export const crud: Scenario = {
  name: 'crud',
  async run({ sizes, store, log }) {
    const { sequentialOps, concurrentOps, inFlight: width, warmup, rounds } = sizes.crud;
    const table = await store.newTable('crud');
    const libraryClient = store.newClient();
    const electroClient = store.newClient();
    const rawClient = store.newClient();
    const notes = benchNoteRegistry().createDataAccess({ tableName: table, client: libraryClient.client }).BenchNote;
    const electro = createBenchNoteEntity(table, electroClient.doc);
    try {
      await checkNoteLayout(electroClient.doc, table, notes, electro);
      const groups = Array.from({ length: GROUPS }, () => randomUUID());
      const seeded = await notes.createMany(groups.flatMap((groupId) => noteInputs(groupId, NOTES_PER_GROUP, 200)));
      check(seeded.failed.length === 0, 'seeding failed');
      const ids = seeded.created.map((note) => note.getId());
      let cursor = 0;
      const nextId = () => ids[cursor++ % ids.length] as string;
      const nextGroup = () => groups[cursor++ % groups.length] as string;
      const newNote = () => ({ groupId: randomUUID(), title: 'crud', body: 'created by the crud scenario', position: cursor++ });

      const operations = {
        create: {
          library: async () => {
            await notes.create(newNote());
          },
          electro: async () => {
            await electro.create(newNote()).go();
          },
          raw: async () => {
            await rawClient.doc.send(new PutCommand({ TableName: table, Item: benchNoteItem(newNote()), ConditionExpression: 'attribute_not_exists(pk)' }));
          },
        },
        findById: {
          library: async () => {
            check((await notes.findById(nextId())) !== null, 'findById found nothing');
          },
          electro: async () => {
            check((await electro.get({ benchNoteId: nextId() }).go()).data !== null, 'get found nothing');
          },
          raw: async () => {
            check((await rawClient.doc.send(new GetCommand({ TableName: table, Key: benchNoteKey(nextId()) }))).Item !== undefined, 'GetItem found nothing');
          },
        },
        'query by index': {
          library: async () => {
            check((await notes.allByGroupId(nextGroup())).length === NOTES_PER_GROUP, 'allByGroupId missed notes');
          },
          electro: async () => {
            check((await electro.query.byGroup({ groupId: nextGroup() }).go({ pages: 'all' })).data.length === NOTES_PER_GROUP, 'query missed notes');
          },
          raw: async () => {
            check((await queryAllPages(rawClient.doc, partitionQuery(table, indexKeys.notesOfGroup(nextGroup())))).length === NOTES_PER_GROUP, 'Query missed notes');
          },
        },
      };

      const rows: Row[] = [];
      for (const [name, operation] of Object.entries(operations)) {
        for (const [mode, ops, limit] of [
          ['sequential', sequentialOps, 1],
          [`${width} in flight`, concurrentOps, width],
        ] as const) {
          const batch = Array.from({ length: ops }, (_, i) => i);
          const [library, baseline, raw] = (await alternate(
            [
              plain(`library ${name}`, () => inFlight(batch, limit, operation.library)),
              plain(`raw ElectroDB ${name === 'findById' ? 'get' : name}`, () => inFlight(batch, limit, operation.electro)),
              plain(`raw DocumentClient ${REQUEST_OF[name]}`, () => inFlight(batch, limit, operation.raw)),
            ],
            // Runs of single calls: a scavenge between runs (see BetweenRuns).
            { warmup, rounds, between: 'scavenge' },
          )) as [Samples, Samples, Samples];
          rows.push(compare(`${name}: ${ops} calls, ${mode}`, library, baseline, 1.1));
          rows.push(compare(`${name}: client CPU per call, ${mode}, vs raw DocumentClient`, cpuPerCall(library, ops), cpuPerCall(raw, ops), 1.15, { unit: 'µs' }));
          log(`  ${name} ${mode} done`);
        }
      }
      return rows;
    } finally {
      await store.dropTable(table);
    }
  },
};
