/**
 * Transport failures: the request never got an HTTP answer. HTTP clients wrap the socket error,
 * so the whole `cause` chain is searched: Node's fetch (undici) rejects with
 * `TypeError: fetch failed` whose `cause` carries the code (`ECONNREFUSED`, or an undici
 * `SocketError` with `UND_ERR_SOCKET`), and Happy Eyeballs connects give an `AggregateError`
 * whose `errors` hold one error per address tried.
 */
import { isArray, isObjectLike, readProperty } from './read.js';

/**
 * Node system errors of sockets and DNS (https://nodejs.org/api/errors.html#common-system-errors):
 * connection refused/reset/aborted, timeouts, broken pipes, unreachable hosts and networks, and
 * lookups that failed (`ENOTFOUND`) or should be retried (`EAI_AGAIN`). TLS certificate errors
 * are deliberately absent: a bad certificate does not fix itself, so it stays UNKNOWN (investigate).
 */
const SYSTEM_CODES = [
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'ETIMEDOUT',
  'ESOCKETTIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'EHOSTDOWN',
  'ENETUNREACH',
  'ENETDOWN',
  'ENETRESET',
  'EADDRNOTAVAIL',
  'ERR_SOCKET_CONNECTION_TIMEOUT',
  'ERR_STREAM_PREMATURE_CLOSE',
  'ABORT_ERR',
];

/**
 * undici's transport errors (https://github.com/nodejs/undici/blob/main/docs/docs/api/Errors.md).
 * Not every `UND_ERR_*` is one: `UND_ERR_INVALID_ARG` is a caller bug and
 * `UND_ERR_RESPONSE_STATUS_CODE` wraps an HTTP answer, so they are not listed.
 */
const UNDICI_CODES = [
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
  'UND_ERR_ABORTED',
  'UND_ERR_RES_CONTENT_LENGTH_MISMATCH',
];

const NETWORK_CODES: ReadonlySet<unknown> = new Set<unknown>([...SYSTEM_CODES, ...UNDICI_CODES]);

/**
 * Error names without a usable code: fetch rejects with a `DOMException` named `AbortError`
 * (the caller's signal fired) or `TimeoutError` (`AbortSignal.timeout`), whose numeric `code`
 * says nothing; undici's classes carry their names too.
 */
const NETWORK_NAMES: ReadonlySet<unknown> = new Set<unknown>([
  'AbortError',
  'TimeoutError',
  'ConnectTimeoutError',
  'HeadersTimeoutError',
  'BodyTimeoutError',
  'SocketError',
]);

/** How many errors of a cause chain (and of aggregate `errors`) are looked at, at most. */
const MAX_ERRORS = 32;
const MAX_AGGREGATED = 10;

function isTransportError(error: object): boolean {
  if (NETWORK_CODES.has(readProperty(error, 'code'))) return true;
  const name = readProperty(error, 'name');
  if (NETWORK_NAMES.has(name)) return true;
  // undici answers every network-level failure with this TypeError. When its cause has a code,
  // the code decides (a TLS certificate error is not worth retrying); a cause without one (a
  // refused port: "bad port") still means the request never got an answer.
  if (name !== 'TypeError' || readProperty(error, 'message') !== 'fetch failed') return false;
  return typeof readProperty(readProperty(error, 'cause'), 'code') !== 'string';
}

/** Whether `error` (or anything in its cause chain) is a transport failure. Cycle-safe; never throws. */
export function isNetworkFailure(error: unknown): boolean {
  const queue: unknown[] = [error];
  const seen = new Set<object>();
  while (queue.length > 0 && seen.size < MAX_ERRORS) {
    const current = queue.shift();
    if (!isObjectLike(current) || seen.has(current)) continue;
    seen.add(current);
    if (isTransportError(current)) return true;
    queue.push(readProperty(current, 'cause'));
    const aggregated = readProperty(current, 'errors');
    if (isArray(aggregated)) {
      for (let i = 0; i < Math.min(aggregated.length, MAX_AGGREGATED); i++) queue.push(readProperty(aggregated, i));
    }
  }
  return false;
}
