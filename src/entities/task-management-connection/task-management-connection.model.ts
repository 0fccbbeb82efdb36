/** The connection model: lifecycle moves, each conditioned on the state it leaves. */
import { ConcurrentModificationError, DataAccessError, ValidationError } from '../../errors/index.js';
import type { ValidationIssue } from '../../errors/index.js';
import type { Expectation, ModelAccessors } from '../../model/index.js';
import { BaseModel, resumable, when } from '../../model/index.js';
import type { ProviderErrorCode } from '../../provider-errors/index.js';
import { isProviderErrorCode } from '../../provider-errors/index.js';
import { WATERMARK_ENTITY } from '../sync-operation/watermarks.js';
import type { AttributesOf, ReferencesOf } from '../../schema/index.js';
import { isWellFormedText, issuesAt, readFields, UNREAD, UNREADABLE } from '../../schema/index.js';
import type { ConnectionStatus } from './constants.js';
import { CONNECTION_STATUSES, PROVIDERS } from './constants.js';
import type { TaskManagementConnectionSchema } from './task-management-connection.schema.js';

type A = AttributesOf<TaskManagementConnectionSchema>;
type R = ReferencesOf<TaskManagementConnectionSchema>;

const MAX_MESSAGE = 2000;
const DEFAULT_FAILURE_THRESHOLD = 3;
/** Codes that mean the user must authorize again: an active connection moves to requires_reauth at once. */
const REAUTH_CODES: ReadonlySet<ProviderErrorCode> = new Set(['AUTH_EXPIRED', 'AUTH_REVOKED']);
/** Rounds of recordCheck when concurrent checks keep changing what is due. */
const CHECK_ROUNDS = 5;

/** The outcome of one check of a connection (a test call to the tracker's API). */
export type ConnectionCheck = { ok: true } | { ok: false; errorCode: ProviderErrorCode; message: string };

/** Raised inside recordCheck when the stored counters say another variant of the write is due; never escapes. */
class Reconsider extends DataAccessError {
  constructor() {
    super('CONCURRENT_MODIFICATION', 'TaskManagementConnection: the check is decided again from the stored state');
  }
}

const CHECK_FIELDS = ['ok', 'errorCode', 'message'] as const;

/**
 * recordCheck()'s arguments read once, with the issues of every bad field; `check` and
 * `failureThreshold` are the copies the checks passed (set only when there are no issues).
 */
function readCheck(result: unknown, options: unknown): { check?: ConnectionCheck; failureThreshold?: number; issues: ValidationIssue[] } {
  const issues: ValidationIssue[] = [];
  // Any object but an array (as before: typeof alone would take an array).
  const read = readFields(result, CHECK_FIELDS, { plainOnly: false });
  let check: ConnectionCheck | undefined;
  if (read === UNREAD) issues.push({ path: 'result', message: UNREADABLE });
  else if (read === null) return { issues: [{ path: 'result', message: 'expected { ok: true } or { ok: false, errorCode, message }' }] };
  else {
    const { ok, errorCode, message } = read.values;
    for (const key of read.others) issues.push({ path: `result.${key}`, message: 'is not a check field' });
    if (ok === false) {
      issues.push(
        ...issuesAt('result.errorCode', errorCode, (code) => (isProviderErrorCode(code) && code !== 'ABANDONED' ? undefined : 'must be a provider error code (see PROVIDER_ERROR_CODES)')),
        ...issuesAt('result.message', message, (text) =>
          typeof text === 'string' && text.trim().length > 0 && text.length <= MAX_MESSAGE && isWellFormedText(text) ? undefined : `must be a non-empty string of at most ${MAX_MESSAGE} characters`,
        ),
      );
    } else {
      if (ok === UNREAD) issues.push({ path: 'result.ok', message: UNREADABLE });
      else if (ok !== true) issues.push({ path: 'result.ok', message: 'must be true or false' });
      const unreadable = (['errorCode', 'message'] as const).filter((name) => read.values[name] === UNREAD);
      for (const name of unreadable) issues.push({ path: `result.${name}`, message: UNREADABLE });
      if (ok === true && unreadable.length === 0 && (errorCode !== undefined || message !== undefined)) issues.push({ path: 'result', message: 'a successful check has no errorCode or message' });
    }
    check = ok === true ? { ok } : { ok: false, errorCode: errorCode as ProviderErrorCode, message: message as string };
  }
  let failureThreshold: number | undefined;
  if (options !== undefined) {
    // A plain object only (as isPlainObject decides): typeof calls an array or a Date 'object' too.
    const given = readFields(options, ['failureThreshold']);
    if (given === UNREAD) issues.push({ path: 'options', message: UNREADABLE });
    else if (given === null) issues.push({ path: 'options', message: 'expected { failureThreshold? }' });
    else {
      for (const key of given.others) issues.push({ path: `options.${key}`, message: 'is not a recordCheck() option' });
      const threshold = given.values.failureThreshold;
      issues.push(
        ...issuesAt('options.failureThreshold', threshold, (value) =>
          value === undefined || (typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= 100) ? undefined : 'must be an integer from 1 to 100',
        ),
      );
      failureThreshold = threshold as number | undefined;
    }
  }
  return issues.length > 0 ? { issues } : { check, failureThreshold, issues };
}

