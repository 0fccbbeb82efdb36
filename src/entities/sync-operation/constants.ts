/** SyncOperation values. */
import type { ProviderErrorCode } from '../../provider-errors/index.js';
import { PROVIDER_ERROR_CODE_VALUES, PROVIDER_ERROR_CODES } from '../../provider-errors/index.js';

/**
 * The statuses of a sync operation, by constant name (also `SyncOperation.STATUSES`). The allowed
 * moves between them are {@link SYNC_TRANSITIONS}.
 */
export const SYNC_STATUSES = Object.freeze({
  PENDING: 'pending',
  IN_PROGRESS: 'in_progress',
  COMPLETED: 'completed',
  FAILED: 'failed',
  CANCELLED: 'cancelled',
} as const);
/** A sync status as stored. `pending` and `in_progress` hold the connection's single sync slot. */
export type SyncStatus = (typeof SYNC_STATUSES)[keyof typeof SYNC_STATUSES];
/** Every {@link SyncStatus}, as the non-empty tuple that `attr.enum` takes. */
export const SYNC_STATUS_VALUES = Object.values(SYNC_STATUSES) as [SyncStatus, ...SyncStatus[]];

/**
 * The kinds of sync a caller can start, by constant name (also `SyncOperation.SYNC_TYPES`). The
 * library records the kind; what each one fetches is up to the worker that runs the sync.
 */
export const SYNC_TYPES = Object.freeze({ FULL: 'full', INCREMENTAL: 'incremental' } as const);
/** A sync kind as stored: `'full'` or `'incremental'`. */
export type SyncType = (typeof SYNC_TYPES)[keyof typeof SYNC_TYPES];
/** Every {@link SyncType}, as the non-empty tuple that `attr.enum` takes. */
export const SYNC_TYPE_VALUES = Object.values(SYNC_TYPES) as [SyncType, ...SyncType[]];

/** The stages a running sync reports in its progress, by constant name (also `SyncOperation.STAGES`). */
export const SYNC_STAGES = Object.freeze({ FETCHING: 'fetching', MATCHING: 'matching', CREATING: 'creating', UPDATING: 'updating' } as const);
/** A sync stage as stored: `'fetching'`, `'matching'`, `'creating'` or `'updating'`. */
export type SyncStage = (typeof SYNC_STAGES)[keyof typeof SYNC_STAGES];
/** The name API.md's `reportProgress(p: { …; stage: Stage })` uses for {@link SyncStage}. */
export type Stage = SyncStage;
/** Every {@link SyncStage}, as the non-empty tuple that `attr.enum` takes. */
export const SYNC_STAGE_VALUES = Object.values(SYNC_STAGES) as [SyncStage, ...SyncStage[]];

/**
 * Classified causes of a failed sync: the provider-error vocabulary (see
 * {@link PROVIDER_ERROR_CODES}), `ABANDONED` included (set by the library when a sync's lease ran out).
 */
export const SYNC_ERROR_CODES = PROVIDER_ERROR_CODES;
/** A classified cause of a failed sync, as `SyncOperation.fail` takes it. */
export type SyncErrorCode = ProviderErrorCode;
/** Every {@link SyncErrorCode}, as the non-empty tuple that `attr.enum` takes. */
export const SYNC_ERROR_CODE_VALUES = PROVIDER_ERROR_CODE_VALUES;

/** A worker's lease on a running sync: how long it holds without a heartbeat (seconds). */
export const DEFAULT_LEASE_SECONDS = 900;
export const MIN_LEASE_SECONDS = 60;
export const MAX_LEASE_SECONDS = 86_400;
/** The longest resume cursor a worker may store (characters). */
export const MAX_RESUME_CURSOR = 2048;

/**
 * The sync lifecycle: for each status, the statuses it may move to. `completed`, `failed` and
 * `cancelled` are terminal: they free the connection's sync slot, and the operation expires
 * {@link TERMINAL_RETENTION_SECONDS} later.
 */
export const SYNC_TRANSITIONS: Readonly<Record<SyncStatus, readonly SyncStatus[]>> = Object.freeze({
  pending: ['in_progress', 'failed', 'cancelled'],
  in_progress: ['completed', 'failed', 'cancelled'],
  completed: [],
  failed: [],
  cancelled: [],
});

/** Statuses that hold the connection's single active-sync slot. */
export const ACTIVE_SYNC_STATUSES: readonly SyncStatus[] = ['pending', 'in_progress'];

/** Result errors kept on a completed operation; the rest are only counted. */
export const MAX_KEPT_ERRORS = 100;

/** A terminal operation expires this long after it ended. */
export const TERMINAL_RETENTION_SECONDS = 7 * 24 * 60 * 60;

/**
 * The progress of a running sync, as `SyncOperation.reportProgress` takes it. Counts are
 * non-negative integers; `current` and `processed` never exceed `total`, and `processed` never
 * decreases from one report to the next.
 */
export interface SyncProgress {
  current: number;
  total: number;
  processed: number;
  /** What the sync is doing now. */
  stage: SyncStage;
  /** Where a new worker would resume (at most 2048 characters; stored apart, read with `getResumeCursor()`). */
  cursor?: string;
}

/** One item a sync could not handle: the tracker's id of it, when known, and why. */
export interface SyncResultError {
  /** The tracker's id of the item (1–255 characters). */
  externalId?: string;
  /** What went wrong (1–2000 characters). */
  message: string;
}

/**
 * The outcome stored on a completed sync: the counts it was given, the errors kept (at most
 * {@link MAX_KEPT_ERRORS}, and at most 200 KB of text) and how many more there were.
 */
export interface SyncResults {
  created: number;
  updated: number;
  skipped: number;
  failed: number;
  errors: SyncResultError[];
  /** Errors beyond the kept ones. */
  truncatedErrors: number;
}
