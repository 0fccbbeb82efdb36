/**
 * An endpoint as the CLI shows it (progress lines, results, hints, usage errors): without the
 * user name and password a URL may carry (`http://admin:secret@host:8000`). Output lands in
 * terminals, CI logs and bug reports; a credential must never get there with it.
 */

/** `http:`, `https://`, `ftp:\\`…: a scheme and the slashes (or backslashes, as URL parsers accept) after it. */
const SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*:[/\\]*/;

/** Where the authority of a parsed URL ends: URL parsers stop it at the first of these. */
const AUTHORITY_END = /[/\\?#]/;

/**
 * `endpoint` with its user-info left out, the rest as given (no normalising: the operator should
 * recognise what they typed). The user-info ends at the last `@` of the authority. For a string
 * that is not a URL at all nobody can tell where its authority ends (a password with a `/` in
 * it breaks the parse), so everything up to its last `@` is left out.
 */
export function shownEndpoint(endpoint: string): string {
  const start = SCHEME.exec(endpoint)?.[0].length ?? 0;
  const rest = endpoint.slice(start);
  const end = URL.canParse(endpoint) ? rest.search(AUTHORITY_END) : -1;
  const at = (end === -1 ? rest : rest.slice(0, end)).lastIndexOf('@');
  return at === -1 ? endpoint : `${endpoint.slice(0, start)}${rest.slice(at + 1)}`;
}
