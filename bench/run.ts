/**
 * `npm run bench`: measures the library against hand-written ElectroDB / AWS SDK baselines on its
 * own DynamoDB Local, prints the table and writes bench/results.json.
 *
 *   --smoke          tiny sizes, one round, no warm-up; checks the bench works; writes the JSON to a
 *                    temporary file (never bench/results.json) unless --out is given
 *   --out <file>     where to write the JSON
 *   --only a,b       run only these scenarios (cold-start, hydration, crud, create-many, all-by,
 *                    cascade, offboarding, unique-create, external-updates, idempotency, migration,
 *                    growth-all-by, growth-cascade, memory, observe)
 *   --strict         exit 1 when a row is over budget
 *   --rtt <ms>       add a simulated network round trip to every request of both sides (what the
 *                    scenarios look like against DynamoDB over a network rather than on localhost)
 *
 * Only the full run (no --smoke, --only or --rtt) writes bench/results.json by default, and then
 * bench/results.svg, its chart (`npm run bench:chart` redraws it); any other run writes the JSON
 * to a temporary file unless --out is given, and no chart.
 */
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { renderChart } from './chart.js';
import { FULL, SMOKE } from './config.js';
import type { Row } from './report.js';
import { passes, tableLines, toJson } from './report.js';
import { setServerCpuProbe } from './harness.js';
import type { Scenario } from './scenario.js';
import { withRoundTrip } from './scenario.js';
import { ensureBuild, ROOT } from './support/build.js';
import { startBenchStore } from './support/local.js';
import { allBy } from './scenarios/all-by.js';
import { cascade } from './scenarios/cascade.js';
import { coldStart } from './scenarios/cold-start.js';
import { createMany } from './scenarios/create-many.js';
import { crud } from './scenarios/crud.js';
import { hydration } from './scenarios/hydration.js';
import { memory } from './scenarios/memory.js';
import { observe } from './scenarios/observe.js';
import { offboarding } from './scenarios/offboarding.js';
import { uniqueCreate } from './scenarios/unique-create.js';
import { externalUpdates } from './scenarios/external-updates.js';
import { growthAllBy } from './scenarios/growth-all-by.js';
import { growthCascade } from './scenarios/growth-cascade.js';
import { idempotency } from './scenarios/idempotency.js';
import { migration } from './scenarios/migration.js';

// observe runs its sides in child processes; it comes last all the same, so that nothing a
// listener leaves behind (wrapped prototypes, warmed-up code) is in this process before another
// scenario measures.
const SCENARIOS: readonly Scenario[] = [
  coldStart,
  hydration,
  crud,
  createMany,
  allBy,
  cascade,
  offboarding,
  uniqueCreate,
  externalUpdates,
  idempotency,
  migration,
  growthAllBy,
  growthCascade,
  memory,
  observe,
];

const { values } = parseArgs({
  options: {
    smoke: { type: 'boolean', default: false },
    out: { type: 'string' },
    only: { type: 'string' },
    strict: { type: 'boolean', default: false },
    rtt: { type: 'string' },
  },
});

const rttMs = values.rtt === undefined ? 0 : Number(values.rtt);
if (!Number.isFinite(rttMs) || rttMs < 0) throw new Error('--rtt must be a number of milliseconds');

const sizes = values.smoke ? SMOKE : FULL;
const only = values.only?.split(',').map((name) => name.trim());
const unknown = only?.filter((name) => !SCENARIOS.some((scenario) => scenario.name === name)) ?? [];
if (unknown.length > 0) throw new Error(`unknown scenario(s): ${unknown.join(', ')}; known: ${SCENARIOS.map((s) => s.name).join(', ')}`);
const selected = SCENARIOS.filter((scenario) => !only || only.includes(scenario.name));
const canonical = !values.smoke && !only && rttMs === 0;
const out = values.out ?? (canonical ? join(ROOT, 'bench', 'results.json') : join(tmpdir(), `tmda-bench-${values.smoke ? 'smoke' : 'partial'}-${process.pid}.json`));

const started = performance.now();
const elapsed = () => `${((performance.now() - started) / 1000).toFixed(1)} s`;
const log = (message: string) => console.log(`[${elapsed()}] ${message}`);

const build = ensureBuild(log);
log('starting DynamoDB Local …');
const store = await startBenchStore({ rttMs });
log(`DynamoDB Local on ${store.endpoint}${store.serverCpuMs() === undefined ? ' (its CPU time cannot be read)' : ''}${rttMs > 0 ? `, +${rttMs} ms simulated round trip per request` : ''}`);
setServerCpuProbe(() => store.serverCpuMs());
const rows: Row[] = [];
try {
  for (const scenario of selected) {
    log(`scenario ${scenario.name} …`);
    const produced = await scenario.run({ sizes, store, build, log });
    for (const row of produced) {
      if (!Number.isFinite(row.library.median) || !Number.isFinite(row.baselineStat.median) || !Number.isFinite(row.ratio)) {
        throw new Error(`scenario ${scenario.name} produced no figure for '${row.scenario}'`);
      }
    }
    rows.push(...produced.map((row) => ({ ...row, scenario: withRoundTrip(row.scenario, rttMs) })));
    log(`scenario ${scenario.name} done`);
  }
} finally {
  await store.stop();
}

console.log('');
for (const line of tableLines(rows, { smoke: values.smoke })) console.log(line);
console.log('');
const json = toJson(rows);
writeFileSync(out, `${JSON.stringify(json, null, 2)}\n`);
const over = rows.filter((row) => passes(row) === false);
console.log(`${rows.length} rows written to ${out} in ${elapsed()}${values.smoke ? ' (smoke run: sizes are tiny, the ratios mean nothing)' : ''}`);
// The chart BENCHMARKS.md shows, of the canonical run only (`npm run bench:chart` redraws it from the JSON).
if (canonical) {
  const chart = join(ROOT, 'bench', 'results.svg');
  writeFileSync(chart, renderChart(json));
  console.log(`chart written to ${chart}`);
}
if (!values.smoke && over.length > 0) console.log(`over budget: ${over.map((row) => row.scenario).join('; ')}`);
if (values.strict && !values.smoke && over.length > 0) process.exitCode = 1;
