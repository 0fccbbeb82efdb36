/**
 * get<Attribute>/set<Attribute> and reference getters, generated once per model class on its
 * prototype — never per instance — and typed by {@link ModelAccessors}.
 */
import type { AnySchema, AttributeMap, Getters, ReferenceMap, Setters } from '../schema/index.js';
import type { EntityBinding } from './binding.js';
import { BINDING, RECORD } from './binding.js';
import { defineMethod } from './define-method.js';

/**
 * Model classes by entity name, for typing reference getters. Each entity adds itself with
 * declaration merging: `declare module '…/model/accessors.js' { interface EntityModels { Ticket: Ticket } }`.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled by declaration merging
export interface EntityModels {}

type ModelOf<T extends string> = T extends keyof EntityModels ? EntityModels[T] : object;

/** `get<Parent>()` for belongs_to and has_one, `get<Children>()` for has_many. */
export type ReferenceGetters<R extends ReferenceMap> = {
  readonly [K in keyof R & string as `get${K}`]: R[K]['kind'] extends 'has_many'
    ? () => Promise<ModelOf<R[K]['target']>[]>
    : () => Promise<ModelOf<R[K]['target']> | null>;
};

/** Everything generated for a model of schema attributes `A` and references `R`; `M` is the model itself. */
export type ModelAccessors<A extends AttributeMap, R extends ReferenceMap, M> = Getters<Omit<A, ModelGetterAttributes>> &
  Setters<A, M> &
  ReferenceGetters<R>;

/** Attributes whose getters EntityModel itself defines (`getCreatedAt`, `getUpdatedAt`). */
type ModelGetterAttributes = 'createdAt' | 'updatedAt';

interface ModelInternals {
  [BINDING]: EntityBinding;
  [RECORD]: Record<string, unknown>;
  assign(name: string, value: unknown): unknown;
}

interface ReferenceQueries {
  findById(id: string): Promise<unknown>;
}
interface ChildQueries {
  queryModels(indexName: string, facets: Record<string, unknown>, options?: { limit?: number }): Promise<unknown[]>;
}

const installed = new WeakSet<object>();
const capitalize = (name: string) => `${name.charAt(0).toUpperCase()}${name.slice(1)}`;

/** Installs accessors of `schema` on `prototype` once; methods the class defines itself win. */
export function installAccessors(prototype: object, schema: AnySchema): void {
  if (installed.has(prototype)) return;
  installed.add(prototype);
  for (const name of schema.attributeNames) {
    const spec = schema.attributes[name];
    const options = spec?.options;
    // Structured values are handed out as copies: changing one must go through its setter.
    const read = options?.get?.bind(options) ?? (spec?.kind === 'json' ? structuredClone : undefined);
    defineMethod(
      prototype,
      `get${capitalize(name)}`,
      read
        ? function (this: ModelInternals) {
            const value = this[RECORD][name];
            return value === undefined || value === null ? value : read(value);
          }
        : function (this: ModelInternals) {
            return this[RECORD][name];
          },
    );
    if (schema.updatable && schema.mutableAttributeNames.has(name)) {
      defineMethod(prototype, `set${capitalize(name)}`, function (this: ModelInternals, value: unknown) {
        return this.assign(name, value);
      });
    }
  }
  for (const reference of schema.references) {
    defineMethod(prototype, `get${reference.accessor}`, referenceGetter(schema, reference.kind, reference.target, reference.foreignKey));
  }
}

function referenceGetter(schema: AnySchema, kind: string, target: string, foreignKey: string) {
  if (kind === 'belongs_to') {
    return function (this: ModelInternals) {
      const parent = this[BINDING].resolve(target).collection() as ReferenceQueries;
      return parent.findById(this[RECORD][foreignKey] as string);
    };
  }
  const indexName = `by${schema.entityName}Id`;
  return async function (this: ModelInternals) {
    const children = this[BINDING].resolve(target).collection() as ChildQueries;
    const facets = { [foreignKey]: this[RECORD][schema.idAttribute] };
    if (kind === 'has_many') return children.queryModels(indexName, facets);
    const [first] = await children.queryModels(indexName, facets, { limit: 1 });
    return first ?? null;
  };
}
