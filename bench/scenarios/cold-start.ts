/**
 * Scenario 1 — cold start in fresh `node` processes: importing the built package and calling
 * createDataAccess(), vs importing ElectroDB + the SDK and building the same Service by hand
 * (≤ 1.25×). Then synthetic registries of growing size, to show the cost grows at most linearly.
 */
import type { Contender, Samples } from '../harness.js';
import { alternate } from '../harness.js';
import type { Row } from '../report.js';
import { compare } from '../report.js';
import type { Scenario, ScenarioContext } from '../scenario.js';
import { check } from '../scenario.js';
import { runChild } from '../support/child.js';

interface ColdStartOutput {
  readonly ms: number;
  readonly sinceProcessStart: number;
}

/** A contender that starts a child per run; `wall` collects the measured runs' spawn-to-exit times. */
function childContender(label: string, script: string, args: readonly string[], wall: number[]): Contender {
  return {
    label,
    prepare: (info) => ({
      run: async () => {
        const { output, wallMs } = await runChild<ColdStartOutput>(script, args);
        check(Number.isFinite(output.ms) && output.ms > 0, `${label}: the child reported no time`);
        if (!info.warmup) wall.push(wallMs);
        return output.ms;
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
    compare('cold start: import + createDataAccess() in a fresh process', library, baseline, 1.25),
    compare('cold start: whole node process (boot, import, build, exit)', wholeLibrary, wholeBaseline, 1.25),
  ];
}

async function registryGrowth(context: ScenarioContext): Promise<Row[]> {
  const script = context.build.child('cold-start');
  const [small, middle, large] = context.sizes.registry.entities;
  const contenders = [small, middle, large].map((n) => childContender(`registry of ${n} synthetic entities`, script, ['registry', String(n)], []));
  const [s, m, l] = (await alternate(contenders, { warmup: 0, rounds: context.sizes.registry.rounds })) as [Samples, Samples, Samples];
  // Marginal cost per added entity, per round (the three sizes of a round ran back to back).
  const upper = l.ms.map((ms, i) => (ms - (m.ms[i] as number)) / (large - middle));
  const lower = m.ms.map((ms, i) => (ms - (s.ms[i] as number)) / (middle - small));
  return [
    compare(`cold start: registry of ${large} synthetic entities vs ${small} (linear = ${large / small}×)`, l, s, large / small),
    compare(
      `cold start: ms per added entity, ${middle}→${large} vs ${small}→${middle} (not growing)`,
      { label: `${middle}→${large}`, ms: upper, requests: [] },
      { label: `ms per added entity, ${small}→${middle}`, ms: lower, requests: [] },
      1.25,
    ),
  ];
}

export const coldStart: Scenario = {
  name: 'cold-start',
  async run(context) {
    return [...(await packageVsElectro(context)), ...(await registryGrowth(context))];
  },
};
