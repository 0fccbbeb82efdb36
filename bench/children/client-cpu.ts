/**
 * create, findById or a query by index through the library and the same request sent by hand
 * through a raw DocumentClient — both in one fresh `node` process, interleaved in small blocks
 * (bench/support/interleave.ts) — for the rows on the library's own client CPU. Each side has an
 * SDK client of its own, the bench's (bench/support/bench-client.ts).
 *
 * Prints JSON `{ library, raw }`, each `{ sequentialMs, concurrentMs, sequentialCpuMs,
 * concurrentCpuMs }` summed over the side's timed blocks.
 *
 *   node client-cpu.js <create|findById|query> <endpoint> <table> <sequentialOps> <concurrentOps> <inFlight> <warmupOps> <blockOps> [rttMs]
 */
import { randomUUID } from 'node:crypto';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { benchNoteItem, benchNoteKey, indexKeys } from '../baselines/raw-items.js';
import { partitionQuery, queryAllPages } from '../baselines/raw-sdk.js';
import { benchNoteRegistry } from '../entities.js';
import { noteInputs } from '../fixtures.js';
import { benchClient } from '../support/bench-client.js';
import { interleaveArgs, measureInterleaved } from '../support/interleave.js';

const [operation = '', endpoint = '', tableName = '', ...rest] = process.argv.slice(2);
if (operation !== 'create' && operation !== 'findById' && operation !== 'query') throw new Error(`unknown operation '${operation}'`);
const { sizes, rttMs } = interleaveArgs(rest);

const GROUPS = 20;
const NOTES_PER_GROUP = 10;

const library = benchClient(endpoint, rttMs);
const raw = benchClient(endpoint, rttMs);
const notes = benchNoteRegistry().createDataAccess({ tableName, client: library.client }).BenchNote;
const { doc } = raw;

// Notes to read, created before any timing: the same for both sides.
const groups = Array.from({ length: GROUPS }, () => randomUUID());
const seeded = await notes.createMany(groups.flatMap((groupId) => noteInputs(groupId, NOTES_PER_GROUP, 200)));
if (seeded.failed.length > 0) throw new Error('seeding failed');
const ids = seeded.created.map((note) => note.getId());
let cursor = 0;
const nextId = () => ids[cursor++ % ids.length] as string;
const nextGroup = () => groups[cursor++ % groups.length] as string;
const newNote = () => ({ groupId: randomUUID(), title: 'crud', body: 'created by the crud scenario', position: cursor++ });
const expect = (ok: boolean, what: string) => {
  if (!ok) throw new Error(what);
};

const SIDES = {
  create: {
    library: async () => {
      await notes.create(newNote());
    },
    raw: async () => {
      await doc.send(new PutCommand({ TableName: tableName, Item: benchNoteItem(newNote()), ConditionExpression: 'attribute_not_exists(pk)' }));
    },
  },
  findById: {
    library: async () => expect((await notes.findById(nextId())) !== null, 'findById found nothing'),
    raw: async () => expect((await doc.send(new GetCommand({ TableName: tableName, Key: benchNoteKey(nextId()) }))).Item !== undefined, 'GetItem found nothing'),
  },
  query: {
    library: async () => expect((await notes.allByGroupId(nextGroup())).length === NOTES_PER_GROUP, 'allByGroupId missed notes'),
    raw: async () => expect((await queryAllPages(doc, partitionQuery(tableName, indexKeys.notesOfGroup(nextGroup())))).length === NOTES_PER_GROUP, 'Query missed notes'),
  },
} as const;

const totals = await measureInterleaved(SIDES[operation], sizes);
library.client.destroy();
raw.client.destroy();
process.stdout.write(JSON.stringify(totals));
