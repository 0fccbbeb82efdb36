/** The event `createDataAccess({ onEvent })` receives once per public operation. */
import type { ConflictConstraint, DataAccessErrorCode } from '../../errors/index.js';

/**
 * What one public operation cost, handed to `onEvent` once it settled. It carries names and
 * counts only — never an attribute value, an id or a secret — so it can go to any metrics or
 * tracing backend as it is.
 *
 * @example
 * ```ts
 * const da = createDataAccess({ tableName, client, onEvent: (event) => console.log(event) });
 * await da.Ticket.findById(ticketId);
 * // { operation: 'Ticket.findById', entity: 'Ticket', durationMs: 3.1, requests: 1, retries: 0,
 * //   consumedCapacity: { read: 0.5, write: 0 }, items: 1, outcome: 'ok' }
 * ```
 */
export interface OperationEvent {
  /** `<entity>.<method>`: `'Ticket.createWithSuggestions'`, `'TaskManagementConnection.findById'`, … */
  readonly operation: string;
  /** The entity whose collection or model the method was called on. */
  readonly entity: string;
  /** From the call to the moment its promise settled, in milliseconds. */
  readonly durationMs: number;
  /** DynamoDB requests the library sent for the operation, its own re-sends included (the AWS SDK's internal attempts are not). */
  readonly requests: number;
  /**
   * Requests the library sent again: unprocessed batch items, throttling and transient errors
   * the SDK gave up on, transaction conflicts, and further rounds of a write whose conditions met
   * a concurrent change. Included in `requests`.
   */
  readonly retries: number;
  /** Capacity units DynamoDB reported for the operation's requests, split by reads and writes. */
  readonly consumedCapacity: { readonly read: number; readonly write: number };
  /** Items DynamoDB returned (reads) plus items written (the library's guard and fence items included). */
  readonly items: number;
  /** `'error'` when the operation's promise rejected. */
  readonly outcome: 'ok' | 'error';
  /** The `code` of the DataAccessError the operation rejected with (absent for anything else). */
  readonly errorCode?: DataAccessErrorCode;
  /** The `constraint` of the ConflictError the operation rejected with. */
  readonly constraint?: ConflictConstraint;
}

/** The `onEvent` listener of `createDataAccess`. A listener that throws or rejects never breaks the operation. */
export type OperationListener = (event: OperationEvent) => void;
