/**
 * The fault injector itself, against DynamoDB Local: each fault does what it claims (held batch
 * items are really not written, a lost response's write really is in the table, throttles run
 * inside the SDK's retry loop), it covers the DocumentClient and raw commands, and a seed
 * replays the same faults.
 */
import { BatchGetItemCommand, BatchWriteItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, BatchWriteCommand, DynamoDBDocumentClient, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { expect } from 'chai';
import type { FaultInjector } from '../../support/fault-injector.js';
import { createFaultInjectedClient, injectedFaultOf } from '../../support/fault-injector.js';
import { localEndpoint, newLocalClient } from '../../support/local-store.js';
import type { Item } from './support.js';
import { newTable, scan } from './support.js';

describe('reliability: the fault injector', function () {
  this.timeout(30_000);
  let tableName: string;
  let clean: DynamoDBClient;
  const opened: DynamoDBClient[] = [];

  before(async function () {
    tableName = await newTable('rel-injector');
    clean = newLocalClient();
  });

  after(function () {
    clean?.destroy();
    for (const client of opened) client.destroy();
  });

  function injected(options: Omit<Parameters<typeof createFaultInjectedClient>[0], 'endpoint'>): { doc: DynamoDBDocumentClient; client: DynamoDBClient; injector: FaultInjector } {
    const { client, injector } = createFaultInjectedClient({ endpoint: localEndpoint(), ...options });
    opened.push(client);
    return { doc: DynamoDBDocumentClient.from(client), client, injector };
  }

  const item = (prefix: string, i: number): Item => ({ pk: `${prefix}#${i}`, sk: 'x', n: i });
  const keysOf = (items: readonly Item[], prefix: string) =>
    items
      .filter((it) => String(it.pk).startsWith(`${prefix}#`))
      .map((it) => String(it.pk))
      .sort();

  it('unprocessed: a BatchWriteItem (DocumentClient) writes only the items it did not hand back', async function () {
    const { doc, injector } = injected({ seed: 1, rates: { unprocessed: 1 } });
    const items = Array.from({ length: 20 }, (_, i) => item('bw', i));
    const output = await doc.send(new BatchWriteCommand({ RequestItems: { [tableName]: items.map((Item) => ({ PutRequest: { Item } })) } }));
    const held = (output.UnprocessedItems?.[tableName] ?? []).map((r) => String(r.PutRequest?.Item?.pk));
    expect(held.length).to.be.within(1, 19);
    expect(injector.counts.unprocessedRequests).to.equal(1);
    expect(injector.counts.unprocessedItems).to.equal(held.length);
    const written = keysOf(await scan(clean, tableName), 'bw');
    expect(written).to.have.length(20 - held.length);
    expect(written.filter((pk) => held.includes(pk))).to.deep.equal([]);
  });

  it('unprocessed: a raw BatchWriteItemCommand gets marshalled UnprocessedItems', async function () {
    const { client } = injected({ seed: 2, rates: { unprocessed: 1 } });
    const requests = Array.from({ length: 5 }, (_, i) => ({ PutRequest: { Item: { pk: { S: `raw#${i}` }, sk: { S: 'x' } } } }));
    const output = await client.send(new BatchWriteItemCommand({ RequestItems: { [tableName]: requests } }));
    const held = output.UnprocessedItems?.[tableName] ?? [];
    expect(held.length).to.be.within(1, 4);
    expect(held[0]?.PutRequest?.Item?.pk).to.have.property('S');
    expect(keysOf(await scan(clean, tableName), 'raw')).to.have.length(5 - held.length);
  });

  it('unprocessed: a BatchGetItem reads only part of its keys and returns the rest in UnprocessedKeys', async function () {
    const cleanDoc = DynamoDBDocumentClient.from(clean);
    await cleanDoc.send(new BatchWriteCommand({ RequestItems: { [tableName]: Array.from({ length: 10 }, (_, i) => ({ PutRequest: { Item: item('bg', i) } })) } }));
    const { doc } = injected({ seed: 3, rates: { unprocessed: 1 } });
    const keys = Array.from({ length: 10 }, (_, i) => ({ pk: `bg#${i}`, sk: 'x' }));
    const output = await doc.send(new BatchGetCommand({ RequestItems: { [tableName]: { Keys: keys, ConsistentRead: true } } }));
    const read = (output.Responses?.[tableName] ?? []).map((it) => String(it.pk));
    const unread = (output.UnprocessedKeys?.[tableName]?.Keys ?? []).map((k) => String(k.pk));
    expect(unread.length).to.be.within(1, 9);
    expect(output.UnprocessedKeys?.[tableName]?.ConsistentRead).to.equal(true);
    expect([...read, ...unread].sort()).to.deep.equal(keys.map((k) => k.pk).sort());
    expect(read.filter((pk) => unread.includes(pk))).to.deep.equal([]);

    const { client } = injected({ seed: 3, rates: { unprocessed: 1 } });
    const raw = await client.send(new BatchGetItemCommand({ RequestItems: { [tableName]: { Keys: keys.map((k) => ({ pk: { S: k.pk }, sk: { S: k.sk } })) } } }));
    expect(raw.UnprocessedKeys?.[tableName]?.Keys?.[0]?.pk).to.have.property('S');
  });

  it('throttle: ProvisionedThroughputExceededException / ThrottlingException on every attempt of the SDK retry loop, nothing written', async function () {
    const { doc, injector } = injected({ seed: 4, rates: { throttle: 1 }, sdkMaxAttempts: 3 });
    const names = new Set<string>();
    for (let i = 0; i < 6; i += 1) {
      const error = await doc.send(new PutCommand({ TableName: tableName, Item: item('th', i) })).then(
        () => expect.fail('the put should have been throttled'),
        (e: unknown) => e as Error & { $metadata?: { attempts?: number } },
      );
      names.add(error.name);
      expect(error.$metadata?.attempts, 'the SDK retried inside its loop').to.equal(3);
      expect(injectedFaultOf(error)?.kind).to.be.oneOf(['provisionedThroughputExceeded', 'throttling']);
    }
    expect([...names].sort()).to.deep.equal(['ProvisionedThroughputExceededException', 'ThrottlingException']);
    expect(injector.counts.provisionedThroughputExceeded + injector.counts.throttling).to.equal(18);
    expect(injector.commands.get('PutItem')).to.equal(6);
    expect(injector.attempts.get('PutItem')).to.equal(18);
    expect(keysOf(await scan(clean, tableName), 'th')).to.deep.equal([]);
  });

  it('network: ECONNRESET before the request, retried by the SDK, nothing written when every attempt fails', async function () {
    const { doc, injector } = injected({ seed: 5, rates: { network: 1 }, sdkMaxAttempts: 2 });
    const error = (await doc.send(new PutCommand({ TableName: tableName, Item: item('net', 0) })).catch((e: unknown) => e)) as { code?: string };
    expect(error.code).to.equal('ECONNRESET');
    expect(injector.counts.networkBeforeRequest).to.equal(2);
    expect(keysOf(await scan(clean, tableName), 'net')).to.deep.equal([]);
  });

  it('lost response: the write reaches the table although the caller sees ECONNRESET', async function () {
    const { doc, injector } = injected({ seed: 6, rates: { lostResponse: 1 }, sdkMaxAttempts: 1 });
    const error = (await doc
      .send(new UpdateCommand({ TableName: tableName, Key: { pk: 'lost#0', sk: 'x' }, UpdateExpression: 'ADD n :one', ExpressionAttributeValues: { ':one': 1 } }))
      .catch((e: unknown) => e)) as { code?: string };
    expect(error.code).to.equal('ECONNRESET');
    expect(injectedFaultOf(error)?.kind).to.equal('lostResponse');
    expect(injector.counts.lostResponse).to.equal(1);
    const stored = (await scan(clean, tableName)).find((it) => it.pk === 'lost#0');
    expect(stored?.n).to.equal(1);
  });

  it('script: attempts follow the script, then the rates (here: none)', async function () {
    const { doc, injector } = injected({ seed: 7, script: { UpdateItem: ['lostResponse', 'throttle', 'ok'] }, sdkMaxAttempts: 3 });
    const output = await doc.send(
      new UpdateCommand({ TableName: tableName, Key: { pk: 'script#0', sk: 'x' }, UpdateExpression: 'ADD n :one', ExpressionAttributeValues: { ':one': 1 } }),
    );
    expect(output.$metadata.attempts).to.equal(3);
    expect(injector.counts.lostResponse).to.equal(1);
    expect(injector.counts.provisionedThroughputExceeded + injector.counts.throttling).to.equal(1);
    // The lost attempt and the last one both reached the table: an ADD is not idempotent.
    expect((await scan(clean, tableName)).find((it) => it.pk === 'script#0')?.n).to.equal(2);
  });

  it('failAfterWrites: the first k write commands go through, every later one fails without being retried; reads still work', async function () {
    const { doc, client, injector } = injected({ seed: 8, failAfterWrites: 2 });
    await doc.send(new PutCommand({ TableName: tableName, Item: item('k', 0) }));
    await client.send(new PutItemCommand({ TableName: tableName, Item: { pk: { S: 'k#1' }, sk: { S: 'x' } } }));
    for (let i = 2; i < 5; i += 1) {
      const error = (await doc.send(new PutCommand({ TableName: tableName, Item: item('k', i) })).catch((e: unknown) => e)) as Error;
      expect(error.name).to.equal('InjectedStoreFailure');
    }
    expect(injector.attempts.get('PutItem'), 'failed writes were not sent at all').to.equal(2);
    expect(injector.counts.failAfterWrites).to.equal(3);
    const page = await doc.send(new QueryCommand({ TableName: tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': 'k#0' } }));
    expect(page.Items).to.have.length(1);
    expect(keysOf(await scan(clean, tableName), 'k')).to.deep.equal(['k#0', 'k#1']);
  });

  it('queryPageLimit: a Query without Limit comes back in pages of that size', async function () {
    const { doc } = injected({ seed: 9, queryPageLimit: 1 });
    const page = await doc.send(new QueryCommand({ TableName: tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': 'k#0' } }));
    expect(page.Items).to.have.length(1);
    expect(page.LastEvaluatedKey).to.not.equal(undefined);
  });

  it('a seed replays the same faults; another seed gives others', async function () {
    const run = async (seed: number) => {
      const { doc, injector } = injected({ seed, rates: { throttle: 0.2, network: 0.2, lostResponse: 0.2 }, sdkMaxAttempts: 1 });
      const outcomes: string[] = [];
      for (let i = 0; i < 40; i += 1) {
        const outcome = await doc.send(new PutCommand({ TableName: tableName, Item: item(`seed${seed}`, i) })).then(
          () => 'ok',
          (e: unknown) => injectedFaultOf(e)?.kind ?? 'other',
        );
        outcomes.push(outcome);
      }
      return { outcomes, counts: { ...injector.counts } };
    };
    const first = await run(42);
    const again = await run(42);
    const other = await run(43);
    expect(again).to.deep.equal(first);
    expect(other.outcomes).to.not.deep.equal(first.outcomes);
    expect(new Set(first.outcomes)).to.have.property('size').greaterThan(2);
  });

  it('enabled = false: nothing is injected, commands are still counted', async function () {
    const { doc, injector } = injected({ seed: 10, rates: { throttle: 1 } });
    injector.enabled = false;
    await doc.send(new PutCommand({ TableName: tableName, Item: item('off', 0) }));
    expect(injector.failuresInjected).to.equal(0);
    expect(injector.commands.get('PutItem')).to.equal(1);
  });

  it('refuses per-attempt rates that add up to more than 1', function () {
    expect(() => createFaultInjectedClient({ endpoint: localEndpoint(), seed: 1, rates: { throttle: 0.6, lostResponse: 0.6 } })).to.throw(/add up/);
  });
});
