/**
 * Turns argv into one validated command (node:util parseArgs). Anything wrong with the command
 * line is a UsageError (exit code 2) that says what to fix.
 */
import { parseArgs } from 'node:util';
import { MIGRATION_IDS } from '../migrations/catalog.js';
import { shownEndpoint } from './endpoint.js';
import { UsageError } from './errors.js';
import { HELP_TOPICS } from './help.js';
import { closest } from './suggest.js';

export const DEFAULT_TABLE = 'task-management';
export const DEFAULT_LOCAL_PORT = 8000;
export const TABLE_ENV = 'TASK_MANAGEMENT_TABLE';

export const DEFINITION_FORMATS = ['json', 'cfn', 'cfn-json', 'cdk'] as const;
export type DefinitionFormat = (typeof DEFINITION_FORMATS)[number];
export const INSPECT_FORMATS = ['text', 'json'] as const;
export type InspectFormat = (typeof INSPECT_FORMATS)[number];

/** Where the table is: its name and how to reach DynamoDB. */
export interface Target {
  readonly tableName: string;
  readonly endpoint?: string;
  readonly region?: string;
}

export type Command =
  | { readonly kind: 'help'; readonly topic?: string }
  | { readonly kind: 'version' }
  | { readonly kind: 'table-create'; readonly target: Target }
  | { readonly kind: 'table-sync'; readonly target: Target; readonly dryRun: boolean; readonly stream: boolean }
  | { readonly kind: 'table-definition'; readonly tableName: string; readonly format: DefinitionFormat }
  | { readonly kind: 'local'; readonly tableName: string; readonly port: number }
  | { readonly kind: 'inspect-connection'; readonly target: Target; readonly id: string; readonly format: InspectFormat }
  | { readonly kind: 'migrate-status'; readonly target: Target }
  | { readonly kind: 'migrate-run'; readonly target: Target; readonly dryRun: boolean; readonly only?: readonly string[] }
  | { readonly kind: 'organization-remove'; readonly target: Target; readonly organizationId: string; readonly dryRun: boolean; readonly yes: boolean };

const OPTIONS = {
  table: { type: 'string' },
  endpoint: { type: 'string' },
  region: { type: 'string' },
  format: { type: 'string' },
  port: { type: 'string' },
  'dry-run': { type: 'boolean' },
  stream: { type: 'boolean' },
  only: { type: 'string' },
  organization: { type: 'string' },
  yes: { type: 'boolean', short: 'y' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'V' },
} as const;

type OptionName = keyof typeof OPTIONS;
type Values = { [K in OptionName]?: (typeof OPTIONS)[K]['type'] extends 'string' ? string : boolean };

/** How each option is shown in usage messages. */
const OPTION_LABELS: Readonly<Record<OptionName, string>> = {
  table: '--table <name>',
  endpoint: '--endpoint <url>',
  region: '--region <region>',
  format: '--format <format>',
  port: '--port <port>',
  'dry-run': '--dry-run',
  stream: '--stream',
  only: '--only <id,…>',
  organization: '--organization <uuid>',
  yes: '-y/--yes',
  help: '-h/--help',
  version: '-V/--version',
};

/** The commands, with the options each takes (besides --help and --version, which every command takes). */
const COMMAND_OPTIONS = {
  'table create': ['table', 'endpoint', 'region'],
  'table sync': ['table', 'endpoint', 'region', 'dry-run', 'stream'],
  'table definition': ['table', 'format'],
  local: ['table', 'port'],
  'inspect connection': ['table', 'endpoint', 'region', 'format'],
  'migrate status': ['table', 'endpoint', 'region'],
  'migrate run': ['table', 'endpoint', 'region', 'dry-run', 'only'],
  'organization remove': ['table', 'endpoint', 'region', 'organization', 'dry-run', 'yes'],
  help: [],
} as const satisfies Record<string, readonly OptionName[]>;

type CommandName = keyof typeof COMMAND_OPTIONS;
const COMMAND_NAMES = Object.keys(COMMAND_OPTIONS) as CommandName[];
const TABLE_SUBCOMMANDS = ['create', 'sync', 'definition'] as const;

/** `commands: table create, table sync, …`: printed under a wrong command. */
export const COMMANDS_LINE = `commands: ${COMMAND_NAMES.join(', ')}`;

