/**
 * EntityModel: one instance per stored item (BaseModel adds the generic `save()`). It holds the
 * item as read (no copy), the binding that knows where it lives and, once a setter ran, a copy
 * with the changes. Getters, setters and reference getters are installed on each model class's
 * prototype once (see accessors.ts), so an instance costs three fields — never a closure per
 * attribute.
 */
import { isDeepStrictEqual } from 'node:util';
import { DataAccessError, InvalidTransitionError, NotFoundError, ValidationError } from '../errors/index.js';
import type { ValidationIssue } from '../errors/index.js';
import type { AnySchema, AttributesOf, JsonOf } from '../schema/index.js';
import { applyWatchers, checkRecordRules, defaultOf, prepareValue } from '../schema/index.js';
import type { EntityBinding } from './binding.js';
import { BINDING, BOUND, ORIGINAL, QUEUE, RECORD } from './binding.js';
import { bindingFor } from './observe/operation-binding.js';
import { removeRecords } from './operations/cascade-remove.js';
import { getById } from './operations/find-by-unique.js';
import { updateActions } from './operations/update.js';
import type { ModelWrite } from './write-parts.js';
import { actionsOf, requirementsOf } from './write-parts.js';
import { createdItem, runPlan } from './write-plans.js';

type MutableRecord = Record<string, unknown>;

/**
 * The root of every model: one instance per stored item, with the generated `get…`/`set…`
 * accessors of schema `S`, change tracking, `remove()` and `toJSON()`, and the one write path its
 * entity methods use — but no generic `save()`. Extend it directly for a record that may only be
 * written through its collection's own methods (OAuthTokenState: put/rotate), so `save` is absent
 * from its type and its prototype chain; extend {@link BaseModel} otherwise.
 */
export abstract class EntityModel<S extends AnySchema = AnySchema> {
  /** @internal The binding the model was made with. */ declare [BOUND]: EntityBinding;
  /** @internal The current values (the stored item itself until something is set). */ declare [RECORD]: MutableRecord;
  /** @internal The item as last read or written; undefined while nothing changed. */ declare [ORIGINAL]: MutableRecord | undefined;
  /** @internal The last write of this instance: the next one waits for it. */ declare [QUEUE]: Promise<unknown> | undefined;
  /** Type-level carrier of the schema; never set at run time. */
  declare readonly __schema?: S;

  /** Called by the entity's binding when it wraps a stored item; never by user code. */
  constructor(binding: EntityBinding, item: MutableRecord) {
    this[BOUND] = binding;
    this[RECORD] = item;
    this[ORIGINAL] = undefined;
    this[QUEUE] = undefined;
  }

  /** @internal The binding to work with now: inside an `onEvent` operation, the operation's copy. */
  get [BINDING](): EntityBinding {
    return bindingFor(this, this[BOUND]);
  }

  /** The entity's name (`Ticket`, …). */
  get entityName(): string {
    return this[BOUND].schema.entityName;
  }

  /** The item's id: the value of the entity's id attribute (`ticketId`, …), whatever its name. */
  getId(): string {
    return this[RECORD][this[BOUND].schema.idAttribute] as string;
  }

  /** When the item was created (ISO-8601, set by the library). */
  getCreatedAt(): string {
    return this[RECORD].createdAt as string;
  }

  /** When the item was last updated (ISO-8601, set by the library); `save()` is conditioned on it. */
  getUpdatedAt(): string {
    return this[RECORD].updatedAt as string;
  }

  /** True when a setter changed something that `save()` has not written yet. */
  hasChanges(): boolean {
    return this[ORIGINAL] !== undefined && this.changedAttributes().length > 0;
  }

  /** Names of attributes changed since the last read or save. */
  changedAttributes(): string[] {
    const original = this[ORIGINAL];
    if (!original) return [];
    const current = this[RECORD];
    return this[BOUND].schema.attributeNames.filter((name) => !sameValue(original[name], current[name]));
  }

  /** The record's values as stored, hidden ones included (they have no getter): for the entity's own methods. */
  protected storedValues(): Readonly<Record<string, unknown>> {
    return this[RECORD];
  }

  /**
   * Sets one attribute after validating it (ValidationError), checking lifecycle moves
   * (InvalidTransitionError) and recomputing watchers. Generated setters call this; entity
   * methods call it for internal attributes.
   */
  protected assign(name: string, value: unknown, options: { internal?: boolean } = {}): this {
    return this.assignAll({ [name]: value }, options);
  }

  /**
   * Sets several attributes at once, all or nothing: if any value is refused, the model is left
   * exactly as it was (a lifecycle move never lands without the values that go with it).
   */
  protected assignAll(values: Readonly<Record<string, unknown>>, options: { internal?: boolean } = {}): this {
    const candidate = this.#prepare(values, options);
    if (this[ORIGINAL] === undefined) this[ORIGINAL] = this[RECORD];
    this[RECORD] = candidate;
    return this;
  }

