/**
 * A migration's ledger: one item per migration, `pk = $migration#<id>`, `sk = $migration` (the
 * change feed and every entity scan skip it), holding
 * - `state`: `pending` | `running` | `done` (no item: pending, never run);
 * - `cursor`: the key the last page done ended at (the scan resumes after it);
 * - `scanned`, `changed`, `failed`, `conflicts`: the counts of the current (or last) pass;
 * - `passEnded`: the last pass ended incomplete — the next run starts a new pass from the start;
 * - the lease: `leaseOwner` (a token per `run()` call) and `leaseExpiresAt` (ISO 8601).
 *
 * Pure: how a stored item reads, and the plan actions that acquire, renew (checkpoint), finish
 * and release the lease. Each is one conditional UpdateItem: only one run holds the lease at a
 * time, a lease that ran out (its process died) is taken over, and a run that lost its lease can
 * write nothing more to the ledger.
 */
import { DataAccessError } from '../errors/index.js';
import type { Provider } from '../entities/index.js';
import { when } from '../store/condition.js';
import type { ItemKey } from '../store/keys.js';
import { itemKeyOf } from '../store/keys.js';
import type { PlanAction, SetClause, StoredItem } from '../store/write-plan.js';
import { OWNER_SLOT, refuse } from '../store/write-plan.js';
import type { ActiveProviderConflict, MigrationState } from './types.js';

import { ledgerKey } from '../store/migration-ledger.js';

export { LEDGER_PREFIX, LEDGER_SORT_KEY, ledgerKey } from '../store/migration-ledger.js';

/** What a pass has done so far (what a checkpoint or the end of a run writes). */
export interface PassProgress {
  readonly cursor: ItemKey | undefined;
  readonly scanned: number;
  readonly changed: number;
  readonly failed: number;
  readonly conflicts: readonly ActiveProviderConflict[];
}

/** A ledger as read. */
export interface Ledger extends PassProgress {
  readonly id: string;
  readonly state: MigrationState;
  readonly passEnded: boolean;
  readonly leaseOwner: string | undefined;
  readonly leaseExpiresAt: string | undefined;
}

/** Why the ledger refused a write. */
export type LedgerRefusalReason = 'done' | 'busy' | 'lost';

const REFUSALS: Readonly<Record<LedgerRefusalReason, string>> = {
  done: 'the migration is done',
  busy: 'another run holds the migration’s lease',
  lost: 'this run no longer holds the migration’s lease',
};

/** A refused ledger write; the runner turns it into an outcome (it never escapes `run()`). */
export class LedgerRefusal extends DataAccessError {
  readonly reason: LedgerRefusalReason;
  /** Until when the holder's lease runs, when another run holds it. */
  readonly leaseExpiresAt: string | undefined;

  constructor(reason: LedgerRefusalReason, leaseExpiresAt?: unknown) {
    super('CONCURRENT_MODIFICATION', `migration ledger: ${REFUSALS[reason]}`);
    this.reason = reason;
    this.leaseExpiresAt = typeof leaseExpiresAt === 'string' ? leaseExpiresAt : undefined;
  }
}

const count = (value: unknown) => (typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : 0);
const text = (value: unknown) => (typeof value === 'string' ? value : undefined);

function conflictsOf(value: unknown): ActiveProviderConflict[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((entry: unknown) => {
    if (typeof entry !== 'object' || entry === null) return [];
    const { organizationId, provider, connectionIds } = entry as Record<string, unknown>;
    if (typeof organizationId !== 'string' || typeof provider !== 'string' || !Array.isArray(connectionIds)) return [];
    return [{ organizationId, provider: provider as Provider, connectionIds: connectionIds.filter((id): id is string => typeof id === 'string') }];
  });
}

const STATES: readonly MigrationState[] = ['pending', 'running', 'done'];

/** The ledger of migration `id` from its stored item (undefined: never run). */
export function ledgerOf(id: string, item: StoredItem | undefined): Ledger {
  const state = STATES.find((candidate) => candidate === item?.state) ?? 'pending';
  return {
    id,
    state,
    cursor: itemKeyOf(item?.cursor),
    scanned: count(item?.scanned),
    changed: count(item?.changed),
    failed: count(item?.failed),
    conflicts: conflictsOf(item?.conflicts),
    passEnded: item?.passEnded === true,
    leaseOwner: text(item?.leaseOwner),
    leaseExpiresAt: text(item?.leaseExpiresAt),
  };
}

