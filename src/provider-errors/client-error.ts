/**
 * The response inside a thrown HTTP client error. Callers often pass only what their client threw
 * (`classifyProviderError({ provider, error })`); the status, headers and body it carries are the
 * best signals there are. Shapes read, each as the client documents it:
 * - Octokit's `RequestError` (name `HttpError`): `status`, and `response: { url, status, headers, data }`
 *   when a response arrived (https://github.com/octokit/request-error.js#usage).
 * - axios's `AxiosError`: `response: { data, status, statusText, headers, config, request }`, and in
 *   recent versions `status` too (https://axios-http.com/docs/handling_errors); `headers` is an
 *   `AxiosHeaders`, iterable like a `Map`.
 * - fetch wrappers (ky's `HTTPError`, ofetch's `FetchError` …): `response` is the fetch `Response`.
 *   Its body is a stream, which a pure function cannot read: its status and headers are what count.
 * Every read goes through `readProperty`: a throwing getter or a revoked Proxy reads as absent.
 */
import { readProperty } from './read.js';
import { httpStatus } from './status.js';

const responseOf = (error: unknown): unknown => readProperty(error, 'response');

/** The HTTP status of the error's response, else the error's own `status` (when either is one). */
export function statusOfError(error: unknown): number | undefined {
  return httpStatus(readProperty(responseOf(error), 'status')) ?? httpStatus(readProperty(error, 'status'));
}

/** The headers of the error's response, as the client gave them (normalised by the caller). */
export function headersOfError(error: unknown): unknown {
  return readProperty(responseOf(error), 'headers');
}

/** The body of the error's response as the client parsed it (Octokit and axios: `data`). */
export function bodyOfError(error: unknown): unknown {
  return readProperty(responseOf(error), 'data');
}
