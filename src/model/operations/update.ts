/**
 * The plan of an update of a stored record: the owner's UpdateItem (only what changed, index keys
 * rebuilt by ElectroDB's key builder, counters as ADD) and the guard claims and releases the change
 * needs. Its requirements carry the invariants of every update, present and future:
 * - the record exists and is not fenced by a removal in progress (NotFoundError);
 * - the optimistic `updatedAt` check whenever the caller asks for it — which the model does
 *   whenever unsaved setter changes ride along (ConcurrentModificationError);
 * - a lifecycle move is conditioned on the state it leaves; without the optimistic check it also
 *   applies once (a repeat of it after a lost response never undoes a later move);
 * - a change of guards is conditioned on the stored values that decide them (the guard's
 *   attributes and whatever its `when` reads), so claims and releases follow the stored item,
 *   never a stale copy; releases are also conditioned on ownership.
 */
import { ConcurrentModificationError, NotFoundError } from '../../errors/index.js';
import { when } from '../../store/condition.js';
import type { PlanAction, Requirement, SetClause } from '../../store/write-plan.js';
import { refuse } from '../../store/write-plan.js';
import type { EntityBinding } from '../binding.js';
import { nextUpdatedAt } from '../clock.js';
import { notFenced } from './create.js';
import { claimGuard, guardDeciders, holdsGuard, releaseGuard } from './guards.js';

type StoredRecord = Record<string, unknown>;

/** One change of one stored record. */
export interface RecordChange {
  /** The record as it was read (what the conditions compare with). */
  readonly original: Readonly<StoredRecord>;
  /** Every attribute after the change. */
  readonly next: StoredRecord;
  /** Schema attributes whose value differs between `original` and `next`. */
  readonly changed: readonly string[];
  /** Condition the write on the `updatedAt` that was read. */
  readonly optimistic: boolean;
  /** Stamp a new `updatedAt` (bookkeeping such as `lastUsedAt` does not). */
  readonly stamp: boolean;
  /** Further conditions on the record, each with its meaning. */
  readonly requirements?: readonly Requirement[];
  /** Atomic counters (`ADD`). */
  readonly add?: Readonly<Record<string, number>>;
  /** Sets of nested paths (a key inside a map attribute). */
  readonly nestedSets?: readonly SetClause[];
  /** The action's slot (default `owner`). */
  readonly slot?: string;
  /** The write must never apply twice (PlanAction.once); so are moves without the optimistic check. */
  readonly once?: boolean;
}

function concurrent(binding: EntityBinding, id: string): () => ReturnType<typeof refuse> {
  return () => refuse(new ConcurrentModificationError(binding.schema.entityName, id));
}

/** The update action and guard actions of `change`; `next.updatedAt` is stamped when asked. */
export function updateActions(binding: EntityBinding, change: RecordChange): PlanAction[] {
  const { schema, adapter } = binding;
  const { original, next, changed } = change;
  const id = original[schema.idAttribute] as string;
  const mismatch = concurrent(binding, id);
  const pins = new Map<string, unknown>();
  if (change.optimistic) pins.set('updatedAt', original.updatedAt);
  const lifecycle = schema.lifecycle?.attribute;
  if (lifecycle !== undefined && changed.includes(lifecycle)) pins.set(lifecycle, original[lifecycle]);

  const guardActions: PlanAction[] = [];
  for (const unique of schema.guardedUniques) {
    const before = holdsGuard(unique, original);
    const after = holdsGuard(unique, next);
    const moved = unique.attributes.some((name) => changed.includes(name));
    const release = before && (!after || moved);
    const claim = after && (!before || moved);
    if (release) guardActions.push(releaseGuard(schema, unique, original, id));
    if (claim) guardActions.push(claimGuard(schema, unique, next, id));
    if (release || claim) for (const name of guardDeciders(unique, original)) if (!pins.has(name)) pins.set(name, original[name]);
  }

  const requirements: Requirement[] = [
    { condition: when.exists(), failure: () => refuse(new NotFoundError(schema.entityName, id)) },
    notFenced(schema.entityName, id),
    ...[...pins].map(([name, value]) => ({ condition: when.is(name, value), failure: mismatch })),
    ...(change.requirements ?? []),
  ];
  const ownerFor = (stamp: string | undefined): PlanAction => {
    const record = stamp === undefined ? next : Object.assign({}, next, { updatedAt: stamp });
    const set: SetClause[] = [];
    const remove: string[] = [];
    for (const name of stamp === undefined ? changed : ['updatedAt', ...changed.filter((n) => n !== 'updatedAt')]) {
      if (record[name] === undefined) remove.push(name);
      else set.push({ path: name, value: record[name] });
    }
    const keys = adapter.indexKeyChanges(record, changed);
    for (const [name, value] of Object.entries(keys.set)) set.push({ path: name, value });
    remove.push(...keys.remove);
    set.push(...(change.nestedSets ?? []));
    // Not pinned on the updatedAt that was read, the new stamp must still pass the stored one (a
    // copy read long ago, another host's clock ahead, two writes in one millisecond): otherwise a
    // copy read in between would not see this write. Refused, it is stamped again past the stored value.
    const passes: Requirement[] =
      stamp === undefined || change.optimistic
        ? []
        : [{ condition: when.or(when.lacks('updatedAt'), when.lt('updatedAt', stamp)), failure: (item) => ({ kind: 'replace', actions: [ownerFor(nextUpdatedAt(item?.updatedAt))] }) }];
    return {
      type: 'update',
      slot: change.slot ?? 'owner',
      key: adapter.key(id),
      group: `stamp:${id}`,
      update: { set, remove, ...(change.add ? { add: change.add } : {}) },
      requirements: [...requirements, ...passes],
      otherwise: (item) => refuse(item ? new ConcurrentModificationError(schema.entityName, id) : new NotFoundError(schema.entityName, id)),
      // A stale or missing record explains a refusal before any guard does.
      rank: 15,
      record: true,
      // A move conditioned on nothing but the state it leaves, repeated after a lost response,
      // would undo a later move (error → requires_reauth by another process, then the repeat of
      // requires_reauth → error): it applies once. Under the optimistic check a repeat is refused.
      ...(change.once === true || (!change.optimistic && lifecycle !== undefined && pins.has(lifecycle)) ? { once: true } : {}),
    };
  };
  const stamp = change.stamp ? nextUpdatedAt(original.updatedAt) : undefined;
  if (stamp !== undefined) next.updatedAt = stamp;
  return [ownerFor(stamp), ...guardActions];
}
