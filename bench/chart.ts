/**
 * The chart of bench/results.json: one horizontal bar per row, its ratio (library / baseline) on
 * a log scale clipped to 0.05×–20×, with the row's budget marked across its bar. A bar that ends
 * left of its marker is within budget (green), right of it over budget (red); informative rows
 * (no budget) are grey and say so. Plain SVG (no script, no external font or image), so GitHub
 * renders it inside BENCHMARKS.md.
 */
import type { JsonRow } from './report.js';

/** The part of a results.json row the chart reads. */
export type ChartRow = Pick<JsonRow, 'scenario' | 'ratio' | 'budget'> & { readonly informative?: boolean };

const MIN_RATIO = 0.05;
const MAX_RATIO = 20;
const TICKS = [0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 20];

const WIDTH = 1180;
const LABEL_WIDTH = 560;
const PLOT_LEFT = LABEL_WIDTH + 10;
const PLOT_WIDTH = 440;
const VALUE_LEFT = PLOT_LEFT + PLOT_WIDTH + 12;
const ROW_HEIGHT = 22;
const BAR_HEIGHT = 14;
const TOP = 64;
const BOTTOM = 40;
/** Characters of a scenario shown in the label column; the whole text is in the row's tooltip. */
const LABEL_CHARS = 92;

const COLOURS = { pass: '#2da44e', fail: '#cf222e', informative: '#8c959f', budget: '#1f2328', grid: '#d0d7de', parity: '#57606a', text: '#1f2328', muted: '#57606a' };
const FONT = 'font-family="-apple-system, BlinkMacSystemFont, Segoe UI, Helvetica, Arial, sans-serif"';

/** Text for SVG/XML: the five characters with a meaning in markup are escaped. */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c] as string);
}

function x(ratio: number): number {
  const clipped = Math.min(MAX_RATIO, Math.max(MIN_RATIO, ratio));
  const span = Math.log(MAX_RATIO) - Math.log(MIN_RATIO);
  return PLOT_LEFT + ((Math.log(clipped) - Math.log(MIN_RATIO)) / span) * PLOT_WIDTH;
}

const round = (value: number) => Number(value.toFixed(1));
const ratioText = (ratio: number) => `${ratio >= 10 ? ratio.toFixed(1) : ratio.toFixed(2)}×`;

type Verdict = 'pass' | 'fail' | 'informative';

function verdictOf(row: ChartRow): Verdict {
  if (row.budget === null || row.informative === true) return 'informative';
  return Number.isFinite(row.ratio) && row.ratio <= row.budget ? 'pass' : 'fail';
}

function truncated(text: string): string {
  return text.length <= LABEL_CHARS ? text : `${text.slice(0, LABEL_CHARS - 1)}…`;
}

function rowSvg(row: ChartRow, index: number): string {
  const top = TOP + index * ROW_HEIGHT;
  const middle = top + ROW_HEIGHT / 2;
  const verdict = verdictOf(row);
  const finite = Number.isFinite(row.ratio);
  const clippedLow = finite && row.ratio < MIN_RATIO;
  const clippedHigh = finite && row.ratio > MAX_RATIO;
  const end = finite ? x(row.ratio) : PLOT_LEFT;
  const budget = verdict === 'informative' || row.budget === null ? '' : ` (budget ≤ ${row.budget}×)`;
  const status = verdict === 'informative' ? 'informative' : verdict === 'pass' ? 'within budget' : 'over budget';
  const tooltip = `${row.scenario}: ${finite ? ratioText(row.ratio) : 'no figure'}${budget}, ${status}`;
  const parts = [`<g class="row" data-verdict="${verdict}">`, `<title>${escapeXml(tooltip)}</title>`];
  parts.push(`<text x="${LABEL_WIDTH}" y="${middle + 4}" text-anchor="end" font-size="12" fill="${COLOURS.text}">${escapeXml(truncated(row.scenario))}</text>`);
  parts.push(
    `<rect class="bar" x="${PLOT_LEFT}" y="${round(middle - BAR_HEIGHT / 2)}" width="${round(Math.max(1, end - PLOT_LEFT))}" height="${BAR_HEIGHT}" rx="2" fill="${COLOURS[verdict]}"${verdict === 'informative' ? ' fill-opacity="0.6"' : ''}/>`,
  );
  if (clippedHigh) parts.push(`<text x="${round(end - 3)}" y="${middle + 4}" text-anchor="end" font-size="11" font-weight="bold" fill="#ffffff">»</text>`);
  if (clippedLow) parts.push(`<text x="${PLOT_LEFT + 3}" y="${middle + 4}" font-size="11" font-weight="bold" fill="${COLOURS.text}">«</text>`);
  if (row.budget !== null && verdict !== 'informative') {
    const at = round(x(row.budget));
    parts.push(`<line class="budget" x1="${at}" x2="${at}" y1="${top + 2}" y2="${top + ROW_HEIGHT - 2}" stroke="${COLOURS.budget}" stroke-width="2"/>`);
  }
  const value =
    verdict === 'informative'
      ? `${finite ? ratioText(row.ratio) : 'n/a'} · informative`
      : `${finite ? ratioText(row.ratio) : 'n/a'} ≤ ${row.budget}× · ${verdict === 'pass' ? 'pass' : 'FAIL'}`;
  parts.push(`<text x="${VALUE_LEFT}" y="${middle + 4}" font-size="12" fill="${verdict === 'fail' ? COLOURS.fail : COLOURS.text}"${verdict === 'fail' ? ' font-weight="bold"' : ''}>${escapeXml(value)}</text>`);
  parts.push('</g>');
  return parts.join('');
}

