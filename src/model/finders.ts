/**
 * allBy…/findBy… for every prefix of every index's keys: generated once per collection class
 * (on its prototype), typed by {@link Finders}.
 */
import type { AnySchema, AttributeMap, ValueOf } from '../schema/index.js';
import type { QueryOptions } from './operations/query-index.js';
import { defineMethod } from './define-method.js';

type Cap<K> = Capitalize<K & string>;

type JoinAnd<T extends readonly string[]> = T extends readonly [infer H extends string]
  ? Cap<H>
  : T extends readonly [infer H extends string, ...infer R extends readonly string[]]
    ? `${Cap<H>}And${JoinAnd<R>}`
    : never;

/** `[a, b]` → `[] | [a] | [a, b]`. */
type Prefixes<T extends readonly string[]> = T extends readonly [...infer Init extends readonly string[], string]
  ? T | Prefixes<Init>
  : readonly [];

type KeyLists<I> = {
  [K in keyof I]: I[K] extends { readonly pk: infer P extends readonly string[]; readonly sk: infer S extends readonly string[] }
    ? [...P, ...Prefixes<S>]
    : never;
}[keyof I];

type ValuesOf<A extends AttributeMap, L extends readonly string[]> = { [P in keyof L]: ValueOf<A[L[P] & keyof A]> };

/** Typed finder methods of a schema's indexes for model type `M`. */
export type Finders<A extends AttributeMap, I, M> = {
  readonly [L in KeyLists<I> as `allBy${JoinAnd<L>}`]: (...args: [...ValuesOf<A, L>, options?: QueryOptions]) => Promise<M[]>;
} & {
  readonly [L in KeyLists<I> as `findBy${JoinAnd<L>}`]: (...args: ValuesOf<A, L>) => Promise<M | null>;
};

const capitalize = (name: string) => `${name.charAt(0).toUpperCase()}${name.slice(1)}`;

interface QueryingCollection {
  queryModels(indexName: string, facets: Record<string, unknown>, options?: QueryOptions): Promise<unknown[]>;
}

const installed = new WeakSet<object>();

/** Installs the finders of `schema` on `prototype` (once; methods the class defines itself win). */
export function installFinders(prototype: object, schema: AnySchema): void {
  if (installed.has(prototype)) return;
  installed.add(prototype);
  for (const [indexName, index] of Object.entries(schema.indexes)) {
    for (let length = 0; length <= index.sk.length; length += 1) {
      const names = [...index.pk, ...index.sk.slice(0, length)];
      const suffix = names.map(capitalize).join('And');
      const facetsOf = (args: readonly unknown[]) => Object.fromEntries(names.map((name, i) => [name, args[i]]));
      defineMethod(prototype, `allBy${suffix}`, function (this: QueryingCollection, ...args: unknown[]) {
        return this.queryModels(indexName, facetsOf(args), args[names.length] as QueryOptions | undefined);
      });
      defineMethod(prototype, `findBy${suffix}`, async function (this: QueryingCollection, ...args: unknown[]) {
        const [first] = await this.queryModels(indexName, facetsOf(args), { limit: 1 });
        return first ?? null;
      });
    }
  }
}
