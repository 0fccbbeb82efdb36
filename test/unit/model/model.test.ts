import { expect } from 'chai';
import { DataAccessError, InvalidTransitionError, ValidationError } from '../../../src/index.js';
import { Board, Card, frameworkRegistry, Workspace } from '../../fixtures/framework-entities.js';
import { Gadget } from '../fixtures/gadget-entities.js';
import { BOARD_ID, frameworkAccess, load, ORG, storedBoard, storedItem, storedWorkspace, T0, thrownBy, WS_ID, gadgetAccess } from '../fixtures/stub-sdk.js';

function validationError(run: () => unknown): ValidationError {
  const error = thrownBy(run);
  expect(error).to.be.instanceOf(ValidationError);
  return error as ValidationError;
}


const GADGET_ID = '4a2b2c2d-3e3f-4a4b-8c8d-9e9f0a0b0c0d';
const storedGadget = (overrides: Record<string, unknown> = {}) =>
  storedItem('gadget', { gadgetId: GADGET_ID, createdAt: T0, updatedAt: T0, label: 'widget', code: 'W-1', stage: 'draft', secret: 'hush', note: null, legacy: 'old', ...overrides });

describe('BaseModel', function () {
  describe('generated accessors', function () {
    it('live on the prototype: an instance has no own function properties and no own get*/set* names', async function () {
      const access = frameworkAccess();
      const ws = await load(access, access.da.Workspace, storedWorkspace(), WS_ID);
      expect(Object.getOwnPropertyNames(ws).filter((name) => /^(get|set)/.test(name))).to.deep.equal([]);
      const ownValues = Reflect.ownKeys(ws).map((key) => (ws as unknown as Record<PropertyKey, unknown>)[key]);
      expect(ownValues.filter((value) => typeof value === 'function')).to.deep.equal([]);
      for (const name of ['getName', 'setName', 'getStatus', 'setStatus', 'getTags', 'getBoards', 'getNotes', 'getOrganizationId', 'getWorkspaceId']) {
        expect(Object.getOwnPropertyNames(Workspace.prototype), name).to.include(name);
      }
    });

    it('are shared by every instance and installed once, however many registries are built', async function () {
      const access = frameworkAccess();
      const a = await load(access, access.da.Workspace, storedWorkspace(), WS_ID);
      const b = await load(access, access.da.Workspace, storedWorkspace({ name: 'Beta' }), WS_ID);
      expect(a.getName).to.equal(b.getName);
      const before = Workspace.prototype.getName;
      frameworkRegistry();
      expect(Workspace.prototype.getName).to.equal(before);
      expect(a.getName()).to.equal('Alpha');
      expect(b.getName()).to.equal('Beta');
    });

    it('are not enumerable', function () {
      frameworkRegistry();
      expect(Object.keys(Workspace.prototype)).to.deep.equal([]);
    });

    it('give readOnly and internal attributes a getter but no setter at run time', async function () {
      const access = frameworkAccess();
      const ws = await load(access, access.da.Workspace, storedWorkspace(), WS_ID);
      const untyped = ws as unknown as Record<string, unknown>;
      for (const name of ['setSlug', 'setOrganizationId', 'setWorkspaceId', 'setClosedAt', 'setCreatedAt', 'setUpdatedAt']) {
        expect(untyped[name], name).to.equal(undefined);
      }
      expect(ws.getSlug()).to.equal('alpha');
      expect(ws.getOrganizationId()).to.equal(ORG);
      expect(ws.getClosedAt()).to.equal(undefined);
    });

    it('give an immutable entity no setters at all', function () {
      frameworkRegistry();
      expect(Object.getOwnPropertyNames(Card.prototype).filter((name) => name.startsWith('set'))).to.deep.equal([]);
      expect(Object.getOwnPropertyNames(Card.prototype)).to.include.members(['getText', 'getCode', 'getBoard', 'getTtl']);
    });

    it('leave methods the class defines itself alone', async function () {
      const access = gadgetAccess();
      const gadget = await load(access, access.da.Gadget, storedGadget(), GADGET_ID);
      expect(gadget.getLegacy()).to.equal('own getLegacy');
      expect(Object.getOwnPropertyDescriptor(Gadget.prototype, 'getLegacy')?.value).to.equal(Gadget.prototype.getLegacy);
    });

    it('getId, getCreatedAt, getUpdatedAt and entityName come from BaseModel', async function () {
      const access = frameworkAccess();
      const ws = await load(access, access.da.Workspace, storedWorkspace({ updatedAt: '2026-01-02T00:00:00.000Z' }), WS_ID);
      expect(ws.getId()).to.equal(WS_ID);
      expect(ws.getCreatedAt()).to.equal(T0);
      expect(ws.getUpdatedAt()).to.equal('2026-01-02T00:00:00.000Z');
      expect(ws.entityName).to.equal('Workspace');
    });

    it('apply the get transform of an attribute, but not to null or undefined', async function () {
      const access = gadgetAccess();
      const gadget = await load(access, access.da.Gadget, storedGadget(), GADGET_ID);
      expect(gadget.getLabel()).to.equal('WIDGET');
      expect(gadget.getNote()).to.equal(null);
      expect(gadget.getWeight()).to.equal(undefined);
      const bare = await load(access, access.da.Gadget, storedGadget({ label: undefined }), GADGET_ID);
      expect(bare.getLabel()).to.equal(undefined);
    });
  });

  describe('setters', function () {
    it('set, chain and run the set transform', async function () {
      const access = frameworkAccess();
      const ws = await load(access, access.da.Workspace, storedWorkspace(), WS_ID);
      expect(ws.setName('  Renamed ').setScore(7)).to.equal(ws);
      expect(ws.getName()).to.equal('Renamed');
      expect(ws.getScore()).to.equal(7);
      expect(access.send.called).to.equal(false);
    });

    it('validate at once: a bad value throws ValidationError and changes nothing', async function () {
      const access = frameworkAccess();
      const ws = await load(access, access.da.Workspace, storedWorkspace(), WS_ID);
      const cases: [() => unknown, string, string][] = [
        [() => ws.setName(''), 'name', 'must not be empty'],
        [() => ws.setName(undefined as unknown as string), 'name', 'is required'],
        [() => ws.setName(null as unknown as string), 'name', 'must not be null'],
        [() => ws.setHomepage('http://example.com'), 'homepage', 'must use https'],
        [() => ws.setScore(101), 'score', 'must be at most 100'],
        [() => ws.setScore(Number.NaN), 'score', 'expected a finite number, got NaN'],
        [() => ws.setTags(['ok', '']), 'tags[1]', 'must be a tag of 1–32 characters'],
        [() => ws.setStatus('deleted' as 'open'), 'status', 'must be one of open, frozen, closed'],
      ];
      for (const [run, path, message] of cases) {
        const error = validationError(run);
        expect(error.issues).to.deep.equal([{ path, message }]);
      }
      expect(ws.hasChanges()).to.equal(false);
      expect(ws.changedAttributes()).to.deep.equal([]);
      expect(ws.toJSON()).to.deep.equal({ workspaceId: WS_ID, createdAt: T0, updatedAt: T0, organizationId: ORG, slug: 'alpha', name: 'Alpha', status: 'open', tags: [] });
    });

    it('a failed setter after a successful one keeps the first change only', async function () {
      const access = frameworkAccess();
      const ws = await load(access, access.da.Workspace, storedWorkspace(), WS_ID);
      ws.setName('Kept');
      expect(() => ws.setScore(-1)).to.throw(ValidationError);
      expect(ws.changedAttributes()).to.deep.equal(['name']);
      expect(ws.getScore()).to.equal(undefined);
    });

    it('clear an optional attribute with undefined', async function () {
      const access = frameworkAccess();
      const ws = await load(access, access.da.Workspace, storedWorkspace({ homepage: 'https://example.com' }), WS_ID);
      ws.setHomepage(undefined);
      expect(ws.getHomepage()).to.equal(undefined);
      expect(ws.changedAttributes()).to.deep.equal(['homepage']);
      expect(ws.toJSON()).to.not.have.property('homepage');
    });

    it('accept null for a nullable attribute', async function () {
      const access = gadgetAccess();
      const gadget = await load(access, access.da.Gadget, storedGadget({ note: 'n' }), GADGET_ID);
      gadget.setNote(null);
      expect(gadget.getNote()).to.equal(null);
      expect(gadget.changedAttributes()).to.deep.equal(['note']);
    });

    it('run whole-record rules on the changed record and refuse a change that breaks them', async function () {
      const access = gadgetAccess();
      const gadget = await load(access, access.da.Gadget, storedGadget(), GADGET_ID);
      const error = validationError(() => gadget.setWeight(500));
      expect(error.issues).to.deep.equal([{ path: 'note', message: 'must explain a heavy gadget' }]);
      expect(gadget.getWeight()).to.equal(undefined);
      expect(gadget.hasChanges()).to.equal(false);
      gadget.setNote('heavy').setWeight(500);
      expect(gadget.getWeight()).to.equal(500);
    });

    it('do not expose hidden attributes through toJSON but still set and get them', async function () {
      const access = frameworkAccess();
      const ws = await load(access, access.da.Workspace, storedWorkspace(), WS_ID);
      ws.setApiSecret('t0p-s3cret');
      expect(ws.getApiSecret()).to.equal('t0p-s3cret');
      expect(ws.toJSON()).to.not.have.property('apiSecret');
      expect(JSON.stringify(ws)).to.not.include('t0p-s3cret');
    });
  });

  describe('assign (used by entity methods)', function () {
    it('sets internal attributes only when asked to, after validating them', async function () {
      const access = gadgetAccess();
      const gadget = await load(access, access.da.Gadget, storedGadget(), GADGET_ID);
      gadget.stampAt('2026-02-01T00:00:00.000Z');
      expect(gadget.getStamp()).to.equal('2026-02-01T00:00:00.000Z');
      expect(validationError(() => gadget.stampAt('yesterday')).issues).to.deep.equal([{ path: 'stamp', message: 'must be an ISO-8601 date-time' }]);
      expect(validationError(() => gadget.assignForTest('stamp', T0)).issues).to.deep.equal([{ path: 'stamp', message: 'cannot be changed' }]);
      expect(validationError(() => gadget.assignForTest('legacy', 'x')).issues).to.deep.equal([{ path: 'legacy', message: 'cannot be changed' }]);
      expect(validationError(() => gadget.assignForTest('nope', 'x', true)).issues).to.deep.equal([{ path: 'nope', message: 'is not an attribute of this entity' }]);
    });

    it('refuses any change to an immutable entity with UNSUPPORTED', async function () {
      const access = frameworkAccess();
      const card = await load(access, access.da.Card, storedItem('card', { cardId: BOARD_ID, boardId: BOARD_ID, text: 't', code: 'c', createdAt: T0, updatedAt: T0 }), BOARD_ID);
      const error = thrownBy(() => (card as unknown as { assign(name: string, value: unknown, options: object): unknown }).assign('ttl', 5, { internal: true }));
      expect(error).to.be.instanceOf(DataAccessError);
      expect((error as DataAccessError).code).to.equal('UNSUPPORTED');
    });
  });

  describe('lifecycle', function () {
    it('allows the declared moves, checked from the stored state, and recomputes watchers', async function () {
      const access = frameworkAccess();
      const ws = await load(access, access.da.Workspace, storedWorkspace(), WS_ID);
      ws.setStatus('frozen').setStatus('closed');
      expect(ws.getStatus()).to.equal('closed');
      expect(ws.getClosedAt()).to.be.a('string');
      expect(ws.changedAttributes()).to.deep.equal(['status', 'closedAt']);
    });

    it('refuses other moves with InvalidTransitionError naming from and to, and changes nothing', async function () {
      const access = frameworkAccess();
      const ws = await load(access, access.da.Workspace, storedWorkspace({ status: 'closed', closedAt: T0 }), WS_ID);
      const error = thrownBy(() => ws.setStatus('open'));
      expect(error).to.be.instanceOf(InvalidTransitionError);
      expect(error).to.include({ code: 'INVALID_TRANSITION', from: 'closed', to: 'open' });
      expect(ws.getStatus()).to.equal('closed');
      expect(ws.hasChanges()).to.equal(false);
    });

    it('treats staying in a state as a move: refused unless the machine lists it', async function () {
      const access = frameworkAccess();
      const ws = await load(access, access.da.Workspace, storedWorkspace({ status: 'closed', closedAt: T0 }), WS_ID);
      const error = thrownBy(() => ws.setStatus('closed'));
      expect(error).to.be.instanceOf(InvalidTransitionError);
      expect(error).to.include({ from: 'closed', to: 'closed' });
      const open = await load(access, access.da.Workspace, storedWorkspace(), WS_ID);
      open.setStatus('frozen');
      expect(() => open.setStatus('open')).to.throw(InvalidTransitionError);
      expect(open.getStatus()).to.equal('frozen');
    });
  });

  describe('hasChanges and changedAttributes', function () {
    it('are empty for a model as read', async function () {
      const access = frameworkAccess();
      const ws = await load(access, access.da.Workspace, storedWorkspace(), WS_ID);
      expect(ws.hasChanges()).to.equal(false);
      expect(ws.changedAttributes()).to.deep.equal([]);
    });

    it('name changed attributes in declaration order and forget changes set back to the read value', async function () {
      const access = frameworkAccess();
      const ws = await load(access, access.da.Workspace, storedWorkspace({ tags: ['a'] }), WS_ID);
      ws.setScore(3).setName('Other');
      expect(ws.changedAttributes()).to.deep.equal(['name', 'score']);
      expect(ws.hasChanges()).to.equal(true);
      ws.setName('Alpha').setScore(undefined).setTags(['b']).setTags(['a']);
      expect(ws.changedAttributes()).to.deep.equal([]);
      expect(ws.hasChanges()).to.equal(false);
    });
  });

  describe('toJSON', function () {
    it('returns plain attributes: hidden ones, storage keys and absent values left out, get transforms applied, null kept', async function () {
      const access = gadgetAccess();
      const gadget = await load(access, access.da.Gadget, storedGadget(), GADGET_ID);
      expect(gadget.toJSON()).to.deep.equal({
        gadgetId: GADGET_ID,
        createdAt: T0,
        updatedAt: T0,
        label: 'WIDGET',
        code: 'W-1',
        stage: 'draft',
        note: null,
        legacy: 'old',
      });
      expect(JSON.parse(JSON.stringify(gadget))).to.deep.equal(gadget.toJSON());
    });

    it('reflects changes not saved yet', async function () {
      const access = frameworkAccess();
      const board = await load(access, access.da.Board, storedBoard(), BOARD_ID);
      board.setArchived(true);
      expect(board.toJSON()).to.include({ archived: true, title: 'Todo' });
      expect(board).to.be.instanceOf(Board);
    });
  });
});