/** The state a reader sees at `now`: a `running` ledger whose lease ran out is `pending` again (its run died). */
export function visibleState(ledger: Ledger, now: string): MigrationState {
  if (ledger.state === 'done') return 'done';
  return ledger.leaseOwner !== undefined && ledger.leaseExpiresAt !== undefined && ledger.leaseExpiresAt > now ? 'running' : 'pending';
}

/** The progress a run starts from: the stored pass, or a new one when the last pass ended. */
export function startingProgress(ledger: Ledger): PassProgress {
  if (ledger.passEnded) return { cursor: undefined, scanned: 0, changed: 0, failed: 0, conflicts: [] };
  return { cursor: ledger.cursor, scanned: ledger.scanned, changed: ledger.changed, failed: ledger.failed, conflicts: ledger.conflicts };
}

function countSets(progress: PassProgress, now: string): SetClause[] {
  return [
    { path: 'scanned', value: progress.scanned },
    { path: 'changed', value: progress.changed },
    { path: 'failed', value: progress.failed },
    { path: 'conflicts', value: progress.conflicts.map((conflict) => ({ ...conflict, connectionIds: [...conflict.connectionIds] })) },
    { path: 'updatedAt', value: now },
  ];
}

function ledgerUpdate(id: string, set: readonly SetClause[], remove: readonly string[], requirements: PlanAction['requirements']): PlanAction {
  return { type: 'update', slot: OWNER_SLOT, key: ledgerKey(id), update: { set, remove }, requirements };
}

/** The holder is `owner`; otherwise the run lost its lease (taken over after it ran out). */
function heldBy(owner: string): PlanAction['requirements'] {
  return [{ condition: when.and(when.eq('leaseOwner', owner), when.eq('state', 'running')), failure: (item) => refuse(new LedgerRefusal('lost', item?.leaseExpiresAt)) }];
}

/**
 * Takes the lease for `owner` until `until`: the migration is not done, and nobody holds the
 * lease, or it ran out before `now` (its holder died: the run resumes from its cursor). Creates
 * the ledger on the first run.
 */
export function acquireAction(id: string, owner: string, now: string, until: string): PlanAction {
  const set: SetClause[] = [
    { path: 'migrationId', value: id },
    { path: 'state', value: 'running' },
    { path: 'leaseOwner', value: owner },
    { path: 'leaseExpiresAt', value: until },
    { path: 'updatedAt', value: now },
    ...['scanned', 'changed', 'failed'].map((path) => ({ path, value: 0, ifAbsent: true })),
    { path: 'conflicts', value: [], ifAbsent: true },
  ];
  return ledgerUpdate(id, set, [], [
    // (`absent` spelled out: a missing item is one to create, whatever `<>` makes of a missing attribute.)
    { condition: when.or(when.absent(), when.ne('state', 'done')), failure: () => refuse(new LedgerRefusal('done')) },
    {
      condition: when.or(when.lacks('leaseOwner'), when.eq('leaseOwner', owner), when.lt('leaseExpiresAt', now)),
      failure: (item) => refuse(new LedgerRefusal('busy', item?.leaseExpiresAt)),
    },
  ]);
}

/** Saves a page's progress and renews the lease until `until`, while `owner` holds it. */
export function checkpointAction(id: string, owner: string, progress: PassProgress, now: string, until: string): PlanAction {
  const set = [...countSets(progress, now), { path: 'leaseExpiresAt', value: until }, ...(progress.cursor ? [{ path: 'cursor', value: { ...progress.cursor } }] : [])];
  return ledgerUpdate(id, set, ['passEnded'], heldBy(owner));
}

/**
 * Ends the pass and the lease: `done` when every item that needed a change has it; otherwise
 * pending with `passEnded`, so the next run makes a new pass from the start.
 */
export function finishAction(id: string, owner: string, progress: PassProgress, done: boolean, now: string): PlanAction {
  const set = [...countSets(progress, now), { path: 'state', value: done ? 'done' : 'pending' }, done ? { path: 'completedAt', value: now } : { path: 'passEnded', value: true }];
  return ledgerUpdate(id, set, ['leaseOwner', 'leaseExpiresAt', 'cursor'], heldBy(owner));
}

/** Gives the lease up after a failure, keeping the cursor of the last checkpoint: the next run resumes there at once. */
export function releaseAction(id: string, owner: string, progress: PassProgress, now: string): PlanAction {
  return ledgerUpdate(id, [...countSets(progress, now), { path: 'state', value: 'pending' }], ['leaseOwner', 'leaseExpiresAt'], heldBy(owner));
}
