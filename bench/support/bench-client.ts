/**
 * The SDK client every contender of the bench gets, in the bench process and in its child
 * processes alike: a fresh DynamoDBClient as a user would build it, a count of the commands it
 * sends, the simulated round trip of `--rtt`, and a DocumentClient on it. (No import of the
 * DynamoDB Local launcher: the children load this.)
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { addSimulatedRoundTrip } from './round-trip.js';

/** Counts commands by name (`BatchWriteItemCommand`, …) at the SDK's initialize step. */
export class RequestCounter {
  readonly #counts = new Map<string, number>();

  add(name: string): void {
    this.#counts.set(name, (this.#counts.get(name) ?? 0) + 1);
  }

  /** Commands of `name`, or all commands. */
  count(name?: string): number {
    if (name !== undefined) return this.#counts.get(name) ?? 0;
    let total = 0;
    for (const value of this.#counts.values()) total += value;
    return total;
  }

  reset(): void {
    this.#counts.clear();
  }
}

/** One client as a user would build it, plus a DocumentClient on it and its command counter. */
export interface CountedClient {
  readonly client: DynamoDBClient;
  readonly doc: DynamoDBDocumentClient;
  readonly counter: RequestCounter;
}

/** DynamoDB Local takes any credentials and region. */
const LOCAL_ACCESS = { region: 'local', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } };

/** A fresh counted client of `endpoint`, each request delayed by `rttMs` (none for 0). */
export function benchClient(endpoint: string, rttMs: number, access: { region: string; credentials: { accessKeyId: string; secretAccessKey: string } } = LOCAL_ACCESS): CountedClient {
  const client = new DynamoDBClient({ endpoint, ...access });
  const counter = new RequestCounter();
  client.middlewareStack.add(
    (next, context) => (args) => {
      counter.add(String(context.commandName));
      return next(args);
    },
    { step: 'initialize', name: 'benchRequestCounter' },
  );
  addSimulatedRoundTrip(client, rttMs);
  return { client, doc: DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } }), counter };
}
