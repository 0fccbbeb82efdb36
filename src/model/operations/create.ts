/**
 * The plan of a create: the owner's put (its key must not exist), a claim for every guard the
 * record holds, and a check of every parent — it exists, is not fenced by a removal in progress,
 * and meets the schema's preconditions — plus a fence check of every further ancestor whose id
 * the record carries (a link checks its connection too), so that nothing appears under a tree
 * that is being removed. The invariants live here, once, for every create of every entity.
 */
import { ConflictError, NotFoundError } from '../../errors/index.js';
import type { DataAccessError } from '../../errors/index.js';
import type { Condition } from '../../store/condition.js';
import type { AnySchema, PreconditionSpec } from '../../schema/index.js';
import { readOwn } from '../../schema/index.js';
import type { Requirement } from '../../store/write-plan.js';
import { refuse } from '../../store/write-plan.js';
import type { Outcome, PlanAction } from '../../store/write-plan.js';
import { when } from '../../store/condition.js';
import { FENCE_ATTRIBUTE } from '../../store/storage-attributes.js';
import type { EntityBinding } from '../binding.js';
import { nowIso } from '../clock.js';
import { createdItem } from '../write-plans.js';
import { claimGuard, holdsGuard } from './guards.js';

type StoredRecord = Record<string, unknown>;

/** Stamps `createdAt`/`updatedAt` on a validated record. */
export function stampNew(record: StoredRecord): StoredRecord {
  const now = nowIso();
  record.createdAt = now;
  record.updatedAt = now;
  return record;
}

/** The owner's own key exists: its identity constraint (if the id is derived) or the id. */
export function ownerConflict(schema: AnySchema, record: StoredRecord): ConflictError {
  const identity = schema.identityUnique;
  if (!identity) return new ConflictError('id', `${schema.entityName}: an item with this id already exists`);
  const last = identity.attributes[identity.attributes.length - 1];
  const value = last === undefined ? undefined : record[last];
  return new ConflictError(identity.name, `${schema.entityName}: unique constraint '${identity.name}' is already taken`, typeof value === 'string' || typeof value === 'number' ? [String(value)] : []);
}

/** What a precondition wants the parent's attribute to be, for this record. */
function expectedValue(precondition: PreconditionSpec, record: StoredRecord): unknown {
  return precondition.equalsAttribute === undefined ? precondition.equals : record[precondition.equalsAttribute];
}

/** The parent is not being removed: a fenced parent takes no new dependents. */
export function notFenced(entityName: string, id: string): Requirement {
  return { condition: when.lacks(FENCE_ATTRIBUTE), failure: () => refuse(new NotFoundError(entityName, id)) };
}

/** A parent (or ancestor) of a new record, and what its check requires. */
interface ParentCheck {
  readonly binding: EntityBinding;
  readonly id: string;
  readonly requirements: readonly Requirement[];
}

function parentChecks(binding: EntityBinding, record: StoredRecord): ParentCheck[] {
  const { schema } = binding;
  const checks: ParentCheck[] = [];
  for (const reference of schema.referencesOf('belongs_to')) {
    const parentId = record[reference.foreignKey];
    if (typeof parentId !== 'string') continue;
    const parent = binding.resolve(reference.target);
    const preconditions = schema.preconditions.filter((p) => p.foreignKey === reference.foreignKey);
    // `required: false` opts out of the parent check (such items can be batched): neither the
    // parent nor its fence is checked, so one created during the parent's removal may outlive it.
    if (!reference.required && preconditions.length === 0) continue;
    const requirements: Requirement[] = [
      { condition: when.exists(), failure: () => refuse(new NotFoundError(reference.target, parentId)) },
      notFenced(reference.target, parentId),
    ];
    for (const precondition of preconditions) {
      requirements.push({
        condition: when.is(precondition.attribute, expectedValue(precondition, record)),
        failure: (item) =>
          // The message names the parent's entity, not its id (the caller's value; messages reach logs).
          refuse(item ? new ConflictError(precondition.name, `${schema.entityName}: precondition '${precondition.name}' does not hold for its ${reference.target}`) : new NotFoundError(reference.target, parentId)),
      });
    }
    checks.push({ binding: parent, id: parentId, requirements });
    checks.push(...ancestorChecks(parent, record, new Set([schema.entityName, reference.target])));
  }
  return checks;
}

