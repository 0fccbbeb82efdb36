// Bad input to the entities' own methods, on a stubbed SDK: each case is a ValidationError that
// names every bad field, thrown before any request is sent — never a raw TypeError, never the
// caller's own error, never a write that DynamoDB refuses later.
import { randomBytes, randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { createDataAccess, ValidationError } from '../../../src/index.js';
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
