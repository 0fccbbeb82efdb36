/**
 * Plan actions → DynamoDB request parameters. The same rendering serves a single PutItem /
 * UpdateItem / DeleteItem and an action inside TransactWriteItems, and the dry run of a plan.
 */
import type { TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { renderCondition, type Condition } from './condition.js';
import { ExpressionBuilder } from './expression.js';
import { WRITE_TOKEN_ATTRIBUTE, withWriteToken } from './storage-attributes.js';
import type { PlanAction, SetClause, UpdateSpec } from './write-plan.js';

export type TransactAction = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** The request parameters of one action (without `TableName`'s siblings that differ per command). */
export interface RenderedAction {
  readonly TableName: string;
  readonly Key?: Record<string, unknown>;
  readonly Item?: Record<string, unknown>;
  readonly UpdateExpression?: string;
  readonly ConditionExpression?: string;
  readonly ExpressionAttributeNames?: Record<string, string>;
  readonly ExpressionAttributeValues?: Record<string, unknown>;
}

/** The condition of an action: all of its requirements. */
export function conditionOf(action: PlanAction): Condition | undefined {
  const { requirements } = action;
  if (requirements.length <= 1) return requirements[0]?.condition;
  return { op: 'and', all: requirements.map((requirement) => requirement.condition) };
}

/** One SET clause (`#n0 = :v0`, or kept when present with `ifAbsent`). */
function setClause(clause: SetClause, builder: ExpressionBuilder): string {
  const path = builder.path(clause.path);
  const value = builder.value(clause.value);
  return clause.ifAbsent ? `${path} = if_not_exists(${path}, ${value})` : `${path} = ${value}`;
}

/**
 * The UpdateExpression of `update`, and of the write token when `token` is given (set last).
 * Every update renders one: loops that append, no arrays or copies of the spec.
 */
function renderUpdate(update: UpdateSpec, builder: ExpressionBuilder, token: string | undefined): string {
  let sets = '';
  for (const clause of update.set ?? []) sets += (sets === '' ? 'SET ' : ', ') + setClause(clause, builder);
  if (token !== undefined) sets += (sets === '' ? 'SET ' : ', ') + setClause({ path: WRITE_TOKEN_ATTRIBUTE, value: token }, builder);
  let removes = '';
  for (const path of update.remove ?? []) removes += (removes === '' ? 'REMOVE ' : ', ') + builder.path(path);
  let adds = '';
  const add = update.add ?? {};
  for (const name of Object.keys(add)) adds += `${adds === '' ? 'ADD ' : ', '}${builder.path(name)} ${builder.value(add[name])}`;
  let text = sets;
  if (removes !== '') text = text === '' ? removes : `${text} ${removes}`;
  if (adds !== '') text = text === '' ? adds : `${text} ${adds}`;
  return text;
}

/**
 * The parameters of `action`, a fresh object the caller may add to. An owner put or update
 * (`token` given) also stamps the plan's write token, so that a retry or a later read can
 * recognise the write as this plan's own.
 */
export function renderAction(tableName: string, action: PlanAction, token?: string): RenderedAction {
  const builder = new ExpressionBuilder();
  const condition = conditionOf(action);
  const base: Record<string, unknown> = { TableName: tableName };
  if (action.type === 'put') {
    base.Item = token === undefined ? { ...action.item } : withWriteToken(action.item, token);
  } else {
    base.Key = { ...action.key };
  }
  if (action.type === 'update') base.UpdateExpression = renderUpdate(action.update, builder, token);
  if (condition) base.ConditionExpression = renderCondition(condition, builder);
  return Object.assign(base, builder.attributes()) as unknown as RenderedAction;
}

/** The action as an item of TransactWriteItems. */
export function transactItemOf(tableName: string, action: PlanAction, token?: string): TransactAction {
  // renderAction's result is a fresh object: add to it rather than copy it.
  const params = Object.assign(renderAction(tableName, action, token), { ReturnValuesOnConditionCheckFailure: 'ALL_OLD' as const });
  switch (action.type) {
    case 'put':
      return { Put: params as NonNullable<TransactAction['Put']> };
    case 'update':
      return { Update: params as NonNullable<TransactAction['Update']> };
    case 'delete':
      return { Delete: params as NonNullable<TransactAction['Delete']> };
    default:
      return { ConditionCheck: params as NonNullable<TransactAction['ConditionCheck']> };
  }
}