  /** The record with `values` applied and checked, all or nothing; this copy is left as it is. */
  #prepare(values: Readonly<Record<string, unknown>>, options: { internal?: boolean }): MutableRecord {
    const { schema } = this[BOUND];
    if (!schema.updatable) throw new DataAccessError('UNSUPPORTED', `${schema.entityName} is immutable`);
    const stored = this[ORIGINAL] ?? this[RECORD];
    const candidate = { ...this[RECORD] };
    const issues: ValidationIssue[] = [];
    for (const [name, value] of Object.entries(values)) {
      const spec = schema.attribute(name);
      if (!spec || (!options.internal && !schema.mutableAttributeNames.has(name))) {
        issues.push({ path: name, message: spec ? 'cannot be changed' : 'is not an attribute of this entity' });
        continue;
      }
      // Clearing an attribute that has a default puts the default back.
      const wanted = value === undefined ? defaultOf(spec) : value;
      if (wanted === undefined && (spec.options.required || schema.keyAttributeNames.has(name))) {
        issues.push({ path: name, message: spec.options.required ? 'is required' : 'is part of an index key and cannot be cleared' });
        continue;
      }
      const prepared = prepareValue(name, spec, wanted);
      issues.push(...prepared.issues);
      if (prepared.issues.length > 0) continue;
      if (schema.lifecycle?.attribute === name) checkMove(schema, String(stored[name]), prepared.value);
      if (prepared.value === undefined) delete candidate[name];
      else candidate[name] = prepared.value;
    }
    if (issues.length > 0) throw new ValidationError(issues, schema.entityName);
    applyWatchers(schema, candidate, Object.keys(values));
    const ruleIssues = checkRecordRules(schema, candidate);
    if (ruleIssues.length > 0) throw new ValidationError(ruleIssues, schema.entityName);
    return candidate;
  }

  /**
   * One write of this record, for entity methods (`markActive`, `complete`, …): `values` the
   * method sets (internal attributes too, checked like setters), conditions the stored record
   * must meet, counters, and writes on other items in the same transaction. Unsaved setter
   * changes ride along under the optimistic `updatedAt` check, never without it. Writes of one
   * instance run one after the other; when one resolves, this copy is what is stored. A refused
   * write leaves the copy as it was (its setter changes still pending), never half-applied.
   */
  protected write(spec: ModelWrite | (() => ModelWrite) = {}): Promise<this> {
    // A function is called when this write's turn comes: checks of the copy's state it makes see
    // the outcome of the writes queued before it. The binding is taken now: the write runs later,
    // and inside an operation it is the operation's (operation-binding.ts).
    const binding = this[BINDING];
    return this.#serialized(() => this.#write(binding, typeof spec === 'function' ? spec() : spec));
  }

  /** Runs `task` after every earlier write of this instance settled. */
  #serialized<T>(task: () => Promise<T>): Promise<T> {
    const next = (this[QUEUE] ?? Promise.resolve()).then(task);
    this[QUEUE] = next.catch(() => undefined);
    return next;
  }

  async #write(binding: EntityBinding, spec: ModelWrite): Promise<this> {
    const { schema } = binding;
    const planned = this[RECORD];
    const original = this[ORIGINAL] ?? planned;
    const next = spec.values ? this.#prepare(spec.values, { internal: true }) : { ...planned };
    const changed = schema.attributeNames.filter((name) => !sameValue(original[name], next[name]) || setsWhateverTheCopyHolds(schema, spec, name));
    const parts = spec.with ?? [];
    const nothing = changed.length === 0 && !spec.add && !spec.nested && !spec.expect && parts.length === 0;
    if (nothing) return this;
    // Setter changes are only ever written under the optimistic check — and with a new updatedAt,
    // so that other copies' saves see them.
    const optimistic = spec.optimistic === true || this.hasChanges();
    const actions = updateActions(binding, {
      original,
      next,
      changed,
      optimistic,
      stamp: (spec.stamp ?? true) || this.hasChanges(),
      requirements: requirementsOf(spec.expect ?? []),
      ...(spec.once === true ? { once: true } : {}),
      ...(spec.add ? { add: spec.add } : {}),
      ...(spec.nested ? { nestedSets: spec.nested } : {}),
    });
    // The copy becomes the item as stored after the write. Even under the optimistic check that is
    // not `next`: bookkeeping writes (touch, a check's counter, watermarks) leave updatedAt alone,
    // so the stored item may hold their values. A single UpdateItem hands the item back at no
    // cost (ALL_NEW); a transaction (a move that changes guards) reads it back.
    const { item, token } = await runPlan(binding.context, spec.operation ?? `${schema.entityName}.write`, [...actions, ...parts.flatMap(actionsOf)], { readBack: true });
    // No item: the write landed but could not be read back. The copy is then what this write made
    // of it — its counters advanced by what it added.
    this.#settle(item ?? createdItem(spec.add ? withCounters(next, original, spec.add) : next, token), planned, next, changed);
    return this;
  }

  /**
   * After a write: the copy becomes `stored`, plus any setter change made while it was in flight.
   * The attributes this write set keep the values as given (DynamoDB hands maps back with their
   * keys in another order; the content is the same).
   */
  #settle(stored: MutableRecord, planned: MutableRecord, written: MutableRecord, changed: readonly string[]): void {
    const current = this[RECORD];
    const record = { ...stored };
    for (const name of changed) if (written[name] !== undefined && sameValue(written[name], stored[name])) record[name] = written[name];
    const later = current === planned ? [] : this[BOUND].schema.attributeNames.filter((name) => !sameValue(current[name], planned[name]));
    for (const name of later) {
      if (current[name] === undefined) delete record[name];
      else record[name] = current[name];
    }
    this[RECORD] = record;
    this[ORIGINAL] = later.length > 0 ? { ...stored } : undefined;
  }

  /**
   * Reads the record again (consistently) and makes this copy what is stored; setter changes not
   * saved yet stay on top. For entity methods that must decide from the stored state.
   * NotFoundError when the record is gone.
   */
  protected async reload(): Promise<this> {
    const binding = this[BINDING];
    return this.#serialized(async () => {
      const item = await getById(binding, this.getId(), { consistent: true });
      if (!item) throw new NotFoundError(binding.schema.entityName, this.getId());
      const pending = this.changedAttributes();
      const current = this[RECORD];
      this[RECORD] = { ...item };
      for (const name of pending) {
        if (current[name] === undefined) delete this[RECORD][name];
        else this[RECORD][name] = current[name];
      }
      this[ORIGINAL] = pending.length > 0 ? { ...item } : undefined;
      return this;
    });
  }

  /**
   * Removes dependents (per schema), children first, then this item — deciding from the stored
   * item, not from this copy. Safe to run again after an interruption.
   */
  async remove(): Promise<void> {
    const binding = this[BINDING];
    await this.#serialized(() => removeRecords(binding, [this[RECORD]]));
  }

  /** What console.log and util.inspect show: the visible attributes only, never hidden ones. */
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return `${this[BOUND].schema.entityName} ${JSON.stringify(this.toJSON())}`;
  }

  /** The attributes as a plain object, hidden ones left out. */
  toJSON(): JsonOf<AttributesOf<S>> {
    const { schema } = this[BOUND];
    const record = this[RECORD];
    const json: MutableRecord = {};
    for (const name of schema.visibleAttributeNames) {
      const value = record[name];
      if (value === undefined) continue;
      const spec = schema.attributes[name];
      const options = spec?.options;
      // Structured values go out as copies (as their getters hand them): changing the JSON must not change the model.
      json[name] = value === null ? value : options?.get ? options.get(value) : spec?.kind === 'json' ? structuredClone(value) : value;
    }
    return json as JsonOf<AttributesOf<S>>;
  }
}

