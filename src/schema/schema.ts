/**
 * The immutable result of {@link SchemaBuilder}: everything the model layer needs about an
 * entity, with the lookups it uses on every request computed once here.
 */
import type { AnyAttributeSpec } from './attribute.js';
import type { ValidationIssue } from '../errors/index.js';
import type { AttributeMap } from './types.js';

/** A query index on one of the table's overloaded GSIs. `gsi` is its explicit, stable slot. */
export interface IndexSpec {
  readonly gsi: number;
  readonly pk: readonly string[];
  readonly sk: readonly string[];
  /**
   * The data migration that puts items stored before this index existed into it. Until its
   * ledger says done, a cascade does not rely on this index alone to find the entity's items.
   */
  readonly backfilledBy?: string;
}

/** Type-level view of the indexes: index name → its spec. */
export type IndexMap = { readonly [name: string]: IndexSpec };

/** How two entities are related, as declared with `belongsTo`, `hasMany` or `hasOne`. */
export type ReferenceKind = 'belongs_to' | 'has_many' | 'has_one';

/** A reference as declared: `accessor` is the model getter's suffix (`getTickets`). */
export interface ReferenceSpec {
  readonly kind: ReferenceKind;
  readonly target: string;
  readonly accessor: string;
  /** belongs_to: this entity's attribute; has_many/has_one: the child's attribute naming us. */
  readonly foreignKey: string;
  /** has_many/has_one: remove the children when this item is removed. */
  readonly removeDependents: boolean;
  /** belongs_to: creating this item checks, in the same write, that the parent exists. */
  readonly required: boolean;
}

/** Type-level view of the references: accessor → kind and target entity name. */
export type ReferenceMap = { readonly [accessor: string]: { readonly kind: ReferenceKind; readonly target: string } };

/**
 * A unique constraint, enforced with a guard item; `when` makes it partial. An `identity`
 * constraint needs no guard: the item's id is derived from the values, so its own key is unique.
 */
export interface UniqueSpec {
  readonly name: string;
  readonly attributes: readonly string[];
  /** Partial uniqueness: only records for which it returns true hold the constraint. */
  readonly when: ((record: Readonly<Record<string, unknown>>) => boolean) | undefined;
  readonly identity: boolean;
}

/** A rule over a whole record (for example metadata that depends on the provider). */
export type RecordRule = (record: Readonly<Record<string, unknown>>) => readonly ValidationIssue[];

/** A condition on a belongs_to parent, checked in the same transaction as a create. */
export interface PreconditionSpec {
  readonly name: string;
  /** The belongs_to reference's foreign key on this entity. */
  readonly foreignKey: string;
  readonly target: string;
  readonly attribute: string;
  /** The parent's attribute must equal this value… */
  readonly equals: string | undefined;
  /** …or the value of this attribute of the record being created. */
  readonly equalsAttribute: string | undefined;
}

/** A state machine on one enum attribute, as declared with `withLifecycle`. */
export interface LifecycleSpec {
  readonly attribute: string;
  readonly transitions: Readonly<Record<string, readonly string[]>>;
}

/** Everything a Schema is made of; produced by the builder, frozen by the Schema. */
export interface SchemaDefinition {
  readonly entityName: string;
  readonly idAttribute: string;
  readonly attributes: Readonly<Record<string, AnyAttributeSpec>>;
  readonly indexes: Readonly<Record<string, IndexSpec>>;
  readonly references: readonly ReferenceSpec[];
  readonly uniques: readonly UniqueSpec[];
  readonly preconditions: readonly PreconditionSpec[];
  readonly rules: readonly RecordRule[];
  readonly lifecycle: LifecycleSpec | undefined;
  readonly expiry: boolean;
  readonly updatable: boolean;
  readonly removable: boolean;
}

/** What a {@link Schema} derives from its declaration (names and sets its models and writes look up). */
interface Derived {
  readonly identityUnique: UniqueSpec | undefined;
  readonly guardedUniques: readonly UniqueSpec[];
  readonly attributeNames: readonly string[];
  readonly visibleAttributeNames: readonly string[];
  readonly inputAttributeNames: ReadonlySet<string>;
  readonly mutableAttributeNames: ReadonlySet<string>;
  readonly keyAttributeNames: ReadonlySet<string>;
  readonly decidingAttributeNames: ReadonlySet<string>;
  readonly watchersByAttribute: ReadonlyMap<string, readonly string[]>;
}

/**
 * `value` if it is frozen already (no one can change it, so no copy is needed: SchemaBuilder
 * freezes its own maps at build()), else a frozen shallow copy.
 */
function frozenCopy<T extends object>(value: T): T {
  if (Object.isFrozen(value)) return value;
  return Object.freeze((Array.isArray(value) ? [...value] : { ...value }) as T);
}

/** The attribute DynamoDB TTL watches (epoch seconds), shared by every entity of the table. */
export { TTL_ATTRIBUTE } from '../store/storage-attributes.js';

/**
 * An entity's schema. Type parameters keep the exact declaration so models and collections are
 * typed from it: `N` the entity name, `A` the attributes, `I` the indexes, `R` the references.
 */
export class Schema<
  N extends string = string,
  A extends AttributeMap = AttributeMap,
  I extends IndexMap = IndexMap,
  R extends ReferenceMap = ReferenceMap,
