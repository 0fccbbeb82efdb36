/** Result rows: the table printed at the end and the JSON written to bench/results.json. */
import type { Samples, Stat } from './harness.js';
import { stat } from './harness.js';

export interface Row {
  readonly scenario: string;
  readonly library: Stat;
  readonly baseline: string;
  readonly baselineStat: Stat;
  /** library median / baseline median. */
  readonly ratio: number;
  /** Highest ratio allowed; null when the scenario is informative only. */
  readonly budget: number | null;
  /** Requests the library sent in one run (median), where the scenario counts them. */
  readonly requests?: number;
  /** Requests the budget demands (e.g. ⌈n/25⌉ BatchWriteItem calls); a different count fails. */
  readonly requestsExpected?: number;
  /** Unit of the medians when they are not milliseconds of wall time (e.g. 'B' for bytes). */
  readonly unit?: string;
  /** Median CPU ms of the bench process per run (library, baseline): what each side costs the client. */
  readonly cpu?: readonly [number, number];
  /** Median CPU ms of DynamoDB Local per run (library, baseline): what each side's requests cost the server. */
  readonly serverCpu?: readonly [number, number];
  /** Median of the per-round ratios library/baseline (each pair ran back to back), and their min–max. */
  readonly paired?: Stat;
}

/** The JSON shape of bench/results.json. `budget` is null (and `informative` true) where there is no budget. */
export interface JsonRow {
  scenario: string;
  library_ms: number;
  baseline: string;
  baseline_ms: number;
  ratio: number;
  budget: number | null;
  requests?: number;
  /** What the `_ms` fields hold when it is not milliseconds of wall time ('B': bytes per item, 'µs/item'). */
  unit?: string;
  informative?: true;
}

export function passes(row: Row): boolean | null {
  if (row.budget === null) return null;
  const withinBudget = Number.isFinite(row.ratio) && row.ratio <= row.budget;
  const requestsOk = row.requestsExpected === undefined || row.requests === row.requestsExpected;
  return withinBudget && requestsOk;
}

/** A row comparing the library's samples with a baseline's. */
export function compare(
  scenario: string,
  library: Samples,
  baseline: Samples,
  budget: number | null,
  extra: { requestsExpected?: number; unit?: string } = {},
): Row {
  const libraryStat = stat(library.ms);
  const baselineStat = stat(baseline.ms);
  const requests = library.requests.length > 0 ? stat(library.requests).median : undefined;
  const pairOf = (a: readonly number[] | undefined, b: readonly number[] | undefined): readonly [number, number] | undefined =>
    a && b && a.length > 0 && b.length > 0 ? [stat(a).median, stat(b).median] : undefined;
  const cpu = pairOf(library.cpu, baseline.cpu);
  const serverCpu = pairOf(library.serverCpu, baseline.serverCpu);
  const ratios = library.ms.length === baseline.ms.length ? library.ms.map((ms, i) => ms / (baseline.ms[i] as number)) : [];
  return {
    scenario,
    library: libraryStat,
    baseline: baseline.label,
    baselineStat,
    ratio: libraryStat.median / baselineStat.median,
    budget,
    ...(requests === undefined ? {} : { requests }),
    ...(cpu ? { cpu } : {}),
    ...(serverCpu ? { serverCpu } : {}),
    ...(ratios.length > 1 ? { paired: stat(ratios) } : {}),
    ...extra,
  };
}

const round = (value: number, digits: number) => Number(value.toFixed(digits));

export function toJson(rows: readonly Row[]): JsonRow[] {
  return rows.map((row) => ({
    scenario: row.scenario,
    library_ms: round(row.library.median, 3),
    baseline: row.baseline,
    baseline_ms: round(row.baselineStat.median, 3),
    ratio: round(row.ratio, 3),
    budget: row.budget,
    ...(row.requests === undefined ? {} : { requests: row.requests }),
    ...(row.unit === undefined ? {} : { unit: row.unit }),
    ...(row.budget === null ? { informative: true as const } : {}),
  }));
}

function formatValue(value: number, unit: string | undefined): string {
  if (!Number.isFinite(value)) return String(value);
  if (unit) return `${value.toFixed(value >= 100 ? 0 : 1)} ${unit}`;
  if (value >= 1000) return `${(value / 1000).toFixed(2)} s`;
  if (value >= 10) return `${value.toFixed(1)} ms`;
  return `${value.toFixed(2)} ms`;
}

function formatStat(s: Stat, unit: string | undefined): { median: string; range: string } {
  return { median: formatValue(s.median, unit), range: `${formatValue(s.min, unit)} – ${formatValue(s.max, unit)}` };
}

export function tableLines(rows: readonly Row[], options: { smoke?: boolean } = {}): string[] {
  const header = [
    'scenario',
    'library median',
    'library min–max',
    'baseline',
    'baseline median',
    'baseline min–max',
    'ratio',
    'budget',
    'result',
    'requests',
    'paired ratios: median (min–max)',
    'bench CPU ms lib / base',
    'DynamoDB Local CPU ms lib / base',
    'n',
  ];
  const pair = (values: readonly [number, number] | undefined) => (values ? `${values[0].toFixed(0)} / ${values[1].toFixed(0)}` : '');
  const body = rows.map((row) => {
    const library = formatStat(row.library, row.unit);
    const baseline = formatStat(row.baselineStat, row.unit);
    const verdict = passes(row);
    const requests =
      row.requests === undefined ? '' : row.requestsExpected === undefined ? String(row.requests) : `${row.requests} (expected ${row.requestsExpected})`;
    return [
      row.scenario,
      library.median,
      library.range,
      row.baseline,
      baseline.median,
      baseline.range,
      `${row.ratio.toFixed(2)}×`,
      row.budget === null ? 'informative' : `≤ ${row.budget}×`,
      options.smoke ? '(smoke)' : verdict === null ? '—' : verdict ? 'pass' : 'FAIL',
      requests,
      row.paired ? `${row.paired.median.toFixed(2)} (${row.paired.min.toFixed(2)}–${row.paired.max.toFixed(2)})` : '',
      pair(row.cpu),
      pair(row.serverCpu),
      `${row.library.n}/${row.baselineStat.n}`,
    ];
  });
  const escape = (cell: string) => cell.replaceAll('|', '\\|');
  const lines = [header, header.map(() => '---'), ...body].map((cells) => `| ${cells.map(escape).join(' | ')} |`);
  return lines;
}
