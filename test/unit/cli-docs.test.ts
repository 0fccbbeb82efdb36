// Keeps README.md true: its TypeScript snippets are the ones examples/readme-snippets.ts compiles,
// its CloudFormation/CDK snippets are what `table definition` prints, its lifecycle diagrams are
// the entities' transition tables, and its error table names every error class and code.
import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import { renderDefinition } from '../../src/cli/commands/table.js';
import * as library from '../../src/index.js';
import type { ConflictConstraint } from '../../src/index.js';
import { CONNECTION_TRANSITIONS, DataAccessError, MAX_KEPT_ERRORS, MAX_LINKS_PER_TICKET, SYNC_TRANSITIONS } from '../../src/index.js';

const read = (path: string) => readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');
const README = read('README.md');
const SNIPPETS = read('examples/readme-snippets.ts');

interface Block {
  marker: string | undefined;
  language: string;
  body: string;
}

/** Fenced blocks of the README with the HTML comment right above each, if any. */
function blocks(markdown: string): Block[] {
  const found: Block[] = [];
  const pattern = /(?:<!-- ([a-z]+: [a-z-]+) -->\n)?```(\w*)\n([\s\S]*?)\n```/g;
  for (const match of markdown.matchAll(pattern)) found.push({ marker: match[1], language: match[2] ?? '', body: match[3] ?? '' });
  return found;
}

function dedent(lines: readonly string[]): string {
  const indent = Math.min(...lines.filter((line) => line.trim() !== '').map((line) => /^ */.exec(line)?.[0].length ?? 0));
  return lines.map((line) => line.slice(indent)).join('\n');
}

/** `#region readme:<name>` … `#endregion` of readme-snippets.ts, dedented. */
function region(name: string): string | undefined {
  const lines = SNIPPETS.split('\n');
  const start = lines.findIndex((line) => line.trim() === `// #region readme:${name}`);
  if (start < 0) return undefined;
  const end = lines.findIndex((line, i) => i > start && line.trim() === '// #endregion');
  return dedent(lines.slice(start + 1, end));
}

/** name → module, from single-line `import { a, b } from 'm';` statements (type imports included). */
function importsOf(source: string): Map<string, string> {
  const names = new Map<string, string>();
  for (const match of source.matchAll(/^import (?:type )?\{([^}]+)\} from '([^']+)';$/gm)) {
    for (const name of (match[1] ?? '').split(',').map((n) => n.trim()).filter(Boolean)) names.set(name, match[2] ?? '');
  }
  return names;
}

function multiLineImportsOf(source: string): Map<string, string> {
  const names = importsOf(source);
  for (const match of source.matchAll(/^import (?:type )?\{\n([\s\S]*?)\n\} from '([^']+)';$/gm)) {
    for (const name of (match[1] ?? '').split(/[\s,]+/).filter(Boolean)) names.set(name, match[2] ?? '');
  }
  return names;
}

/** `a --> b` edges of a Mermaid state diagram, without the start and end pseudo-states. */
function edgesOf(mermaid: string): Record<string, string[]> {
  const edges: Record<string, string[]> = {};
  for (const match of mermaid.matchAll(/^\s*(\w+) --> (\w+)/gm)) {
    const [from, to] = [match[1] as string, match[2] as string];
    (edges[from] ??= []).push(to);
  }
  return edges;
}

