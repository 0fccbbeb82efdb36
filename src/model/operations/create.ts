/**
 * create / createMany. A record that claims guards or depends on a parent is written as one
 * transaction (owner put + guard puts + parent ConditionCheck); one without is a conditional
 * put. Cancellation reasons map to NotFoundError (missing parent), ConflictError (precondition,
 * unique constraint, existing id).
 */
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { PutCommandInput } from '@aws-sdk/lib-dynamodb';
import { ConflictError, DataAccessError, NotFoundError } from '../../errors/index.js';
import type { PreconditionSpec } from '../../schema/index.js';
import { toDataAccessError } from '../../store/map-error.js';
import { withRetry } from '../../store/retry.js';
import type { CancellationReason, TransactAction, TransactOutcome } from '../../store/transact-write.js';
import { transactWrite } from '../../store/transact-write.js';
import type { EntityBinding } from '../binding.js';
import { nowIso } from '../clock.js';
import type { GuardSlot } from './guards.js';
import { claimGuard, holdsGuard } from './guards.js';

type StoredRecord = Record<string, unknown>;

/** A parent item the create checks in the same transaction. */
interface ParentCheck {
  readonly index: number;
  readonly target: string;
  readonly id: string;
  readonly preconditions: readonly PreconditionSpec[];
  readonly record: StoredRecord;
}

/** The transaction (or single put) that creates one record. */
export interface CreatePlan {
  readonly put: PutCommandInput;
  readonly actions: readonly TransactAction[];
  readonly guards: readonly GuardSlot[];
  readonly parents: readonly ParentCheck[];
}

/** Stamps `createdAt`/`updatedAt` on a validated record. */
export function stampNew(record: StoredRecord): StoredRecord {
  const now = nowIso();
  record.createdAt = now;
  record.updatedAt = now;
  return record;
}

export function planCreate(binding: EntityBinding, record: StoredRecord): CreatePlan {
  const { schema, adapter, context } = binding;
  const put = adapter.createParams(record);
  const actions: TransactAction[] = [{ Put: { ...put, ReturnValuesOnConditionCheckFailure: 'ALL_OLD' } }];
  const guards: GuardSlot[] = [];
  const id = record[schema.idAttribute] as string;
  for (const unique of schema.guardedUniques) {
    if (!holdsGuard(unique, record)) continue;
    guards.push({ index: actions.length, unique, kind: 'claim' });
    actions.push(claimGuard(schema, context.tableName, unique, record, id));
  }
  const parents: ParentCheck[] = [];
  for (const reference of schema.referencesOf('belongs_to')) {
    const preconditions = schema.preconditions.filter((p) => p.foreignKey === reference.foreignKey);
    if (!reference.required && preconditions.length === 0) continue;
    const parentId = record[reference.foreignKey] as string;
    parents.push({ index: actions.length, target: reference.target, id: parentId, preconditions, record });
    actions.push(parentCheck(binding, reference.target, parentId, preconditions, record));
  }
  return { put, actions, guards, parents };
}

/** ConditionCheck: the parent exists and meets every precondition. Returns it when it fails. */
/** What a precondition wants the parent's attribute to be, for this record. */
function expectedValue(precondition: PreconditionSpec, record: StoredRecord): unknown {
  return precondition.equalsAttribute === undefined ? precondition.equals : record[precondition.equalsAttribute];
}

function parentCheck(binding: EntityBinding, target: string, parentId: string, preconditions: readonly PreconditionSpec[], record: StoredRecord): TransactAction {
  const parent = binding.resolve(target);
  const names: Record<string, string> = { '#pk': 'pk' };
  const values: Record<string, unknown> = {};
  const clauses = ['attribute_exists(#pk)'];
  preconditions.forEach((precondition, i) => {
    names[`#p${i}`] = precondition.attribute;
    values[`:p${i}`] = expectedValue(precondition, record);
    clauses.push(`#p${i} = :p${i}`);
  });
  return {
    ConditionCheck: {
      TableName: binding.context.tableName,
      Key: parent.adapter.key(parentId),
      ConditionExpression: clauses.join(' AND '),
      ExpressionAttributeNames: names,
      ...(preconditions.length > 0 ? { ExpressionAttributeValues: values } : {}),
      ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
    },
  };
}

/**
 * True when the plan must run as a transaction: guards or parent checks, or an id that may
 * already exist (chosen by the caller, or derived from values). A transaction's idempotency
 * token tells our own retried write from a competing one; a plain put can only compare items.
 */
export function needsTransaction(plan: CreatePlan, chosenId: boolean): boolean {
  return plan.actions.length > 1 || chosenId;
}

