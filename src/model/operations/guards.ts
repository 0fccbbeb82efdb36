/** Which guard items a record holds, and the actions that claim or release them. */
import type { AnySchema, UniqueSpec } from '../../schema/index.js';
import { deleteGuard, guardKey, putGuard } from '../../store/guard-items.js';
import type { TransactAction } from '../../store/transact-write.js';

type Record_ = Readonly<Record<string, unknown>>;

/** True when `record` must hold the guard of `unique` (always, unless `when` says otherwise). */
export function holdsGuard(unique: UniqueSpec, record: Record_): boolean {
  return unique.when ? unique.when(record) : true;
}

export function guardKeyOf(schema: AnySchema, unique: UniqueSpec, record: Record_) {
  return guardKey(schema.storageName, unique.name, unique.attributes.map((name) => record[name]));
}

export function claimGuard(schema: AnySchema, tableName: string, unique: UniqueSpec, record: Record_, ownerId: string): TransactAction {
  return putGuard(tableName, guardKeyOf(schema, unique, record), ownerId, unique.name, schema.storageName);
}

export function releaseGuard(schema: AnySchema, tableName: string, unique: UniqueSpec, record: Record_, ownerId: string): TransactAction {
  return deleteGuard(tableName, guardKeyOf(schema, unique, record), ownerId);
}

/** A guard action in a transaction, remembered so a cancellation can be explained. */
export interface GuardSlot {
  readonly index: number;
  readonly unique: UniqueSpec;
  readonly kind: 'claim' | 'release';
}