describe('README.md', function () {
  const all = blocks(README);

  it('shows the two commands near the top and links the guarantees and benchmarks', function () {
    const top = README.slice(0, 2500);
    expect(top).to.include('npm ci && npm run demo');
    expect(top).to.include('npm test');
    expect(README).to.include('](RELIABILITY.md)');
    expect(README).to.include('](BENCHMARKS.md)');
  });

  it('marks every TypeScript block as a compiled snippet or a generated one', function () {
    const unmarked = all.filter((block) => block.language === 'ts' && block.marker === undefined);
    expect(unmarked.map((block) => block.body.split('\n')[0])).to.deep.equal([]);
    expect(all.filter((block) => block.marker?.startsWith('snippet:')).length).to.be.at.least(6);
  });

  it('holds exactly the snippets that examples/readme-snippets.ts compiles', function () {
    const compiledImports = multiLineImportsOf(SNIPPETS);
    for (const block of all.filter((b) => b.marker?.startsWith('snippet: '))) {
      const name = (block.marker as string).slice('snippet: '.length);
      const lines = block.body.split('\n');
      const code = lines.filter((line) => !line.startsWith('import ')).join('\n').replace(/^\n+/, '');
      expect(region(name), `examples/readme-snippets.ts has no region readme:${name}`).to.be.a('string');
      expect(code, `README snippet '${name}' differs from examples/readme-snippets.ts`).to.equal(region(name));
      for (const [imported, from] of importsOf(lines.filter((line) => line.startsWith('import ')).join('\n'))) {
        const expected = from === 'task-management-data-access' ? '../src/index.js' : from;
        expect(compiledImports.get(imported), `'${imported}' of snippet '${name}' is imported from ${expected} in readme-snippets.ts`).to.equal(expected);
      }
    }
  });

  it('shows the CloudFormation and CDK output of `table definition` for the current schemas', function () {
    const generated = (kind: string) => all.find((block) => block.marker === `generated: ${kind}`)?.body;
    expect(`${generated('cfn')}\n`, 'regenerate with: node --import tsx scripts/print-table-definition.ts cfn').to.equal(renderDefinition('task-management', 'cfn'));
    expect(`${generated('cdk')}\n`, 'regenerate with: node --import tsx scripts/print-table-definition.ts cdk').to.equal(renderDefinition('task-management', 'cdk'));
  });

  it('draws the connection and sync lifecycles as the schemas declare them', function () {
    const diagrams = all.filter((block) => block.language === 'mermaid').map((block) => edgesOf(block.body));
    const withEnds = (table: Readonly<Record<string, readonly string[]>>) => Object.fromEntries(Object.entries(table).filter(([, to]) => to.length > 0).map(([from, to]) => [from, [...to].sort()]));
    const sorted = (edges: Record<string, string[]>) => Object.fromEntries(Object.entries(edges).map(([from, to]) => [from, [...to].sort()]));
    expect(diagrams).to.have.length(2);
    expect(sorted(diagrams[0] as Record<string, string[]>)).to.deep.equal(withEnds(CONNECTION_TRANSITIONS));
    expect(sorted(diagrams[1] as Record<string, string[]>)).to.deep.equal(withEnds(SYNC_TRANSITIONS));
  });

  it('names every error class and every error code', function () {
    const classes = Object.entries(library).filter(([, value]) => typeof value === 'function' && (value === DataAccessError || value.prototype instanceof DataAccessError));
    expect(classes.length).to.be.at.least(7);
    for (const [name] of classes) expect(README, name).to.include(`| \`${name}\` |`);
    const union = /export type DataAccessErrorCode =([^;]+);/.exec(read('src/errors/errors.ts'))?.[1] ?? '';
    const codes = [...union.matchAll(/'([A-Z_]+)'/g)].map((m) => m[1]);
    expect(codes.length).to.be.at.least(10);
    for (const code of codes) expect(README, code).to.include(`| \`${code}\` |`);
  });

  it("lists exactly the ConflictError constraints of the ConflictConstraint union in the error table", function () {
    // A Record over the union: the compiler rejects a missing or an unknown constraint here.
    const constraints: Record<ConflictConstraint, true> = {
      'external-instance': true,
      'active-provider': true,
      'external-ticket': true,
      suggestion: true,
      'active-sync': true,
      'active-connection': true,
      'connection-organization': true,
      'connection-provider': true,
      'ticket-connection': true,
      'token-state': true,
      'in-progress': true,
      id: true,
      'idempotency-request': true,
    };
    const row = README.split('\n').find((line) => line.startsWith('| `ConflictError` |')) ?? '';
    const description = row.split(' | ')[3] ?? '';
    const named = [...description.matchAll(/`([a-z-]+)`/g)].map((match) => match[1]);
    expect([...new Set(named)].sort()).to.deep.equal(Object.keys(constraints).sort());
  });

  it('states the limits the code enforces', function () {
    expect(README).to.include(`| ${MAX_LINKS_PER_TICKET} (\`MAX_LINKS_PER_TICKET\`) |`);
    expect(README).to.include(`| ${MAX_KEPT_ERRORS}; the rest are counted in \`results.truncatedErrors\` |`);
    expect(README).to.include('60–3600 s, default 600');
  });
});
