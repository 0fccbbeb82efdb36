/**
 * save(): writes only the changed attributes, conditioned on the `updatedAt` that was read (and
 * on the lifecycle state it moves from). Unique guards whose values or `when` predicate change
 * are claimed and released in the same transaction as the update; entity methods may add
 * actions on other items to that transaction.
 */
import { ConcurrentModificationError, ConflictError, DataAccessError, NotFoundError } from '../../errors/index.js';
import type { AnySchema } from '../../schema/index.js';
import type { CancellationReason, TransactAction } from '../../store/transact-write.js';
import { transactWrite } from '../../store/transact-write.js';
import type { BaseModel } from '../base-model.js';
import { BINDING, ORIGINAL, RECORD } from '../binding.js';
import { nextUpdatedAt } from '../clock.js';
import type { RawCondition } from '../electro-adapter.js';
import { conditionalUpdate } from './conditional-update.js';
import { randomUUID } from 'node:crypto';
import type { GuardSlot } from './guards.js';
import { claimGuard, holdsGuard, releaseGuard } from './guards.js';

type MutableRecord = Record<string, unknown>;

/** How an entity method wants its changes written. */
export interface SaveOptions {
  /** Condition on the `updatedAt` that was read (default true). Lifecycle moves are always conditioned on the state they leave. */
  readonly optimistic?: boolean;
  /** Stamp a new `updatedAt` (default true); bookkeeping such as `lastUsedAt` does not. */
  readonly stampUpdatedAt?: boolean;
  /** A further condition on this item. */
  readonly condition?: RawCondition;
  /** Actions on other items, in the same transaction. */
  readonly extraActions?: readonly TransactAction[];
  /** Explains a cancellation caused by `condition` or `extraActions` (index into the transaction). */
  readonly explain?: (reasons: readonly CancellationReason[], firstExtraIndex: number) => DataAccessError | undefined;
}

/** Unchanged attributes of every index that a changed attribute belongs to. */
function compositeFor(schema: AnySchema, changed: readonly string[], record: MutableRecord): MutableRecord {
  const composite: MutableRecord = {};
  for (const index of Object.values(schema.indexes)) {
    const names = [...index.pk, ...index.sk];
    if (!names.some((name) => changed.includes(name))) continue;
    for (const name of names) if (!changed.includes(name) && record[name] !== undefined) composite[name] = record[name];
  }
  return composite;
}

/** Guard claims and releases that a change from `original` to `record` needs. */
function guardActions(schema: AnySchema, tableName: string, original: MutableRecord, record: MutableRecord, changed: readonly string[], ownerId: string) {
  const actions: TransactAction[] = [];
  const slots: GuardSlot[] = [];
  for (const unique of schema.guardedUniques) {
    const before = holdsGuard(unique, original);
    const after = holdsGuard(unique, record);
    const moved = unique.attributes.some((name) => changed.includes(name));
    if (before && (!after || moved)) {
      slots.push({ index: 1 + actions.length, unique, kind: 'release' });
      actions.push(releaseGuard(schema, tableName, unique, original, ownerId));
    }
    if (after && (!before || moved)) {
      slots.push({ index: 1 + actions.length, unique, kind: 'claim' });
      actions.push(claimGuard(schema, tableName, unique, record, ownerId));
    }
  }
  return { actions, slots };
}

export async function saveModel(model: BaseModel, options: SaveOptions = {}): Promise<void> {
  const binding = model[BINDING];
  const { schema, context, adapter } = binding;
  if (!schema.updatable) throw new DataAccessError('UNSUPPORTED', `${schema.entityName} is immutable: it cannot be saved`);
  const extraActions = options.extraActions ?? [];
  const changed = model.changedAttributes();
  if (changed.length === 0 && extraActions.length === 0) return;
  const record = model[RECORD];
  const original = model[ORIGINAL] ?? record;
  const stamp = options.stampUpdatedAt ?? true;
  const updatedAt = stamp ? nextUpdatedAt(original.updatedAt) : undefined;

  const set: MutableRecord = updatedAt ? { updatedAt } : {};
  const remove: string[] = [];
  for (const name of changed) {
    if (record[name] === undefined) remove.push(name);
    else set[name] = record[name];
  }
  const expect: MutableRecord = options.optimistic === false ? {} : { updatedAt: original.updatedAt };
  const lifecycle = schema.lifecycle;
  if (lifecycle && changed.includes(lifecycle.attribute)) expect[lifecycle.attribute] = original[lifecycle.attribute];
  const writeToken = randomUUID();
  const update = adapter.patchParams(model.getId(), {
    set,
    remove,
    composite: compositeFor(schema, changed, record),
    expect,
    writeToken,
    ...(options.condition ? { condition: options.condition } : {}),
  });
  const guards = guardActions(schema, context.tableName, original, record, changed, model.getId());

  if (guards.actions.length === 0 && extraActions.length === 0) {
    await conditionalUpdate(binding, model.getId(), update, writeToken);
  } else {
    const updateAction = { ...update, ReturnValuesOnConditionCheckFailure: 'ALL_OLD' } as NonNullable<TransactAction['Update']>;
    const actions: TransactAction[] = [{ Update: updateAction }, ...guards.actions, ...extraActions];
    const outcome = await transactWrite(context, actions);
    if (!outcome.committed) {
      const firstExtra = 1 + guards.actions.length;
      throw options.explain?.(outcome.reasons, firstExtra) ?? explainCancellation(model, outcome.reasons, guards.slots, firstExtra);
    }
  }
  if (updatedAt) record.updatedAt = updatedAt;
  model[ORIGINAL] = undefined;
}

function explainCancellation(model: BaseModel, reasons: readonly CancellationReason[], slots: readonly GuardSlot[], firstExtra: number): DataAccessError {
  const { schema } = model[BINDING];
  const failed = (index: number) => reasons[index]?.code === 'ConditionalCheckFailed';
  if (failed(0)) {
    return reasons[0]?.item ? new ConcurrentModificationError(schema.entityName, model.getId()) : new NotFoundError(schema.entityName, model.getId());
  }
  const claim = slots.find((slot) => slot.kind === 'claim' && failed(slot.index));
  if (claim) return new ConflictError(claim.unique.name, `${schema.entityName}: unique constraint '${claim.unique.name}' is already taken`);
  const release = slots.find((slot) => slot.kind === 'release' && failed(slot.index));
  if (release) return new ConcurrentModificationError(schema.entityName, model.getId());
  const extra = reasons.findIndex((reason, index) => index >= firstExtra && reason.code === 'ConditionalCheckFailed');
  return new ConflictError('precondition', `${schema.entityName}: a condition on a related item failed (action ${extra})`);
}
