/**
 * Growth rows: the same library call at three sizes, run alternately (A B C A B C …); each row
 * compares the time per item at a larger size with the time per item at the smallest. Work that
 * grows faster than the data (a quadratic step, a list copied per page, a table-wide read) shows
 * as a ratio above 1; fixed costs (a first request, a fence) make the smallest size the dearest.
 */
import type { Rounds } from './config.js';
import type { Contender, Samples } from './harness.js';
import { alternate } from './harness.js';
import type { Row } from './report.js';
import { compare } from './report.js';

/** Microseconds per item of each run (client CPU columns are per run and are not kept). */
function perItem(samples: Samples, items: number): Samples {
  return { label: samples.label, ms: samples.ms.map((ms) => (ms * 1000) / items), requests: samples.requests };
}

/** A baseline measured at the same sizes in the same rounds: its own growth, and the library against it at the largest size. */
export interface GrowthBaseline {
  readonly contenderAt: (size: number) => Contender;
  /** The name of the baseline's own growth row (informative). */
  readonly scenario: (size: number, smallest: number) => string;
  /** The name of the row of the library vs the baseline at the largest size (held to `budget`). */
  readonly against: (size: number) => string;
  readonly budget: number;
}

/**
 * Runs `contenderAt` at each of `sizes` (smallest first) and returns two rows: the largest size
 * against the smallest (held to `budget`) and the middle one against the smallest (informative).
 * With a `baseline`, its contenders run in the same rounds, interleaved, and add two rows.
 */
export async function growthRows(
  sizes: readonly [number, number, number],
  rounds: Rounds,
  contenderAt: (size: number) => Contender,
  what: { readonly scenario: (size: number, smallest: number) => string; readonly budget: number },
  baseline?: GrowthBaseline,
): Promise<Row[]> {
  const contenders = [...sizes.map(contenderAt), ...(baseline ? sizes.map(baseline.contenderAt) : [])];
  const samples = await alternate(contenders, rounds);
  const perSize = (offset: number) => sizes.map((size, i) => perItem(samples[offset + i] as Samples, size)) as [Samples, Samples, Samples];
  const [small, middle, large] = perSize(0);
  const [smallest, middleSize, largest] = sizes;
  const rows = [
    compare(what.scenario(largest, smallest), large, small, what.budget, { unit: 'µs/item' }),
    compare(what.scenario(middleSize, smallest), middle, small, null, { unit: 'µs/item' }),
  ];
  if (baseline) {
    const [baseSmall, , baseLarge] = perSize(sizes.length);
    rows.push(compare(baseline.scenario(largest, smallest), baseLarge, baseSmall, null, { unit: 'µs/item' }));
    rows.push(compare(baseline.against(largest), large, baseLarge, baseline.budget, { unit: 'µs/item' }));
  }
  return rows;
}
