import { expect } from 'chai';
import {
  ConcurrentModificationError,
  ConflictError,
  DataAccessError,
  InvalidTransitionError,
  NotFoundError,
  ValidationError,
  updatePart,
  when,
} from '../../../src/index.js';
import {
  BOARD_ID,
  cancelled,
  frameworkAccess,
  load,
  ORG,
  raw,
  rejectionOf,
  sdkError,
  storedBoard,
  storedItem,
  storedWorkspace,
  T0,
  TABLE,
  thrownBy,
  WS_ID,
  gadgetAccess,
} from '../fixtures/stub-sdk.js';
import type { Sent } from '../fixtures/stub-sdk.js';

const GADGET_ID = '4a2b2c2d-3e3f-4a4b-8c8d-9e9f0a0b0c0d';


async function loadGadget(access: ReturnType<typeof gadgetAccess>, overrides: Record<string, unknown> = {}) {
  const item = storedItem('gadget', { gadgetId: GADGET_ID, createdAt: T0, updatedAt: T0, label: 'widget', code: 'W-1', stage: 'draft', ...overrides });
  return load(access, access.da.Gadget, item, GADGET_ID);
}

/** Attribute names an UpdateExpression SETs and REMOVEs (by their #placeholders). */
function updated(input: { UpdateExpression: string; ExpressionAttributeNames: Record<string, string> }): { set: string[]; remove: string[] } {
  const [setPart = '', removePart = ''] = input.UpdateExpression.replace(/^SET /, '').split(' REMOVE ');
  const names = (part: string) =>
    part
      .split(',')
      .map((clause) => clause.trim().split(' ')[0] ?? '')
      .filter(Boolean)
      .map((placeholder) => input.ExpressionAttributeNames[placeholder] ?? placeholder);
  return { set: names(setPart), remove: removePart ? names(removePart) : [] };
}

/** The values a ConditionExpression compares attributes with: `{ updatedAt: '…', status: 'open' }`. */
function conditions(input: { ConditionExpression: string; ExpressionAttributeNames: Record<string, string>; ExpressionAttributeValues: Record<string, unknown> }): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const [, name, value] of input.ConditionExpression.matchAll(/(#\w+) = (:\w+)/g)) {
    result[input.ExpressionAttributeNames[name as string] as string] = input.ExpressionAttributeValues[value as string];
  }
  return result;
}

