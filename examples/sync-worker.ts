/**
 * Example: a sync worker. start (one active sync per connection) → begin → progress per page →
 * complete with counts, or fail with a classified error code. An expired token marks the
 * connection requires_reauth, so the UI can ask the user to reconnect.
 *
 * Run by test/it/examples.test.ts against DynamoDB Local.
 */
import type { DataAccess, SyncOperation, SyncResultError, SyncType } from '../src/index.js';
import { ConcurrentModificationError, ConflictError } from '../src/index.js';

/** One issue as the tracker reports it. */
export interface TrackerIssue {
  externalId: string;
  status: string;
}

/** Your tracker client, paged. */
export interface IssueSource {
  fetchPage(cursor: string | undefined): Promise<{ issues: TrackerIssue[]; total: number; next?: string }>;
}

/** Throw this from the source when the tracker refuses the token. */
export class TrackerAuthError extends Error {}

export type SyncOutcome =
  | { outcome: 'already-running'; syncOperationId: string | null }
  | { outcome: 'connection-inactive' }
  | { outcome: 'cancelled'; operation: SyncOperation }
  | { outcome: 'completed' | 'failed'; operation: SyncOperation };

export interface SyncRequest {
  taskManagementConnectionId: string;
  organizationId: string;
  triggeredBy: string;
  syncType: SyncType;
}

async function startOrExplain(da: DataAccess, request: SyncRequest): Promise<SyncOperation | SyncOutcome> {
  try {
    return await da.SyncOperation.start(request);
  } catch (error) {
    if (error instanceof ConflictError && error.constraint === 'active-sync') {
      const active = await da.SyncOperation.findActiveByConnectionId(request.taskManagementConnectionId);
      return { outcome: 'already-running', syncOperationId: active?.getId() ?? null };
    }
    if (error instanceof ConflictError && error.constraint === 'active-connection') return { outcome: 'connection-inactive' };
    throw error;
  }
}

export async function runSync(da: DataAccess, request: SyncRequest, source: IssueSource): Promise<SyncOutcome> {
  const started = await startOrExplain(da, request);
  if ('outcome' in started) return started;
  const operation = started;
  await operation.begin();

  const counts = { created: 0, updated: 0, skipped: 0, failed: 0 };
  const errors: SyncResultError[] = [];
  let processed = 0;
  try {
    let cursor: string | undefined;
    do {
      const page = await source.fetchPage(cursor);
      for (const issue of page.issues) {
        const ticket = await da.Ticket.findByExternalTicketId(request.taskManagementConnectionId, issue.externalId);
        if (!ticket || ticket.getTicketStatus() === issue.status) {
          counts.skipped += 1;
        } else {
          try {
            await ticket.recordStatusSync(issue.status);
            counts.updated += 1;
          } catch (error) {
            counts.failed += 1;
            errors.push({ externalId: issue.externalId, message: (error as Error).message });
          }
        }
        processed += 1;
      }
      const total = Math.max(page.total, processed);
      await operation.reportProgress({ current: processed, total, processed, stage: 'updating' });
      cursor = page.next;
    } while (cursor !== undefined);
    await operation.complete({ ...counts, errors });
    return { outcome: 'completed', operation };
  } catch (error) {
    // Someone cancelled the operation meanwhile: its stored status says so; stop quietly.
    if (error instanceof ConcurrentModificationError || error instanceof ConflictError) {
      const stored = await da.SyncOperation.findById(operation.getId());
      if (stored?.getStatus() === 'cancelled') return { outcome: 'cancelled', operation: stored };
    }
    if (error instanceof TrackerAuthError) {
      await operation.fail('the tracker refused the token', 'AUTH_EXPIRED');
      const connection = await da.TaskManagementConnection.findById(request.taskManagementConnectionId);
      await connection?.markRequiresReauth('Reconnect: the tracker refused the token');
      return { outcome: 'failed', operation };
    }
    await operation.fail(error instanceof Error ? error.message : String(error), 'UNKNOWN');
    return { outcome: 'failed', operation };
  }
}
