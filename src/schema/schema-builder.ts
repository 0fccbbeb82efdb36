/**
 * SchemaBuilder: declare an entity step by step. Every call returns a new frozen builder whose
 * type records the change, so the built {@link Schema} carries the exact declaration. Mistakes
 * throw {@link SchemaBuilderError} when they are made or at `build()`, never at request time.
 */
import { SchemaBuilderError } from '../errors/index.js';
import type { ValidationIssue } from '../errors/index.js';
import type { AnyAttributeSpec, AttributeSpec } from './attribute.js';
import { attr } from './attribute.js';
import { checkDefinition, ENTITY_NAME_RULE, isEntityName } from './schema-checks.js';
import type {
  IndexMap,
  IndexSpec,
  LifecycleSpec,
  PreconditionSpec,
  RecordRule,
  ReferenceMap,
  ReferenceSpec,
  SchemaDefinition,
  UniqueSpec,
} from './schema.js';
import { Schema, TTL_ATTRIBUTE } from './schema.js';
import type { IdAttributeName } from './system-attributes.js';
import { idAttributeName, systemAttributes } from './system-attributes.js';
import type { AttributeMap, RecordOf } from './types.js';

type ForeignKeySpec = AttributeSpec<string, { readonly required: true; readonly readOnly: true }>;
/** The declaration of every belongs_to foreign key (specs are frozen, so one serves every schema). */
const FOREIGN_KEY: AnyAttributeSpec = attr.uuid({ required: true, readOnly: true });
type TtlSpec = AttributeSpec<number, { readonly internal: true }>;
type Names<A> = readonly (keyof A & string)[];
/**
 * Definitions a builder made (started by its constructor, not given from outside): their maps and
 * lists are objects of the builder's own that no step ever changes (each step copies what it
 * changes), so build() freezes them in place and the Schema takes them as they are instead of
 * copying each of them again.
 */
const OWN_DEFINITIONS = new WeakSet<SchemaDefinition>();

/** Every attribute marked readOnly (the type of an immutable entity). */
type AllReadOnly<A extends AttributeMap> = {
  readonly [K in keyof A]: A[K] extends AttributeSpec<infer T, infer O> ? AttributeSpec<T, O & { readonly readOnly: true }> : A[K];
};

/**
 * Declares an entity step by step and builds its {@link Schema}. Every call returns a new frozen
 * builder whose type records the change, so models and collections are typed from the exact
 * declaration. Every entity starts with its id (`noteId` for `Note`: a UUID unless
 * `withIdAttribute` replaces it), `createdAt`, `updatedAt` and `updatedBy`. Mistakes throw {@link SchemaBuilderError} while declaring or at `build()`,
 * never at request time.
 *
 * @example
 * ```ts
 * const noteSchema = new SchemaBuilder('Note')
 *   .addAttribute('title', attr.string({ required: true, minLength: 1, maxLength: 200 }))
 *   .addAttribute('state', attr.enum(['draft', 'published'], { default: 'draft' }))
 *   .belongsTo('Notebook', { gsi: 1, sk: ['createdAt'] }) // notebookId, index byNotebookId
 *   .addUnique('title', ['notebookId', 'title'])
 *   .withLifecycle('state', { draft: ['published'], published: [] })
 *   .build();
 * ```
 */
export class SchemaBuilder<
  N extends string,
  A extends AttributeMap = ReturnType<typeof systemAttributes<N>>,
  I extends IndexMap = Record<never, never>,
  R extends ReferenceMap = Record<never, never>,
