/**
 * What one DynamoDB request cost: the capacity units DynamoDB reported and the items it read or
 * wrote. Commands are recognised by their class (the DocumentClient commands `store/` builds),
 * never by `constructor.name`, which a minifying bundler renames.
 */
import {
  BatchGetCommand,
  BatchWriteCommand,
  DeleteCommand,
  GetCommand,
  PutCommand,
  QueryCommand,
  ScanCommand,
  TransactGetCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';

type Json = Record<string, unknown>;

/** Capacity units and items of one request. */
export interface RequestCost {
  readonly read: number;
  readonly write: number;
  readonly items: number;
}

interface CommandSpec {
  /** Where a bare `CapacityUnits` goes when DynamoDB does not split it into read and write units. */
  readonly kind: 'read' | 'write';
  /** Items read or written by a request that succeeded. */
  readonly items: (input: Json, output: Json) => number;
}

const NOTHING: RequestCost = Object.freeze({ read: 0, write: 0, items: 0 });

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null;
}

function lengthOf(value: unknown): number {
  return Array.isArray(value) ? value.length : 0;
}

function numberOf(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** The sum of `count` over the values of a per-table map (`Responses`, `RequestItems`, `UnprocessedItems`). */
function perTable(map: unknown, count: (value: unknown) => number): number {
  if (!isObject(map)) return 0;
  let total = 0;
  for (const value of Object.values(map)) total += count(value);
  return total;
}

const one = (): number => 1;
const listedItems = (_input: Json, output: Json): number => lengthOf(output.Items);

const SPECS: ReadonlyMap<unknown, CommandSpec> = new Map<unknown, CommandSpec>([
  [GetCommand, { kind: 'read', items: (_input, output) => (output.Item === undefined ? 0 : 1) }],
  [QueryCommand, { kind: 'read', items: listedItems }],
  [ScanCommand, { kind: 'read', items: listedItems }],
  [BatchGetCommand, { kind: 'read', items: (_input, output) => perTable(output.Responses, lengthOf) }],
  [
    TransactGetCommand,
    { kind: 'read', items: (_input, output) => (Array.isArray(output.Responses) ? output.Responses.filter((r) => isObject(r) && r.Item !== undefined).length : 0) },
  ],
  [PutCommand, { kind: 'write', items: one }],
  [UpdateCommand, { kind: 'write', items: one }],
  [DeleteCommand, { kind: 'write', items: one }],
  // What DynamoDB hands back unprocessed was not written.
  [BatchWriteCommand, { kind: 'write', items: (input, output) => perTable(input.RequestItems, lengthOf) - perTable(output.UnprocessedItems, lengthOf) }],
  // A ConditionCheck reads an item; it writes nothing.
  [
    TransactWriteCommand,
    { kind: 'write', items: (input) => (Array.isArray(input.TransactItems) ? input.TransactItems.filter((a) => !(isObject(a) && 'ConditionCheck' in a)).length : 0) },
  ],
]);

function specOf(command: object): CommandSpec | undefined {
  return SPECS.get(command.constructor);
}

/**
 * Asks DynamoDB to report the request's consumed capacity (`ReturnConsumedCapacity: 'TOTAL'`),
 * on the command's own input (the low-level command shares that object). A request that already
 * asks for it, or whose input cannot take it, is left alone.
 */
export function askForCapacity(command: { readonly input: object }): void {
  const input = command.input as Json;
  if (specOf(command) === undefined || !Object.isExtensible(input) || input.ReturnConsumedCapacity !== undefined) return;
  input.ReturnConsumedCapacity = 'TOTAL';
}

/**
 * Capacity units of a `ConsumedCapacity` (one object, or one per table): DynamoDB's own read and
 * write split when it gives one, otherwise the total counted as the command's kind.
 */
export function capacityOf(kind: 'read' | 'write', consumed: unknown): { read: number; write: number } {
  const entries = Array.isArray(consumed) ? (consumed as unknown[]) : [consumed];
  let read = 0;
  let write = 0;
  for (const entry of entries) {
    if (!isObject(entry)) continue;
    const reads = numberOf(entry.ReadCapacityUnits);
    const writes = numberOf(entry.WriteCapacityUnits);
    if (reads !== undefined || writes !== undefined) {
      read += reads ?? 0;
      write += writes ?? 0;
      continue;
    }
    const total = numberOf(entry.CapacityUnits) ?? 0;
    if (kind === 'read') read += total;
    else write += total;
  }
  return { read, write };
}

/**
 * What a settled request cost. A failed request wrote and returned nothing; its capacity is read
 * from the error when DynamoDB put it there (today's SDK exposes none on a failed condition or a
 * cancelled transaction, although DynamoDB bills them).
 */
export function costOf(command: { readonly input: object }, output: unknown, error: unknown): RequestCost {
  const spec = specOf(command);
  if (spec === undefined) return NOTHING;
  const failed = error !== undefined;
  const source = failed ? error : output;
  const { read, write } = capacityOf(spec.kind, isObject(source) ? source.ConsumedCapacity : undefined);
  const items = failed || !isObject(output) ? 0 : spec.items(command.input as Json, output);
  return { read, write, items };
}