/** needsTransaction() without building the plan: does `record` claim a guard or check a parent? */
export function needsConditions(binding: EntityBinding, record: StoredRecord, chosenId: boolean): boolean {
  const { schema } = binding;
  if (chosenId || schema.guardedUniques.some((unique) => holdsGuard(unique, record))) return true;
  return schema.referencesOf('belongs_to').some((reference) => reference.required || schema.preconditions.some((p) => p.foreignKey === reference.foreignKey));
}

/** True when the id of a create input was not generated here. */
export function hasChosenId(binding: EntityBinding, input: unknown): boolean {
  const { schema } = binding;
  return schema.identityUnique !== undefined || (typeof input === 'object' && input !== null && (input as StoredRecord)[schema.idAttribute] !== undefined);
}

/**
 * Writes one planned record. Throws the mapped error when a condition refuses it. A plain put
 * is only used for generated ids: an item found under a fresh random id is our own write.
 */
export async function executeCreate(binding: EntityBinding, plan: CreatePlan, record: StoredRecord, chosenId: boolean): Promise<void> {
  let outcome: TransactOutcome;
  try {
    if (!needsTransaction(plan, chosenId)) return await conditionalPut(binding, plan.put, record);
    outcome = await transactWrite(binding.context, plan.actions);
  } catch (error) {
    // The retry budget ran out, but the last attempt may have landed with its response lost:
    // a consistent read settles it, so a create reported failed is never in the table.
    if (error instanceof DataAccessError && error.code === 'DATASTORE' && (await isStored(binding, record))) return;
    throw error;
  }
  // A cancelled transaction wrote nothing: explain it.
  if (!outcome.committed) throw explainCreateFailure(binding, plan, outcome.reasons);
}

/** True when the table holds exactly `record` (read consistently); false when unsure. */
async function isStored(binding: EntityBinding, record: StoredRecord): Promise<boolean> {
  const { schema, adapter, context } = binding;
  try {
    const output = await context.doc.send(
      new GetCommand({ TableName: context.tableName, Key: adapter.key(record[schema.idAttribute] as string), ConsistentRead: true }),
    );
    return output.Item !== undefined && sameRecord(schema.attributeNames, record, output.Item);
  } catch {
    return false;
  }
}

/** True when two items hold the same values for every schema attribute. */
export function sameRecord(names: readonly string[], a: StoredRecord, b: StoredRecord): boolean {
  return names.every((name) => JSON.stringify(a[name]) === JSON.stringify(b[name]));
}

async function conditionalPut(binding: EntityBinding, put: PutCommandInput, record: StoredRecord): Promise<void> {
  const { context } = binding;
  try {
    await withRetry(() => context.doc.send(new PutCommand({ ...put, ReturnValuesOnConditionCheckFailure: 'ALL_OLD' })), context.retry);
  } catch (error) {
    if ((error as { name?: unknown }).name !== 'ConditionalCheckFailedException') throw toDataAccessError(error, 'PutItem');
    // The id was generated here: an SDK retry after a lost response met our own item.
    const existing = (error as { Item?: Record<string, unknown> }).Item;
    const createdAt = existing?.createdAt as { S?: unknown } | string | undefined;
    if ((typeof createdAt === 'object' ? createdAt.S : createdAt) === record.createdAt) return;
    throw ownerConflict(binding);
  }
}

/** The owner's own key exists: its identity constraint (if the id is derived) or the id. */
export function ownerConflict(binding: EntityBinding): ConflictError {
  const { schema } = binding;
  const identity = schema.identityUnique;
  return identity
    ? new ConflictError(identity.name, `${schema.entityName}: unique constraint '${identity.name}' is already taken`)
    : new ConflictError('id', `${schema.entityName}: an item with this id already exists`);
}

/** Maps a cancelled create: missing parent first, then preconditions, then uniques, then the id. */
export function explainCreateFailure(binding: EntityBinding, plan: CreatePlan, reasons: readonly CancellationReason[]): DataAccessError {
  const { schema } = binding;
  const failed = (index: number) => reasons[index]?.code === 'ConditionalCheckFailed';
  for (const parent of plan.parents) {
    if (!failed(parent.index)) continue;
    const item = reasons[parent.index]?.item;
    if (!item) return new NotFoundError(parent.target, parent.id);
    const broken = parent.preconditions.find((p) => item[p.attribute] !== expectedValue(p, parent.record)) ?? parent.preconditions[0];
    if (broken) return new ConflictError(broken.name, `${schema.entityName}: precondition '${broken.name}' does not hold for ${parent.target} ${parent.id}`);
    return new NotFoundError(parent.target, parent.id);
  }
  const guard = plan.guards.find((slot) => failed(slot.index));
  if (guard) return new ConflictError(guard.unique.name, `${schema.entityName}: unique constraint '${guard.unique.name}' is already taken`);
  if (failed(0)) return ownerConflict(binding);
  return new DataAccessError('DATASTORE', `${schema.entityName}: the create transaction was cancelled`);
}
