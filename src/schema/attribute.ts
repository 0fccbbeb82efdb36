/**
 * Attribute declarations. Each factory in {@link attr} returns a frozen {@link AttributeSpec}
 * whose type parameters record the value type and the options literally (const type parameters),
 * so model getters, setters and create inputs are derived from one declaration.
 */
import type { ValidationIssue } from '../errors/index.js';
import { checkHttpsUrl, checkIsoDate, checkUuid, describeType, isWellFormedText } from './value-checks.js';

/** How an attribute is stored (uuid, httpsUrl, isoDate and enum are strings). */
export type AttributeKind = 'string' | 'number' | 'boolean' | 'json';

/** Derived attribute: recomputed from the whole record whenever one of `attributes` changes. */
export interface WatchSpec {
  readonly attributes: readonly string[];
  /** Computes the attribute's new value from the whole record (the changes already applied). */
  readonly compute: (record: Readonly<Record<string, unknown>>) => unknown;
}

/** Options shared by every attribute kind. */
export interface AttributeOptions<T> {
  /** Must be present on create (unless it has a default). Getters then never return undefined. */
  readonly required?: boolean;
  /** Set on create, never changed afterwards: no setter is generated. */
  readonly readOnly?: boolean;
  /** Kept out of `toJSON()` (secrets such as PKCE code verifiers). */
  readonly hidden?: boolean;
  /** `null` is an accepted value (for example a status that was never synced). */
  readonly nullable?: boolean;
  /** Maintained by the library or by the entity's own methods: not in create inputs, no setter. */
  readonly internal?: boolean;
  /**
   * Value used when create leaves the attribute out; a function is called per create. `null`
   * only for nullable attributes.
   */
  readonly default?: T | null | (() => T);
  /** Extra rule after the type check. Returns a message when the value is wrong. */
  validate?(value: T): string | undefined;
  /**
   * Normalises a value on its way in (create and setters), after validation and after the
   * kind's own canonical form (a UUID is lower case before `set` sees it).
   */
  set?(value: T): T;
  /** Shapes a value on its way out (getters and toJSON). */
  get?(value: T): T;
  /** Recompute this attribute when others change. */
  readonly watch?: WatchSpec;
}

/** Checks the shape of a value; returns issues with paths relative to the attribute. */
export type ShapeCheck = (value: unknown) => readonly ValidationIssue[];

/** A shape check that also names the value type it accepts (made by {@link shapeOf}). */
export type Shape<T> = ShapeCheck & { readonly __shape?: T };

/** Declares that `check` accepts values of type `T` (for `attr.json`). */
export function shapeOf<T>(check: ShapeCheck): Shape<T> {
  return check;
}

/** A declared attribute. `T` is its value type, `O` the options exactly as written. */
export interface AttributeSpec<T = unknown, O = object> {
  readonly kind: AttributeKind;
  readonly enumValues: readonly string[] | undefined;
  readonly options: AttributeOptions<T> & O;
  /** Type and shape check, compiled once per declaration. Issue paths are relative ('' = the value). */
  readonly check: ShapeCheck;
  /**
   * The kind's canonical form of a value that passed `check` (a UUID in lower case), applied
   * before any `set` transform and to every key value of a query, lookup or derived id, so
   * that one value written in two spellings is still one value. Absent: stored as given.
   */
  readonly canonical: ((value: unknown) => unknown) | undefined;
  /** Phantom member carrying the value type; never set at run time. */
  readonly __value?: T;
}

interface StringRules {
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly pattern?: RegExp;
}

interface NumberRules {
  readonly min?: number;
  readonly max?: number;
  readonly integer?: boolean;
}

const NO_ISSUES: readonly ValidationIssue[] = Object.freeze([]);

function issue(message: string): readonly ValidationIssue[] {
  return [{ path: '', message }];
}

function spec<T, O>(
  kind: AttributeKind,
  options: O & AttributeOptions<T>,
  check: ShapeCheck,
  enumValues?: readonly string[],
  canonical?: (value: unknown) => unknown,
): AttributeSpec<T, O> {
  return Object.freeze({ kind, options: Object.freeze({ ...options }), check, enumValues, canonical });
}

/** UUIDs compare case-insensitively (RFC 9562 §4): lower case is the one stored form. */
function lowerCase(value: unknown): unknown {
  return typeof value === 'string' ? value.toLowerCase() : value;
}

