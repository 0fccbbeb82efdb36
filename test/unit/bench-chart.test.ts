/**
 * The bench chart (bench/chart.ts, written to bench/results.svg): well-formed SVG, one bar per
 * row in the rows' order, a budget mark on every row that has a budget, pass/fail/informative
 * told apart, values clipped to the axis, and every text escaped.
 */
import { expect } from 'chai';
import type { ChartRow } from '../../bench/chart.js';
import { escapeXml, renderChart } from '../../bench/chart.js';

const ROWS: ChartRow[] = [
  { scenario: 'create: 200 calls, sequential', ratio: 0.97, budget: 1.1 },
  { scenario: 'cascade remove vs item by item (≥ 5× faster)', ratio: 0.22, budget: 0.2 },
  { scenario: 'create with unique guard', ratio: 1.45, budget: null, informative: true },
  { scenario: 'growth: allBy… µs per item at 100000 vs 1000 items', ratio: 0.8, budget: 1.2 },
];

/** Checks that every tag is closed in order and returns the elements' names as they open. */
function elementsOf(svg: string): string[] {
  const opened: string[] = [];
  const stack: string[] = [];
  for (const match of svg.matchAll(/<(\/?)([a-zA-Z][\w:-]*)((?:\s+[\w:-]+="[^"<>]*")*)\s*(\/?)>/g)) {
    const [, closing, name, , selfClosing] = match as unknown as [string, string, string, string, string];
    if (closing) expect(stack.pop(), `</${name}> closes the element that is open`).to.equal(name);
    else {
      opened.push(name);
      if (!selfClosing) stack.push(name);
    }
  }
  expect(stack, 'every element is closed').to.deep.equal([]);
  // Outside the tags: no markup characters, and `&` only in the five entities.
  const rest = svg.replace(/<(\/?)([a-zA-Z][\w:-]*)((?:\s+[\w:-]+="[^"<>]*")*)\s*(\/?)>/g, '');
  expect(rest).not.to.match(/[<>]/);
  expect(rest.replace(/&(amp|lt|gt|quot|apos);/g, '')).not.to.contain('&');
  return opened;
}

function count(svg: string, pattern: RegExp): number {
  return [...svg.matchAll(pattern)].length;
}

describe('bench chart', function () {
  it('is one well-formed svg element with a viewBox', function () {
    const svg = renderChart(ROWS);
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).to.equal(true);
    expect(svg.trimEnd().endsWith('</svg>')).to.equal(true);
    const elements = elementsOf(svg);
    expect(elements[0]).to.equal('svg');
    expect(elements.filter((name) => name === 'svg')).to.have.length(1);
    expect(svg).to.match(/viewBox="0 0 \d+ \d+"/);
    expect(svg).not.to.match(/<script|<image|href=/i);
  });

  it('draws one bar per row, in the rows’ order, with a budget mark where a row has a budget', function () {
    const svg = renderChart(ROWS);
    expect(count(svg, /class="bar"/g)).to.equal(ROWS.length);
    expect(count(svg, /class="row"/g)).to.equal(ROWS.length);
    expect(count(svg, /class="budget"/g)).to.equal(ROWS.filter((row) => row.budget !== null).length);
    const positions = ROWS.map((row) => svg.indexOf(`>${escapeXml(row.scenario)}</text>`));
    expect(positions.every((at) => at > 0)).to.equal(true);
    expect([...positions].sort((a, b) => a - b)).to.deep.equal(positions);
    expect(renderChart([])).to.contain('0 rows');
  });

  it('tells rows within budget, over budget and informative apart', function () {
    const svg = renderChart(ROWS);
    expect([...svg.matchAll(/data-verdict="(\w+)"/g)].map((m) => m[1])).to.deep.equal(['pass', 'fail', 'informative', 'pass']);
    expect(svg).to.contain('0.22× ≤ 0.2× · FAIL');
    expect(svg).to.contain('0.97× ≤ 1.1× · pass');
    expect(svg).to.contain('1.45× · informative');
    expect(svg).to.contain('2 within budget, 1 over budget, 1 informative');
  });

  it('places bars on a log scale and clips them to the axis, marking the clipped ones', function () {
    const widthOf = (ratio: number) => {
      const match = /class="bar" x="[\d.]+" y="[\d.]+" width="([\d.]+)"/.exec(renderChart([{ scenario: 'r', ratio, budget: 1 }]));
      return Number(match?.[1]);
    };
    // Equal factors are equal distances.
    expect(widthOf(1) - widthOf(0.5)).to.be.closeTo(widthOf(2) - widthOf(1), 0.2);
    expect(widthOf(1000)).to.equal(widthOf(20));
    expect(widthOf(0.001)).to.equal(widthOf(0.05));
    expect(renderChart([{ scenario: 'r', ratio: 1000, budget: 1 }])).to.contain('»');
    expect(renderChart([{ scenario: 'r', ratio: 0.001, budget: 1 }])).to.contain('«');
    const missing = renderChart([{ scenario: 'r', ratio: Number.NaN, budget: 1 }]);
    expect(missing).to.contain('n/a');
    elementsOf(missing);
  });

  it('escapes every text it shows (labels, tooltips, values)', function () {
    const hostile = `<script>alert("x")</script> & 'quoted' ]]>`;
    const svg = renderChart([{ scenario: hostile, ratio: 1, budget: 1.1 }]);
    expect(svg).not.to.contain('<script');
    expect(svg).to.contain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &apos;quoted&apos; ]]&gt;');
    elementsOf(svg);
    expect(escapeXml(`a<b>&"'`)).to.equal('a&lt;b&gt;&amp;&quot;&apos;');
  });

  it('shortens long labels and keeps the whole text in the tooltip', function () {
    const long = `a scenario named at length ${'x'.repeat(200)}`;
    const svg = renderChart([{ scenario: long, ratio: 1, budget: 1.1 }]);
    expect(svg).to.contain(`<title>${long}: 1.00× (budget ≤ 1.1×), within budget</title>`);
    expect(svg).to.contain('…</text>');
    expect(svg).not.to.contain(`>${long}</text>`);
  });
});
