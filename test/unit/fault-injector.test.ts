/**
 * The fault injector's logic without a database: the seeded generator, per-command streams,
 * scripts, counters and error marks. A stub request handler stands in for DynamoDB.
 */
import { Readable } from 'node:stream';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { expect } from 'chai';
import fc from 'fast-check';
import { addCounts, emptyCounts, FaultInjector, hashString, injectedFaultOf, mulberry32, quickRetryStrategy } from '../support/fault-injector.js';

/** A client whose "DynamoDB" answers every request with `{}` and counts the requests. */
function stubClient(maxAttempts = 3): { client: DynamoDBClient; sent: () => number } {
  let sent = 0;
  const client = new DynamoDBClient({
    region: 'local',
    endpoint: 'http://127.0.0.1:9',
    credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
    maxAttempts,
    retryStrategy: quickRetryStrategy(maxAttempts),
    requestHandler: {
      handle: () => {
        sent += 1;
        return Promise.resolve({ response: { statusCode: 200, headers: { 'content-type': 'application/x-amz-json-1.0' }, body: Readable.from([Buffer.from('{}')]) } });
      },
    } as never,
  });
  return { client, sent: () => sent };
}

describe('test support: fault injector (offline)', function () {
  it('mulberry32: the same seed gives the same sequence, in [0, 1)', function () {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 32 - 1 }), (seed) => {
        const a = mulberry32(seed);
        const b = mulberry32(seed);
        for (let i = 0; i < 20; i += 1) {
          const x = a();
          expect(x).to.equal(b());
          expect(x >= 0 && x < 1).to.equal(true);
        }
      }),
      { seed: 42, numRuns: 200 },
    );
  });

  it('mulberry32: roughly uniform', function () {
    const random = mulberry32(7);
    const buckets = new Array<number>(10).fill(0);
    for (let i = 0; i < 10_000; i += 1) buckets[Math.floor(random() * 10)]! += 1;
    for (const count of buckets) expect(count).to.be.within(900, 1100);
  });

  it('hashString is stable and separates command names', function () {
    expect(hashString('PutItem')).to.equal(hashString('PutItem'));
    expect(hashString('PutItem')).to.not.equal(hashString('UpdateItem'));
  });

  it('each command has its own stream: draws of one do not shift another', function () {
    const a = new FaultInjector({ seed: 5 });
    const b = new FaultInjector({ seed: 5 });
    for (let i = 0; i < 10; i += 1) a.random('Query');
    expect(a.random('PutItem')).to.equal(b.random('PutItem'));
  });

  it('refuses per-attempt rates above 1 in total, also per command', function () {
    expect(() => new FaultInjector({ seed: 1, byCommand: { Query: { throttle: 0.7, network: 0.4 } } })).to.throw(/add up/);
    expect(() => new FaultInjector({ seed: 1, rates: { throttle: 0.5, network: 0.5 } })).to.not.throw();
  });

  it('byCommand takes the short or the SDK name and wins over rates', function () {
    const injector = new FaultInjector({ seed: 1, rates: { throttle: 0.1 }, byCommand: { QueryCommand: { network: 0.3 } } });
    expect(injector.ratesFor('Query')).to.deep.equal({ network: 0.3 });
    expect(injector.ratesFor('PutItem')).to.deep.equal({ throttle: 0.1 });
  });

  it('injectedFaultOf follows the cause chain', function () {
    const injector = new FaultInjector({ seed: 1 });
    expect(injectedFaultOf(new Error('plain'))).to.equal(undefined);
    expect(injectedFaultOf(undefined)).to.equal(undefined);
    expect(injector.counts).to.deep.equal(emptyCounts());
  });

  it('addCounts sums by kind', function () {
    const total = emptyCounts();
    addCounts(total, { ...emptyCounts(), lostResponse: 2 });
    addCounts(total, { ...emptyCounts(), lostResponse: 1, throttling: 4 });
    expect(total.lostResponse).to.equal(3);
    expect(total.throttling).to.equal(4);
  });

  it('with a stub handler: a scripted lost response sends the request, then fails; the SDK retries it', async function () {
    const { client, sent } = stubClient(3);
    const injector = new FaultInjector({ seed: 1, script: { PutItem: ['lostResponse', 'ok'] } });
    injector.install(client);
    const doc = DynamoDBDocumentClient.from(client);
    const output = await doc.send(new PutCommand({ TableName: 't', Item: { pk: 'a', sk: 'b' } }));
    expect(output.$metadata.attempts).to.equal(2);
    expect(sent()).to.equal(2);
    expect(injector.counts.lostResponse).to.equal(1);
    client.destroy();
  });

  it('with a stub handler: throttles and network errors are thrown before the request is sent', async function () {
    const { client, sent } = stubClient(4);
    const injector = new FaultInjector({ seed: 1, script: { TransactWriteItems: ['throttle', 'network', 'throttle', 'network'] } });
    injector.install(client);
    const doc = DynamoDBDocumentClient.from(client);
    const error = (await doc.send(new TransactWriteCommand({ TransactItems: [{ Put: { TableName: 't', Item: { pk: 'a', sk: 'b' } } }] })).catch((e: unknown) => e)) as Error;
    expect(injectedFaultOf(error)?.kind).to.equal('networkBeforeRequest');
    expect(sent()).to.equal(0);
    expect(injector.counts.networkBeforeRequest).to.equal(2);
    expect(injector.counts.throttling + injector.counts.provisionedThroughputExceeded).to.equal(2);
    expect(injector.byCommand.get('TransactWriteItems')?.networkBeforeRequest).to.equal(2);
    client.destroy();
  });

  it('with a stub handler: failAfterWrites counts write commands only and fails the rest before they are sent', async function () {
    const { client, sent } = stubClient(3);
    const injector = new FaultInjector({ seed: 1, failAfterWrites: 1 });
    injector.install(client);
    const doc = DynamoDBDocumentClient.from(client);
    await doc.send(new PutCommand({ TableName: 't', Item: { pk: 'a', sk: 'b' } }));
    const error = (await doc.send(new PutCommand({ TableName: 't', Item: { pk: 'a', sk: 'c' } })).catch((e: unknown) => e)) as Error;
    expect(error.name).to.equal('InjectedStoreFailure');
    expect(injectedFaultOf(error)).to.deep.equal({ kind: 'failAfterWrites', command: 'PutItem' });
    expect(sent()).to.equal(1);
    expect(injector.writesLetThrough).to.equal(1);
    client.destroy();
  });
});
