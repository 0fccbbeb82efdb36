import { ProvisionedThroughputExceededException } from '@aws-sdk/client-dynamodb';
import { expect } from 'chai';
import { DataAccessError } from '../../../src/errors/index.js';
import { BATCH_GET_LIMIT, batchGet } from '../../../src/store/batch-get.js';
import type { ItemKey } from '../../../src/store/keys.js';
import { awsError, delays, fakeStore, sentCommands, TABLE } from './fake-context.js';

function key(i: number, sk = 'row'): ItemKey {
  return { pk: `item#${i}`, sk };
}

function itemOf(k: ItemKey): Record<string, unknown> {
  return { ...k, value: `v-${k.pk}-${k.sk}` };
}

interface GetInput {
  RequestItems: Record<string, { Keys: ItemKey[] }>;
}

function keysOf(send: ReturnType<typeof fakeStore>['send'], n: number): ItemKey[] {
  const input = sentCommands(send)[n]!.input as unknown as GetInput;
  return input.RequestItems[TABLE]!.Keys;
}

/** A table that holds an item for every key it is asked for. */
function answerEverything(command: { input: GetInput }) {
  return Promise.resolve({ Responses: { [TABLE]: command.input.RequestItems[TABLE]!.Keys.map(itemOf) } });
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => expect.fail('expected a rejection'),
    (error: unknown) => error,
  );
}

