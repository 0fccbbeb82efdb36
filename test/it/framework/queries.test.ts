import { randomUUID } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import { expect } from 'chai';
import { DataAccessError, ValidationError } from '../../../src/index.js';
import type { Board, Card, Note, Workspace } from '../../fixtures/framework-entities.js';
import type { CommandLog, FrameworkTable } from './framework-helpers.js';
import { openFrameworkTable, rejectionOf, sorted } from './framework-helpers.js';

type Model = Workspace | Board | Card | Note;
const ids = (models: readonly Model[]) => models.map((m) => m.getId());

describe('framework on DynamoDB Local: generated finders, pagination and cursors', function () {
  this.timeout(60_000);
  let client: FrameworkTable['client'];
  let da: FrameworkTable['da'];
  let log: CommandLog;

  before(async function () {
    ({ client, da, log } = await openFrameworkTable('framework-queries'));
  });

  after(function () {
    client?.destroy();
  });

  describe('Workspace.byOrganization (pk organizationId, sk status, slug)', function () {
    const orgA = randomUUID();
    const orgB = randomUUID();
    // Ascending gsi1sk order is status, then slug: closed < frozen < open.
    let closedX: Workspace;
    let frozenAbd: Workspace;
    let openAb: Workspace;
    let openAbc: Workspace;
    let otherOrgAb: Workspace;

    before(async function () {
      openAb = await da.Workspace.create({ organizationId: orgA, slug: 'ab', name: 'AB' });
      openAbc = await da.Workspace.create({ organizationId: orgA, slug: 'abc', name: 'ABC' });
      frozenAbd = await da.Workspace.create({ organizationId: orgA, slug: 'abd', name: 'ABD' });
      await frozenAbd.setStatus('frozen').save();
      closedX = await da.Workspace.create({ organizationId: orgA, slug: 'x', name: 'X' });
      await closedX.close();
      otherOrgAb = await da.Workspace.create({ organizationId: orgB, slug: 'ab', name: 'other org' });
      // A change of a non-key attribute must not disturb the index entry.
      await openAbc.setName('ABC renamed').save();
    });

    it('allByOrganizationId returns every workspace of the organization, sorted by status then slug', async function () {
      const all = await da.Workspace.allByOrganizationId(orgA);
      expect(ids(all)).to.deep.equal(ids([closedX, frozenAbd, openAb, openAbc]));
      expect(all.map((w) => w.getStatus())).to.deep.equal(['closed', 'frozen', 'open', 'open']);
      expect(ids(await da.Workspace.allByOrganizationId(orgB))).to.deep.equal([otherOrgAb.getId()]);
      expect(await da.Workspace.allByOrganizationId(randomUUID())).to.deep.equal([]);
    });

    it('allByOrganizationId honours limit and order: desc', async function () {
      expect(ids(await da.Workspace.allByOrganizationId(orgA, { limit: 2 }))).to.deep.equal(ids([closedX, frozenAbd]));
      expect(ids(await da.Workspace.allByOrganizationId(orgA, { order: 'desc' }))).to.deep.equal(ids([openAbc, openAb, frozenAbd, closedX]));
      expect(ids(await da.Workspace.allByOrganizationId(orgA, { order: 'desc', limit: 3 }))).to.deep.equal(ids([openAbc, openAb, frozenAbd]));
      expect(ids(await da.Workspace.allByOrganizationId(orgA, { limit: 100 }))).to.have.length(4);
    });

    it('allByOrganizationIdAndStatus follows the status kept in the index by save() and close()', async function () {
      expect(ids(await da.Workspace.allByOrganizationIdAndStatus(orgA, 'open'))).to.deep.equal(ids([openAb, openAbc]));
      expect(ids(await da.Workspace.allByOrganizationIdAndStatus(orgA, 'open', { order: 'desc' }))).to.deep.equal(ids([openAbc, openAb]));
      expect(ids(await da.Workspace.allByOrganizationIdAndStatus(orgA, 'open', { limit: 1 }))).to.deep.equal(ids([openAb]));
      expect(ids(await da.Workspace.allByOrganizationIdAndStatus(orgA, 'frozen'))).to.deep.equal(ids([frozenAbd]));
      expect(ids(await da.Workspace.allByOrganizationIdAndStatus(orgA, 'closed'))).to.deep.equal(ids([closedX]));
      expect(ids(await da.Workspace.allByOrganizationIdAndStatus(orgB, 'open'))).to.deep.equal([otherOrgAb.getId()]);
      expect(await da.Workspace.allByOrganizationIdAndStatus(orgB, 'frozen')).to.deep.equal([]);
    });

    it('allByOrganizationIdAndStatusAndSlug matches the slug exactly (ab is not abc or abd)', async function () {
      expect(ids(await da.Workspace.allByOrganizationIdAndStatusAndSlug(orgA, 'open', 'ab'))).to.deep.equal([openAb.getId()]);
      expect(ids(await da.Workspace.allByOrganizationIdAndStatusAndSlug(orgA, 'open', 'abc'))).to.deep.equal([openAbc.getId()]);
      expect(await da.Workspace.allByOrganizationIdAndStatusAndSlug(orgA, 'open', 'a')).to.deep.equal([]);
      expect(await da.Workspace.allByOrganizationIdAndStatusAndSlug(orgA, 'open', 'abd')).to.deep.equal([]);
      expect(ids(await da.Workspace.allByOrganizationIdAndStatusAndSlug(orgA, 'frozen', 'abd'))).to.deep.equal([frozenAbd.getId()]);
      expect(await da.Workspace.allByOrganizationIdAndStatusAndSlug(orgA, 'frozen', 'ab')).to.deep.equal([]);
    });

    it('findBy… returns the first match of each prefix, or null', async function () {
      expect((await da.Workspace.findByOrganizationId(orgA))?.getId()).to.equal(closedX.getId());
      expect(await da.Workspace.findByOrganizationId(randomUUID())).to.equal(null);
      expect((await da.Workspace.findByOrganizationIdAndStatus(orgA, 'open'))?.getId()).to.equal(openAb.getId());
      expect((await da.Workspace.findByOrganizationIdAndStatus(orgA, 'frozen'))?.getId()).to.equal(frozenAbd.getId());
      expect(await da.Workspace.findByOrganizationIdAndStatus(orgB, 'closed')).to.equal(null);
      const abc = await da.Workspace.findByOrganizationIdAndStatusAndSlug(orgA, 'open', 'abc');
      expect(abc?.getId()).to.equal(openAbc.getId());
      expect(abc?.getName()).to.equal('ABC renamed');
      expect(await da.Workspace.findByOrganizationIdAndStatusAndSlug(orgA, 'open', 'a')).to.equal(null);
      expect(await da.Workspace.findByOrganizationIdAndStatusAndSlug(orgA, 'open', 'abcd')).to.equal(null);
      expect((await da.Workspace.findByOrganizationIdAndStatusAndSlug(orgB, 'open', 'ab'))?.getId()).to.equal(otherOrgAb.getId());
    });

    it('rejects bad key values and options with ValidationError before sending anything', async function () {
      log.reset();
      expect(await rejectionOf(da.Workspace.allByOrganizationId('not-a-uuid'))).to.be.instanceOf(ValidationError);
      expect(await rejectionOf(da.Workspace.allByOrganizationIdAndStatus(orgA, 'deleted' as never))).to.be.instanceOf(ValidationError);
      expect(await rejectionOf(da.Workspace.findByOrganizationIdAndStatusAndSlug(orgA, 'open', 'Not A Slug'))).to.be.instanceOf(ValidationError);
      expect(await rejectionOf(da.Workspace.allByOrganizationId(orgA, { limit: 0 }))).to.be.instanceOf(ValidationError);
      expect(await rejectionOf(da.Workspace.allByOrganizationId(orgA, { limit: 1.5 }))).to.be.instanceOf(ValidationError);
      expect(await rejectionOf(da.Workspace.allByOrganizationId(orgA, { order: 'up' as never }))).to.be.instanceOf(ValidationError);
      expect(await rejectionOf(da.Workspace.allByOrganizationId(undefined as never))).to.be.instanceOf(ValidationError);
      expect(log.commands).to.deep.equal([]);
    });
  });

  describe('Board.byWorkspaceId (pk workspaceId, sk position)', function () {
    let ws: Workspace;
    let other: Workspace;
    const byPosition = new Map<number, Board[]>();
    let otherBoard: Board;
    const positions = [0, 1, 2, 5, 5, 9, 10, 11, 20, 100];

    before(async function () {
      ws = await da.Workspace.create({ organizationId: randomUUID(), slug: 'boards', name: 'Boards' });
      other = await da.Workspace.create({ organizationId: randomUUID(), slug: 'boards', name: 'Other' });
      for (const [i, position] of positions.entries()) {
        const board = await da.Board.create({ workspaceId: ws.getId(), title: `board ${i}`, position });
        byPosition.set(position, [...(byPosition.get(position) ?? []), board]);
      }
      otherBoard = await da.Board.create({ workspaceId: other.getId(), title: 'board 1', position: 1 });
    });

    it('allByWorkspaceId returns exactly the boards of the workspace', async function () {
      const all = await da.Board.allByWorkspaceId(ws.getId());
      expect(sorted(ids(all))).to.deep.equal(sorted([...byPosition.values()].flat().map((b) => b.getId())));
      expect(ids(await da.Board.allByWorkspaceId(other.getId()))).to.deep.equal([otherBoard.getId()]);
      expect(sorted(ids(await ws.getBoards()))).to.deep.equal(sorted(ids(all)));
    });

    it('allByWorkspaceIdAndPosition matches the position exactly (1 is not 10 or 11, 2 is not 20, 10 is not 100)', async function () {
      const at = async (position: number) => ids(await da.Board.allByWorkspaceIdAndPosition(ws.getId(), position));
      expect(await at(1)).to.deep.equal(ids(byPosition.get(1)!));
      expect(await at(2)).to.deep.equal(ids(byPosition.get(2)!));
      expect(await at(10)).to.deep.equal(ids(byPosition.get(10)!));
      expect(await at(0)).to.deep.equal(ids(byPosition.get(0)!));
      expect(sorted(await at(5))).to.deep.equal(sorted(ids(byPosition.get(5)!)));
      expect(await at(3)).to.deep.equal([]);
      expect(await at(1000)).to.deep.equal([]);
      expect(await da.Board.allByWorkspaceIdAndPosition(ws.getId(), 5, { limit: 1 })).to.have.length(1);
    });

    it('findByWorkspaceIdAndPosition and findByWorkspaceId find exact matches or null', async function () {
      expect((await da.Board.findByWorkspaceIdAndPosition(ws.getId(), 1))?.getId()).to.equal(byPosition.get(1)![0]!.getId());
      expect((await da.Board.findByWorkspaceIdAndPosition(ws.getId(), 11))?.getId()).to.equal(byPosition.get(11)![0]!.getId());
      expect(await da.Board.findByWorkspaceIdAndPosition(ws.getId(), 3)).to.equal(null);
      expect((await da.Board.findByWorkspaceIdAndPosition(other.getId(), 1))?.getId()).to.equal(otherBoard.getId());
      expect(await da.Board.findByWorkspaceIdAndPosition(other.getId(), 10)).to.equal(null);
      expect(await da.Board.findByWorkspaceId(randomUUID())).to.equal(null);
      expect(await da.Board.findByWorkspaceId(ws.getId())).to.not.equal(null);
    });

    it('allByWorkspaceId sorts boards by position numerically (limit and desc take the lowest / highest positions)', async function () {
      const numeric = [...positions].sort((a, b) => a - b);
      expect((await da.Board.allByWorkspaceId(ws.getId())).map((b) => b.getPosition())).to.deep.equal(numeric);
      expect((await da.Board.allByWorkspaceId(ws.getId(), { order: 'desc' })).map((b) => b.getPosition())).to.deep.equal([...numeric].reverse());
      expect((await da.Board.allByWorkspaceId(ws.getId(), { limit: 3 })).map((b) => b.getPosition())).to.deep.equal([0, 1, 2]);
      expect((await da.Board.allByWorkspaceId(ws.getId(), { order: 'desc', limit: 2 })).map((b) => b.getPosition())).to.deep.equal([100, 20]);
    });
  });

  describe('Card.byBoardId (pk boardId, no sort key)', function () {
    let ws: Workspace;
    let boardA: Board;
    let boardB: Board;
    let cardsA: Card[];
    let cardB: Card;

    before(async function () {
      ws = await da.Workspace.create({ organizationId: randomUUID(), slug: 'cards', name: 'Cards' });
      boardA = await da.Board.create({ workspaceId: ws.getId(), title: 'A' });
      boardB = await da.Board.create({ workspaceId: ws.getId(), title: 'B' });
      cardsA = await Promise.all([0, 1, 2].map((i) => da.Card.create({ boardId: boardA.getId(), text: `a${i}`, code: `q-${randomUUID()}` })));
      cardB = await da.Card.create({ boardId: boardB.getId(), text: 'b', code: `q-${randomUUID()}` });
    });

    it('allByBoardId / findByBoardId return exactly the cards of the board; limit and desc apply', async function () {
      expect(sorted(ids(await da.Card.allByBoardId(boardA.getId())))).to.deep.equal(sorted(ids(cardsA)));
      expect(ids(await da.Card.allByBoardId(boardB.getId()))).to.deep.equal([cardB.getId()]);
      expect(await da.Card.allByBoardId(randomUUID())).to.deep.equal([]);
      const two = await da.Card.allByBoardId(boardA.getId(), { limit: 2 });
      expect(two).to.have.length(2);
      expect(ids(cardsA)).to.include.members(ids(two));
      expect(sorted(ids(await da.Card.allByBoardId(boardA.getId(), { order: 'desc' })))).to.deep.equal(sorted(ids(cardsA)));
      expect((await da.Card.findByBoardId(boardB.getId()))?.getId()).to.equal(cardB.getId());
      expect(ids(cardsA)).to.include((await da.Card.findByBoardId(boardA.getId()))?.getId());
      expect(await da.Card.findByBoardId(randomUUID())).to.equal(null);
      expect(sorted(ids(await boardA.getCards()))).to.deep.equal(sorted(ids(cardsA)));
    });
  });

  describe('Note.byWorkspaceId (pk workspaceId, sk createdAt)', function () {
    let ws: Workspace;
    let notes: Note[];

    before(async function () {
      ws = await da.Workspace.create({ organizationId: randomUUID(), slug: 'notes', name: 'Notes' });
      notes = [];
      for (let i = 0; i < 12; i += 1) {
        notes.push(await da.Note.create({ workspaceId: ws.getId(), body: `note ${i}` }));
        await delay(3); // distinct createdAt values
      }
      expect(new Set(notes.map((n) => n.getCreatedAt())).size).to.equal(12);
    });

    it('allByWorkspaceId returns the notes in createdAt order, with limit and desc', async function () {
      expect(ids(await da.Note.allByWorkspaceId(ws.getId()))).to.deep.equal(ids(notes));
      expect(ids(await da.Note.allByWorkspaceId(ws.getId(), { order: 'desc' }))).to.deep.equal(ids([...notes].reverse()));
      expect(ids(await da.Note.allByWorkspaceId(ws.getId(), { limit: 5 }))).to.deep.equal(ids(notes.slice(0, 5)));
      expect(ids(await da.Note.allByWorkspaceId(ws.getId(), { limit: 5, order: 'desc' }))).to.deep.equal(ids([...notes].reverse().slice(0, 5)));
      expect((await da.Note.findByWorkspaceId(ws.getId()))?.getId()).to.equal(notes[0]!.getId());
      expect(sorted(ids(await ws.getNotes()))).to.deep.equal(sorted(ids(notes)));
    });

    it('allByWorkspaceIdAndCreatedAt / findByWorkspaceIdAndCreatedAt match the timestamp exactly', async function () {
      const third = notes[3]!;
      expect(ids(await da.Note.allByWorkspaceIdAndCreatedAt(ws.getId(), third.getCreatedAt()))).to.deep.equal([third.getId()]);
      expect((await da.Note.findByWorkspaceIdAndCreatedAt(ws.getId(), third.getCreatedAt()))?.getId()).to.equal(third.getId());
      expect(await da.Note.findByWorkspaceIdAndCreatedAt(ws.getId(), '2000-01-01T00:00:00.000Z')).to.equal(null);
      expect(await da.Note.findByWorkspaceIdAndCreatedAt(randomUUID(), third.getCreatedAt())).to.equal(null);
      // A prefix of a timestamp is not a timestamp: refused, not prefix-matched.
      const prefix = third.getCreatedAt().slice(0, 16);
      expect(await rejectionOf(da.Note.allByWorkspaceIdAndCreatedAt(ws.getId(), prefix))).to.be.instanceOf(ValidationError);
    });
  });

  describe('allBy… beyond 1 MB', function () {
    it('allByWorkspaceId returns all 400 notes of ~4 KB (≈1.6 MB), following several Query pages', async function () {
      const ws = await da.Workspace.create({ organizationId: randomUUID(), slug: 'big', name: 'Big' });
      const body = 'x'.repeat(3990);
      const result = await da.Note.createMany(Array.from({ length: 400 }, (_, i) => ({ workspaceId: ws.getId(), body: `${String(i).padStart(6, '0')}${body}` })));
      expect(result.failed).to.deep.equal([]);
      expect(result.created).to.have.length(400);
      log.reset();
      const all = await da.Note.allByWorkspaceId(ws.getId());
      expect(all).to.have.length(400);
      expect(sorted(ids(all))).to.deep.equal(sorted(ids(result.created)));
      expect(log.count('QueryCommand')).to.be.at.least(2);
      expect(all.every((n) => n.getBody().length === 3996)).to.equal(true);
      // A limit larger than one page still needs more than one page.
      log.reset();
      expect(await da.Note.allByWorkspaceId(ws.getId(), { limit: 390 })).to.have.length(390);
      expect(log.count('QueryCommand')).to.be.at.least(2);
      expect(await ws.getNotes()).to.have.length(400);
    });
  });

  describe('page() cursors', function () {
    let ws: Workspace;
    let notes: Note[];
    let other: Workspace;

    before(async function () {
      ws = await da.Workspace.create({ organizationId: randomUUID(), slug: 'paged', name: 'Paged' });
      other = await da.Workspace.create({ organizationId: randomUUID(), slug: 'paged-other', name: 'Other' });
      const made = await da.Note.createMany(Array.from({ length: 50 }, (_, i) => ({ workspaceId: ws.getId(), body: `p${i}` })));
      expect(made.failed).to.deep.equal([]);
      notes = made.created;
      const others = await da.Note.createMany(Array.from({ length: 20 }, (_, i) => ({ workspaceId: other.getId(), body: `o${i}` })));
      expect(others.failed).to.deep.equal([]);
    });

    async function walk(order: 'asc' | 'desc'): Promise<{ pages: Note[][]; lastCursor: string | null }> {
      const pages: Note[][] = [];
      let cursor: string | null = null;
      do {
        const page: { items: Note[]; cursor: string | null } = await da.Note.page({ workspaceId: ws.getId() }, { limit: 7, cursor, order });
        pages.push(page.items);
        cursor = page.cursor;
        expect(pages.length, 'page() never ended').to.be.at.most(20);
      } while (cursor !== null);
      return { pages, lastCursor: cursor };
    }

    it('walking pages of 7 over 50 items returns every item exactly once and ends with cursor null', async function () {
      const { pages, lastCursor } = await walk('asc');
      expect(lastCursor).to.equal(null);
      const seen = pages.flat().map((n) => n.getId());
      expect(seen).to.have.length(50);
      expect(new Set(seen).size).to.equal(50);
      expect(sorted(seen)).to.deep.equal(sorted(ids(notes)));
      expect(pages.every((p) => p.length <= 7)).to.equal(true);
      expect(pages.slice(0, -1).every((p) => p.length === 7)).to.equal(true);
      expect(pages.flat().every((n) => n.getWorkspaceId() === ws.getId())).to.equal(true);
    });

    it('walking in desc order visits the same items in the reverse order', async function () {
      const asc = (await walk('asc')).pages.flat().map((n) => n.getId());
      const desc = (await walk('desc')).pages.flat().map((n) => n.getId());
      expect(desc).to.deep.equal([...asc].reverse());
    });

    it('a page of an index prefix works for other entities too (Workspace by organization and status)', async function () {
      const org = randomUUID();
      for (const slug of ['p-a', 'p-b', 'p-c']) await da.Workspace.create({ organizationId: org, slug, name: slug });
      const first = await da.Workspace.page({ organizationId: org, status: 'open' }, { limit: 2 });
      expect(first.items.map((w) => w.getSlug())).to.deep.equal(['p-a', 'p-b']);
      expect(first.cursor).to.be.a('string');
      const second = await da.Workspace.page({ organizationId: org, status: 'open' }, { limit: 2, cursor: first.cursor });
      expect(second.items.map((w) => w.getSlug())).to.deep.equal(['p-c']);
      expect(second.cursor).to.equal(null);
      expect(await rejectionOf(da.Workspace.page({ slug: 'p-a' }))).to.be.instanceOf(ValidationError);
    });

    it('a cursor that is not one page() made is a ValidationError (garbage, wrong JSON shape)', async function () {
      const keys = { workspaceId: ws.getId() };
      log.reset();
      for (const bad of ['garbage!!', Buffer.from('[1,2]').toString('base64url'), Buffer.from('{}').toString('base64url'), Buffer.from('{"pk":{"S":"x"}}').toString('base64url'), Buffer.from('null').toString('base64url'), 'x'.repeat(5000)]) {
        const error = await rejectionOf(da.Note.page(keys, { limit: 7, cursor: bad }));
        expect(error, bad.slice(0, 40)).to.be.instanceOf(ValidationError);
      }
      expect(log.commands).to.deep.equal([]);
    });

    it('a tampered cursor (valid encoding, edited key values, another query’s cursor) is a ValidationError, not a datastore error', async function () {
      const keys = { workspaceId: ws.getId() };
      const first = await da.Note.page(keys, { limit: 7 });
      expect(first.cursor).to.be.a('string');
      const decoded = JSON.parse(Buffer.from(first.cursor!, 'base64url').toString('utf8')) as Record<string, string>;
      expect(Object.keys(decoded).sort()).to.deep.equal(['gsi4pk', 'gsi4sk', 'pk', 'sk']);
      const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
      const otherPage = await da.Note.page({ workspaceId: other.getId() }, { limit: 7 });
      const tampered: Record<string, string> = {
        'partition key of another workspace': encode({ ...decoded, gsi4pk: decoded.gsi4pk!.replace(ws.getId(), other.getId()) }),
        'cursor of another query': otherPage.cursor!,
        'index key removed': encode({ pk: decoded.pk, sk: decoded.sk }),
        'unknown key added': encode({ ...decoded, evil: 'x' }),
      };
      const outcomes: Record<string, string> = {};
      for (const [what, cursor] of Object.entries(tampered)) {
        const outcome = await da.Note.page(keys, { limit: 7, cursor }).then(
          (page) => `resolved with ${page.items.length} item(s) of workspaces ${[...new Set(page.items.map((n) => n.getWorkspaceId()))].join(',') || '-'}`,
          (error: unknown) => (error instanceof ValidationError ? 'ValidationError' : error instanceof DataAccessError ? `DataAccessError ${error.code}` : String(error)),
        );
        outcomes[what] = outcome;
      }
      expect(outcomes).to.deep.equal(Object.fromEntries(Object.keys(tampered).map((what) => [what, 'ValidationError'])));
    });

    it('a cursor of a sibling sort-key range in the same partition is a ValidationError, not a datastore error', async function () {
      const org = randomUUID();
      for (const slug of ['t-a', 't-b', 't-c']) await da.Workspace.create({ organizationId: org, slug, name: slug });
      const frozen = await da.Workspace.create({ organizationId: org, slug: 't-z', name: 't-z' });
      await frozen.setStatus('frozen').save();
      const openPage = await da.Workspace.page({ organizationId: org, status: 'open' }, { limit: 1 });
      expect(openPage.cursor).to.be.a('string');
      log.reset();
      const error = await rejectionOf(da.Workspace.page({ organizationId: org, status: 'frozen' }, { limit: 1, cursor: openPage.cursor }));
      expect(error, String(error)).to.be.instanceOf(ValidationError);
      expect(log.commands, 'nothing sent for a bad cursor').to.deep.equal([]);
    });
  });
});
