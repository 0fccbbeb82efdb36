import { expect } from 'chai';
import { DataAccessError, ValidationError } from '../../../src/index.js';
import {
  BOARD_ID,
  cancelled,
  frameworkAccess,
  load,
  ORG,
  rejectionOf,
  sdkError,
  storedBoard,
  storedItem,
  storedWorkspace,
  T0,
  TABLE,
  WS_ID,
  gadgetAccess,
} from '../fixtures/stub-sdk.js';
import type { Sent, StubbedClient } from '../fixtures/stub-sdk.js';

const id = (n: number) => `${String(n).padStart(8, '0')}-3e3f-4a4b-8c8d-9e9f0a0b0c0d`;
const card = (n: number, boardId: string) => storedItem('card', { cardId: id(n), boardId, text: 't', code: `code-${n}`, createdAt: T0, updatedAt: T0 });
const note = (n: number) => storedItem('note', { noteId: id(n), workspaceId: WS_ID, body: `n${n}`, createdAt: T0, updatedAt: T0 });

interface Table {
  boards?: Record<string, unknown>[];
  cards?: Record<string, unknown>[];
  notes?: Record<string, unknown>[];
}

const deletedKeys = (command: Sent | undefined): string[] =>
  command?.name === 'TransactWriteCommand'
    ? (command.input.TransactItems as { Delete: { Key: { pk: string } } }[]).map((action) => action.Delete.Key.pk)
    : command?.name === 'BatchWriteCommand'
      ? (command.input.RequestItems[TABLE] as { DeleteRequest: { Key: { pk: string } } }[]).map((request) => request.DeleteRequest.Key.pk)
      : command?.name === 'DeleteCommand'
        ? [command.input.Key.pk as string]
        : [];

const DELETES = new Set(['TransactWriteCommand', 'BatchWriteCommand', 'DeleteCommand']);

/**
 * Answers queries from `table` by index (gsi2 boards, gsi3 cards of a board, gsi4 notes), like a
 * table that forgets what was deleted; a fence (UpdateItem) answers with the item as stored,
 * fenced; other writes succeed.
 */
function serve(access: StubbedClient, table: Table, onWrite: (command: Sent) => unknown = () => ({}), roots: Record<string, unknown>[] = []) {
  const gone = new Set<string>();
  const all = [...roots, ...(table.boards ?? []), ...(table.cards ?? []), ...(table.notes ?? [])];
  const keyOf = (item: Record<string, unknown>) => {
    const idName = Object.keys(item).find((name) => name.endsWith('Id') && name.startsWith(String(item.__edb_e__)));
    return `$taskmanagement#${idName}_${String(item[idName ?? ''])}`;
  };
  access.send.callsFake((command) => {
    const name = command.constructor.name;
    const input = command.input as { IndexName?: string; ExpressionAttributeValues?: Record<string, unknown>; Key?: { pk: string } };
    if (name === 'UpdateCommand') {
      const stored = all.find((item) => keyOf(item) === input.Key?.pk);
      return Promise.resolve(stored && !gone.has(keyOf(stored)) ? { Attributes: { ...stored, __fence: T0 } } : {});
    }
    if (name !== 'QueryCommand') {
      try {
        const answer = onWrite({ name, input });
        for (const key of deletedKeys({ name, input })) gone.add(key);
        return Promise.resolve(answer);
      } catch (error) {
        // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- rethrows what the stub was told to throw
        return Promise.reject(error);
      }
    }
    const partition = String(input.ExpressionAttributeValues?.[':pk']);
    const items =
      input.IndexName === 'gsi2' ? table.boards ?? [] : input.IndexName === 'gsi3' ? (table.cards ?? []).filter((c) => partition.endsWith(String(c.boardId))) : table.notes ?? [];
    return Promise.resolve({ Items: items.filter((item) => !gone.has(keyOf(item))) });
  });
}


