/**
 * create or findById in a fresh `node` process, with or without a no-op `onEvent` — each side in
 * a process of its own, so that neither inherits the other's wrapped prototypes, warmed-up code
 * or garbage (and the comparison stays fair should a listener ever cost the whole process, as
 * AsyncLocalStorage's async hook did before the operation scope was handed down). Prints
 * JSON `{ sequentialMs, concurrentMs, sequentialCpuMs, concurrentCpuMs }`: wall and CPU time of
 * the timed runs after an untimed warm-up.
 *
 * Mode `capacity`: no listener, but every request asks for `ReturnConsumedCapacity: 'TOTAL'`
 * (as a listener makes the library do, since each event reports the capacity DynamoDB consumed),
 * so that what DynamoDB Local spends reporting capacity is told apart from what the hook costs.
 *
 *   node observe.js <listener|none|capacity> <create|findById> <endpoint> <table> <sequentialOps> <concurrentOps> <inFlight> <warmupOps> [rttMs]
 */
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { benchNoteRegistry } from '../entities.js';
import { addSimulatedRoundTrip } from '../support/round-trip.js';

const [mode = '', operation = '', endpoint = '', tableName = '', sequential = '0', concurrent = '0', width = '1', warmup = '0', rtt = '0'] = process.argv.slice(2);
if (mode !== 'listener' && mode !== 'none' && mode !== 'capacity') throw new Error(`unknown mode '${mode}'`);
if (operation !== 'create' && operation !== 'findById') throw new Error(`unknown operation '${operation}'`);

const client = new DynamoDBClient({ endpoint, region: 'local', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
// The same simulated round trip as the bench's own clients under --rtt.
addSimulatedRoundTrip(client, Number(rtt));
let reported = 0;
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
let events = 0;
const notes = benchNoteRegistry().createDataAccess({ tableName, client, ...(mode === 'listener' ? { onEvent: () => void (events += 1) } : {}) }).BenchNote;
const newNote = (position: number) => ({ groupId: randomUUID(), title: 'observe', body: 'created by the observe scenario', position });

// Notes to read: created before any timing, the same for both modes.
const seeded = await notes.createMany(Array.from({ length: 50 }, (_, i) => newNote(i)));
const ids = seeded.created.map((note) => note.getId());
let cursor = 0;
const once = async (): Promise<void> => {
  cursor += 1;
  if (operation === 'create') await notes.create(newNote(cursor));
  else if ((await notes.findById(ids[cursor % ids.length] as string)) === null) throw new Error('findById found nothing');
};

const cpuMs = () => {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
};

async function timed(ops: number, limit: number): Promise<{ ms: number; cpuMs: number }> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < ops) {
      next += 1;
      await once();
    }
  };
  const cpuBefore = cpuMs();
  const started = performance.now();
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, ops)) }, worker));
  return { ms: performance.now() - started, cpuMs: cpuMs() - cpuBefore };
}

await timed(Number(warmup), Number(width));
const sequentialRun = await timed(Number(sequential), 1);
const concurrentRun = await timed(Number(concurrent), Number(width));
if (mode === 'listener' && events === 0) throw new Error('the listener saw no event');
if (mode === 'capacity' && reported === 0) throw new Error('DynamoDB reported no consumed capacity');
client.destroy();
process.stdout.write(JSON.stringify({ sequentialMs: sequentialRun.ms, concurrentMs: concurrentRun.ms, sequentialCpuMs: sequentialRun.cpuMs, concurrentCpuMs: concurrentRun.cpuMs }));
