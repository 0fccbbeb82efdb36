/** SyncOperation values. */

export const SYNC_STATUSES = Object.freeze({
  PENDING: 'pending',
  IN_PROGRESS: 'in_progress',
  COMPLETED: 'completed',
  FAILED: 'failed',
  CANCELLED: 'cancelled',
} as const);
export type SyncStatus = (typeof SYNC_STATUSES)[keyof typeof SYNC_STATUSES];
export const SYNC_STATUS_VALUES = Object.values(SYNC_STATUSES) as [SyncStatus, ...SyncStatus[]];

export const SYNC_TYPES = Object.freeze({ FULL: 'full', INCREMENTAL: 'incremental' } as const);
export type SyncType = (typeof SYNC_TYPES)[keyof typeof SYNC_TYPES];
export const SYNC_TYPE_VALUES = Object.values(SYNC_TYPES) as [SyncType, ...SyncType[]];

export const SYNC_STAGES = Object.freeze({ FETCHING: 'fetching', MATCHING: 'matching', CREATING: 'creating', UPDATING: 'updating' } as const);
export type SyncStage = (typeof SYNC_STAGES)[keyof typeof SYNC_STAGES];
export const SYNC_STAGE_VALUES = Object.values(SYNC_STAGES) as [SyncStage, ...SyncStage[]];

/** Classified causes of a failed sync. */
export const SYNC_ERROR_CODES = Object.freeze({
  RATE_LIMIT: 'RATE_LIMIT',
  AUTH_EXPIRED: 'AUTH_EXPIRED',
  NETWORK: 'NETWORK',
  PERMISSION: 'PERMISSION',
  NOT_FOUND: 'NOT_FOUND',
  UNKNOWN: 'UNKNOWN',
} as const);
export type SyncErrorCode = (typeof SYNC_ERROR_CODES)[keyof typeof SYNC_ERROR_CODES];
export const SYNC_ERROR_CODE_VALUES = Object.values(SYNC_ERROR_CODES) as [SyncErrorCode, ...SyncErrorCode[]];

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

export interface SyncProgress {
  current: number;
  total: number;
  processed: number;
  stage: SyncStage;
}

export interface SyncResultError {
  externalId?: string;
  message: string;
}

export interface SyncResults {
  created: number;
  updated: number;
  skipped: number;
  failed: number;
  errors: SyncResultError[];
  /** Errors beyond the kept ones. */
  truncatedErrors: number;
}
