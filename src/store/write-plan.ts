/**
 * A write described as data before it is a request. Every write of the library — create, save, a
 * lifecycle move, a cascade step, a nonce consumption, a token rotation — is a {@link WritePlan}:
 * actions on items, each tagged with a semantic slot (`owner`, `guard:<name>`, `parent:<Entity>`,
 * `fence`, …) and carrying its requirements, each of which says what it means when it fails.
 * `store/` alone executes plans ({@link executePlan}): it picks PutItem / UpdateItem /
 * DeleteItem / TransactWriteItems, keeps one token across attempts, retries, settles lost
 * responses and explains refusals by evaluating each requirement against the item DynamoDB hands
 * back — never by counting positions.
 */
import type { DataAccessError } from '../errors/index.js';
import type { Condition } from './condition.js';
import type { AttributePath } from './expression.js';
import type { ItemKey } from './keys.js';

export type StoredItem = Readonly<Record<string, unknown>>;

/** What a failed requirement means. */
export type Outcome =
  /** The write is refused: throw this. */
  | { readonly kind: 'error'; readonly error: DataAccessError }
  /** The plan's own earlier attempt already landed (a lost response): success. */
  | { readonly kind: 'landed' }
  /** Leave this action out and try the rest again (e.g. releasing a guard someone else holds now). */
  | { readonly kind: 'drop' }
  /** Replace this action's group with these actions and try again (decided from the item as stored). */
  | { readonly kind: 'replace'; readonly actions: readonly PlanAction[] };

/** Maps the item as it stood (undefined: it does not exist) to what the failure means. */
export type FailureMeaning = (item: StoredItem | undefined) => Outcome;

/** One condition of an action and what it means when it does not hold. */
export interface Requirement {
  readonly condition: Condition;
  readonly failure: FailureMeaning;
}

/** A SET of one attribute path; `ifAbsent` keeps a value already stored. */
export interface SetClause {
  readonly path: AttributePath;
  readonly value: unknown;
  readonly ifAbsent?: boolean;
}

/** The changes of an update. */
export interface UpdateSpec {
  readonly set?: readonly SetClause[];
  readonly remove?: readonly AttributePath[];
  /** Atomic counters: `ADD name :delta`. */
  readonly add?: Readonly<Record<string, number>>;
}

interface ActionBase {
  /** What the action is for: `owner`, `guard:<constraint>`, `parent:<Entity>`, `fence`, … */
  readonly slot: string;
  readonly key: ItemKey;
  /** Conditions, all of which must hold; on a refusal the first that does not hold explains it. */
  readonly requirements: readonly Requirement[];
  /** Actions that come and go together (an owner and its guards): `replace` swaps the whole group. */
  readonly group?: string;
  /** Which refusal is reported when several actions fail: the lowest rank (default: 100). */
  readonly rank?: number;
  /**
   * What a refusal means when every requirement holds on the item DynamoDB returned (a condition
   * the item as returned cannot show, such as one on a value changed in the same instant).
   */
  readonly otherwise?: FailureMeaning;
  /**
   * An entity record (not a guard): a put or update of it carries the plan's write token, so
   * every record's `__w` names the write that last changed it.
   */
  readonly record?: boolean;
  /**
   * The write must never apply twice. A repeat of a write whose response was lost can land after
   * another process wrote the item — a condition can no longer tell it from a new write (the other
   * write replaced the token), so a blind change would undo that later write. Such an action is
   * sent as a transaction even alone: its ClientRequestToken makes DynamoDB apply it once and
   * answer a repeat with success, whatever was written in between.
   */
  readonly once?: boolean;
}

export type PlanAction =
  | (ActionBase & { readonly type: 'put'; readonly item: StoredItem })
  | (ActionBase & { readonly type: 'update'; readonly update: UpdateSpec })
  | (ActionBase & { readonly type: 'delete' })
  | (ActionBase & { readonly type: 'check' });

/** The slot of the item a plan is about: its write token is stamped on it and recognised on it. */
export const OWNER_SLOT = 'owner';

export interface WritePlan {
  /** For messages: `Ticket.create`, `SyncOperation.complete`, … */
  readonly operation: string;
  readonly actions: readonly PlanAction[];
  /**
   * Stamped (`__w`) on every record the plan puts or updates: on the owner, a retry that meets it
   * knows its own earlier attempt landed, and a read after the retries ran out settles a lost
   * response.
   */
  readonly token: string;
  /** Return the owner's item as stored after the write (ALL_NEW, or a consistent read after a transaction). */
  readonly readBack?: boolean;
  /**
   * The caller needs nothing back (a batch that reports outcomes, not records): the owner's
   * update does not ask for its new item, which DynamoDB would send and the client would parse.
   */
  readonly discardItem?: boolean;
}

/** What an executed plan did. */
export interface PlanResult {
  /** The owner's item after the write, when `readBack` asked for it (undefined if it is gone). */
  readonly item: StoredItem | undefined;
}

/** Builds an `error` outcome. */
export function refuse(error: DataAccessError): Outcome {
  return { kind: 'error', error };
}

export const LANDED: Outcome = Object.freeze({ kind: 'landed' });
export const DROP: Outcome = Object.freeze({ kind: 'drop' });
