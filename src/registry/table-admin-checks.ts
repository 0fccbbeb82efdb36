/**
 * The arguments of the table administration functions (tableDefinition, createTable,
 * planTableUpdate, syncTable), checked before any request: ValidationError naming each bad one.
 */
import { ValidationError } from '../errors/index.js';
import type { ValidationIssue } from '../errors/index.js';
import type { OptionCheck } from '../schema/option-checks.js';
import { booleanOption, functionOption, numberOption, readOptions } from '../schema/option-checks.js';
import { UNREADABLE } from '../schema/unreadable.js';

const TABLE_NAME = /^[A-Za-z0-9_.-]{3,255}$/;

export const DEFINITION_OPTIONS: Readonly<Record<string, OptionCheck>> = { stream: booleanOption };
export const CREATE_OPTIONS: Readonly<Record<string, OptionCheck>> = { ifNotExists: booleanOption };
export const PLAN_OPTIONS: Readonly<Record<string, OptionCheck>> = { stream: booleanOption };
export const SYNC_OPTIONS: Readonly<Record<string, OptionCheck>> = {
  dryRun: booleanOption,
  stream: booleanOption,
  onProgress: functionOption,
  maxWaitSeconds: numberOption(1, 86_400),
};

function tableNameIssues(tableName: unknown): ValidationIssue[] {
  return typeof tableName === 'string' && TABLE_NAME.test(tableName) ? [] : [{ path: 'tableName', message: 'must be a DynamoDB table name (3–255 of A–Z a–z 0–9 _ . -)' }];
}

/**
 * Throws ValidationError for a bad table name or options of `operation`; returns the options as
 * read and checked (`T`: the function's options type), which the function goes on with.
 */
export function checkDefinitionArguments<T extends object>(operation: string, tableName: unknown, options: T | undefined, checks: Readonly<Record<string, OptionCheck>>): T {
  const { issues, values } = readOptions(options, checks);
  issues.unshift(...tableNameIssues(tableName));
  if (issues.length > 0) throw new ValidationError(issues, operation);
  return values as T;
}

/**
 * The issue of `client` when it is no DynamoDBClient (something with `send`). `send` is its
 * class's (readOwn sees own properties only), so it is asked here, inside a try: a Proxy trap or
 * a getter that throws is a client that cannot be read, never the caller's own error.
 */
function clientIssues(client: unknown): ValidationIssue[] {
  if (typeof client !== 'object' || client === null) return [{ path: 'client', message: 'must be a DynamoDBClient' }];
  let send: unknown;
  try {
    send = (client as { send?: unknown }).send;
  } catch {
    return [{ path: 'client', message: UNREADABLE }];
  }
  return typeof send === 'function' ? [] : [{ path: 'client', message: 'must be a DynamoDBClient' }];
}

/** Like {@link checkDefinitionArguments}, and `client` must be a DynamoDBClient (something with `send`). */
export function checkAdminArguments<T extends object>(operation: string, client: unknown, tableName: unknown, options: T | undefined, checks: Readonly<Record<string, OptionCheck>>): T {
  const { issues, values } = readOptions(options, checks);
  issues.unshift(...clientIssues(client), ...tableNameIssues(tableName));
  if (issues.length > 0) throw new ValidationError(issues, operation);
  return values as T;
}
