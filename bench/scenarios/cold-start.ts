/**
 * Scenario 1 — cold start in fresh `node` processes: importing the built package and calling
 * createDataAccess(), vs importing ElectroDB + the SDK and building the same Service by hand
 * (≤ 1.0×: nothing per entity is built before its first use); the time to the first request's
 * answer (import, build, one findById on DynamoDB Local) vs the hand-built Service's get of the
 * same item (≤ 1.05×). Then synthetic registries of 5 and 50 entities: until used, and up to the
 * first findById of one entity, 50 cost at most 1.5× what 5 cost (flat, not linear).
 */
import { LOCAL_CREDENTIALS } from '../../test/support/dynamo-local.js';
import { createDataAccess } from '../../src/index.js';
import { connectionInput } from '../fixtures.js';
import type { Contender, Samples } from '../harness.js';
import { alternate } from '../harness.js';
import type { Row } from '../report.js';
import { compare } from '../report.js';
import type { Scenario, ScenarioContext } from '../scenario.js';
import { check } from '../scenario.js';
import { runChild } from '../support/child.js';

interface ColdStartOutput {
  readonly ms: number;
  readonly cpuMs: number;
  readonly sinceProcessStart: number;
}

/** What a service on AWS Lambda finds in its environment. */
const CREDENTIALS_ENV = { AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId, AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey };

/** A contender that starts a child per run; `wall` collects the measured runs' spawn-to-exit times. */
function childContender(label: string, script: string, args: readonly string[], wall: number[]): Contender {
  return {
    label,
    prepare: (info) => ({
      run: async () => {
        const { output, wallMs } = await runChild<ColdStartOutput>(script, args, [], CREDENTIALS_ENV);
        check(Number.isFinite(output.ms) && output.ms > 0, `${label}: the child reported no time`);
        if (!info.warmup) wall.push(wallMs);
        return { ms: output.ms, cpuMs: output.cpuMs };
      },
    }),
  };
}

async function packageVsElectro(context: ScenarioContext): Promise<Row[]> {
  const script = context.build.child('cold-start');
  const wallLibrary: number[] = [];
  const wallBaseline: number[] = [];
  const [library, baseline] = (await alternate(
    [
      childContender('import package + createDataAccess()', script, ['library'], wallLibrary),
      childContender('import ElectroDB + SDK, Service of the same entities by hand', script, ['baseline'], wallBaseline),
    ],
    context.sizes.coldStart,
  )) as [Samples, Samples];
  const wholeLibrary: Samples = { label: library.label, ms: wallLibrary, requests: [] };
  const wholeBaseline: Samples = { label: 'node process: import ElectroDB + SDK, build the Service, exit', ms: wallBaseline, requests: [] };
  return [
    compare('cold start: import + createDataAccess() in a fresh process', library, baseline, 1.0),
    compare('cold start: whole node process (boot, import, build, exit)', wholeLibrary, wholeBaseline, 1.0),
  ];
}

/** Import, build and one findById of a connection (GetItem) in a fresh process, on the bench's DynamoDB Local. */
async function firstRequest(context: ScenarioContext): Promise<Row[]> {
  const { store } = context;
  const script = context.build.child('cold-start');
  const table = await store.newTable('first-request');
  try {
    const connection = await createDataAccess({ tableName: table, client: store.newClient().client }).TaskManagementConnection.create(connectionInput());
    const args = [store.endpoint, table, connection.getId()];
    const [library, baseline] = (await alternate(
      [
        childContender('import package + createDataAccess() + findById', script, ['first-library', ...args], []),
        childContender('import ElectroDB + SDK, Service by hand + its get', script, ['first-baseline', ...args], []),
      ],
      context.sizes.coldStart,
    )) as [Samples, Samples];
    return [compare('time to first request: import + createDataAccess() + findById, fresh process', library, baseline, 1.05)];
  } finally {
    await store.dropTable(table);
  }
}

async function registrySizes(context: ScenarioContext): Promise<Row[]> {
  const script = context.build.child('cold-start');
  const [small, large] = context.sizes.registry.entities;
  const rows: Row[] = [];
  for (const [mode, what] of [
    ['registry', 'until used'],
    ['registry-use', 'up to the first findById of one entity'],
  ] as const) {
    const contenders = [large, small].map((n) => childContender(`registry of ${n} synthetic entities, ${what}`, script, [mode, String(n)], []));
    const [l, s] = (await alternate(contenders, { warmup: context.sizes.registry.warmup, rounds: context.sizes.registry.rounds })) as [Samples, Samples];
    rows.push(compare(`cold start: registry of ${large} synthetic entities vs ${small}, ${what} (flat)`, l, s, 1.5));
  }
  return rows;
}

export const coldStart: Scenario = {
  name: 'cold-start',
  async run(context) {
    return [...(await packageVsElectro(context)), ...(await firstRequest(context)), ...(await registrySizes(context))];
  },
};
