/**
 * Heap per item, in a fresh process started with --expose-gc. Prints JSON `{ bytesPerItem }`:
 *
 *   node --expose-gc memory.js records <n>   n Ticket items as a read returns them (plain objects)
 *   node --expose-gc memory.js models <n>    the same n items hydrated into Ticket models (each model keeps its item)
 */
import { createDataAccess } from '../../src/index.js';
import { ticketHydrator } from '../entities.js';
import { storedTicketItems } from '../fixtures.js';

const [mode = '', count = '0'] = process.argv.slice(2);
const n = Number(count);
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with --expose-gc');

const hydrate = ticketHydrator(createDataAccess({ tableName: 'bench-memory', region: 'local', endpoint: 'http://127.0.0.1:9' }).Ticket);
// Warm every path once so that code and hidden classes are not counted.
hydrate(storedTicketItems(10)).map((model) => model.getId());
const settle = () => {
  for (let i = 0; i < 4; i += 1) gc();
  return process.memoryUsage().heapUsed;
};

const before = settle();
let kept: unknown[];
if (mode === 'records') kept = storedTicketItems(n);
else if (mode === 'models') kept = hydrate(storedTicketItems(n));
else throw new Error(`unknown mode '${mode}'`);
const after = settle();
if (kept.length !== n) throw new Error('lost items');
process.stdout.write(JSON.stringify({ bytesPerItem: (after - before) / n }));
