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

/**
 * Base class of every error the library throws. `cause` keeps the original error, if any. Each
 * subclass narrows `code` to its own literal, so a union of them narrows by `code`.
 */
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
  declare readonly code: 'VALIDATION';
  /** Each bad field (a copy: typed as API.md declares it, `{ path, message }[]`). */
  readonly issues: ValidationIssue[];

  constructor(issues: readonly ValidationIssue[], context?: string) {
    const list = issues.map((issue) => `${issue.path || '(value)'}: ${issue.message}`).join('; ');
    super('VALIDATION', `${context ? `${context}: ` : ''}invalid input: ${list}`);
    this.issues = [...issues];
  }
}

/**
 * An operation needed an item (or a parent item) that does not exist. The id is in `id`, not in
 * the message: messages end up in logs, and the id is the caller's.
 */
export class NotFoundError extends DataAccessError {
  declare readonly code: 'NOT_FOUND';
  readonly entityName: string;
  readonly id: string;

  constructor(entityName: string, id: string) {
    super('NOT_FOUND', `${entityName} does not exist`);
    this.entityName = entityName;
    this.id = id;
  }
}

/**
 * The constraint names the library's own entities raise, each with what it guards. Keys of this
 * interface make up {@link ConflictConstraint}. A schema of your own (`SchemaBuilder.addUnique`,
 * `addPrecondition`) adds its names by declaration merging, so `error.constraint` names them too:
 *
 * @example
 * ```ts
 * declare module 'task-management-data-access' {
 *   interface ConflictConstraintNames {
 *     'workspace-slug': 'one workspace per slug';
 *   }
 * }
 * ```
 */
export interface ConflictConstraintNames {
  'external-instance': 'one connection that is not disconnected per (organization, provider, external instance)';
  'active-provider': 'one active connection per (organization, provider)';
  'external-ticket': 'one ticket per (connection, external ticket id)';
  suggestion: 'one link per suggestion';
  'active-sync': 'one pending or in-progress sync per connection';
  'active-connection': 'the connection must be active';
  'connection-organization': 'the connection must belong to the organization';
  'connection-provider': "the ticket's provider must be its connection's";
  'ticket-connection': "the link's connection must be its ticket's";
  'token-state': 'one token state per connection';
  'in-progress': 'the sync must be in progress';
  id: 'an item with this id already exists';
  'idempotency-request': 'an idempotency key is reused for one request only';
}

/** The name of the constraint a {@link ConflictError} reports: one of {@link ConflictConstraintNames}. */
export type ConflictConstraint = Extract<keyof ConflictConstraintNames, string>;

/**
 * A unique constraint (`constraint` is its name), an id that already exists (`constraint: 'id'`)
 * or a precondition on another item (for example `'active-connection'`) refused the write.
 * `conflictingValues` names the offending keys where the caller needs them (for example the
 * suggestion ids that are already ticketed).
 *
 * Typing: `constraint` is the union {@link ConflictConstraint}, so `switch (error.constraint)`
 * narrows and a misspelt case does not compile. The constructor also takes any string, because
 * the framework raises the names a `SchemaBuilder` schema declares, and those are strings to it;
 * a schema of your own registers its names in {@link ConflictConstraintNames} so that the field
 * type covers them (a name left unregistered is still raised at run time, outside the type).
 * Making the field `string` would lose the narrowing for the library's entities; making the class
 * generic would not help callers, whose `instanceof` check would then give `any`.
 *
 * @example
 * ```ts
 * try {
 *   await da.TicketSuggestion.create(link);
 * } catch (error) {
 *   if (!(error instanceof ConflictError)) throw error;
 *   switch (error.constraint) {
 *     case 'suggestion': return { alreadyTicketed: error.conflictingValues };
 *     default: throw error;
 *   }
 * }
 * ```
 */
export class ConflictError extends DataAccessError {
  declare readonly code: 'CONFLICT';
  readonly constraint: ConflictConstraint;
  readonly conflictingValues: string[];

  // `string & {}` keeps the known names completing in editors while any schema's name is taken.
  constructor(constraint: ConflictConstraint | (string & {}), message: string, conflictingValues: readonly string[] = []) {
    super('CONFLICT', message);
    this.constraint = constraint as ConflictConstraint;
    this.conflictingValues = [...conflictingValues];
  }
}

/** The item changed since this copy was read (optimistic concurrency check failed). The id is in `id`, not in the message. */
export class ConcurrentModificationError extends DataAccessError {
  declare readonly code: 'CONCURRENT_MODIFICATION';
  readonly entityName: string;
  readonly id: string;

  constructor(entityName: string, id: string) {
    super('CONCURRENT_MODIFICATION', `${entityName} was changed by someone else since it was read`);
    this.entityName = entityName;
    this.id = id;
  }
}

/**
 * A lifecycle move that the entity's state machine does not allow. `S` is the entity's state
 * union (`InvalidTransitionError<ConnectionStatus>`, or the aliases `ConnectionTransitionError`
 * and `SyncTransitionError`), so `from` and `to` are typed as states.
 *
 * @example
 * ```ts
 * try {
 *   await connection.markActive();
 * } catch (error) {
 *   if (!(error instanceof InvalidTransitionError)) throw error;
 *   const { from, to } = error as ConnectionTransitionError; // ConnectionStatus, both
 * }
 * ```
 */
export interface InvalidTransitionError<S extends string = string> extends DataAccessError {
  readonly code: 'INVALID_TRANSITION';
  /** The state the record was in. */
  readonly from: S;
  /** The state the move asked for. */
  readonly to: S;
}

/**
 * The constructor of {@link InvalidTransitionError}. Declared apart from the class so that
 * `error instanceof InvalidTransitionError` narrows to `InvalidTransitionError<string>` (the type
 * of `prototype`): a generic class would narrow to an untyped `InvalidTransitionError<…>` (type argument lost), which would
 * leak into strict callers' code.
 */
export interface InvalidTransitionErrorConstructor {
  new <S extends string = string>(entityName: string, from: S, to: S): InvalidTransitionError<S>;
  readonly prototype: InvalidTransitionError;
}

/**
 * A lifecycle move that the entity's state machine does not allow (see the interface of the same
 * name). The class expression is anonymous: it takes the constant's name, and a bundler has no
 * second `InvalidTransitionError` to rename apart.
 */
export const InvalidTransitionError: InvalidTransitionErrorConstructor = class<S extends string = string> extends DataAccessError {
  declare readonly code: 'INVALID_TRANSITION';
  readonly from: S;
  readonly to: S;

  constructor(entityName: string, from: S, to: S) {
    super('INVALID_TRANSITION', `${entityName} cannot move from '${from}' to '${to}'`);
    this.from = from;
    this.to = to;
  }
};

/** A schema was declared wrongly. Thrown by `SchemaBuilder` at build time, never at request time. */
export class SchemaBuilderError extends DataAccessError {
  declare readonly code: 'SCHEMA';
  constructor(entityName: string, message: string) {
    super('SCHEMA', `schema ${entityName}: ${message}`);
  }
}

/** True when `value` is an error of this library (of any code). */
export function isDataAccessError(value: unknown): value is DataAccessError {
  return value instanceof DataAccessError;
}
