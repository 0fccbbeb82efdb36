/**
 * What a response body says, reduced to the two things classification looks at: the error
 * messages it carries and an OAuth `error` code. Bodies arrive as parsed JSON, as raw text
 * (JSON, form-encoded or an HTML error page), as the raw bytes of that text (a `Buffer` from
 * node:http or axios's `responseType: 'arraybuffer'`, an `ArrayBuffer` from `response.arrayBuffer()`)
 * or as junk; none of it is trusted or echoed.
 *
 * Shapes read (each documented by the provider):
 * - Jira Cloud and Data Center: `{ errorMessages: string[], errors: { [field]: string } }`
 *   (https://developer.atlassian.com/cloud/jira/platform/rest/v3/intro/#status-codes); the
 *   Atlassian API gateway (api.atlassian.com) answers `{ code: 401, message: "Unauthorized; scope does not match" }`.
 * - GitHub REST: `{ message, documentation_url, status?, errors?: [{ resource, field, code, message? }] }`
 *   (https://docs.github.com/rest/using-the-rest-api/troubleshooting-the-rest-api).
 * - OAuth token endpoints: `{ error, error_description?, error_uri? }` (RFC 6749 §5.2), which
 *   GitHub's `login/oauth/access_token` sends form-encoded unless asked for JSON
 *   (https://docs.github.com/apps/oauth-apps/maintaining-oauth-apps/troubleshooting-oauth-app-access-token-request-errors).
 * - Jira Data Center and proxies: HTML error pages ("HTTP Status 503 – Service Unavailable").
 */
import { types } from 'node:util';
import { isArray, isObjectLike, readProperty, readString, someOwnKeys } from './read.js';

/** The parts of a body that classification reads. */
export interface BodyFacts {
  /** The body's error messages, whitespace collapsed, lower-cased, one per line (at most {@link MAX_TEXT} characters). */
  readonly text: string;
  /** The OAuth `error` code when the body carries one, lower-cased. */
  readonly oauthError: string | undefined;
}

const MAX_TEXT = 4096;
const MAX_PARSED_LENGTH = 256 * 1024;
const MAX_HTML_LENGTH = 8192;
const MAX_ITEMS = 20;
const OAUTH_CODE = /^[a-z][a-z0-9_.-]{0,63}$/i;
const FORM_ENCODED = /^[a-z_]+=[^\s<>{}]*$/i;

const EMPTY: BodyFacts = Object.freeze({ text: '', oauthError: undefined });
const utf8 = new TextDecoder('utf-8');

function oauthCode(value: unknown): string | undefined {
  return typeof value === 'string' && OAUTH_CODE.test(value) ? value.toLowerCase() : undefined;
}

/** Message strings of one `errors` entry: a string, or an object with `message` (GitHub, GraphQL). */
function itemMessages(item: unknown, into: string[]): void {
  if (typeof item === 'string') into.push(item.slice(0, 512));
  else {
    const message = readString(item, 'message');
    if (message !== undefined) into.push(message);
  }
}

function collectErrors(errors: unknown, into: string[]): void {
  if (isArray(errors)) {
    // Read like any other property: an array Proxy may trap `length` and the elements.
    const length = readProperty(errors, 'length');
    const count = typeof length === 'number' ? Math.min(length, MAX_ITEMS) : 0;
    for (let i = 0; i < count; i++) itemMessages(readProperty(errors, i), into);
  } else if (isObjectLike(errors)) {
    // Jira: field name → message.
    for (const key of someOwnKeys(errors, MAX_ITEMS)) itemMessages(readProperty(errors, key), into);
  }
}

function fromValue(body: unknown): BodyFacts {
  const messages: string[] = [];
  if (isArray(body)) {
    collectErrors(body, messages);
    return facts(messages, undefined);
  }
  if (!isObjectLike(body)) return EMPTY;
  for (const key of ['message', 'errorMessage', 'error_description']) {
    const message = readString(body, key);
    if (message !== undefined) messages.push(message);
  }
  collectErrors(readProperty(body, 'errorMessages'), messages);
  collectErrors(readProperty(body, 'errors'), messages);
  const error = readProperty(body, 'error');
  // Some APIs put a sentence in `error` rather than an OAuth code: keep it as a message too.
  if (typeof error === 'string') messages.push(error.slice(0, 512));
  return facts(messages, oauthCode(error));
}

function fromText(raw: string): BodyFacts {
  const text = raw.trim();
  if (text.startsWith('{') || text.startsWith('[')) {
    if (text.length <= MAX_PARSED_LENGTH) {
      try {
        return fromValue(JSON.parse(text));
      } catch {
        // Not JSON after all: read it as text.
      }
    }
  } else if (text.length <= MAX_TEXT && FORM_ENCODED.test(text) && text.includes('error=')) {
    const form = new URLSearchParams(text);
    const description = form.get('error_description');
    return facts([form.get('error') ?? '', description ?? ''], oauthCode(form.get('error')));
  }
  // HTML error pages and plain text: drop the tags, keep the words.
  return facts([text.slice(0, MAX_HTML_LENGTH).replace(/<[^>]*>/g, ' ')], undefined);
}

function facts(messages: readonly string[], oauthError: string | undefined): BodyFacts {
  const text = messages
    .map((message) => message.replace(/\s+/g, ' ').trim())
    .filter((message) => message !== '')
    .join('\n')
    .slice(0, MAX_TEXT)
    .toLowerCase();
  return { text, oauthError };
}

/**
 * The text of a body given as bytes (a Buffer or any other ArrayBuffer view, an ArrayBuffer),
 * decoded as UTF-8 (malformed sequences become U+FFFD); `undefined` for anything else. Only the
 * first {@link MAX_PARSED_LENGTH} bytes are decoded (no longer text is parsed anyway), so a longer
 * body reads as cut-short text. `util.types` looks at internal slots, not properties: no getter or
 * Proxy trap runs. A detached buffer throws, which is caught: it reads as no bytes.
 */
function textOfBytes(body: unknown): string | undefined {
  try {
    if (types.isArrayBufferView(body)) return utf8.decode(new Uint8Array(body.buffer, body.byteOffset, Math.min(body.byteLength, MAX_PARSED_LENGTH)));
    if (types.isAnyArrayBuffer(body)) return utf8.decode(new Uint8Array(body, 0, Math.min(body.byteLength, MAX_PARSED_LENGTH)));
  } catch {
    // A detached buffer, or a view whose getters were overridden to throw.
  }
  return undefined;
}

/** The messages and OAuth error code of `body`, whatever it is. Never throws. */
export function readBody(body: unknown): BodyFacts {
  if (typeof body === 'string') return fromText(body);
  const text = textOfBytes(body);
  return text === undefined ? fromValue(body) : fromText(text);
}
