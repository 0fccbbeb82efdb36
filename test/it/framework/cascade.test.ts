import { randomUUID } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import { BatchWriteCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { expect } from 'chai';
import { ConflictError, DataAccessError } from '../../../src/index.js';
import type { Board, Workspace } from '../../fixtures/framework-entities.js';
import { frameworkRegistry } from '../../fixtures/framework-entities.js';
import { createTableFrom, newLocalClient } from '../../support/local-store.js';
import type { StoredItem } from './framework-helpers.js';
import { guardsOf, itemsOf, rejectionOf, scanTable, sorted } from './framework-helpers.js';

type DataAccess = ReturnType<ReturnType<typeof frameworkRegistry>['createDataAccess']>;

/** Builds a workspace with `boards` boards of `cards` cards each and `notes` notes. */
async function populate(da: DataAccess, shape: { boards: number; cards: number; notes: number }, slug = 'cascade'): Promise<{ ws: Workspace; boards: Board[]; codes: string[] }> {
  const ws = await da.Workspace.create({ organizationId: randomUUID(), slug, name: 'Cascade', apiSecret: 'x' });
  const boards: Board[] = [];
  const codes: string[] = [];
  for (let b = 0; b < shape.boards; b += 1) {
    const board = await da.Board.create({ workspaceId: ws.getId(), title: `board ${b}`, position: b });
    boards.push(board);
    const inputs = Array.from({ length: shape.cards }, (_, c) => ({ boardId: board.getId(), text: `card ${b}.${c}`, code: `${board.getId().slice(0, 8)}-${c}` }));
    codes.push(...inputs.map((i) => i.code));
    const made = await da.Card.createMany(inputs);
    expect(made.failed.map((f) => f.error.message)).to.deep.equal([]);
  }
  const notes = await da.Note.createMany(Array.from({ length: shape.notes }, (_, i) => ({ workspaceId: ws.getId(), body: `note ${i}` })));
  expect(notes.failed).to.deep.equal([]);
  return { ws, boards, codes };
}

/** Every guard belongs to an owner that exists (no guard outlives its owner). */
function expectNoOrphanGuards(items: readonly StoredItem[]): void {
  const ownerIds = new Set<unknown>();
  for (const item of items) {
    if (item.__edb_e__ === 'workspace') ownerIds.add(item.workspaceId);
    if (item.__edb_e__ === 'board') ownerIds.add(item.boardId);
    if (item.__edb_e__ === 'card') ownerIds.add(item.cardId);
  }
  const orphans = items.filter((item) => item.sk === '$unique' && !ownerIds.has(item.ownerId));
  expect(orphans, 'guards whose owner is gone').to.deep.equal([]);
}

/** Every owner that must hold a guard holds it (no owner lost its guard). */
function expectOwnersKeepGuards(items: readonly StoredItem[]): void {
  const guardOwners = new Set(items.filter((item) => item.sk === '$unique').map((item) => `${String(item.constraint)}:${String(item.ownerId)}`));
  for (const item of itemsOf(items, 'board')) expect(guardOwners.has(`title:${String(item.boardId)}`), `board ${String(item.boardId)} keeps its title guard`).to.equal(true);
  for (const item of itemsOf(items, 'card')) expect(guardOwners.has(`code:${String(item.cardId)}`), `card ${String(item.cardId)} keeps its code guard`).to.equal(true);
  for (const item of itemsOf(items, 'workspace')) {
    if (item.status !== 'closed') expect(guardOwners.has(`slug:${String(item.workspaceId)}`), 'open workspace keeps its slug guard').to.equal(true);
  }
}

describe('framework on DynamoDB Local: cascade remove', function () {
  this.timeout(60_000);
  const registry = frameworkRegistry();
  let client: ReturnType<typeof newLocalClient>;
  let tableName: string;
  let da: DataAccess;

  before(async function () {
    client = newLocalClient();
    tableName = await createTableFrom(registry.tableDefinition('framework-cascade'));
    da = registry.createDataAccess({ tableName, client });
  });

  beforeEach(async function () {
    expect(await scanTable(client, tableName), 'the table is empty before each test').to.deep.equal([]);
  });

  // Whatever a failing test left behind is wiped (raw deletes), so the next test starts empty.
  afterEach(async function () {
    const items = await scanTable(client, tableName);
    const doc = DynamoDBDocumentClient.from(client);
    for (let i = 0; i < items.length; i += 25) {
      const requests = items.slice(i, i + 25).map((item) => ({ DeleteRequest: { Key: { pk: item.pk, sk: item.sk } } }));
      await doc.send(new BatchWriteCommand({ RequestItems: { [tableName]: requests } }));
    }
  });

  after(function () {
    client?.destroy();
  });

  const scan = () => scanTable(client, tableName);

  it('remove() of a workspace with 10 boards × 30 cards and 100 notes leaves the table empty, guards included', async function () {
    const { ws } = await populate(da, { boards: 10, cards: 30, notes: 100 });
    const before = await scan();
    expect(itemsOf(before, 'workspace')).to.have.length(1);
    expect(itemsOf(before, 'board')).to.have.length(10);
    expect(itemsOf(before, 'card')).to.have.length(300);
    expect(itemsOf(before, 'note')).to.have.length(100);
    expect(guardsOf(before, 'workspace', 'slug')).to.have.length(1);
    expect(guardsOf(before, 'board', 'title')).to.have.length(10);
    expect(guardsOf(before, 'card', 'code')).to.have.length(300);
    expect(before).to.have.length(722);

    await ws.remove();
    expect(await scan()).to.deep.equal([]);
    expect(await da.Workspace.findById(ws.getId())).to.equal(null);
  });

  it('running remove() twice is fine (and removeByIds of removed ids too)', async function () {
    const { ws } = await populate(da, { boards: 2, cards: 5, notes: 10 });
    const copy = (await da.Workspace.findById(ws.getId()))!;
    await ws.remove();
    await ws.remove();
    await copy.remove();
    await da.Workspace.removeByIds([ws.getId(), ws.getId()]);
    expect(await scan()).to.deep.equal([]);
    // The slug is free again.
    await da.Workspace.create({ organizationId: ws.getOrganizationId(), slug: ws.getSlug(), name: 'again' });
  });

  it("removing a board removes its cards and frees their codes (and its title) for reuse; the sibling board is untouched", async function () {
    const { ws, boards, codes } = await populate(da, { boards: 2, cards: 30, notes: 0 });
    const [doomed, kept] = boards as [Board, Board];
    const doomedCodes = codes.slice(0, 30);
    const keptCodes = codes.slice(30);
    await doomed.remove();

    let items = await scan();
    expect(itemsOf(items, 'board').map((b) => b.boardId)).to.deep.equal([kept.getId()]);
    expect(itemsOf(items, 'card').every((c) => c.boardId === kept.getId())).to.equal(true);
    expect(itemsOf(items, 'card')).to.have.length(30);
    expect(sorted(guardsOf(items, 'card', 'code').map((g) => decodeURIComponent(String(g.pk).split('#').pop()!)))).to.deep.equal(sorted(keptCodes));
    expect(guardsOf(items, 'board', 'title').map((g) => g.ownerId)).to.deep.equal([kept.getId()]);
    expectNoOrphanGuards(items);

    // The freed codes can be taken again, the kept ones cannot.
    const reuse = await da.Card.createMany(doomedCodes.map((code) => ({ boardId: kept.getId(), text: 'reused', code })));
    expect(reuse.failed.map((f) => f.error.message)).to.deep.equal([]);
    expect(reuse.created).to.have.length(30);
    const taken = await rejectionOf(da.Card.create({ boardId: kept.getId(), text: 'dup', code: keptCodes[0]! }));
    expect(taken).to.be.instanceOf(ConflictError).and.have.property('constraint', 'code');
    await da.Board.create({ workspaceId: ws.getId(), title: doomed.getTitle() });

    await ws.remove();
    items = await scan();
    expect(items).to.deep.equal([]);
  });

  it('removeByIds cascades like remove(): the named workspaces go with everything below them, the others stay', async function () {
    const keyOf = (item: StoredItem) => `${String(item.pk)}|${String(item.sk)}`;
    const c = await populate(da, { boards: 1, cards: 6, notes: 5 }, 'c');
    const cKeys = sorted((await scan()).map(keyOf));
    const a = await populate(da, { boards: 2, cards: 5, notes: 10 }, 'a');
    const b = await populate(da, { boards: 3, cards: 4, notes: 7 }, 'b');
    expect(await scan()).to.have.length(21 + (1 + 1 + 2 + 2 + 10 + 10 + 10) + (1 + 1 + 3 + 3 + 12 + 12 + 7));

    await da.Workspace.removeByIds([a.ws.getId(), randomUUID(), b.ws.getId()]);
    const items = await scan();
    expect(sorted(items.map(keyOf))).to.deep.equal(cKeys);
    // 1 workspace + slug guard + 1 board + title guard + 6 cards + 6 code guards + 5 notes
    expect(items).to.have.length(21);
    expectNoOrphanGuards(items);
    expectOwnersKeepGuards(items);

    await da.Board.removeByIds(c.boards.map((board) => board.getId()));
    const afterBoards = await scan();
    expect(itemsOf(afterBoards, 'card')).to.deep.equal([]);
    expect(guardsOf(afterBoards, 'card', 'code')).to.deep.equal([]);
    expect(itemsOf(afterBoards, 'note')).to.have.length(5);

    await da.Workspace.removeByIds([c.ws.getId()]);
    expect(await scan()).to.deep.equal([]);
  });

  it('a closed workspace (slug guard already released) is removed completely', async function () {
    const { ws } = await populate(da, { boards: 1, cards: 3, notes: 3 });
    await ws.close();
    expect(guardsOf(await scan(), 'workspace', 'slug')).to.deep.equal([]);
    await ws.remove();
    expect(await scan()).to.deep.equal([]);
  });

  it("removing a stale copy never frees a slug that another workspace holds now", async function () {
    const organizationId = randomUUID();
    const first = await da.Workspace.create({ organizationId, slug: 'shared', name: 'First' });
    const stale = (await da.Workspace.findById(first.getId()))!;
    await first.close();
    const second = await da.Workspace.create({ organizationId, slug: 'shared', name: 'Second' });
    await stale.remove(); // still believes it holds the slug guard
    const items = await scan();
    expect(itemsOf(items, 'workspace').map((w) => w.workspaceId)).to.deep.equal([second.getId()]);
    expect(guardsOf(items, 'workspace', 'slug').map((g) => g.ownerId)).to.deep.equal([second.getId()]);
    expect(await rejectionOf(da.Workspace.create({ organizationId, slug: 'shared', name: 'Third' })))
      .to.be.instanceOf(ConflictError)
      .and.have.property('constraint', 'slug');
    await second.remove();
  });

  it('an interrupted remove() leaves the workspace in place with no orphan guard, and running it again finishes the job', async function () {
    const { ws } = await populate(da, { boards: 4, cards: 10, notes: 30 });
    // A client that fails the 3rd TransactWriteItems with a non-retryable error.
    const faulty = newLocalClient();
    let transactions = 0;
    faulty.middlewareStack.add(
      (next, context) => (args) => {
        if (context.commandName === 'TransactWriteItemsCommand') {
          transactions += 1;
          if (transactions === 3) {
            const error = Object.assign(new Error('injected failure'), { name: 'ValidationException', $fault: 'client', $metadata: { httpStatusCode: 400 } });
            return Promise.reject(error);
          }
        }
        return next(args);
      },
      { step: 'initialize', name: 'frameworkTestFault' },
    );
    try {
      const broken = registry.createDataAccess({ tableName, client: faulty, concurrency: 1 });
      const copy = (await broken.Workspace.findById(ws.getId()))!;
      const error = await rejectionOf(copy.remove());
      expect(error).to.be.instanceOf(DataAccessError);
      await delay(100);
      const midway = await scan();
      expect(itemsOf(midway, 'workspace').map((w) => w.workspaceId), 'the parent stays until its children are gone').to.deep.equal([ws.getId()]);
      expect(itemsOf(midway, 'card').length, 'the remove got somewhere before it failed').to.be.lessThan(40);
      expectNoOrphanGuards(midway);
      expectOwnersKeepGuards(midway);
    } finally {
      faulty.destroy();
    }
    await ws.remove();
    expect(await scan()).to.deep.equal([]);
  });
});
