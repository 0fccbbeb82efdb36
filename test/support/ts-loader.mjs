// `node --import ./test/support/ts-loader.mjs` (set in .mocharc.json): runs the project's
// TypeScript sources and tests without a build step, with source-mapped stack traces.
//
// Why not tsx: tsx/esbuild emits whitespace-minified code plus helper functions, and c8 then
// maps V8 coverage back onto the .ts files inaccurately (uncovered lines reported as covered,
// phantom uncovered lines and branches). TypeScript's transpileModule keeps the line layout,
// so coverage of src/**/*.ts is exact. The hooks are in ts-loader-hooks.mjs.
import Module, { register } from 'node:module';
import process from 'node:process';

process.setSourceMapsEnabled(true);
// The SDK's notice that Node 20 support ends is noise in test output.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
register('./ts-loader-hooks.mjs', import.meta.url);

// On Node >= 20.19 mocha loads spec and --require files with require(), because Node can
// require ES modules. Node 20 does not run module hooks for require(), so a .ts file would be
// compiled untranspiled, and mocha reports that require() error instead of the real one.
// Tell mocha to take its import() path, where the hooks apply (mocha reads this flag once,
// when it loads; Node itself does not use it).
Object.defineProperty(process.features, 'require_module', { value: false, enumerable: true, configurable: true });

// A .ts file can only be loaded as an ES module. If something require()s one anyway, fail with
// ERR_REQUIRE_ESM, which also makes mocha report the original import() error.
Module._extensions['.ts'] = function requireTs(_module, filename) {
  const err = new Error(`${filename} is a TypeScript ES module: load it with import(), not require()`);
  err.code = 'ERR_REQUIRE_ESM';
  throw err;
};