> {
  readonly #definition: SchemaDefinition;

  /** Starts a schema for entity `entityName` (PascalCase). `definition` is for the builder's own steps. */
  constructor(entityName: N, definition?: SchemaDefinition) {
    if (definition !== undefined) {
      // A step of this builder: the name was checked when it started (build() checks a definition given from outside).
      this.#definition = definition;
      Object.freeze(this);
      return;
    }
    if (!isEntityName(entityName)) throw new SchemaBuilderError(String(entityName), ENTITY_NAME_RULE);
    const initial: SchemaDefinition = {
      entityName,
      idAttribute: idAttributeName(entityName),
      attributes: systemAttributes(entityName),
      indexes: {},
      references: [],
      uniques: [],
      preconditions: [],
      rules: [],
      lifecycle: undefined,
      expiry: false,
      updatable: true,
      removable: true,
    };
    OWN_DEFINITIONS.add(initial);
    this.#definition = initial;
    Object.freeze(this);
  }

  #with<A2 extends AttributeMap, I2 extends IndexMap, R2 extends ReferenceMap>(
    change: Partial<SchemaDefinition>,
  ): SchemaBuilder<N, A2, I2, R2> {
    // Spelled out rather than two spreads: one literal of a fixed shape is several times cheaper
    // in the interpreter that runs a registry's declarations at start-up.
    const current = this.#definition;
    const definition: SchemaDefinition = {
      entityName: current.entityName,
      idAttribute: current.idAttribute,
      attributes: change.attributes ?? current.attributes,
      indexes: change.indexes ?? current.indexes,
      references: change.references ?? current.references,
      uniques: change.uniques ?? current.uniques,
      preconditions: change.preconditions ?? current.preconditions,
      rules: change.rules ?? current.rules,
      lifecycle: change.lifecycle ?? current.lifecycle,
      expiry: change.expiry ?? current.expiry,
      updatable: change.updatable ?? current.updatable,
      removable: change.removable ?? current.removable,
    };
    // Copied from a definition given from outside, it may still share that one's maps.
    if (OWN_DEFINITIONS.has(current)) OWN_DEFINITIONS.add(definition);
    return new SchemaBuilder<N, A2, I2, R2>(current.entityName as N, definition);
  }

  #fail(message: string): never {
    throw new SchemaBuilderError(this.#definition.entityName, message);
  }

  /** Declares an attribute. Names are camelCase and unique; storage names are reserved. */
  addAttribute<K extends string, T, O>(
    name: K,
    spec: AttributeSpec<T, O>,
  ): SchemaBuilder<N, A & { readonly [P in K]: AttributeSpec<T, O> }, I, R> {
    return this.#with({ attributes: this.#withAttribute(name, spec as AnyAttributeSpec) });
  }

  /** The attributes with `name` added (checked like every declaration). */
  #withAttribute(name: string, spec: AnyAttributeSpec): SchemaDefinition['attributes'] {
    if (!/^[a-z][A-Za-z0-9]{0,63}$/.test(name)) this.#fail(`attribute '${name}' must be camelCase`);
    if (Object.hasOwn(this.#definition.attributes, name)) this.#fail(`attribute '${name}' is declared twice`);
    return { ...this.#definition.attributes, [name]: spec };
  }

  /**
   * Declares a query index on GSI slot `gsi` (1–20). Slots are explicit so that adding an index
   * never moves another one: entities may share a slot (the GSI is overloaded), one entity may not.
   */
  addIndex<K extends string, const P extends Names<A>, const S extends Names<A> = readonly []>(
    name: K,
    index: { gsi: number; pk: P; sk?: S; backfilledBy?: string },
  ): SchemaBuilder<N, A, I & { readonly [X in K]: { readonly gsi: number; readonly pk: P; readonly sk: S } }, R> {
    return this.#with({ indexes: this.#withIndex(name, index) });
  }

  /** The indexes with `name` added. */
  #withIndex(name: string, index: { gsi: number; pk: readonly string[]; sk?: readonly string[]; backfilledBy?: string }): SchemaDefinition['indexes'] {
    if (Object.hasOwn(this.#definition.indexes, name)) this.#fail(`index '${name}' is declared twice`);
    const { backfilledBy } = index;
    if (backfilledBy !== undefined && (typeof backfilledBy !== 'string' || !/^\d{4}-\d{2}-[a-z0-9-]{1,64}$/.test(backfilledBy))) {
      this.#fail(`index '${name}': backfilledBy must name a data migration (<yyyy>-<mm>-<name>)`);
    }
    const keys = { gsi: index.gsi, pk: Object.freeze([...index.pk]), sk: Object.freeze([...(index.sk ?? [])]) };
    const spec: IndexSpec = Object.freeze(backfilledBy === undefined ? keys : { ...keys, backfilledBy });
    return { ...this.#definition.indexes, [name]: spec };
  }

  /**
   * belongs_to: adds the foreign key `<target>Id` (UUID, required, readOnly) and an index on it
   * (`by<Target>Id`, on slot `gsi`, sorted by `sk`). With `required` (the default) a create checks,
   * inside the same write, that the parent exists.
   */
  belongsTo<T extends string, const S extends Names<A> = readonly []>(
    target: T,
    options: { gsi: number; sk?: S; required?: boolean },
  ): SchemaBuilder<
    N,
    A & { readonly [P in IdAttributeName<T>]: ForeignKeySpec },
    I & { readonly [P in `by${T}Id`]: { readonly gsi: number; readonly pk: readonly [IdAttributeName<T>]; readonly sk: S } },
    R & { readonly [P in T]: { readonly kind: 'belongs_to'; readonly target: T } }
  > {
    const foreignKey = idAttributeName(target);
    const reference: ReferenceSpec = {
      kind: 'belongs_to',
      target,
      accessor: target,
      foreignKey,
      removeDependents: false,
      required: options.required ?? true,
    };
    // One step (not addAttribute, then addIndex): a registry declares many of these at start-up.
    return this.#with({
      attributes: this.#withAttribute(foreignKey, FOREIGN_KEY),
      indexes: this.#withIndex(`by${target}Id`, { gsi: options.gsi, pk: [foreignKey], sk: options.sk ?? [] }),
      references: [...this.#definition.references, reference],
    });
  }

  /**
   * has_many: the target belongs_to this entity. With `removeDependents`, removing this item
   * removes the children first (and theirs), in batches.
   */
  hasMany<T extends string>(
    target: T,
    options: { removeDependents: boolean },
  ): SchemaBuilder<N, A, I, R & { readonly [P in `${T}s`]: { readonly kind: 'has_many'; readonly target: T } }> {
    return this.#addChild('has_many', target, `${target}s`, options.removeDependents);
  }

  /** has_one: like has_many with at most one child. */
  hasOne<T extends string>(
    target: T,
    options: { removeDependents: boolean },
  ): SchemaBuilder<N, A, I, R & { readonly [P in T]: { readonly kind: 'has_one'; readonly target: T } }> {
    return this.#addChild('has_one', target, target, options.removeDependents);
  }

  #addChild<A2 extends AttributeMap, I2 extends IndexMap, R2 extends ReferenceMap>(
    kind: 'has_many' | 'has_one',
    target: string,
    accessor: string,
    removeDependents: boolean,
  ): SchemaBuilder<N, A2, I2, R2> {
    if (this.#definition.references.some((r) => r.accessor === accessor)) this.#fail(`reference '${accessor}' is declared twice`);
    const reference: ReferenceSpec = {
      kind,
      target,
      accessor,
      foreignKey: this.#definition.idAttribute,
      removeDependents,
      required: false,
    };
    return this.#with({ references: [...this.#definition.references, reference] });
  }

  /**
   * A unique constraint over `attributes`, enforced by a guard item written in the same
   * transaction as the owner. With `when`, only records for which it holds take the guard
   * (partial uniqueness); a change that flips it adds or frees the guard in the same write.
   * With `identity`, the item's id is derived from the values (UUID v5) instead: the item's own
   * key enforces the constraint and no guard item is needed (the values must be readOnly).
   */
  addUnique(
    name: string,
    attributes: Names<A>,
    options: { when?: (record: RecordOf<A>) => boolean; identity?: boolean } = {},
  ): SchemaBuilder<N, A, I, R> {
    if (this.#definition.uniques.some((u) => u.name === name)) this.#fail(`unique constraint '${name}' is declared twice`);
    const unique: UniqueSpec = Object.freeze({
      name,
      attributes: Object.freeze([...attributes]),
      when: options.when as UniqueSpec['when'],
      identity: options.identity ?? false,
    });
    return this.#with({ uniques: [...this.#definition.uniques, unique] });
  }

  /**
   * A condition on a belongs_to parent that a create must meet, checked in the same transaction:
   * a missing parent is `NotFoundError`, a parent whose `attribute` is not `equals` is
   * `ConflictError` with `constraint: name`. `equalsAttribute` compares the parent's attribute
   * with an attribute of the new record (for example a ticket's provider with its connection's).
   */
  addPrecondition(
    name: string,
    condition: { parent: keyof R & string; attribute: string } & ({ equals: string } | { equalsAttribute: keyof A & string }),
  ): SchemaBuilder<N, A, I, R> {
    const reference = this.#definition.references.find((r) => r.kind === 'belongs_to' && r.target === condition.parent);
    if (!reference) this.#fail(`precondition '${name}' names '${condition.parent}', which is not a belongs_to reference`);
    const precondition: PreconditionSpec = Object.freeze({
      name,
      foreignKey: reference.foreignKey,
      target: reference.target,
      attribute: condition.attribute,
      equals: 'equals' in condition ? condition.equals : undefined,
      equalsAttribute: 'equalsAttribute' in condition ? condition.equalsAttribute : undefined,
    });
    return this.#with({ preconditions: [...this.#definition.preconditions, precondition] });
  }

  /**
   * A state machine on an enum attribute: `transitions[from]` lists the states reachable from
   * `from`. Every write of the attribute checks the move and is conditioned on the current state.
   */
  withLifecycle<K extends keyof A & string>(attribute: K, transitions: Readonly<Record<string, readonly string[]>>): SchemaBuilder<N, A, I, R> {
    if (this.#definition.lifecycle) this.#fail('a schema has at most one lifecycle');
    const lifecycle: LifecycleSpec = Object.freeze({ attribute, transitions: Object.freeze({ ...transitions }) });
    return this.#with({ lifecycle });
  }

  /**
   * A rule over the whole record, run on create and on every change (after the attribute
   * checks): for values whose validity depends on other attributes.
   */
  addRecordRule(rule: (record: RecordOf<A>) => readonly ValidationIssue[]): SchemaBuilder<N, A, I, R> {
    return this.#with({ rules: [...this.#definition.rules, rule as RecordRule] });
  }

  /**
   * Replaces the id attribute's declaration (it stays required and readOnly), for entities whose
   * id is not a UUID — for example a digest.
   */
  withIdAttribute<O>(spec: AttributeSpec<string, O>): SchemaBuilder<N, Omit<A, IdAttributeName<N>> & { readonly [P in IdAttributeName<N>]: AttributeSpec<string, O> }, I, R> {
    const { idAttribute, attributes } = this.#definition;
    if (!spec.options.required || !spec.options.readOnly) this.#fail('the id attribute must be required and readOnly');
    return this.#with({ attributes: { ...attributes, [idAttribute]: spec as AnyAttributeSpec } });
  }

  /** Adds the TTL attribute (`ttl`, epoch seconds): DynamoDB deletes the item after that time. */
  withRecordExpiry(): SchemaBuilder<N, A & { readonly ttl: TtlSpec }, I, R> {
    const withTtl = this.addAttribute(TTL_ATTRIBUTE, attr.number({ integer: true, min: 0, internal: true }));
    return withTtl.#with({ expiry: true });
  }

  /** `allowUpdates(false)`: no setters (by type too), `save()` throws; the item is immutable after create. */
  allowUpdates(allowed: false): SchemaBuilder<N, AllReadOnly<A>, I, R>;
  allowUpdates(allowed: true): SchemaBuilder<N, A, I, R>;
  allowUpdates(allowed: boolean): unknown {
    return this.#with<A, I, R>({ updatable: allowed });
  }

  /** `allowRemove(false)`: `remove()` and `removeByIds` throw (records kept for audit). */
  allowRemove(allowed: boolean): SchemaBuilder<N, A, I, R> {
    return this.#with({ removable: allowed });
  }

  /** Checks the whole declaration and returns the immutable Schema. */
  build(): Schema<N, A, I, R> {
    const definition = this.#definition;
    checkDefinition(definition);
    if (OWN_DEFINITIONS.has(definition)) {
      Object.freeze(definition.attributes);
      Object.freeze(definition.indexes);
      Object.freeze(definition.references);
      Object.freeze(definition.uniques);
      Object.freeze(definition.preconditions);
      Object.freeze(definition.rules);
    }
    return new Schema<N, A, I, R>(definition);
  }
}
