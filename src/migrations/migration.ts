/**
 * What a migration is to the runner: an id, the entity it scans, and per page of that scan a
 * decider that says, for one stored record, whether it needs a change and which write makes it.
 * The runner does everything else — lease, cursor, counts, bounded concurrency, the re-read and
 * second decision after a concurrent write — the same way for every migration.
 */
import type { TaskManagementConnectionCollection } from '../entities/index.js';
import type { BaseCollection, WritePart } from '../model/index.js';
import type { ActiveProviderConflict } from './types.js';

/** A record as stored (attributes, keys and storage attributes). */
export type StoredRecord = Record<string, unknown>;

/** The collections the migrations read and write (those of one DataAccess). */
export interface MigrationCollections {
  readonly TaskManagementConnection: TaskManagementConnectionCollection;
  readonly Ticket: BaseCollection;
  readonly TicketSuggestion: BaseCollection;
}

/** The entities a migration can scan. */
export type MigratedEntity = keyof MigrationCollections;

/** What one record needs. */
export type Decision =
  /** Nothing: it is up to date (or not concerned). */
  | { readonly kind: 'none' }
  /** This write (conditioned on the record as read): if it is refused, the record is read again and decided again. */
  | { readonly kind: 'change'; readonly parts: readonly WritePart[] }
  /** It needs a change the migration must not make (counted in `failed`; a conflict is reported). */
  | { readonly kind: 'fail'; readonly conflict?: ActiveProviderConflict };

/** Decides for one record: a record of the page, or a fresh read of one after a refused write. */
export type Decide = (record: StoredRecord) => Decision | Promise<Decision>;

/** One data migration of the library. */
export interface Migration {
  /** Stable and ordered (`<yyyy>-<mm>-<name>`): never renamed once shipped, it keys the ledger. */
  readonly id: string;
  readonly description: string;
  /** The entity whose items it scans. */
  readonly entity: MigratedEntity;
  /** Reads what a page's decisions need in batches (a page's tickets, guards) and returns its decider. */
  page(records: readonly StoredRecord[], collections: MigrationCollections): Promise<Decide>;
}

export const NOTHING: Decision = Object.freeze({ kind: 'none' });

/** A change made of `parts`. */
export function change(...parts: WritePart[]): Decision {
  return { kind: 'change', parts };
}
