// What one request costs: capacity units in both forms DynamoDB reports them, items read and
// written per command, nothing for failed requests, and ReturnConsumedCapacity asked for once.
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
import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { expect } from 'chai';
import { askForCapacity, capacityOf, costOf } from '../../../src/store/observe/request-cost.js';

const T = 'unit-table';
const key = (n: number) => ({ pk: `p${n}`, sk: 's' });

describe('observe/request-cost', function () {
  describe('capacityOf', function () {
    it('counts a single object as the kind of its command', function () {
      expect(capacityOf('read', { TableName: T, CapacityUnits: 0.5 })).to.deep.equal({ read: 0.5, write: 0 });
      expect(capacityOf('write', { TableName: T, CapacityUnits: 3 })).to.deep.equal({ read: 0, write: 3 });
    });

    it('sums the per-table array of batches and transactions', function () {
      expect(capacityOf('write', [{ TableName: T, CapacityUnits: 4 }, { TableName: 'other', CapacityUnits: 2.5 }])).to.deep.equal({ read: 0, write: 6.5 });
      expect(capacityOf('read', [{ TableName: T, CapacityUnits: 1.5 }])).to.deep.equal({ read: 1.5, write: 0 });
    });

    it("takes DynamoDB's own read/write split when it gives one", function () {
      expect(capacityOf('write', [{ CapacityUnits: 5, ReadCapacityUnits: 1, WriteCapacityUnits: 4 }])).to.deep.equal({ read: 1, write: 4 });
      expect(capacityOf('read', { CapacityUnits: 2, WriteCapacityUnits: 2 })).to.deep.equal({ read: 0, write: 2 });
      expect(capacityOf('write', { CapacityUnits: 1, ReadCapacityUnits: 1 })).to.deep.equal({ read: 1, write: 0 });
    });

    it('is zero when nothing (or nonsense) was reported', function () {
      for (const consumed of [undefined, null, [], [null, 'x', 3], { CapacityUnits: 'a lot' }, { CapacityUnits: Number.NaN }]) {
        expect(capacityOf('write', consumed)).to.deep.equal({ read: 0, write: 0 });
      }
    });
  });

  describe('costOf', function () {
    it('reads: GetItem counts its item, Query and Scan their items, BatchGetItem every table’s responses', function () {
      expect(costOf(new GetCommand({ TableName: T, Key: key(1) }), { Item: { a: 1 }, ConsumedCapacity: { CapacityUnits: 0.5 } }, undefined)).to.deep.equal({ read: 0.5, write: 0, items: 1 });
      expect(costOf(new GetCommand({ TableName: T, Key: key(1) }), { ConsumedCapacity: { CapacityUnits: 0.5 } }, undefined)).to.deep.equal({ read: 0.5, write: 0, items: 0 });
      expect(costOf(new QueryCommand({ TableName: T, KeyConditionExpression: 'pk = :p' }), { Items: [{}, {}, {}] }, undefined).items).to.equal(3);
      expect(costOf(new QueryCommand({ TableName: T, KeyConditionExpression: 'pk = :p' }), {}, undefined).items).to.equal(0);
      expect(costOf(new ScanCommand({ TableName: T }), { Items: [{}], ConsumedCapacity: { CapacityUnits: 2 } }, undefined)).to.deep.equal({ read: 2, write: 0, items: 1 });
      const batchGet = new BatchGetCommand({ RequestItems: { [T]: { Keys: [key(1), key(2), key(3)] } } });
      expect(costOf(batchGet, { Responses: { [T]: [{}, {}], other: [{}] }, ConsumedCapacity: [{ CapacityUnits: 1.5 }] }, undefined)).to.deep.equal({ read: 1.5, write: 0, items: 3 });
      expect(costOf(batchGet, {}, undefined).items).to.equal(0);
      const transactGet = new TransactGetCommand({ TransactItems: [{ Get: { TableName: T, Key: key(1) } }, { Get: { TableName: T, Key: key(2) } }] });
      expect(costOf(transactGet, { Responses: [{ Item: {} }, {}], ConsumedCapacity: [{ CapacityUnits: 4 }] }, undefined)).to.deep.equal({ read: 4, write: 0, items: 1 });
      expect(costOf(transactGet, {}, undefined).items).to.equal(0);
    });

    it('writes: one item per put, update and delete; a batch minus what came back unprocessed; a transaction without its checks', function () {
      expect(costOf(new PutCommand({ TableName: T, Item: key(1) }), { ConsumedCapacity: { CapacityUnits: 1 } }, undefined)).to.deep.equal({ read: 0, write: 1, items: 1 });
      expect(costOf(new UpdateCommand({ TableName: T, Key: key(1), UpdateExpression: 'SET a = :a' }), {}, undefined).items).to.equal(1);
      expect(costOf(new DeleteCommand({ TableName: T, Key: key(1) }), {}, undefined).items).to.equal(1);
      const requests = [1, 2, 3, 4].map((n) => ({ PutRequest: { Item: key(n) } }));
      const batch = new BatchWriteCommand({ RequestItems: { [T]: requests } });
      expect(costOf(batch, { UnprocessedItems: { [T]: requests.slice(0, 1) }, ConsumedCapacity: [{ CapacityUnits: 3 }] }, undefined)).to.deep.equal({ read: 0, write: 3, items: 3 });
      expect(costOf(batch, {}, undefined).items).to.equal(4);
      const transaction = new TransactWriteCommand({
        TransactItems: [
          { Put: { TableName: T, Item: key(1) } },
          { Update: { TableName: T, Key: key(2), UpdateExpression: 'SET a = :a' } },
          { Delete: { TableName: T, Key: key(3) } },
          { ConditionCheck: { TableName: T, Key: key(4), ConditionExpression: 'attribute_exists(pk)' } },
        ],
      });
      expect(costOf(transaction, { ConsumedCapacity: [{ CapacityUnits: 2 }] }, undefined)).to.deep.equal({ read: 0, write: 2, items: 3 });
      expect(costOf(new TransactWriteCommand({ TransactItems: undefined }), {}, undefined).items).to.equal(0);
    });

    it('a failed request wrote and returned nothing; capacity only if the error carries it', function () {
      const failed = Object.assign(new Error('The conditional request failed'), { name: 'ConditionalCheckFailedException', Item: { pk: { S: 'p1' } } });
      expect(costOf(new PutCommand({ TableName: T, Item: key(1) }), undefined, failed)).to.deep.equal({ read: 0, write: 0, items: 0 });
      const reported = Object.assign(new Error('failed'), { ConsumedCapacity: { CapacityUnits: 1 } });
      expect(costOf(new UpdateCommand({ TableName: T, Key: key(1) }), undefined, reported)).to.deep.equal({ read: 0, write: 1, items: 0 });
      expect(costOf(new GetCommand({ TableName: T, Key: key(1) }), undefined, 'not even an error')).to.deep.equal({ read: 0, write: 0, items: 0 });
      // An output that is not an object (a stub answering nothing) counts no item either.
      expect(costOf(new GetCommand({ TableName: T, Key: key(1) }), undefined, undefined)).to.deep.equal({ read: 0, write: 0, items: 0 });
    });

    it('a command the store never sends costs nothing it can tell', function () {
      expect(costOf(new DescribeTableCommand({ TableName: T }), { ConsumedCapacity: { CapacityUnits: 9 } }, undefined)).to.deep.equal({ read: 0, write: 0, items: 0 });
    });
  });

  describe('askForCapacity', function () {
    it('adds ReturnConsumedCapacity TOTAL to the input the low-level command shares', function () {
      const command = new GetCommand({ TableName: T, Key: key(1) });
      askForCapacity(command);
      expect(command.input.ReturnConsumedCapacity).to.equal('TOTAL');
    });

    it('leaves a request that already asks, an input that cannot take it, and unknown commands alone', function () {
      const indexes = new QueryCommand({ TableName: T, KeyConditionExpression: 'pk = :p', ReturnConsumedCapacity: 'INDEXES' });
      askForCapacity(indexes);
      expect(indexes.input.ReturnConsumedCapacity).to.equal('INDEXES');
      const frozen = new GetCommand(Object.freeze({ TableName: T, Key: key(1) }));
      expect(() => askForCapacity(frozen)).to.not.throw();
      expect(frozen.input).to.not.have.property('ReturnConsumedCapacity');
      const describeTable = new DescribeTableCommand({ TableName: T });
      askForCapacity(describeTable);
      expect(describeTable.input).to.not.have.property('ReturnConsumedCapacity');
    });
  });
});
