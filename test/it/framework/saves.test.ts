import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { ConcurrentModificationError, DataAccessError, InvalidTransitionError, NotFoundError, ValidationError } from '../../../src/index.js';
import type { Workspace } from '../../fixtures/framework-entities.js';
import type { CommandLog, FrameworkTable, StoredItem } from './framework-helpers.js';
import { fulfilledOf, guardsOf, itemsOf, openFrameworkTable, raceAll, rejectedOf, rejectionOf, scanTable } from './framework-helpers.js';

const N = 20;

describe('framework on DynamoDB Local: optimistic saves and lifecycle moves', function () {
  this.timeout(60_000);
  let client: FrameworkTable['client'];
  let tableName: string;
  let da: FrameworkTable['da'];
  let log: CommandLog;

  before(async function () {
    ({ client, tableName, da, log } = await openFrameworkTable('framework-saves'));
  });

  after(function () {
    client?.destroy();
  });

  async function stored(id: string): Promise<StoredItem | undefined> {
    return itemsOf(await scanTable(client, tableName), 'workspace').find((item) => item.workspaceId === id);
  }

  async function slugGuardOwners(organizationId: string): Promise<unknown[]> {
    return guardsOf(await scanTable(client, tableName), 'workspace', 'slug')
      .filter((g) => String(g.pk).includes(organizationId))
      .map((g) => g.ownerId);
  }

  const newWorkspace = (slug = 'w') => da.Workspace.create({ organizationId: randomUUID(), slug, name: 'Original', score: 1 });
  const copiesOf = async (ws: Workspace, n: number) =>
    (await Promise.all(Array.from({ length: n }, () => da.Workspace.findById(ws.getId())))).map((copy) => copy!);

  describe('save()', function () {
    it('of a stale copy fails with ConcurrentModificationError and keeps the first save', async function () {
      const ws = await newWorkspace();
      const [first, second] = await copiesOf(ws, 2);
      await first!.setName('first').save();
      const error = await rejectionOf(second!.setName('second').save());
      expect(error).to.be.instanceOf(ConcurrentModificationError);
      expect(error).to.include({ entityName: 'Workspace', id: ws.getId(), code: 'CONCURRENT_MODIFICATION' });
      const item = await stored(ws.getId());
      expect(item?.name).to.equal('first');
      expect(item?.updatedAt).to.equal(first!.getUpdatedAt());
      // A copy that changed a different attribute is just as stale.
      const third = await rejectionOf(ws.setScore(50).save());
      expect(third).to.be.instanceOf(ConcurrentModificationError);
      expect((await stored(ws.getId()))?.score).to.equal(1);
      // Read again, the change goes through.
      const fresh = (await da.Workspace.findById(ws.getId()))!;
      await fresh.setScore(50).save();
      expect(await stored(ws.getId())).to.include({ name: 'first', score: 50 });
    });

    it(`${N} concurrent saves of copies read at the same time: exactly one succeeds, the item holds its value (3 rounds)`, async function () {
      for (let round = 0; round < 3; round += 1) {
        const ws = await newWorkspace();
        const copies = await copiesOf(ws, N);
        const results = await raceAll(N, (i) => copies[i]!.setName(`writer ${i}`).save());
        const winners = fulfilledOf(results);
        const item = await stored(ws.getId());
        expect(winners.map((w) => w.getName()), `round ${round}: stored name '${String(item?.name)}'`).to.deep.equal([item?.name]);
        const errors = rejectedOf(results);
        expect(errors).to.have.length(N - 1);
        for (const error of errors) expect(error).to.be.instanceOf(ConcurrentModificationError);
        expect(item?.updatedAt).to.equal(winners[0]!.getUpdatedAt());
      }
    });

    it('saves of one instance in quick succession all succeed and each moves updatedAt forward', async function () {
      const ws = await newWorkspace();
      const stale = (await da.Workspace.findById(ws.getId()))!;
      const seen = [ws.getUpdatedAt()];
      for (let i = 0; i < 10; i += 1) {
        await ws.setScore(i).save();
        seen.push(ws.getUpdatedAt());
      }
      for (let i = 1; i < seen.length; i += 1) expect(seen[i]! > seen[i - 1]!, `${seen[i]} after ${seen[i - 1]}`).to.equal(true);
      expect(await stored(ws.getId())).to.include({ score: 9, updatedAt: ws.getUpdatedAt() });
      expect(await rejectionOf(stale.setName('stale').save())).to.be.instanceOf(ConcurrentModificationError);
    });

    it('sends only the changed attributes (a cleared one is removed) and nothing at all when nothing changed', async function () {
      const ws = await da.Workspace.create({ organizationId: randomUUID(), slug: 'partial', name: 'Partial', homepage: 'https://example.com', score: 3 });
      const other = (await da.Workspace.findById(ws.getId()))!;
      log.reset();
      await ws.save();
      ws.setName('Partial');
      await ws.save();
      expect(log.commands, 'a save without changes').to.deep.equal([]);
      await ws.setHomepage(undefined).setName('  Renamed  ').save();
      expect(log.commands).to.deep.equal(['UpdateItemCommand']);
      const item = await stored(ws.getId());
      expect(item).to.not.have.property('homepage');
      expect(item).to.include({ name: 'Renamed', score: 3, slug: 'partial', status: 'open' });
      expect(other.getHomepage()).to.equal('https://example.com');
    });

    it('a setter validates at once (ValidationError), and a save of a removed item is NotFoundError', async function () {
      const ws = await newWorkspace();
      expect(() => ws.setScore(101)).to.throw(ValidationError);
      expect(() => ws.setName('')).to.throw(ValidationError);
      expect(() => ws.setHomepage('http://insecure.example')).to.throw(ValidationError);
      expect(ws.hasChanges()).to.equal(false);
      const copy = (await da.Workspace.findById(ws.getId()))!;
      await ws.remove();
      expect(await rejectionOf(copy.setName('ghost').save())).to.be.instanceOf(NotFoundError);
      expect(await stored(ws.getId())).to.equal(undefined);
    });

    it('an immutable entity (Card) cannot be saved', async function () {
      const ws = await newWorkspace('cards');
      const board = await da.Board.create({ workspaceId: ws.getId(), title: 'b' });
      const card = await da.Card.create({ boardId: board.getId(), text: 't', code: `imm-${randomUUID().slice(0, 8)}` });
      expect((card as unknown as Record<string, unknown>).setText).to.equal(undefined);
      const error = await rejectionOf(card.save());
      expect(error).to.be.instanceOf(DataAccessError).and.have.property('code', 'UNSUPPORTED');
    });
  });

  describe('lifecycle', function () {
    it('an invalid move throws InvalidTransitionError at once and sends nothing', async function () {
      const ws = await newWorkspace();
      await ws.close();
      log.reset();
      for (const to of ['open', 'frozen'] as const) {
        let error: unknown;
        try {
          ws.setStatus(to);
        } catch (e) {
          error = e;
        }
        expect(error).to.be.instanceOf(InvalidTransitionError);
        expect(error).to.include({ from: 'closed', to, code: 'INVALID_TRANSITION' });
      }
      expect(ws.getStatus()).to.equal('closed');
      await ws.save();
      expect(log.commands).to.deep.equal([]);
      expect((await stored(ws.getId()))?.status).to.equal('closed');
    });

    it('every allowed move of the declared state machine succeeds (open → frozen → open → closed)', async function () {
      const ws = await newWorkspace();
      await ws.setStatus('frozen').save();
      expect((await stored(ws.getId()))?.status).to.equal('frozen');
      expect(await slugGuardOwners(ws.getOrganizationId())).to.deep.equal([ws.getId()]);
      await ws.setStatus('open').save();
      await ws.setStatus('closed').save();
      const item = await stored(ws.getId());
      expect(item?.status).to.equal('closed');
      expect(item?.closedAt).to.be.a('string');
      expect(await slugGuardOwners(ws.getOrganizationId())).to.deep.equal([]);
    });

    it("a stale copy's lifecycle move is ConcurrentModificationError and changes nothing (the guard stays)", async function () {
      const ws = await newWorkspace();
      const [freezer, closer] = await copiesOf(ws, 2);
      await freezer!.setStatus('frozen').save();
      const error = await rejectionOf(closer!.close());
      expect(error).to.be.instanceOf(ConcurrentModificationError);
      const item = await stored(ws.getId());
      expect(item?.status).to.equal('frozen');
      expect(item).to.not.have.property('closedAt');
      expect(await slugGuardOwners(ws.getOrganizationId())).to.deep.equal([ws.getId()]);
      // A stale move that is valid from the stale state but not wanted any more (open → frozen on a closed item).
      await freezer!.close();
      expect(await rejectionOf(ws.setStatus('frozen').save())).to.be.instanceOf(ConcurrentModificationError);
      expect((await stored(ws.getId()))?.status).to.equal('closed');
    });

    it(`${N} concurrent close() of copies read while open: exactly one succeeds, the guard is released once`, async function () {
      const ws = await newWorkspace();
      const copies = await copiesOf(ws, N);
      const results = await raceAll(N, (i) => copies[i]!.close());
      const winners = fulfilledOf(results);
      expect(winners).to.have.length(1);
      const errors = rejectedOf(results);
      expect(errors).to.have.length(N - 1);
      for (const error of errors) expect(error).to.be.instanceOf(ConcurrentModificationError);
      const item = await stored(ws.getId());
      expect(item).to.include({ status: 'closed', updatedAt: winners[0]!.getUpdatedAt(), closedAt: winners[0]!.getClosedAt() });
      expect(await slugGuardOwners(ws.getOrganizationId())).to.deep.equal([]);
    });

    it(`${N} concurrent moves to different states (freeze or close) from copies: exactly one lands (3 rounds)`, async function () {
      for (let round = 0; round < 3; round += 1) {
        const ws = await newWorkspace();
        const copies = await copiesOf(ws, N);
        const results = await raceAll(N, (i) => (i % 2 === 0 ? copies[i]!.setStatus('frozen').save() : copies[i]!.close()));
        const winners = fulfilledOf(results);
        const item = await stored(ws.getId());
        expect(winners.map((w) => `${w.getStatus()}@${w.getUpdatedAt()}`), `round ${round}: stored ${String(item?.status)}@${String(item?.updatedAt)}`).to.have.length(1);
        for (const error of rejectedOf(results)) expect(error).to.be.instanceOf(ConcurrentModificationError);
        const status = winners[0]!.getStatus();
        expect(item?.status).to.equal(status);
        expect(await slugGuardOwners(ws.getOrganizationId())).to.deep.equal(status === 'closed' ? [] : [ws.getId()]);
      }
    });
  });
});
