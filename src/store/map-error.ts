/**
 * Wraps what DynamoDB (or the network) threw into the library's error family, with a message
 * that says what failed and why: the request, the cause's name and code, the address it could
 * not reach (`GetItem failed: ECONNREFUSED 127.0.0.1:8001`), and a hint where the fix is known.
 * Messages of causes are never copied: they may quote attribute values.
 */
import { DataAccessError } from '../errors/index.js';

/** Names that say nothing about the failure: the cause chain is searched past them. */
const GENERIC_NAMES: ReadonlySet<string> = new Set(['Error', 'AggregateError', 'ElectroError']);

/**
 * What to do about a cause, by its name: the advice the CLI gives for missing credentials, worded
 * for a caller of `createDataAccess` (which has no `--endpoint` flag, but a `client` it can build).
 */
export const DATASTORE_HINTS: Readonly<Record<string, string>> = Object.freeze({
  CredentialsProviderError:
    'configure AWS credentials (AWS_PROFILE, AWS_ACCESS_KEY_ID, …), or pass a client built with `credentials` (DynamoDB Local accepts any)',
});

/** How deep the cause chain is followed (a cycle or a very long chain stops here). */
const MAX_DEPTH = 6;

/** Only identifiers and addresses are quoted, so nothing else a cause carries can reach the message. */
const NAME = /^[A-Za-z0-9][A-Za-z0-9_.]{0,99}$/;
const CODE = /^[A-Z][A-Z0-9_]{1,63}$/;
const HOST = /^[A-Za-z0-9.:_%[\]-]{1,255}$/;

interface CauseFacts {
  name?: string;
  code?: string;
  address?: string;
}

function field(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
}

/** `value` as text if it is a string (or a number, as some error-like objects carry) that fits `pattern`. */
function matching(value: unknown, pattern: RegExp): string | undefined {
  const text = typeof value === 'number' ? String(value) : value;
  return typeof text === 'string' && pattern.test(text) ? text : undefined;
}

/** `127.0.0.1:8001`, `[::1]:8001` or a host name, from a Node system error. */
function addressOf(error: unknown): string | undefined {
  const host = matching(field(error, 'address'), HOST) ?? matching(field(error, 'hostname'), HOST);
  if (host === undefined) return undefined;
  const port = field(error, 'port');
  const shown = host.includes(':') ? `[${host}]` : host;
  return Number.isInteger(port) ? `${shown}:${String(port)}` : host;
}

/**
 * The errors behind `error`: itself, its `cause` chain and, for an AggregateError (Node tries
 * every address of a host), the first of its `errors` — breadth-first, at most {@link MAX_DEPTH}.
 */
function chainOf(error: unknown): unknown[] {
  const chain: unknown[] = [];
  const queue: unknown[] = [error];
  while (queue.length > 0 && chain.length < MAX_DEPTH) {
    const current = queue.shift();
    if (current === undefined || current === null || chain.includes(current)) continue;
    chain.push(current);
    queue.push(field(current, 'cause'));
    const errors = field(current, 'errors');
    if (Array.isArray(errors)) queue.push(errors[0]);
  }
  return chain;
}

/** The most telling name, the first Node error code and the first address along the chain. */
function factsOf(error: unknown): CauseFacts {
  const facts: CauseFacts = {};
  let fallbackName: string | undefined;
  for (const current of chainOf(error)) {
    const name = matching(field(current, 'name'), NAME);
    fallbackName ??= name;
    if (name !== undefined && !GENERIC_NAMES.has(name)) facts.name ??= name;
    facts.code ??= matching(field(current, 'code'), CODE);
    facts.address ??= addressOf(current);
  }
  facts.name ??= facts.code === undefined ? (fallbackName ?? 'Error') : undefined;
  return facts;
}

/** `ProvisionedThroughputExceededException`, `ECONNREFUSED 127.0.0.1:8001`, `TimeoutError ETIMEDOUT`, … */
export function describeCause(error: unknown): string {
  const { name, code, address } = factsOf(error);
  const parts = [name, code === name ? undefined : code, address].filter((part): part is string => part !== undefined);
  const hint = name !== undefined && Object.hasOwn(DATASTORE_HINTS, name) ? DATASTORE_HINTS[name] : undefined;
  return hint === undefined ? parts.join(' ') : `${parts.join(' ')} (hint: ${hint})`;
}

/** Errors of ours pass through; anything else becomes `DATASTORE` with the original as `cause`. */
export function toDataAccessError(error: unknown, operation: string): DataAccessError {
  if (error instanceof DataAccessError) return error;
  return new DataAccessError('DATASTORE', `${operation} failed: ${describeCause(error)}`, { cause: error });
}