describe('remove and removeByIds (cascade)', function () {
  it('removes grandchildren, then children with their guards, then the parent with its guard, last', async function () {
    const access = frameworkAccess({ concurrency: 1 });
    const ws = await load(access, access.da.Workspace, storedWorkspace(), WS_ID);
    const board2 = id(2);
    serve(access, { boards: [storedBoard(), storedBoard({ boardId: board2, title: 'Done' })], cards: [card(10, BOARD_ID), card(11, board2)], notes: [note(20), note(21)] }, undefined, [storedWorkspace()]);
    await ws.remove();
    const sent = access.sent();
    const writes = sent.filter((c) => DELETES.has(c.name));
    // Fence first: the workspace, then each board (a card does not carry the workspace's id, so
    // the workspace's fence alone would not stop a new card on a board).
    expect(sent.filter((c) => c.name === 'UpdateCommand').map((c) => String(c.input.Key.pk))).to.deep.equal([
      `$taskmanagement#workspaceId_${WS_ID}`,
      `$taskmanagement#boardId_${BOARD_ID}`,
      `$taskmanagement#boardId_${board2}`,
    ]);
    expect(sent[0]?.name).to.equal('UpdateCommand');
    // Each fenced level is swept twice (an index may show a child created just before the fence late).
    expect(sent.filter((c) => c.name === 'QueryCommand').map((c) => c.input.IndexName as string)).to.deep.equal(['gsi2', 'gsi3', 'gsi3', 'gsi3', 'gsi3', 'gsi4', 'gsi2', 'gsi4']);
    expect(writes.map(deletedKeys)).to.deep.equal([
      [`$taskmanagement#cardId_${id(10)}`, '$unique#card#code#code-10', `$taskmanagement#cardId_${id(11)}`, '$unique#card#code#code-11'],
      [`$taskmanagement#boardId_${BOARD_ID}`, `$unique#board#title#${WS_ID}#Todo`, `$taskmanagement#boardId_${board2}`, `$unique#board#title#${WS_ID}#Done`],
      [`$taskmanagement#noteId_${id(20)}`, `$taskmanagement#noteId_${id(21)}`],
      [`$taskmanagement#workspaceId_${WS_ID}`, `$unique#workspace#slug#${ORG}#alpha`],
    ]);
    expect(writes.map((c) => c.name)).to.deep.equal(['TransactWriteCommand', 'TransactWriteCommand', 'BatchWriteCommand', 'TransactWriteCommand']);
    const guardDelete = writes[3]?.input.TransactItems[1].Delete;
    expect(guardDelete.ExpressionAttributeValues).to.deep.equal({ ':v0': WS_ID });
    expect(guardDelete.ConditionExpression).to.equal('attribute_not_exists(#n0) OR #n1 = :v0');
  });

  it('keeps only the children of this parent from the index (exact foreign key, this entity)', async function () {
    const access = frameworkAccess();
    const ws = await load(access, access.da.Workspace, storedWorkspace({ status: 'closed', closedAt: T0 }), WS_ID);
    serve(access, { boards: [storedBoard({ workspaceId: id(99) }), storedWorkspace()], notes: [] }, undefined, [storedWorkspace({ status: 'closed', closedAt: T0 })]);
    await ws.remove();
    const writes = access.sent().filter((c) => DELETES.has(c.name));
    // A closed workspace holds no slug guard: the owner leaves alone.
    expect(writes.map(deletedKeys)).to.deep.equal([[`$taskmanagement#workspaceId_${WS_ID}`]]);
  });

  it('packs owners with their guards into transactions of at most 100 actions (60 boards → 100 + 20)', async function () {
    const access = frameworkAccess({ concurrency: 1 });
    const ws = await load(access, access.da.Workspace, storedWorkspace(), WS_ID);
    serve(access, { boards: Array.from({ length: 60 }, (_, i) => storedBoard({ boardId: id(i), title: `b${i}` })) }, undefined, [storedWorkspace()]);
    await ws.remove();
    const transactions = access.sent().filter((c) => c.name === 'TransactWriteCommand');
    expect(transactions.map((c) => c.input.TransactItems.length as number)).to.deep.equal([100, 20, 2]);
  });

  it('a guard release refused because another owner holds the guard now is dropped, the rest goes again', async function () {
    const access = frameworkAccess();
    const board = await load(access, access.da.Board, storedBoard(), BOARD_ID);
    let transactions = 0;
    serve(
      access,
      {},
      (command) => {
        if (command.name !== 'TransactWriteCommand') return {};
        transactions += 1;
        if (transactions === 1) throw cancelled([{ Code: 'None' }, { Code: 'ConditionalCheckFailed', Item: { ownerId: 'someone-else' } }]);
        return {};
      },
      [storedBoard()],
    );
    await board.remove();
    const [first, second, ...rest] = access.sent().filter((c) => DELETES.has(c.name));
    expect(rest).to.deep.equal([]);
    expect(deletedKeys(first)).to.have.length(2);
    // The release dropped, the board alone is left: one DeleteItem.
    expect(second?.name).to.equal('DeleteCommand');
    expect(deletedKeys(second)).to.deep.equal([`$taskmanagement#boardId_${BOARD_ID}`]);
  });

  it('gives up with DATASTORE when the record keeps changing under the removal (a bounded number of rounds)', async function () {
    const access = frameworkAccess();
    const board = await load(access, access.da.Board, storedBoard(), BOARD_ID);
    let writes = 0;
    serve(
      access,
      {},
      (command) => {
        if (command.name !== 'TransactWriteCommand') return {};
        writes += 1;
        throw cancelled([{ Code: 'ConditionalCheckFailed', Item: { ...storedBoard(), __w: `write-${writes}` } }, { Code: 'None' }]);
      },
      [storedBoard()],
    );
    const error = await rejectionOf(board.remove());
    expect(error).to.be.instanceOf(DataAccessError);
    expect(error).to.include({ code: 'DATASTORE' });
    expect((error as Error).message).to.include('kept changing');
    expect(writes).to.be.within(2, 50);
  });

  it('a transaction cancelled for a reason none of its actions explains is DATASTORE', async function () {
    const access = frameworkAccess();
    const board = await load(access, access.da.Board, storedBoard(), BOARD_ID);
    serve(
      access,
      {},
      (command) => {
        if (command.name === 'TransactWriteCommand') throw cancelled([{ Code: 'None' }, { Code: 'None' }, { Code: 'ConditionalCheckFailed' }]);
        return {};
      },
      [storedBoard()],
    );
    const error = await rejectionOf(board.remove());
    expect(error).to.include({ code: 'DATASTORE' });
    expect((error as Error).message).to.include('none of its actions explains');
  });

  it('leaves the parent in place when children could not be removed', async function () {
    const access = frameworkAccess();
    const ws = await load(access, access.da.Workspace, storedWorkspace(), WS_ID);
    const cause = sdkError('AccessDeniedException');
    serve(
      access,
      { notes: [note(1), note(2)] },
      (command) => {
        if (command.name === 'BatchWriteCommand') throw cause;
        return {};
      },
      [storedWorkspace()],
    );
    const error = await rejectionOf(ws.remove());
    expect(error).to.be.instanceOf(DataAccessError);
    expect(error).to.include({ code: 'DATASTORE' });
    expect((error as Error).message).to.include('2 item(s) could not be removed; run remove again');
    expect((error as DataAccessError).cause).to.include({ code: 'DATASTORE', cause });
    const deleted = access.sent().flatMap(deletedKeys);
    expect(deleted).to.not.include(`$taskmanagement#workspaceId_${WS_ID}`);
  });

  it('removes one guard-free record with a delete that applies once: one TransactWriteItems carrying a ClientRequestToken (a repeat of a BatchWriteItem could delete what took the key since)', async function () {
    const access = frameworkAccess();
    const n = await load(access, access.da.Note, note(5), id(5));
    await n.remove();
    expect(access.sent().map((c) => c.name)).to.deep.equal(['TransactWriteCommand']);
    expect(deletedKeys(access.sent()[0])).to.deep.equal([`$taskmanagement#noteId_${id(5)}`]);
    expect(access.sent()[0]?.input.ClientRequestToken).to.be.a('string').with.length.greaterThan(0);
  });

  it('removes several guard-free records with BatchWriteItem deletes', async function () {
    const access = frameworkAccess();
    access.send.callsFake((command) => Promise.resolve(command.constructor.name === 'BatchGetCommand' ? { Responses: { [TABLE]: [note(1), note(2)] } } : {}));
    await access.da.Note.removeByIds([id(1), id(2)]);
    const sent = access.sent();
    expect(sent.map((c) => c.name)).to.deep.equal(['BatchGetCommand', 'BatchWriteCommand']);
    expect(deletedKeys(sent[1])).to.have.members([`$taskmanagement#noteId_${id(1)}`, `$taskmanagement#noteId_${id(2)}`]);
  });

  it('follows has_one with removeDependents and leaves has_many without it alone', async function () {
    const access = gadgetAccess();
    const gadgetId = id(1);
    const gadget = await load(access, access.da.Gadget, storedItem('gadget', { gadgetId, label: 'g', code: 'G', createdAt: T0, updatedAt: T0 }), gadgetId);
    const stored = storedItem('gadget', { gadgetId, label: 'g', code: 'G', createdAt: T0, updatedAt: T0 });
    let manuals = [storedItem('manual', { manualId: id(2), gadgetId, gadgetCode: 'G', body: 'b', createdAt: T0, updatedAt: T0 })];
    access.send.callsFake((command) => {
      const input = command.input as { IndexName?: string };
      if (command.constructor.name === 'UpdateCommand') return Promise.resolve({ Attributes: { ...stored, __fence: T0 } });
      if (command.constructor.name === 'QueryCommand' && input.IndexName === 'gsi3') return Promise.resolve({ Items: manuals });
      if (command.constructor.name === 'TransactWriteCommand' && deletedKeys({ name: 'TransactWriteCommand', input: command.input as Sent['input'] }).includes(`$taskmanagement#manualId_${id(2)}`)) manuals = [];
      return Promise.resolve({});
    });
    await gadget.remove();
    const sent = access.sent();
    expect(sent.filter((c) => c.name === 'QueryCommand').map((c) => c.input.IndexName as string)).to.deep.equal(['gsi3', 'gsi3']);
    expect(sent.filter((c) => DELETES.has(c.name)).map(deletedKeys)).to.deep.equal([
      [`$taskmanagement#manualId_${id(2)}`],
      [`$taskmanagement#gadgetId_${gadgetId}`, '$unique#gadget#code#G'],
    ]);
  });

  it('refuses to remove an entity declared allowRemove(false), sending nothing', async function () {
    const access = gadgetAccess();
    const ledgerId = id(7);
    const ledger = await load(access, access.da.Ledger, storedItem('ledger', { ledgerId, account: 'a', period: 'p', amount: 1, reference: 'r', createdAt: T0, updatedAt: T0 }), ledgerId);
    const error = await rejectionOf(ledger.remove());
    expect(error).to.be.instanceOf(DataAccessError);
    expect(error).to.include({ code: 'UNSUPPORTED' });
    expect(access.send.called).to.equal(false);
    access.send.resolves({ Responses: { [TABLE]: [] } });
    expect(await rejectionOf(access.da.Ledger.removeByIds([ledgerId]))).to.include({ code: 'UNSUPPORTED' });
    expect(access.sent().map((c) => c.name)).to.not.include.members(['BatchWriteCommand', 'TransactWriteCommand']);
  });

  describe('removeByIds', function () {
    it('validates every id before sending anything', async function () {
      const access = frameworkAccess();
      const error = await rejectionOf(access.da.Note.removeByIds([id(1), 'bad', id(2), '']));
      expect(error).to.be.instanceOf(ValidationError);
      expect((error as ValidationError).issues.map((i) => i.path)).to.deep.equal(['ids[1]', 'ids[3]']);
      expect(await rejectionOf(access.da.Note.removeByIds(undefined as never))).to.be.instanceOf(ValidationError);
      expect(access.send.called).to.equal(false);
    });

    it('reads the items, then removes the ones that exist (missing ids skipped)', async function () {
      const access = frameworkAccess();
      access.send.callsFake((command) =>
        Promise.resolve(command.constructor.name === 'BatchGetCommand' ? { Responses: { [TABLE]: [note(1)] } } : {}),
      );
      await access.da.Note.removeByIds([id(1), id(2)]);
      const sent = access.sent();
      expect(sent.map((c) => c.name)).to.deep.equal(['BatchGetCommand', 'TransactWriteCommand']);
      expect(deletedKeys(sent[1])).to.deep.equal([`$taskmanagement#noteId_${id(1)}`]);
    });

    it('sends no write when none of the ids exist', async function () {
      const access = frameworkAccess();
      access.send.resolves({ Responses: { [TABLE]: [] } });
      await access.da.Note.removeByIds([id(1)]);
      expect(access.sent().map((c) => c.name)).to.deep.equal(['BatchGetCommand']);
    });
  });
});
