/**
 * What each request of a run costs, twice: as DynamoDB Local reports it (the events carry those
 * figures) and as real DynamoDB bills it. The two agree for single-item writes, batch writes and
 * reads (checked against DynamoDB Local: 1 write unit per KB for the table and 1 per GSI row; 0.5
 * read unit per 4 KB, eventually consistent). They differ for TransactWriteItems: DynamoDB Local
 * reports one flat figure per transaction (2 units per table or index it touches, however many
 * items), while AWS bills 2 write units per KB for every action — a ConditionCheck included — plus
 * the GSI rows written. This middleware computes the AWS figure for transactions from the items
 * (it keeps a shadow of every item it has seen written or read, for the size and GSIs of the items
 * a transaction updates, deletes or checks) and takes DynamoDB Local's own figure for the rest.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { indexesOf, itemSize } from './item-size.js';

type Json = Record<string, unknown>;
type Handler = (args: { input: Json }) => Promise<{ output: Json }>;

const KB = 1024;

/** Read and write units, as DynamoDB Local reports them and as AWS bills them. */
export interface Units {
  localRead: number;
  localWrite: number;
  awsRead: number;
  awsWrite: number;
}

export const noUnits = (): Units => ({ localRead: 0, localWrite: 0, awsRead: 0, awsWrite: 0 });

interface Shadow {
  readonly bytes: number;
  readonly indexes: number;
}

const READS = new Set(['GetItem', 'BatchGetItem', 'Query', 'Scan']);

function keyOf(key: Json): string {
  return `${String(key.pk)}\u0000${String(key.sk)}`;
}

function totalOf(consumed: unknown): number {
  const entries = Array.isArray(consumed) ? (consumed as Json[]) : consumed ? [consumed as Json] : [];
  return entries.reduce((sum, entry) => sum + (typeof entry.CapacityUnits === 'number' ? entry.CapacityUnits : 0), 0);
}

/** Sums the units of every request sent through the clients it is installed on, into `bucket`. */
export class UnitMeter {
  bucket: Units = noUnits();
  readonly #shadow = new Map<string, Shadow>();
  readonly #gsiCount: number;

  constructor(gsiCount: number) {
    this.#gsiCount = gsiCount;
  }

  install(client: DynamoDBClient): void {
    const stack = client.middlewareStack as unknown as { add(middleware: (next: Handler, context: { commandName?: string }) => Handler, options: Json): void };
    stack.add(
      (next, context) => async (args) => {
        const command = (context.commandName ?? '').replace(/Command$/, '');
        const result = await next(args);
        this.#count(command, args.input, result.output);
        return result;
      },
      { step: 'initialize', name: 'costModelUnits', override: true },
    );
  }

  #remember(item: unknown): void {
    if (typeof item !== 'object' || item === null) return;
    const record = item as Json;
    if (record.pk === undefined) return;
    this.#shadow.set(keyOf(record), { bytes: itemSize(record), indexes: indexesOf(record, this.#gsiCount) });
  }

  #count(command: string, input: Json, output: Json): void {
    const local = totalOf(output.ConsumedCapacity);
    if (READS.has(command)) {
      this.bucket.localRead += local;
      this.bucket.awsRead += local;
      // A projected read (existsById reads one attribute) says nothing about the item's size.
      if (input.ProjectionExpression === undefined) this.#learnFromRead(command, output);
      return;
    }
    this.bucket.localWrite += local;
    this.bucket.awsWrite += command === 'TransactWriteItems' ? this.#transaction(input) : local;
    this.#learnFromWrite(command, input, output);
  }

  /** AWS: 2 write units per KB of each action's item, for the table and for each GSI row it writes. */
  #transaction(input: Json): number {
    let units = 0;
    for (const action of (input.TransactItems ?? []) as Json[]) {
      const [kind, body] = Object.entries(action)[0] as [string, Json];
      const stored = kind === 'Put' ? { bytes: itemSize(body.Item as Json), indexes: indexesOf(body.Item as Json, this.#gsiCount) } : this.#shadow.get(keyOf(body.Key as Json));
      const perKb = Math.max(1, Math.ceil((stored?.bytes ?? 1) / KB));
      units += 2 * perKb * (1 + (kind === 'ConditionCheck' ? 0 : (stored?.indexes ?? 0)));
      if (kind === 'Put') this.#remember(body.Item);
      if (kind === 'Delete') this.#shadow.delete(keyOf(body.Key as Json));
    }
    return units;
  }

  #learnFromRead(command: string, output: Json): void {
    if (command === 'GetItem') this.#remember(output.Item);
    if (command === 'Query' || command === 'Scan') for (const item of (output.Items ?? []) as unknown[]) this.#remember(item);
    if (command === 'BatchGetItem') for (const items of Object.values((output.Responses ?? {}) as Record<string, unknown[]>)) for (const item of items) this.#remember(item);
  }

  #learnFromWrite(command: string, input: Json, output: Json): void {
    if (command === 'PutItem') this.#remember(input.Item);
    if (command === 'UpdateItem') this.#remember(output.Attributes);
    if (command === 'DeleteItem') this.#shadow.delete(keyOf(input.Key as Json));
    if (command === 'BatchWriteItem') {
      for (const requests of Object.values((input.RequestItems ?? {}) as Record<string, Json[]>)) {
        for (const request of requests) {
          const put = request.PutRequest as { Item: Json } | undefined;
          const remove = request.DeleteRequest as { Key: Json } | undefined;
          if (put) this.#remember(put.Item);
          if (remove) this.#shadow.delete(keyOf(remove.Key));
        }
      }
    }
  }
}
