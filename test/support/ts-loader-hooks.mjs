// Module customization hooks (registered by ts-loader.mjs): resolve `./x.js` to `./x.ts`
// when only the TypeScript source exists, and transpile `.ts`/`.mts` files with TypeScript's
// transpileModule. Unlike esbuild-based loaders it keeps the original line layout and adds no
// helper functions, so V8/c8 coverage maps back onto the sources exactly.
import { readFile } from 'node:fs/promises';
import { fileURLToPath, URL } from 'node:url';
import ts from 'typescript';

const TS_EXT = /\.(?:ts|mts)$/;
const JS_TO_TS = [
  [/\.js$/, '.ts'],
  [/\.mjs$/, '.mts'],
];

const compilerOptions = {
  module: ts.ModuleKind.ESNext,
  target: ts.ScriptTarget.ES2022,
  verbatimModuleSyntax: true,
  inlineSourceMap: true,
  inlineSources: true,
};

function isRelativeOrFile(specifier) {
  return specifier.startsWith('./') || specifier.startsWith('../') || specifier.startsWith('/') || specifier.startsWith('file:');
}

function formatDiagnostic(fileName, diagnostic) {
  const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n');
  const { line, character } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start ?? 0);
  return `${fileName}:${line + 1}:${character + 1}: TS${diagnostic.code}: ${message}`;
}

export async function resolve(specifier, context, nextResolve) {
  try {
    return await nextResolve(specifier, context);
  } catch (err) {
    if (err?.code !== 'ERR_MODULE_NOT_FOUND' || !isRelativeOrFile(specifier)) throw err;
    for (const [from, to] of JS_TO_TS) {
      if (from.test(specifier)) {
        try {
          return await nextResolve(specifier.replace(from, to), context);
        } catch {
          // fall through to the original error
        }
      }
    }
    throw err;
  }
}

export async function load(url, context, nextLoad) {
  if (!url.startsWith('file:') || !TS_EXT.test(new URL(url).pathname) || url.endsWith('.d.ts')) {
    return nextLoad(url, context);
  }
  const fileName = fileURLToPath(url);
  const source = await readFile(fileName, 'utf8');
  const { outputText, diagnostics = [] } = ts.transpileModule(source, { fileName, compilerOptions, reportDiagnostics: true });
  const errors = diagnostics.filter((d) => d.category === ts.DiagnosticCategory.Error && d.file !== undefined);
  if (errors.length > 0) {
    // transpileModule reports syntax errors only; name the file, line and column.
    throw new SyntaxError(errors.map((d) => formatDiagnostic(fileName, d)).join('\n'));
  }
  return { format: 'module', source: outputText, shortCircuit: true };
}
