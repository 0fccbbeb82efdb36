import { ProvisionedThroughputExceededException } from '@aws-sdk/client-dynamodb';
import { expect } from 'chai';
import { DataAccessError } from '../../../src/errors/index.js';
import type { WriteRequest } from '../../../src/store/batch-write.js';
import { BATCH_WRITE_LIMIT, batchWrite } from '../../../src/store/batch-write.js';
import { awsError, delays, fakeStore, sentCommands, TABLE } from './fake-context.js';

function put(i: number, extra: Record<string, unknown> = {}): WriteRequest {
  return { PutRequest: { Item: { pk: `item#${i}`, sk: 'row', n: i, ...extra } } };
}

function del(i: number): WriteRequest {
  return { DeleteRequest: { Key: { pk: `item#${i}`, sk: 'row' } } };
}

function throttled(): Error {
  return new ProvisionedThroughputExceededException({ message: 'slow down', $metadata: { httpStatusCode: 400 } });
}

/** The requests of the BatchWriteItem call the stub received as call `n`. */
function requestsOf(send: ReturnType<typeof fakeStore>['send'], n: number): WriteRequest[] {
  const command = sentCommands(send)[n];
  const items = command?.input.RequestItems as Record<string, WriteRequest[]>;
  return items[TABLE] ?? [];
}

function unprocessed(requests: readonly WriteRequest[]) {
  return { UnprocessedItems: { [TABLE]: [...requests] } };
}

