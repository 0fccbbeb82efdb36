/**
 * The options argument of a public function, checked the same way everywhere: undefined or a
 * plain object, no key the function does not know (a typo such as `dryrun` must not silently do
 * the opposite of what was meant), and each known key of the right kind. Issues name the field.
 */
import type { ValidationIssue } from '../errors/index.js';
import { isPlainObject } from './value-checks.js';

/** Says what is wrong with one option's value (undefined: it is fine). Not called for `undefined`. */
export type OptionCheck = (value: unknown) => string | undefined;

export const booleanOption: OptionCheck = (value) => (typeof value === 'boolean' ? undefined : 'must be true or false');
export const functionOption: OptionCheck = (value) => (typeof value === 'function' ? undefined : 'must be a function');

/** A finite number in [min, max]. */
export function numberOption(min: number, max: number): OptionCheck {
  return (value) => (typeof value === 'number' && Number.isFinite(value) && value >= min && value <= max ? undefined : `must be a number from ${min} to ${max}`);
}

/**
 * The issues of `options` against `checks` (one per known option). `path` prefixes each field
 * (`'options'` gives `options.dryRun`); an options value that is not a plain object is one issue
 * at `path` listing the known options.
 */
export function optionIssues(options: unknown, checks: Readonly<Record<string, OptionCheck>>, path = 'options'): ValidationIssue[] {
  if (options === undefined) return [];
  const known = Object.keys(checks);
  if (!isPlainObject(options)) return [{ path, message: `expected { ${known.map((name) => `${name}?`).join(', ')} }` }];
  const at = (name: string) => (path === '' ? name : `${path}.${name}`);
  const issues: ValidationIssue[] = [];
  for (const [name, value] of Object.entries(options)) {
    const check = Object.hasOwn(checks, name) ? checks[name] : undefined;
    if (check === undefined) issues.push({ path: at(name), message: `is not an option (known: ${known.join(', ')})` });
    else if (value !== undefined) {
      const problem = check(value);
      if (problem !== undefined) issues.push({ path: at(name), message: problem });
    }
  }
  return issues;
}