/** `options of 'table create': --table <name>, …`, or the options that need no command. */
function optionsLine(command: CommandName | undefined): string {
  if (command === undefined) return `options without a command: ${OPTION_LABELS.help}, ${OPTION_LABELS.version}`;
  const names: readonly OptionName[] = [...COMMAND_OPTIONS[command], 'help'];
  return `options of '${command}': ${names.map((name) => OPTION_LABELS[name]).join(', ')}`;
}

/** `did you mean 'table sync'?` when `word` looks like a typo of one of `candidates`. */
function didYouMean(word: string, candidates: readonly string[], shown: (candidate: string) => string = (candidate) => candidate): string[] {
  const match = closest(word, candidates);
  return match === undefined ? [] : [`did you mean '${shown(match)}'?`];
}

/** The command the positionals name, when they name one. */
function commandOf(positionals: readonly string[]): CommandName | undefined {
  const [first, second] = positionals;
  const twoWords = `${first ?? ''} ${second ?? ''}`;
  if (Object.hasOwn(COMMAND_OPTIONS, twoWords)) return twoWords as CommandName;
  return first === 'local' || first === 'help' ? first : undefined;
}

const TABLE_NAME = /^[A-Za-z0-9_.-]{3,255}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * An option parseArgs does not know. Its own message advises quoting the option as a positional
 * (with an unbalanced quote); what helps here is the options of the command that was meant.
 */
function unknownOptionError(argv: readonly string[]): UsageError {
  const { positionals, tokens } = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: false, tokens: true });
  const unknown = tokens.find((token) => token.kind === 'option' && !Object.hasOwn(OPTIONS, token.name));
  // parseArgs found it with the same options, so the lenient parse finds it too.
  const { name, rawName } = unknown as { name: string; rawName: string };
  const command = commandOf(positionals);
  const allowed: readonly OptionName[] = command === undefined ? ['help', 'version'] : [...COMMAND_OPTIONS[command], 'help'];
  return new UsageError(`Unknown option '${rawName}'${command === undefined ? '' : ` for '${command}'`}`, [...didYouMean(name, allowed, (option) => `--${option}`), optionsLine(command)]);
}

/**
 * An option given more than once. parseArgs keeps the last value, so `--table a --table b`
 * would work on b without a word — the wrong table, when a's flag came from a script and b was
 * typed. Each option is taken once (a repeated flag without a value too: one rule is easier to
 * know than one per option).
 */
function checkRepeats(tokens: readonly { kind: string; name?: string }[]): void {
  const seen = new Set<string>();
  for (const token of tokens) {
    if (token.kind !== 'option' || token.name === undefined) continue;
    if (seen.has(token.name)) throw new UsageError(`--${token.name} is given more than once: give it once`);
    seen.add(token.name);
  }
}

function parse(argv: readonly string[]): { values: Values; positionals: string[] } {
  let parsed: { values: Values; positionals: string[]; tokens: { kind: string; name?: string }[] };
  try {
    parsed = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true, tokens: true });
  } catch (error) {
    // parseArgs throws TypeErrors with codes ERR_PARSE_ARGS_*; apart from unknown options, their messages say what is wrong.
    if ((error as { code?: unknown }).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') throw unknownOptionError(argv);
    throw new UsageError((error as Error).message);
  }
  checkRepeats(parsed.tokens);
  return { values: parsed.values, positionals: parsed.positionals };
}

/** Fails when an option that `command` does not take was given. */
function onlyOptions(values: Values, command: CommandName): void {
  const allowed: readonly OptionName[] = COMMAND_OPTIONS[command];
  for (const name of Object.keys(values) as OptionName[]) {
    if (!allowed.includes(name)) throw new UsageError(`--${name} is not an option of '${command}'`, [optionsLine(command)]);
  }
}

function checkPositionals(positionals: readonly string[], count: number, command: string): void {
  if (positionals.length > count) throw new UsageError(`unexpected argument '${positionals[count] as string}' after '${command}'`);
}

function tableNameOf(values: Values, env: CliEnv, fallback?: string): string {
  const name = values.table ?? env[TABLE_ENV] ?? fallback;
  if (name === undefined) throw new UsageError(`--table is required (or set ${TABLE_ENV})`);
  if (!TABLE_NAME.test(name)) throw new UsageError(`table name '${name}' is not valid: 3–255 of A–Z a–z 0–9 _ . -`);
  return name;
}

