/** start (takes the connection's sync slot in the same write that checks the connection is active) and queries. */
import { ConcurrentModificationError, ConflictError, ValidationError } from '../../errors/index.js';
import type { Finders, QueryOptions } from '../../model/index.js';
import { BaseCollection, checkQueryOptions, updatePart, when } from '../../model/index.js';
import type { AttributesOf, IndexesOf } from '../../schema/index.js';
import { readFields, UNREAD, UNREADABLE } from '../../schema/index.js';
import type { SyncType } from './constants.js';
import { DEFAULT_LEASE_SECONDS, TERMINAL_RETENTION_SECONDS } from './constants.js';
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
  /**
   * The worker's lease in seconds (60–86400, default 900): an operation whose worker neither
   * begins it, nor heartbeats, nor reports progress for that long is abandoned, and the next
   * start() on the connection takes its slot over.
   */
  leaseSeconds?: number;
}

const START_KEYS = ['taskManagementConnectionId', 'organizationId', 'triggeredBy', 'syncType', 'includeClosed', 'leaseSeconds'] as const;

/** How often start() looks again when another start took the slot over at the same moment. */
const TAKEOVER_ROUNDS = 4;
/** The error stored on an operation whose slot was taken over. */
const ABANDONED_MESSAGE = 'abandoned: its worker stopped renewing the lease';

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
   * in_progress operation of the connection holds its lease; one whose lease ran out (its worker
   * stopped) is moved to failed with errorCode ABANDONED and its slot taken over, with its resume
   * cursor, in the same transaction. ConflictError 'active-connection' if the connection is not
   * active, NotFoundError if it does not exist — all decided inside the write.
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
  async start(given: StartSyncInput): Promise<SyncOperation> {
    // Read once: every write and lookup below uses this copy. A field that could not be read is
    // UNREAD in it, which the create's validation reports as that field's one issue.
    const read = readFields(given, START_KEYS);
    if (read === UNREAD) throw new ValidationError([{ path: '', message: UNREADABLE }], this.entityName);
    if (read === null) throw new ValidationError([{ path: '', message: 'expected a plain object' }], this.entityName);
    if (read.others.length > 0) throw new ValidationError(read.others.map((key) => ({ path: key, message: 'is not a start() option' })), this.entityName);
    const input = read.values as StartSyncInput;
    let conflict: unknown;
    for (let round = 0; round < TAKEOVER_ROUNDS; round += 1) {
      try {
        // A pending operation's lease starts now: one that nobody begins is abandoned too.
        return await this.insert(input, { leaseExpiresAt: leaseFrom(input.leaseSeconds) });
      } catch (error) {
        if (!(error instanceof ConflictError && error.constraint === 'active-sync')) throw error;
        conflict = error;
      }
      const holder = await this.findByUnique('active-sync', { taskManagementConnectionId: input.taskManagementConnectionId }, { consistent: true });
      if (!holder) continue; // released meanwhile: the slot is free again
      if (!holder.isAbandoned()) throw conflict;
      try {
        return await this.takeOver(input, holder);
      } catch (error) {
        // Another start took the slot over (or the worker came back) in the meantime: look again.
        if (!(error instanceof ConcurrentModificationError || (error instanceof ConflictError && error.constraint === 'active-sync'))) throw error;
        conflict = error instanceof ConflictError ? error : conflict;
      }
    }
    throw conflict;
  }

  /**
   * One transaction: the new operation (its resume cursor copied from the abandoned one) takes the
   * sync slot over from `holder`, which moves to failed with errorCode ABANDONED — conditioned on
   * `holder` being exactly as read (a heartbeat, a report or another takeover in between refuses it).
   */
  private async takeOver(input: StartSyncInput, holder: SyncOperation): Promise<SyncOperation> {
    const now = Date.now();
    const changed = () => new ConcurrentModificationError(this.entityName, holder.getId());
    const abandon = updatePart(this, holder.getId(), {
      set: {
        status: 'failed',
        errorCode: 'ABANDONED',
        error: ABANDONED_MESSAGE,
        completedAt: new Date(now).toISOString(),
        ttl: Math.ceil(now / 1000) + TERMINAL_RETENTION_SECONDS,
      },
      expect: [
        { condition: when.eq('status', holder.getStatus()), error: changed },
        { condition: when.is('leaseExpiresAt', holder.getLeaseExpiresAt()), error: changed },
        { condition: when.eq('updatedAt', holder.getUpdatedAt()), error: changed },
      ],
    });
    const cursor = holder.getResumeCursor();
    return this.insert(input, { leaseExpiresAt: leaseFrom(input.leaseSeconds), ...(cursor === null ? {} : { resumeCursor: cursor }) }, [abandon], {
      takeover: { 'active-sync': holder.getId() },
    });
  }

  /** The connection's pending or in_progress operation, or null (through its sync slot: two reads). It may be abandoned: see `isAbandoned()`. */
  async findActiveByConnectionId(taskManagementConnectionId: string): Promise<SyncOperation | null> {
    return this.findByUnique('active-sync', { taskManagementConnectionId });
  }

  /** A connection's operations, newest first (options checked like every generated finder's). */
  async allByTaskManagementConnectionId(taskManagementConnectionId: string, options: QueryOptions = {}): Promise<SyncOperation[]> {
    // Checked before the default order is spread in: `{ order: 'desc', ...'desc' }` would pass.
    const checked = checkQueryOptions(options, this.entityName);
    return this.queryModels('byTaskManagementConnectionId', { taskManagementConnectionId }, { order: 'desc', ...checked });
  }
}

/** A lease of `seconds` (the default when not given; a bad value is left to the attribute's check) from now. */
function leaseFrom(seconds: unknown): string {
  const lease = typeof seconds === 'number' && Number.isFinite(seconds) ? seconds : DEFAULT_LEASE_SECONDS;
  return new Date(Date.now() + Math.max(0, Math.min(lease, 86_400)) * 1000).toISOString();
}