describe('store/batchWrite', function () {
  it('sends 60 requests as 3 BatchWriteItem calls of 25, 25 and 10', async function () {
    const { context, send, sleep } = fakeStore();
    send.resolves({});
    const requests = Array.from({ length: 60 }, (_, i) => put(i));
    const report = await batchWrite(context, requests);
    expect(report).to.deep.equal({ failed: [], requestCount: 3 });
    const sent = sentCommands(send);
    expect(sent.map((command) => command.name)).to.deep.equal(['BatchWriteCommand', 'BatchWriteCommand', 'BatchWriteCommand']);
    expect(sent.every((command) => Object.keys(command.input.RequestItems as object).join() === TABLE)).to.equal(true);
    expect([0, 1, 2].map((n) => requestsOf(send, n).length)).to.deep.equal([25, 25, 10]);
    expect([0, 1, 2].flatMap((n) => requestsOf(send, n))).to.deep.equal(requests);
    expect(sleep.called).to.equal(false);
    expect(BATCH_WRITE_LIMIT).to.equal(25);
  });

  it('sends nothing for an empty list', async function () {
    const { context, send } = fakeStore();
    expect(await batchWrite(context, [])).to.deep.equal({ failed: [], requestCount: 0 });
    expect(send.called).to.equal(false);
  });

  it('writes deletes the same way as puts', async function () {
    const { context, send } = fakeStore();
    send.resolves({ UnprocessedItems: {} });
    const requests = [del(1), put(2), del(3)];
    expect(await batchWrite(context, requests)).to.deep.equal({ failed: [], requestCount: 1 });
    expect(requestsOf(send, 0)).to.deep.equal(requests);
  });

  it('resends only the unprocessed items, with backoff, until they are written', async function () {
    const { context, send, sleep } = fakeStore({ maxAttempts: 5, baseDelayMs: 100, random: () => 0.5 });
    const requests = Array.from({ length: 10 }, (_, i) => put(i));
    send.onCall(0).resolves(unprocessed([requests[3]!, requests[7]!]));
    send.onCall(1).resolves(unprocessed([requests[7]!]));
    send.onCall(2).resolves({ UnprocessedItems: { [TABLE]: [] } });
    const report = await batchWrite(context, requests);
    expect(report).to.deep.equal({ failed: [], requestCount: 3 });
    expect(requestsOf(send, 0)).to.deep.equal(requests);
    expect(requestsOf(send, 1)).to.deep.equal([requests[3], requests[7]]);
    expect(requestsOf(send, 2)).to.deep.equal([requests[7]]);
    expect(delays(sleep)).to.deep.equal([50, 100]);
  });

  it('reports items still unprocessed after maxAttempts in `failed` with a DATASTORE error', async function () {
    const { context, send, sleep, logger } = fakeStore({ maxAttempts: 3 });
    const requests = Array.from({ length: 5 }, (_, i) => put(i));
    const stuck = [requests[1]!, requests[4]!];
    send.resolves(unprocessed(stuck));
    const report = await batchWrite(context, requests);
    // The first call made progress (3 of 5 written); the budget bounds the 3 calls in a row without.
    expect(send.callCount).to.equal(4);
    expect(report.requestCount).to.equal(4);
    expect(report.failed.map((f) => f.request)).to.deep.equal(stuck);
    for (const { error } of report.failed) {
      expect(error).to.be.instanceOf(DataAccessError);
      expect(error.code).to.equal('DATASTORE');
      expect(error.message).to.contain('2 item(s) unprocessed after 4 attempts (3 in a row without progress)');
      expect(error.cause).to.equal(undefined);
    }
    expect(sleep.callCount).to.equal(3);
    expect(logger.warn.callCount).to.equal(1);
  });

  it('retries a thrown throttling error and resends the same requests', async function () {
    const { context, send, sleep } = fakeStore();
    const requests = [put(1), put(2)];
    send.onCall(0).rejects(throttled());
    send.onCall(1).resolves({});
    const report = await batchWrite(context, requests);
    expect(report).to.deep.equal({ failed: [], requestCount: 2 });
    expect(requestsOf(send, 1)).to.deep.equal(requests);
    expect(delays(sleep)).to.deep.equal([50]);
  });

  it('fails the items with the last throttling error as cause when throttling outlasts the budget', async function () {
    const { context, send, logger } = fakeStore({ maxAttempts: 4 });
    const errors = [throttled(), throttled(), throttled(), throttled()];
    errors.forEach((error, i) => send.onCall(i).rejects(error));
    const requests = [put(1), put(2), put(3)];
    const report = await batchWrite(context, requests);
    expect(report.requestCount).to.equal(4);
    expect(report.failed.map((f) => f.request)).to.deep.equal(requests);
    const error = report.failed[0]!.error;
    expect(error.code).to.equal('DATASTORE');
    expect(error.cause).to.equal(errors[3]);
    expect(error.message).to.equal('BatchWriteItem failed: ProvisionedThroughputExceededException');
    expect(logger.warn.callCount).to.equal(1);
  });

  it("fails a chunk's items at once on a non-transient error, with the error as cause, and writes the other chunks", async function () {
    const { context, send, sleep, logger } = fakeStore();
    const fatal = awsError('ValidationException');
    send.callsFake((command: { input: { RequestItems: Record<string, WriteRequest[]> } }) => {
      const first = command.input.RequestItems[TABLE]![0] as { PutRequest: { Item: { n: number } } };
      return first.PutRequest.Item.n === 25 ? Promise.reject(fatal) : Promise.resolve({});
    });
    const requests = Array.from({ length: 60 }, (_, i) => put(i));
    const report = await batchWrite(context, requests);
    expect(report.requestCount).to.equal(3);
    expect(report.failed.map((f) => f.request)).to.deep.equal(requests.slice(25, 50));
    for (const { error } of report.failed) {
      expect(error).to.be.instanceOf(DataAccessError);
      expect(error.code).to.equal('DATASTORE');
      expect(error.cause).to.equal(fatal);
    }
    expect(sleep.called).to.equal(false);
    expect(logger.warn.callCount).to.equal(1);
  });

  it('fails only the still-pending items when a non-transient error follows a partial write', async function () {
    const { context, send } = fakeStore();
    const requests = [put(1), put(2), put(3)];
    const fatal = awsError('ValidationException');
    send.onCall(0).resolves(unprocessed([requests[2]!]));
    send.onCall(1).rejects(fatal);
    const report = await batchWrite(context, requests);
    expect(report.requestCount).to.equal(2);
    expect(report.failed).to.have.length(1);
    expect(report.failed[0]!.request).to.deep.equal(requests[2]);
    expect(report.failed[0]!.error.cause).to.equal(fatal);
  });

  it('reports the last outcome: unprocessed items after an earlier throttle get the "unprocessed" error, not the throttle', async function () {
    const { context, send } = fakeStore({ maxAttempts: 3 });
    const requests = [put(1), put(2)];
    send.onCall(0).rejects(throttled());
    send.onCall(1).resolves(unprocessed([requests[0]!]));
    send.onCall(2).resolves(unprocessed([requests[0]!]));
    send.onCall(3).resolves(unprocessed([requests[0]!]));
    send.onCall(4).resolves(unprocessed([requests[0]!]));
    const report = await batchWrite(context, requests);
    // Call 1 made progress (one of two written): the budget then bounds the 3 calls in a row without.
    expect(report.requestCount).to.equal(5);
    expect(report.failed).to.have.length(1);
    expect(report.failed[0]!.error.cause).to.equal(undefined);
    expect(report.failed[0]!.error.message).to.contain('unprocessed after 5 attempts (3 in a row without progress)');
  });

  it('counts every call, retries included, across chunks', async function () {
    const { context, send } = fakeStore({ maxAttempts: 5 });
    const requests = Array.from({ length: 30 }, (_, i) => put(i));
    // Chunk 1 (items 0..24): one unprocessed round, then done. Chunk 2 (items 25..29): one throttle, then done.
    let chunkOneCalls = 0;
    let chunkTwoCalls = 0;
    send.callsFake((command: { input: { RequestItems: Record<string, WriteRequest[]> } }) => {
      const batch = command.input.RequestItems[TABLE]!;
      const first = batch[0] as { PutRequest: { Item: { n: number } } };
      if (first.PutRequest.Item.n >= 25) {
        chunkTwoCalls += 1;
        return chunkTwoCalls === 1 ? Promise.reject(throttled()) : Promise.resolve({});
      }
      chunkOneCalls += 1;
      return Promise.resolve(chunkOneCalls === 1 ? unprocessed(batch.slice(20)) : {});
    });
    const report = await batchWrite(context, requests);
    expect(report).to.deep.equal({ failed: [], requestCount: 4 });
    expect(send.callCount).to.equal(4);
  });

  it('keeps at most `concurrency` BatchWriteItem calls in flight', async function () {
    const { context, send } = fakeStore({ concurrency: 2 });
    let inFlight = 0;
    let peak = 0;
    send.callsFake(async () => {
      inFlight += 1;
      peak = Math.max(peak, inFlight);
      await new Promise((resolve) => setImmediate(resolve));
      inFlight -= 1;
      return {};
    });
    const report = await batchWrite(
      context,
      Array.from({ length: 250 }, (_, i) => put(i)),
    );
    expect(report).to.deep.equal({ failed: [], requestCount: 10 });
    expect(peak).to.equal(2);
  });

  it('warns when it gives up, without any item value in the log call', async function () {
    const { context, send, logger } = fakeStore({ maxAttempts: 2 });
    const secret = 'oauth-token-7f3a9c1e-SECRET';
    const requests = [put(1, { accessToken: secret }), put(2, { accessToken: secret })];
    send.resolves(unprocessed(requests));
    const report = await batchWrite(context, requests);
    expect(report.failed).to.have.length(2);
    expect(logger.warn.callCount).to.equal(1);
    const args = logger.warn.firstCall.args as unknown[];
    expect(args[1]).to.deep.include({ count: 2, code: 'DATASTORE' });
    const logged = JSON.stringify(args);
    expect(logged).to.not.contain(secret);
    expect(logged).to.not.contain('item#1');
    expect(logged).to.not.contain('item#2');
    for (const { error } of report.failed) expect(error.message).to.not.contain(secret);
    expect(logger.error.called || logger.info.called || logger.debug.called).to.equal(false);
  });

  it('does not log when everything is written', async function () {
    const { context, send, logger } = fakeStore();
    send.onCall(0).resolves(unprocessed([put(1)]));
    send.onCall(1).resolves({});
    await batchWrite(context, [put(1), put(2)]);
    expect(logger.warn.called).to.equal(false);
  });
});
