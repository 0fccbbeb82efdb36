/**
 * Removal: fence, then sweep, then delete.
 *
 * 1. **Fence.** A record with dependents is fenced first (`__fence`, a conditional update that
 *    returns the item as stored). Every create of a dependent checks, in its own write, that its
 *    parent — and every ancestor whose id it carries — is not fenced, and updates of a fenced
 *    record are refused: from here on nothing new can appear under it and it cannot change.
 *    A record whose dependents all carry the id of an ancestor fenced already (links carry their
 *    connection) needs no fence of its own: one fence stops creates at every level below it.
 * 2. **Sweep.** Dependents are found through their indexes (grandchildren before children, with
 *    the shortcut of an ancestor index where one exists) and removed the same way, in batches.
 *    The fenced level is swept a second time, to catch an item created just before the fence
 *    that an index showed late.
 * 3. **Delete.** Each record is deleted on the condition that it is still the item the removal
 *    decided from (its write token), together with the release of the guards that item holds —
 *    conditioned on ownership too — so a stale copy releases exactly what the stored record holds
 *    and never another owner's guard. A record that changed meanwhile is decided again from the
 *    item DynamoDB returns.
 *
 *    Where no record outside the removed tree can claim the guards (see fixedUnderFence), neither
 *    condition can fail the removal's purpose: the owners and guards go in transactions without.
 *
 * An interruption leaves the fenced record in place: running the removal again finishes it.
 */
