/**
 * The library's data migrations, in the order they run. An id is never renamed or reused once
 * shipped (it keys the ledger); a new migration is appended with a later date.
 *
 * Old sync operations without `leaseSeconds` need none: the code falls back on the default
 * lease. Old OAuth nonces without the `byOrganization` index keys need none either: a nonce expires
 * within the hour of its issue (unusable from then on; DynamoDB TTL deletes it).
 */
import { activeProviderGuard } from './definitions/active-provider-guard.js';
import { connectionCheckDefaults } from './definitions/connection-check-defaults.js';
import { linkConnectionId } from './definitions/link-connection-id.js';
import { ticketStatusSyncIndex } from './definitions/ticket-status-sync-index.js';
import type { Migration } from './migration.js';

export const MIGRATIONS: readonly Migration[] = Object.freeze([linkConnectionId, activeProviderGuard, ticketStatusSyncIndex, connectionCheckDefaults]);

/** The ids of {@link MIGRATIONS}, in order. */
export const MIGRATION_IDS: readonly string[] = Object.freeze(MIGRATIONS.map((migration) => migration.id));
