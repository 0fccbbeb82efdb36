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

/**
 * Runs `contenderAt` at each of `sizes` (smallest first) and returns two rows: the largest size
 * against the smallest (held to `budget`) and the middle one against the smallest (informative).
 */
export async function growthRows(
  sizes: readonly [number, number, number],
  rounds: Rounds,
  contenderAt: (size: number) => Contender,
  what: { readonly scenario: (size: number, smallest: number) => string; readonly budget: number },
): Promise<Row[]> {
  const samples = (await alternate(sizes.map(contenderAt), rounds)) as [Samples, Samples, Samples];
  const [small, middle, large] = samples.map((sample, i) => perItem(sample, sizes[i] as number)) as [Samples, Samples, Samples];
  const [smallest, middleSize, largest] = sizes;
  return [
    compare(what.scenario(largest, smallest), large, small, what.budget, { unit: 'µs/item' }),
    compare(what.scenario(middleSize, smallest), middle, small, null, { unit: 'µs/item' }),
  ];
}
