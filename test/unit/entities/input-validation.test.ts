// Bad input to the entities' own methods, on a stubbed SDK: each case is a ValidationError that
// names every bad field, thrown before any request is sent — never a raw TypeError, never the
// caller's own error, never a write that DynamoDB refuses later.
import { randomBytes, randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { createDataAccess, DataAccessError, tableDefinition, ValidationError } from '../../../src/index.js';
import type { DataAccess, SyncOperation, TaskManagementConnection } from '../../../src/index.js';
import { FAST_RETRY, load, quietLogger, rejectionOf, storedItem, stubbedClient, TABLE, thrownBy } from '../fixtures/stub-sdk.js';
import type { StubbedClient } from '../fixtures/stub-sdk.js';

const HOLE = 'is missing (a hole in a sparse array)';
const TOKENS = { accessToken: 'at-1', refreshToken: 'rt-1' };

/** A sparse array of `length` with `values` at their indexes and holes elsewhere. */
function sparse(length: number, values: Readonly<Record<number, unknown>> = {}): unknown[] {
  const list = new Array<unknown>(length);
  for (const [index, value] of Object.entries(values)) list[Number(index)] = value;
  return list;
}

describe('entity methods refuse bad input before any request', function () {
  let client: StubbedClient;
  let da: DataAccess;
  let connection: TaskManagementConnection;
  let sync: SyncOperation;

  beforeEach(async function () {
    client = stubbedClient();
    da = createDataAccess({ tableName: TABLE, client: client.doc, retry: FAST_RETRY, logger: quietLogger(), encryption: { keys: { a: randomBytes(32) }, activeKeyId: 'a' } });
    const cloudId = randomUUID();
    connection = await da.TaskManagementConnection.create({
      organizationId: randomUUID(),
      provider: 'jira_cloud',
      displayName: 'Acme',
      instanceUrl: 'https://acme.atlassian.net',
      connectedBy: 'user-1',
      externalInstanceId: cloudId,
      metadata: { cloudId },
    });
    sync = await da.SyncOperation.start({ taskManagementConnectionId: connection.getId(), organizationId: connection.getOrganizationId(), triggeredBy: 'user-1', syncType: 'full' });
    await sync.begin();
    client.send.resetHistory();
  });

  function ticketInput() {
    return {
      organizationId: connection.getOrganizationId(),
      taskManagementConnectionId: connection.getId(),
      opportunityId: randomUUID(),
      externalTicketId: '10042',
      ticketKey: 'ASO-42',
      ticketUrl: 'https://acme.atlassian.net/browse/ASO-42',
      ticketProvider: 'jira_cloud' as const,
      createdBy: 'user-1',
    };
  }

  /** The issues of the ValidationError `promise` rejects with; fails the test when anything was sent. */
  async function issuesOf(promise: Promise<unknown>): Promise<{ path: string; message: string }[]> {
    const error = await rejectionOf(promise);
    expect(error, String(error)).to.be.instanceOf(ValidationError);
    expect(client.send.called, 'a request was sent').to.equal(false);
    return (error as ValidationError).issues;
  }

  describe('a hole of a sparse array is an invalid element, named by its index', function () {
    it('Ticket.batchGetByIds and removeByIds', async function () {
      expect(await issuesOf(da.Ticket.batchGetByIds(sparse(3, { 0: randomUUID(), 2: randomUUID() }) as string[]))).to.deep.equal([{ path: 'ids[1]', message: HOLE }]);
      expect(await issuesOf(da.Ticket.removeByIds(sparse(2) as string[]))).to.deep.equal([
        { path: 'ids[0]', message: HOLE },
        { path: 'ids[1]', message: HOLE },
      ]);
    });

    it('TicketSuggestion.allBySuggestionIds and allByTicketIds', async function () {
      expect(await issuesOf(da.TicketSuggestion.allBySuggestionIds(sparse(2, { 1: randomUUID() }) as string[]))).to.deep.equal([{ path: 'suggestionIds[0]', message: HOLE }]);
      expect(await issuesOf(da.TicketSuggestion.allByTicketIds(sparse(2, { 0: randomUUID() }) as string[]))).to.deep.equal([{ path: 'ticketIds[1]', message: HOLE }]);
    });

    it('Ticket.createWithSuggestions: a hole among the links', async function () {
      const links = sparse(2, { 0: { suggestionId: randomUUID(), opportunityId: randomUUID() } });
      expect(await issuesOf(da.Ticket.createWithSuggestions(ticketInput(), links as never))).to.deep.equal([{ path: 'links[1]', message: HOLE }]);
    });

    it('SyncOperation.complete: a hole among the results’ errors', async function () {
      const errors = sparse(3, { 0: { message: 'first' }, 2: { message: 'third' } });
      expect(await issuesOf(sync.complete({ created: 0, updated: 0, skipped: 0, failed: 2, errors: errors as never }))).to.deep.equal([{ path: 'results.errors[1]', message: HOLE }]);
    });

    it('OAuthTokenState.put and rotate: a hole among the scopes', async function () {
      const scopes = sparse(3, { 0: 'read', 2: 'write' }) as string[];
      const expected = [{ path: 'scopes', message: 'must be at most 100 strings of 1–256 characters' }];
      expect(await issuesOf(da.OAuthTokenState.put(connection.getId(), { ...TOKENS, scopes }))).to.deep.equal(expected);
      expect(await issuesOf(da.OAuthTokenState.rotate(connection.getId(), 1, { ...TOKENS, scopes }))).to.deep.equal(expected);
    });
  });

  it('Ticket.createWithSuggestions: one suggestion listed twice in two letter cases is listed twice', async function () {
    const suggestionId = randomUUID();
    const opportunityId = randomUUID();
    const links = [
      { suggestionId, opportunityId },
      { suggestionId: suggestionId.toUpperCase(), opportunityId },
    ];
    expect(await issuesOf(da.Ticket.createWithSuggestions(ticketInput(), links))).to.deep.equal([{ path: 'links[1].suggestionId', message: 'is listed twice' }]);
  });

  describe('options must be a plain object (a null-prototype object is one)', function () {
    const notPlain: [string, unknown][] = [
      ['an array', []],
      ['a Date', new Date()],
    ];

    it('SyncOperation.complete', async function () {
      const results = { created: 1, updated: 0, skipped: 0, failed: 0 };
      for (const [label, options] of notPlain) {
        expect(await issuesOf(sync.complete(results, options as never)), label).to.deep.equal([{ path: 'options', message: 'expected { watermarks? }' }]);
      }
      await sync.complete(results, Object.create(null) as Record<string, never>);
      expect(sync.getStatus()).to.equal('completed');
    });

    it('TaskManagementConnection.recordCheck', async function () {
      for (const [label, options] of notPlain) {
        expect(await issuesOf(connection.recordCheck({ ok: true }, options as never)), label).to.deep.equal([{ path: 'options', message: 'expected { failureThreshold? }' }]);
      }
      const bare = Object.assign(Object.create(null) as Record<string, unknown>, { failureThreshold: 5 });
      await connection.recordCheck({ ok: true }, bare);
      expect(client.send.called).to.equal(true);
    });

    it('TaskManagementConnection.markActive', async function () {
      for (const [label, options] of notPlain) {
        expect(await issuesOf(connection.markActive(options as never)), label).to.deep.equal([{ path: 'options', message: 'expected { reauthorizedBy? }' }]);
      }
    });
  });

  it('TaskManagementConnection.create: a bad organizationId and bad metadata are listed together', async function () {
    const issues = await issuesOf(
      da.TaskManagementConnection.create({
        organizationId: 'nope',
        provider: 'jira_cloud',
        displayName: '',
        instanceUrl: 'https://acme.atlassian.net',
        connectedBy: 'user-1',
        externalInstanceId: randomUUID(),
        metadata: { cloudId: 'not-a-uuid' },
      }),
    );
    expect(issues.map((issue) => issue.path)).to.include.members(['organizationId', 'displayName']);
    expect(issues.some((issue) => issue.path.startsWith('metadata')), JSON.stringify(issues)).to.equal(true);
  });

  it('OAuthTokenState.rotate: the expected version’s successor must be a safe integer', async function () {
    for (const expectedVersion of [Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER + 1, 2 ** 60]) {
      expect(await issuesOf(da.OAuthTokenState.rotate(connection.getId(), expectedVersion, TOKENS)), String(expectedVersion)).to.deep.equal([
        { path: 'expectedVersion', message: `must be an integer from 1 to ${Number.MAX_SAFE_INTEGER - 1}` },
      ]);
    }
    expect(await da.OAuthTokenState.rotate(connection.getId(), Number.MAX_SAFE_INTEGER - 1, TOKENS)).to.deep.equal({ version: Number.MAX_SAFE_INTEGER });
  });

  describe('one ValidationError lists every bad field', function () {
    const pathsOf = async (promise: Promise<unknown>) => (await issuesOf(promise)).map((issue) => issue.path).sort();

    it('OAuthNonce.issue: ttlSeconds and oAuthNonceId together with the payload’s own fields', async function () {
      expect(await pathsOf(da.OAuthNonce.issue({ organizationId: 'x', provider: 'svn', createdBy: 'u', ttlSeconds: 5 } as never))).to.deep.equal(['organizationId', 'provider', 'ttlSeconds']);
      expect(await pathsOf(da.OAuthNonce.issue({ organizationId: 'x', provider: 'github', createdBy: 'u', oAuthNonceId: 'a' } as never))).to.deep.equal(['oAuthNonceId', 'organizationId']);
    });

    it('OAuthTokenState.rotate and put: the connection id together with the version and the tokens', async function () {
      expect(await pathsOf(da.OAuthTokenState.rotate('x', 0, { accessToken: '' } as never))).to.deep.equal(['accessToken', 'expectedVersion', 'refreshToken', 'taskManagementConnectionId']);
      expect(await pathsOf(da.OAuthTokenState.put('x', { accessToken: '' } as never))).to.deep.equal(['accessToken', 'refreshToken', 'taskManagementConnectionId']);
    });
  });

  it("the entities' own finders refuse a limit above DynamoDB's 32-bit Limit", async function () {
    const tooMany = [{ path: 'limit', message: 'must be at most 2147483647' }];
    expect(await issuesOf(da.Ticket.allByStatusSyncedBefore(connection.getId(), new Date().toISOString(), { limit: 2 ** 31 }))).to.deep.equal(tooMany);
    expect(await issuesOf(da.SyncOperation.allByTaskManagementConnectionId(connection.getId(), { limit: 2 ** 31 }))).to.deep.equal(tooMany);
  });

  describe('TaskManagementConnection.getSyncWatermark: names Object.prototype also has', function () {
    it('reads own watermarks only: an unknown kind is null, a stored one is its time', async function () {
      expect(connection.getSyncWatermark('constructor')).to.equal(null);
      const stored = await load(
        client,
        da.TaskManagementConnection,
        storedItem('taskmanagementconnection', { ...connection.toJSON(), syncWatermarks: { constructor: '2026-01-02T00:00:00.000Z' } }),
        connection.getId(),
      );
      expect(stored.getSyncWatermark('constructor')).to.equal('2026-01-02T00:00:00.000Z');
      expect(stored.getSyncWatermark('issues')).to.equal(null);
    });

    it('refuses the names the entity-kind pattern does not admit', function () {
      for (const name of ['toString', 'hasOwnProperty', '__proto__']) {
        const error = thrownBy(() => connection.getSyncWatermark(name));
        expect(error, name).to.be.instanceOf(ValidationError);
        expect((error as ValidationError).issues.map((issue) => issue.path), name).to.deep.equal(['entity']);
      }
    });
  });

  describe('create inputs that cannot be read', function () {
    const SECRET = 'secret-value-5c1d';
    const UNREADABLE = 'could not be read';
    const revoked = () => {
      const { proxy, revoke } = Proxy.revocable({}, {});
      revoke();
      return proxy;
    };
    const throwingGetter = <T extends object>(target: T, name: string): T =>
      Object.defineProperty(target, name, { enumerable: true, get() { throw new TypeError(SECRET); } });
    const connectionInput = (metadata: unknown) => {
      const cloudId = randomUUID();
      return { organizationId: randomUUID(), provider: 'jira_cloud' as const, displayName: 'Acme', instanceUrl: 'https://acme.atlassian.net', connectedBy: 'user-1', externalInstanceId: cloudId, metadata: metadata as { cloudId: string } };
    };

    /** The issues of the ValidationError, which must not carry the caller's error message. */
    async function unreadableIssues(promise: Promise<unknown>): Promise<{ path: string; message: string }[]> {
      const issues = await issuesOf(promise.catch((error: unknown) => {
        expect(String(error)).to.not.include(SECRET);
        throw error;
      }));
      return issues;
    }

    it('create: a getter that throws is a ValidationError naming its field', async function () {
      expect(await unreadableIssues(da.Ticket.create(throwingGetter(ticketInput(), 'summary')))).to.deep.equal([{ path: 'summary', message: UNREADABLE }]);
      expect(await unreadableIssues(da.TaskManagementConnection.create(connectionInput(throwingGetter({}, 'cloudId'))))).to.deep.equal([{ path: 'metadata.cloudId', message: UNREADABLE }]);
      const nested = throwingGetter({ cloudId: randomUUID(), scopes: ['read'] }, 'scopes');
      expect(await unreadableIssues(da.TaskManagementConnection.create(connectionInput(nested)))).to.deep.equal([{ path: 'metadata.scopes', message: UNREADABLE }]);
      expect(await unreadableIssues(da.Ticket.createWithSuggestions(throwingGetter(ticketInput(), 'summary'), []))).to.deep.equal([{ path: 'ticket.summary', message: UNREADABLE }]);
    });

    it('create: a revoked Proxy as the input or as its metadata', async function () {
      expect(await unreadableIssues(da.Ticket.create(revoked() as never))).to.deep.equal([{ path: '', message: UNREADABLE }]);
      expect(await unreadableIssues(da.TaskManagementConnection.create(connectionInput(revoked())))).to.deep.equal([{ path: 'metadata', message: UNREADABLE }]);
    });

    it('createMany: that item fails with the ValidationError, the others are written', async function () {
      const good = ticketInput();
      const bad = throwingGetter(ticketInput(), 'summary');
      const { created, failed } = await da.Ticket.createMany([bad, good, revoked() as never]);
      expect(created.map((ticket) => ticket.getExternalTicketId())).to.deep.equal([good.externalTicketId]);
      expect(failed.map((failure) => failure.item)).to.have.length(2);
      expect(failed[0]?.item).to.equal(bad);
      for (const [i, path] of [[0, 'summary'], [1, '']] as const) {
        const error = failed[i]?.error;
        expect(error, String(error)).to.be.instanceOf(ValidationError);
        expect((error as ValidationError).issues).to.deep.equal([{ path, message: UNREADABLE }]);
        expect(String(error)).to.not.include(SECRET);
      }
    });

    it('a setter of metadata that cannot be read is refused, the copy left as it was', function () {
      const before = connection.getMetadata();
      for (const [metadata, path] of [[throwingGetter({}, 'cloudId'), 'metadata.cloudId'], [revoked(), 'metadata']] as const) {
        const error = thrownBy(() => connection.setMetadata(metadata as never));
        expect(error, String(error)).to.be.instanceOf(ValidationError);
        expect((error as ValidationError).issues).to.deep.equal([{ path, message: UNREADABLE }]);
        expect(String(error)).to.not.include(SECRET);
      }
      expect(connection.getMetadata()).to.deep.equal(before);
      expect(connection.hasChanges()).to.equal(false);
    });
  });

  describe('entity method inputs that cannot be read', function () {
    // Each case: a ValidationError whose one issue names the field that could not be read, without
    // the caller's error message, and no request sent. A revoked Proxy throws a TypeError from
    // Array.isArray / Object.getPrototypeOf / Object.keys; a getter throws the caller's own error.
    const SECRET = 'secret-value-91be';
    const UNREADABLE = 'could not be read';
    const RESULTS = { created: 0, updated: 0, skipped: 0, failed: 0 };
    const PROGRESS = { current: 1, total: 2, processed: 1, stage: 'fetching' as const };
    const revoked = (target: object = {}): never => {
      const { proxy, revoke } = Proxy.revocable(target, {});
      revoke();
      return proxy as never;
    };
    const throwing = <T extends object>(target: T, name: string): T =>
      Object.defineProperty(target, name, { enumerable: true, configurable: true, get() { throw new Error(SECRET); } });
    /** A getter that answers `value` the first time it is read and throws after that. */
    const answersOnce = <T extends object>(target: T, name: string, value: unknown): T => {
      let reads = 0;
      return Object.defineProperty(target, name, {
        enumerable: true,
        configurable: true,
        get() {
          reads += 1;
          if (reads > 1) throw new Error(SECRET);
          return value;
        },
      });
    };

    /** Runs `call` with a fresh request history; its ValidationError's issues (nothing sent, no secret). */
    async function unreadable(call: () => Promise<unknown>): Promise<{ path: string; message: string }[]> {
      client.send.resetHistory();
      const error = await rejectionOf(call());
      expect(error, String(error)).to.be.instanceOf(ValidationError);
      expect(client.send.called, 'a request was sent').to.equal(false);
      expect(String(error)).to.not.include(SECRET);
      expect(JSON.stringify((error as ValidationError).issues)).to.not.include(SECRET);
      return (error as ValidationError).issues;
    }
    const at = (path: string) => [{ path, message: UNREADABLE }];

    it('OAuthNonce.issue', async function () {
      const payload = () => ({ organizationId: randomUUID(), provider: 'github' as const, createdBy: 'user-1' });
      expect(await unreadable(() => da.OAuthNonce.issue(revoked()))).to.deep.equal(at(''));
      expect(await unreadable(() => da.OAuthNonce.issue(throwing(payload(), 'organizationId')))).to.deep.equal(at('organizationId'));
      expect(await unreadable(() => da.OAuthNonce.issue(throwing(payload(), 'ttlSeconds')))).to.deep.equal(at('ttlSeconds'));
      // Read once: the value checked is the value stored.
      client.send.resetHistory();
      await da.OAuthNonce.issue(answersOnce(payload(), 'createdBy', 'user-2'));
      expect(client.sent().map((command): unknown => command.input.Item?.createdBy ?? command.input.TransactItems?.[0]?.Put?.Item?.createdBy)).to.deep.equal(['user-2']);
    });

    it('SyncOperation.start', async function () {
      const input = () => ({ taskManagementConnectionId: connection.getId(), organizationId: connection.getOrganizationId(), triggeredBy: 'user-1', syncType: 'full' as const });
      expect(await unreadable(() => da.SyncOperation.start(revoked()))).to.deep.equal(at(''));
      expect(await unreadable(() => da.SyncOperation.start(throwing(input(), 'taskManagementConnectionId')))).to.deep.equal(at('taskManagementConnectionId'));
      expect(await unreadable(() => da.SyncOperation.start(throwing(input(), 'leaseSeconds')))).to.deep.equal(at('leaseSeconds'));
    });

    it('SyncOperation.reportProgress', async function () {
      expect(await unreadable(() => sync.reportProgress(revoked()))).to.deep.equal(at('progress'));
      expect(await unreadable(() => sync.reportProgress(throwing({ ...PROGRESS }, 'current')))).to.deep.equal(at('progress.current'));
      // Read once: a getter read again after the check (at the write) would throw there.
      client.send.resetHistory();
      await sync.reportProgress(answersOnce({ current: 1, total: 2, stage: 'fetching' as const }, 'processed', 1) as never);
      expect(sync.getProgress()?.processed).to.equal(1);
    });

    it('SyncOperation.complete: the results and their errors', async function () {
      expect(await unreadable(() => sync.complete(revoked()))).to.deep.equal(at('results'));
      expect(await unreadable(() => sync.complete(throwing({ ...RESULTS }, 'created')))).to.deep.equal(at('results.created'));
      expect(await unreadable(() => sync.complete({ ...RESULTS, errors: revoked([]) }))).to.deep.equal(at('results.errors'));
      expect(await unreadable(() => sync.complete({ ...RESULTS, errors: throwing([{ message: 'a' }], '0') }))).to.deep.equal(at('results.errors[0]'));
      expect(await unreadable(() => sync.complete({ ...RESULTS, errors: [{ message: 'a' }, revoked()] }))).to.deep.equal(at('results.errors[1]'));
      expect(await unreadable(() => sync.complete({ ...RESULTS, errors: [throwing({ externalId: 'x' }, 'message') as never] }))).to.deep.equal(at('results.errors[0].message'));
      client.send.resetHistory();
      await sync.complete(answersOnce({ updated: 0, skipped: 0, failed: 0 }, 'created', 3) as never);
      expect(sync.getResults()?.created).to.equal(3);
    });

    it('SyncOperation.complete: the options and their watermarks', async function () {
      expect(await unreadable(() => sync.complete(RESULTS, revoked()))).to.deep.equal(at('options'));
      expect(await unreadable(() => sync.complete(RESULTS, throwing({}, 'watermarks')))).to.deep.equal(at('options.watermarks'));
      expect(await unreadable(() => sync.complete(RESULTS, { watermarks: revoked() }))).to.deep.equal(at('options.watermarks'));
      expect(await unreadable(() => sync.complete(RESULTS, { watermarks: throwing({}, 'issues') }))).to.deep.equal(at('options.watermarks.issues'));
    });

    it('OAuthTokenState.put and rotate: the tokens and their scopes', async function () {
      const cases: [string, () => unknown, string][] = [
        ['a revoked Proxy', () => revoked(), 'tokens'],
        ['a getter of accessToken', () => throwing({ refreshToken: 'rt-1' }, 'accessToken'), 'accessToken'],
        ['a getter of expiresAt', () => throwing({ ...TOKENS }, 'expiresAt'), 'expiresAt'],
        ['revoked scopes', () => ({ ...TOKENS, scopes: revoked([]) }), 'scopes'],
        ['a getter among the scopes', () => ({ ...TOKENS, scopes: throwing(['read', 'write'], '1') }), 'scopes[1]'],
      ];
      for (const [label, tokens, path] of cases) {
        expect(await unreadable(() => da.OAuthTokenState.put(connection.getId(), tokens() as never)), label).to.deep.equal(at(path));
        expect(await unreadable(() => da.OAuthTokenState.rotate(connection.getId(), 1, tokens() as never)), label).to.deep.equal(at(path));
      }
      // Read once: what the checks passed is what is sealed and stored (a getter read again would throw there).
      for (const write of [() => da.OAuthTokenState.put(connection.getId(), answersOnce({ refreshToken: 'rt-1' }, 'accessToken', 'at-1') as never), () => da.OAuthTokenState.rotate(connection.getId(), 1, answersOnce({ ...TOKENS }, 'scopes', ['read']))]) {
        client.send.resetHistory();
        const outcome = await write().then(
          () => 'stored',
          (error: unknown) => (error instanceof DataAccessError ? `DataAccessError(${error.code})` : `raw ${String(error)}`),
        );
        expect(outcome, 'no raw error from a value read twice').to.not.match(/^raw/);
        expect(client.send.called, 'the write was sent').to.equal(true);
      }
    });

    it('Ticket.createWithSuggestions: the links and the options', async function () {
      const link = () => ({ suggestionId: randomUUID(), opportunityId: randomUUID() });
      expect(await unreadable(() => da.Ticket.createWithSuggestions(ticketInput(), revoked([])))).to.deep.equal(at('links'));
      expect(await unreadable(() => da.Ticket.createWithSuggestions(ticketInput(), throwing([link()], '0')))).to.deep.equal(at('links[0]'));
      expect(await unreadable(() => da.Ticket.createWithSuggestions(ticketInput(), [link(), revoked()]))).to.deep.equal(at('links[1]'));
      expect(await unreadable(() => da.Ticket.createWithSuggestions(ticketInput(), [throwing({ opportunityId: randomUUID() }, 'suggestionId') as never]))).to.deep.equal(at('links[0].suggestionId'));
      expect(await unreadable(() => da.Ticket.createWithSuggestions(ticketInput(), [], revoked()))).to.deep.equal(at('options'));
      expect(await unreadable(() => da.Ticket.createWithSuggestions(ticketInput(), [], throwing({}, 'idempotency')))).to.deep.equal(at('options.idempotency'));
      expect(await unreadable(() => da.Ticket.createWithSuggestions(ticketInput(), [], { idempotency: revoked() }))).to.deep.equal([
        { path: 'options.idempotency', message: 'must be a claim returned by IdempotencyKey.claim()' },
      ]);
      // The type is an interface: a stand-in with its members type-checks, and is refused before any request.
      const standIn = { key: 'k', organizationId: randomUUID(), complete: () => Promise.resolve(), fail: () => Promise.resolve(), renew: () => Promise.resolve() };
      expect(await unreadable(() => da.Ticket.createWithSuggestions(ticketInput(), [], { idempotency: standIn }))).to.deep.equal([
        { path: 'options.idempotency', message: 'must be a claim returned by IdempotencyKey.claim()' },
      ]);
    });

    it('Ticket.applyExternalUpdate and applyExternalUpdates', async function () {
      const update = () => ({ status: 'Done', sourceUpdatedAt: new Date().toISOString() });
      expect(await unreadable(() => da.Ticket.applyExternalUpdate(connection.getId(), '10042', revoked()))).to.deep.equal(at('update'));
      expect(await unreadable(() => da.Ticket.applyExternalUpdate(connection.getId(), '10042', throwing(update(), 'status')))).to.deep.equal(at('update.status'));
      expect(await unreadable(() => da.Ticket.applyExternalUpdates(connection.getId(), revoked([])))).to.deep.equal(at('updates'));
      client.send.resetHistory();
      const updates = throwing([revoked(), throwing({ externalTicketId: '7', ...update() }, 'sourceUpdatedAt'), update()], '2');
      const result = await da.Ticket.applyExternalUpdates(connection.getId(), updates as never);
      expect(client.send.called, 'a request was sent').to.equal(false);
      expect(result.failed.map((failure) => [failure.externalTicketId, (failure.error as ValidationError).issues])).to.deep.equal([
        ['', at('updates[0]')],
        ['7', at('updates[1].sourceUpdatedAt')],
        ['', at('updates[2]')],
      ]);
      expect(String(result.failed.map((failure) => failure.error.message))).to.not.include(SECRET);
    });

    it('TaskManagementConnection.recordCheck and markActive', async function () {
      expect(await unreadable(() => connection.recordCheck(revoked()))).to.deep.equal(at('result'));
      expect(await unreadable(() => connection.recordCheck(throwing({}, 'ok') as never))).to.deep.equal(at('result.ok'));
      expect(await unreadable(() => connection.recordCheck(throwing({ ok: false, errorCode: 'RATE_LIMIT' }, 'message') as never))).to.deep.equal(at('result.message'));
      expect(await unreadable(() => connection.recordCheck({ ok: true }, revoked()))).to.deep.equal(at('options'));
      expect(await unreadable(() => connection.recordCheck({ ok: true }, throwing({}, 'failureThreshold')))).to.deep.equal(at('options.failureThreshold'));
      expect(await unreadable(() => connection.markActive(revoked()))).to.deep.equal(at('options'));
      expect(await unreadable(() => connection.markActive(throwing({}, 'reauthorizedBy')))).to.deep.equal(at('options.reauthorizedBy'));
    });

    it('IdempotencyClaim.complete: a response whose getter answers once, then throws', async function () {
      const found = await da.IdempotencyKey.claim({ key: 'k-1', organizationId: randomUUID(), endpoint: 'POST /tickets', request: { a: 1 } });
      if (found.state !== 'claimed') throw new Error(`expected a claim, got ${found.state}`);
      expect(await unreadable(() => found.claim.complete(throwing({}, 'id')))).to.deep.equal(at('response.id'));
      expect(await unreadable(() => found.claim.complete(revoked()))).to.deep.equal(at('response'));
      expect(await unreadable(() => found.claim.complete(answersOnce({}, 'id', 1)))).to.deep.equal(at('response'));
    });

    it('every collection: ids, items, index keys and query options', async function () {
      expect(await unreadable(() => da.Ticket.batchGetByIds(revoked([])))).to.deep.equal(at('ids'));
      expect(await unreadable(() => da.Ticket.batchGetByIds(throwing([randomUUID()], '0')))).to.deep.equal(at('ids[0]'));
      expect(await unreadable(() => da.Ticket.removeByIds(revoked([])))).to.deep.equal(at('ids'));
      expect(await unreadable(() => da.Ticket.createMany(revoked([])))).to.deep.equal(at('items'));
      expect(await unreadable(() => da.Ticket.page(revoked()))).to.deep.equal(at('indexKeys'));
      expect(await unreadable(() => da.Ticket.page(throwing({}, 'organizationId')))).to.deep.equal(at('organizationId'));
      expect(await unreadable(() => da.Ticket.page({ organizationId: randomUUID() }, revoked()))).to.deep.equal(at('options'));
      expect(await unreadable(() => da.Ticket.allByOrganizationId(randomUUID(), revoked()))).to.deep.equal(at('options'));
      expect(await unreadable(() => da.Ticket.allByOrganizationId(randomUUID(), throwing({}, 'limit')))).to.deep.equal(at('limit'));
      expect(await unreadable(() => da.SyncOperation.allByTaskManagementConnectionId(connection.getId(), revoked()))).to.deep.equal(at('options'));
      expect(await unreadable(() => da.TicketSuggestion.allByTicketIds(revoked([])))).to.deep.equal(at('ticketIds'));
      expect(await unreadable(() => da.TicketSuggestion.allBySuggestionIds(throwing([randomUUID()], '0')))).to.deep.equal(at('suggestionIds[0]'));
      expect(await unreadable(() => da.TicketSuggestion.createMany(revoked([])))).to.deep.equal(at('items'));
      expect(await unreadable(() => da.removeOrganization(connection.getOrganizationId(), revoked()))).to.deep.equal(at('options'));
      // A revoked Proxy where a string belongs: a value of the wrong type (typeof 'object').
      expect(await unreadable(() => da.Ticket.findById(revoked()))).to.deep.equal([{ path: 'id', message: 'expected a string, got an object' }]);
      const error = thrownBy(() => connection.setDisplayName(revoked()));
      expect((error as ValidationError).issues).to.deep.equal([{ path: 'displayName', message: 'expected a string, got an object' }]);
    });

    it('query, page, removal and table options whose getter answers once, then throws: read once, the value checked is the one used', async function () {
      client.send.resetHistory();
      await da.Ticket.allByOrganizationId(randomUUID(), answersOnce({}, 'order', 'desc'));
      await da.SyncOperation.allByTaskManagementConnectionId(connection.getId(), answersOnce({}, 'limit', 2));
      await da.Ticket.allByStatusSyncedBefore(connection.getId(), new Date().toISOString(), answersOnce({}, 'limit', 2));
      await da.Ticket.page({ organizationId: randomUUID() }, answersOnce({}, 'limit', 3));
      const queries = client.send.getCalls().map((call) => (call.args[0] as { input: { Limit?: number; ScanIndexForward?: boolean } }).input);
      expect(queries[0]?.ScanIndexForward).to.equal(false);
      expect(queries.at(-1)?.Limit).to.equal(3);
      expect((await da.removeOrganization(randomUUID(), answersOnce({}, 'dryRun', true))).removed).to.include({ TaskManagementConnection: 0 });
      expect(tableDefinition('answers-once', answersOnce({}, 'stream', true))).to.have.property('StreamSpecification');
    });

    it('createMany: an element that cannot be read is a failed item (undefined), the others are written', async function () {
      client.send.resetHistory();
      const good = ticketInput();
      const { created, failed } = await da.Ticket.createMany(throwing([good, good], '1'));
      expect(created.map((ticket) => ticket.getExternalTicketId())).to.deep.equal([good.externalTicketId]);
      expect(failed.map((failure) => [failure.item, (failure.error as ValidationError).issues])).to.deep.equal([[undefined, at('items[1]')]]);
      expect(String(failed[0]?.error)).to.not.include(SECRET);
    });
  });

  describe('IdempotencyKey.claim: input that cannot be read', function () {
    const SECRET = 'secret-value-7f3a';
    const valid = () => ({ key: 'k-1', organizationId: randomUUID(), endpoint: 'POST /tickets', request: { a: 1 } as unknown });
    const revoked = () => {
      const { proxy, revoke } = Proxy.revocable({}, {});
      revoke();
      return proxy;
    };
    const throwing = () => new Proxy({}, {
      get() { throw new Error(SECRET); },
      ownKeys() { throw new Error(SECRET); },
      getPrototypeOf() { throw new Error(SECRET); },
    });

    it('is a ValidationError naming the field, without the caller’s error message', async function () {
      const cases: [string, unknown, string][] = [
        ['a revoked Proxy as the request', { ...valid(), request: revoked() }, 'request'],
        ['a revoked Proxy as the input', revoked(), ''],
        ['a Proxy whose traps throw as the input', throwing(), ''],
        ['a Proxy whose traps throw as the request', { ...valid(), request: throwing() }, 'request'],
        ['a getter on input.key that throws', Object.defineProperty(valid(), 'key', { get() { throw new RangeError(SECRET); }, enumerable: true }), 'key'],
        ['a getter deep inside the request', { ...valid(), request: { a: [1, { get b() { throw new Error(SECRET); } }] } }, 'request.a[1].b'],
      ];
      for (const [label, input, path] of cases) {
        client.send.resetHistory();
        const error = await rejectionOf(da.IdempotencyKey.claim(input as never));
        expect(error, `${label}: ${String(error)}`).to.be.instanceOf(ValidationError);
        expect((error as ValidationError).issues, label).to.deep.equal([{ path, message: 'could not be read' }]);
        expect((error as ValidationError).message, label).to.not.include(SECRET);
        expect(client.send.called, `${label}: a request was sent`).to.equal(false);
      }
    });

    it('a missing request is reported once', async function () {
      const issues = await issuesOf(da.IdempotencyKey.claim({} as never));
      expect(issues.filter((issue) => issue.path === 'request')).to.deep.equal([{ path: 'request', message: 'is required (any JSON value)' }]);
      expect(issues.map((issue) => issue.path)).to.deep.equal(['key', 'organizationId', 'endpoint', 'request']);
    });
  });
});
