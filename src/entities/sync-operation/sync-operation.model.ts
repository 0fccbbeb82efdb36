/**
 * The sync operation model: begin → reportProgress… → complete | fail | cancel. Moves are
 * conditioned on the status they leave (not on updatedAt: progress writes from the worker must
 * not make a cancel fail); terminal moves free the connection's sync slot in the same write.
 */
import { ConcurrentModificationError, ConflictError, ValidationError } from '../../errors/index.js';
import type { Expectation, ModelAccessors } from '../../model/index.js';
import { BaseModel, collectionOf, updatePart, when } from '../../model/index.js';
import type { AttributesOf, ReferencesOf } from '../../schema/index.js';
import { isWellFormedText } from '../../schema/index.js';
import type { SyncErrorCode, SyncProgress, SyncResultError, SyncStatus } from './constants.js';
import { SYNC_ERROR_CODE_VALUES, SYNC_STAGES, SYNC_STATUSES, SYNC_TYPES, TERMINAL_RETENTION_SECONDS } from './constants.js';
import { keptResults, progressIssues, resultsInputIssues } from './sync-shapes.js';
import type { SyncOperationSchema } from './sync-operation.schema.js';

type A = AttributesOf<SyncOperationSchema>;
type R = ReferencesOf<SyncOperationSchema>;

const ENTITY = 'SyncOperation';

// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging -- getters are generated on the prototype
export interface SyncOperation extends ModelAccessors<A, R, SyncOperation> {}

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
 * await sync.reportProgress({ current: 50, total: 200, processed: 50, stage: 'fetching' });
 * await sync.complete({ created: 2, updated: 180, skipped: 18, failed: 0 });
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

  /** The values of a move to a terminal status: completedAt and the expiry 7 days later. */
  #ending(status: SyncStatus, values: Record<string, unknown> = {}): Record<string, unknown> {
    const now = Date.now();
    return { status, completedAt: new Date(now).toISOString(), ttl: Math.ceil(now / 1000) + TERMINAL_RETENTION_SECONDS, ...values };
  }

  /** The stored operation is still running: a copy whose operation moved on gets ConcurrentModificationError. */
  #stillRunning(): Expectation {
    return { condition: when.eq('status', 'in_progress'), error: () => new ConcurrentModificationError(ENTITY, this.getId()) };
  }

  /**
   * pending → in_progress; startedAt = now. InvalidTransitionError from any other status.
   *
   * @example
   * ```ts
   * const sync = await da.SyncOperation.findById(syncId);
   * if (sync?.getStatus() === 'pending') await sync.begin();
   * ```
   */
  async begin(): Promise<this> {
    return this.write({ values: { status: 'in_progress', startedAt: new Date().toISOString() }, operation: 'SyncOperation.begin' });
  }

  /**
   * Records progress while in_progress. `processed` never decreases and never exceeds `total`
   * (ValidationError); the write is conditioned on both, so a stale copy cannot move it back.
   * ConflictError 'in-progress' when this copy is not in_progress; ConcurrentModificationError
   * when the stored operation has moved on meanwhile (for example cancelled by another process):
   * a worker should then stop.
   *
   * @example
   * ```ts
   * for (const [i, issue] of issues.entries()) {
   *   await handle(issue); // your work
   *   await sync.reportProgress({ current: i + 1, total: issues.length, processed: i + 1, stage: 'updating' });
   * }
   * ```
   */
  async reportProgress(progress: SyncProgress): Promise<this> {
    const issues = progressIssues(progress).map((issue) => ({ ...issue, path: issue.path ? `progress.${issue.path}` : 'progress' }));
    const stored = this.getProgress();
    if (issues.length === 0 && stored && progress.processed < stored.processed) {
      issues.push({ path: 'progress.processed', message: `must not decrease (was ${stored.processed})` });
    }
    if (issues.length > 0) throw new ValidationError(issues, ENTITY);
    if (this.getStatus() !== 'in_progress') throw new ConflictError('in-progress', `${ENTITY}: progress can only be reported while in_progress (is ${this.getStatus()})`);
    const { current, total, processed, stage } = progress;
    const regressed = () => new ConcurrentModificationError(ENTITY, this.getId());
    return this.write({
      values: { progress: { current, total, processed, stage } },
      expect: [
        this.#stillRunning(),
        { condition: when.or(when.lacks('progress'), when.le(['progress', 'processed'], processed)), error: regressed },
      ],
      operation: 'SyncOperation.reportProgress',
    });
  }

  /**
   * in_progress → completed: stores the counts and at most 100 errors (the rest are counted),
   * and sets the connection's lastSyncAt in the same transaction.
   *
   * @example
   * ```ts
   * await sync.complete({ created: 2, updated: 180, skipped: 17, failed: 1, errors: [{ externalId: '10042', message: 'field missing' }] });
   * sync.getResults(); // { created: 2, …, errors: [ … ], truncatedErrors: 0 }
   * ```
   */
  async complete(results: { created: number; updated: number; skipped: number; failed: number; errors?: SyncResultError[] }): Promise<this> {
    const issues = resultsInputIssues(results);
    if (issues.length > 0) throw new ValidationError(issues, ENTITY);
    const values = this.#ending('completed', { results: keptResults(results) });
    // The connection's lastSyncAt moves in the same transaction (bookkeeping: no updatedAt stamp).
    const connection = updatePart(collectionOf(this, 'TaskManagementConnection'), this.getTaskManagementConnectionId(), { set: { lastSyncAt: values.completedAt }, stamp: false });
    return this.write({ values, with: [connection], operation: 'SyncOperation.complete' });
  }

  /** pending | in_progress → failed; the message is required, the error code optional. */
  async fail(message: string, errorCode?: SyncErrorCode | (string & Record<never, never>)): Promise<this> {
    const issues = [];
    if (typeof message !== 'string' || message.trim().length === 0 || message.length > 2000 || !isWellFormedText(message)) issues.push({ path: 'message', message: 'must be a non-empty string of at most 2000 characters' });
    if (errorCode !== undefined && !(SYNC_ERROR_CODE_VALUES as readonly unknown[]).includes(errorCode)) {
      issues.push({ path: 'errorCode', message: `must be one of ${SYNC_ERROR_CODE_VALUES.join(', ')}` });
    }
    if (issues.length > 0) throw new ValidationError(issues, ENTITY);
    return this.write({ values: this.#ending('failed', { error: message, errorCode }), operation: 'SyncOperation.fail' });
  }

  /** pending | in_progress → cancelled. */
  async cancel(): Promise<this> {
    return this.write({ values: this.#ending('cancelled'), operation: 'SyncOperation.cancel' });
  }
}
