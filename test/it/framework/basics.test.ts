import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { ConflictError, NotFoundError, ValidationError, InvalidTransitionError, ConcurrentModificationError } from '../../../src/index.js';
import { scanAll } from '../../support/local-store.js';
import type { FrameworkTable } from './framework-helpers.js';
import { openFrameworkTable } from './framework-helpers.js';

describe('framework on DynamoDB Local: basics', function () {
  let client: FrameworkTable['client'];
  let tableName: string;
  let da: FrameworkTable['da'];

  before(async function () {
    ({ client, tableName, da } = await openFrameworkTable('framework-basics'));
  });

  after(function () {
    client?.destroy();
  });

  it('creates, finds and queries a workspace by every generated finder', async function () {
    const organizationId = randomUUID();
    const ws = await da.Workspace.create({ organizationId, slug: 'alpha', name: '  Alpha ', apiSecret: 's3cret' });
    expect(ws.getName()).to.equal('Alpha');
    expect(ws.getStatus()).to.equal('open');
    expect(ws.getTags()).to.deep.equal([]);
    expect(ws.toJSON()).to.not.have.property('apiSecret');
    const found = await da.Workspace.findById(ws.getId());
    expect(found?.getSlug()).to.equal('alpha');
    expect(await da.Workspace.existsById(ws.getId())).to.equal(true);
    expect(await da.Workspace.existsById(randomUUID())).to.equal(false);
    expect((await da.Workspace.allByOrganizationId(organizationId)).map((w) => w.getId())).to.deep.equal([ws.getId()]);
    expect(await da.Workspace.allByOrganizationIdAndStatus(organizationId, 'open')).to.have.length(1);
    expect(await da.Workspace.findByOrganizationIdAndStatusAndSlug(organizationId, 'open', 'alpha')).to.not.equal(null);
    expect(await da.Workspace.findByOrganizationIdAndStatusAndSlug(organizationId, 'open', 'alph')).to.equal(null);
  });

  it('enforces the unique slug, the lifecycle and the optimistic check', async function () {
    const organizationId = randomUUID();
    const ws = await da.Workspace.create({ organizationId, slug: 'beta', name: 'Beta' });
    const error = await da.Workspace.create({ organizationId, slug: 'beta', name: 'Beta 2' }).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(ConflictError).and.have.property('constraint', 'slug');
    const copy = (await da.Workspace.findById(ws.getId()))!;
    await ws.setName('Beta renamed').save();
    const stale = await copy.setName('stale').save().catch((e: unknown) => e);
    expect(stale).to.be.instanceOf(ConcurrentModificationError);
    await ws.close();
    expect(ws.getClosedAt()).to.be.a('string');
    expect(() => ws.setStatus('open')).to.throw(InvalidTransitionError);
    const again = await da.Workspace.create({ organizationId, slug: 'beta', name: 'Beta again' });
    expect(again.getStatus()).to.equal('open');
  });

  it('checks the parent and its precondition in the same write', async function () {
    const missing = await da.Board.create({ workspaceId: randomUUID(), title: 'x' }).catch((e: unknown) => e);
    expect(missing).to.be.instanceOf(NotFoundError);
    const ws = await da.Workspace.create({ organizationId: randomUUID(), slug: 'gamma', name: 'Gamma' });
    const board = await da.Board.create({ workspaceId: ws.getId(), title: 'Todo' });
    expect((await board.getWorkspace())?.getId()).to.equal(ws.getId());
    expect((await ws.getBoards()).map((b) => b.getId())).to.deep.equal([board.getId()]);
    ws.setStatus('frozen');
    await ws.save();
    const frozen = await da.Board.create({ workspaceId: ws.getId(), title: 'Later' }).catch((e: unknown) => e);
    expect(frozen).to.be.instanceOf(ConflictError).and.have.property('constraint', 'open-workspace');
  });

  it('rejects bad input before writing anything', async function () {
    const before = (await scanAll(client, tableName)).length;
    const error = await da.Workspace.create({ organizationId: 'nope', slug: 'Bad Slug', name: '', homepage: 'http://x.y' }).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(ValidationError);
    expect((error as ValidationError).issues.map((i) => i.path).sort()).to.deep.equal(['homepage', 'name', 'organizationId', 'slug']);
    expect((await scanAll(client, tableName)).length).to.equal(before);
  });

  it('cascades a remove through boards, cards and notes, guards included', async function () {
    const ws = await da.Workspace.create({ organizationId: randomUUID(), slug: 'delta', name: 'Delta' });
    for (let b = 0; b < 3; b += 1) {
      const board = await da.Board.create({ workspaceId: ws.getId(), title: `b${b}`, position: b });
      const cards = await da.Card.createMany(Array.from({ length: 5 }, (_, i) => ({ boardId: board.getId(), text: 't', code: `${ws.getId()}-${b}-${i}` })));
      expect(cards.failed).to.deep.equal([]);
    }
    const notes = await da.Note.createMany(Array.from({ length: 60 }, (_, i) => ({ workspaceId: ws.getId(), body: `n${i}` })));
    expect(notes.created).to.have.length(60);
    await ws.remove();
    const left = (await scanAll(client, tableName)).filter((item) => JSON.stringify(item).includes(ws.getId()));
    expect(left).to.deep.equal([]);
  });
});
