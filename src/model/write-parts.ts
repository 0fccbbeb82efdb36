/**
 * The vocabulary entity code writes with: conditions (`when`), what a failed one means
 * ({@link Expectation}), and parts of a write on other items ({@link WritePart}) that ride in the
 * same transaction. Entities describe; the model layer plans; `store/` executes.
 */
import type { DataAccessError } from '../errors/index.js';
import type { Condition } from '../store/condition.js';
import type { SetClause } from '../store/write-plan.js';
import type { PlanAction, Requirement, StoredItem } from '../store/write-plan.js';
import { refuse } from '../store/write-plan.js';

export { when } from '../store/condition.js';
export type { Condition } from '../store/condition.js';
export type { AttributePath } from '../store/expression.js';

/** A condition the stored record must meet, and the error its failure means. */
export interface Expectation {
  readonly condition: Condition;
  /** The error, given the record as it was stored (undefined if it does not exist). */
  readonly error: (stored: StoredItem | undefined) => DataAccessError;
}

/** A set of a nested path (a key inside a map attribute). */
export type NestedSet = SetClause;

const ACTIONS = Symbol('actions');

/** Part of a write on another item, built by the model layer; entities only pass it on. */
export interface WritePart {
  readonly [ACTIONS]: readonly PlanAction[];
}

/** @internal */
export function partOf(actions: readonly PlanAction[]): WritePart {
  return Object.freeze({ [ACTIONS]: Object.freeze([...actions]) });
}

/** @internal */
export function actionsOf(part: WritePart): readonly PlanAction[] {
  return part[ACTIONS];
}

/** @internal Expectations as the store's requirements. */
export function requirementsOf(expectations: readonly Expectation[]): Requirement[] {
  return expectations.map((expectation) => ({ condition: expectation.condition, failure: (item) => refuse(expectation.error(item)) }));
}

/** What an entity method writes through `EntityModel.write`. */
export interface ModelWrite {
  /** Values the method sets — internal attributes too — checked like setters (lifecycle moves included). */
  readonly values?: Readonly<Record<string, unknown>>;
  /** Conditions the stored record must meet. */
  readonly expect?: readonly Expectation[];
  /** Condition on the `updatedAt` that was read even without setter changes (save() does). */
  readonly optimistic?: boolean;
  /** Stamp a new `updatedAt` (default true); bookkeeping such as `lastUsedAt` does not. */
  readonly stamp?: boolean;
  /**
   * The write must never apply twice: a repeat after a lost response would undo what another
   * process wrote in between (a check's reset of the failure count). Costs a transaction.
   */
  readonly once?: boolean;
  /** Atomic counters: `{ consecutiveFailures: 1 }`. */
  readonly add?: Readonly<Record<string, number>>;
  /** Sets inside map attributes. */
  readonly nested?: readonly NestedSet[];
  /** Writes on other items, in the same transaction. */
  readonly with?: readonly WritePart[];
  /** The operation's name for messages (`SyncOperation.complete`). */
  readonly operation?: string;
}
