import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { ConflictError, DataAccessError, NotFoundError, ValidationError } from '../../../src/index.js';
import type { Board, Note, Workspace } from '../../fixtures/framework-entities.js';
import type { CommandLog, FrameworkTable, StoredItem } from './framework-helpers.js';
import { guardsOf, itemsOf, openFrameworkTable, rejectionOf, scanTable, sorted } from './framework-helpers.js';

const keyOf = (item: StoredItem) => `${String(item.pk)}|${String(item.sk)}`;

describe('framework on DynamoDB Local: createMany', function () {
  this.timeout(60_000);
  let client: FrameworkTable['client'];
  let tableName: string;
  let da: FrameworkTable['da'];
  let log: CommandLog;

  before(async function () {
    ({ client, tableName, da, log } = await openFrameworkTable('framework-create-many'));
  });

  after(function () {
    client?.destroy();
  });

  const scan = () => scanTable(client, tableName);

  /** Items written between `before` and `after` (by key). */
  function newItems(before: readonly StoredItem[], after: readonly StoredItem[]): StoredItem[] {
    const old = new Set(before.map(keyOf));
    return after.filter((item) => !old.has(keyOf(item)));
  }

  it('1 000 Notes: all created in ⌈1000/25⌉ BatchWriteItem requests, every id in the table, nothing else written', async function () {
    const ws = await da.Workspace.create({ organizationId: randomUUID(), slug: 'many', name: 'Many' });
    const before = await scan();
    log.reset();
    const inputs = Array.from({ length: 1000 }, (_, i) => ({ workspaceId: ws.getId(), body: `note ${i}` }));
    const result = await da.Note.createMany(inputs);
    expect(result.created.length + result.failed.length).to.equal(1000);
    expect(result.failed).to.deep.equal([]);
    expect(log.count('BatchWriteItemCommand')).to.equal(40);
    expect(log.commands.filter((c) => c !== 'BatchWriteItemCommand')).to.deep.equal([]);

    const written = newItems(before, await scan());
    expect(written).to.have.length(1000);
    expect(written.every((item) => item.__edb_e__ === 'note')).to.equal(true);
    expect(sorted(written.map((item) => item.noteId))).to.deep.equal(sorted(result.created.map((n) => n.getId())));
    expect(new Set(result.created.map((n) => n.getId())).size).to.equal(1000);
    const byId = new Map(written.map((item) => [item.noteId, item]));
    for (const note of result.created) expect(byId.get(note.getId())?.body).to.equal(note.getBody());
    expect(sorted(result.created.map((n) => n.getBody()))).to.deep.equal(sorted(inputs.map((i) => i.body)));
  });

  it('1 000 Notes of which 10 are invalid: 990 created, exactly those 10 failed with ValidationError, nothing else written', async function () {
    const ws = await da.Workspace.create({ organizationId: randomUUID(), slug: 'many-mixed', name: 'Mixed' });
    const invalid = new Map<number, unknown>([
      [0, { workspaceId: ws.getId() }],
      [99, { workspaceId: ws.getId(), body: 'x'.repeat(4001) }],
      [200, { workspaceId: 'nope', body: 'b' }],
      [301, { workspaceId: ws.getId(), body: 42 }],
      [402, { workspaceId: ws.getId(), body: 'b', extra: true }],
      [503, null],
      [604, 'a string'],
      [705, { workspaceId: ws.getId(), body: 'b', createdAt: '2020-01-01T00:00:00.000Z' }],
      [806, { workspaceId: ws.getId(), body: 'b', noteId: 'not-a-uuid' }],
      [999, []],
    ]);
    const inputs: unknown[] = Array.from({ length: 1000 }, (_, i) => (invalid.has(i) ? invalid.get(i) : { workspaceId: ws.getId(), body: `mixed ${i}` }));
    const before = await scan();
    const result = await da.Note.createMany(inputs as never);
    expect(result.created.length + result.failed.length).to.equal(1000);
    expect(result.created).to.have.length(990);
    expect(result.failed).to.have.length(10);
    expect(result.failed.map((f) => f.item)).to.have.members([...invalid.values()]);
    for (const failure of result.failed) expect(failure.error).to.be.instanceOf(ValidationError);
    const written = newItems(before, await scan());
    expect(sorted(written.map((item) => item.noteId))).to.deep.equal(sorted(result.created.map((n) => n.getId())));
  });

  it('100 Boards with 10 duplicate titles and 5 invalid: failed lists exactly those 15, the table holds the other 85 with their guards', async function () {
    const ws = await da.Workspace.create({ organizationId: randomUUID(), slug: 'boards', name: 'Boards' });
    const existing: Board[] = [];
    for (let i = 0; i < 10; i += 1) existing.push(await da.Board.create({ workspaceId: ws.getId(), title: `existing ${i}` }));
    const before = await scan();

    const duplicates = existing.map((board, i) => ({ workspaceId: ws.getId(), title: board.getTitle(), position: 1000 + i }));
    const invalids: unknown[] = [
      { workspaceId: ws.getId(), title: '' },
      { workspaceId: ws.getId(), title: 'negative', position: -1 },
      { workspaceId: 'nope', title: 'bad parent id' },
      { title: 'no parent' },
      { workspaceId: ws.getId(), title: 'x', archived: 'yes' },
    ];
    const valid = Array.from({ length: 85 }, (_, i) => ({ workspaceId: ws.getId(), title: `new ${i}`, position: i }));
    // Interleave deterministically: a duplicate or an invalid item in every 7th slot and the last.
    const oddSlots = new Set([...Array.from({ length: 14 }, (_, k) => 3 + 7 * k), 99]);
    const odd: unknown[] = [...duplicates, ...invalids];
    const inputs: unknown[] = [];
    let v = 0;
    for (let i = 0; i < 100; i += 1) inputs.push(oddSlots.has(i) ? odd.shift() : valid[v++]);
    expect(odd).to.deep.equal([]);
    expect(inputs).to.have.length(100);
    expect(v).to.equal(85);

    const result = await da.Board.createMany(inputs as never);
    expect(result.created.length + result.failed.length).to.equal(100);
    expect(result.created).to.have.length(85);
    expect(result.failed).to.have.length(15);
    const failedItems = result.failed.map((f) => f.item);
    expect(failedItems).to.have.members([...duplicates, ...invalids]);
    for (const failure of result.failed) {
      if ((duplicates as unknown[]).includes(failure.item)) {
        expect(failure.error).to.be.instanceOf(ConflictError).and.have.property('constraint', 'title');
      } else {
        expect(failure.error).to.be.instanceOf(ValidationError);
      }
    }
    expect(sorted(result.created.map((b) => b.getTitle()))).to.deep.equal(sorted(valid.map((b) => b.title)));

    const written = newItems(before, await scan());
    const boards = itemsOf(written, 'board');
    const guards = guardsOf(written, 'board', 'title');
    expect(written).to.have.length(85 * 2);
    expect(sorted(boards.map((b) => b.boardId))).to.deep.equal(sorted(result.created.map((b) => b.getId())));
    expect(sorted(guards.map((g) => g.ownerId))).to.deep.equal(sorted(result.created.map((b) => b.getId())));
    const after = await scan();
    // The existing boards keep their guards.
    expect(sorted(guardsOf(after, 'board', 'title').filter((g) => String(g.pk).includes(ws.getId())).map((g) => g.ownerId))).to.deep.equal(
      sorted([...existing, ...result.created].map((b) => b.getId())),
    );
  });

  it(`20 Boards with one title in one createMany: one created, 19 ConflictError('title')`, async function () {
    const ws = await da.Workspace.create({ organizationId: randomUUID(), slug: 'same-title', name: 'Same' });
    const result = await da.Board.createMany(Array.from({ length: 20 }, (_, i) => ({ workspaceId: ws.getId(), title: 'Same', position: i })));
    expect(result.created).to.have.length(1);
    expect(result.failed).to.have.length(19);
    for (const failure of result.failed) expect(failure.error).to.be.instanceOf(ConflictError).and.have.property('constraint', 'title');
    const items = await scan();
    expect(itemsOf(items, 'board').filter((b) => b.workspaceId === ws.getId()).map((b) => b.boardId)).to.deep.equal([result.created[0]!.getId()]);
  });

  it('Boards of a missing workspace fail with NotFoundError, of a frozen one with ConflictError(open-workspace), nothing written for them', async function () {
    const open = await da.Workspace.create({ organizationId: randomUUID(), slug: 'open', name: 'Open' });
    const frozen = await da.Workspace.create({ organizationId: randomUUID(), slug: 'frozen', name: 'Frozen' });
    await frozen.setStatus('frozen').save();
    const missing = randomUUID();
    const inputs = [
      { workspaceId: open.getId(), title: 'ok 1' },
      { workspaceId: missing, title: 'lost' },
      { workspaceId: frozen.getId(), title: 'cold' },
      { workspaceId: open.getId(), title: 'ok 2' },
    ];
    const before = await scan();
    const result = await da.Board.createMany(inputs);
    expect(result.created.map((b) => b.getTitle())).to.have.members(['ok 1', 'ok 2']);
    expect(result.failed).to.have.length(2);
    const lost = result.failed.find((f) => f.item === inputs[1]);
    const cold = result.failed.find((f) => f.item === inputs[2]);
    expect(lost?.error).to.be.instanceOf(NotFoundError);
    expect(lost?.error).to.include({ entityName: 'Workspace', id: missing });
    expect(cold?.error).to.be.instanceOf(ConflictError).and.have.property('constraint', 'open-workspace');
    const written = newItems(before, await scan());
    expect(sorted(itemsOf(written, 'board').map((b) => b.title))).to.deep.equal(['ok 1', 'ok 2']);
    expect(written).to.have.length(4);
  });

  it('Notes with a caller-chosen id: an existing id fails with ConflictError(id) and leaves the stored note unchanged', async function () {
    const ws = await da.Workspace.create({ organizationId: randomUUID(), slug: 'ids', name: 'Ids' });
    const original = await da.Note.create({ workspaceId: ws.getId(), body: 'original' });
    const fresh = randomUUID();
    const result = await da.Note.createMany([
      { noteId: original.getId(), workspaceId: ws.getId(), body: 'overwrite?' },
      { noteId: fresh, workspaceId: ws.getId(), body: 'fresh' },
    ]);
    expect(result.created.map((n: Note) => n.getId())).to.deep.equal([fresh]);
    expect(result.failed).to.have.length(1);
    expect(result.failed[0]!.error).to.be.instanceOf(ConflictError).and.have.property('constraint', 'id');
    expect((await da.Note.findById(original.getId()))?.getBody()).to.equal('original');
  });

  it('20 Notes with one caller-chosen id in one createMany: exactly one created, 19 ConflictError(id), and the created one is the one stored', async function () {
    const ws: Workspace = await da.Workspace.create({ organizationId: randomUUID(), slug: 'same-id', name: 'Same id' });
    for (let round = 0; round < 5; round += 1) {
      const id = randomUUID();
      const result = await da.Note.createMany(Array.from({ length: 20 }, (_, i) => ({ noteId: id, workspaceId: ws.getId(), body: `writer ${i}` })));
      const stored = await da.Note.findById(id);
      expect(
        result.created.map((n) => n.getBody()),
        `round ${round}: created ${result.created.length}; stored body ${stored?.getBody()}`,
      ).to.deep.equal([stored?.getBody()]);
      expect(result.failed).to.have.length(19);
      for (const failure of result.failed) expect(failure.error).to.be.instanceOf(ConflictError).and.have.property('constraint', 'id');
    }
  });

  it('an empty list sends nothing; a non-array is a ValidationError', async function () {
    log.reset();
    expect(await da.Note.createMany([])).to.deep.equal({ created: [], failed: [] });
    expect(await da.Board.createMany([])).to.deep.equal({ created: [], failed: [] });
    expect(log.commands).to.deep.equal([]);
    let error: unknown;
    try {
      await da.Note.createMany('nope' as never);
    } catch (e) {
      error = e;
    }
    expect(error).to.be.instanceOf(ValidationError);
    expect(error).to.be.instanceOf(DataAccessError);
    expect(await rejectionOf(Promise.resolve().then(() => da.Note.createMany(null as never)))).to.be.instanceOf(ValidationError);
  });
});
