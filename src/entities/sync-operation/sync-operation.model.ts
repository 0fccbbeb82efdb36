/**
 * The sync operation model: begin → reportProgress… / heartbeat… → complete | fail | cancel. Moves
 * are conditioned on the status they leave (not on updatedAt: progress writes from the worker must
 * not make a cancel fail); terminal moves free the connection's sync slot in the same write. The
 * worker holds a lease, renewed by heartbeat and reportProgress; a start() after it ran out takes
 * the slot over, and the abandoned worker's late writes then fail (ConcurrentModificationError).
 */
import { ConcurrentModificationError, ConflictError, ValidationError } from '../../errors/index.js';
import type { ValidationIssue } from '../../errors/index.js';
import type { Expectation, ModelAccessors } from '../../model/index.js';
import { BaseModel, collectionOf, updatePart, when } from '../../model/index.js';
import type { ProviderErrorCode } from '../../provider-errors/index.js';
import type { AttributesOf, ReferencesOf } from '../../schema/index.js';
import { isWellFormedText, readFields, UNREAD, UNREADABLE } from '../../schema/index.js';
import type { SyncProgress, SyncResultError, SyncStatus } from './constants.js';
import { DEFAULT_LEASE_SECONDS, SYNC_ERROR_CODE_VALUES, SYNC_STAGES, SYNC_STATUSES, SYNC_TYPES, TERMINAL_RETENTION_SECONDS } from './constants.js';
import { keptResults, readProgress, readResultsInput } from './sync-shapes.js';
import type { SyncWatermarks } from './watermarks.js';
import { readWatermarks } from './watermarks.js';
import type { SyncOperationSchema } from './sync-operation.schema.js';

type A = AttributesOf<SyncOperationSchema>;
type R = ReferencesOf<SyncOperationSchema>;

const ENTITY = 'SyncOperation';

/** The counts a sync reports when it completes (at most 100 errors are kept, the rest counted). */
export interface SyncCompletion {
  created: number;
  updated: number;
  skipped: number;
  failed: number;
  errors?: SyncResultError[];
}

// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging -- getters are generated on the prototype
export interface SyncOperation extends Omit<ModelAccessors<A, R, SyncOperation>, 'getResumeCursor' | 'getLeaseExpiresAt'> {}

/**
 * One progress-tracked sync run of a connection: `begin` → `reportProgress`… → `complete`, `fail`
 * or `cancel` (see {@link SYNC_TRANSITIONS}).
 *
 * Moves are conditioned on the status they leave, not on `updatedAt`, so the worker's progress
 * writes never make a concurrent `cancel` fail. A terminal move frees the connection's sync slot
 * in the same write, and the operation expires {@link TERMINAL_RETENTION_SECONDS} later.
 *
 * @example
 * ```ts
 * const sync = await da.SyncOperation.start({ taskManagementConnectionId: connectionId, organizationId, triggeredBy: userId, syncType: 'incremental' });
 * await sync.begin();
 * await sync.reportProgress({ current: 50, total: 200, processed: 50, stage: 'fetching', cursor: 'page=2' });
 * await sync.complete({ created: 2, updated: 180, skipped: 18, failed: 0 }, { watermarks: { issues: '2026-12-01T10:00:00.000Z' } });
 * ```
 */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging -- see the interface above
export class SyncOperation extends BaseModel<SyncOperationSchema> {
  /** {@link SYNC_STATUSES}, at hand on the class. */
  static readonly STATUSES = SYNC_STATUSES;
  /** {@link SYNC_TYPES}, at hand on the class. */
  static readonly SYNC_TYPES = SYNC_TYPES;
  /** {@link SYNC_STAGES}, at hand on the class. */
  static readonly STAGES = SYNC_STAGES;

  /** True while the operation holds its connection's sync slot. */
  isActive(): boolean {
    const status = this.getStatus();
    return status === 'pending' || status === 'in_progress';
  }

  /** Where a new worker would resume (the last cursor reported), or null. */
  getResumeCursor(): string | null {
    return this.toJSON().resumeCursor ?? null;
  }

  /** When the worker's lease runs out (ISO-8601), or null for an operation that never held one. */
  getLeaseExpiresAt(): string | null {
    return this.toJSON().leaseExpiresAt ?? null;
  }

