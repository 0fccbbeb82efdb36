/**
 * `npm run bench:chart`: writes bench/results.svg, the chart of bench/results.json (see
 * bench/chart.ts). A canonical `npm run bench` writes it too, right after the JSON.
 *
 *   npm run bench:chart -- [--in <results.json>] [--out <chart.svg>]
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { ChartRow } from '../bench/chart.js';
import { renderChart } from '../bench/chart.js';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const { values } = parseArgs({ options: { in: { type: 'string' }, out: { type: 'string' } } });
const input = values.in ?? join(ROOT, 'bench', 'results.json');
const output = values.out ?? join(ROOT, 'bench', 'results.svg');
const rows = JSON.parse(readFileSync(input, 'utf8')) as ChartRow[];
if (!Array.isArray(rows)) throw new Error(`${input} holds no array of rows`);
writeFileSync(output, renderChart(rows));
console.log(`${rows.length} rows charted in ${output}`);
