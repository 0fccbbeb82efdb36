// Operation events of a whole DataAccess on a stubbed SDK: what each kind of operation counts
// (single requests, transactions, batches, query pages), retries of every loop, nested calls,
// and that a DataAccess without a listener is left exactly as it was.
import { AsyncLocalStorage } from 'node:async_hooks';
import { expect } from 'chai';
import sinon from 'sinon';
import { ConflictError, defineEntity, EntityRegistry } from '../../../src/index.js';
import type { OperationEvent } from '../../../src/index.js';
import { runOnViews } from '../../../src/model/observe/operation-binding.js';
import { Board, BoardCollection, boardSchema, Card, CardCollection, cardSchema, Note, NoteCollection, noteSchema, Workspace, WorkspaceCollection, workspaceSchema } from '../../fixtures/framework-entities.js';
import { BINDING } from '../../../src/model/binding.js';
import {
  BOARD_ID,
  cancelled,
  FAST_RETRY,
  frameworkAccess,
  load,
  ORG,
  quietLogger,
  rejectionOf,
  sdkError,
  storedBoard,
  storedWorkspace,
  stubbedClient,
  T0,
  TABLE,
  WS_ID,
} from '../fixtures/stub-sdk.js';
import { observedFramework, observedGadgets, outsideOperationWarnings, units } from './observed-access.js';

const id = (n: number) => `${String(n).padStart(8, '0')}-3e3f-4a4b-8c8d-9e9f0a0b0c0d`;
const GADGET = '6a2b2c2d-3e3f-4a4b-8c8d-9e9f0a0b0c0d';
const throttled = () => sdkError('ProvisionedThroughputExceededException', { $metadata: { httpStatusCode: 400, attempts: 1 } });

