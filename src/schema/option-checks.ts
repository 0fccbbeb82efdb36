/**
 * The options argument of a public function, checked the same way everywhere: undefined or a
 * plain object, no key the function does not know (a typo such as `dryrun` must not silently do
 * the opposite of what was meant), and each known key of the right kind. Issues name the field.
 */
import type { ValidationIssue } from '../errors/index.js';
import { plainObjectKeys, readOwn, UNREAD, UNREADABLE } from './unreadable.js';

/** Says what is wrong with one option's value (undefined: it is fine). Not called for `undefined`. */
export type OptionCheck = (value: unknown) => string | undefined;

export const booleanOption: OptionCheck = (value) => (typeof value === 'boolean' ? undefined : 'must be true or false');
export const functionOption: OptionCheck = (value) => (typeof value === 'function' ? undefined : 'must be a function');

/** A finite number in [min, max]. */
export function numberOption(min: number, max: number): OptionCheck {
  return (value) => (typeof value === 'number' && Number.isFinite(value) && value >= min && value <= max ? undefined : `must be a number from ${min} to ${max}`);
}

/** What {@link readOptions} found: the issues, and the known options as read (each once). */
export interface OptionsRead {
  readonly issues: ValidationIssue[];
  /**
   * The known options given (not undefined) and valid, as read: what the function goes on with,
   * never the caller's object again (a getter may answer differently, or throw, the second time).
   */
  readonly values: Readonly<Record<string, unknown>>;
}

/**
 * `options` checked against `checks` (one per known option), each read once. `path` prefixes each
 * field (`'options'` gives `options.dryRun`); an options value that is not a plain object is one
 * issue at `path` listing the known options.
 */
export function readOptions(options: unknown, checks: Readonly<Record<string, OptionCheck>>, path = 'options'): OptionsRead {
  const values: Record<string, unknown> = {};
  if (options === undefined) return { issues: [], values };
  const known = Object.keys(checks);
  // Read through plainObjectKeys / readOwn: options that cannot be read (a revoked Proxy, a
  // getter that throws) are an issue at their path, not the caller's own error.
  const names = plainObjectKeys(options);
  if (names === UNREAD) return { issues: [{ path, message: UNREADABLE }], values };
  if (names === null) return { issues: [{ path, message: `expected { ${known.map((name) => `${name}?`).join(', ')} }` }], values };
  const at = (name: string) => (path === '' ? name : `${path}.${name}`);
  const issues: ValidationIssue[] = [];
  for (const name of names) {
    const check = Object.hasOwn(checks, name) ? checks[name] : undefined;
    const value = check === undefined ? undefined : readOwn(options as object, name);
    if (check === undefined) issues.push({ path: at(name), message: `is not an option (known: ${known.join(', ')})` });
    else if (value === UNREAD) issues.push({ path: at(name), message: UNREADABLE });
    else if (value !== undefined) {
      const problem = check(value);
      if (problem !== undefined) issues.push({ path: at(name), message: problem });
      // Known names only (no `__proto__`: it is never an option), so a plain object holds them safely.
      else values[name] = value;
    }
  }
  return { issues, values };
}

/** The issues of `options` against `checks` (see {@link readOptions}). */
export function optionIssues(options: unknown, checks: Readonly<Record<string, OptionCheck>>, path = 'options'): ValidationIssue[] {
  return readOptions(options, checks, path).issues;
}