function endpointOf(values: Values, env: CliEnv): string | undefined {
  const endpoint = values.endpoint ?? env.AWS_ENDPOINT_URL_DYNAMODB ?? env.AWS_ENDPOINT_URL;
  if (endpoint === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    throw new UsageError(`endpoint '${shownEndpoint(endpoint)}' is not a URL (expected e.g. http://127.0.0.1:8000)`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new UsageError(`endpoint '${shownEndpoint(endpoint)}' must be an http:// or https:// URL`);
  return endpoint;
}

function targetOf(values: Values, env: CliEnv): Target {
  const endpoint = endpointOf(values, env);
  if (values.region !== undefined && !/^[a-z0-9-]{1,64}$/.test(values.region)) throw new UsageError(`region '${values.region}' is not valid`);
  return {
    tableName: tableNameOf(values, env),
    ...(endpoint === undefined ? {} : { endpoint }),
    ...(values.region === undefined ? {} : { region: values.region }),
  };
}

function oneOf<T extends string>(value: string | undefined, allowed: readonly T[], fallback: T, what: string): T {
  if (value === undefined) return fallback;
  if (!(allowed as readonly string[]).includes(value)) throw new UsageError(`${what} must be one of ${allowed.join(', ')} (got '${value}')`);
  return value as T;
}

function portOf(value: string | undefined): number {
  if (value === undefined) return DEFAULT_LOCAL_PORT;
  const port = /^\d{1,5}$/.test(value) ? Number(value) : Number.NaN;
  if (!(port >= 0 && port <= 65535)) throw new UsageError(`--port must be an integer from 0 to 65535 (got '${value}')`);
  return port;
}

/** Environment variables the command line falls back on. */
export type CliEnv = Readonly<Record<string, string | undefined>>;

function tableCommand(sub: string | undefined, values: Values, positionals: string[], env: CliEnv): Command {
  if (sub === 'create' || sub === 'sync') {
    const command = `table ${sub}` as const;
    onlyOptions(values, command);
    checkPositionals(positionals, 2, command);
    const target = targetOf(values, env);
    return sub === 'create' ? { kind: 'table-create', target } : { kind: 'table-sync', target, dryRun: values['dry-run'] === true, stream: values.stream === true };
  }
  if (sub === 'definition') {
    onlyOptions(values, 'table definition');
    checkPositionals(positionals, 2, 'table definition');
    return { kind: 'table-definition', tableName: tableNameOf(values, env, DEFAULT_TABLE), format: oneOf(values.format, DEFINITION_FORMATS, 'json', '--format') };
  }
  if (sub === undefined) throw new UsageError("'table' needs a subcommand: create, sync or definition");
  throw new UsageError(
    `unknown subcommand 'table ${sub}' (expected create, sync or definition)`,
    didYouMean(sub, TABLE_SUBCOMMANDS, (candidate) => `table ${candidate}`),
  );
}

function inspectCommand(sub: string | undefined, values: Values, positionals: string[], env: CliEnv): Command {
  if (sub !== 'connection') {
    if (sub === undefined) throw new UsageError("'inspect' needs what to inspect: inspect connection <id>");
    throw new UsageError(`unknown subcommand 'inspect ${sub}' (expected connection)`, didYouMean(sub, ['connection'], (candidate) => `inspect ${candidate}`));
  }
  onlyOptions(values, 'inspect connection');
  const id = positionals[2];
  if (id === undefined) throw new UsageError("'inspect connection' needs the connection id");
  if (!UUID.test(id)) throw new UsageError(`connection id '${id}' is not a UUID`);
  checkPositionals(positionals, 3, 'inspect connection <id>');
  return { kind: 'inspect-connection', target: targetOf(values, env), id, format: oneOf(values.format, INSPECT_FORMATS, 'text', '--format') };
}

function migrateCommand(sub: string | undefined, values: Values, positionals: string[], env: CliEnv): Command {
  if (sub !== 'status' && sub !== 'run') {
    if (sub === undefined) throw new UsageError("'migrate' needs a subcommand: status or run");
    throw new UsageError(`unknown subcommand 'migrate ${sub}' (expected status or run)`, didYouMean(sub, ['status', 'run'], (candidate) => `migrate ${candidate}`));
  }
  const command = `migrate ${sub}` as const;
  onlyOptions(values, command);
  checkPositionals(positionals, 2, command);
  const target = targetOf(values, env);
  if (sub === 'status') return { kind: 'migrate-status', target };
  return { kind: 'migrate-run', target, dryRun: values['dry-run'] === true, ...(values.only === undefined ? {} : { only: migrationIdsOf(values.only) }) };
}

/** `--only a,b`: known migration ids, each once. */
function migrationIdsOf(list: string): string[] {
  const ids = [...new Set(list.split(',').map((id) => id.trim()).filter(Boolean))];
  if (ids.length === 0) throw new UsageError('--only needs at least one migration id', [`migrations: ${MIGRATION_IDS.join(', ')}`]);
  for (const id of ids) {
    if (!MIGRATION_IDS.includes(id)) throw new UsageError(`unknown migration '${id}'`, [...didYouMean(id, MIGRATION_IDS), `migrations: ${MIGRATION_IDS.join(', ')}`]);
  }
  return ids;
}

function organizationCommand(sub: string | undefined, values: Values, positionals: string[], env: CliEnv): Command {
  if (sub !== 'remove') {
    if (sub === undefined) throw new UsageError("'organization' needs a subcommand: remove");
    throw new UsageError(`unknown subcommand 'organization ${sub}' (expected remove)`, didYouMean(sub, ['remove'], (candidate) => `organization ${candidate}`));
  }
  onlyOptions(values, 'organization remove');
  checkPositionals(positionals, 2, 'organization remove');
  const organizationId = values.organization;
  if (organizationId === undefined) throw new UsageError("'organization remove' needs --organization <uuid>");
  if (!UUID.test(organizationId)) throw new UsageError(`organization id '${organizationId}' is not a UUID`);
  return { kind: 'organization-remove', target: targetOf(values, env), organizationId: organizationId.toLowerCase(), dryRun: values['dry-run'] === true, yes: values.yes === true };
}

/** First words of the commands, for "did you mean". */
const COMMAND_WORDS = [...new Set(COMMAND_NAMES.map((name) => name.split(' ')[0] as string))];

/** The command that `argv` (without node and the script) asks for. */
export function parseCommandLine(argv: readonly string[], env: CliEnv): Command {
  const { values, positionals } = parse(argv);
  const [command, sub] = positionals;
  if (values.help) return command === undefined || command === 'help' ? { kind: 'help' } : helpOf(command);
  if (values.version) return { kind: 'version' };
  switch (command) {
    case undefined:
      throw new UsageError('a command is required');
    case 'help':
      onlyOptions(values, 'help');
      return helpFor(positionals.slice(1));
    case 'table':
      return tableCommand(sub, values, positionals, env);
    case 'local':
      onlyOptions(values, 'local');
      checkPositionals(positionals, 1, 'local');
      return { kind: 'local', tableName: tableNameOf(values, env, DEFAULT_TABLE), port: portOf(values.port) };
    case 'inspect':
      return inspectCommand(sub, values, positionals, env);
    case 'migrate':
      return migrateCommand(sub, values, positionals, env);
    case 'organization':
      return organizationCommand(sub, values, positionals, env);
    default:
      throw new UsageError(`unknown command '${command}'`, [...didYouMean(command, COMMAND_WORDS), COMMANDS_LINE]);
  }
}

/**
 * `help`, `help table` or `help table sync`: the command named by a first word or by a whole
 * path the CLI takes (`help migrate run`), like `migrate run --help`. Its topic is printed: the
 * usage of the command with those of its siblings.
 */
function helpFor(words: readonly string[]): Command {
  const [first, second] = words;
  if (first === undefined) return { kind: 'help' };
  if (second === undefined) return first === 'help' ? { kind: 'help' } : helpOf(first);
  const path = `${first} ${second}`;
  if (Object.hasOwn(COMMAND_OPTIONS, path)) {
    checkPositionals(words, 2, `help ${path}`);
    return helpOf(first);
  }
  // An unknown first word is named by itself (with the topics and a "did you mean").
  if (first !== 'help' && !Object.hasOwn(HELP_TOPICS, first)) return helpOf(first);
  throw new UsageError(`no help for '${path}': commands are ${COMMAND_NAMES.join(', ')}`, didYouMean(path, COMMAND_NAMES));
}

function helpOf(topic: string): Command {
  if (!Object.hasOwn(HELP_TOPICS, topic)) throw new UsageError(`no help for '${topic}': commands are ${Object.keys(HELP_TOPICS).join(', ')}`, didYouMean(topic, Object.keys(HELP_TOPICS)));
  return { kind: 'help', topic };
}