function checkMessage(message: unknown, required: boolean): string | undefined {
  if (message === undefined && !required) return undefined;
  if (typeof message !== 'string' || message.trim().length === 0 || !isWellFormedText(message)) {
    throw new ValidationError([{ path: 'message', message: 'must be a non-empty string' }], 'TaskManagementConnection');
  }
  if (message.length > MAX_MESSAGE) throw new ValidationError([{ path: 'message', message: `must have at most ${MAX_MESSAGE} characters` }], 'TaskManagementConnection');
  return message;
}

// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging -- getters and setters are generated on the prototype
export interface TaskManagementConnection extends ModelAccessors<A, R, TaskManagementConnection> {}

/**
 * An organization's connection to one tracker instance (Jira Cloud, Jira Data Center or GitHub).
 *
 * The status has no setter: it changes only through the `mark…` methods, each of which checks the
 * move against {@link CONNECTION_TRANSITIONS} (InvalidTransitionError) and conditions the write on
 * the status it leaves, so that of two racing moves only one lands.
 *
 * @example
 * ```ts
 * const connection = await da.TaskManagementConnection.findActiveByOrganizationAndProvider(organizationId, 'jira_cloud');
 * if (connection) {
 *   await connection.setDisplayName('Acme Jira (EU)').save();
 *   await connection.markRequiresReauth('the refresh token was revoked');
 * }
 * ```
 */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging -- see the interface above
export class TaskManagementConnection extends BaseModel<TaskManagementConnectionSchema> {
  /** {@link PROVIDERS}, at hand on the class. */
  static readonly PROVIDERS = PROVIDERS;
  /** {@link CONNECTION_STATUSES}, at hand on the class. */
  static readonly STATUSES = CONNECTION_STATUSES;

  /** True when the status is `active`: the only status in which tickets and syncs can be created. */
  isActive(): boolean {
    return this.getStatus() === 'active';
  }