function axisSvg(height: number): string {
  const bottom = height - BOTTOM;
  const lines = TICKS.map((tick) => {
    const at = round(x(tick));
    const parity = tick === 1;
    return [
      `<line x1="${at}" x2="${at}" y1="${TOP - 6}" y2="${bottom}" stroke="${parity ? COLOURS.parity : COLOURS.grid}" stroke-width="${parity ? 1.5 : 1}"${parity ? '' : ' stroke-dasharray="3 3"'}/>`,
      `<text x="${at}" y="${TOP - 10}" text-anchor="middle" font-size="11" fill="${COLOURS.muted}">${tick}×</text>`,
      `<text x="${at}" y="${bottom + 16}" text-anchor="middle" font-size="11" fill="${COLOURS.muted}">${tick}×</text>`,
    ].join('');
  });
  return `<g class="axis">${lines.join('')}</g>`;
}

function legendSvg(): string {
  const item = (left: number, colour: string, text: string) =>
    `<rect x="${left}" y="30" width="14" height="10" rx="2" fill="${colour}"/><text x="${left + 19}" y="39" font-size="12" fill="${COLOURS.text}">${escapeXml(text)}</text>`;
  return [
    `<text x="12" y="20" font-size="14" font-weight="bold" fill="${COLOURS.text}">${escapeXml('npm run bench: ratio library / baseline per row (log scale, clipped to 0.05×–20×)')}</text>`,
    item(12, COLOURS.pass, 'within budget'),
    item(130, COLOURS.fail, 'over budget'),
    item(240, COLOURS.informative, 'informative (no budget)'),
    `<line x1="420" x2="420" y1="28" y2="42" stroke="${COLOURS.budget}" stroke-width="2"/><text x="427" y="39" font-size="12" fill="${COLOURS.text}">budget: a bar must end left of its mark · « » clipped · lower is better</text>`,
  ].join('');
}

/** The SVG chart of `rows` (results.json's rows, in their order). */
export function renderChart(rows: readonly ChartRow[]): string {
  const height = TOP + Math.max(1, rows.length) * ROW_HEIGHT + BOTTOM;
  const verdicts = rows.map(verdictOf);
  const summary = `${verdicts.filter((v) => v === 'pass').length} within budget, ${verdicts.filter((v) => v === 'fail').length} over budget, ${verdicts.filter((v) => v === 'informative').length} informative`;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" ${FONT} role="img" aria-label="${escapeXml(`Benchmark ratios against their budgets: ${summary}`)}">`,
    `<rect x="0" y="0" width="${WIDTH}" height="${height}" fill="#ffffff"/>`,
    legendSvg(),
    // Every second row on a light stripe, under the grid.
    ...rows.flatMap((_, i) => (i % 2 === 1 ? [`<rect x="0" y="${TOP + i * ROW_HEIGHT}" width="${WIDTH}" height="${ROW_HEIGHT}" fill="#f6f8fa"/>`] : [])),
    axisSvg(height),
    ...rows.map(rowSvg),
    `<text x="12" y="${height - 8}" font-size="11" fill="${COLOURS.muted}">${escapeXml(`${rows.length} rows: ${summary}. Generated from bench/results.json by scripts/bench-chart.ts.`)}</text>`,
    '</svg>',
    '',
  ].join('\n');
}