describe('operation events (stubbed SDK)', function () {
  afterEach(function () {
    sinon.restore();
    // Every request of every test here went out inside its operation.
    expect(outsideOperationWarnings()).to.deep.equal([]);
  });

  describe('what one operation counts', function () {
    it('findById: one GetItem asking for its capacity, the item read', async function () {
      const access = observedFramework();
      access.send.resolves({ Item: storedWorkspace(), ConsumedCapacity: units(0.5) });
      const ws = await access.da.Workspace.findById(WS_ID);
      expect(ws?.getName()).to.equal('Alpha');
      expect(access.sent()[0]?.input.ReturnConsumedCapacity).to.equal('TOTAL');
      expect(access.events).to.deep.equal([
        {
          operation: 'Workspace.findById',
          entity: 'Workspace',
          durationMs: access.events[0]?.durationMs,
          requests: 1,
          retries: 0,
          consumedCapacity: { read: 0.5, write: 0 },
          items: 1,
          outcome: 'ok',
        },
      ]);
    });

    it('a guarded create: one transaction, its writes (not its check) as items, the array of capacity summed', async function () {
      const access = observedFramework();
      access.send.resolves({ ConsumedCapacity: [units(2), { TableName: 'another', CapacityUnits: 1 }] });
      await access.da.Board.create({ workspaceId: WS_ID, title: 'Todo' });
      const [transaction] = access.sentOf('TransactWriteCommand');
      // owner, guard, and the ConditionCheck on the workspace
      expect(transaction?.input.TransactItems).to.have.length(3);
      expect(transaction?.input.ReturnConsumedCapacity).to.equal('TOTAL');
      expect(access.events.map(({ operation, requests, items, consumedCapacity }) => ({ operation, requests, items, consumedCapacity }))).to.deep.equal([
        { operation: 'Board.create', requests: 1, items: 2, consumedCapacity: { read: 0, write: 3 } },
      ]);
    });

    it('batchGetByIds: one BatchGetItem per 100 keys; unprocessed keys sent again count as retries', async function () {
      const access = observedFramework({ concurrency: 1 });
      const ids = Array.from({ length: 150 }, (_, i) => id(i));
      let call = 0;
      access.send.callsFake((command) => {
        call += 1;
        const keys = (command.input as { RequestItems: Record<string, { Keys: { pk: string }[] }> }).RequestItems[TABLE]?.Keys ?? [];
        // The first call leaves 10 keys unprocessed; every call returns nothing it read.
        return Promise.resolve(call === 1 ? { UnprocessedKeys: { [TABLE]: { Keys: keys.slice(0, 10) } }, ConsumedCapacity: [units(45)] } : { Responses: { [TABLE]: [] }, ConsumedCapacity: [units(5)] });
      });
      expect(await access.da.Workspace.batchGetByIds(ids)).to.deep.equal([]);
      expect(access.sentOf('BatchGetCommand')).to.have.length(3);
      expect(access.events.map(({ requests, retries, consumedCapacity }) => ({ requests, retries, consumedCapacity }))).to.deep.equal([
        { requests: 3, retries: 1, consumedCapacity: { read: 55, write: 0 } },
      ]);
    });

    it('batchGetByIds: the items read come from every response', async function () {
      const access = observedFramework();
      access.send.resolves({ Responses: { [TABLE]: [storedWorkspace(), storedWorkspace({ workspaceId: id(2) })] } });
      expect(await access.da.Workspace.batchGetByIds([WS_ID, id(2)])).to.have.length(2);
      expect(access.events[0]).to.include({ operation: 'Workspace.batchGetByIds', requests: 1, items: 2 });
    });

    it('allBy…: every Query page is a request, the items of every page are counted', async function () {
      const access = observedFramework();
      const page = (n: number, last: boolean) => ({
        Items: [storedWorkspace({ workspaceId: id(n), slug: `s${n}` })],
        ConsumedCapacity: units(0.5),
        ...(last ? {} : { LastEvaluatedKey: { pk: `p${n}`, sk: 's' } }),
      });
      access.send.onCall(0).resolves(page(1, false));
      access.send.onCall(1).resolves(page(2, false));
      access.send.onCall(2).resolves(page(3, true));
      expect(await access.da.Workspace.allByOrganizationId(ORG)).to.have.length(3);
      expect(access.events.map(({ operation, requests, items, consumedCapacity }) => ({ operation, requests, items, consumedCapacity }))).to.deep.equal([
        { operation: 'Workspace.allByOrganizationId', requests: 3, items: 3, consumedCapacity: { read: 1.5, write: 0 } },
      ]);
    });

    it('createMany of guard-free items: BatchWriteItem chunks, unprocessed items sent again, items actually written', async function () {
      const access = observedGadgets({ concurrency: 1 });
      let call = 0;
      access.send.callsFake((command) => {
        call += 1;
        const requests = (command.input as { RequestItems: Record<string, unknown[]> }).RequestItems[TABLE] ?? [];
        return Promise.resolve(call === 1 ? { UnprocessedItems: { [TABLE]: requests.slice(0, 5) }, ConsumedCapacity: [units(20)] } : { ConsumedCapacity: [units(requests.length)] });
      });
      const result = await access.da.Part.createMany(Array.from({ length: 30 }, (_, i) => ({ gadgetId: GADGET, name: `p${i}` })));
      expect(result.created).to.have.length(30);
      // 25 + 5 in two chunks; the 5 left unprocessed by the first go again.
      expect(access.sentOf('BatchWriteCommand').map((c) => (c.input.RequestItems[TABLE] as unknown[]).length)).to.deep.equal([25, 5, 5]);
      expect(access.events.map(({ operation, requests, retries, items, consumedCapacity }) => ({ operation, requests, retries, items, consumedCapacity }))).to.deep.equal([
        { operation: 'Part.createMany', requests: 3, retries: 1, items: 30, consumedCapacity: { read: 0, write: 30 } },
      ]);
    });
  });

  describe('retries', function () {
    it('a throttled GetItem the SDK gave up on, sent again by the library', async function () {
      const access = observedFramework();
      access.send.onFirstCall().rejects(throttled());
      access.send.resolves({ Item: storedWorkspace(), ConsumedCapacity: units(0.5) });
      await access.da.Workspace.findById(WS_ID);
      expect(access.events[0]).to.include({ requests: 2, retries: 1, items: 1, outcome: 'ok' });
    });

    it('a transaction cancelled by a conflict, sent again under the same token', async function () {
      const access = observedFramework();
      access.send.onFirstCall().rejects(cancelled([{ Code: 'TransactionConflict' }, { Code: 'None' }, { Code: 'None' }]));
      access.send.resolves({});
      await access.da.Board.create({ workspaceId: WS_ID, title: 'Todo' });
      expect(access.events[0]).to.include({ operation: 'Board.create', requests: 2, retries: 1, items: 2 });
    });

    it('a further round of a write whose guard release met a concurrent owner', async function () {
      const access = observedFramework();
      const board = await load(access, access.da.Board, storedBoard(), BOARD_ID);
      access.events.length = 0;
      let transactions = 0;
      access.send.callsFake((command) => {
        const name = command.constructor.name;
        if (name === 'UpdateCommand') return Promise.resolve({ Attributes: { ...storedBoard(), __fence: T0 } });
        if (name === 'QueryCommand') return Promise.resolve({ Items: [] });
        if (name === 'TransactWriteCommand' && (transactions += 1) === 1) {
          return Promise.reject(cancelled([{ Code: 'None' }, { Code: 'ConditionalCheckFailed', Item: { ownerId: 'someone-else' } }]));
        }
        return Promise.resolve({});
      });
      await board.remove();
      expect(access.events).to.have.length(1);
      expect(access.events[0]).to.include({ operation: 'Board.remove', requests: access.send.callCount, retries: 1, outcome: 'ok' });
    });

    it('failures that outlive the retries: outcome error with the code, the attempts counted', async function () {
      const access = observedFramework();
      access.send.rejects(throttled());
      const error = await rejectionOf(access.da.Workspace.findById(WS_ID));
      expect(error).to.have.property('code', 'DATASTORE');
      expect(access.events[0]).to.include({ requests: 3, retries: 2, items: 0, outcome: 'error', errorCode: 'DATASTORE' });
    });
  });

  describe('one event per public operation', function () {
    it('a model method that calls save() emits once, for itself', async function () {
      const access = observedFramework();
      const ws = await load(access, access.da.Workspace, storedWorkspace(), WS_ID);
      access.events.length = 0;
      access.send.resolves({ Attributes: storedWorkspace({ status: 'closed', closedAt: T0 }) });
      await ws.close();
      expect(access.events.map((e) => [e.operation, e.requests])).to.deep.equal([['Workspace.close', access.send.callCount]]);
    });

    it('a reference getter reading its parent through the parent collection emits once, for itself', async function () {
      const access = observedFramework();
      const board = await load(access, access.da.Board, storedBoard(), BOARD_ID);
      access.events.length = 0;
      access.send.resolves({ Item: storedWorkspace() });
      expect((await board.getWorkspace())?.getId()).to.equal(WS_ID);
      expect(access.events.map((e) => [e.operation, e.entity, e.requests])).to.deep.equal([['Board.getWorkspace', 'Board', 1]]);
    });

    it('synchronous methods (getters, setters, toJSON, hasChanges) emit nothing', async function () {
      const access = observedFramework();
      const ws = await load(access, access.da.Workspace, storedWorkspace(), WS_ID);
      access.events.length = 0;
      ws.setName('Beta');
      expect([ws.getName(), ws.hasChanges(), ws.getId(), access.da.Workspace.entityName]).to.deep.equal(['Beta', true, WS_ID, 'Workspace']);
      JSON.stringify(ws);
      expect(() => ws.setScore(-1)).to.throw();
      expect(access.events).to.deep.equal([]);
    });

    it('a validation failure is an event with no request and code VALIDATION', async function () {
      const access = observedFramework();
      await rejectionOf(access.da.Workspace.findById('not-a-uuid'));
      expect(access.events.map(({ requests, outcome, errorCode }) => ({ requests, outcome, errorCode }))).to.deep.equal([{ requests: 0, outcome: 'error', errorCode: 'VALIDATION' }]);
    });

    it('a refused write names its constraint', async function () {
      const access = observedFramework();
      access.send.rejects(cancelled([{ Code: 'None' }, { Code: 'ConditionalCheckFailed', Item: { ownerId: 'other' } }]));
      const error = await rejectionOf(access.da.Workspace.create({ organizationId: ORG, slug: 'alpha', name: 'Alpha' }));
      expect(error).to.be.instanceOf(ConflictError);
      expect(access.events.map(({ requests, items, outcome, errorCode, constraint }) => ({ requests, items, outcome, errorCode, constraint }))).to.deep.equal([
        { requests: 1, items: 0, outcome: 'error', errorCode: 'CONFLICT', constraint: 'slug' },
      ]);
    });

    it('methods an entity class adds are observed too, under their own names (Gadget’s lookup and findByCode)', async function () {
      const access = observedGadgets();
      access.send.resolves({});
      expect(await access.da.Gadget.lookup('code', { code: 'g-1' })).to.equal(null);
      expect(await access.da.Gadget.findByCode('g-1')).to.equal(null);
      expect(access.sentOf('GetCommand')).to.have.length.greaterThan(0);
      expect(access.events.map((e) => [e.operation, e.requests])).to.deep.equal([
        ['Gadget.lookup', access.sentOf('GetCommand').length],
        ['Gadget.findByCode', 0],
      ]);
    });
  });

  describe('what a method does after an await', function () {
    /** A collection of an application's own (or, declared with runOnViews, one like the library's) that reads twice. */
    function twiceReading(onViews: boolean) {
      class TwiceCollection extends WorkspaceCollection {
        async readTwice(id: string): Promise<number> {
          await this.findById(id);
          await new Promise((resolve) => setTimeout(resolve, 1));
          return (await this.findById(id)) === null ? 1 : 2;
        }
      }
      if (onViews) runOnViews(TwiceCollection);
      const client = stubbedClient();
      const events: OperationEvent[] = [];
      const registry = new EntityRegistry({
        Workspace: defineEntity({ schema: workspaceSchema, Model: Workspace, Collection: TwiceCollection }),
        Board: defineEntity({ schema: boardSchema, Model: Board, Collection: BoardCollection }),
        Card: defineEntity({ schema: cardSchema, Model: Card, Collection: CardCollection }),
        Note: defineEntity({ schema: noteSchema, Model: Note, Collection: NoteCollection }),
      });
      const da = registry.createDataAccess({ tableName: TABLE, client: client.doc, retry: FAST_RETRY, logger: quietLogger(), onEvent: (event) => void events.push(event) });
      client.send.resolves({ Item: storedWorkspace() });
      return { da, events, client };
    }

    it('a collection of the library’s kind (runOnViews) keeps it in the operation: one event', async function () {
      const { da, events, client } = twiceReading(true);
      expect(await da.Workspace.readTwice(WS_ID)).to.equal(2);
      expect(events.map((e) => [e.operation, e.requests])).to.deep.equal([['Workspace.readTwice', 2]]);
      expect(client.send.callCount).to.equal(2);
    });

    it('an application’s own collection runs on itself: what it calls after an await is an operation of its own', async function () {
      const { da, events } = twiceReading(false);
      expect(await da.Workspace.readTwice(WS_ID)).to.equal(2);
      expect(events.map((e) => [e.operation, e.requests])).to.deep.equal([
        ['Workspace.findById', 1],
        ['Workspace.readTwice', 1],
      ]);
    });
  });

  describe('a listener that fails', function () {
    it('is logged once at warn and leaves every operation as it was', async function () {
      const access = observedFramework({
        listener: () => {
          throw new Error('listener bug');
        },
      });
      access.send.resolves({ Item: storedWorkspace() });
      for (let i = 0; i < 3; i += 1) expect((await access.da.Workspace.findById(WS_ID))?.getId()).to.equal(WS_ID);
      access.send.rejects(sdkError('ValidationException'));
      expect(await rejectionOf(access.da.Workspace.findById(WS_ID))).to.have.property('code', 'DATASTORE');
      expect(access.logger.warn.callCount).to.equal(1);
    });

    it('leaves the operation as it was when even reading what it threw throws (a name getter), and is logged once', async function () {
      const access = observedFramework({
        listener: () => {
          const error = new Error('listener bug');
          Object.defineProperty(error, 'name', {
            get() {
              throw new Error('evil name');
            },
          });
          throw error;
        },
      });
      access.send.resolves({ Item: storedWorkspace() });
      for (let i = 0; i < 2; i += 1) expect((await access.da.Workspace.findById(WS_ID))?.getId()).to.equal(WS_ID);
      expect(access.logger.warn.callCount).to.equal(1);
      expect(access.logger.warn.firstCall.args[1]).to.deep.equal({ error: 'unknown' });
    });
  });

  describe('operations side by side, without AsyncLocalStorage', function () {
    it('a findById, a create and a model write started together each count only their own requests', async function () {
      const run = sinon.spy(AsyncLocalStorage.prototype, 'run');
      const enterWith = sinon.spy(AsyncLocalStorage.prototype, 'enterWith');
      const access = observedFramework();
      const ws = await load(access, access.da.Workspace, storedWorkspace(), WS_ID);
      access.events.length = 0;
      // Answers arrive in another order than the requests went out, each after a few turns of the event loop.
      access.send.callsFake(async (command: { constructor: { name: string } }) => {
        const name = command.constructor.name;
        await new Promise((resolve) => setTimeout(resolve, name === 'GetCommand' ? 6 : 1));
        if (name === 'GetCommand') return { Item: storedWorkspace(), ConsumedCapacity: units(0.5) };
        // The create's transaction (it writes the board 'Todo') and the close's report different capacity.
        const creates = JSON.stringify((command as unknown as { input: unknown }).input).includes('Todo');
        return { ConsumedCapacity: [units(creates ? 7 : 11)] };
      });
      const settled = await Promise.all([
        access.da.Workspace.findById(WS_ID),
        access.da.Board.create({ workspaceId: WS_ID, title: 'Todo' }),
        ws.close(),
        access.da.Workspace.findById(WS_ID),
      ]);
      expect(settled).to.have.length(4);
      // The close runs as a transaction and reads its item back (a consistent GetItem).
      expect(access.sent().map((command) => command.name).sort()).to.deep.equal(['GetCommand', 'GetCommand', 'GetCommand', 'TransactWriteCommand', 'TransactWriteCommand']);
      const byOperation = [...access.events].sort((a, b) => a.operation.localeCompare(b.operation)).map((e) => [e.operation, e.requests, e.consumedCapacity]);
      expect(byOperation).to.deep.equal([
        ['Board.create', 1, { read: 0, write: 7 }],
        ['Workspace.close', 2, { read: 0.5, write: 11 }],
        ['Workspace.findById', 1, { read: 0.5, write: 0 }],
        ['Workspace.findById', 1, { read: 0.5, write: 0 }],
      ]);
      expect(access.events.reduce((sum, e) => sum + e.requests, 0)).to.equal(access.send.callCount);
      expect(run.called || enterWith.called, 'no AsyncLocalStorage is entered').to.equal(false);
    });
  });

  describe('without a listener', function () {
    it('no request asks for capacity, no recorder or observer is set, no retry is reported', async function () {
      // An observing DataAccess first, so the prototypes carry their wrappers.
      observedFramework();
      const access = frameworkAccess();
      expect(access.da.Workspace[BINDING].context.operations).to.equal(undefined);
      expect(access.da.Workspace[BINDING].context.observer).to.equal(undefined);
      expect(access.da.Workspace[BINDING].context.retry.onRetry).to.equal(undefined);
      access.send.onFirstCall().rejects(throttled());
      access.send.resolves({ Item: storedWorkspace() });
      await access.da.Workspace.findById(WS_ID);
      access.send.resolves({});
      await access.da.Board.create({ workspaceId: WS_ID, title: 'Todo' });
      for (const command of access.sent()) expect(command.input).to.not.have.property('ReturnConsumedCapacity');
    });
  });
});
