/**
 * The private build the child processes run: the library compiled with the package's build
 * settings and bundled by the same script (like `npm run build`'s dist/, but in node_modules/.cache so that a concurrent
 * `npm run build` or `npm run clean` elsewhere cannot pull it away mid-run) plus the children.
 * Rebuilt only when a source is newer than the last build.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CACHE = join(ROOT, 'node_modules', '.cache', 'tmda-bench');
const OUT = join(CACHE, 'build');
const STAMP = join(CACHE, 'build.stamp');

export interface Build {
  /** The compiled library entry (what `import 'task-management-data-access'` loads). */
  readonly libraryEntry: string;
  /** A compiled child script of bench/children/. */
  child(name: string): string;
}

/** Newest modification time of the TypeScript sources and configs under `path`. */
function newestMtime(path: string): number {
  const stats = statSync(path);
  if (!stats.isDirectory()) return /\.(ts|json|mjs)$/.test(path) && !/results[^/]*\.json$/.test(path) ? stats.mtimeMs : 0;
  let newest = 0;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

const SOURCES = ['src', 'bench', 'tsconfig.json', 'tsconfig.build.json', join('scripts', 'bundle.mjs')];

export function ensureBuild(log: (message: string) => void): Build {
  const newestSource = Math.max(...SOURCES.map((source) => newestMtime(join(ROOT, source))));
  const built = existsSync(STAMP) ? statSync(STAMP).mtimeMs : 0;
  if (built < newestSource) {
    log('compiling the library and the bench children (tsc -p bench/tsconfig.children.json) …');
    const tsc = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
    const result = spawnSync(process.execPath, [tsc, '-p', join(ROOT, 'bench', 'tsconfig.children.json')], { cwd: ROOT, encoding: 'utf8' });
    // 2: type errors, but the JavaScript was written (someone's work in progress elsewhere in src/).
    if (result.status === 2) log(`tsc reported type errors; using the emitted JavaScript:\n${result.stdout}`);
    else if (result.status !== 0) throw new Error(`tsc failed:\n${result.stdout}${result.stderr}`);
    // Bundled like the package's dist/index.js (npm run build), so that the children load what a user installs.
    const bundled = spawnSync(process.execPath, [join(ROOT, 'scripts', 'bundle.mjs'), OUT, join('src', 'index.js')], { cwd: ROOT, encoding: 'utf8' });
    if (bundled.status !== 0) throw new Error(`bundling the library failed:\n${bundled.stdout}${bundled.stderr}`);
    // The build lives under node_modules, outside the package's "type": "module" scope.
    writeFileSync(join(OUT, 'package.json'), '{ "type": "module" }\n');
    writeFileSync(STAMP, new Date().toISOString());
  }
  return {
    libraryEntry: join(OUT, 'src', 'index.js'),
    child: (name) => join(OUT, 'bench', 'children', `${name}.js`),
  };
}