  /**
   * True when the operation holds its connection's slot but its lease ran out: its worker stopped
   * renewing it, and the next `start()` on the connection takes the slot over. An operation stored
   * before leases existed counts from its last write.
   */
  isAbandoned(now: number = Date.now()): boolean {
    if (!this.isActive()) return false;
    const expiresAt = this.getLeaseExpiresAt() ?? new Date(Date.parse(this.getUpdatedAt()) + this.#leaseSeconds() * 1000).toISOString();
    return Date.parse(expiresAt) <= now;
  }

  #leaseSeconds(): number {
    return this.getLeaseSeconds() ?? DEFAULT_LEASE_SECONDS;
  }

  /** A lease from now. */
  #lease(): string {
    return new Date(Date.now() + this.#leaseSeconds() * 1000).toISOString();
  }

  /** The values of a move to a terminal status: completedAt and the expiry 7 days later. */
  #ending(status: SyncStatus, values: Record<string, unknown> = {}): Record<string, unknown> {
    const now = Date.now();
    return { status, completedAt: new Date(now).toISOString(), ttl: Math.ceil(now / 1000) + TERMINAL_RETENTION_SECONDS, ...values };
  }

  /** The stored operation is still running: a copy whose operation moved on (or was taken over) gets ConcurrentModificationError. */
  #stillRunning(): Expectation {
    return { condition: when.eq('status', 'in_progress'), error: () => new ConcurrentModificationError(ENTITY, this.getId()) };
  }

  #requireRunning(what: string): void {
    if (this.getStatus() !== 'in_progress') throw new ConflictError('in-progress', `${ENTITY}: ${what} only while in_progress (is ${this.getStatus()})`);
  }

  /**
   * pending → in_progress; startedAt = now, and the worker's lease starts (leaseExpiresAt = now +
   * leaseSeconds). InvalidTransitionError from any other status.
   *
   * @example
   * ```ts
   * const sync = await da.SyncOperation.findById(syncId);
   * if (sync?.getStatus() === 'pending') await sync.begin();
   * ```
   */
  async begin(): Promise<this> {
    return this.write(() => ({ values: { status: 'in_progress', startedAt: new Date().toISOString(), leaseExpiresAt: this.#lease() }, operation: 'SyncOperation.begin' }));
  }

  /**
   * Renews the worker's lease (leaseExpiresAt = now + leaseSeconds) while in_progress.
   * ConflictError 'in-progress' when this copy is not in_progress; ConcurrentModificationError when
   * the stored operation moved on — cancelled, or taken over after the lease ran out: stop working.
   */
  async heartbeat(): Promise<this> {
    // Checked when its turn comes (after the calls queued before it on this instance).
    return this.write(() => {
      this.#requireRunning('a heartbeat is possible');
      // Bookkeeping: no updatedAt stamp, so a heartbeat never makes another copy's save fail.
      return { values: { leaseExpiresAt: this.#lease() }, expect: [this.#stillRunning()], stamp: false, operation: 'SyncOperation.heartbeat' };
    });
  }

  /**
   * Records progress while in_progress and renews the lease. `processed` never decreases and never
   * exceeds `total` (ValidationError); the write is conditioned on both, so a stale copy cannot
   * move it back. `cursor` (≤ 2048 characters) is where a new worker would resume
   * ({@link getResumeCursor}). ConflictError 'in-progress' when this copy is not in_progress;
   * ConcurrentModificationError when the stored operation has moved on meanwhile (cancelled, or
   * taken over): a worker should then stop.
   *
   * @example
   * ```ts
   * for (const [i, issue] of issues.entries()) {
   *   await handle(issue); // your work
   *   await sync.reportProgress({ current: i + 1, total: issues.length, processed: i + 1, stage: 'updating', cursor: issue.key });
   * }
   * ```
   */
  async reportProgress(progress: SyncProgress): Promise<this> {
    // Read once: the write uses the copy that was checked, never the caller's object again.
    const read = readProgress(progress);
    const shapeIssues = read.issues.map((issue) => ({ ...issue, path: issue.path ? `progress.${issue.path}` : 'progress' }));
    if (shapeIssues.length > 0 || !read.progress) throw new ValidationError(shapeIssues, ENTITY);
    const { current, total, processed, stage, cursor } = read.progress;
    // Checked when its turn comes (after the calls queued before it on this instance).
    return this.write(() => {
      const stored = this.getProgress();
      if (stored && processed < stored.processed) {
        throw new ValidationError([{ path: 'progress.processed', message: `must not decrease (was ${stored.processed})` }], ENTITY);
      }
      this.#requireRunning('progress can be reported');
      const regressed = () => new ConcurrentModificationError(ENTITY, this.getId());
      return {
        values: { progress: { current, total, processed, stage }, leaseExpiresAt: this.#lease(), ...(cursor === undefined ? {} : { resumeCursor: cursor }) },
        expect: [this.#stillRunning(), { condition: when.or(when.lacks('progress'), when.le(['progress', 'processed'], processed)), error: regressed }],
        operation: 'SyncOperation.reportProgress',
      };
    });
  }

  /**
   * in_progress → completed: stores the counts and at most 100 errors (the rest are counted), and
   * in the same transaction sets the connection's lastSyncAt and advances its sync watermarks —
   * per entity kind, forward only: a watermark older than (or equal to) the stored one is left out.
   *
   * @example
   * ```ts
   * await sync.complete({ created: 2, updated: 180, skipped: 17, failed: 1, errors: [{ externalId: '10042', message: 'field missing' }] }, { watermarks: { issues: newest } });
   * sync.getResults(); // { created: 2, …, errors: [ … ], truncatedErrors: 0 }
   * ```
   */
  async complete(results: SyncCompletion, options: { watermarks?: SyncWatermarks } = {}): Promise<this> {
    // Both arguments are read once: the write uses the copies that were checked.
    const read = readResultsInput(results);
    const issues: ValidationIssue[] = [...read.issues];
    // A plain object only (a null-prototype one too): an array or a Date is no options object,
    // though typeof calls it 'object'.
    const given = readFields(options, ['watermarks']);
    let watermarks: Record<string, string> | undefined;
    if (given === UNREAD) issues.push({ path: 'options', message: UNREADABLE });
    else if (given === null) issues.push({ path: 'options', message: 'expected { watermarks? }' });
    else {
      issues.push(...given.others.map((key) => ({ path: `options.${key}`, message: 'is not a complete() option' })));
      if (given.values.watermarks !== undefined) {
        const marks = readWatermarks(given.values.watermarks);
        issues.push(...marks.issues);
        watermarks = marks.watermarks;
      }
    }
    if (issues.length > 0 || !read.results) throw new ValidationError(issues, ENTITY);
    const kept = keptResults(read.results);
    return this.write(() => {
      const values = this.#ending('completed', { results: kept });
      // The connection's bookkeeping moves in the same transaction (no updatedAt stamp).
      const connection = updatePart(collectionOf(this, 'TaskManagementConnection'), this.getTaskManagementConnectionId(), {
        set: { lastSyncAt: values.completedAt },
        stamp: false,
        ...(watermarks && Object.keys(watermarks).length > 0 ? { advance: { map: 'syncWatermarks', values: normalized(watermarks) } } : {}),
      });
      return { values, with: [connection], operation: 'SyncOperation.complete' };
    });
  }

  /** pending | in_progress → failed; the message is required, the error code (a provider error code) optional. */
  async fail(message: string, errorCode?: ProviderErrorCode): Promise<this> {
    const issues = [];
    if (typeof message !== 'string' || message.trim().length === 0 || message.length > 2000 || !isWellFormedText(message)) issues.push({ path: 'message', message: 'must be a non-empty string of at most 2000 characters' });
    if (errorCode !== undefined && !(SYNC_ERROR_CODE_VALUES as readonly unknown[]).includes(errorCode)) {
      issues.push({ path: 'errorCode', message: `must be one of ${SYNC_ERROR_CODE_VALUES.join(', ')}` });
    }
    if (issues.length > 0) throw new ValidationError(issues, ENTITY);
    return this.write(() => ({ values: this.#ending('failed', { error: message, errorCode }), operation: 'SyncOperation.fail' }));
  }

  /** pending | in_progress → cancelled. */
  async cancel(): Promise<this> {
    return this.write(() => ({ values: this.#ending('cancelled'), operation: 'SyncOperation.cancel' }));
  }
}

/** Watermarks as stored: ISO-8601 in UTC with milliseconds, so that they compare as strings. */
function normalized(watermarks: SyncWatermarks): Record<string, string> {
  return Object.fromEntries(Object.entries(watermarks).map(([entity, at]) => [entity, new Date(at).toISOString()]));
}
