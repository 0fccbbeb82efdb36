/**
 * One record through one migration: decide, write on the condition that the record is still as
 * read, and when that is refused (a concurrent write), read it again and decide again — it may
 * not need the change any more. Never overwrites; a record that keeps changing under the
 * migration is counted as failed (and done by the next pass), and so is a record it cannot
 * address (a corrupt item), in a dry run too.
 */
import { ConcurrentModificationError, ConflictError, NotFoundError } from '../errors/index.js';
import { BINDING } from '../model/binding.js';
import type { BaseCollection } from '../model/index.js';
import { commit, readStored } from '../model/index.js';
import type { Decide, StoredRecord } from './migration.js';
import type { ActiveProviderConflict } from './types.js';

/** Decisions and writes one record may take before it is left for the next pass. */
const MAX_ROUNDS = 5;

/** Why a record cannot be addressed: no id (a string, not empty), or a key of its own that its id does not make. */
export type UnaddressableReason = 'no id' | 'key not made from its id';

/** What became of one record. */
export type RecordOutcome =
  | { readonly kind: 'changed' | 'unchanged' }
  | { readonly kind: 'failed'; readonly conflict?: ActiveProviderConflict; readonly unaddressable?: UnaddressableReason };

const CHANGED: RecordOutcome = Object.freeze({ kind: 'changed' });
const UNCHANGED: RecordOutcome = Object.freeze({ kind: 'unchanged' });
const FAILED: RecordOutcome = Object.freeze({ kind: 'failed' });

/** True when a refusal means the record (or a guard it claims) changed since it was read. */
function changedMeanwhile(error: unknown): boolean {
  return error instanceof ConcurrentModificationError || error instanceof ConflictError;
}

/**
 * Why the migration cannot address the scanned `record`, or undefined when it can. Its writes and
 * re-reads go to the key its id makes: for a corrupt item (the entity's marker without an id, or
 * under a key its id does not make) that is another key, where the write is refused as if the
 * record had changed or gone meanwhile — skipped in silence, while a dry run counted it as changed.
 */
function unaddressable(target: MigrationTarget, record: StoredRecord): UnaddressableReason | undefined {
  const id = record[target.idAttribute];
  if (typeof id !== 'string' || id === '') return 'no id';
  const key = target.collection[BINDING].adapter.key(id);
  return key.pk === record.pk && key.sk === record.sk ? undefined : 'key not made from its id';
}

/** Where the records of one migration live (worked out once per run, not per record). */
export interface MigrationTarget {
  readonly collection: BaseCollection;
  readonly idAttribute: string;
  /** The operation's name in plans and messages: `migrations.<id>`. */
  readonly operation: string;
  readonly dryRun: boolean;
}

/**
 * Migrates `record` (as scanned). With `dryRun`, only decides: `changed` means it would change. A
 * record the migration cannot address is `failed` before any decision, whether or not it needs the
 * change: the pass cannot tell, and the run reports it rather than call it done. A datastore
 * failure rejects (the run stops and resumes later from its last checkpoint).
 */
export async function changeRecord(target: MigrationTarget, decide: Decide, record: StoredRecord): Promise<RecordOutcome> {
  const { collection, operation, dryRun } = target;
  const reason = unaddressable(target, record);
  if (reason !== undefined) return { kind: 'failed', unaddressable: reason };
  let current = record;
  for (let round = 0; round < MAX_ROUNDS; round += 1) {
    const decision = await decide(current);
    if (decision.kind === 'none') return UNCHANGED;
    if (decision.kind === 'fail') return decision.conflict ? { kind: 'failed', conflict: decision.conflict } : FAILED;
    if (dryRun) return CHANGED;
    try {
      await commit(collection, operation, decision.parts);
      return CHANGED;
    } catch (error) {
      // Removed meanwhile, or fenced by a removal in progress: nothing to migrate.
      if (error instanceof NotFoundError) return UNCHANGED;
      if (!changedMeanwhile(error)) throw error;
    }
    const fresh = await readStored(collection, current[target.idAttribute] as string, { consistent: true });
    if (fresh === undefined) return UNCHANGED;
    current = fresh;
  }
  return FAILED;
}

/**
 * Runs `task` over `items` with at most `limit` in flight. On the first failure no further item
 * is started, the ones in flight are awaited (none keeps writing after the run gave its lease
 * up), and the call rejects with that failure.
 */
export async function forEachBounded<T>(items: readonly T[], limit: number, task: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  let failure: { error: unknown } | undefined;
  const worker = async (): Promise<void> => {
    while (failure === undefined && next < items.length) {
      const item = items[next] as T;
      next += 1;
      try {
        await task(item);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  if (failure) throw failure.error;
}
