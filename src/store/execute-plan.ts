/**
 * Executes write plans — the only code that turns a plan into requests.
 *
 * - One action that is not a check (nor one that must apply once, see appliesOnce) → one
 *   PutItem / UpdateItem / DeleteItem; more → one TransactWriteItems (at most 100 actions, no
 *   item twice).
 * - Transient failures are retried (see retry.ts) under one ClientRequestToken per transaction;
 *   the owner carries the plan's write token, so a retry that meets its own earlier write (a lost
 *   response) is recognised as success, and when the retries run out one consistent read of the
 *   owner settles whether the write landed.
 * - A refusal is explained by evaluating each failed action's requirements against the item
 *   DynamoDB returned: the first that does not hold says what it means (an error, "already
 *   landed", "drop this action", "replace this group"). Drops and replacements are retried in
 *   further rounds; errors are reported by rank, and conflicts on one constraint are merged so
 *   that every colliding value is named.
 */
import { randomUUID } from 'node:crypto';
import type { DeleteCommandOutput, PutCommandOutput, UpdateCommandOutput } from '@aws-sdk/lib-dynamodb';
import { DeleteCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ConflictError, DataAccessError } from '../errors/index.js';
import { holds } from './condition.js';
import type { StoreContext } from './context.js';
import { countLanded } from './context.js';
import { getItem } from './get-item.js';
import { plainItem } from './item-shape.js';
import { toDataAccessError } from './map-error.js';
import type { RenderedAction } from './render-action.js';
import { renderAction, transactItemOf } from './render-action.js';
import { isTransientError, withRetry } from './retry.js';
import { send } from './send.js';
import { WRITE_TOKEN_ATTRIBUTE } from './storage-attributes.js';
import { TRANSACTION_LIMIT, transactWrite } from './transact-write.js';
import type { Outcome, PlanAction, PlanResult, StoredItem, WritePlan } from './write-plan.js';
import { OWNER_SLOT } from './write-plan.js';

/** One refused action and the item as it stood. */
interface Refusal {
  readonly action: PlanAction;
  readonly item: StoredItem | undefined;
}

type Attempt = { readonly written: true; readonly item: StoredItem | undefined } | { readonly written: false; readonly refusals: readonly Refusal[] };

const DEFAULT_RANK = 100;

function ownerOf(actions: readonly PlanAction[]): PlanAction | undefined {
  return actions.find((action) => action.slot === OWNER_SLOT);
}

/** Whether the action writes the plan's token: puts and updates of records (deletes and checks cannot). */
function carriesToken(action: PlanAction): boolean {
  return (action.record === true || action.slot === OWNER_SLOT) && (action.type === 'put' || action.type === 'update');
}

/** Whether the token on this action's item proves the plan landed: only the owner's does. */
function stampsToken(action: PlanAction): boolean {
  return action.slot === OWNER_SLOT && carriesToken(action);
}

/** Items the actions write (a check writes none): what a landed plan wrote. */
function writtenItems(actions: readonly PlanAction[]): number {
  return actions.filter((action) => action.type !== 'check').length;
}

function isConditionFailure(error: unknown): error is { Item?: unknown } {
  return typeof error === 'object' && error !== null && (error as { name?: unknown }).name === 'ConditionalCheckFailedException';
}

const COMMANDS = { put: [PutCommand, 'PutItem'], update: [UpdateCommand, 'UpdateItem'], delete: [DeleteCommand, 'DeleteItem'] } as const;

/**
 * Whether a repeat of the action must not apply again (see PlanAction.once). A counter (`ADD`)
 * always: once another process wrote the item, a retry no longer sees its own token and would
 * add again.
 */
function appliesOnce(action: PlanAction): boolean {
  return action.once === true || (action.type === 'update' && action.update.add !== undefined);
}

