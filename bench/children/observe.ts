/**
 * create or findById with a no-op `onEvent`, without one, and without one but with every request
 * asking for `ReturnConsumedCapacity` — all three in one fresh `node` process, interleaved in
 * small blocks, so that each block of one side runs beside the others' under the same machine
 * and the same DynamoDB Local (its JIT, its garbage, the host's steal time). Measured in processes
 * of their own, one per side, the sides differed by up to ±30 % from one process to the next on a
 * shared 2-core host: far more than the few per cent the row is about. Interleaved, drift hits
 * every side alike; the block order rotates (ABC, BCA, CAB) so that no side always goes first.
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
import { performance } from 'node:perf_hooks';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { benchNoteRegistry } from '../entities.js';
import { addSimulatedRoundTrip } from '../support/round-trip.js';

const [operation = '', endpoint = '', tableName = '', sequential = '0', concurrent = '0', width = '1', warmup = '0', block = '1', rtt = '0'] = process.argv.slice(2);
if (operation !== 'create' && operation !== 'findById') throw new Error(`unknown operation '${operation}'`);
const blockOps = Math.max(1, Number(block));
const inFlight = Math.max(1, Number(width));

const MODES = ['listener', 'none', 'capacity'] as const;
type Mode = (typeof MODES)[number];

const registry = benchNoteRegistry();
const clients: DynamoDBClient[] = [];
let events = 0;
let reported = 0;

function notesFor(mode: Mode) {
  const client = new DynamoDBClient({ endpoint, region: 'local', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  clients.push(client);
  // The same simulated round trip as the bench's own clients under --rtt.
  addSimulatedRoundTrip(client, Number(rtt));
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

const cpuMs = () => {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
};

/** `ops` calls of `mode`, `limit` at a time: wall and CPU time. */
async function timed(mode: Mode, ops: number, limit: number): Promise<{ ms: number; cpuMs: number }> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < ops) {
      next += 1;
      await once(mode);
    }
  };
  const cpuBefore = cpuMs();
  const started = performance.now();
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, ops)) }, worker));
  return { ms: performance.now() - started, cpuMs: cpuMs() - cpuBefore };
}

type Totals = Record<Mode, { ms: number; cpuMs: number }>;

/** `opsPerSide` calls of every side, in blocks of `perBlock`, the order of the sides rotating from one round of blocks to the next. */
async function interleaved(opsPerSide: number, perBlock: number, limit: number): Promise<Totals> {
  const totals: Totals = { listener: { ms: 0, cpuMs: 0 }, none: { ms: 0, cpuMs: 0 }, capacity: { ms: 0, cpuMs: 0 } };
  const blocks = Math.max(1, Math.ceil(opsPerSide / perBlock));
  for (let b = 0; b < blocks; b += 1) {
    const ops = Math.min(perBlock, opsPerSide - b * perBlock);
    for (let i = 0; i < MODES.length; i += 1) {
      const mode = MODES[(b + i) % MODES.length] as Mode;
      const run = await timed(mode, ops, limit);
      totals[mode].ms += run.ms;
      totals[mode].cpuMs += run.cpuMs;
    }
  }
  return totals;
}

// Warm-up: every side, alone and in flight, untimed.
await interleaved(Number(warmup), blockOps, 1);
await interleaved(Number(warmup), blockOps * inFlight, inFlight);
const sequentialRun = await interleaved(Number(sequential), blockOps, 1);
// Concurrent blocks are as many calls per worker as the sequential ones are calls.
const concurrentRun = await interleaved(Number(concurrent), blockOps * inFlight, inFlight);
if (events === 0) throw new Error('the listener saw no event');
if (reported === 0) throw new Error('DynamoDB reported no consumed capacity');
for (const client of clients) client.destroy();
const side = (mode: Mode) => ({
  sequentialMs: sequentialRun[mode].ms,
  concurrentMs: concurrentRun[mode].ms,
  sequentialCpuMs: sequentialRun[mode].cpuMs,
  concurrentCpuMs: concurrentRun[mode].cpuMs,
});
process.stdout.write(JSON.stringify({ listener: side('listener'), none: side('none'), capacity: side('capacity') }));
