/**
 * Example: an incremental sync worker that survives being killed. start (taking the slot over
 * from a worker whose lease ran out) → begin → from the connection's watermark, page by page:
 * applyExternalUpdates (ordered by the tracker's own times, so a late webhook never wins), then
 * reportProgress with the page cursor (which renews the lease) → complete with the new watermark.
 * A second worker started after the first died resumes from the cursor the first reported; the
 * first worker's late writes are refused.
 *
 * Run by test/it/examples-incremental-sync.test.ts against DynamoDB Local, and by
 * `npm run example -- incremental-sync`.
 */
import type { DataAccess, SyncOperation } from '../src/index.js';
import { ConcurrentModificationError, ConflictError } from '../src/index.js';

/** One change as the tracker reports it, with the tracker's own time of the change. */
export interface TrackerChange {
  externalId: string;
  status: string;
  updatedAt: string;
}

/** Your tracker client: the changes since a time, paged. */
export interface ChangeSource {
  fetchChanges(since: string | null, cursor: string | undefined): Promise<{ changes: TrackerChange[]; total: number; next?: string }>;
}

export interface IncrementalSyncRequest {
  taskManagementConnectionId: string;
  organizationId: string;
  triggeredBy: string;
  /** How long the worker may go without reporting before another one takes over (seconds). */
  leaseSeconds?: number;
}

export type IncrementalSyncOutcome =
  | { outcome: 'already-running' }
  | { outcome: 'connection-inactive' }
  /** This worker stopped after `stopAfterPages` (how a test kills it). */
  | { outcome: 'stopped'; operation: SyncOperation }
  /** Another worker took the sync over, or it was cancelled: this one stops. */
  | { outcome: 'lost'; operation: SyncOperation }
  | { outcome: 'completed'; operation: SyncOperation; applied: number; stale: number; resumedFrom: string | null };

/** The watermark entity this worker advances. */
export const ISSUES = 'issues';

export async function runIncrementalSync(
  da: DataAccess,
  request: IncrementalSyncRequest,
  source: ChangeSource,
  options: { stopAfterPages?: number } = {},
): Promise<IncrementalSyncOutcome> {
  let operation: SyncOperation;
  try {
    operation = await da.SyncOperation.start({ ...request, syncType: 'incremental' });
  } catch (error) {
    if (error instanceof ConflictError && error.constraint === 'active-sync') return { outcome: 'already-running' };
    if (error instanceof ConflictError && error.constraint === 'active-connection') return { outcome: 'connection-inactive' };
    throw error;
  }
  await operation.begin();
  const connection = await da.TaskManagementConnection.findById(request.taskManagementConnectionId);
  const since = connection?.getSyncWatermark(ISSUES) ?? null;
  // A sync that took over an abandoned one starts where that one stopped.
  const resumedFrom = operation.getResumeCursor();
  let cursor = resumedFrom ?? undefined;
  let newest = since;
  let applied = 0;
  let stale = 0;
  let processed = 0;
  let pages = 0;
  try {
    do {
      if (options.stopAfterPages !== undefined && pages >= options.stopAfterPages) return { outcome: 'stopped', operation };
      const page = await source.fetchChanges(since, cursor);
      const result = await da.Ticket.applyExternalUpdates(
        request.taskManagementConnectionId,
        page.changes.map((change) => ({ externalTicketId: change.externalId, status: change.status, sourceUpdatedAt: change.updatedAt })),
      );
      applied += result.applied.length;
      stale += result.stale.length;
      processed += page.changes.length;
      for (const change of page.changes) if (newest === null || change.updatedAt > newest) newest = change.updatedAt;
      cursor = page.next;
      pages += 1;
      const total = Math.max(page.total, processed);
      await operation.reportProgress({ current: processed, total, processed, stage: 'updating', ...(cursor === undefined ? {} : { cursor }) });
    } while (cursor !== undefined);
    await operation.complete({ created: 0, updated: applied, skipped: stale, failed: 0 }, newest === null ? {} : { watermarks: { [ISSUES]: newest } });
    return { outcome: 'completed', operation, applied, stale, resumedFrom };
  } catch (error) {
    // Taken over (our lease ran out) or cancelled: the stored operation moved on without us.
    if (error instanceof ConcurrentModificationError) return { outcome: 'lost', operation };
    throw error;
  }
}