async function sendSingle(context: StoreContext, plan: WritePlan, action: PlanAction & { type: 'put' | 'update' | 'delete' }): Promise<Attempt> {
  const token = carriesToken(action) ? plan.token : undefined;
  const [Command, requestName] = COMMANDS[action.type];
  const input = Object.assign(renderAction(context.tableName, action, token), { ReturnValuesOnConditionCheckFailure: 'ALL_OLD' as const }) as RenderedAction & { ReturnValues?: 'ALL_NEW' };
  // The owner's new item costs no request on a single update: ask for it unless it is discarded.
  if (action.type === 'update' && (plan.readBack || (action.slot === OWNER_SLOT && !plan.discardItem))) input.ReturnValues = 'ALL_NEW';
  try {
    const output = await withRetry(
      () => send<PutCommandOutput & UpdateCommandOutput & DeleteCommandOutput>(context, new Command(input as never)),
      context.retry,
    );
    if (action.type === 'put') return { written: true, item: (input as { Item: StoredItem }).Item };
    return { written: true, item: output.Attributes };
  } catch (error) {
    if (isConditionFailure(error)) return { written: false, refusals: [{ action, item: plainItem(error.Item) }] };
    throw toDataAccessError(error, requestName);
  }
}

async function sendTransaction(context: StoreContext, plan: WritePlan, actions: readonly PlanAction[], round: number): Promise<Attempt> {
  if (actions.length > TRANSACTION_LIMIT) {
    throw new DataAccessError('UNSUPPORTED', `${plan.operation}: a transaction holds at most ${TRANSACTION_LIMIT} actions, got ${actions.length}`);
  }
  const items = actions.map((action) => transactItemOf(context.tableName, action, carriesToken(action) ? plan.token : undefined));
  // The same token for every attempt of one round; a later round sends other actions, so a new one.
  const outcome = await transactWrite(context, items, round === 0 ? plan.token : randomUUID());
  if (outcome.committed) return { written: true, item: undefined };
  const refusals = outcome.reasons.flatMap((reason, i) => {
    const action = actions[i];
    return reason.code === 'ConditionalCheckFailed' && action ? [{ action, item: reason.item }] : [];
  });
  if (refusals.length === 0) throw new DataAccessError('DATASTORE', `${plan.operation}: the transaction was cancelled for a reason none of its actions explains`);
  return { written: false, refusals };
}

/**
 * After the retries ran out (or the connection failed) the write may still have landed: one
 * consistent read of the owner tells. Resolves the owner's item when it did, undefined when not sure.
 */
async function settle(context: StoreContext, plan: WritePlan, actions: readonly PlanAction[]): Promise<{ item: StoredItem | undefined } | undefined> {
  const owner = ownerOf(actions);
  if (!owner || owner.type === 'check') return undefined;
  let item: StoredItem | undefined;
  try {
    item = await getItem(context, owner.key, { consistent: true });
  } catch {
    return undefined;
  }
  if (owner.type === 'delete') return item === undefined ? { item } : undefined;
  return item?.[WRITE_TOKEN_ATTRIBUTE] === plan.token ? { item } : undefined;
}

/** What one refused action means. */
function meaningOf(plan: WritePlan, refusal: Refusal): Outcome {
  const { action, item } = refusal;
  if (stampsToken(action) && item?.[WRITE_TOKEN_ATTRIBUTE] === plan.token) return { kind: 'landed' };
  const failed = action.requirements.find((requirement) => !holds(requirement.condition, item));
  if (failed) return failed.failure(item);
  if (action.otherwise) return action.otherwise(item);
  return { kind: 'error', error: new DataAccessError('DATASTORE', `${plan.operation}: DynamoDB refused the condition of ${action.slot}, which holds on the item it returned`) };
}

/** The error reported for several refusals: the lowest rank, with every value of the same conflict. */
function reportedError(errors: readonly { action: PlanAction; error: DataAccessError }[]): DataAccessError {
  const ranked = [...errors].sort((a, b) => (a.action.rank ?? DEFAULT_RANK) - (b.action.rank ?? DEFAULT_RANK));
  const first = (ranked[0] as (typeof ranked)[number]).error;
  if (!(first instanceof ConflictError)) return first;
  const same = ranked.map((entry) => entry.error).filter((error): error is ConflictError => error instanceof ConflictError && error.constraint === first.constraint);
  if (same.length < 2) return first;
  const values = [...new Set(same.flatMap((error) => error.conflictingValues))];
  return new ConflictError(first.constraint, `${first.message}${values.length > 1 ? ` (${values.length} values)` : ''}`, values);
}

