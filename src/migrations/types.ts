/** The public shapes of `da.migrations`: what `list()` and `run()` take and resolve. */
import type { Provider } from '../entities/index.js';

/**
 * Where a migration stands: `pending` (never run, interrupted, or last run ended with items it
 * could not change), `running` (a process holds its lease now) or `done` (a whole pass changed
 * every item that needed it; it never runs again).
 */
export type MigrationState = 'pending' | 'running' | 'done';

/**
 * An organization that holds more than one active connection of one provider, found by the
 * `2026-12-active-provider-guard` migration. It claims the `active-provider` guard for none of
 * them: which connection stays active is the organization's decision (`markDisabled` the others,
 * then run the migration again).
 */
export interface ActiveProviderConflict {
  readonly organizationId: string;
  readonly provider: Provider;
  /** The active connections (and the guard's holder, if another one holds it), sorted. */
  readonly connectionIds: readonly string[];
}

/** One migration as its ledger tells (`da.migrations.list()`). */
export interface MigrationStatus {
  /** Stable id, ordered by date: `2026-12-link-connection-id`. */
  readonly id: string;
  readonly description: string;
  readonly state: MigrationState;
  /** Items of the migration's entity looked at in the current (or last) pass. */
  readonly scanned: number;
  /** Items changed in that pass (as checkpointed: see README, "Migrations"). */
  readonly changed: number;
  /** Items the pass could not change (conflicts, links whose ticket is gone). */
  readonly failed: number;
  /** Conflicts the pass found (the active-provider migration only). */
  readonly conflicts?: readonly ActiveProviderConflict[];
  /** While `running`: until when the holder's lease runs (ISO 8601). */
  readonly leaseExpiresAt?: string;
}

/** Progress of the migration being run, after each page of its scan (counts of the whole pass). */
export interface MigrationProgress {
  readonly id: string;
  readonly scanned: number;
  readonly changed: number;
  readonly failed: number;
}

/** Options of `da.migrations.run()`. */
export interface MigrationRunOptions {
  /** Run only these migrations (in the library's order, whatever the order given). */
  readonly only?: readonly string[];
  /** Scan and count what would change; write nothing, not even the ledger. */
  readonly dryRun?: boolean;
  /** Called after each page of a migration's scan. */
  readonly onProgress?: (progress: MigrationProgress) => void;
  /** Items one Scan request evaluates, 1–10000 (default: DynamoDB's 1 MB pages). The cursor is saved after each page. */
  readonly pageSize?: number;
  /** How long the lease of a run lasts unless renewed (after each page), 10–3600 s, default 300. */
  readonly leaseSeconds?: number;
}

/**
 * What `run()` did with one migration:
 * - `done`: this run finished its pass and every item that needed a change has it;
 * - `incomplete`: the pass finished but left items it could not change (`failed`, `conflicts`):
 *   it stays pending, and the next run makes a new pass (changing only what still needs it);
 * - `already-done`: it was done before; nothing was scanned;
 * - `busy`: another process holds its lease (or took it over from this run); this run stopped
 *   there, the later migrations are `not-run` (the holder runs them next, in order);
 * - `not-run`: not attempted, because an earlier migration was busy;
 * - `dry-run`: counted only (`changed`: the items that would change).
 */
export type MigrationOutcome = 'done' | 'incomplete' | 'already-done' | 'busy' | 'not-run' | 'dry-run';

/** One migration's part of `run()`'s result. Counts are this call's own work. */
export interface MigrationRunResult {
  readonly id: string;
  readonly scanned: number;
  readonly changed: number;
  readonly failed: number;
  readonly outcome: MigrationOutcome;
  /** The pass's conflicts (active-provider migration), when there are any. */
  readonly conflicts?: readonly ActiveProviderConflict[];
  /** `busy`: until when the other holder's lease runs. */
  readonly leaseExpiresAt?: string;
}

/**
 * The library's own data migrations (`da.migrations`): backfills that a schema change needs on
 * items stored by an earlier version, shipped with the library in order, each with a ledger item
 * in the table.
 */
export interface Migrations {
  /** Every migration, in order, with its ledger's state and counts (one BatchGetItem). */
  list(): Promise<MigrationStatus[]>;
  /**
   * Runs the migrations that are not done, in order. An interrupted run resumes where its last
   * page ended; a finished one never runs again; two processes never run one at once (a lease).
   * Every change is conditioned on the item's `updatedAt` and write token as read: a concurrent
   * write is never overwritten (the item is read again and decided again). Rejects with the
   * error that stopped it (e.g. `DATASTORE`); running again resumes.
   */
  run(options?: MigrationRunOptions): Promise<MigrationRunResult[]>;
}
