/**
 * Cascade remove: dependents first (grandchildren before children), in batches, the given
 * records last. Items with guards leave together with their guards in one transaction, so no
 * guard outlives its owner and no owner loses its guard while it exists; items without guards
 * go through BatchWriteItem. An interruption leaves the parents in place: running the remove
 * again finds what is left and finishes.
 */
import { DataAccessError } from '../../errors/index.js';
import { batchWrite } from '../../store/batch-write.js';
import { mapWithConcurrency } from '../../store/pool.js';
import { queryAll } from '../../store/query.js';
import type { TransactAction } from '../../store/transact-write.js';
import { TRANSACTION_LIMIT, transactWrite } from '../../store/transact-write.js';
import type { EntityBinding } from '../binding.js';
import type { QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import type { AnySchema } from '../../schema/index.js';
import { holdsGuard, releaseGuard } from './guards.js';

type StoredRecord = Record<string, unknown>;

/** Throws UNSUPPORTED for entities declared with allowRemove(false). */
export function assertRemovable(schema: AnySchema): void {
  if (!schema.removable) throw new DataAccessError('UNSUPPORTED', `${schema.entityName} records cannot be removed`);
}

/** The entities whose items are removed with an item of `schema`. */
function dependentsOf(binding: EntityBinding): EntityBinding[] {
  return binding.schema.references.filter((r) => r.kind !== 'belongs_to' && r.removeDependents).map((r) => binding.resolve(r.target));
}

/**
 * Grandchildren that carry the ancestor's id in an index of their own (`by<Ancestor>Id`) and
 * have no dependents: they can be found with one query per ancestor instead of one per child.
 */
function shortcutsFrom(ancestor: EntityBinding, child: EntityBinding): EntityBinding[] {
  const { entityName, idAttribute } = ancestor.schema;
  return dependentsOf(child).filter((grandchild) => {
    const index = grandchild.schema.indexes[`by${entityName}Id`];
    return index?.pk.length === 1 && index.pk[0] === idAttribute && dependentsOf(grandchild).length === 0;
  });
}

/**
 * Removes `records` and their dependents. `cleared` names dependents already removed through
 * an ancestor's index (see {@link shortcutsFrom}), which are not looked for again.
 */
export async function removeRecords(binding: EntityBinding, records: readonly StoredRecord[], cleared: ReadonlySet<string> = new Set()): Promise<void> {
  const { schema } = binding;
  assertRemovable(schema);
  if (records.length === 0) return;
  for (const child of dependentsOf(binding)) {
    if (cleared.has(child.schema.entityName)) continue;
    const shortcuts = shortcutsFrom(binding, child);
    for (const grandchild of shortcuts) await removeRecords(grandchild, await childrenOf(binding, grandchild, records));
    const children = await childrenOf(binding, child, records);
    await removeRecords(child, children, new Set(shortcuts.map((grandchild) => grandchild.schema.entityName)));
  }
  await deleteRecords(binding, records);
}

/** Every item of `child` that names one of `records` (through its `by<Parent>Id` index). */
async function childrenOf(parent: EntityBinding, child: EntityBinding, records: readonly StoredRecord[]): Promise<StoredRecord[]> {
  const parentSchema = parent.schema;
  const foreignKey = parentSchema.idAttribute;
  const indexName = `by${parentSchema.entityName}Id`;
  const storageName = child.schema.storageName;
  const projection = removalAttributes(child.schema, foreignKey);
  const groups = await mapWithConcurrency(records, child.context.concurrency, (record) => {
    const id = record[foreignKey];
    const params = withProjection(child.adapter.queryParams(indexName, { [foreignKey]: id }), projection);
    return queryAll(child.context, params, (item) => item.__edb_e__ === storageName && item[foreignKey] === id);
  });
  return groups.flat();
}

/**
 * The attributes a removal reads from a child: its entity marker, id, foreign key and the
 * attributes of its guards (every attribute when a guard's `when` predicate may read any).
 */
function removalAttributes(schema: AnySchema, foreignKey: string): string[] | undefined {
  if (schema.guardedUniques.some((unique) => unique.when !== undefined)) return undefined;
  return [...new Set(['__edb_e__', schema.idAttribute, foreignKey, ...schema.guardedUniques.flatMap((unique) => unique.attributes)])];
}

function withProjection(params: QueryCommandInput, names: readonly string[] | undefined): QueryCommandInput {
  if (!names) return params;
  return {
    ...params,
    ProjectionExpression: names.map((_, i) => `#r${i}`).join(', '),
    ExpressionAttributeNames: { ...params.ExpressionAttributeNames, ...Object.fromEntries(names.map((name, i) => [`#r${i}`, name])) },
  };
}

async function deleteRecords(binding: EntityBinding, records: readonly StoredRecord[]): Promise<void> {
  const { schema, adapter, context } = binding;
  const idOf = (record: StoredRecord) => record[schema.idAttribute] as string;
  if (schema.guardedUniques.length === 0) {
    const report = await batchWrite(
      context,
      records.map((record) => ({ DeleteRequest: { Key: adapter.key(idOf(record)) } })),
    );
    const first = report.failed[0];
    if (first) {
      throw new DataAccessError('DATASTORE', `${schema.entityName}: ${report.failed.length} item(s) could not be removed; run remove again`, {
        cause: first.error,
      });
    }
    return;
  }
  const groups = records.map((record) => {
    const actions: TransactAction[] = [{ Delete: { TableName: context.tableName, Key: adapter.key(idOf(record)) } }];
    for (const unique of schema.guardedUniques) {
      if (holdsGuard(unique, record)) actions.push(releaseGuard(schema, context.tableName, unique, record, idOf(record)));
    }
    return actions;
  });
  await mapWithConcurrency(packGroups(groups), context.concurrency, (actions) => deleteTogether(binding, actions));
}

/** Packs whole groups (an owner with its guards) into transactions of at most 100 actions. */
function packGroups(groups: readonly TransactAction[][]): TransactAction[][] {
  const packs: TransactAction[][] = [];
  let current: TransactAction[] = [];
  for (const group of groups) {
    if (current.length + group.length > TRANSACTION_LIMIT) {
      packs.push(current);
      current = [];
    }
    current.push(...group);
  }
  if (current.length > 0) packs.push(current);
  return packs;
}

/**
 * Deletes owners and guards atomically. A guard release fails only when another owner holds
 * that guard now (our record was read before it let go of it): drop that release and go again.
 */
async function deleteTogether(binding: EntityBinding, actions: readonly TransactAction[]): Promise<void> {
  let pending = actions;
  for (let round = 0; round <= actions.length; round += 1) {
    const outcome = await transactWrite(binding.context, pending);
    if (outcome.committed) return;
    const refused = new Set(outcome.reasons.flatMap((reason, index) => (reason.code === 'ConditionalCheckFailed' ? [index] : [])));
    pending = pending.filter((_, index) => !refused.has(index));
  }
  throw new DataAccessError('DATASTORE', `${binding.schema.entityName}: removal kept failing its guard conditions`);
}