/** The actions of the next round: dropped ones left out, replaced groups swapped. */
function nextActions(actions: readonly PlanAction[], decisions: readonly { action: PlanAction; outcome: Outcome }[]): PlanAction[] {
  let next = [...actions];
  for (const { action, outcome } of decisions) {
    if (outcome.kind === 'drop') next = next.filter((candidate) => candidate !== action);
    if (outcome.kind === 'replace') {
      next = next.filter((candidate) => candidate !== action && (action.group === undefined || candidate.group !== action.group));
      next.push(...outcome.actions);
    }
  }
  return next;
}

/**
 * The owner's item as stored after a write that landed (a transaction hands none back). Undefined
 * when that read fails: the write landed all the same, and that is what the caller must hear — a
 * failure here would have it send the write again, against its own landed change (a false
 * ConcurrentModificationError). The caller settles its copy from what it wrote.
 */
async function readOwner(context: StoreContext, plan: WritePlan, actions: readonly PlanAction[]): Promise<StoredItem | undefined> {
  const owner = ownerOf(actions);
  if (!owner) return undefined;
  try {
    return await getItem(context, owner.key, { consistent: true });
  } catch (error) {
    const code = error instanceof DataAccessError ? error.code : 'DATASTORE';
    context.logger.warn(`${plan.operation}: the write landed, but reading the item back failed; the copy is settled from what was written`, { code });
    return undefined;
  }
}

/** Sends `plan`; resolves when it is written (or had already landed), rejects with what a refusal means. */
export async function executePlan(context: StoreContext, plan: WritePlan): Promise<PlanResult> {
  let actions = plan.actions;
  const maxRounds = Math.min(2 * actions.length + 4, 50);
  for (let round = 0; round < maxRounds; round += 1) {
    if (actions.length === 0) return { item: undefined };
    // A further round sends the same logical write again, adapted to what a concurrent change left.
    if (round > 0) context.retry.onRetry?.();
    const only = actions.length === 1 ? actions[0] : undefined;
    const single = only !== undefined && only.type !== 'check' && !appliesOnce(only) ? only : undefined;
    let attempt: Attempt;
    try {
      attempt = single ? await sendSingle(context, plan, single) : await sendTransaction(context, plan, actions, round);
    } catch (error) {
      // Only a request that may have reached the table (it failed transiently) can have landed.
      const uncertain = error instanceof DataAccessError && error.code === 'DATASTORE' && isTransientError(error.cause);
      const settled = uncertain ? await settle(context, plan, actions) : undefined;
      if (!settled) throw error;
      countLanded(context, writtenItems(actions));
      return settled;
    }
    if (attempt.written) {
      const item = plan.readBack && (!single || single.type !== 'update') && attempt.item === undefined ? await readOwner(context, plan, actions) : attempt.item;
      return { item };
    }
    const decisions = attempt.refusals.map((refusal) => ({ action: refusal.action, item: refusal.item, outcome: meaningOf(plan, refusal) }));
    const landed = decisions.find((decision) => decision.outcome.kind === 'landed');
    if (landed) countLanded(context, writtenItems(actions));
    if (landed) return { item: plan.readBack ? (single ? landed.item : await readOwner(context, plan, actions)) : undefined };
    const errors = decisions.flatMap(({ action, outcome }) => (outcome.kind === 'error' ? [{ action, error: outcome.error }] : []));
    if (errors.length > 0) throw reportedError(errors);
    actions = nextActions(actions, decisions);
  }
  throw new DataAccessError('DATASTORE', `${plan.operation}: the conditions of the write kept changing; try again`);
}
