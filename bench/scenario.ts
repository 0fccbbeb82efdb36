/** What every scenario gets and gives back. */
import type { Sizes } from './config.js';
import type { Row } from './report.js';
import type { Build } from './support/build.js';
import type { BenchStore } from './support/local.js';

export interface ScenarioContext {
  readonly sizes: Sizes;
  readonly store: BenchStore;
  readonly build: Build;
  readonly log: (message: string) => void;
}

export interface Scenario {
  /** Short name, for `--only`. */
  readonly name: string;
  run(context: ScenarioContext): Promise<Row[]>;
}

/** Throws when a scenario's own check fails: a bench that measures the wrong thing must not report numbers. */
export function check(condition: boolean, message: string): asserts condition {
  if (!condition) throw new Error(`bench check failed: ${message}`);
}

/** The name of a row measured with a simulated round trip of `rttMs` per request (the same suffix `--rtt` gives every row). */
export function withRoundTrip(scenario: string, rttMs: number): string {
  return rttMs > 0 ? `${scenario} [+${rttMs} ms round trip]` : scenario;
}

/**
 * The round trip of the rows a full run measures again with a simulated network: none under
 * `--rtt` (every row has one already), otherwise the sizes' own.
 */
export function latencyRerun(context: ScenarioContext): number | undefined {
  return context.store.rttMs > 0 || context.sizes.latency.rttMs <= 0 ? undefined : context.sizes.latency.rttMs;
}
