/**
 * create or findById with a no-op `onEvent`, without one, and without one but with every request
 * asking for `ReturnConsumedCapacity` — all three in one fresh `node` process, interleaved in
 * small blocks (bench/support/interleave.ts).
 *
 * The sides share the library's code, and with it the JIT's type feedback: the no-listener side
 * runs code that has also seen listeners, which can only make it slower, i.e. the ratio here is
 * if anything flattering to the side without a listener. Each side has a DataAccess and an SDK
 * client of its own.
 *
 * Mode `capacity` asks for `ReturnConsumedCapacity: 'TOTAL'` on every request (as a listener makes
 * the library do, since each event reports the capacity DynamoDB consumed), so that what DynamoDB
 * Local spends reporting capacity is told apart from what the hook costs.
 *
 * Prints JSON `{ listener, none, capacity }`, each `{ sequentialMs, concurrentMs, sequentialCpuMs,
 * concurrentCpuMs }`: the side's wall and CPU time summed over its timed blocks, after an untimed
 * warm-up of every side.
 *
 *   node observe.js <create|findById> <endpoint> <table> <sequentialOps> <concurrentOps> <inFlight> <warmupOps> <blockOps> [rttMs]
 */
import { randomUUID } from 'node:crypto';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { benchNoteRegistry } from '../entities.js';
import { benchClient } from '../support/bench-client.js';
import { interleaveArgs, measureInterleaved } from '../support/interleave.js';

const [operation = '', endpoint = '', tableName = '', ...rest] = process.argv.slice(2);
if (operation !== 'create' && operation !== 'findById') throw new Error(`unknown operation '${operation}'`);
const { sizes, rttMs } = interleaveArgs(rest);

type Mode = 'listener' | 'none' | 'capacity';

const registry = benchNoteRegistry();
const clients: DynamoDBClient[] = [];
let events = 0;
let reported = 0;

function notesFor(mode: Mode) {
  // The bench's own client, with the same simulated round trip as its clients under --rtt.
  const { client } = benchClient(endpoint, rttMs);
  clients.push(client);
  if (mode === 'capacity') {
    client.middlewareStack.add(
      (next) => async (args) => {
        (args.input as { ReturnConsumedCapacity?: string }).ReturnConsumedCapacity = 'TOTAL';
        const result = await next(args);
        if ((result.output as { ConsumedCapacity?: unknown }).ConsumedCapacity !== undefined) reported += 1;
        return result;
      },
      { step: 'initialize', name: 'benchAskForCapacity' },
    );
  }
  return registry.createDataAccess({ tableName, client, ...(mode === 'listener' ? { onEvent: () => void (events += 1) } : {}) }).BenchNote;
}

const sides = { listener: notesFor('listener'), none: notesFor('none'), capacity: notesFor('capacity') };
const newNote = (position: number) => ({ groupId: randomUUID(), title: 'observe', body: 'created by the observe scenario', position });

// Notes to read: created before any timing, the same for every side.
const seeded = await sides.none.createMany(Array.from({ length: 50 }, (_, i) => newNote(i)));
const ids = seeded.created.map((note) => note.getId());
let cursor = 0;
async function once(mode: Mode): Promise<void> {
  cursor += 1;
  const notes = sides[mode];
  if (operation === 'create') await notes.create(newNote(cursor));
  else if ((await notes.findById(ids[cursor % ids.length] as string)) === null) throw new Error('findById found nothing');
}

const totals = await measureInterleaved({ listener: () => once('listener'), none: () => once('none'), capacity: () => once('capacity') }, sizes);
if (events === 0) throw new Error('the listener saw no event');
if (reported === 0) throw new Error('DynamoDB reported no consumed capacity');
for (const client of clients) client.destroy();
process.stdout.write(JSON.stringify(totals));