/** A condition with its placeholders replaced by the names and values they stand for. */
function readable(input: { ConditionExpression: string; ExpressionAttributeNames?: Record<string, string>; ExpressionAttributeValues?: Record<string, unknown> }): string {
  return input.ConditionExpression.replace(/#n\d+/g, (p) => input.ExpressionAttributeNames?.[p] ?? p).replace(/:v\d+/g, (p) => JSON.stringify(input.ExpressionAttributeValues?.[p]));
}

const only = (sent: Sent[]): Sent => {
  expect(sent).to.have.length(1);
  return sent[0] as Sent;
};

describe('BaseModel.save', function () {
  it('sends nothing when nothing changed', async function () {
    const access = frameworkAccess();
    const ws = await load(access, access.da.Workspace, storedWorkspace(), WS_ID);
    expect(await ws.save()).to.equal(ws);
    ws.setName('Alpha');
    await ws.save();
    expect(access.send.called).to.equal(false);
  });

  it('sends one UpdateItem with only the changed attributes, conditioned on the updatedAt that was read', async function () {
    const access = frameworkAccess();
    const ws = await load(access, access.da.Workspace, storedWorkspace(), WS_ID);
    ws.setName('Renamed').setScore(5);
    await ws.save();
    const command = only(access.sent());
    expect(command.name).to.equal('UpdateCommand');
    expect(command.input.TableName).to.equal(TABLE);
    expect(command.input.Key).to.deep.equal({ pk: `$taskmanagement#workspaceId_${WS_ID}`, sk: '$workspace_1' });
    const { set, remove } = updated(command.input);
    expect(set.filter((name) => !['workspaceId', '__edb_e__', '__edb_v__', '__w'].includes(name))).to.deep.equal(['updatedAt', 'name', 'score']);
    expect(remove).to.deep.equal([]);
    expect(readable(command.input)).to.include('attribute_exists(pk)');
    expect(readable(command.input)).to.include('attribute_not_exists(__fence)');
    expect(conditions(command.input)).to.deep.equal({ updatedAt: T0 });
    expect(command.input.ReturnValuesOnConditionCheckFailure).to.equal('ALL_OLD');
  });

  it('stamps a new updatedAt, later than the one read, and forgets the changes', async function () {
    const access = frameworkAccess();
    const future = new Date(Date.now() + 60_000).toISOString();
    const ws = await load(access, access.da.Workspace, storedWorkspace({ updatedAt: future }), WS_ID);
    ws.setName('Renamed');
    await ws.save();
    const sentUpdatedAt = Object.values(only(access.sent()).input.ExpressionAttributeValues).filter((v) => typeof v === 'string' && v !== future && /T.*Z$/.test(v));
    const expected = new Date(Date.parse(future) + 1).toISOString();
    expect(sentUpdatedAt).to.deep.equal([expected]);
    expect(ws.getUpdatedAt()).to.equal(expected);
    expect(ws.hasChanges()).to.equal(false);
    await ws.save();
    expect(access.send.callCount).to.equal(1);
  });

  it('stamps the current time when the item read has no usable updatedAt', async function () {
    const access = frameworkAccess();
    const ws = await load(access, access.da.Workspace, storedWorkspace({ updatedAt: undefined }), WS_ID);
    const before = Date.now();
    await ws.setName('Renamed').save();
    expect(Date.parse(ws.getUpdatedAt())).to.be.within(before, Date.now());
  });

  it('conditions a second save on the updatedAt of the first', async function () {
    const access = frameworkAccess();
    const ws = await load(access, access.da.Workspace, storedWorkspace(), WS_ID);
    await ws.setName('One').save();
    const first = ws.getUpdatedAt();
    await ws.setName('Two').save();
    const second = access.sent()[1];
    expect(conditions(second?.input).updatedAt).to.equal(first);
    expect(ws.getUpdatedAt() > first).to.equal(true);
  });

  it('removes attributes cleared with undefined', async function () {
    const access = frameworkAccess();
    const ws = await load(access, access.da.Workspace, storedWorkspace({ homepage: 'https://example.com' }), WS_ID);
    await ws.setHomepage(undefined).save();
    expect(updated(only(access.sent()).input).remove).to.deep.equal(['homepage']);
  });

  it('re-supplies the unchanged key attributes of an index whose key changed', async function () {
    const access = frameworkAccess();
    const board = await load(access, access.da.Board, storedBoard(), BOARD_ID);
    await board.setPosition(3).save();
    const { input } = only(access.sent());
    expect(updated(input).set).to.include.members(['position', 'gsi2sk']);
    expect(Object.values(input.ExpressionAttributeValues)).to.include(`$taskmanagement#workspaceId_${WS_ID}`);
    expect(Object.values(input.ExpressionAttributeValues).filter((v) => typeof v === 'string' && v.startsWith('$board_1#position_'))).to.have.length(1);
    expect(Object.values(input.ExpressionAttributeValues).find((v) => typeof v === 'string' && v.startsWith('$board_1#position_'))).to.match(/^\$board_1#position_0*3$/);
  });

  it('conditions a lifecycle move on the state it leaves', async function () {
    const access = frameworkAccess();
    const ws = await load(access, access.da.Workspace, storedWorkspace(), WS_ID);
    await ws.setStatus('frozen').save();
    const command = only(access.sent());
    expect(command.name).to.equal('UpdateCommand');
    expect(conditions(command.input)).to.include({ updatedAt: T0, status: 'open' });
  });

  it('a save that flips a partial unique\'s when sends the update and the guard release in one TransactWriteItems, then reads the item back', async function () {
    const access = frameworkAccess();
    const ws = await load(access, access.da.Workspace, storedWorkspace(), WS_ID);
    await ws.close();
    // A transaction hands no item back: the copy becomes the stored item by one consistent read.
    const [command, readBack, ...more] = access.sent();
    expect(more).to.deep.equal([]);
    expect(readBack).to.deep.include({ name: 'GetCommand' });
    expect(readBack?.input).to.deep.include({ Key: { pk: `$taskmanagement#workspaceId_${WS_ID}`, sk: '$workspace_1' }, ConsistentRead: true });
    if (command === undefined) throw new Error('nothing sent');
    expect(command.name).to.equal('TransactWriteCommand');
    const [update, release, ...rest] = command.input.TransactItems;
    expect(rest).to.deep.equal([]);
    expect(update.Update.Key).to.deep.equal({ pk: `$taskmanagement#workspaceId_${WS_ID}`, sk: '$workspace_1' });
    expect(updated(update.Update).set).to.include.members(['status', 'closedAt', 'updatedAt']);
    expect(conditions(update.Update)).to.include({ status: 'open', updatedAt: T0 });
    expect(release.Delete).to.deep.include({ TableName: TABLE, Key: { pk: `$unique#workspace#slug#${ORG}#alpha`, sk: '$unique' } });
    expect(readable(release.Delete)).to.equal(`attribute_not_exists(pk) OR ownerId = "${WS_ID}"`);
    expect(typeof command.input.ClientRequestToken).to.equal('string');
    expect(ws.getStatus()).to.equal('closed');
    expect(ws.hasChanges()).to.equal(false);
  });

  describe('failures of a plain update', function () {
    it('ConditionalCheckFailed with the current item → ConcurrentModificationError; the changes stay', async function () {
      const access = frameworkAccess();
      const ws = await load(access, access.da.Workspace, storedWorkspace(), WS_ID);
      access.send.rejects(sdkError('ConditionalCheckFailedException', { Item: raw({ ...storedWorkspace(), updatedAt: '2026-06-01T00:00:00.000Z' }) }));
      const error = await rejectionOf(ws.setName('Mine').save());
      expect(error).to.be.instanceOf(ConcurrentModificationError);
      expect(error).to.include({ code: 'CONCURRENT_MODIFICATION', entityName: 'Workspace', id: WS_ID });
      expect(ws.hasChanges()).to.equal(true);
      expect(ws.getUpdatedAt()).to.equal(T0);
    });

    it('ConditionalCheckFailed without an item → NotFoundError', async function () {
      const access = frameworkAccess();
      const ws = await load(access, access.da.Workspace, storedWorkspace(), WS_ID);
      access.send.rejects(sdkError('ConditionalCheckFailedException'));
      const error = await rejectionOf(ws.setName('Mine').save());
      expect(error).to.be.instanceOf(NotFoundError);
      expect(error).to.include({ code: 'NOT_FOUND', entityName: 'Workspace', id: WS_ID });
    });

    it('a retry that meets its own earlier write (response lost) succeeds, whether the item comes marshalled or not', async function () {
      for (const form of [raw, (item: Record<string, unknown>) => item]) {
        const access = frameworkAccess();
        const ws = await load(access, access.da.Workspace, storedWorkspace(), WS_ID);
        access.send.onFirstCall().rejects(sdkError('InternalServerError', { $metadata: { httpStatusCode: 500 } }));
        access.send.onSecondCall().callsFake((command) => {
          // The item as the first attempt left it: its values, including the write's own token.
          const { ExpressionAttributeNames: names, ExpressionAttributeValues: values, UpdateExpression: expression } = command.input as {
            ExpressionAttributeNames: Record<string, string>;
            ExpressionAttributeValues: Record<string, unknown>;
            UpdateExpression: string;
          };
          const written: Record<string, unknown> = {};
          for (const [, name, value] of expression.matchAll(/(#\w+) = (:\w+)/g)) written[names[name as string] as string] = values[value as string];
          return Promise.reject(sdkError('ConditionalCheckFailedException', { Item: form({ ...storedWorkspace(), ...written }) }));
        });
        await ws.setName('Mine').save();
        expect(access.send.callCount).to.equal(2);
        expect(ws.hasChanges()).to.equal(false);
      }
    });

    it('a ConditionalCheckFailed whose item carries another write\'s token is a ConcurrentModificationError, even with our updatedAt', async function () {
      const access = frameworkAccess();
      const ws = await load(access, access.da.Workspace, storedWorkspace(), WS_ID);
      access.send.callsFake((command) => {
        const values = (command.input as { ExpressionAttributeValues: Record<string, unknown> }).ExpressionAttributeValues;
        return Promise.reject(sdkError('ConditionalCheckFailedException', { Item: raw({ ...storedWorkspace(), updatedAt: values[':updatedAt_u0'], __w: 'another-write' }) }));
      });
      expect(await rejectionOf(ws.setName('Mine').save())).to.be.instanceOf(ConcurrentModificationError);
    });

    it('other errors become DataAccessError DATASTORE with the cause kept', async function () {
      const access = frameworkAccess();
      const ws = await load(access, access.da.Workspace, storedWorkspace(), WS_ID);
      const cause = sdkError('ValidationException');
      access.send.rejects(cause);
      const error = await rejectionOf(ws.setName('Mine').save());
      expect(error).to.be.instanceOf(DataAccessError);
      expect(error).to.include({ code: 'DATASTORE', cause });
    });
  });

  describe('failures of a transactional save', function () {
    it('the update refused with the item → ConcurrentModificationError; without → NotFoundError', async function () {
      const access = frameworkAccess();
      const ws = await load(access, access.da.Workspace, storedWorkspace(), WS_ID);
      access.send.rejects(cancelled([{ Code: 'ConditionalCheckFailed', Item: { ...storedWorkspace(), status: 'frozen' } }, { Code: 'None' }]));
      expect(await rejectionOf(ws.close())).to.be.instanceOf(ConcurrentModificationError);
      access.send.rejects(cancelled([{ Code: 'ConditionalCheckFailed' }, { Code: 'None' }]));
      expect(await rejectionOf(ws.save())).to.be.instanceOf(NotFoundError);
    });

    it("the guard release refused (another owner holds it now) is dropped — another owner's guard is never touched — and the move goes on", async function () {
      const access = frameworkAccess();
      const ws = await load(access, access.da.Workspace, storedWorkspace(), WS_ID);
      access.send.onFirstCall().rejects(cancelled([{ Code: 'None' }, { Code: 'ConditionalCheckFailed', Item: { pk: 'x', sk: '$unique', ownerId: 'other' } }]));
      await ws.close();
      const [first, second, ...rest] = access.sent();
      expect(rest).to.deep.equal([]);
      expect(first?.name).to.equal('TransactWriteCommand');
      expect(second?.name).to.equal('UpdateCommand');
      expect(second?.input.Key).to.deep.equal({ pk: `$taskmanagement#workspaceId_${WS_ID}`, sk: '$workspace_1' });
      expect(ws.getStatus()).to.equal('closed');
    });

    it('changing a unique attribute releases the old guard and claims the new one; a taken value → ConflictError', async function () {
      const access = gadgetAccess();
      const gadget = await loadGadget(access);
      gadget.setCode('W-2');
      access.send.rejects(cancelled([{ Code: 'None' }, { Code: 'None' }, { Code: 'ConditionalCheckFailed', Item: { pk: 'x', sk: '$unique', ownerId: 'other' } }]));
      const error = await rejectionOf(gadget.save());
      expect(error).to.be.instanceOf(ConflictError);
      expect(error).to.include({ constraint: 'code' });
      const [, release, claim] = access.sent()[0]?.input.TransactItems ?? [];
      expect(release.Delete.Key.pk).to.equal('$unique#gadget#code#W-1');
      expect(claim.Put.Item).to.deep.equal({ pk: '$unique#gadget#code#W-2', sk: '$unique', ownerId: GADGET_ID, constraint: 'code', entity: 'gadget' });
      expect(readable(claim.Put)).to.equal('attribute_not_exists(pk)');
      access.send.resolves({});
      await gadget.save();
      expect(gadget.hasChanges()).to.equal(false);
    });

    it('errors that are not cancellations become DATASTORE', async function () {
      const access = frameworkAccess();
      const ws = await load(access, access.da.Workspace, storedWorkspace(), WS_ID);
      access.send.rejects(sdkError('AccessDeniedException'));
      const error = await rejectionOf(ws.close());
      expect(error).to.be.instanceOf(DataAccessError);
      expect(error).to.include({ code: 'DATASTORE' });
    });
  });

  describe('write (entity methods)', function () {
    const PART_ID = '5a2b2c2d-3e3f-4a4b-8c8d-9e9f0a0b0c0d';
    const partKey = { pk: `$taskmanagement#partId_${PART_ID}`, sk: '$part_1' };

    it('adds a write of another item to the same transaction, even without changes', async function () {
      const access = gadgetAccess();
      const gadget = await loadGadget(access);
      await gadget.writeWith({ with: [updatePart(access.da.Part, PART_ID, { set: { name: 'bolt' } })] });
      // Not under the optimistic check, the copy then reads back what is stored (a consistent GetItem).
      const [command, readBack, ...rest] = access.sent();
      expect(rest).to.deep.equal([]);
      expect(readBack).to.deep.include({ name: 'GetCommand' });
      expect(readBack?.input).to.include({ ConsistentRead: true });
      if (!command) throw new Error('nothing sent');
      expect(command.name).to.equal('TransactWriteCommand');
      expect(command.input.TransactItems).to.have.length(2);
      expect(command.input.TransactItems[1].Update.Key).to.deep.equal(partKey);
      expect(updated(command.input.TransactItems[1].Update).set).to.include.members(['name', 'updatedAt']);
    });

    it('maps a refused write of another item by its own requirements: missing → NotFoundError of that entity, else its expectation', async function () {
      const access = gadgetAccess();
      const gadget = await loadGadget(access);
      access.send.rejects(cancelled([{ Code: 'None' }, { Code: 'ConditionalCheckFailed' }]));
      const missing = await rejectionOf(gadget.setLabel('x').writeWith({ with: [updatePart(access.da.Part, PART_ID, { set: { name: 'bolt' } })] }));
      expect(missing).to.be.instanceOf(NotFoundError);
      expect(missing).to.include({ entityName: 'Part', id: PART_ID });
      const mine = new ConflictError('mine', 'explained');
      const seen: unknown[] = [];
      const part = updatePart(access.da.Part, PART_ID, {
        set: { name: 'bolt' },
        expect: [{ condition: when.eq('name', 'nut'), error: (stored) => (seen.push(stored?.name), mine) }],
      });
      access.send.rejects(cancelled([{ Code: 'None' }, { Code: 'ConditionalCheckFailed', Item: { ...partKey, partId: PART_ID, name: 'screw' } }]));
      const explained = await rejectionOf(gadget.writeWith({ with: [part] }));
      expect(explained).to.equal(mine);
      expect(seen).to.deep.equal(['screw']);
    });

    it('values set by a method are written without the updatedAt condition; stamp: false leaves updatedAt alone', async function () {
      const access = gadgetAccess();
      const gadget = await loadGadget(access);
      await gadget.writeWith({ values: { label: 'new' }, stamp: false });
      const { input } = only(access.sent());
      expect(conditions(input)).to.not.have.property('updatedAt');
      expect(updated(input).set).to.not.include('updatedAt');
      expect(updated(input).set).to.include('label');
      expect(gadget.getUpdatedAt()).to.equal(T0);
    });

    it('unsaved setter changes riding along with a method write are always under the updatedAt condition', async function () {
      const access = gadgetAccess();
      const gadget = await loadGadget(access);
      gadget.setLabel('pending');
      await gadget.writeWith({ values: { weight: 3 }, stamp: false });
      const { input } = only(access.sent());
      expect(conditions(input)).to.include({ updatedAt: T0 });
      expect(updated(input).set).to.include.members(['label', 'weight']);
      expect(gadget.hasChanges()).to.equal(false);
    });

    it('without a stamp, a ConditionalCheckFailed with the item is a ConcurrentModificationError', async function () {
      const access = gadgetAccess();
      const gadget = await loadGadget(access);
      access.send.rejects(sdkError('ConditionalCheckFailedException', { Item: raw({ updatedAt: T0 }) }));
      const error = await rejectionOf(gadget.setLabel('new').writeWith({ stamp: false }));
      expect(error).to.be.instanceOf(ConcurrentModificationError);
    });

    it('adds a further condition to the update', async function () {
      const access = gadgetAccess();
      const gadget = await loadGadget(access);
      const heavy = new ConflictError('heavy', 'too heavy');
      await gadget.setLabel('new').writeWith({ expect: [{ condition: when.lt('weight', 10), error: () => heavy }] });
      const { input } = only(access.sent());
      const weight = Object.entries(input.ExpressionAttributeNames as Record<string, string>).find(([, name]) => name === 'weight')?.[0];
      expect(input.ConditionExpression).to.match(new RegExp(`${weight} < :v\\d+`));
      expect(conditions(input)).to.include({ updatedAt: T0 });
      access.send.rejects(sdkError('ConditionalCheckFailedException', { Item: raw({ ...storedItem('gadget', { gadgetId: GADGET_ID, updatedAt: gadget.getUpdatedAt(), weight: 50 }) }) }));
      expect(await rejectionOf(gadget.setLabel('newer').writeWith({ expect: [{ condition: when.lt('weight', 10), error: () => heavy }] }))).to.equal(heavy);
    });

    it('adds the further condition without the optimistic check too', async function () {
      const access = gadgetAccess();
      const gadget = await loadGadget(access);
      await gadget.writeWith({ values: { label: 'new' }, expect: [{ condition: when.has('label'), error: () => new ConflictError('label', 'x') }] });
      const { input } = only(access.sent());
      expect(input.ConditionExpression).to.match(/attribute_exists\(#n\d+\)/);
      expect(conditions(input)).to.not.have.property('updatedAt');
    });
  });

  it('an immutable entity (Card) refuses save() with UNSUPPORTED and sends nothing', async function () {
    const access = frameworkAccess();
    const card = await load(access, access.da.Card, storedItem('card', { cardId: BOARD_ID, boardId: BOARD_ID, text: 't', code: 'c', createdAt: T0, updatedAt: T0 }), BOARD_ID);
    const error = await rejectionOf(card.save());
    expect(error).to.be.instanceOf(DataAccessError);
    expect(error).to.include({ code: 'UNSUPPORTED' });
    expect(access.send.called).to.equal(false);
  });

  it('checks a lifecycle move from the stored state, however many setters ran (Gadget draft → review → published)', async function () {
    // Gadget allows draft → review → published but not draft → published: one save writes
    // stored → new, so the second step is refused while 'draft' is what is stored.
    const access = gadgetAccess();
    const gadget = await loadGadget(access);
    gadget.setStage('review');
    const error = thrownBy(() => gadget.setStage('published'));
    expect(error).to.be.instanceOf(InvalidTransitionError);
    expect(error).to.include({ from: 'draft', to: 'published' });
    expect(gadget.getStage()).to.equal('review');
    await gadget.save();
    expect(conditions(only(access.sent()).input)).to.include({ stage: 'draft' });
    gadget.setStage('published');
    expect(gadget.getStage()).to.equal('published');
  });

  it('clearing an attribute with a default puts the default back (Board.position stays in its index)', async function () {
    // position is part of the byWorkspaceId sort key: removing it would drop the board from the
    // index that getBoards() and the cascade of Workspace.remove() read.
    const access = frameworkAccess();
    const board = await load(access, access.da.Board, storedBoard({ position: 2 }), BOARD_ID);
    board.setPosition(undefined);
    expect(board.getPosition()).to.equal(0);
    await board.save();
    const { input } = only(access.sent());
    expect(updated(input).remove).to.deep.equal([]);
    expect(updated(input).set).to.include.members(['position', 'gsi2sk']);
  });

  it('refuses to clear an optional index key attribute without a default (Part.bin)', async function () {
    const access = gadgetAccess();
    const part = await load(access, access.da.Part, storedItem('part', { partId: BOARD_ID, name: 'p', bin: 'b-1', createdAt: T0, updatedAt: T0 }), BOARD_ID);
    const error = thrownBy(() => part.setBin(undefined));
    expect(error).to.be.instanceOf(ValidationError);
    expect((error as ValidationError).issues).to.deep.equal([{ path: 'bin', message: 'is part of an index key and cannot be cleared' }]);
    expect(part.getBin()).to.equal('b-1');
  });
});
