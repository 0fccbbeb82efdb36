import { ProvisionedThroughputExceededException } from '@aws-sdk/client-dynamodb';
import type { QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { expect } from 'chai';
import { DataAccessError } from '../../../src/errors/index.js';
import { queryAll, queryPage } from '../../../src/store/query.js';
import { awsError, delays, fakeStore, sentCommands, TABLE } from './fake-context.js';

const PARAMS: QueryCommandInput = {
  TableName: TABLE,
  KeyConditionExpression: '#pk = :pk',
  ExpressionAttributeNames: { '#pk': 'pk' },
  ExpressionAttributeValues: { ':pk': 'tenant#1' },
};

function row(n: number, kind = 'ticket') {
  return { pk: 'tenant#1', sk: `${kind}#${String(n).padStart(3, '0')}`, kind, n };
}

function lastKeyOf(n: number) {
  return { pk: 'tenant#1', sk: `ticket#${String(n).padStart(3, '0')}` };
}

function throttled() {
  return new ProvisionedThroughputExceededException({ message: 'slow', $metadata: { httpStatusCode: 400 } });
}

async function rejection(promise: Promise<unknown>): Promise<DataAccessError> {
  return promise.then(
    () => expect.fail('expected a rejection'),
    (error: unknown) => error as DataAccessError,
  );
}

describe('store/query', function () {
  describe('queryPage', function () {
    it('sends one QueryCommand with the given parameters and returns items and LastEvaluatedKey', async function () {
      const { context, send } = fakeStore();
      send.resolves({ Items: [row(1), row(2)], LastEvaluatedKey: lastKeyOf(2) });
      const page = await queryPage(context, PARAMS);
      expect(page).to.deep.equal({ items: [row(1), row(2)], lastKey: lastKeyOf(2) });
      const sent = sentCommands(send);
      expect(sent).to.have.length(1);
      expect(sent[0]!.name).to.equal('QueryCommand');
      expect(sent[0]!.input).to.deep.equal(PARAMS);
    });

    it('returns no items and no key for an empty response', async function () {
      const { context, send } = fakeStore();
      send.resolves({});
      expect(await queryPage(context, PARAMS)).to.deep.equal({ items: [], lastKey: undefined });
    });

    it('retries a transient error with backoff', async function () {
      const { context, send, sleep } = fakeStore();
      send.onCall(0).rejects(throttled());
      send.onCall(1).resolves({ Items: [row(1)] });
      expect((await queryPage(context, PARAMS)).items).to.deep.equal([row(1)]);
      expect(send.callCount).to.equal(2);
      expect(delays(sleep)).to.deep.equal([50]);
    });

    it('wraps a transient error that outlasts the retries as DATASTORE with the last error as cause', async function () {
      const { context, send } = fakeStore({ maxAttempts: 3 });
      const errors = [throttled(), throttled(), throttled()];
      errors.forEach((error, i) => send.onCall(i).rejects(error));
      const error = await rejection(queryPage(context, PARAMS));
      expect(error).to.be.instanceOf(DataAccessError);
      expect(error.code).to.equal('DATASTORE');
      expect(error.cause).to.equal(errors[2]);
      expect(error.message).to.equal('Query failed: ProvisionedThroughputExceededException');
      expect(send.callCount).to.equal(3);
    });

    it('wraps a non-transient error as DATASTORE at once', async function () {
      const { context, send, sleep } = fakeStore();
      const fatal = awsError('ValidationException');
      send.rejects(fatal);
      const error = await rejection(queryPage(context, PARAMS));
      expect(error.code).to.equal('DATASTORE');
      expect(error.cause).to.equal(fatal);
      expect(send.callCount).to.equal(1);
      expect(sleep.called).to.equal(false);
    });
  });

  describe('queryAll', function () {
    it('follows LastEvaluatedKey across every page', async function () {
      const { context, send } = fakeStore();
      send.onCall(0).resolves({ Items: [row(1), row(2)], LastEvaluatedKey: lastKeyOf(2) });
      send.onCall(1).resolves({ Items: [row(3)], LastEvaluatedKey: lastKeyOf(3) });
      send.onCall(2).resolves({ Items: [row(4)] });
      const items = await queryAll(context, PARAMS, () => true);
      expect(items).to.deep.equal([row(1), row(2), row(3), row(4)]);
      const inputs = sentCommands(send).map((command) => command.input);
      expect(inputs).to.have.length(3);
      expect(inputs[0]).to.not.have.property('ExclusiveStartKey');
      expect(inputs[1]).to.deep.equal({ ...PARAMS, ExclusiveStartKey: lastKeyOf(2) });
      expect(inputs[2]).to.deep.equal({ ...PARAMS, ExclusiveStartKey: lastKeyOf(3) });
      expect(PARAMS).to.not.have.property('ExclusiveStartKey');
    });

    it('keeps only accepted items and keeps paging past pages with none accepted', async function () {
      const { context, send } = fakeStore();
      send.onCall(0).resolves({ Items: [row(1, 'link'), row(2, 'link')], LastEvaluatedKey: lastKeyOf(2) });
      send.onCall(1).resolves({ Items: [], LastEvaluatedKey: lastKeyOf(2) });
      send.onCall(2).resolves({ Items: [row(3), row(4, 'link'), row(5)] });
      const items = await queryAll(context, PARAMS, (item) => item.kind === 'ticket');
      expect(items).to.deep.equal([row(3), row(5)]);
      expect(send.callCount).to.equal(3);
    });

    it('stops at `limit` accepted items without fetching more pages', async function () {
      const { context, send } = fakeStore();
      send.onCall(0).resolves({ Items: [row(1), row(2, 'link')], LastEvaluatedKey: lastKeyOf(2) });
      send.onCall(1).resolves({ Items: [row(3), row(4), row(5)], LastEvaluatedKey: lastKeyOf(5) });
      send.onCall(2).resolves({ Items: [row(6)] });
      const items = await queryAll(context, PARAMS, (item) => item.kind === 'ticket', 2);
      expect(items).to.deep.equal([row(1), row(3)]);
      expect(send.callCount).to.equal(2);
    });

    it('does not fetch the next page when the limit is reached on the last item of a page', async function () {
      const { context, send } = fakeStore();
      send.onCall(0).resolves({ Items: [row(1), row(2)], LastEvaluatedKey: lastKeyOf(2) });
      send.onCall(1).resolves({ Items: [row(3)] });
      expect(await queryAll(context, PARAMS, () => true, 2)).to.deep.equal([row(1), row(2)]);
      expect(send.callCount).to.equal(1);
    });

    it('returns everything when there are fewer items than the limit', async function () {
      const { context, send } = fakeStore();
      send.onCall(0).resolves({ Items: [row(1)], LastEvaluatedKey: lastKeyOf(1) });
      send.onCall(1).resolves({ Items: [row(2)] });
      expect(await queryAll(context, PARAMS, () => true, 10)).to.deep.equal([row(1), row(2)]);
    });

    it('rejects with DATASTORE when a later page fails', async function () {
      const { context, send } = fakeStore();
      const fatal = awsError('ValidationException');
      send.onCall(0).resolves({ Items: [row(1)], LastEvaluatedKey: lastKeyOf(1) });
      send.onCall(1).rejects(fatal);
      const error = await rejection(queryAll(context, PARAMS, () => true));
      expect(error.code).to.equal('DATASTORE');
      expect(error.cause).to.equal(fatal);
    });
  });
});
