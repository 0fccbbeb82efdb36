import type { CancellationReason as SdkCancellationReason } from '@aws-sdk/client-dynamodb';
import { ProvisionedThroughputExceededException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { expect } from 'chai';
import { DataAccessError } from '../../../src/errors/index.js';
import type { TransactAction } from '../../../src/store/transact-write.js';
import { TRANSACTION_LIMIT, transactWrite } from '../../../src/store/transact-write.js';
import { awsError, delays, fakeStore, sentCommands, TABLE } from './fake-context.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

function putAction(i: number): TransactAction {
  return {
    Put: { TableName: TABLE, Item: { pk: `item#${i}`, sk: 'row', n: i }, ConditionExpression: 'attribute_not_exists(pk)' },
  };
}

function cancelled(reasons: SdkCancellationReason[]): TransactionCanceledException {
  return new TransactionCanceledException({
    message: `Transaction cancelled, please refer cancellation reasons for specific reasons [${reasons.map((r) => r.Code).join(', ')}]`,
    $metadata: { httpStatusCode: 400 },
    CancellationReasons: reasons,
  });
}

function throttled() {
  return new ProvisionedThroughputExceededException({ message: 'slow', $metadata: { httpStatusCode: 400 } });
}

function tokensSent(send: ReturnType<typeof fakeStore>['send']): unknown[] {
  return sentCommands(send).map((command) => command.input.ClientRequestToken);
}

async function rejection(promise: Promise<unknown>): Promise<DataAccessError> {
  return promise.then(
    () => expect.fail('expected a rejection'),
    (error: unknown) => error as DataAccessError,
  );
}

describe('store/transactWrite', function () {
  it('sends the actions as one TransactWriteCommand with the given ClientRequestToken', async function () {
    const { context, send } = fakeStore();
    send.resolves({});
    const actions = [putAction(1), putAction(2)];
    expect(await transactWrite(context, actions, 'token-1')).to.deep.equal({ committed: true });
    const sent = sentCommands(send);
    expect(sent).to.have.length(1);
    expect(sent[0]!.name).to.equal('TransactWriteCommand');
    expect(sent[0]!.input).to.deep.equal({ TransactItems: actions, ClientRequestToken: 'token-1' });
  });

  it('makes up a fresh UUID token per logical write when none is given', async function () {
    const { context, send } = fakeStore();
    send.resolves({});
    await transactWrite(context, [putAction(1)]);
    await transactWrite(context, [putAction(1)]);
    const [first, second] = tokensSent(send);
    expect(first).to.match(UUID);
    expect(second).to.match(UUID);
    expect(first).to.not.equal(second);
  });

  it('reuses the same token when it retries a thrown throttling error', async function () {
    const { context, send, sleep } = fakeStore();
    send.onCall(0).rejects(throttled());
    send.onCall(1).rejects(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }));
    send.onCall(2).resolves({});
    expect(await transactWrite(context, [putAction(1)])).to.deep.equal({ committed: true });
    const tokens = tokensSent(send);
    expect(tokens).to.have.length(3);
    expect(new Set(tokens).size).to.equal(1);
    expect(tokens[0]).to.match(UUID);
    expect(delays(sleep)).to.deep.equal([50, 100]);
  });

  it('retries, under the same token, a cancellation whose reasons are only TransactionConflict/None', async function () {
    const { context, send, sleep } = fakeStore();
    send.onCall(0).rejects(cancelled([{ Code: 'None' }, { Code: 'TransactionConflict', Message: 'conflict' }]));
    send.onCall(1).resolves({});
    expect(await transactWrite(context, [putAction(1), putAction(2)], 'tok')).to.deep.equal({ committed: true });
    expect(tokensSent(send)).to.deep.equal(['tok', 'tok']);
    expect(sleep.callCount).to.equal(1);
  });

  it('retries cancellations caused by throttling reasons too', async function () {
    const { context, send } = fakeStore();
    send.onCall(0).rejects(cancelled([{ Code: 'ThrottlingError' }, { Code: 'None' }]));
    send.onCall(1).rejects(cancelled([{ Code: 'ProvisionedThroughputExceeded' }]));
    send.onCall(2).rejects(cancelled([{ Code: 'RequestLimitExceeded' }]));
    send.onCall(3).resolves({});
    expect(await transactWrite(context, [putAction(1)], 'tok')).to.deep.equal({ committed: true });
    expect(send.callCount).to.equal(4);
  });

  it('resolves { committed: false, reasons } with unmarshalled items when a condition failed', async function () {
    const { context, send, sleep } = fakeStore();
    send.rejects(
      cancelled([
        { Code: 'None' },
        { Code: 'ConditionalCheckFailed', Message: 'The conditional request failed', Item: { ownerId: { S: 'x' }, pk: { S: 'g#1' }, n: { N: '5' } } },
        {},
      ]),
    );
    const outcome = await transactWrite(context, [putAction(1), putAction(2), putAction(3)]);
    expect(outcome).to.deep.equal({
      committed: false,
      reasons: [
        { code: 'None', item: undefined },
        { code: 'ConditionalCheckFailed', item: { ownerId: 'x', pk: 'g#1', n: 5 } },
        { code: 'None', item: undefined },
      ],
    });
    expect(send.callCount).to.equal(1);
    expect(sleep.called).to.equal(false);
  });

  it('reports a failed condition even when other actions hit transient conflicts', async function () {
    const { context, send } = fakeStore();
    send.rejects(cancelled([{ Code: 'TransactionConflict' }, { Code: 'ConditionalCheckFailed', Item: { ownerId: { S: 'y' } } }]));
    const outcome = await transactWrite(context, [putAction(1), putAction(2)]);
    expect(outcome.committed).to.equal(false);
    expect(send.callCount).to.equal(1);
  });

  it('commits an empty action list without a request', async function () {
    const { context, send } = fakeStore();
    expect(await transactWrite(context, [])).to.deep.equal({ committed: true });
    expect(send.called).to.equal(false);
  });

  it('sends exactly 100 actions, and refuses 101 with UNSUPPORTED before any request', async function () {
    const { context, send } = fakeStore();
    send.resolves({});
    expect(TRANSACTION_LIMIT).to.equal(100);
    const hundred = Array.from({ length: 100 }, (_, i) => putAction(i));
    expect(await transactWrite(context, hundred)).to.deep.equal({ committed: true });
    expect(send.callCount).to.equal(1);
    const error = await rejection(transactWrite(context, [...hundred, putAction(100)]));
    expect(error).to.be.instanceOf(DataAccessError);
    expect(error.code).to.equal('UNSUPPORTED');
    expect(error.message).to.contain('101');
    expect(send.callCount).to.equal(1);
  });

  it('throws DATASTORE with the error as cause, without retrying, on a non-transient error', async function () {
    const { context, send, sleep } = fakeStore();
    const fatal = awsError('ValidationException');
    send.rejects(fatal);
    const error = await rejection(transactWrite(context, [putAction(1)]));
    expect(error).to.be.instanceOf(DataAccessError);
    expect(error.code).to.equal('DATASTORE');
    expect(error.cause).to.equal(fatal);
    expect(error.message).to.equal('TransactWriteItems failed: ValidationException');
    expect(send.callCount).to.equal(1);
    expect(sleep.called).to.equal(false);
  });

  it('does not retry a cancellation caused by a non-transient reason', async function () {
    const { context, send } = fakeStore();
    const error = cancelled([{ Code: 'None' }, { Code: 'ValidationError', Message: 'item too large' }]);
    send.rejects(error);
    const thrown = await rejection(transactWrite(context, [putAction(1), putAction(2)]));
    expect(thrown.code).to.equal('DATASTORE');
    expect(thrown.cause).to.equal(error);
    expect(send.callCount).to.equal(1);
  });

  it('throws DATASTORE for a cancellation that carries no reasons', async function () {
    const { context, send } = fakeStore({ maxAttempts: 2 });
    const error = new TransactionCanceledException({ message: 'cancelled', $metadata: { httpStatusCode: 400 } });
    send.rejects(error);
    const thrown = await rejection(transactWrite(context, [putAction(1)]));
    expect(thrown.code).to.equal('DATASTORE');
    expect(thrown.cause).to.equal(error);
  });

  it('throws DATASTORE for something thrown that is not an error object', async function () {
    const { context, send } = fakeStore();
    // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- a non-Error rejection is the case under test
    send.callsFake(() => Promise.reject('connection lost'));
    const thrown = await rejection(transactWrite(context, [putAction(1)]));
    expect(thrown).to.be.instanceOf(DataAccessError);
    expect(thrown.code).to.equal('DATASTORE');
    expect(thrown.cause).to.equal('connection lost');
    expect(send.callCount).to.equal(1);
  });

  it('throws DATASTORE with the last error once the retries are spent, all under one token', async function () {
    const { context, send, sleep } = fakeStore({ maxAttempts: 4, baseDelayMs: 100, maxDelayMs: 1_000, random: () => 0.5 });
    const errors = [throttled(), cancelled([{ Code: 'TransactionConflict' }]), throttled(), cancelled([{ Code: 'TransactionConflict' }])];
    errors.forEach((error, i) => send.onCall(i).rejects(error));
    send.resolves({});
    const thrown = await rejection(transactWrite(context, [putAction(1)], 'tok'));
    expect(thrown.code).to.equal('DATASTORE');
    expect(thrown.cause).to.equal(errors[3]);
    expect(thrown.message).to.equal('TransactWriteItems failed: TransactionCanceledException');
    expect(tokensSent(send)).to.deep.equal(['tok', 'tok', 'tok', 'tok']);
    expect(delays(sleep)).to.deep.equal([50, 100, 200]);
  });
});
