/**
 * Scenario 3 — create, findById and a query by index, vs the same calls on raw ElectroDB
 * (≤ 1.10×), sequentially and with 16 in flight, on the guard-free BenchNote (so that every side
 * sends the same request: a conditional PutItem, a GetItem, one Query page).
 *
 * The library's client CPU per operation (the process's CPU time, SDK included) ≤ 1.15× that of
 * a raw DocumentClient sending the hand-built request: measured in fresh processes of their own
 * (bench/children/client-cpu.ts), both sides interleaved in blocks of a few calls. Taken from
 * the runs above (200 calls of one side, then of the next), the CPU ratio of the same code moved
 * by ±25 % from one round to the next (paired 1.07–1.52× for create in one run), while
 * interleaved it holds within a few per cent.
 */
import { randomUUID } from 'node:crypto';
import { createBenchNoteEntity } from '../baselines/electro-service.js';
import { checkNoteLayout } from '../checks.js';
import { benchNoteRegistry } from '../entities.js';
import { noteInputs } from '../fixtures.js';
import type { Samples } from '../harness.js';
import { alternate, inFlight, plain } from '../harness.js';
import type { Row } from '../report.js';
import { compare } from '../report.js';
import type { Scenario, ScenarioContext } from '../scenario.js';
import { check } from '../scenario.js';
import { interleavedRounds } from '../support/interleaved-rounds.js';

const NOTES_PER_GROUP = 10;

/** The request each raw DocumentClient contender sends by hand (bench/children/client-cpu.ts), and the child's name for the operation. */
const RAW_OF: Readonly<Record<string, { request: string; child: string }>> = {
  create: { request: 'PutItem (attribute_not_exists)', child: 'create' },
  findById: { request: 'GetItem', child: 'findById' },
  'query by index': { request: 'Query, every page', child: 'query' },
};

const GROUPS = 20;

/** A side's CPU time per call (µs) in each process, as samples of their own (the ratio of a CPU row). */
function cpuPerCall(samples: Samples, calls: number): Samples {
  check(samples.cpu !== undefined && samples.cpu.length === samples.ms.length, `${samples.label}: no CPU time per run`);
  return { label: `${samples.label}, CPU`, ms: samples.cpu.map((ms) => (ms * 1000) / calls), requests: [] };
}

/** The client CPU rows: the library against the raw DocumentClient, interleaved in processes of their own. */
async function clientCpuRows({ sizes, store, build, log }: ScenarioContext, table: string): Promise<Row[]> {
  const cpuSizes = sizes.crudCpu;
  const rows: Row[] = [];
  for (const [name, raw] of Object.entries(RAW_OF)) {
    const samples = await interleavedRounds(build.child('client-cpu'), [raw.child, store.endpoint, table], ['library', 'raw'] as const, cpuSizes, store.rttMs, name);
    for (const [mode, calls, of] of [
      ['sequential', cpuSizes.sequentialOps, samples.sequential],
      [`${cpuSizes.inFlight} in flight`, cpuSizes.concurrentOps, samples.concurrent],
    ] as const) {
      const library = cpuPerCall(of('library', `library ${name}`), calls);
      const baseline = cpuPerCall(of('raw', `raw DocumentClient ${raw.request}`), calls);
      rows.push(compare(`${name}: client CPU per call, ${mode}, vs raw DocumentClient`, library, baseline, 1.15, { unit: 'µs' }));
    }
    log(`  ${name} client CPU done`);
  }
  return rows;
}

export const crud: Scenario = {
  name: 'crud',
  async run(context) {
    const { sizes, store, log } = context;
    const { sequentialOps, concurrentOps, inFlight: width, warmup, rounds } = sizes.crud;
    const table = await store.newTable('crud');
    const libraryClient = store.newClient();
    const electroClient = store.newClient();
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
        },
        findById: {
          library: async () => {
            check((await notes.findById(nextId())) !== null, 'findById found nothing');
          },
          electro: async () => {
            check((await electro.get({ benchNoteId: nextId() }).go()).data !== null, 'get found nothing');
          },
        },
        'query by index': {
          library: async () => {
            check((await notes.allByGroupId(nextGroup())).length === NOTES_PER_GROUP, 'allByGroupId missed notes');
          },
          electro: async () => {
            check((await electro.query.byGroup({ groupId: nextGroup() }).go({ pages: 'all' })).data.length === NOTES_PER_GROUP, 'query missed notes');
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
          const [library, baseline] = (await alternate(
            [
              plain(`library ${name}`, () => inFlight(batch, limit, operation.library)),
              plain(`raw ElectroDB ${name === 'findById' ? 'get' : name}`, () => inFlight(batch, limit, operation.electro)),
            ],
            // Runs of single calls: a scavenge between runs (see BetweenRuns).
            { warmup, rounds, between: 'scavenge' },
          )) as [Samples, Samples];
          rows.push(compare(`${name}: ${ops} calls, ${mode}`, library, baseline, 1.1));
          log(`  ${name} ${mode} done`);
        }
      }
      rows.push(...(await clientCpuRows(context, table)));
      return rows;
    } finally {
      await store.dropTable(table);
    }
  },
};