/**
 * A lifecycle move is checked from the stored state: one save writes stored → new, whatever was
 * set in between. Staying in a state is a move too: allowed only where the machine lists it.
 */
function checkMove(schema: AnySchema, from: string, to: unknown): void {
  if (!schema.lifecycle?.transitions[from]?.includes(to as string)) throw new InvalidTransitionError(schema.entityName, from, String(to));
}

/** `next` with each counter of `add` advanced from its value in `original` (a missing counter counts from 0, as ADD does). */
function withCounters(next: MutableRecord, original: Readonly<MutableRecord>, add: Readonly<Record<string, number>>): MutableRecord {
  const counted = { ...next };
  for (const [name, by] of Object.entries(add)) counted[name] = (typeof original[name] === 'number' ? original[name] : 0) + by;
  return counted;
}

/**
 * True for an attribute an entity method sets (`values`) that is written even when this copy
 * already holds the value: a copy read before another process's write may hold what the method
 * sets while the stored record does not (a stale copy's `recordCheck({ ok: true })` must still
 * reset the stored counter). Attributes that decide keys, guards or the lifecycle stay diff-based:
 * their changes carry conditions and guard moves of their own.
 */
function setsWhateverTheCopyHolds(schema: AnySchema, spec: ModelWrite, name: string): boolean {
  return spec.values !== undefined && Object.hasOwn(spec.values, name) && !schema.decidingAttributeNames.has(name);
}

/** Equal values; maps are equal whatever the order of their keys (DynamoDB does not keep it). */
function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  return isDeepStrictEqual(a, b);
}
