// Loaded with `--require` in the coverage run (npm test). c8 (`all: true`) counts every
// src/**/*.ts file that never ran as 0 % covered, with a phantom function and branch. A module
// that holds only types is never loaded at run time (its imports are `import type`, erased by
// the compiler), so it would count as untested code although it has none. Importing those
// modules (they compile to an empty module) makes c8 count them like the type declarations
// inside any other module. Modules with run-time code are left alone: tests must load them.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import ts from 'typescript';

const SRC = fileURLToPath(new URL('../../src/', import.meta.url));

async function sourceFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((e) => e.isFile() && e.name.endsWith('.ts') && !e.name.endsWith('.d.ts'))
    .map((e) => join(e.parentPath, e.name))
    .sort();
}

/** True when the module compiles to nothing but `export {};` (types and comments only). */
export function isTypeOnlyModule(source: string, fileName: string): boolean {
  const { outputText } = ts.transpileModule(source, {
    fileName,
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, verbatimModuleSyntax: true },
  });
  const code = outputText
    .replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '')
    .replace(/export\s*\{\s*\};?/g, '')
    .trim();
  return code === '';
}

export const typeOnlyModules: string[] = [];
for (const file of await sourceFiles(SRC)) {
  if (isTypeOnlyModule(await readFile(file, 'utf8'), file)) {
    typeOnlyModules.push(file);
    await import(pathToFileURL(file).href);
  }
}
