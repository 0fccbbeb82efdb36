/**
 * The sync operation model: begin → reportProgress… → complete | fail | cancel. Moves are
 * conditioned on the status they leave (not on updatedAt: progress writes from the worker must
 * not make a cancel fail); terminal moves free the connection's sync slot in the same write.
 */
import { ConflictError, NotFoundError, ValidationError } from '../../errors/index.js';
import type { ModelAccessors } from '../../model/index.js';
import { BaseModel } from '../../model/index.js';
import { BINDING } from '../../model/binding.js';
import type { AttributesOf, ReferencesOf } from '../../schema/index.js';
import { isWellFormedText } from '../../schema/index.js';
import type { TransactAction } from '../../store/transact-write.js';
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

  #set(values: Record<string, unknown>): void {
    this.assignAll(values, { internal: true });
  }

  /** Moves to a terminal status: stamps completedAt and the expiry 7 days later. */
  #end(status: SyncStatus, values: Record<string, unknown> = {}): void {
    const now = Date.now();
    this.#set({ status, completedAt: new Date(now).toISOString(), ttl: Math.ceil(now / 1000) + TERMINAL_RETENTION_SECONDS, ...values });
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
    this.#set({ status: 'in_progress', startedAt: new Date().toISOString() });
    return this.saveWith({ optimistic: false });
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
    this.#set({ progress: { current, total, processed, stage } });
    return this.saveWith({
      optimistic: false,
      condition: {
        expression: '#c_status = :c_running AND (attribute_not_exists(#c_progress) OR #c_progress.#c_processed <= :c_processed)',
        names: { '#c_status': 'status', '#c_progress': 'progress', '#c_processed': 'processed' },
        values: { ':c_running': 'in_progress', ':c_processed': processed },
      },
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
    this.#end('completed', { results: keptResults(results) });
    const connectionId = this.getTaskManagementConnectionId();
    const connection = this[BINDING].resolve('TaskManagementConnection');
    const stamp = connection.adapter.patchParams(connectionId, {
      set: { lastSyncAt: this.getCompletedAt() },
      remove: [],
      composite: {},
      expect: {},
    });
    const extra: TransactAction = { Update: stamp as NonNullable<TransactAction['Update']> };
    return this.saveWith({
      optimistic: false,
      extraActions: [extra],
      explain: (reasons, first) => (reasons[first]?.code === 'ConditionalCheckFailed' ? new NotFoundError('TaskManagementConnection', connectionId) : undefined),
    });
  }

  /** pending | in_progress → failed; the message is required, the error code optional. */
  async fail(message: string, errorCode?: SyncErrorCode | (string & Record<never, never>)): Promise<this> {
    const issues = [];
    if (typeof message !== 'string' || message.trim().length === 0 || message.length > 2000 || !isWellFormedText(message)) issues.push({ path: 'message', message: 'must be a non-empty string of at most 2000 characters' });
    if (errorCode !== undefined && !(SYNC_ERROR_CODE_VALUES as readonly unknown[]).includes(errorCode)) {
      issues.push({ path: 'errorCode', message: `must be one of ${SYNC_ERROR_CODE_VALUES.join(', ')}` });
    }
    if (issues.length > 0) throw new ValidationError(issues, ENTITY);
    this.#end('failed', { error: message, errorCode });
    return this.saveWith({ optimistic: false });
  }

  /** pending | in_progress → cancelled. */
  async cancel(): Promise<this> {
    this.#end('cancelled');
    return this.saveWith({ optimistic: false });
  }
}