import { DataAccessError } from '../../errors/index.js';
import type { AnySchema } from '../../schema/index.js';
import { storedByKey } from '../../store/batch-get.js';
import { countLanded } from '../../store/context.js';
import type { FailedWrite } from '../../store/batch-write.js';
import { batchWrite } from '../../store/batch-write.js';
import type { ItemKey } from '../../store/keys.js';
import { keyText } from '../../store/keys.js';
import { when } from '../../store/condition.js';
import { mapWithConcurrency } from '../../store/pool.js';
import { queryAll } from '../../store/query.js';
import { FENCE_ATTRIBUTE, WRITE_TOKEN_ATTRIBUTE } from '../../store/storage-attributes.js';
import { TRANSACTION_LIMIT } from '../../store/transact-write.js';
import type { PlanAction } from '../../store/write-plan.js';
import { DROP, LANDED, OWNER_SLOT, refuse } from '../../store/write-plan.js';
import type { QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import type { EntityBinding } from '../binding.js';
import { runPlan } from '../write-plans.js';
import { completeShortcuts, coveredByFence, dependentsOf, shortcutsFrom } from './cascade-tree.js';
import { holdsGuard, releaseGuard } from './guards.js';

type StoredRecord = Record<string, unknown>;

/** How many items of each entity a removal deleted. */
export type RemovalCounts = Record<string, number>;

/** Throws UNSUPPORTED for entities declared with allowRemove(false). */
export function assertRemovable(schema: AnySchema): void {
  if (!schema.removable) throw new DataAccessError('UNSUPPORTED', `${schema.entityName} records cannot be removed`);
}

function add(counts: RemovalCounts, entityName: string, count: number): void {
  if (count > 0) counts[entityName] = (counts[entityName] ?? 0) + count;
}

/**
 * Fences `records` (concurrently, bounded). Resolves the fenced items as stored; records that no
 * longer exist are left out (they are gone, with their dependents).
 */
async function fence(binding: EntityBinding, records: readonly StoredRecord[]): Promise<StoredRecord[]> {
  const { schema, adapter, context } = binding;
  const fenced = await mapWithConcurrency(records, context.concurrency, async (record) => {
    const action: PlanAction = {
      type: 'update',
      slot: 'owner',
      key: adapter.key(record[schema.idAttribute] as string),
      update: { set: [{ path: FENCE_ATTRIBUTE, value: new Date().toISOString() }] },
      // Fenced already (a second removal, or an interrupted one): nothing to write — that item is
      // what this removal decides from too, and its write token stays as it is.
      requirements: [
        { condition: when.exists(), failure: () => DROP },
        { condition: when.lacks(FENCE_ATTRIBUTE), failure: () => LANDED },
      ],
      record: true,
    };
    const { item } = await runPlan(context, `${schema.entityName}.remove`, [action], { readBack: true });
    return item ? { ...item } : undefined;
  });
  return fenced.filter((item): item is StoredRecord => item !== undefined);
}

/**
 * Removes `records` (as read: they may be stale copies) and their dependents. `fencedAbove`
 * names entities fenced by the removal that reached these records; `cleared` names dependents
 * already removed through an ancestor's index.
 */
export async function removeRecords(
  binding: EntityBinding,
  records: readonly StoredRecord[],
  counts: RemovalCounts = {},
  fencedAbove: ReadonlySet<string> = new Set(),
  cleared: ReadonlySet<string> = new Set(),
): Promise<RemovalCounts> {
  const { schema } = binding;
  assertRemovable(schema);
  if (records.length === 0) return counts;
  const dependents = dependentsOf(binding);
  let current = records;
  let fenced = fencedAbove;
  const fencesHere = dependents.length > 0 && !coveredByFence(binding, fencedAbove);
  if (fencesHere) {
    current = await fence(binding, records);
    fenced = new Set([...fencedAbove, schema.entityName]);
  }
  if (dependents.length > 0) {
    // The fenced level is swept twice: an index may show a dependent created just before the fence late.
    for (let pass = 0; pass < (fencesHere ? 2 : 1); pass += 1) await removeDependents(binding, current, dependents, counts, fenced, cleared);
  }
  await deleteRecords(binding, current, fenced);
  add(counts, schema.entityName, current.length);
  return counts;
}

async function removeDependents(
  binding: EntityBinding,
  records: readonly StoredRecord[],
  dependents: readonly EntityBinding[],
  counts: RemovalCounts,
  fenced: ReadonlySet<string>,
  cleared: ReadonlySet<string>,
): Promise<void> {
  for (const child of dependents) {
    if (cleared.has(child.schema.entityName)) continue;
    const shortcuts = shortcutsFrom(binding, child);
    for (const grandchild of shortcuts) await removeRecords(grandchild, await childrenOf(binding, grandchild, records), counts, fenced);
    const children = await childrenOf(binding, child, records);
    const complete = await completeShortcuts(binding, shortcuts);
    await removeRecords(child, children, counts, fenced, new Set(complete.map((grandchild) => grandchild.schema.entityName)));
  }
}

/** Every item of `child` that names one of `records` (through its `by<Parent>Id` index). */
async function childrenOf(parent: EntityBinding, child: EntityBinding, records: readonly StoredRecord[]): Promise<StoredRecord[]> {
  const parentSchema = parent.schema;
  const foreignKey = parentSchema.idAttribute;
  const indexName = `by${parentSchema.entityName}Id`;
  const projection = removalAttributes(child, foreignKey);
  const groups = await mapWithConcurrency(records, child.context.concurrency, (record) => {
    const id = record[foreignKey];
    const params = withProjection(child.adapter.queryParams(indexName, { [foreignKey]: id }), projection);
    return queryAll(child.context, params, (item) => child.adapter.owns(item) && item[foreignKey] === id);
  });
  return groups.flat();
}

/**
 * The attributes a removal reads from a child: its entity marker, id, foreign key, write token
 * and the attributes of its guards — every attribute when a guard's `when` may read any, or when
 * it has dependents (it may be fenced, which reads it whole anyway).
 */
function removalAttributes(child: EntityBinding, foreignKey: string): string[] | undefined {
  const { schema, adapter } = child;
  if (dependentsOf(child).length > 0 || schema.guardedUniques.some((unique) => unique.when !== undefined)) return undefined;
  return [...new Set([adapter.markerAttribute, schema.idAttribute, foreignKey, WRITE_TOKEN_ATTRIBUTE, ...schema.guardedUniques.flatMap((unique) => unique.attributes)])];
}

function withProjection(params: QueryCommandInput, names: readonly string[] | undefined): QueryCommandInput {
  if (!names) return params;
  return {
    ...params,
    ProjectionExpression: names.map((_, i) => `#r${i}`).join(', '),
    ExpressionAttributeNames: Object.assign({}, params.ExpressionAttributeNames, Object.fromEntries(names.map((name, i) => [`#r${i}`, name]))),
  };
}

/**
 * A record that changed again after the removal had decided anew from it: something keeps
 * writing it (a sync worker reporting progress back to back). Never escapes deleteRecords.
 */
class KeepsChanging extends DataAccessError {
  constructor(entityName: string) {
    super('DATASTORE', `${entityName}: the record kept changing while it was being removed`);
  }
}

/**
 * The delete of one record as the removal decided it from `stored`: the record itself, on the
 * condition that it is still that item, and the release of every guard it may hold. If it changed
 * meanwhile, the group is decided again from the item DynamoDB returns — once: a record that
 * changes again is fenced first (see deletePack); if it is gone, so are its guards (an owner and
 * its guards always leave together).
 */
function deleteGroup(binding: EntityBinding, stored: StoredRecord, decidedAgain = false): PlanAction[] {
  const { schema, adapter } = binding;
  const id = stored[schema.idAttribute] as string;
  const group = `delete:${id}`;
  const owner: PlanAction = {
    type: 'delete',
    // Not the plan's owner: a pack deletes many records, and none of them proves the others gone.
    slot: 'delete',
    key: adapter.key(id),
    group,
    requirements: [
      {
        condition: when.is(WRITE_TOKEN_ATTRIBUTE, stored[WRITE_TOKEN_ATTRIBUTE]),
        failure: (item) => {
          if (item === undefined) return DROP;
          return decidedAgain ? refuse(new KeepsChanging(schema.entityName)) : { kind: 'replace', actions: deleteGroup(binding, item, true) };
        },
      },
    ],
  };
  // `stored` is the item the delete is conditioned on, so what it holds is exactly what is released.
  return [owner, ...schema.guardedUniques.filter((unique) => holdsGuard(unique, stored)).map((unique) => releaseGuard(schema, unique, stored, id, group))];
}

/**
 * Deletes one pack of records in one transaction. A record that keeps changing while the delete
 * is decided again and again would starve the removal; fenced, it takes no further update (its
 * writer gets NotFoundError), so the pack is deleted from the fenced items.
 */
async function deletePack(binding: EntityBinding, pack: readonly DeleteGroup[]): Promise<void> {
  const { schema, context } = binding;
  const operation = `${schema.entityName}.remove`;
  try {
    await runPlan(context, operation, pack.flatMap((group) => group.actions));
  } catch (error) {
    if (!(error instanceof KeepsChanging)) throw error;
    const fenced = await fence(binding, pack.map((group) => group.record));
    if (fenced.length > 0) await runPlan(context, operation, fenced.flatMap((record) => deleteGroup(binding, record)));
  }
}

/**
 * The failed deletes whose item is still stored. A delete whose responses were lost may have
 * landed: one consistent read of those keys tells, so a removal that did its work is not
 * reported as failed. When the read fails too, every failure stands.
 */
async function stillStored(binding: EntityBinding, failures: readonly FailedWrite[]): Promise<readonly FailedWrite[]> {
  const uncertain = failures.filter((failure) => failure.mayHaveLanded);
  if (uncertain.length === 0) return failures;
  const keyOf = (failure: FailedWrite) => (failure.request as { DeleteRequest: { Key: ItemKey } }).DeleteRequest.Key;
  const stored = await storedByKey(binding.context, uncertain.map(keyOf));
  if (stored === undefined) return failures;
  const left = failures.filter((failure) => !failure.mayHaveLanded || stored.has(keyText(keyOf(failure))));
  countLanded(binding.context, failures.length - left.length);
  return left;
}

/**
 * True when the guards `binding`'s records hold are fixed by a fence of this removal: each is
 * made of attributes set on create and never changed (a stale copy names exactly the guards the
 * stored item holds, so the delete needs no condition on its write token) and scoped by the id
 * of an ancestor this removal has fenced (no record outside the removed tree can claim one while
 * the fence stands, so the release needs no condition on its owner). Owner and guards still go
 * in one transaction: they never part, even when the removal is interrupted.
 */
function fixedUnderFence(binding: EntityBinding, fenced: ReadonlySet<string>): boolean {
  const { schema } = binding;
  const fencedIds = new Set([...fenced].filter((name) => name !== schema.entityName).map((name) => binding.resolve(name).schema.idAttribute));
  const fixed = (name: string) => {
    const options = schema.attribute(name)?.options;
    return options?.readOnly === true && options.internal !== true;
  };
  return schema.guardedUniques.every(
    (unique) => unique.when === undefined && unique.attributes.every(fixed) && unique.attributes.some((name) => fencedIds.has(name)),
  );
}

async function deleteRecords(binding: EntityBinding, records: readonly StoredRecord[], fenced: ReadonlySet<string>): Promise<void> {
  const { schema, adapter, context } = binding;
  const idOf = (record: StoredRecord) => record[schema.idAttribute] as string;
  const ownFence = records.some((record) => record[FENCE_ATTRIBUTE] !== undefined);
  if (!ownFence && schema.guardedUniques.length === 0) {
    const [single, ...others] = records;
    if (single !== undefined && others.length === 0) {
      // One record: a delete applied once. A repeat of a BatchWriteItem whose response was lost
      // would delete whatever took the key in between (the tokens put again for the connection,
      // another ticket's link to the same suggestion); a transaction's ClientRequestToken cannot.
      await runPlan(context, `${schema.entityName}.remove`, [{ type: 'delete', slot: OWNER_SLOT, key: adapter.key(idOf(single)), requirements: [], once: true }]);
      return;
    }
    const report = await batchWrite(
      context,
      records.map((record) => ({ DeleteRequest: { Key: adapter.key(idOf(record)) } })),
    );
    const failed = await stillStored(binding, report.failed);
    const first = failed[0];
    if (first) {
      throw new DataAccessError('DATASTORE', `${schema.entityName}: ${failed.length} item(s) could not be removed; run remove again`, {
        cause: first.error,
      });
    }
    return;
  }
  const unconditional = !ownFence && fixedUnderFence(binding, fenced);
  const groups = records.map((record) => ({ record, actions: unconditional ? unconditionalGroup(binding, record) : deleteGroup(binding, record) }));
  await mapWithConcurrency(packGroups(groups), context.concurrency, (pack) => deletePack(binding, pack));
}

/** The delete of one record and its guards without conditions (see fixedUnderFence). */
function unconditionalGroup(binding: EntityBinding, stored: StoredRecord): PlanAction[] {
  const { schema, adapter } = binding;
  const id = stored[schema.idAttribute] as string;
  const group = `delete:${id}`;
  const owner: PlanAction = { type: 'delete', slot: 'delete', key: adapter.key(id), group, requirements: [] };
  return [owner, ...schema.guardedUniques.map((unique) => releaseGuard(schema, unique, stored, null, group))];
}

/** One record's delete group: the record and its actions (its delete and its guards' releases). */
interface DeleteGroup {
  readonly record: StoredRecord;
  readonly actions: readonly PlanAction[];
}

/** Packs whole groups (an owner with its guards) into transactions of at most 100 actions. */
function packGroups(groups: readonly DeleteGroup[]): DeleteGroup[][] {
  const packs: DeleteGroup[][] = [];
  let current: DeleteGroup[] = [];
  let actions = 0;
  for (const group of groups) {
    if (actions + group.actions.length > TRANSACTION_LIMIT) {
      packs.push(current);
      current = [];
      actions = 0;
    }
    current.push(group);
    actions += group.actions.length;
  }
  if (current.length > 0) packs.push(current);
  return packs;
}
