/**
 * The CLI: `main(argv, io)` parses the command line, runs one command and resolves to the exit
 * code — 0 success, 1 runtime error, 2 usage error. It never calls process.exit, so tests run it
 * in-process with a fake `io`; `bin.ts` runs it on the real process.
 */
import { readFileSync } from 'node:fs';
import { inspect } from 'node:util';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DataAccessError } from '../index.js';
import type { Command, Target } from './args.js';
import { parseCommandLine } from './args.js';
import { createClient } from './client.js';
import { shownEndpoint } from './endpoint.js';
import { inspectConnection } from './commands/inspect.js';
import { runLocal } from './commands/local.js';
import { migrateRun, migrateStatus } from './commands/migrate.js';
import { organizationRemove } from './commands/organization-remove.js';
import { renderDefinition } from './commands/table.js';
import { tableCreate } from './commands/table-create.js';
import { tableSync } from './commands/table-sync.js';
import { CliError, EXIT_FAILURE, EXIT_OK, EXIT_USAGE, UsageError } from './errors.js';
import { HELP_TOPICS, MAIN_HELP, PROGRAM } from './help.js';
import type { CliIo } from './io.js';
import { processIo } from './io.js';

export type { CliIo, OutputStream, StopListener, DynamoLocalModule } from './io.js';
export { processIo } from './io.js';

/** The package's version (from its package.json, two levels up from src/cli and dist/cli alike). */
export function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

/** What a hint may mention: where the command looked for DynamoDB. */
export type HintContext = Partial<Omit<Target, 'tableName'>>;

/** Node's codes for "nothing answers there": refused, no such host, no answer in time. */
const UNREACHABLE_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'ETIMEDOUT', 'EAI_AGAIN', 'EHOSTUNREACH']);

function isUnreachable(error: Error): boolean {
  const code = (error as { code?: unknown }).code;
  // A connection to several addresses (localhost: ::1 and 127.0.0.1) fails with an AggregateError of each.
  const errors = (error as { errors?: unknown }).errors;
  return (typeof code === 'string' && UNREACHABLE_CODES.has(code)) || error.name === 'TimeoutError' || (Array.isArray(errors) && errors.some((inner) => inner instanceof Error && isUnreachable(inner)));
}

/** The commands that name a table to work on. */
type TableCommand = Extract<Command, { readonly target: Target }>;

/** Hints by what went wrong: the first that applies to an error of the chain (outermost first) is shown. */
const HINTS: readonly ((error: Error, context: HintContext) => string | undefined)[] = [
  (error) => (error.name === 'CredentialsProviderError' ? 'configure AWS credentials (AWS_PROFILE, AWS_ACCESS_KEY_ID, …), or pass --endpoint for DynamoDB Local' : undefined),
  (error) => (error.name === 'ResourceNotFoundException' ? 'check --table and --region: the table does not exist there (create it with `table create`)' : undefined),
  (error, context) =>
    isUnreachable(error)
      ? `is DynamoDB reachable at ${context.endpoint === undefined ? `the AWS endpoint${context.region === undefined ? '' : ` of ${context.region}`}` : shownEndpoint(context.endpoint)}? start it with \`${PROGRAM} local\` or check --endpoint/--region`
      : undefined,
];

function hintFor(error: unknown, context: HintContext): string | undefined {
  if (!(error instanceof Error)) return undefined;
  for (const hint of HINTS) {
    const text = hint(error, context);
    if (text !== undefined) return text;
  }
  return undefined;
}

/** One line (or a few) that tell what went wrong, with the causes of wrapped errors and a hint where one helps. */
export function describeError(error: unknown, context: HintContext = {}): string {
  if (error instanceof CliError) return error.message;
  const parts: string[] = [];
  let current: unknown = error;
  let hint: string | undefined;
  for (let depth = 0; current !== undefined && depth < 4; depth += 1) {
    if (current instanceof DataAccessError) parts.push(`${current.code}: ${current.message}`);
    else if (current instanceof Error) parts.push(`${current.name}: ${current.message}`);
    else parts.push(typeof current === 'string' ? current : inspect(current));
    hint ??= hintFor(current, context);
    current = current instanceof Error ? current.cause : undefined;
  }
  return `${parts.join('\n  caused by ')}${hint ? `\n  hint: ${hint}` : ''}`;
}

async function run(command: Command, io: CliIo): Promise<number> {
  switch (command.kind) {
    case 'help':
      io.stdout.write(`${command.topic === undefined ? MAIN_HELP : (HELP_TOPICS[command.topic] as string)}\n`);
      return EXIT_OK;
    case 'version':
      io.stdout.write(`${packageVersion()}\n`);
      return EXIT_OK;
    case 'table-definition':
      io.stdout.write(renderDefinition(command.tableName, command.format));
      return EXIT_OK;
    case 'local':
      return runLocal(command, io);
    default: {
      const client = createClient(command.target, io.env);
      try {
        return await runOnTable(command, client, io);
      } finally {
        client.destroy();
      }
    }
  }
}

/** The commands that talk to the table, on the client made for their target. */
async function runOnTable(command: TableCommand, client: DynamoDBClient, io: CliIo): Promise<number> {
  switch (command.kind) {
    case 'table-create':
      await tableCreate(command.target, client, io);
      return EXIT_OK;
    case 'table-sync':
      await tableSync(command.target, command, client, io);
      return EXIT_OK;
    case 'inspect-connection':
      await inspectConnection(command.target, command.id, command.format, client, io);
      return EXIT_OK;
    case 'migrate-status':
      await migrateStatus(command.target, client, io);
      return EXIT_OK;
    case 'migrate-run':
      await migrateRun(command.target, command, client, io);
      return EXIT_OK;
    case 'organization-remove':
      return organizationRemove(command.target, command, client, io);
  }
}

/** Runs the CLI for `argv` (the arguments after the program name) and resolves to its exit code. */
export async function main(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  let context: HintContext = {};
  try {
    const command = parseCommandLine(argv, io.env);
    if ('target' in command) context = command.target;
    return await run(command, io);
  } catch (error) {
    if (error instanceof UsageError) {
      const help = argv.length === 0 ? `\n${MAIN_HELP}\n` : `Run '${PROGRAM} --help' for usage.\n`;
      io.stderr.write(`error: ${error.message}\n${error.details.map((line) => `  ${line}\n`).join('')}${help}`);
      return EXIT_USAGE;
    }
    io.stderr.write(`error: ${describeError(error, context)}\n`);
    return EXIT_FAILURE;
  }
}