  /**
   * A lifecycle move: conditioned on the status it leaves (ConcurrentModificationError when the
   * stored status changed since this copy was read), with the guards the move frees or claims.
   */
  async #move(status: ConnectionStatus, errorMessage: string | undefined, operation: string): Promise<this> {
    return this.write({ values: { status, errorMessage }, operation: `TaskManagementConnection.${operation}` });
  }

  /**
   * disabled | requires_reauth | error → active; clears the error message and the failure count.
   * From requires_reauth it is a re-authorization: connectedAt = now, and `reauthorizedBy` (who
   * authorized again) is recorded. ConflictError 'active-provider' while another connection of the
   * organization to the same provider is active.
   */
  async markActive(options: { reauthorizedBy?: string } = {}): Promise<this> {
    const issues: ValidationIssue[] = [];
    // Read once: the write uses the value that was checked.
    const given = readFields(options, ['reauthorizedBy']);
    const reauthorizedBy = given === null || given === UNREAD ? undefined : given.values.reauthorizedBy;
    if (given === UNREAD) issues.push({ path: 'options', message: UNREADABLE });
    else if (given === null) issues.push({ path: 'options', message: 'expected { reauthorizedBy? }' });
    else {
      for (const key of given.others) issues.push({ path: `options.${key}`, message: 'is not a markActive() option' });
      issues.push(
        ...issuesAt('options.reauthorizedBy', reauthorizedBy, (by) =>
          by === undefined || (typeof by === 'string' && by.length > 0 && by.length <= 255 && isWellFormedText(by)) ? undefined : 'must be a string of 1–255 characters',
        ),
      );
    }
    if (issues.length > 0) throw new ValidationError(issues, 'TaskManagementConnection');
    const by = reauthorizedBy as string | undefined;
    // The move is conditioned on the status it leaves, so "from requires_reauth" is the stored
    // state's; it is read when the write's turn comes (after calls queued before it).
    return this.write(() => {
      const reauthorized = this.getStatus() === 'requires_reauth' ? { connectedAt: new Date().toISOString(), ...(by ? { reauthorizedBy: by } : {}) } : {};
      return { values: { status: 'active', errorMessage: undefined, consecutiveFailures: 0, lastErrorCode: undefined, ...reauthorized }, operation: 'TaskManagementConnection.markActive' };
    });
  }

  /** → requires_reauth, with an optional message for the user. */
  async markRequiresReauth(message?: string): Promise<this> {
    return this.#move('requires_reauth', checkMessage(message, false), 'markRequiresReauth');
  }

  /** → disabled. */
  async markDisabled(): Promise<this> {
    return this.#move('disabled', undefined, 'markDisabled');
  }

  /** → error; the message is required and stored as errorMessage. */
  async markError(message: string): Promise<this> {
    return this.#move('error', checkMessage(message, true), 'markError');
  }

  /** → disconnected (terminal); frees the external-instance constraint in the same write. */
  async markDisconnected(): Promise<this> {
    return this.#move('disconnected', undefined, 'markDisconnected');
  }

  /** The sync watermark of an entity kind (`'issues'`, `'comments'`, …): up to when a completed sync has seen changes, or null. */
  getSyncWatermark(entity: string): string | null {
    if (typeof entity !== 'string' || !WATERMARK_ENTITY.test(entity)) {
      throw new ValidationError([{ path: 'entity', message: 'must be 1–64 of a–z 0–9 _ - starting with a letter' }], 'TaskManagementConnection');
    }
    const watermarks = this.getSyncWatermarks();
    // An own key only: 'constructor' passes the pattern and would read Object.prototype's.
    return Object.hasOwn(watermarks, entity) ? (watermarks[entity] ?? null) : null;
  }

  /**
   * Records the outcome of a check of the connection (a test call to the tracker).
   * - ok: lastVerifiedAt = now, consecutiveFailures = 0, lastErrorCode cleared.
   * - failure: consecutiveFailures + 1 — an atomic counter, so concurrent checks all count —,
   *   lastErrorCode and errorMessage; AUTH_EXPIRED / AUTH_REVOKED move an active connection to
   *   requires_reauth at once, any other code moves it to error once consecutiveFailures reaches
   *   `failureThreshold` (1–100, default 3) — in the same write.
   * The write is decided from the stored counters and status, whatever this copy holds.
   *
   * @example
   * ```ts
   * const response = await fetch(`${jiraBase}/rest/api/3/myself`, { headers });
   * await connection.recordCheck(response.ok ? { ok: true } : { ok: false, ...classifyProviderError({ provider: 'jira_cloud', status: response.status }), message: `HTTP ${response.status}` });
   * ```
   */
  async recordCheck(given: ConnectionCheck, options: { failureThreshold?: number } = {}): Promise<this> {
    // Read once: the write is decided from the copies that were checked.
    const { check: result, failureThreshold, issues } = readCheck(given, options);
    if (issues.length > 0 || !result) throw new ValidationError(issues, 'TaskManagementConnection');
    const operation = 'TaskManagementConnection.recordCheck';
    if (result.ok) {
      // Bookkeeping: no updatedAt stamp. Applied once: a repeat after a lost response would wipe
      // a failure another check counted in between.
      return this.write({ values: { lastVerifiedAt: new Date().toISOString(), consecutiveFailures: 0, lastErrorCode: undefined }, stamp: false, once: true, operation });
    }
    const threshold = failureThreshold ?? DEFAULT_FAILURE_THRESHOLD;
    const reauth = REAUTH_CODES.has(result.errorCode);
    const target = reauth ? 'requires_reauth' : 'error';
    const reconsider = () => new Reconsider();
    // A move is due when the stored connection is active and (an auth code, or) this failure reaches the threshold.
    const countReaches = threshold <= 1 ? undefined : when.ge('consecutiveFailures', threshold - 1);
    const due = reauth || countReaches === undefined ? when.eq('status', 'active') : when.and(when.eq('status', 'active'), countReaches);
    const notDue: Expectation = {
      condition: reauth || countReaches === undefined ? when.ne('status', 'active') : when.or(when.ne('status', 'active'), when.lt('consecutiveFailures', threshold - 1), when.lacks('consecutiveFailures')),
      error: reconsider,
    };
    const failure = { errorMessage: result.message, lastErrorCode: result.errorCode };
    // Rounds after the first run after an await: still this operation (onEvent counts them in it).
    const within = resumable();
    for (let round = 0; round < CHECK_ROUNDS; round += 1) {
      let carriesChanges = false;
      try {
        // Decided when the write's turn comes, from the copy as the calls before it left it.
        return await within(() => this.write(() => {
          carriesChanges = this.hasChanges();
          return this.getStatus() === 'active' && (reauth || this.getConsecutiveFailures() + 1 >= threshold)
            ? { values: Object.assign({}, failure, { status: target }), add: { consecutiveFailures: 1 }, expect: [{ condition: due, error: reconsider }], operation }
            : { values: failure, add: { consecutiveFailures: 1 }, expect: [notDue], stamp: false, operation };
        }));
      } catch (error) {
        if (!(error instanceof Reconsider || error instanceof ConcurrentModificationError)) throw error;
        // Setter changes rode along under the optimistic check: the record changed since this copy
        // was read, so they are refused — never rebased onto the stored record by a reload.
        if (carriesChanges) throw error instanceof ConcurrentModificationError ? error : new ConcurrentModificationError('TaskManagementConnection', this.getId());
        // The stored state differs from this copy's: decide again from what is stored.
        await within(() => this.reload());
      }
    }
    throw new ConcurrentModificationError('TaskManagementConnection', this.getId());
  }

  /**
   * lastUsedAt = now. Bookkeeping: it neither needs nor invalidates other copies (no updatedAt
   * stamp) — but setter changes of this copy that ride along are checked like save() checks them.
   */
  async touch(): Promise<this> {
    return this.write({ values: { lastUsedAt: new Date().toISOString() }, stamp: false, operation: 'TaskManagementConnection.touch' });
  }
}
