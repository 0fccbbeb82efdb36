/**
 * One cold start, in a fresh `node` process (compiled JavaScript, no loader). Prints JSON:
 * `{ ms, cpuMs, sinceProcessStart }` — `ms` is the time from before the first import to a ready
 * DataAccess (or ElectroDB Service, or registry), or to the answer of the first request; `cpuMs`
 * the CPU time the process spent meanwhile (steadier than `ms` on a loaded machine);
 * `sinceProcessStart` adds node's own boot.
 *
 *   node cold-start.js library                          import the package + createDataAccess()
 *   node cold-start.js baseline                         import ElectroDB + the SDK, build the same Service by hand
 *   node cold-start.js first-library <endpoint> <table> <connectionId>
 *                                                       import + createDataAccess() + TaskManagementConnection.findById
 *   node cold-start.js first-baseline <endpoint> <table> <connectionId>
 *                                                       import ElectroDB + the SDK, the Service by hand, its get of the same connection
 *   node cold-start.js registry <n>                     (package already imported) a synthetic registry of n entities + createDataAccess()
 *   node cold-start.js registry-use <n>                 the same + the first findById of one of its entities (on a client that answers
 *                                                       every request with nothing: no network, only the library's own work)
 *
 * The first-request modes read credentials from the environment (AWS_ACCESS_KEY_ID, …), like a
 * service on AWS Lambda.
 */
import { performance } from 'node:perf_hooks';

const [mode = '', ...args] = process.argv.slice(2);
const config = { tableName: 'bench-cold-start', region: 'local', endpoint: 'http://127.0.0.1:9' };
const cpuMs = () => {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
};
let started = performance.now();
let cpuStarted = cpuMs();

/** A DocumentClient-shaped stub (it has its translateConfig, so the library sends through it as it is). */
const silentClient = {
  config: { translateConfig: undefined },
  middlewareStack: { add: () => undefined, use: () => undefined },
  send: () => Promise.resolve({}),
};

if (mode === 'library') {
  const { createDataAccess } = await import('../../src/index.js');
  createDataAccess(config);
} else if (mode === 'baseline') {
  const { createDocumentClient, createElectroService } = await import('../baselines/electro-service.js');
  createElectroService(config.tableName, createDocumentClient(config));
} else if (mode === 'first-library') {
  const [endpoint = '', tableName = '', id = ''] = args;
  const { createDataAccess } = await import('../../src/index.js');
  const found = await createDataAccess({ tableName, region: 'local', endpoint }).TaskManagementConnection.findById(id);
  if (found === null) throw new Error('findById found nothing');
} else if (mode === 'first-baseline') {
  const [endpoint = '', tableName = '', id = ''] = args;
  const { createDocumentClient, createElectroService } = await import('../baselines/electro-service.js');
  const service = createElectroService(tableName, createDocumentClient({ region: 'local', endpoint }));
  const { data } = await service.entities.connection.get({ taskManagementConnectionId: id }).go();
  if (data === null) throw new Error('get found nothing');
} else if (mode === 'registry' || mode === 'registry-use') {
  const { syntheticRegistry } = await import('./synthetic-registry.js');
  started = performance.now();
  cpuStarted = cpuMs();
  if (mode === 'registry') syntheticRegistry(Number(args[0])).createDataAccess(config);
  else {
    const da = syntheticRegistry(Number(args[0])).createDataAccess({ tableName: config.tableName, client: silentClient }) as Record<string, { findById(id: string): Promise<unknown> }>;
    if ((await da.Synthetic0?.findById('0b9f7c1e-6a3d-4c2b-9e5f-1a2b3c4d5e6f')) !== null) throw new Error('the silent client found something');
  }
} else {
  throw new Error(`unknown mode '${mode}'`);
}

const ready = performance.now();
const output = JSON.stringify({ ms: ready - started, cpuMs: cpuMs() - cpuStarted, sinceProcessStart: ready });
// After a request, exit at once: the client's open sockets must not keep the process waiting.
if (mode.startsWith('first-')) process.stdout.write(output, () => process.exit(0));
else process.stdout.write(output);
