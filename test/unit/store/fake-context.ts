/**
 * A StoreContext for unit tests of src/store: the AWS SDK is replaced by a `doc` whose `send` is
 * a sinon stub, retries sleep through a stub that resolves at once (recording each delay) and
 * jitter is fixed, so every retry path is deterministic and fast.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import sinon from 'sinon';
import type { SinonStub } from 'sinon';
import type { Logger, RetryPolicy, StoreContext } from '../../../src/store/context.js';

export const TABLE = 'unit-table';

export interface FakeStore {
  readonly context: StoreContext;
  /** Stands in for `DynamoDBDocumentClient.send`. */
  readonly send: SinonStub;
  readonly sleep: SinonStub;
  readonly logger: { [K in keyof Logger]: SinonStub };
  readonly retry: RetryPolicy;
}

export interface FakeOptions {
  readonly maxAttempts?: number;
  readonly baseDelayMs?: number;
  readonly maxDelayMs?: number;
  readonly random?: () => number;
  readonly concurrency?: number;
}

export function fakeStore(options: FakeOptions = {}): FakeStore {
  const send = sinon.stub();
  const sleep = sinon.stub().resolves();
  const logger = { debug: sinon.stub(), info: sinon.stub(), warn: sinon.stub(), error: sinon.stub() };
  const retry: RetryPolicy = {
    maxAttempts: options.maxAttempts ?? 4,
    baseDelayMs: options.baseDelayMs ?? 100,
    maxDelayMs: options.maxDelayMs ?? 1_000,
    random: options.random ?? (() => 0.5),
    sleep,
  };
  const context: StoreContext = {
    doc: { send } as unknown as DynamoDBDocumentClient,
    tableName: TABLE,
    logger,
    retry,
    encryption: undefined,
    concurrency: options.concurrency ?? 8,
  };
  return { context, send, sleep, logger, retry };
}

/** A command as the stub received it. */
export interface SentCommand {
  readonly name: string;
  readonly input: Record<string, unknown>;
}

export function sentCommands(send: SinonStub): SentCommand[] {
  return send.getCalls().map((call) => {
    const command = call.args[0] as { constructor: { name: string }; input: Record<string, unknown> };
    return { name: command.constructor.name, input: command.input };
  });
}

/** The delays handed to `sleep`, in order. */
export function delays(sleep: SinonStub): number[] {
  return sleep.getCalls().map((call) => call.args[0] as number);
}

/** An error shaped like the SDK's service exceptions. */
export function awsError(name: string, extra: Record<string, unknown> = {}): Error {
  return Object.assign(new Error(`${name} (injected)`), { name, $metadata: { httpStatusCode: 400 }, ...extra });
}
