import { randomUUID } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { expect } from 'chai';
import { ConcurrentModificationError, ConflictError } from '../../../src/index.js';
import type { Board } from '../../fixtures/framework-entities.js';
import { frameworkRegistry } from '../../fixtures/framework-entities.js';
import { newLocalClient } from '../../support/local-store.js';
import type { FrameworkTable, StoredItem } from './framework-helpers.js';
import { fulfilledOf, guardsOf, openFrameworkTable, itemsOf, raceAll, rejectedOf, rejectionOf, scanTable, sorted } from './framework-helpers.js';

const N = 20;

function expectConflicts(errors: readonly unknown[], constraint: string): void {
  for (const error of errors) {
    expect(error).to.be.instanceOf(ConflictError);
    expect((error as ConflictError).constraint).to.equal(constraint);
  }
}

/**
 * A client whose TransactWriteItems requests wait at a gate until `open()` is called: lets a test
 * change the table between the moment a write was prepared and the moment it reaches DynamoDB.
 */
function gatedClient(): { client: DynamoDBClient; reached: Promise<void>; open: () => void } {
  const client = newLocalClient();
  let reachedResolve!: () => void;
  let openResolve!: () => void;
  const reached = new Promise<void>((resolve) => (reachedResolve = resolve));
  const opened = new Promise<void>((resolve) => (openResolve = resolve));
  client.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName === 'TransactWriteItemsCommand') {
        reachedResolve();
        await opened;
      }
      return next(args);
    },
    { step: 'initialize', name: 'frameworkTestGate' },
  );
  return { client, reached, open: openResolve };
}