/**
 * Ancestors above a parent whose id the record carries (a link carries its ticket's connection):
 * their fence is checked too, so one fence on the root of a cascade stops creates at every level.
 */
function ancestorChecks(parent: EntityBinding, record: StoredRecord, seen: Set<string>): ParentCheck[] {
  const checks: ParentCheck[] = [];
  for (const reference of parent.schema.referencesOf('belongs_to')) {
    if (seen.has(reference.target)) continue;
    seen.add(reference.target);
    const ancestor = parent.resolve(reference.target);
    const id = record[ancestor.schema.idAttribute];
    if (typeof id === 'string') checks.push({ binding: ancestor, id, requirements: [notFenced(reference.target, id)] });
    checks.push(...ancestorChecks(ancestor, record, seen));
  }
  return checks;
}

/**
 * The item as a write with `token` stores it, of the record `actions` (made by createActions, which
 * puts the record first) create: what the created model is made of, the put's own item, not built again.
 */
export function storedByCreate(actions: readonly PlanAction[], token: string): StoredRecord {
  return createdItem((actions[0] as PlanAction & { type: 'put' }).item, token);
}

/** Options of {@link createActions}. */
export interface CreateOptions {
  /** The slot of the record's put: `owner` for the record a plan is about (it carries the plan's token). */
  readonly slot?: string;
  /** Guards taken over instead of claimed fresh: constraint name → the owner that must hold it now. */
  readonly takeover?: Readonly<Record<string, string>>;
  /**
   * The record may replace an item stored under its key when `condition` holds on it (an expired
   * or released idempotency key); otherwise `error` says why not, given the item as stored.
   */
  readonly overwrite?: { readonly condition: Condition; readonly error: (stored: Readonly<StoredRecord>) => DataAccessError };
}

/** The actions that create `record` (validated and stamped) with its guards and parent checks. */
export function createActions(binding: EntityBinding, record: StoredRecord, options: CreateOptions = {}): PlanAction[] {
  const { schema, adapter } = binding;
  const id = record[schema.idAttribute] as string;
  // The item's key is the record's primary key: built once, with the rest of the item.
  const item = adapter.putItem(record);
  const { overwrite } = options;
  const put: PlanAction = {
    type: 'put',
    slot: options.slot ?? 'owner',
    key: { pk: item.pk as string, sk: item.sk as string },
    item,
    requirements: [
      overwrite
        ? { condition: when.or(when.absent(), overwrite.condition), failure: (stored) => (stored ? refuse(overwrite.error(stored)) : again) }
        : { condition: when.absent(), failure: () => refuse(ownerConflict(schema, record)) },
    ],
    // An overwrite refused although its condition holds on the item DynamoDB returned (the stored
    // item expired, or went by TTL, during the request): sent again, decided from the item then —
    // not an identity conflict, which it is not (and whose name no caller knows).
    otherwise: () => (overwrite ? again : refuse(ownerConflict(schema, record))),
    rank: 30,
    record: true,
  };
  const again: Outcome = { kind: 'replace', actions: [put] };
  const actions: PlanAction[] = [put];
  for (const unique of schema.guardedUniques) {
    if (holdsGuard(unique, record)) actions.push(claimGuard(schema, unique, record, id, undefined, options.takeover?.[unique.name]));
  }
  for (const check of parentChecks(binding, record)) {
    const missing = () => refuse(new NotFoundError(check.binding.schema.entityName, check.id));
    actions.push({ type: 'check', slot: `parent:${check.binding.schema.entityName}`, key: check.binding.adapter.key(check.id), requirements: check.requirements, rank: 10, otherwise: missing });
  }
  return actions;
}

/**
 * True when a record must be written with conditions (guards, parent checks, or an id that may
 * already exist: chosen by the caller or derived from values); false when a plain batched put
 * can carry it (a fresh random id cannot collide).
 */
export function needsConditions(binding: EntityBinding, record: StoredRecord, chosenId: boolean): boolean {
  return chosenId || binding.schema.guardedUniques.some((unique) => holdsGuard(unique, record)) || parentChecks(binding, record).length > 0;
}

/** True when the id of a create input was not generated here. */
export function hasChosenId(binding: EntityBinding, input: unknown): boolean {
  const { schema } = binding;
  // readOwn, as validation read it: a value that cannot be read again counts as chosen (a conditional write, never a raw error).
  return schema.identityUnique !== undefined || (typeof input === 'object' && input !== null && readOwn(input, schema.idAttribute) !== undefined);
}
