/** The connection model: lifecycle moves, each conditioned on the state it leaves. */
import { ValidationError } from '../../errors/index.js';
import type { ModelAccessors } from '../../model/index.js';
import { BaseModel } from '../../model/index.js';
import type { AttributesOf, ReferencesOf } from '../../schema/index.js';
import { isWellFormedText } from '../../schema/index.js';
import type { ConnectionStatus } from './constants.js';
import { CONNECTION_STATUSES, PROVIDERS } from './constants.js';
import type { TaskManagementConnectionSchema } from './task-management-connection.schema.js';

type A = AttributesOf<TaskManagementConnectionSchema>;
type R = ReferencesOf<TaskManagementConnectionSchema>;

const MAX_MESSAGE = 2000;

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

  /** disabled | requires_reauth | error → active; clears the error message. */
  async markActive(): Promise<this> {
    return this.#move('active', undefined, 'markActive');
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

  /**
   * lastUsedAt = now. Bookkeeping: it neither needs nor invalidates other copies (no updatedAt
   * stamp) — but setter changes of this copy that ride along are checked like save() checks them.
   */
  async touch(): Promise<this> {
    return this.write({ values: { lastUsedAt: new Date().toISOString() }, stamp: false, operation: 'TaskManagementConnection.touch' });
  }
}