describe('framework on DynamoDB Local: unique constraints and preconditions under concurrency', function () {
  this.timeout(60_000);
  const registry = frameworkRegistry();
  let client: FrameworkTable['client'];
  let tableName: string;
  let da: FrameworkTable['da'];

  before(async function () {
    ({ client, tableName, da } = await openFrameworkTable('framework-races'));
  });

  after(function () {
    client?.destroy();
  });

  const scan = () => scanTable(client, tableName);
  const slugGuards = (items: readonly StoredItem[], organizationId: string) =>
    guardsOf(items, 'workspace', 'slug').filter((g) => String(g.pk).includes(organizationId));
  const workspacesOf = (items: readonly StoredItem[], organizationId: string) =>
    itemsOf(items, 'workspace').filter((w) => w.organizationId === organizationId);

  it(`${N} concurrent Workspace.create with one (organizationId, slug): one wins, ${N - 1} ConflictError('slug'), one item and one guard`, async function () {
    const organizationId = randomUUID();
    const results = await raceAll(N, (i) => da.Workspace.create({ organizationId, slug: 'race', name: `racer ${i}` }));
    const [winner, ...others] = fulfilledOf(results);
    expect(others).to.have.length(0);
    expect(winner).to.not.equal(undefined);
    const errors = rejectedOf(results);
    expect(errors).to.have.length(N - 1);
    expectConflicts(errors, 'slug');

    const items = await scan();
    expect(workspacesOf(items, organizationId).map((w) => w.workspaceId)).to.deep.equal([winner!.getId()]);
    const guards = slugGuards(items, organizationId);
    expect(guards).to.have.length(1);
    expect(guards[0]!.ownerId).to.equal(winner!.getId());
    // The same slug in another organization is another value.
    await da.Workspace.create({ organizationId: randomUUID(), slug: 'race', name: 'elsewhere' });
  });

  it(`${N} concurrent Board.create with one (workspaceId, title): one wins, ${N - 1} ConflictError('title')`, async function () {
    const ws = await da.Workspace.create({ organizationId: randomUUID(), slug: 'titles', name: 'Titles' });
    const results = await raceAll(N, (i) => da.Board.create({ workspaceId: ws.getId(), title: 'Same title', position: i }));
    const winners = fulfilledOf(results);
    expect(winners).to.have.length(1);
    expectConflicts(rejectedOf(results), 'title');
    expect(rejectedOf(results)).to.have.length(N - 1);

    const items = await scan();
    const boards = itemsOf(items, 'board').filter((b) => b.workspaceId === ws.getId());
    expect(boards.map((b) => b.boardId)).to.deep.equal([winners[0]!.getId()]);
    const guards = guardsOf(items, 'board', 'title').filter((g) => String(g.pk).includes(ws.getId()));
    expect(guards.map((g) => g.ownerId)).to.deep.equal([winners[0]!.getId()]);
    // The title is unique per workspace, not globally.
    const other = await da.Workspace.create({ organizationId: randomUUID(), slug: 'titles', name: 'Other' });
    await da.Board.create({ workspaceId: other.getId(), title: 'Same title' });
  });

  it(`${N} concurrent Card.create with one code on different boards: one wins, ${N - 1} ConflictError('code')`, async function () {
    const ws = await da.Workspace.create({ organizationId: randomUUID(), slug: 'codes', name: 'Codes' });
    const boards: Board[] = [];
    for (let i = 0; i < 4; i += 1) boards.push(await da.Board.create({ workspaceId: ws.getId(), title: `b${i}` }));
    const code = `CODE-${randomUUID().slice(0, 8)}`;
    const results = await raceAll(N, (i) => da.Card.create({ boardId: boards[i % boards.length]!.getId(), text: `card ${i}`, code }));
    const winners = fulfilledOf(results);
    expect(winners, rejectedOf(results).map(String).join('; ')).to.have.length(1);
    expect(rejectedOf(results)).to.have.length(N - 1);
    expectConflicts(rejectedOf(results), 'code');

    const items = await scan();
    expect(itemsOf(items, 'card').filter((c) => c.code === code).map((c) => c.cardId)).to.deep.equal([winners[0]!.getId()]);
    const guards = guardsOf(items, 'card', 'code').filter((g) => String(g.pk).endsWith(encodeURIComponent(code)));
    expect(guards.map((g) => g.ownerId)).to.deep.equal([winners[0]!.getId()]);
  });

  it(`${N} concurrent Workspace.create with one caller-chosen id (transaction path): one wins, ${N - 1} ConflictError('id')`, async function () {
    const workspaceId = randomUUID();
    const organizationId = randomUUID();
    const results = await raceAll(N, (i) => da.Workspace.create({ workspaceId, organizationId, slug: `id-race-${i}`, name: `racer ${i}` }));
    const winners = fulfilledOf(results);
    expect(winners).to.have.length(1);
    expectConflicts(rejectedOf(results), 'id');
    const items = await scan();
    expect(workspacesOf(items, organizationId).map((w) => w.slug)).to.deep.equal([winners[0]!.getSlug()]);
    // The losers' slug guards were not left behind.
    expect(slugGuards(items, organizationId).map((g) => g.ownerId)).to.deep.equal([workspaceId]);
  });

  it(`${N} concurrent Note.create with one caller-chosen id (conditional put path): one wins, ${N - 1} ConflictError('id') — 5 rounds`, async function () {
    const ws = await da.Workspace.create({ organizationId: randomUUID(), slug: 'note-ids', name: 'Note ids' });
    const report: string[] = [];
    for (let round = 0; round < 5; round += 1) {
      const noteId = randomUUID();
      const results = await raceAll(N, (i) => da.Note.create({ noteId, workspaceId: ws.getId(), body: `writer ${i}` }));
      const stored = itemsOf(await scan(), 'note').filter((n) => n.noteId === noteId);
      expect(stored).to.have.length(1);
      const winners = fulfilledOf(results);
      report.push(`round ${round}: ${winners.length} create(s) fulfilled (${winners.map((w) => w.getBody()).join(', ')}), stored body '${String(stored[0]!.body)}'`);
      expectConflicts(rejectedOf(results), 'id');
    }
    expect(report.filter((line) => !/: 1 create\(s\) fulfilled/.test(line)), report.join('\n')).to.deep.equal([]);
  });

  it('a guard is claimed inside the write: a create prepared before a rival took the slug fails when it lands', async function () {
    const organizationId = randomUUID();
    const gate = gatedClient();
    try {
      const held = registry.createDataAccess({ tableName, client: gate.client });
      const pending = held.Workspace.create({ organizationId, slug: 'gated', name: 'first to start' }).then(
        (w) => w,
        (e: unknown) => e,
      );
      await gate.reached;
      const rival = await da.Workspace.create({ organizationId, slug: 'gated', name: 'first to land' });
      gate.open();
      const outcome = await pending;
      expect(outcome).to.be.instanceOf(ConflictError).and.have.property('constraint', 'slug');
      const items = await scan();
      expect(workspacesOf(items, organizationId).map((w) => w.workspaceId)).to.deep.equal([rival.getId()]);
      expect(slugGuards(items, organizationId).map((g) => g.ownerId)).to.deep.equal([rival.getId()]);
    } finally {
      gate.open();
      gate.client.destroy();
    }
  });

  describe('partial uniqueness (slug unique while not closed)', function () {
    it('frozen keeps the slug, close() frees it for a new workspace, which then holds the guard', async function () {
      const organizationId = randomUUID();
      const first = await da.Workspace.create({ organizationId, slug: 'reuse', name: 'First' });
      await first.setStatus('frozen').save();
      expect(await rejectionOf(da.Workspace.create({ organizationId, slug: 'reuse', name: 'Too early' })))
        .to.be.instanceOf(ConflictError)
        .and.have.property('constraint', 'slug');
      await first.close();
      const second = await da.Workspace.create({ organizationId, slug: 'reuse', name: 'Second' });
      expect(second.getStatus()).to.equal('open');

      const items = await scan();
      expect(slugGuards(items, organizationId).map((g) => g.ownerId)).to.deep.equal([second.getId()]);
      expect(sorted(workspacesOf(items, organizationId).map((w) => `${String(w.status)}:${String(w.workspaceId)}`))).to.deep.equal(
        sorted([`closed:${first.getId()}`, `open:${second.getId()}`]),
      );
      expect(await rejectionOf(da.Workspace.create({ organizationId, slug: 'reuse', name: 'Third' })))
        .to.be.instanceOf(ConflictError)
        .and.have.property('constraint', 'slug');
      // Closing the second frees it again; the first (closed) never takes it back.
      await second.close();
      const third = await da.Workspace.create({ organizationId, slug: 'reuse', name: 'Third' });
      expect(slugGuards(await scan(), organizationId).map((g) => g.ownerId)).to.deep.equal([third.getId()]);
    });

    it(`${N} concurrent close() of copies and ${N} concurrent creates never leave two open workspaces with one slug (5 rounds)`, async function () {
      this.timeout(60_000);
      let createsWon = 0;
      for (let round = 0; round < 5; round += 1) {
        const organizationId = randomUUID();
        const original = await da.Workspace.create({ organizationId, slug: 'contested', name: 'Original' });
        const copies = await Promise.all(Array.from({ length: N }, () => da.Workspace.findById(original.getId())));
        const closes = copies.map((copy, i) => delay(i % 4).then(() => copy!.close()));
        const creates = Array.from({ length: N }, (_, i) => delay(i % 5).then(() => da.Workspace.create({ organizationId, slug: 'contested', name: `new ${i}` })));
        // Settle both groups together: awaiting one first would leave the other's rejections unhandled meanwhile.
        const [closeResults, createResults] = await Promise.all([Promise.allSettled(closes), Promise.allSettled(creates)]);

        expect(fulfilledOf(closeResults), 'exactly one close() wins').to.have.length(1);
        for (const error of rejectedOf(closeResults)) expect(error).to.be.instanceOf(ConcurrentModificationError);
        const created = fulfilledOf(createResults);
        expect(created.length, 'at most one create takes the freed slug').to.be.at.most(1);
        expectConflicts(rejectedOf(createResults), 'slug');
        createsWon += created.length;

        const items = await scan();
        const notClosed = workspacesOf(items, organizationId).filter((w) => w.status !== 'closed');
        expect(notClosed.map((w) => w.workspaceId)).to.deep.equal(created.map((w) => w.getId()));
        expect(workspacesOf(items, organizationId).find((w) => w.workspaceId === original.getId())?.status).to.equal('closed');
        const guards = slugGuards(items, organizationId);
        expect(guards.map((g) => g.ownerId)).to.deep.equal(created.map((w) => w.getId()));
        if (created.length === 0) {
          // The slug was freed and nobody holds it: a create now must succeed.
          const late = await da.Workspace.create({ organizationId, slug: 'contested', name: 'late' });
          expect(slugGuards(await scan(), organizationId).map((g) => g.ownerId)).to.deep.equal([late.getId()]);
          createsWon += 1;
        }
      }
      expect(createsWon).to.equal(5);
    });
  });

  describe('precondition open-workspace under concurrency', function () {
    it(`while ${N} Board creates run, freezing the workspace: creates sent after the freeze resolved are refused, every stored board was created by a fulfilled create`, async function () {
      const ws = await da.Workspace.create({ organizationId: randomUUID(), slug: 'freeze', name: 'Freeze' });
      const freezer = (await da.Workspace.findById(ws.getId()))!;
      type Outcome = { board?: Board; error?: unknown; startedAt: number };
      const attempt = async (i: number): Promise<Outcome> => {
        const startedAt = performance.now();
        const outcome = await da.Board.create({ workspaceId: ws.getId(), title: `t${i}`, position: i }).then(
          (board): Omit<Outcome, 'startedAt'> => ({ board }),
          (error: unknown) => ({ error }),
        );
        return { ...outcome, startedAt };
      };
      // Create 0 goes first; the freeze starts when it is done, while creates 1–14 start every
      // 2 ms around it; creates 15–19 start the moment the freeze resolved.
      const first = attempt(0);
      let freezeResolvedAt = Number.POSITIVE_INFINITY;
      const freeze = first.then(async () => {
        await freezer.setStatus('frozen').save();
        freezeResolvedAt = performance.now();
      });
      const during = Array.from({ length: 14 }, (_, k) => delay(k * 2).then(() => attempt(k + 1)));
      const after = Array.from({ length: N - 15 }, (_, k) => freeze.then(() => attempt(k + 15)));
      const outcomes = await Promise.all([first, ...during, ...after]);
      await freeze;

      expect(outcomes).to.have.length(N);
      for (const outcome of outcomes) {
        if (outcome.error !== undefined) {
          expect(outcome.error).to.be.instanceOf(ConflictError).and.have.property('constraint', 'open-workspace');
        }
        if (outcome.startedAt > freezeResolvedAt) {
          expect(outcome.board, 'a create started after the freeze resolved must be refused').to.equal(undefined);
        }
      }
      expect(outcomes[0].board, 'the create before the freeze succeeds').to.not.equal(undefined);
      expect(outcomes.filter((o) => o.startedAt > freezeResolvedAt).length).to.be.at.least(N - 15);
      const createdIds = outcomes.flatMap((o) => (o.board ? [o.board.getId()] : []));

      const items = await scan();
      const boards = itemsOf(items, 'board').filter((b) => b.workspaceId === ws.getId());
      expect(sorted(boards.map((b) => b.boardId))).to.deep.equal(sorted(createdIds));
      const guards = guardsOf(items, 'board', 'title').filter((g) => String(g.pk).includes(ws.getId()));
      expect(sorted(guards.map((g) => g.ownerId))).to.deep.equal(sorted(createdIds));
      // Re-opened, the workspace accepts boards again (the refused titles were never claimed).
      await freezer.setStatus('open').save();
      await da.Board.create({ workspaceId: ws.getId(), title: 't19' });
    });

    it('the precondition is checked inside the write: a create prepared while open but landing after the freeze is refused', async function () {
      const ws = await da.Workspace.create({ organizationId: randomUUID(), slug: 'freeze-gated', name: 'Gated' });
      const gate = gatedClient();
      try {
        const held = registry.createDataAccess({ tableName, client: gate.client });
        const pending = held.Board.create({ workspaceId: ws.getId(), title: 'prepared while open' }).then(
          (b) => b,
          (e: unknown) => e,
        );
        await gate.reached;
        await ws.setStatus('frozen').save();
        gate.open();
        const outcome = await pending;
        expect(outcome).to.be.instanceOf(ConflictError).and.have.property('constraint', 'open-workspace');
        const items = await scan();
        expect(itemsOf(items, 'board').filter((b) => b.workspaceId === ws.getId())).to.deep.equal([]);
        expect(guardsOf(items, 'board', 'title').filter((g) => String(g.pk).includes(ws.getId()))).to.deep.equal([]);
      } finally {
        gate.open();
        gate.client.destroy();
      }
    });
  });
});