> implements SchemaDefinition {
  readonly entityName: string;
  readonly idAttribute: string;
  readonly attributes: Readonly<Record<string, AnyAttributeSpec>>;
  readonly indexes: Readonly<Record<string, IndexSpec>>;
  readonly references: readonly ReferenceSpec[];
  readonly uniques: readonly UniqueSpec[];
  readonly preconditions: readonly PreconditionSpec[];
  readonly rules: readonly RecordRule[];
  readonly lifecycle: LifecycleSpec | undefined;
  readonly expiry: boolean;
  readonly updatable: boolean;
  readonly removable: boolean;

  /** What the schema derives from its declaration, worked out on first use (see {@link Derived}). */
  #derived: Derived | undefined;

  /** The unique constraint the id is derived from, if any. */
  get identityUnique(): UniqueSpec | undefined {
    return this.#derive().identityUnique;
  }
  /** Unique constraints that need guard items (all but the identity one). */
  get guardedUniques(): readonly UniqueSpec[] {
    return this.#derive().guardedUniques;
  }
  /** Every attribute name, in declaration order. */
  get attributeNames(): readonly string[] {
    return this.#derive().attributeNames;
  }
  /** Attribute names `toJSON()` shows. */
  get visibleAttributeNames(): readonly string[] {
    return this.#derive().visibleAttributeNames;
  }
  /** Attributes a create input may set (not internal). */
  get inputAttributeNames(): ReadonlySet<string> {
    return this.#derive().inputAttributeNames;
  }
  /** Attributes that have a setter (neither readOnly nor internal). */
  get mutableAttributeNames(): ReadonlySet<string> {
    return this.#derive().mutableAttributeNames;
  }
  /** Attributes that are part of any index key (updates must re-supply them to ElectroDB). */
  get keyAttributeNames(): ReadonlySet<string> {
    return this.#derive().keyAttributeNames;
  }
  /**
   * Attributes whose change decides more than their own value — index keys, guarded uniques, the
   * lifecycle state — and is therefore written only when it differs from the copy (with the
   * conditions and guard moves such a change carries).
   */
  get decidingAttributeNames(): ReadonlySet<string> {
    return this.#derive().decidingAttributeNames;
  }
  /** Attributes recomputed when others change, by the attribute that triggers them. */
  get watchersByAttribute(): ReadonlyMap<string, readonly string[]> {
    return this.#derive().watchersByAttribute;
  }
  /** Lower-case entity name used as ElectroDB's entity identifier and key prefix. */
  readonly storageName: string;

  /** Type-level carriers; never set at run time. */
  declare readonly __types?: { name: N; attributes: A; indexes: I; references: R };

  constructor(definition: SchemaDefinition) {
    this.entityName = definition.entityName;
    this.idAttribute = definition.idAttribute;
    this.attributes = frozenCopy(definition.attributes);
    this.indexes = frozenCopy(definition.indexes);
    this.references = frozenCopy(definition.references);
    this.uniques = frozenCopy(definition.uniques);
    this.preconditions = frozenCopy(definition.preconditions);
    this.rules = frozenCopy(definition.rules);
    this.lifecycle = definition.lifecycle;
    this.expiry = definition.expiry;
    this.updatable = definition.updatable;
    this.removable = definition.removable;
    this.storageName = this.entityName.toLowerCase();
    Object.freeze(this);
  }

  /**
   * The derived name lists and sets, made the first time a model, collection or write asks: a
   * registry builds every schema when it starts, while a process uses only some of its entities.
   */
  #derive(): Derived {
    if (this.#derived !== undefined) return this.#derived;
    const { attributes } = this;
    const names = Object.keys(attributes);
    const watchers = new Map<string, string[]>();
    for (const name of names) {
      for (const source of attributes[name]?.options.watch?.attributes ?? []) {
        watchers.set(source, [...(watchers.get(source) ?? []), name]);
      }
    }
    const keys = new Set(Object.values(this.indexes).flatMap((index) => [...index.pk, ...index.sk]));
    const guardedUniques = Object.freeze(this.uniques.filter((unique) => !unique.identity));
    this.#derived = {
      identityUnique: this.uniques.find((unique) => unique.identity),
      guardedUniques,
      attributeNames: Object.freeze(names),
      visibleAttributeNames: Object.freeze(names.filter((n) => !attributes[n]?.options.hidden)),
      inputAttributeNames: new Set(names.filter((n) => !attributes[n]?.options.internal)),
      mutableAttributeNames: new Set(names.filter((n) => !attributes[n]?.options.internal && !attributes[n]?.options.readOnly)),
      keyAttributeNames: keys,
      decidingAttributeNames: new Set([...keys, ...guardedUniques.flatMap((unique) => unique.attributes), ...(this.lifecycle ? [this.lifecycle.attribute] : [])]),
      watchersByAttribute: watchers,
    };
    return this.#derived;
  }

  /** The declaration of `name`, or undefined. */
  attribute(name: string): AnyAttributeSpec | undefined {
    return Object.hasOwn(this.attributes, name) ? this.attributes[name] : undefined;
  }

  /** References of one kind. */
  referencesOf(kind: ReferenceKind): readonly ReferenceSpec[] {
    return this.references.filter((reference) => reference.kind === kind);
  }
}

/** A schema of any shape (the constraint used by the model layer). */
export type AnySchema = Schema<string, AttributeMap, IndexMap, ReferenceMap>;

/** The attribute map of a schema type. */
export type AttributesOf<S> = S extends Schema<string, infer A, IndexMap, ReferenceMap> ? A : never;
/** The index map of a schema type. */
export type IndexesOf<S> = S extends Schema<string, AttributeMap, infer I, ReferenceMap> ? I : never;
/** The reference map of a schema type. */
export type ReferencesOf<S> = S extends Schema<string, AttributeMap, IndexMap, infer R> ? R : never;
