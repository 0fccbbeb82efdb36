/**
 * The error family of the library. Every error it throws is a {@link DataAccessError} with a
 * stable `code`, so callers can branch on `error.code` (or `instanceof`) without parsing messages.
 * Messages never contain attribute values: values may be secrets (tokens, code verifiers).
 */

/** Stable codes of {@link DataAccessError}. */
export type DataAccessErrorCode =
  | 'VALIDATION'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'CONCURRENT_MODIFICATION'
  | 'INVALID_TRANSITION'
  | 'SCHEMA'
  | 'DATASTORE'
  | 'UNSUPPORTED'
  | 'DECRYPTION'
  | 'ENCRYPTION'
  | 'CONFIGURATION';

/** Base class of every error the library throws. `cause` keeps the original error, if any. */
export class DataAccessError extends Error {
  readonly code: DataAccessErrorCode;

  constructor(code: DataAccessErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/** One problem with one input field. `path` is dotted (`metadata.cloudId`, `items[3].displayName`). */
export interface ValidationIssue {
  readonly path: string;
  readonly message: string;
}

/** Bad input. Thrown before any request is sent: nothing was written. */
export class ValidationError extends DataAccessError {
  /** Each bad field (a copy: typed as API.md declares it, `{ path, message }[]`). */
  readonly issues: ValidationIssue[];

  constructor(issues: readonly ValidationIssue[], context?: string) {
    const list = issues.map((issue) => `${issue.path || '(value)'}: ${issue.message}`).join('; ');
    super('VALIDATION', `${context ? `${context}: ` : ''}invalid input: ${list}`);
    this.issues = [...issues];
  }
}

/** An operation needed an item (or a parent item) that does not exist. */
export class NotFoundError extends DataAccessError {
  readonly entityName: string;
  readonly id: string;

  constructor(entityName: string, id: string) {
    super('NOT_FOUND', `${entityName} ${id} does not exist`);
    this.entityName = entityName;
    this.id = id;
  }
}

/**
 * A unique constraint (`constraint` is its name), an id that already exists (`constraint: 'id'`)
 * or a precondition on another item (for example `'active-connection'`) refused the write.
 * `conflictingValues` names the offending keys where the caller needs them (for example the
 * suggestion ids that are already ticketed).
 */
export class ConflictError extends DataAccessError {
  readonly constraint: string;
  readonly conflictingValues: string[];

  constructor(constraint: string, message: string, conflictingValues: readonly string[] = []) {
    super('CONFLICT', message);
    this.constraint = constraint;
    this.conflictingValues = [...conflictingValues];
  }
}

/** The item changed since this copy was read (optimistic concurrency check failed). */
export class ConcurrentModificationError extends DataAccessError {
  readonly entityName: string;
  readonly id: string;

  constructor(entityName: string, id: string) {
    super('CONCURRENT_MODIFICATION', `${entityName} ${id} was changed by someone else since it was read`);
    this.entityName = entityName;
    this.id = id;
  }
}

/** A lifecycle move that the entity's state machine does not allow. */
export class InvalidTransitionError extends DataAccessError {
  readonly from: string;
  readonly to: string;

  constructor(entityName: string, from: string, to: string) {
    super('INVALID_TRANSITION', `${entityName} cannot move from '${from}' to '${to}'`);
    this.from = from;
    this.to = to;
  }
}

/** A schema was declared wrongly. Thrown by `SchemaBuilder` at build time, never at request time. */
export class SchemaBuilderError extends DataAccessError {
  constructor(entityName: string, message: string) {
    super('SCHEMA', `schema ${entityName}: ${message}`);
  }
}

/** True when `value` is an error of this library (of any code). */
export function isDataAccessError(value: unknown): value is DataAccessError {
  return value instanceof DataAccessError;
}
