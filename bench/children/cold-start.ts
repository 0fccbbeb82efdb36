/**
 * One cold start, in a fresh `node` process (compiled JavaScript, no loader). Prints JSON:
 * `{ ms, sinceProcessStart }` — `ms` is the time from before the first import to a ready
 * DataAccess (or ElectroDB Service, or registry); `sinceProcessStart` adds node's own boot.
 *
 *   node cold-start.js library            import the package + createDataAccess()
 *   node cold-start.js baseline           import ElectroDB + the SDK, build the same Service by hand
 *   node cold-start.js registry <n>       (package already imported) a synthetic registry of n entities + createDataAccess()
 */
import { performance } from 'node:perf_hooks';

const [mode = '', count = '0'] = process.argv.slice(2);
const config = { tableName: 'bench-cold-start', region: 'local', endpoint: 'http://127.0.0.1:9' };
let started = performance.now();

if (mode === 'library') {
  const { createDataAccess } = await import('../../src/index.js');
  createDataAccess(config);
} else if (mode === 'baseline') {
  const { createDocumentClient, createElectroService } = await import('../baselines/electro-service.js');
  createElectroService(config.tableName, createDocumentClient(config));
} else if (mode === 'registry') {
  const { syntheticRegistry } = await import('./synthetic-registry.js');
  started = performance.now();
  syntheticRegistry(Number(count)).createDataAccess(config);
} else {
  throw new Error(`unknown mode '${mode}'`);
}

const ready = performance.now();
process.stdout.write(JSON.stringify({ ms: ready - started, sinceProcessStart: ready }));
