// Bundles what tsc compiled into dist/ into one ES module per entry point (the library's
// dist/index.js and the CLI's dist/cli/bin.js), run by `npm run build` after tsc.
//
// Why: a service on AWS Lambda pays module loading on every cold start. Loading the ~180 compiled
// modules one by one (resolution, file reads, parsing and linking each) cost more than the
// library's own start-up work; one file per entry point takes about a quarter off a whole cold
// process (import + createDataAccess), measured with farm-bench (`npm run bench` has the row).
//
// ElectroDB, ajv and the AWS SDK stay imports (`packages: 'external'`): they are dependencies
// and peers the application installs, and the SDK client must be the application's own. The
// declarations tsc wrote stay as they are; the source maps are chained through tsc's, so they
// still carry the TypeScript sources (check:package proves it).
//   node scripts/bundle.mjs                      dist/index.js and dist/cli/bin.js (npm run build)
//   node scripts/bundle.mjs <dir> <entry> …       the given entries of a tsc output directory (the
//                                                bench's private build bundles its src/index.js)
import { mkdtemp, readdir, rename, rm } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import process from 'node:process';
import { fileURLToPath, URL } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const [dirArgument, ...entryArguments] = process.argv.slice(2);
const directory = resolve(root, dirArgument ?? 'dist');
const entries = entryArguments.length > 0 ? entryArguments : ['index.js', join('cli', 'bin.js')];

/** Every compiled module under `path`. */
async function javaScriptUnder(path) {
  const entries = await readdir(path, { withFileTypes: true, recursive: true });
  return entries.filter((entry) => entry.isFile() && entry.name.endsWith('.js')).map((entry) => join(entry.parentPath ?? entry.path, entry.name));
}

// Written beside the directory first, so that a failed bundle leaves tsc's output whole.
const staging = await mkdtemp(join(root, '.bundle-'));
try {
  const { metafile } = await build({
    entryPoints: entries.map((entry) => join(directory, entry)),
    outdir: staging,
    outbase: directory,
    bundle: true,
    // Each entry point is whole on its own: the CLI finds package.json relative to its own file.
    splitting: false,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    // No keepNames: it wraps every named function in a call that redefines its `name`, closures
    // made on every request included (a plan's conditions, an operation's scoped binding), and
    // made a create's client CPU ~10 % higher than the unbundled code (the bench's processes load
    // this bundle). What must keep its name are the exported classes — an error's `name` is its
    // class's — and no two classes of the library share a name, so none is renamed apart;
    // check:package asserts every export's and every error's name on the packed package.
    keepNames: false,
    sourcemap: true,
    sourcesContent: true,
    metafile: true,
    logLevel: 'warning',
  });
  // The modules now inside a bundle are not loaded any more: remove them and their maps. The
  // package's dist/ keeps nothing else (modules of types only compile to empty files that no
  // bundle needs); another directory keeps what is not in a bundle (the bench's children).
  const unused = dirArgument === undefined ? await javaScriptUnder(directory) : Object.keys(metafile.inputs).map((input) => resolve(root, input));
  for (const file of unused) {
    if (relative(directory, file).startsWith('..')) continue;
    await rm(file, { force: true });
    await rm(`${file}.map`, { force: true });
  }
  for (const entry of entries) {
    await rename(join(staging, entry), join(directory, entry));
    await rename(join(staging, `${entry}.map`), join(directory, `${entry}.map`));
  }
} finally {
  await rm(staging, { recursive: true, force: true });
}
