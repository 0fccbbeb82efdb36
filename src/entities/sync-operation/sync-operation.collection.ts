/** start (takes the connection's sync slot in the same write that checks the connection is active) and queries. */
import { ValidationError } from '../../errors/index.js';
import type { Finders, QueryOptions } from '../../model/index.js';
import { BaseCollection, checkQueryOptions } from '../../model/index.js';
import type { AttributesOf, IndexesOf } from '../../schema/index.js';
import { isPlainObject } from '../../schema/index.js';
import type { SyncType } from './constants.js';
import type { SyncOperation } from './sync-operation.model.js';
import type { SyncOperationSchema } from './sync-operation.schema.js';

type A = AttributesOf<SyncOperationSchema>;
type I = IndexesOf<SyncOperationSchema>;

/** What {@link SyncOperationCollection.start} records about a new sync. */
export interface StartSyncInput {
  /** The connection to sync; it must be active and belong to `organizationId`. */
  taskManagementConnectionId: string;
  organizationId: string;
  /** Who started the sync (1–255 characters). */
  triggeredBy: string;
  syncType: SyncType;
  /** Recorded for the worker as given (default false); the library itself does not act on it. */
  includeClosed?: boolean;
}

const START_KEYS = ['taskManagementConnectionId', 'organizationId', 'triggeredBy', 'syncType', 'includeClosed'];

// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging -- finders are generated on the prototype
export interface SyncOperationCollection extends Finders<A, I, SyncOperation> {}

/**
 * The sync operations of one table (`da.SyncOperation`): start one, find a connection's running
 * one, list its history; plus the generated finders by connection.
 */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging -- see the interface above
export class SyncOperationCollection extends BaseCollection<SyncOperation> {
  /**
   * Starts a sync (status pending). ConflictError 'active-sync' while another pending or
   * in_progress operation exists for the connection, 'active-connection' if the connection is
   * not active, NotFoundError if it does not exist — all decided inside one transaction.
   *
   * @example
   * ```ts
   * try {
   *   const sync = await da.SyncOperation.start({ taskManagementConnectionId: connectionId, organizationId, triggeredBy: userId, syncType: 'full' });
   *   await queue.send({ syncId: sync.getId() }); // hand it to your worker
   * } catch (error) {
   *   if (!(error instanceof ConflictError && error.constraint === 'active-sync')) throw error;
   *   const running = await da.SyncOperation.findActiveByConnectionId(connectionId);
   * }
   * ```
   */
  async start(input: StartSyncInput): Promise<SyncOperation> {
    if (!isPlainObject(input)) throw new ValidationError([{ path: '', message: 'expected a plain object' }], this.entityName);
    const unknown = Object.keys(input).filter((key) => !START_KEYS.includes(key));
    if (unknown.length > 0) throw new ValidationError(unknown.map((key) => ({ path: key, message: 'is not a start() option' })), this.entityName);
    return this.insert(input);
  }

  /** The connection's pending or in_progress operation, or null (through its sync slot: two reads). */
  async findActiveByConnectionId(taskManagementConnectionId: string): Promise<SyncOperation | null> {
    return this.findByUnique('active-sync', { taskManagementConnectionId });
  }

  /** A connection's operations, newest first (options checked like every generated finder's). */
  async allByTaskManagementConnectionId(taskManagementConnectionId: string, options: QueryOptions = {}): Promise<SyncOperation[]> {
    // Checked before the default order is spread in: `{ order: 'desc', ...'desc' }` would pass.
    checkQueryOptions(options, this.entityName);
    return this.queryModels('byTaskManagementConnectionId', { taskManagementConnectionId }, { order: 'desc', ...options });
  }
}
