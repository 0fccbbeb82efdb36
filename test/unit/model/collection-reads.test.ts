import { expect } from 'chai';
import { DataAccessError, ValidationError } from '../../../src/index.js';
import { Workspace, WorkspaceCollection } from '../../fixtures/framework-entities.js';
import { Gadget } from '../fixtures/gadget-entities.js';
import {
  BOARD_ID,
  FAST_RETRY,
  frameworkAccess,
  load,
  ORG,
  OTHER_ORG,
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

const ID2 = '6a2b2c2d-3e3f-4a4b-8c8d-9e9f0a0b0c0d';
const ID3 = '7a2b2c2d-3e3f-4a4b-8c8d-9e9f0a0b0c0d';

async function validationIssues(promise: Promise<unknown>): Promise<{ path: string; message: string }[]> {
  const error = await rejectionOf(promise);
  expect(error).to.be.instanceOf(ValidationError);
  return [...(error as ValidationError).issues];
}


describe('BaseCollection reads', function () {
  it('entityName names the entity', function () {
    expect(frameworkAccess().da.Board.entityName).to.equal('Board');
  });

  describe('findById', function () {
    it('sends one GetItem for the item key and hydrates the model', async function () {
      const access = frameworkAccess();
      access.send.resolves({ Item: storedWorkspace() });
      const ws = await access.da.Workspace.findById(WS_ID);
      expect(ws).to.be.instanceOf(Workspace);
      expect(ws?.getName()).to.equal('Alpha');
      const [command] = access.sent();
      expect(command?.name).to.equal('GetCommand');
      expect(command?.input).to.deep.equal({ TableName: TABLE, Key: { pk: `$taskmanagement#workspaceId_${WS_ID}`, sk: '$workspace_1' } });
    });

    it('returns null for a missing item and for an item of another entity', async function () {
      const access = frameworkAccess();
      expect(await access.da.Workspace.findById(WS_ID)).to.equal(null);
      access.send.resolves({ Item: storedBoard({ boardId: WS_ID }) });
      expect(await access.da.Workspace.findById(WS_ID)).to.equal(null);
    });

    it('refuses a bad id before sending anything', async function () {
      const access = frameworkAccess();
      for (const bad of ['nope', '', null, undefined, 42, {}]) {
        const issues = await validationIssues(access.da.Workspace.findById(bad as never));
        expect(issues, JSON.stringify(bad)).to.have.length(1);
        expect(issues[0]?.path).to.match(/^id/);
      }
      expect(access.send.called).to.equal(false);
    });

    it('retries transient errors and wraps the others as DATASTORE', async function () {
      const access = frameworkAccess();
      access.send.onFirstCall().rejects(sdkError('ProvisionedThroughputExceededException'));
      access.send.onSecondCall().resolves({ Item: storedWorkspace() });
      expect((await access.da.Workspace.findById(WS_ID))?.getId()).to.equal(WS_ID);
      access.send.reset();
      const cause = sdkError('AccessDeniedException');
      access.send.rejects(cause);
      const error = await rejectionOf(access.da.Workspace.findById(WS_ID));
      expect(error).to.be.instanceOf(DataAccessError);
      expect(error).to.include({ code: 'DATASTORE', cause });
    });
  });

  describe('existsById', function () {
    it('reads only the entity marker and answers for this entity only', async function () {
      const access = frameworkAccess();
      access.send.resolves({ Item: { __edb_e__: 'workspace' } });
      expect(await access.da.Workspace.existsById(WS_ID)).to.equal(true);
      const [command] = access.sent();
      expect(command?.name).to.equal('GetCommand');
      const names = command?.input.ExpressionAttributeNames as Record<string, string>;
      const projected = (command?.input.ProjectionExpression as string).split(', ').map((p) => names[p]);
      expect(projected).to.deep.equal(['__edb_e__']);
      access.send.resolves({ Item: { __edb_e__: 'board' } });
      expect(await access.da.Workspace.existsById(WS_ID)).to.equal(false);
      access.send.resolves({});
      expect(await access.da.Workspace.existsById(WS_ID)).to.equal(false);
    });

    it('refuses a bad id before sending anything and wraps store errors', async function () {
      const access = frameworkAccess();
      await validationIssues(access.da.Workspace.existsById('x'));
      expect(access.send.called).to.equal(false);
      access.send.rejects(sdkError('AccessDeniedException'));
      expect(await rejectionOf(access.da.Workspace.existsById(WS_ID))).to.include({ code: 'DATASTORE' });
    });
  });

  describe('batchGetByIds', function () {
    it('lists each bad index and sends nothing', async function () {
      const access = frameworkAccess();
      const issues = await validationIssues(access.da.Workspace.batchGetByIds([WS_ID, 'nope', ID2, null as never, '']));
      expect(issues.map((i) => i.path)).to.deep.equal(['ids[1]', 'ids[3]', 'ids[4]']);
      expect(issues[0]?.message).to.equal('must be a UUID');
      expect(await validationIssues(access.da.Workspace.batchGetByIds('abc' as never))).to.deep.equal([{ path: 'ids', message: 'expected an array of ids' }]);
      expect(access.send.called).to.equal(false);
    });

    it('sends nothing for no ids', async function () {
      const access = frameworkAccess();
      expect(await access.da.Workspace.batchGetByIds([])).to.deep.equal([]);
      expect(access.send.called).to.equal(false);
    });

    it('reads 100 keys per request, de-duplicated, and returns models in input order without missing ids or other entities', async function () {
      const access = frameworkAccess({ concurrency: 1 });
      const ids = Array.from({ length: 230 }, (_, i) => `${String(i).padStart(8, '0')}-3e3f-4a4b-8c8d-9e9f0a0b0c0d`);
      access.send.callsFake((command) => {
        const keys = (command.input as { RequestItems: Record<string, { Keys: { pk: string }[] }> }).RequestItems[TABLE]?.Keys ?? [];
        const items = keys
          .map((key) => key.pk.replace('$taskmanagement#workspaceId_', ''))
          .filter((id) => !id.startsWith('00000005'))
          .map((id) => (id.startsWith('00000007') ? storedBoard({ boardId: id }) : storedWorkspace({ workspaceId: id, name: id.slice(0, 8) })));
        return Promise.resolve({ Responses: { [TABLE]: items.reverse() } });
      });
      const asked = [ids[9] as string, ...ids, ids[0] as string];
      const models = await access.da.Workspace.batchGetByIds(asked);
      const batches = access.sent();
      expect(batches.map((c) => c.name)).to.deep.equal(['BatchGetCommand', 'BatchGetCommand', 'BatchGetCommand']);
      expect(batches.map((c) => c.input.RequestItems[TABLE].Keys.length as number)).to.deep.equal([100, 100, 30]);
      const expected = [ids[9], ...ids].filter((id): id is string => !!id && !id.startsWith('00000005') && !id.startsWith('00000007'));
      expect(models.map((m) => m.getId())).to.deep.equal([...new Set(expected)]);
    });

    it('throws DATASTORE when keys stay unread after the retries', async function () {
      const access = frameworkAccess();
      access.send.callsFake((command) => Promise.resolve({ UnprocessedKeys: structuredClone((command.input as { RequestItems: unknown }).RequestItems) }));
      const error = await rejectionOf(access.da.Workspace.batchGetByIds([WS_ID]));
      expect(error).to.include({ code: 'DATASTORE' });
      expect(access.send.callCount).to.equal(FAST_RETRY.maxAttempts);
    });
  });

  describe('page', function () {
    it('refuses a key set no index is keyed by, before sending anything', async function () {
      const access = frameworkAccess();
      const issues = await validationIssues(access.da.Workspace.page({ slug: 'alpha' }));
      expect(issues).to.deep.equal([{ path: 'indexKeys', message: 'no index of Workspace is keyed by slug' }]);
      const skipped = await validationIssues(access.da.Workspace.page({ organizationId: ORG, slug: 'alpha' }));
      expect(skipped[0]?.path).to.equal('indexKeys');
      expect((await validationIssues(access.da.Workspace.page({})))[0]?.message).to.equal('no index of Workspace is keyed by nothing');
      expect(access.send.called).to.equal(false);
    });

    it('refuses bad keys, key values and options before sending anything', async function () {
      const access = frameworkAccess();
      expect(await validationIssues(access.da.Workspace.page(null as never))).to.deep.equal([{ path: 'indexKeys', message: 'expected an object of key attributes' }]);
      expect(await validationIssues(access.da.Workspace.page([] as never))).to.have.length(1);
      expect(await validationIssues(access.da.Workspace.page({ organizationId: 'nope' }))).to.deep.equal([{ path: 'organizationId', message: 'must be a UUID' }]);
      expect(await validationIssues(access.da.Workspace.page({ organizationId: ORG, status: 'gone' as 'open' }))).to.deep.equal([{ path: 'status', message: 'must be one of open, frozen, closed' }]);
      expect(await validationIssues(access.da.Workspace.page({ organizationId: null as never }))).to.deep.equal([{ path: 'organizationId', message: 'is required' }]);
      expect((await validationIssues(access.da.Workspace.page({ organizationId: ORG }, { limit: 0 }))).map((i) => i.path)).to.deep.equal(['limit']);
      expect((await validationIssues(access.da.Workspace.page({ organizationId: ORG }, { limit: 2.5, order: 'up' as 'asc' }))).map((i) => i.path)).to.deep.equal(['limit', 'order']);
      expect(await validationIssues(access.da.Workspace.page({ organizationId: ORG }, null as never))).to.deep.equal([{ path: 'options', message: 'expected { limit?, order?, cursor? }' }]);
      // A misspelt option is refused, not ignored.
      expect(await validationIssues(access.da.Workspace.page({ organizationId: ORG }, { limt: 5 } as never))).to.deep.equal([{ path: 'limt', message: 'is not an option (known: limit, order, cursor)' }]);
      expect(await validationIssues(access.da.Workspace.page({ organizationId: ORG }, [] as never))).to.deep.equal([{ path: 'options', message: 'expected { limit?, order?, cursor? }' }]);
      expect(await validationIssues(access.da.Workspace.page({ organizationId: ORG }, { cursor: 'not-a-cursor' }))).to.deep.equal([{ path: 'cursor', message: 'is not a cursor returned by page()' }]);
      expect(access.send.called).to.equal(false);
    });

    it("refuses a limit above DynamoDB's 32-bit Limit before sending anything, and sends the largest one", async function () {
      const access = frameworkAccess();
      for (const limit of [2 ** 31, Number.MAX_SAFE_INTEGER]) {
        expect(await validationIssues(access.da.Workspace.page({ organizationId: ORG }, { limit })), String(limit)).to.deep.equal([{ path: 'limit', message: 'must be at most 2147483647' }]);
      }
      expect(access.send.called).to.equal(false);
      access.send.resolves({ Items: [] });
      await access.da.Workspace.page({ organizationId: ORG }, { limit: 2 ** 31 - 1 });
      expect(access.sent()[0]?.input).to.include({ Limit: 2 ** 31 - 1 });
    });

    it('queries the index the keys name, 100 items by default, and hands back an opaque cursor', async function () {
      const access = frameworkAccess();
      const lastKey = { pk: `$taskmanagement#workspaceId_${WS_ID}`, sk: '$workspace_1', gsi1pk: `$taskmanagement#organizationId_${ORG}`, gsi1sk: '$workspace_1#status_open#slug_alpha' };
      access.send.resolves({
        Items: [storedWorkspace(), storedWorkspace({ organizationId: OTHER_ORG }), storedBoard()],
        LastEvaluatedKey: lastKey,
      });
      const first = await access.da.Workspace.page({ organizationId: ORG });
      const [command] = access.sent();
      expect(command?.name).to.equal('QueryCommand');
      expect(command?.input).to.include({ TableName: TABLE, IndexName: 'gsi1', Limit: 100 });
      expect(first.items.map((w) => w.getId())).to.deep.equal([WS_ID]);
      expect(first.cursor).to.be.a('string');
      expect(first.cursor).to.not.include('gsi1pk');

      access.send.resolves({ Items: [] });
      const second = await access.da.Workspace.page({ organizationId: ORG, status: 'open' }, { cursor: first.cursor, limit: 5, order: 'desc' });
      const next = access.sent()[1];
      expect(next?.input.ExclusiveStartKey).to.deep.equal(lastKey);
      expect(next?.input).to.include({ Limit: 5, ScanIndexForward: false });
      expect(second).to.deep.equal({ items: [], cursor: null });
    });

    it('refuses a cursor of another query (other partition or other index) before sending anything', async function () {
      const access = frameworkAccess();
      const key = { pk: `$taskmanagement#workspaceId_${WS_ID}`, sk: '$workspace_1', gsi1pk: `$taskmanagement#organizationId_${ORG}`, gsi1sk: 'x' };
      access.send.resolves({ Items: [], LastEvaluatedKey: key });
      const { cursor } = await access.da.Workspace.page({ organizationId: ORG });
      access.send.resetHistory();
      const otherPartition = await validationIssues(access.da.Workspace.page({ organizationId: OTHER_ORG }, { cursor }));
      expect(otherPartition).to.deep.equal([{ path: 'cursor', message: 'does not belong to this query' }]);
      const otherIndex = await validationIssues(access.da.Board.page({ workspaceId: WS_ID }, { cursor }));
      expect(otherIndex).to.deep.equal([{ path: 'cursor', message: 'does not belong to this query' }]);
      expect(access.send.called).to.equal(false);
    });

    it('refuses a cursor whose sort key lies outside the range the keys select', async function () {
      const access = frameworkAccess();
      const key = { pk: `$taskmanagement#workspaceId_${WS_ID}`, sk: '$workspace_1', gsi1pk: `$taskmanagement#organizationId_${ORG}`, gsi1sk: '$workspace_1#status_open#slug_alpha' };
      access.send.resolves({ Items: [], LastEvaluatedKey: key });
      const { cursor } = await access.da.Workspace.page({ organizationId: ORG });
      await access.da.Workspace.page({ organizationId: ORG, status: 'open' }, { cursor });
      await access.da.Workspace.page({ organizationId: ORG, status: 'open', slug: 'alpha' }, { cursor });
      access.send.resetHistory();
      for (const keys of [
        { organizationId: ORG, status: 'frozen' as const },
        { organizationId: ORG, status: 'open' as const, slug: 'alp' },
      ]) {
        expect(await validationIssues(access.da.Workspace.page(keys, { cursor })), JSON.stringify(keys)).to.deep.equal([{ path: 'cursor', message: 'does not belong to this query' }]);
      }
      expect(access.send.called).to.equal(false);
    });

    it('wraps query errors as DATASTORE', async function () {
      const access = frameworkAccess();
      access.send.rejects(sdkError('AccessDeniedException'));
      expect(await rejectionOf(access.da.Workspace.page({ organizationId: ORG }))).to.include({ code: 'DATASTORE' });
    });
  });

  describe('generated finders', function () {
    it('exist for every prefix of every index key', function () {
      const { da } = frameworkAccess();
      for (const name of [
        'allByOrganizationId',
        'allByOrganizationIdAndStatus',
        'allByOrganizationIdAndStatusAndSlug',
        'findByOrganizationId',
        'findByOrganizationIdAndStatus',
        'findByOrganizationIdAndStatusAndSlug',
      ]) {
        expect(typeof (da.Workspace as unknown as Record<string, unknown>)[name], name).to.equal('function');
        expect(Object.getOwnPropertyNames(WorkspaceCollection.prototype), name).to.include(name);
      }
      expect(typeof da.Board.allByWorkspaceIdAndPosition).to.equal('function');
      expect(typeof da.Note.findByWorkspaceIdAndCreatedAt).to.equal('function');
      expect(typeof da.Card.allByBoardId).to.equal('function');
      const names = Object.getOwnPropertyNames(Object.getPrototypeOf(da.Card)).filter((n) => /^(all|find)By/.test(n));
      expect(names.sort()).to.deep.equal(['allByBoardId', 'findByBoardId']);
      expect(Object.getOwnPropertyNames(da.Workspace).filter((n) => /^(all|find)By/.test(n))).to.deep.equal([]);
    });

    it('allBy… queries the index with the given keys, follows every page and keeps exact matches of this entity', async function () {
      const access = frameworkAccess();
      access.send.onFirstCall().resolves({
        Items: [storedWorkspace(), storedBoard(), storedWorkspace({ workspaceId: ID2, status: 'frozen' })],
        LastEvaluatedKey: { pk: 'p' },
      });
      access.send.onSecondCall().resolves({ Items: [storedWorkspace({ workspaceId: ID3, organizationId: OTHER_ORG })] });
      access.send.onThirdCall().resolves({ Items: [] });
      const all = await access.da.Workspace.allByOrganizationId(ORG);
      expect(all.map((w) => w.getId())).to.deep.equal([WS_ID, ID2]);
      const [first, second] = access.sent();
      expect(first?.input).to.include({ IndexName: 'gsi1' });
      expect(first?.input).to.not.have.property('Limit');
      expect(Object.values(first?.input.ExpressionAttributeValues)).to.include(`$taskmanagement#organizationid_${ORG}`.replace('organizationid', 'organizationId'));
      expect(second?.input.ExclusiveStartKey).to.deep.equal({ pk: 'p' });
      expect(access.send.callCount).to.equal(2);
    });

    it('allBy… keeps only exact key matches (a sort-key prefix such as alpha/alphabet is no match)', async function () {
      const access = frameworkAccess();
      access.send.resolves({ Items: [storedWorkspace({ slug: 'alpha' }), storedWorkspace({ workspaceId: ID2, slug: 'alphabet' })] });
      const exact = await access.da.Workspace.allByOrganizationIdAndStatusAndSlug(ORG, 'open', 'alpha');
      expect(exact.map((w) => w.getSlug())).to.deep.equal(['alpha']);
    });

    it('allBy… honours limit and order', async function () {
      const access = frameworkAccess();
      access.send.resolves({ Items: [storedWorkspace(), storedWorkspace({ workspaceId: ID2 })], LastEvaluatedKey: { pk: 'more' } });
      const limited = await access.da.Workspace.allByOrganizationIdAndStatus(ORG, 'open', { limit: 1, order: 'desc' });
      expect(limited).to.have.length(1);
      expect(access.send.callCount).to.equal(1);
      expect(access.sent()[0]?.input.ScanIndexForward).to.equal(false);
    });

    it('findBy… returns the first match or null', async function () {
      const access = frameworkAccess();
      access.send.resolves({ Items: [storedBoard(), storedWorkspace()] });
      expect((await access.da.Workspace.findByOrganizationId(ORG))?.getId()).to.equal(WS_ID);
      access.send.resolves({ Items: [] });
      expect(await access.da.Workspace.findByOrganizationIdAndStatus(ORG, 'open')).to.equal(null);
    });

    it('validate key values and options before sending anything', async function () {
      const access = frameworkAccess();
      expect(await validationIssues(access.da.Workspace.allByOrganizationId('nope'))).to.deep.equal([{ path: 'organizationId', message: 'must be a UUID' }]);
      expect(await validationIssues((access.da.Workspace.allByOrganizationId as () => Promise<unknown>)())).to.deep.equal([{ path: 'organizationId', message: 'is required' }]);
      expect(await validationIssues(access.da.Workspace.findByOrganizationIdAndStatus(ORG, 'gone' as 'open'))).to.have.length(1);
      expect((await validationIssues(access.da.Workspace.allByOrganizationId(ORG, { limit: -1 })))[0]?.path).to.equal('limit');
      // One rule for the option wherever it is taken, page() or a finder.
      expect(await validationIssues(access.da.Workspace.allByOrganizationId(ORG, { limit: 2 ** 31 }))).to.deep.equal([{ path: 'limit', message: 'must be at most 2147483647' }]);
      expect(await validationIssues(access.da.Workspace.allByOrganizationId(ORG, 'x' as never))).to.deep.equal([{ path: 'options', message: 'expected { limit?, order? }' }]);
      expect(await validationIssues(access.da.Workspace.allByOrganizationId(ORG, { order: 'desc', sort: 'x' } as never))).to.deep.equal([{ path: 'sort', message: 'is not an option (known: limit, order)' }]);
      // A cursor belongs to page(): a finder that returns everything would ignore it.
      expect(await validationIssues(access.da.Workspace.allByOrganizationId(ORG, { cursor: 'abc' } as never))).to.deep.equal([{ path: 'cursor', message: 'is not an option (known: limit, order)' }]);
      expect(access.send.called).to.equal(false);
    });

    it('do not replace a method the collection class defines itself', async function () {
      const access = gadgetAccess();
      expect(await access.da.Gadget.findByCode('W-1')).to.equal(null);
      expect(access.da.Gadget.ownFinderCalls).to.deep.equal(['W-1']);
      expect(access.send.called).to.equal(false);
      access.send.resolves({ Items: [storedItem('gadget', { gadgetId: ID2, code: 'W-1', label: 'x', createdAt: T0, updatedAt: T0 })] });
      expect((await access.da.Gadget.allByCode('W-1')).map((g) => g.getId())).to.deep.equal([ID2]);
    });
  });

  describe('queryModels (for entity methods)', function () {
    it('refuses facets that are not attributes before sending anything', async function () {
      const access = gadgetAccess();
      expect(await validationIssues(access.da.Gadget.query('byCode', { code: 'W-1', colour: 'red' }))).to.deep.equal([{ path: 'colour', message: 'is not an attribute of this entity' }]);
      expect(access.send.called).to.equal(false);
    });

    it('an unknown index name is a SchemaBuilderError (a DataAccessError), and nothing is sent', async function () {
      const access = gadgetAccess();
      const error = await rejectionOf(access.da.Gadget.query('byColour', { code: 'W-1' }));
      expect(error).to.be.instanceOf(DataAccessError);
      expect(error).to.include({ code: 'SCHEMA' });
      expect((error as Error).message).to.include("has no index 'byColour'");
      expect(access.send.called).to.equal(false);
    });
  });

  describe('findByUnique (for entity methods)', function () {
    const gadget = (overrides: Record<string, unknown> = {}) => storedItem('gadget', { gadgetId: ID2, code: 'W-1', label: 'x', createdAt: T0, updatedAt: T0, ...overrides });

    it('reads the guard, then its owner, and returns the owner while it still holds the values', async function () {
      const access = gadgetAccess();
      access.send.onFirstCall().resolves({ Item: { pk: '$unique#gadget#code#W-1', sk: '$unique', ownerId: ID2 } });
      access.send.onSecondCall().resolves({ Item: gadget() });
      const found = await access.da.Gadget.lookup('code', { code: 'W-1' });
      expect(found?.getId()).to.equal(ID2);
      expect(access.sent().map((c) => c.input.Key as unknown)).to.deep.equal([
        { pk: '$unique#gadget#code#W-1', sk: '$unique' },
        { pk: `$taskmanagement#gadgetId_${ID2}`, sk: '$gadget_1' },
      ]);
    });

    it('returns null without a guard, without an owner, or when the owner moved on to other values', async function () {
      const access = gadgetAccess();
      expect(await access.da.Gadget.lookup('code', { code: 'W-1' })).to.equal(null);
      expect(access.send.callCount).to.equal(1);
      access.send.reset();
      access.send.onFirstCall().resolves({ Item: { ownerId: ID2 } });
      access.send.onSecondCall().resolves({});
      expect(await access.da.Gadget.lookup('code', { code: 'W-1' })).to.equal(null);
      access.send.reset();
      access.send.onFirstCall().resolves({ Item: { ownerId: ID2 } });
      access.send.onSecondCall().resolves({ Item: gadget({ code: 'W-2' }) });
      expect(await access.da.Gadget.lookup('code', { code: 'W-1' })).to.equal(null);
    });

    it('reads an identity constraint with one GetItem on the derived id', async function () {
      const access = gadgetAccess();
      const entry = { account: 'acme', period: '2026-01', amount: 1, reference: 'r' };
      const created = await access.da.Ledger.create(entry);
      access.send.resetHistory();
      access.send.resolves({ Item: storedItem('ledger', { ...entry, ledgerId: created.getId(), createdAt: T0, updatedAt: T0 }) });
      const found = await access.da.Ledger.lookup('period', { account: 'acme', period: '2026-01' });
      expect(found?.getId()).to.equal(created.getId());
      expect(access.sent().map((c) => c.input.Key.pk as string)).to.deep.equal([`$taskmanagement#ledgerId_${created.getId()}`]);
    });

    it('validates the values before reading, and refuses an unknown constraint', async function () {
      const access = gadgetAccess();
      expect(await validationIssues(access.da.Gadget.lookup('code', {}))).to.deep.equal([{ path: 'code', message: 'is required' }]);
      expect(await validationIssues(access.da.Gadget.lookup('code', { code: 5 }))).to.deep.equal([{ path: 'code', message: 'expected a string, got a number' }]);
      expect(await rejectionOf(access.da.Gadget.lookup('nope', { code: 'x' }))).to.include({ code: 'SCHEMA' });
      expect(access.send.called).to.equal(false);
    });
  });

  describe('reference getters', function () {
    it('belongs_to reads the parent by id', async function () {
      const access = frameworkAccess();
      const board = await load(access, access.da.Board, storedBoard(), BOARD_ID);
      access.send.resolves({ Item: storedWorkspace() });
      const parent = await board.getWorkspace();
      expect(parent).to.be.instanceOf(Workspace);
      expect(access.sent()[0]?.input.Key.pk).to.equal(`$taskmanagement#workspaceId_${WS_ID}`);
    });

    it('has_many queries the children by the parent id on their belongs_to index', async function () {
      const access = frameworkAccess();
      const ws = await load(access, access.da.Workspace, storedWorkspace(), WS_ID);
      access.send.resolves({ Items: [storedBoard(), storedBoard({ boardId: ID2, workspaceId: ID3 })] });
      const boards = await ws.getBoards();
      expect(boards.map((b) => b.getId())).to.deep.equal([BOARD_ID]);
      expect(access.sent()[0]?.input).to.include({ IndexName: 'gsi2' });
    });

    it('has_one returns the first child or null', async function () {
      const access = gadgetAccess();
      const gadget = await load(access, access.da.Gadget, storedItem('gadget', { gadgetId: ID2, code: 'W-1', label: 'x', createdAt: T0, updatedAt: T0 }), ID2);
      expect(gadget).to.be.instanceOf(Gadget);
      access.send.resolves({ Items: [storedItem('manual', { manualId: ID3, gadgetId: ID2, gadgetCode: 'W-1', body: 'b', createdAt: T0, updatedAt: T0 })], LastEvaluatedKey: { pk: 'more' } });
      expect((await gadget.getManual())?.getId()).to.equal(ID3);
      expect(access.send.callCount).to.equal(1);
      access.send.resolves({ Items: [] });
      expect(await gadget.getManual()).to.equal(null);
    });
  });
});
