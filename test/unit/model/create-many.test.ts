import { expect } from 'chai';
import { ConflictError, DataAccessError, ValidationError } from '../../../src/index.js';
import { cancelled, frameworkAccess, gadgetAccess, ORG, raw, rejectionOf, sdkError, TABLE, WS_ID } from '../fixtures/stub-sdk.js';

interface PutRequest {
  PutRequest: { Item: Record<string, unknown> };
}
// Parts: guard-free, and their Gadget does not remove them (no fence to check): plain batched puts.
const GADGET = '6a2b2c2d-3e3f-4a4b-8c8d-9e9f0a0b0c0d';
const notes = (count: number) => Array.from({ length: count }, (_, i) => ({ gadgetId: GADGET, name: `n${i}` }));
const bodiesOf = (requests: PutRequest[]) => requests.map((request) => request.PutRequest.Item.name);

describe('BaseCollection.createMany', function () {
  it('puts guard-free items in BatchWriteItem chunks of 25 (60 Parts → 3 calls)', async function () {
    const access = gadgetAccess({ concurrency: 1 });
    const input = notes(60);
    const result = await access.da.Part.createMany(input);
    const batches = access.sent();
    expect(batches.map((c) => c.name)).to.deep.equal(['BatchWriteCommand', 'BatchWriteCommand', 'BatchWriteCommand']);
    const chunks = batches.map((c) => c.input.RequestItems[TABLE] as PutRequest[]);
    expect(chunks.map((chunk) => chunk.length)).to.deep.equal([25, 25, 10]);
    expect(chunks.flatMap(bodiesOf)).to.deep.equal(input.map((item) => item.name));
    for (const request of chunks.flat()) {
      expect(Object.keys(request)).to.deep.equal(['PutRequest']);
      expect(request.PutRequest.Item).to.include({ __edb_e__: 'part', gadgetId: GADGET });
      expect(request.PutRequest.Item.pk).to.match(/^\$taskmanagement#partId_/);
    }
    expect(result.failed).to.deep.equal([]);
    expect(result.created.map((note) => note.getName())).to.deep.equal(input.map((item) => item.name));
  });

  it('sends nothing for an empty list', async function () {
    const access = gadgetAccess();
    expect(await access.da.Part.createMany([])).to.deep.equal({ created: [], failed: [] });
    expect(access.send.called).to.equal(false);
  });

  it('puts invalid items in failed with a ValidationError, never sends them, and keeps created + failed === items', async function () {
    const access = gadgetAccess();
    const input = [...notes(3), { gadgetId: 'nope', name: 'bad id' }, null, { name: 5 }, 'text'] as never[];
    const result = await access.da.Part.createMany(input);
    expect(result.created).to.have.length(3);
    expect(result.failed.map((f) => f.item)).to.deep.equal(input.slice(3));
    for (const failure of result.failed) expect(failure.error).to.be.instanceOf(ValidationError);
    expect((result.failed[0]?.error as ValidationError).issues.map((i) => i.path)).to.deep.equal(['gadgetId']);
    expect((result.failed[2]?.error as ValidationError).issues.map((i) => i.path).sort()).to.deep.equal(['gadgetId', 'name']);
    const sent = access.sent().flatMap((c) => bodiesOf(c.input.RequestItems[TABLE] as PutRequest[]));
    expect(sent).to.deep.equal(['n0', 'n1', 'n2']);
  });

  it('reports every item of a chunk whose BatchWriteItem keeps failing, and creates the others', async function () {
    const access = gadgetAccess({ concurrency: 1 });
    const input = notes(30);
    access.send.onFirstCall().rejects(sdkError('AccessDeniedException'));
    const result = await access.da.Part.createMany(input);
    expect(result.created.map((n) => n.getName())).to.deep.equal(input.slice(25).map((i) => i.name));
    expect(result.failed.map((f) => f.item)).to.deep.equal(input.slice(0, 25));
    for (const failure of result.failed) expect(failure.error).to.include({ code: 'DATASTORE' });
  });

  it('reports in failed, not in created, the items still unprocessed after the retries (60 Parts, 2 never processed)', async function () {
    // DynamoDB hands unprocessed items back as new objects (parsed from the response), never the
    // request objects themselves: the stub answers with copies, as the SDK does.
    const access = gadgetAccess({ concurrency: 1 });
    const doomed = new Set(['n3', 'n40']);
    access.send.callsFake((command) => {
      // The consistent read that settles the leftovers finds neither: they were never written.
      if (command.constructor.name === 'BatchGetCommand') return Promise.resolve({ Responses: { [TABLE]: [] } });
      const requests = (command.input as { RequestItems: Record<string, PutRequest[]> }).RequestItems[TABLE] ?? [];
      const left = requests.filter((request) => doomed.has(request.PutRequest.Item.name as string));
      return Promise.resolve(left.length > 0 ? { UnprocessedItems: { [TABLE]: structuredClone(left) } } : {});
    });
    const input = notes(60);
    const result = await access.da.Part.createMany(input);
    expect(result.created.length + result.failed.length).to.equal(input.length);
    expect(result.failed.map((f) => f.item)).to.deep.equal([input[3], input[40]]);
    for (const failure of result.failed) {
      expect(failure.error).to.be.instanceOf(DataAccessError);
      expect(failure.error.code).to.equal('DATASTORE');
    }
    expect(result.created.map((n) => n.getName())).to.not.include.members(['n3', 'n40']);
    // Each doomed item was offered 4 times: once with the rest of its chunk (which made progress),
    // then alone 3 times in a row without progress (FAST_RETRY.maxAttempts).
    const offered = access
      .sent()
      .filter((c) => c.name === 'BatchWriteCommand')
      .flatMap((c) => bodiesOf(c.input.RequestItems[TABLE] as PutRequest[]));
    const settle = access.sent().filter((c) => c.name === 'BatchGetCommand');
    expect(settle).to.have.length(1);
    expect(settle[0]?.input.RequestItems[TABLE].ConsistentRead).to.equal(true);
    expect(offered.filter((body) => body === 'n3')).to.have.length(4);
  });

  it('moves to created the items a consistent read finds stored after the retries gave up (their responses were lost)', async function () {
    const access = gadgetAccess({ concurrency: 1 });
    const landed: Record<string, unknown>[] = [];
    access.send.callsFake((command) => {
      if (command.constructor.name === 'BatchGetCommand') return Promise.resolve({ Responses: { [TABLE]: structuredClone(landed) } });
      const requests = (command.input as { RequestItems: Record<string, PutRequest[]> }).RequestItems[TABLE] ?? [];
      const lost = requests.filter((request) => request.PutRequest.Item.name === 'n7');
      for (const request of lost) landed.splice(0, landed.length, request.PutRequest.Item);
      return Promise.resolve(lost.length > 0 ? { UnprocessedItems: { [TABLE]: structuredClone(lost) } } : {});
    });
    const input = notes(10);
    const result = await access.da.Part.createMany(input);
    expect(result.failed).to.deep.equal([]);
    expect(result.created.map((n) => n.getName())).to.deep.equal(input.map((n) => n.name));
  });

  it('writes items that need conditions one transaction (or conditional put) each and reports their conflicts', async function () {
    const access = frameworkAccess({ concurrency: 2 });
    access.send.callsFake((command) => {
      const items = (command.input as { TransactItems: { Put?: { Item: Record<string, unknown> } }[] }).TransactItems;
      return items[0]?.Put?.Item.title === 'taken'
        ? Promise.reject(cancelled([{ Code: 'None' }, { Code: 'ConditionalCheckFailed', Item: { ownerId: 'x' } }, { Code: 'None' }]))
        : Promise.resolve({});
    });
    const input = [
      { workspaceId: WS_ID, title: 'a' },
      { workspaceId: WS_ID, title: 'taken' },
      { workspaceId: WS_ID, title: 'b' },
    ];
    const result = await access.da.Board.createMany(input);
    expect(access.sent().map((c) => c.name)).to.deep.equal(['TransactWriteCommand', 'TransactWriteCommand', 'TransactWriteCommand']);
    expect(result.created.map((b) => b.getTitle())).to.deep.equal(['a', 'b']);
    expect(result.failed).to.have.length(1);
    expect(result.failed[0]?.item).to.equal(input[1]);
    expect(result.failed[0]?.error).to.be.instanceOf(ConflictError);
    expect(result.failed[0]?.error).to.include({ constraint: 'title' });
  });

  it('writes guard-free items with a caller-chosen id conditionally, so an existing id is a conflict, not an overwrite', async function () {
    const access = gadgetAccess();
    access.send.callsFake((command) =>
      command.constructor.name === 'PutCommand' ? Promise.reject(sdkError('ConditionalCheckFailedException', { Item: raw({ partId: ORG, __w: 'another-write' }) })) : Promise.resolve({}),
    );
    const result = await access.da.Part.createMany([{ partId: ORG, gadgetId: GADGET, name: 'mine' }, { gadgetId: GADGET, name: 'batched' }]);
    expect(access.sent().map((c) => c.name).sort()).to.deep.equal(['BatchWriteCommand', 'PutCommand']);
    expect(access.sent().find((c) => c.name === 'BatchWriteCommand')?.input.RequestItems[TABLE]).to.have.length(1);
    expect(result.created.map((n) => n.getName())).to.deep.equal(['batched']);
    expect(result.failed[0]?.error).to.include({ constraint: 'id' });
  });

  it('wraps unexpected write errors of conditional items as DATASTORE in failed', async function () {
    const access = frameworkAccess();
    access.send.rejects(sdkError('AccessDeniedException'));
    const result = await access.da.Board.createMany([{ workspaceId: WS_ID, title: 'a' }]);
    expect(result.created).to.deep.equal([]);
    expect(result.failed[0]?.error).to.include({ code: 'DATASTORE' });
  });

  it('rejects a non-array argument with a ValidationError', async function () {
    const access = frameworkAccess();
    const error = await rejectionOf(Promise.resolve().then(() => access.da.Note.createMany('items' as never)));
    expect(error).to.be.instanceOf(ValidationError);
    expect((error as ValidationError).issues).to.deep.equal([{ path: 'items', message: 'expected an array' }]);
    expect(access.send.called).to.equal(false);
  });

  it('rejects its promise (never throws synchronously) on a non-array, so createMany(x).catch(…) sees the error', function () {
    const access = frameworkAccess();
    let outcome: unknown;
    try {
      outcome = access.da.Note.createMany({} as never);
    } catch (error) {
      outcome = error;
    }
    expect(outcome).to.be.instanceOf(Promise);
    return (outcome as Promise<unknown>).then(
      () => expect.fail('expected a rejection'),
      (error: unknown) => expect(error).to.be.instanceOf(ValidationError),
    );
  });
});
