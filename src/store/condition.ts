/**
 * Conditions as data. A condition renders to a DynamoDB ConditionExpression and also evaluates
 * locally against an item, so that when DynamoDB refuses a write and hands back the item as it
 * stood (ReturnValuesOnConditionCheckFailure: ALL_OLD), the library can tell *which* requirement
 * failed — by evaluating, never by counting positions or parsing messages.
 */
import type { AttributePath } from './expression.js';
import { ExpressionBuilder } from './expression.js';

type Item = Readonly<Record<string, unknown>>;
type Comparison = 'eq' | 'ne' | 'lt' | 'le' | 'gt' | 'ge';

export type Condition =
  /** The item exists (its partition key is present). */
  | { readonly op: 'exists' }
  /** The item does not exist. */
  | { readonly op: 'absent' }
  /** The attribute is present. */
  | { readonly op: 'has'; readonly path: AttributePath }
  /** The attribute is absent. */
  | { readonly op: 'lacks'; readonly path: AttributePath }
  | { readonly op: Comparison; readonly path: AttributePath; readonly value: string | number | boolean }
  | { readonly op: 'and'; readonly all: readonly Condition[] }
  | { readonly op: 'or'; readonly any: readonly Condition[] };

const OPERATORS: Readonly<Record<Comparison, string>> = { eq: '=', ne: '<>', lt: '<', le: '<=', gt: '>', ge: '>=' };

/** Condition builders. */
export const when = {
  exists: (): Condition => ({ op: 'exists' }),
  absent: (): Condition => ({ op: 'absent' }),
  has: (path: AttributePath): Condition => ({ op: 'has', path }),
  lacks: (path: AttributePath): Condition => ({ op: 'lacks', path }),
  eq: (path: AttributePath, value: string | number | boolean): Condition => ({ op: 'eq', path, value }),
  ne: (path: AttributePath, value: string | number | boolean): Condition => ({ op: 'ne', path, value }),
  lt: (path: AttributePath, value: string | number): Condition => ({ op: 'lt', path, value }),
  le: (path: AttributePath, value: string | number): Condition => ({ op: 'le', path, value }),
  gt: (path: AttributePath, value: string | number): Condition => ({ op: 'gt', path, value }),
  ge: (path: AttributePath, value: string | number): Condition => ({ op: 'ge', path, value }),
  and: (...all: Condition[]): Condition => ({ op: 'and', all }),
  or: (...any: Condition[]): Condition => ({ op: 'or', any }),
  /** The attribute equals `value`, or is absent when `value` is undefined or null (what a record without it reads as). */
  is: (path: AttributePath, value: unknown): Condition =>
    value === undefined || value === null ? { op: 'lacks', path } : { op: 'eq', path, value: value as string | number | boolean },
};

/** The key attribute every item of the table has: `attribute_exists(pk)` means "the item exists". */
const PARTITION_KEY = 'pk';

/** Renders `condition` with placeholders drawn from `builder`. */
export function renderCondition(condition: Condition, builder: ExpressionBuilder): string {
  switch (condition.op) {
    case 'exists':
      return `attribute_exists(${builder.path(PARTITION_KEY)})`;
    case 'absent':
      return `attribute_not_exists(${builder.path(PARTITION_KEY)})`;
    case 'has':
      return `attribute_exists(${builder.path(condition.path)})`;
    case 'lacks':
      return `attribute_not_exists(${builder.path(condition.path)})`;
    case 'and':
      return joined(condition.all, ' AND ', builder);
    case 'or':
      return joined(condition.any, ' OR ', builder);
    default:
      return `${builder.path(condition.path)} ${OPERATORS[condition.op]} ${builder.value(condition.value)}`;
  }
}

/** The parts rendered in order, joined by `separator`; a compound part in parentheses. Every write renders one: a loop, no arrays. */
function joined(parts: readonly Condition[], separator: string, builder: ExpressionBuilder): string {
  let text = '';
  for (let i = 0; i < parts.length; i += 1) {
    const part = parts[i] as Condition;
    const rendered = renderCondition(part, builder);
    text += (i === 0 ? '' : separator) + (part.op === 'and' || part.op === 'or' ? `(${rendered})` : rendered);
  }
  return text;
}

function read(item: Item, path: AttributePath): unknown {
  let value: unknown = item;
  for (const name of typeof path === 'string' ? [path] : path) {
    if (typeof value !== 'object' || value === null || !Object.hasOwn(value, name)) return undefined;
    value = (value as Item)[name];
  }
  return value;
}

/**
 * DynamoDB compares numbers with numbers and strings with strings; any other pairing (a missing
 * attribute included) is false — except `<>`, which holds.
 */
function compare(op: Comparison, stored: unknown, value: string | number | boolean): boolean {
  if (stored === undefined || typeof stored !== typeof value) return op === 'ne';
  const a = stored as string | number | boolean;
  switch (op) {
    case 'eq':
      return a === value;
    case 'ne':
      return a !== value;
    case 'lt':
      return a < value;
    case 'le':
      return a <= value;
    case 'gt':
      return a > value;
    default:
      return a >= value;
  }
}

/** Evaluates `condition` against `item` (undefined: the item does not exist) as DynamoDB would. */
export function holds(condition: Condition, item: Item | undefined): boolean {
  switch (condition.op) {
    case 'exists':
      return item !== undefined;
    case 'absent':
      return item === undefined;
    case 'and':
      return condition.all.every((part) => holds(part, item));
    case 'or':
      return condition.any.some((part) => holds(part, item));
    case 'has':
      return item !== undefined && read(item, condition.path) !== undefined;
    case 'lacks':
      return item === undefined || read(item, condition.path) === undefined;
    default:
      return item !== undefined && compare(condition.op, read(item, condition.path), condition.value);
  }
}

/** Renders a standalone condition (tests and dry runs). */
export function conditionExpression(condition: Condition): { ConditionExpression: string } & ReturnType<ExpressionBuilder['attributes']> {
  const builder = new ExpressionBuilder();
  const ConditionExpression = renderCondition(condition, builder);
  return { ConditionExpression, ...builder.attributes() };
}