describe('store/batchGet', function () {
  it('sends each distinct key once and returns the items found', async function () {
    const { context, send } = fakeStore();
    send.callsFake(answerEverything);
    const keys = [key(1), key(2), key(1), key(3), key(2), key(1, 'other')];
    const items = await batchGet(context, keys);
    expect(send.callCount).to.equal(1);
    expect(sentCommands(send)[0]!.name).to.equal('BatchGetCommand');
    expect(keysOf(send, 0)).to.deep.equal([key(1), key(2), key(3), key(1, 'other')]);
    expect(items).to.deep.equal([key(1), key(2), key(3), key(1, 'other')].map(itemOf));
  });

  it('sends 250 keys as 3 BatchGetItem calls of 100, 100 and 50', async function () {
    const { context, send } = fakeStore();
    send.callsFake(answerEverything);
    const keys = Array.from({ length: 250 }, (_, i) => key(i));
    const items = await batchGet(context, keys);
    expect([0, 1, 2].map((n) => keysOf(send, n).length)).to.deep.equal([100, 100, 50]);
    expect(items).to.have.length(250);
    expect(new Set(items.map((item) => item.pk)).size).to.equal(250);
    expect(BATCH_GET_LIMIT).to.equal(100);
  });

  it('returns nothing, without a request, for no keys', async function () {
    const { context, send } = fakeStore();
    expect(await batchGet(context, [])).to.deep.equal([]);
    expect(send.called).to.equal(false);
  });

  it('leaves missing items out (no Responses at all means none found)', async function () {
    const { context, send } = fakeStore();
    send.onCall(0).resolves({});
    expect(await batchGet(context, [key(1), key(2)])).to.deep.equal([]);
    send.onCall(1).resolves({ Responses: { [TABLE]: [itemOf(key(2))] } });
    expect(await batchGet(context, [key(1), key(2)])).to.deep.equal([itemOf(key(2))]);
  });

  it('asks again for exactly the unprocessed keys, with backoff, and returns every item', async function () {
    const { context, send, sleep } = fakeStore({ maxAttempts: 4, baseDelayMs: 100, random: () => 0.5 });
    const keys = Array.from({ length: 50 }, (_, i) => key(i));
    const held = keys.slice(40);
    send.onCall(0).resolves({ Responses: { [TABLE]: keys.slice(0, 40).map(itemOf) }, UnprocessedKeys: { [TABLE]: { Keys: held } } });
    send.onCall(1).resolves({ Responses: { [TABLE]: held.slice(0, 5).map(itemOf) }, UnprocessedKeys: { [TABLE]: { Keys: held.slice(5) } } });
    send.onCall(2).resolves({ Responses: { [TABLE]: held.slice(5).map(itemOf) }, UnprocessedKeys: {} });
    const items = await batchGet(context, keys);
    expect(send.callCount).to.equal(3);
    expect(keysOf(send, 1)).to.deep.equal(held);
    expect(keysOf(send, 2)).to.deep.equal(held.slice(5));
    expect(items).to.deep.equal(keys.map(itemOf));
    expect(delays(sleep)).to.deep.equal([50, 100]);
  });

  it('throws DATASTORE when keys are still unread after the retry budget', async function () {
    const { context, send } = fakeStore({ maxAttempts: 3 });
    const keys = [key(1), key(2), key(3)];
    send.resolves({ Responses: { [TABLE]: [] }, UnprocessedKeys: { [TABLE]: { Keys: [key(2)] } } });
    const error = await rejection(batchGet(context, keys));
    expect(error).to.be.instanceOf(DataAccessError);
    expect((error as DataAccessError).code).to.equal('DATASTORE');
    // The first call made progress (2 of 3 keys read); the budget bounds the 3 calls in a row without.
    expect((error as DataAccessError).message).to.contain('1 key(s) unread after 4 attempts (3 in a row without progress)');
    expect((error as DataAccessError).cause).to.equal(undefined);
    expect(send.callCount).to.equal(4);
  });

  it('throws DATASTORE with the error as cause at once on a non-transient error', async function () {
    const { context, send, sleep } = fakeStore({ maxAttempts: 5 });
    const fatal = awsError('ValidationException');
    send.rejects(fatal);
    const error = await rejection(batchGet(context, [key(1)]));
    expect(error).to.be.instanceOf(DataAccessError);
    expect((error as DataAccessError).code).to.equal('DATASTORE');
    expect((error as DataAccessError).cause).to.equal(fatal);
    expect((error as DataAccessError).message).to.equal('BatchGetItem failed: ValidationException');
    expect(send.callCount).to.equal(1);
    expect(sleep.called).to.equal(false);
  });

  it('retries a thrown throttling error and keeps what earlier attempts found', async function () {
    const { context, send } = fakeStore();
    const keys = [key(1), key(2)];
    send.onCall(0).resolves({ Responses: { [TABLE]: [itemOf(key(1))] }, UnprocessedKeys: { [TABLE]: { Keys: [key(2)] } } });
    send.onCall(1).rejects(new ProvisionedThroughputExceededException({ message: 'slow', $metadata: {} }));
    send.onCall(2).resolves({ Responses: { [TABLE]: [itemOf(key(2))] } });
    expect(await batchGet(context, keys)).to.deep.equal([itemOf(key(1)), itemOf(key(2))]);
    expect(keysOf(send, 2)).to.deep.equal([key(2)]);
  });

  it('throws DATASTORE with the last transient error as cause when throttling outlasts the budget', async function () {
    const { context, send } = fakeStore({ maxAttempts: 3 });
    const errors = [0, 1, 2].map(() => new ProvisionedThroughputExceededException({ message: 'slow', $metadata: {} }));
    errors.forEach((error, i) => send.onCall(i).rejects(error));
    const error = await rejection(batchGet(context, [key(1)]));
    expect((error as DataAccessError).code).to.equal('DATASTORE');
    expect((error as DataAccessError).cause).to.equal(errors[2]);
    expect(send.callCount).to.equal(3);
  });

  it('reports unread keys, not an earlier throttle, when the last attempt left keys unprocessed', async function () {
    const { context, send } = fakeStore({ maxAttempts: 2 });
    send.onCall(0).rejects(new ProvisionedThroughputExceededException({ message: 'slow', $metadata: {} }));
    send.onCall(1).resolves({ UnprocessedKeys: { [TABLE]: { Keys: [key(1)] } } });
    const error = await rejection(batchGet(context, [key(1)]));
    expect((error as DataAccessError).cause).to.equal(undefined);
    expect((error as DataAccessError).message).to.contain('unread after 2 attempts');
  });

  it('fails the whole read when one of several chunks fails', async function () {
    const { context, send } = fakeStore();
    const fatal = awsError('ValidationException');
    send.callsFake((command: { input: GetInput }) =>
      command.input.RequestItems[TABLE]!.Keys[0]!.pk === 'item#100' ? Promise.reject(fatal) : answerEverything(command),
    );
    const error = await rejection(batchGet(context, Array.from({ length: 150 }, (_, i) => key(i))));
    expect((error as DataAccessError).cause).to.equal(fatal);
  });
});
