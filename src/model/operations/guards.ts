/** Which guard items a record holds, and the plan actions that claim or release them. */
import { ConflictError } from '../../errors/index.js';
import type { AnySchema, UniqueSpec } from '../../schema/index.js';
import type { GuardKey } from '../../store/guard-items.js';
import { claimGuardAction, guardKey, releaseGuardAction } from '../../store/guard-items.js';
import type { PlanAction } from '../../store/write-plan.js';

type Record_ = Readonly<Record<string, unknown>>;

/** True when `record` must hold the guard of `unique` (always, unless `when` says otherwise). */
export function holdsGuard(unique: UniqueSpec, record: Record_): boolean {
  return unique.when ? unique.when(record) : true;
}

/**
 * The attributes whose stored values decide whether `record` holds the guard: the guard's own
 * attributes and whatever its `when` predicate reads (observed by running it once on the record).
 * A write that changes the guard is conditioned on these, so the decision is the stored item's.
 */
export function guardDeciders(unique: UniqueSpec, record: Record_): string[] {
  const read = new Set<string>(unique.attributes);
  if (unique.when) {
    const watched = new Proxy(record, {
      get(target, name, receiver) {
        if (typeof name === 'string') read.add(name);
        return Reflect.get(target, name, receiver) as unknown;
      },
    });
    unique.when(watched);
  }
  return [...read];
}

export function guardKeyOf(schema: AnySchema, unique: UniqueSpec, record: Record_): GuardKey {
  return guardKey(schema.storageName, unique.name, unique.attributes.map((name) => record[name]));
}

/** The values a guard collides on, for `ConflictError.conflictingValues` (never secrets: guard values are identifiers). */
function conflictingValues(unique: UniqueSpec, record: Record_): string[] {
  const last = unique.attributes[unique.attributes.length - 1];
  const value = last === undefined ? undefined : record[last];
  return typeof value === 'string' || typeof value === 'number' ? [String(value)] : [];
}

export function uniqueConflict(schema: AnySchema, unique: UniqueSpec, record: Record_): ConflictError {
  return new ConflictError(unique.name, `${schema.entityName}: unique constraint '${unique.name}' is already taken`, conflictingValues(unique, record));
}

/** The claim of `unique`'s guard for `ownerId`; with `from`, taken over from that owner. */
export function claimGuard(schema: AnySchema, unique: UniqueSpec, record: Record_, ownerId: string, group?: string, from?: string): PlanAction {
  return claimGuardAction(guardKeyOf(schema, unique, record), ownerId, unique.name, schema.storageName, () => uniqueConflict(schema, unique, record), group, from);
}

export function releaseGuard(schema: AnySchema, unique: UniqueSpec, record: Record_, ownerId: string | null, group?: string): PlanAction {
  return releaseGuardAction(guardKeyOf(schema, unique, record), ownerId, unique.name, group);
}
