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
