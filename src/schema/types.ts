/**
 * Type-level derivations from a schema: value types, create inputs, getters and setters.
 * One source of truth: nothing here is written per entity.
 */
import type { AnyAttributeSpec, AttributeSpec } from './attribute.js';

/** The attributes of a schema: attribute name → declaration. Every type derivation starts from one. */
export type AttributeMap = { readonly [name: string]: AnyAttributeSpec };

type OptionsOf<S> = S extends AttributeSpec<unknown, infer O> ? O : never;
type Flag<S, K extends string> = OptionsOf<S> extends { readonly [P in K]: true } ? true : false;
type HasDefault<S> = OptionsOf<S> extends { readonly default: unknown } ? true : false;

/** The value type of one attribute declaration (with `null` when it is nullable). */
export type ValueOf<S> =
  S extends AttributeSpec<infer T, infer O> ? (O extends { readonly nullable: true } ? T | null : T) : never;

/** True when a stored record always has the attribute (required, or filled by a default). */
type AlwaysPresent<S> = Flag<S, 'required'> extends true ? true : HasDefault<S>;

/** What a getter returns. */
export type ReadValue<S> = AlwaysPresent<S> extends true ? ValueOf<S> : ValueOf<S> | undefined;

/** Attribute names a create input must carry. */
type RequiredInputKeys<A extends AttributeMap> = {
  [K in keyof A]: Flag<A[K], 'internal'> extends true
    ? never
    : Flag<A[K], 'required'> extends true
      ? HasDefault<A[K]> extends true
        ? never
        : K
      : never;
}[keyof A];

/** Attribute names a create input may carry. */
type OptionalInputKeys<A extends AttributeMap> = {
  [K in keyof A]: Flag<A[K], 'internal'> extends true ? never : K extends RequiredInputKeys<A> ? never : K;
}[keyof A];

/** Names of attributes that get a setter: neither readOnly nor internal. */
export type MutableKeys<A extends AttributeMap> = {
  [K in keyof A]: Flag<A[K], 'readOnly'> extends true ? never : Flag<A[K], 'internal'> extends true ? never : K;
}[keyof A];

type Simplify<T> = { [K in keyof T]: T[K] } & {};

/** The input of `create` for a schema's attributes. */
export type CreateInputOf<A extends AttributeMap> = Simplify<
  { [K in RequiredInputKeys<A>]: ValueOf<A[K]> } & { [K in OptionalInputKeys<A>]?: ValueOf<A[K]> | undefined }
>;

/** The plain record of a schema (what `toJSON()` returns, hidden attributes aside). */
export type RecordOf<A extends AttributeMap> = Simplify<
  { [K in keyof A as AlwaysPresent<A[K]> extends true ? K : never]: ValueOf<A[K]> } & {
    [K in keyof A as AlwaysPresent<A[K]> extends true ? never : K]?: ValueOf<A[K]>;
  }
>;

/** `toJSON()` output: the record without hidden attributes. */
export type JsonOf<A extends AttributeMap> = Omit<
  RecordOf<A>,
  { [K in keyof A]: Flag<A[K], 'hidden'> extends true ? K : never }[keyof A]
>;

/** `get<Attribute>()` for every attribute. */
export type Getters<A extends AttributeMap> = {
  readonly [K in keyof A & string as `get${Capitalize<K>}`]: () => ReadValue<A[K]>;
};

/** `set<Attribute>(value)` for every mutable attribute; returns the model for chaining. */
export type Setters<A extends AttributeMap, M> = {
  readonly [K in MutableKeys<A> & string as `set${Capitalize<K>}`]: (
    value: Flag<A[K], 'required'> extends true ? ValueOf<A[K]> : ValueOf<A[K]> | undefined,
  ) => M;
};
