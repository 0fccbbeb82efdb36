import { expect } from 'chai';
import { ConflictError, DataAccessError, NotFoundError, ValidationError } from '../../../src/index.js';
import { Board } from '../../fixtures/framework-entities.js';
import { Part } from '../fixtures/gadget-entities.js';

const GADGET = '6a2b2c2d-3e3f-4a4b-8c8d-9e9f0a0b0c0d';
import { BOARD_ID, cancelled, T0, frameworkAccess, ORG, raw, rejectionOf, sdkError, TABLE, WS_ID, gadgetAccess } from '../fixtures/stub-sdk.js';

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** A condition with its placeholders replaced by the names and values they stand for. */
function readable(input: { ConditionExpression: string; ExpressionAttributeNames?: Record<string, string>; ExpressionAttributeValues?: Record<string, unknown> }): string {
  return input.ConditionExpression.replace(/#n\d+/g, (p) => input.ExpressionAttributeNames?.[p] ?? p).replace(/:v\d+/g, (p) => JSON.stringify(input.ExpressionAttributeValues?.[p]));
}


describe('BaseCollection.create', function () {
  describe('an entity without guards or parent checks (Part: its Gadget does not remove parts)', function () {
    it('sends a single PutItem conditioned on attribute_not_exists and returns the model', async function () {
      const access = gadgetAccess();
      const note = await access.da.Part.create({ gadgetId: GADGET, name: 'hello' });
      const [command, ...rest] = access.sent();
      expect(rest).to.deep.equal([]);
      expect(command?.name).to.equal('PutCommand');
      expect(command?.input.TableName).to.equal(TABLE);
      expect(readable(command?.input)).to.equal('attribute_not_exists(pk)');
      expect(command?.input.ReturnValuesOnConditionCheckFailure).to.equal('ALL_OLD');
      expect(command?.input.Item).to.include({ partId: note.getId(), gadgetId: GADGET, name: 'hello', __edb_e__: 'part', pk: `$taskmanagement#partId_${note.getId()}` });
      expect(note).to.be.instanceOf(Part);
      expect(note.getName()).to.equal('hello');
      expect(note.getCreatedAt()).to.match(ISO);
      expect(note.getUpdatedAt()).to.equal(note.getCreatedAt());
      expect(note.hasChanges()).to.equal(false);
    });

    it('maps ConditionalCheckFailed on an item that is not its own to ConflictError id', async function () {
      const access = gadgetAccess();
      access.send.rejects(sdkError('ConditionalCheckFailedException', { Item: raw({ partId: WS_ID, createdAt: '2020-01-01T00:00:00.000Z' }) }));
      const error = await rejectionOf(access.da.Part.create({ gadgetId: GADGET, name: 'x' }));
      expect(error).to.be.instanceOf(ConflictError);
      expect(error).to.include({ code: 'CONFLICT', constraint: 'id' });
      access.send.rejects(sdkError('ConditionalCheckFailedException'));
      expect(await rejectionOf(access.da.Part.create({ gadgetId: GADGET, name: 'x' }))).to.include({ constraint: 'id' });
    });

    it('writes a caller-chosen id conditionally, carrying its write token (a retry tells itself from a competitor): an existing id is ConflictError id', async function () {
      const access = gadgetAccess();
      await access.da.Part.create({ partId: WS_ID, gadgetId: GADGET, name: 'x' });
      const [command] = access.sent();
      expect(command?.name).to.equal('PutCommand');
      expect(command?.input.Item.partId).to.equal(WS_ID);
      expect(command?.input.Item.__w).to.be.a('string');
      access.send.rejects(sdkError('ConditionalCheckFailedException', { Item: raw({ partId: WS_ID, __w: 'another-write' }) }));
      const error = await rejectionOf(access.da.Part.create({ partId: WS_ID, gadgetId: GADGET, name: 'x' }));
      expect(error).to.be.instanceOf(ConflictError);
      expect(error).to.include({ constraint: 'id' });
    });

    it('recognises its own write after a lost response (its write token) as success', async function () {
      for (const asStored of [(v: string) => ({ S: v }), (v: string) => v]) {
        const access = gadgetAccess();
        access.send.callsFake((command) => {
          const item = (command.input as { Item: { __w: string } }).Item;
          return Promise.reject(sdkError('ConditionalCheckFailedException', { Item: { __w: asStored(item.__w) } }));
        });
        const note = await access.da.Part.create({ gadgetId: GADGET, name: 'x' });
        expect(note.getName()).to.equal('x');
      }
    });

    it('wraps other errors as DATASTORE and retries transient ones', async function () {
      const access = gadgetAccess();
      const cause = sdkError('ResourceNotFoundException');
      access.send.rejects(cause);
      const error = await rejectionOf(access.da.Part.create({ gadgetId: GADGET, name: 'x' }));
      expect(error).to.be.instanceOf(DataAccessError);
      expect(error).to.include({ code: 'DATASTORE', cause });
      access.send.reset();
      access.send.onFirstCall().rejects(sdkError('ThrottlingException'));
      access.send.resolves({});
      await access.da.Part.create({ gadgetId: GADGET, name: 'x' });
      expect(access.send.callCount).to.equal(2);
    });
  });

  it('an optional parent (Note: belongsTo Workspace, required: false) is not checked, not even its fence: a plain conditional put', async function () {
    const access = frameworkAccess();
    await access.da.Note.create({ workspaceId: WS_ID, body: 'x' });
    expect(access.sent().map((c) => c.name)).to.deep.equal(['PutCommand']);
  });

  it('validates before sending anything, listing every issue', async function () {
    const access = frameworkAccess();
    const error = await rejectionOf(access.da.Workspace.create({ organizationId: 'nope', slug: 'Bad Slug', name: '', homepage: 'http://x.y' }));
    expect(error).to.be.instanceOf(ValidationError);
    expect((error as ValidationError).issues.map((i) => i.path).sort()).to.deep.equal(['homepage', 'name', 'organizationId', 'slug']);
    expect(access.send.called).to.equal(false);
  });

  describe('an entity with a guard and a parent precondition (Board)', function () {
    it('sends one TransactWriteItems: owner put, guard put, ConditionCheck on the workspace', async function () {
      const access = frameworkAccess();
      const board = await access.da.Board.create({ workspaceId: WS_ID, title: 'Todo' });
      const [command, ...rest] = access.sent();
      expect(rest).to.deep.equal([]);
      expect(command?.name).to.equal('TransactWriteCommand');
      const [owner, guard, check, ...more] = command?.input.TransactItems ?? [];
      expect(more).to.deep.equal([]);
      expect(owner.Put.Item).to.include({ boardId: board.getId(), title: 'Todo', position: 0, archived: false, workspaceId: WS_ID });
      expect(readable(owner.Put)).to.equal('attribute_not_exists(pk)');
      expect(guard.Put).to.deep.include({
        TableName: TABLE,
        Item: { pk: `$unique#board#title#${WS_ID}#Todo`, sk: '$unique', ownerId: board.getId(), constraint: 'title', entity: 'board' },
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      });
      expect(readable(guard.Put)).to.equal('attribute_not_exists(pk)');
      expect(check.ConditionCheck).to.deep.include({
        TableName: TABLE,
        Key: { pk: `$taskmanagement#workspaceId_${WS_ID}`, sk: '$workspace_1' },
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      });
      expect(readable(check.ConditionCheck)).to.equal('attribute_exists(pk) AND attribute_not_exists(__fence) AND status = "open"');
      expect(board).to.be.instanceOf(Board);
    });

    it('maps the cancellation reasons to the error a caller can act on', async function () {
      const cases: [string, { Code: string; Item?: Record<string, unknown> }[], (error: unknown) => void][] = [
        ['workspace missing', [{ Code: 'None' }, { Code: 'None' }, { Code: 'ConditionalCheckFailed' }], (error) => {
          expect(error).to.be.instanceOf(NotFoundError);
          expect(error).to.include({ entityName: 'Workspace', id: WS_ID });
          // The id is in `id`: messages reach logs, and they never repeat the caller's values.
          expect((error as Error).message).to.not.include(WS_ID);
        }],
        ['workspace not open', [{ Code: 'None' }, { Code: 'None' }, { Code: 'ConditionalCheckFailed', Item: { workspaceId: WS_ID, status: 'frozen' } }], (error) => {
          expect(error).to.be.instanceOf(ConflictError);
          expect(error).to.include({ constraint: 'open-workspace', message: "Board: precondition 'open-workspace' does not hold for its Workspace" });
        }],
        ['title taken', [{ Code: 'None' }, { Code: 'ConditionalCheckFailed', Item: { ownerId: 'other' } }, { Code: 'None' }], (error) => {
          expect(error).to.be.instanceOf(ConflictError);
          expect(error).to.include({ constraint: 'title' });
        }],
        ['id taken', [{ Code: 'ConditionalCheckFailed', Item: { boardId: BOARD_ID } }, { Code: 'None' }, { Code: 'None' }], (error) => {
          expect(error).to.be.instanceOf(ConflictError);
          expect(error).to.include({ constraint: 'id' });
        }],
        ['parent checked before the guard', [{ Code: 'None' }, { Code: 'ConditionalCheckFailed' }, { Code: 'ConditionalCheckFailed' }], (error) => {
          expect(error).to.be.instanceOf(NotFoundError);
        }],
        ['a reason nothing explains', [{ Code: 'None' }, { Code: 'None' }, { Code: 'None' }, { Code: 'ConditionalCheckFailed' }], (error) => {
          expect(error).to.be.instanceOf(DataAccessError);
          expect(error).to.include({ code: 'DATASTORE' });
        }],
      ];
      for (const [label, reasons, check] of cases) {
        const access = frameworkAccess();
        access.send.rejects(cancelled(reasons));
        const error = await rejectionOf(access.da.Board.create({ workspaceId: WS_ID, title: 'Todo' }));
        try {
          check(error);
        } catch (failure) {
          throw new Error(`${label}: ${(failure as Error).message}`);
        }
        expect(access.send.callCount, label).to.equal(1);
      }
    });

    it('retries a transaction cancelled for transient reasons under the same token', async function () {
      const access = frameworkAccess();
      access.send.onFirstCall().rejects(cancelled([{ Code: 'TransactionConflict' }, { Code: 'None' }, { Code: 'None' }]));
      access.send.resolves({});
      await access.da.Board.create({ workspaceId: WS_ID, title: 'Todo' });
      const [first, second] = access.sent();
      expect(access.send.callCount).to.equal(2);
      expect(second?.input.ClientRequestToken).to.equal(first?.input.ClientRequestToken);
    });
  });

  describe('partial uniques (Workspace slug while not closed)', function () {
    it('claims the guard for an open workspace and maps a taken slug to ConflictError slug', async function () {
      const access = frameworkAccess();
      access.send.rejects(cancelled([{ Code: 'None' }, { Code: 'ConditionalCheckFailed', Item: { ownerId: 'other' } }]));
      const error = await rejectionOf(access.da.Workspace.create({ organizationId: ORG, slug: 'alpha', name: 'Alpha' }));
      expect(error).to.be.instanceOf(ConflictError);
      expect(error).to.include({ constraint: 'slug' });
      const [{ Put: guard }] = access.sent()[0]?.input.TransactItems.slice(1) ?? [];
      expect(guard.Item.pk).to.equal(`$unique#workspace#slug#${ORG}#alpha`);
    });

    it('takes no guard for a workspace created closed: a plain conditional put', async function () {
      const access = frameworkAccess();
      const ws = await access.da.Workspace.create({ organizationId: ORG, slug: 'alpha', name: 'Alpha', status: 'closed' });
      expect(access.sent().map((c) => c.name)).to.deep.equal(['PutCommand']);
      expect(ws.getClosedAt()).to.be.a('string');
    });
  });

  it('checks a required parent without preconditions (Card → Board): a failed check is NotFoundError', async function () {
    const access = frameworkAccess();
    access.send.rejects(cancelled([{ Code: 'None' }, { Code: 'None' }, { Code: 'ConditionalCheckFailed', Item: { boardId: BOARD_ID } }]));
    const error = await rejectionOf(access.da.Card.create({ boardId: BOARD_ID, text: 't', code: 'c-1' }));
    expect(error).to.be.instanceOf(NotFoundError);
    expect(error).to.include({ entityName: 'Board', id: BOARD_ID });
    const check = access.sent()[0]?.input.TransactItems[2].ConditionCheck;
    expect(readable(check)).to.equal('attribute_exists(pk) AND attribute_not_exists(__fence)');
    expect(check).to.not.have.property('ExpressionAttributeValues');
  });

  it('compares a precondition with an attribute of the new record (Manual.gadgetCode = Gadget.code)', async function () {
    const access = gadgetAccess();
    const GADGET = '5a2b2c2d-3e3f-4a4b-8c8d-9e9f0a0b0c0d';
    await access.da.Manual.create({ gadgetId: GADGET, gadgetCode: 'W-9', body: 'read me' });
    const check = access.sent()[0]?.input.TransactItems[1].ConditionCheck;
    expect(readable(check)).to.include('code = "W-9"');
    access.send.rejects(cancelled([{ Code: 'None' }, { Code: 'ConditionalCheckFailed', Item: { gadgetId: GADGET, code: 'W-1' } }]));
    const error = await rejectionOf(access.da.Manual.create({ gadgetId: GADGET, gadgetCode: 'W-9', body: 'read me' }));
    expect(error).to.be.instanceOf(ConflictError);
    expect(error).to.include({ constraint: 'same-code' });
  });

  describe('identity uniques (Ledger: id derived from account and period)', function () {
    it('report the identity constraint when the derived id exists', async function () {
      const access = gadgetAccess();
      const entry = { account: 'acme', period: '2026-01', amount: 1, reference: 'r-1' };
      const ledger = await access.da.Ledger.create(entry);
      const again = await access.da.Ledger.create({ ...entry, amount: 2 });
      expect(again.getId()).to.equal(ledger.getId());
      const actions = access.sent()[0]?.input.TransactItems;
      expect(actions).to.have.length(2);
      expect(actions[1].Put.Item.pk).to.equal('$unique#ledger#reference#r-1');
      access.send.rejects(cancelled([{ Code: 'ConditionalCheckFailed', Item: { ledgerId: ledger.getId() } }, { Code: 'None' }]));
      const error = await rejectionOf(access.da.Ledger.create(entry));
      expect(error).to.be.instanceOf(ConflictError);
      expect(error).to.include({ constraint: 'period' });
    });

    it('are written conditionally even without guards or parents, and report the identity constraint (Slot)', async function () {
      const access = gadgetAccess();
      access.send.rejects(sdkError('ConditionalCheckFailedException', { Item: raw({ key: 'k', __w: 'another-write' }) }));
      const error = await rejectionOf(access.da.Slot.create({ key: 'k' }));
      expect(error).to.be.instanceOf(ConflictError);
      expect(error).to.include({ constraint: 'slot-key' });
      expect(error).to.deep.include({ conflictingValues: ['k'] });
      expect(access.sent().map((c) => c.name)).to.deep.equal(['PutCommand']);
    });
  });

  it('entity methods add library-computed internal values after validation (insert)', async function () {
    const access = gadgetAccess();
    const gadget = await access.da.Gadget.createStamped({ label: 'g', code: 'G-1' }, T0);
    expect(gadget.getStamp()).to.equal(T0);
    expect(access.sent()[0]?.input.TransactItems[0].Put.Item.stamp).to.equal(T0);
    const error = await rejectionOf(access.da.Gadget.createStamped({ label: 'g', code: 'G-1', stamp: T0 }, T0));
    expect(error).to.be.instanceOf(ValidationError);
    expect((error as ValidationError).issues).to.deep.equal([{ path: 'stamp', message: 'is set by the library' }]);
  });

  it('an entity with its own id declaration (Token) takes the id it is given', async function () {
    const access = gadgetAccess();
    const token = await access.da.Token.create({ tokenId: 'a'.repeat(64), owner: 'me' });
    expect(token.getId()).to.equal('a'.repeat(64));
    expect(access.sent()[0]?.input.Item.tokenId).to.equal('a'.repeat(64));
    access.send.rejects(sdkError('ConditionalCheckFailedException', { Item: raw({ tokenId: 'a'.repeat(64) }) }));
    const error = await rejectionOf(access.da.Token.create({ tokenId: 'a'.repeat(64), owner: 'me' }));
    expect(error).to.include({ constraint: 'id' });
    const invalid = await rejectionOf(access.da.Token.create({ tokenId: 'short', owner: 'me' }));
    expect(invalid).to.be.instanceOf(ValidationError);
  });
});