function stringCheck(rules: StringRules, extra?: (value: string) => string | undefined): ShapeCheck {
  const { minLength = 0, maxLength = 4096, pattern } = rules;
  return (value) => {
    if (typeof value !== 'string') return issue(`expected a string, got ${describeType(value)}`);
    if (!isWellFormedText(value)) return issue('must be well-formed Unicode text');
    if (value.length < minLength) return issue(minLength === 1 ? 'must not be empty' : `must have at least ${minLength} characters`);
    if (value.length > maxLength) return issue(`must have at most ${maxLength} characters`);
    if (pattern && !pattern.test(value)) return issue(`must match ${String(pattern)}`);
    const message = extra?.(value);
    return message ? issue(message) : NO_ISSUES;
  };
}

/** Attribute factories. Options are captured literally, so `required: true` changes the types. */
export const attr = {
  /** A string; `minLength` defaults to 0, `maxLength` to 4096. */
  string<const O extends AttributeOptions<string> & StringRules>(options: O = {} as O): AttributeSpec<string, O> {
    return spec<string, O>('string', options, stringCheck(options));
  },

  /**
   * A UUID string (any version). Accepted in any letter case and stored in lower case (before
   * any `set` transform runs), so keys, unique guards and derived ids see one form.
   */
  uuid<const O extends AttributeOptions<string>>(options: O = {} as O): AttributeSpec<string, O> {
    return spec<string, O>('string', options, stringCheck({ maxLength: 36 }, checkUuid), undefined, lowerCase);
  },

  /** An absolute `https:` URL of at most 2048 characters. */
  httpsUrl<const O extends AttributeOptions<string>>(options: O = {} as O): AttributeSpec<string, O> {
    return spec<string, O>('string', options, stringCheck({ maxLength: 2048 }, checkHttpsUrl));
  },

  /** An ISO-8601 timestamp in UTC (`2026-01-31T12:00:00.000Z`). */
  isoDate<const O extends AttributeOptions<string>>(options: O = {} as O): AttributeSpec<string, O> {
    return spec<string, O>('string', options, stringCheck({ maxLength: 40 }, checkIsoDate));
  },

  /** A finite number, optionally an integer within bounds. */
  number<const O extends AttributeOptions<number> & NumberRules>(options: O = {} as O): AttributeSpec<number, O> {
    const { min = -Number.MAX_VALUE, max = Number.MAX_VALUE, integer = false } = options;
    return spec<number, O>('number', options, (value) => {
      if (typeof value !== 'number' || !Number.isFinite(value)) return issue(`expected a finite number, got ${describeType(value)}`);
      if (integer && !Number.isInteger(value)) return issue('must be an integer');
      if (value < min) return issue(`must be at least ${min}`);
      if (value > max) return issue(`must be at most ${max}`);
      return NO_ISSUES;
    });
  },

  /** A boolean. */
  boolean<const O extends AttributeOptions<boolean>>(options: O = {} as O): AttributeSpec<boolean, O> {
    return spec<boolean, O>('boolean', options, (value) =>
      typeof value === 'boolean' ? NO_ISSUES : issue(`expected a boolean, got ${describeType(value)}`),
    );
  },

  /** One of a fixed set of strings; the value type is their union. */
  enum<const V extends readonly [string, ...string[]], const O extends AttributeOptions<V[number]>>(
    values: V,
    options: O = {} as O,
  ): AttributeSpec<V[number], O> {
    const allowed = new Set<unknown>(values);
    const message = `must be one of ${values.join(', ')}`;
    return spec<V[number], O>('string', options, (value) => (allowed.has(value) ? NO_ISSUES : issue(message)), Object.freeze([...values]));
  },

  /**
   * A structured value (object or array) of type `T`: `shape` (see {@link shapeOf}) checks it
   * and reports issues with paths inside the value.
   */
  json<T, const O extends AttributeOptions<T>>(shape: Shape<T>, options: O = {} as O): AttributeSpec<T, O> {
    return spec<T, O>('json', options, shape);
  },
};

/**
 * Any attribute declaration, whatever its value type. (The option callbacks are declared as
 * methods so that a spec of `string` is assignable here.)
 */
export type AnyAttributeSpec = AttributeSpec<unknown, object>;
