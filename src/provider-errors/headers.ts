/**
 * Response headers, normalised: names lower-cased (HTTP header names are case-insensitive,
 * RFC 9110 §5.1), values kept only when they are strings (or finite numbers, as some HTTP
 * clients hand them over). Values are cut short: nothing we read is long. Accepted: a record, an
 * iterable of pairs (fetch `Headers`, `Map`, axios's `AxiosHeaders`), or an object with only a
 * `get(name)` (a Response-like of some fetch wrapper or test double).
 */
import { isArray, isObjectLike, readProperty, someOwnKeys } from './read.js';

/** Headers as `classifyProviderError` accepts them: a plain record, or any iterable of pairs (a fetch `Headers`, a `Map`). */
export type HeadersInput = Readonly<Record<string, string>> | Iterable<readonly [string, string]>;

/** Lower-cased header name → value. */
export type HeaderMap = ReadonlyMap<string, string>;

const MAX_HEADERS = 200;
const MAX_VALUE_LENGTH = 256;

/**
 * The headers the classification rules read. A headers object that can only be asked by name
 * (`get()`, neither iterable nor a record of its headers) is asked for these; a rule that reads
 * another header adds it here (the unit tests compare every fixture read both ways).
 */
const NAMES_READ = ['retry-after', 'x-ratelimit-remaining', 'x-ratelimit-reset', 'www-authenticate', 'x-seraph-loginreason', 'x-authentication-denied-reason', 'x-ausername'];

function headerValue(value: unknown): string | undefined {
  if (typeof value === 'string') return value.slice(0, MAX_VALUE_LENGTH).trim();
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  // Node's IncomingHttpHeaders give repeated headers as string[]: the first one is enough.
  if (isArray(value)) return headerValue(value[0]);
  return undefined;
}

function add(map: Map<string, string>, name: unknown, value: unknown): void {
  if (typeof name !== 'string') return;
  const key = name.trim().toLowerCase();
  const text = headerValue(value);
  // The first spelling wins when a record holds the same header twice (`Retry-After` and `retry-after`).
  if (key !== '' && text !== undefined && !map.has(key)) map.set(key, text);
}

function fromIterable(map: Map<string, string>, headers: Iterable<unknown>): void {
  let seen = 0;
  for (const entry of headers) {
    if (++seen > MAX_HEADERS) break;
    if (isArray(entry)) add(map, entry[0], entry[1]);
  }
}

function fromRecord(map: Map<string, string>, headers: object): void {
  // The result is a Map, so `__proto__` or `constructor` are ordinary (ignored) header names.
  for (const name of someOwnKeys(headers, MAX_HEADERS)) add(map, name, readProperty(headers, name));
}

function fromGetter(map: Map<string, string>, headers: object, get: (name: string) => unknown): void {
  for (const name of NAMES_READ) {
    try {
      add(map, name, get.call(headers, name));
    } catch {
      // A getter that throws for one name may still answer for the others.
    }
  }
}

/** The headers of `input` by lower-cased name. Junk (non-objects, throwing getters or iterators) reads as no headers. */
export function normaliseHeaders(input: unknown): HeaderMap {
  const map = new Map<string, string>();
  if (!isObjectLike(input) || isArray(input)) return map;
  try {
    const iterator = readProperty(input, Symbol.iterator);
    const get = typeof iterator === 'function' ? undefined : readProperty(input, 'get');
    if (typeof iterator === 'function') fromIterable(map, input as Iterable<unknown>);
    else if (typeof get === 'function') fromGetter(map, input, get as (name: string) => unknown);
    else fromRecord(map, input);
  } catch {
    // A hostile iterator or Proxy: keep what was read before it threw.
  }
  return map;
}
