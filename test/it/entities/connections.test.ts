/**
 * TaskManagementConnection on DynamoDB Local: the lifecycle of API.md (every move, allowed or
 * not), messages, optimistic moves, the lookups, the partial `external-instance` constraint,
 * touch(), and metadata validation per provider (create, setMetadata, validateMetadata).
 */
import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  ConcurrentModificationError,
  ConflictError,
  DataAccessError,
  InvalidTransitionError,
  METADATA_SCHEMAS,
  PROVIDERS,
  TaskManagementConnection,
  ValidationError,
  validateMetadata,
} from '../../../src/index.js';
import type { DataAccess } from '../../../src/index.js';
import {
  errorOf,
  freshDataAccess,
  githubConnectionInput,
  guardsOf,
  jiraCloudConnectionInput,
  jiraDataCenterConnectionInput,
  rawItemById,
  rejectionOf,
  tableSnapshot,
} from '../../support/entity-fixtures.js';
import { scanAll } from '../../support/local-store.js';

type Status = 'active' | 'disabled' | 'requires_reauth' | 'error' | 'disconnected';
const STATUSES: readonly Status[] = ['active', 'disabled', 'requires_reauth', 'error', 'disconnected'];

/** The transitions exactly as API.md lists them (written out here, not imported from src/). */
const ALLOWED: Readonly<Record<Status, readonly Status[]>> = {
  active: ['disabled', 'requires_reauth', 'error', 'disconnected'],
  disabled: ['active', 'disconnected'],
  requires_reauth: ['active', 'error', 'disconnected'],
  error: ['active', 'requires_reauth', 'disabled', 'disconnected'],
  disconnected: [],
};

/** The model method that moves a connection to each status. */
const MOVE: Readonly<Record<Status, (c: TaskManagementConnection) => Promise<TaskManagementConnection>>> = {
  active: (c) => c.markActive(),
  disabled: (c) => c.markDisabled(),
  requires_reauth: (c) => c.markRequiresReauth('please sign in again'),
  error: (c) => c.markError('tracker answered 500'),
  disconnected: (c) => c.markDisconnected(),
};

function issuePaths(error: unknown): string[] {
  expect(error).to.be.instanceOf(ValidationError);
  return (error as ValidationError).issues.map((issue) => issue.path);
}

describe('TaskManagementConnection (DynamoDB Local)', function () {
  let da: DataAccess;
  let tableName: string;
  let client: DynamoDBClient;

  before(async function () {
    ({ da, tableName, client } = await freshDataAccess('entities-connections'));
  });

  /** A stored connection in `status` (every status is one move away from active). */
  async function connectionIn(status: Status, overrides: Record<string, unknown> = {}): Promise<TaskManagementConnection> {
    const connection = await da.TaskManagementConnection.create(jiraCloudConnectionInput(overrides));
    if (status !== 'active') await MOVE[status](connection);
    const fresh = await da.TaskManagementConnection.findById(connection.getId());
    expect(fresh?.getStatus()).to.equal(status);
    return fresh!;
  }

  async function storedOf(connection: TaskManagementConnection): Promise<Record<string, unknown>> {
    const raw = await rawItemById(client, tableName, 'taskManagementConnectionId', connection.getId());
    expect(raw, 'stored connection').to.not.equal(undefined);
    return raw!;
  }

  describe('lifecycle', function () {
    for (const from of STATUSES) {
      for (const to of STATUSES) {
        if (from === to) {
          it(`${from} → ${from} (staying) is not a listed move: InvalidTransitionError, nothing written`, async function () {
            const connection = await connectionIn(from);
            const before = await storedOf(connection);
            const error = await rejectionOf(MOVE[to](connection));
            expect(error).to.be.instanceOf(InvalidTransitionError);
            expect(error).to.include({ from, to });
            expect(await storedOf(connection)).to.deep.equal(before);
          });
          continue;
        }
        if (ALLOWED[from].includes(to)) {
          it(`${from} → ${to} is allowed and stored`, async function () {
            const connection = await connectionIn(from);
            await MOVE[to](connection);
            expect(connection.getStatus()).to.equal(to);
            const back = await da.TaskManagementConnection.findById(connection.getId());
            expect(back?.getStatus()).to.equal(to);
            expect(back?.getUpdatedAt()).to.equal(connection.getUpdatedAt());
          });
        } else {
          it(`${from} → ${to} throws InvalidTransitionError and writes nothing`, async function () {
            const connection = await connectionIn(from);
            const before = await storedOf(connection);
            const error = await rejectionOf(MOVE[to](connection));
            expect(error).to.be.instanceOf(InvalidTransitionError);
            expect(error).to.include({ code: 'INVALID_TRANSITION', from, to });
            expect(await storedOf(connection)).to.deep.equal(before);
          });
        }
      }
    }

    it('disconnected is terminal: no move leaves it (checked on a fresh read too)', async function () {
      const connection = await connectionIn('disconnected');
      for (const to of STATUSES.filter((s) => s !== 'disconnected')) {
        const fresh = (await da.TaskManagementConnection.findById(connection.getId()))!;
        expect(await rejectionOf(MOVE[to](fresh))).to.be.instanceOf(InvalidTransitionError);
      }
      expect((await da.TaskManagementConnection.findById(connection.getId()))?.getStatus()).to.equal('disconnected');
    });

    it('the statics carry the provider and status values of API.md', function () {
      expect(TaskManagementConnection.PROVIDERS).to.deep.equal({ JIRA_CLOUD: 'jira_cloud', JIRA_DATA_CENTER: 'jira_data_center', GITHUB: 'github' });
      expect(TaskManagementConnection.STATUSES).to.deep.equal({
        ACTIVE: 'active',
        DISABLED: 'disabled',
        REQUIRES_REAUTH: 'requires_reauth',
        ERROR: 'error',
        DISCONNECTED: 'disconnected',
      });
    });

    it('a new connection is active and isActive() follows the status', async function () {
      const connection = await da.TaskManagementConnection.create(jiraCloudConnectionInput());
      expect(connection.getStatus()).to.equal('active');
      expect(connection.isActive()).to.equal(true);
      await connection.markDisabled();
      expect(connection.isActive()).to.equal(false);
    });
  });

  describe('messages', function () {
    it('markError needs a non-empty message (ValidationError, nothing written)', async function () {
      const connection = await connectionIn('active');
      const before = await storedOf(connection);
      for (const bad of ['', '   ', undefined, null, 42, 'x'.repeat(2001)]) {
        const error = await errorOf(() => connection.markError(bad as string));
        expect(error, `markError(${String(bad).slice(0, 10)})`).to.be.instanceOf(ValidationError);
      }
      expect(await storedOf(connection)).to.deep.equal(before);
      expect((await da.TaskManagementConnection.findById(connection.getId()))?.getStatus()).to.equal('active');
    });

    it('markError stores errorMessage; markActive clears it', async function () {
      const connection = await connectionIn('active');
      await connection.markError('Jira answered 503');
      let back = await da.TaskManagementConnection.findById(connection.getId());
      expect(back?.getStatus()).to.equal('error');
      expect(back?.getErrorMessage()).to.equal('Jira answered 503');
      await back!.markActive();
      back = await da.TaskManagementConnection.findById(connection.getId());
      expect(back?.getStatus()).to.equal('active');
      expect(back?.getErrorMessage()).to.equal(undefined);
      expect(await storedOf(connection)).to.not.have.property('errorMessage');
    });

    it('markRequiresReauth stores a message when given one and none without', async function () {
      const withMessage = await connectionIn('active');
      await withMessage.markRequiresReauth('token revoked by the user');
      const back = await da.TaskManagementConnection.findById(withMessage.getId());
      expect(back?.getStatus()).to.equal('requires_reauth');
      expect(back?.getErrorMessage()).to.equal('token revoked by the user');

      const without = await connectionIn('active');
      await without.markRequiresReauth();
      const back2 = await da.TaskManagementConnection.findById(without.getId());
      expect(back2?.getStatus()).to.equal('requires_reauth');
      expect(back2?.getErrorMessage()).to.equal(undefined);

      const fromError = await connectionIn('error');
      await fromError.markRequiresReauth();
      const back3 = await da.TaskManagementConnection.findById(fromError.getId());
      expect(back3?.getStatus()).to.equal('requires_reauth');
      expect(back3?.getErrorMessage(), 'the old error message does not survive').to.equal(undefined);
    });

    it('markRequiresReauth refuses an empty message (ValidationError)', async function () {
      const connection = await connectionIn('active');
      expect(await errorOf(() => connection.markRequiresReauth(''))).to.be.instanceOf(ValidationError);
      expect((await da.TaskManagementConnection.findById(connection.getId()))?.getStatus()).to.equal('active');
    });
  });

  describe('optimistic moves', function () {
    it("a stale copy's move fails with ConcurrentModificationError and changes nothing", async function () {
      const connection = await connectionIn('active');
      const stale = (await da.TaskManagementConnection.findById(connection.getId()))!;
      await connection.markDisabled();
      const stored = await storedOf(connection);
      const error = await rejectionOf(stale.markError('late'));
      expect(error).to.be.instanceOf(ConcurrentModificationError);
      expect(error).to.include({ code: 'CONCURRENT_MODIFICATION', entityName: 'TaskManagementConnection', id: connection.getId() });
      expect(await storedOf(connection)).to.deep.equal(stored);
    });

    it('a copy made stale by a plain save still moves (a move is conditioned on its state, API.md), without losing that save, and ends equal to what is stored', async function () {
      const connection = await connectionIn('active');
      const stale = (await da.TaskManagementConnection.findById(connection.getId()))!;
      await connection.setDisplayName('Renamed').save();
      await stale.markDisabled();
      const stored = (await da.TaskManagementConnection.findById(connection.getId()))!;
      expect(stored.getStatus()).to.equal('disabled');
      expect(stored.getDisplayName()).to.equal('Renamed');
      expect(stale.toJSON()).to.deep.equal(stored.toJSON());
      // With an unsaved setter change of its own, the stale copy's move is refused: its change would overwrite the rename.
      const staler = (await da.TaskManagementConnection.findById(connection.getId()))!;
      await stored.setDisplayName('Again').save();
      staler.setDisplayName('Mine');
      expect(await rejectionOf(staler.markActive())).to.be.instanceOf(ConcurrentModificationError);
      expect((await da.TaskManagementConnection.findById(connection.getId()))?.getDisplayName()).to.equal('Again');
      expect((await da.TaskManagementConnection.findById(connection.getId()))?.getStatus()).to.equal('disabled');
    });

    it("a stale copy's markDisconnected cannot release the guard now held by a newer connection", async function () {
      const first = await connectionIn('active');
      const stale = (await da.TaskManagementConnection.findById(first.getId()))!;
      await first.markDisconnected();
      const second = await da.TaskManagementConnection.create(
        jiraCloudConnectionInput({ organizationId: first.getOrganizationId(), externalInstanceId: first.getExternalInstanceId(), metadata: first.getMetadata() }),
      );
      expect(await rejectionOf(stale.markDisconnected())).to.be.instanceOf(ConcurrentModificationError);
      const found = await da.TaskManagementConnection.findByExternalInstance(first.getOrganizationId(), 'jira_cloud', first.getExternalInstanceId());
      expect(found?.getId()).to.equal(second.getId());
      const dup = await rejectionOf(
        da.TaskManagementConnection.create(jiraCloudConnectionInput({ organizationId: first.getOrganizationId(), externalInstanceId: first.getExternalInstanceId() })),
      );
      expect(dup).to.be.instanceOf(ConflictError).and.have.property('constraint', 'external-instance');
    });
  });

  describe('lookups and the external-instance constraint', function () {
    it('findActiveByOrganizationAndProvider picks the active one among several', async function () {
      const organizationId = randomUUID();
      // One active jira_cloud connection per organization (active-provider): the others are moved
      // out of active before the next one is created.
      const disabled = await da.TaskManagementConnection.create(jiraCloudConnectionInput({ organizationId }));
      await disabled.markDisabled();
      const reauth = await da.TaskManagementConnection.create(jiraCloudConnectionInput({ organizationId }));
      await reauth.markRequiresReauth();
      const errored = await da.TaskManagementConnection.create(jiraCloudConnectionInput({ organizationId }));
      await errored.markError('boom');
      const gone = await da.TaskManagementConnection.create(jiraCloudConnectionInput({ organizationId }));
      await gone.markDisconnected();
      const active = await da.TaskManagementConnection.create(jiraCloudConnectionInput({ organizationId, displayName: 'the active one' }));
      const github = await da.TaskManagementConnection.create(githubConnectionInput({ organizationId }));
      const otherOrg = await da.TaskManagementConnection.create(jiraCloudConnectionInput());

      const found = await da.TaskManagementConnection.findActiveByOrganizationAndProvider(organizationId, 'jira_cloud');
      expect(found?.getId()).to.equal(active.getId());
      expect((await da.TaskManagementConnection.findActiveByOrganizationAndProvider(organizationId, 'github'))?.getId()).to.equal(github.getId());
      expect(await da.TaskManagementConnection.findActiveByOrganizationAndProvider(organizationId, 'jira_data_center')).to.equal(null);
      expect((await da.TaskManagementConnection.findActiveByOrganizationAndProvider(otherOrg.getOrganizationId(), 'jira_cloud'))?.getId()).to.equal(otherOrg.getId());

      await active.markDisabled();
      expect(await da.TaskManagementConnection.findActiveByOrganizationAndProvider(organizationId, 'jira_cloud')).to.equal(null);
      await reauth.markActive();
      expect((await da.TaskManagementConnection.findActiveByOrganizationAndProvider(organizationId, 'jira_cloud'))?.getId()).to.equal(reauth.getId());

      const all = await da.TaskManagementConnection.allByOrganizationId(organizationId);
      expect(all.map((c) => c.getId()).sort()).to.deep.equal([active, disabled, reauth, errored, gone, github].map((c) => c.getId()).sort());
    });

    it('findByExternalInstance ignores disconnected connections; markDisconnected frees the instance', async function () {
      const first = await connectionIn('active');
      const { organizationId, externalInstanceId } = { organizationId: first.getOrganizationId(), externalInstanceId: first.getExternalInstanceId() };
      const same = () => jiraCloudConnectionInput({ organizationId, externalInstanceId, metadata: first.getMetadata() });
      expect((await da.TaskManagementConnection.findByExternalInstance(organizationId, 'jira_cloud', externalInstanceId))?.getId()).to.equal(first.getId());

      // While it is not disconnected (whatever its status) the instance stays taken.
      await first.markDisabled();
      const taken = await rejectionOf(da.TaskManagementConnection.create(same()));
      expect(taken).to.be.instanceOf(ConflictError).and.have.property('constraint', 'external-instance');
      expect((await da.TaskManagementConnection.findByExternalInstance(organizationId, 'jira_cloud', externalInstanceId))?.getId()).to.equal(first.getId());

      await first.markDisconnected();
      expect(await da.TaskManagementConnection.findByExternalInstance(organizationId, 'jira_cloud', externalInstanceId)).to.equal(null);
      const second = await da.TaskManagementConnection.create(same());
      expect((await da.TaskManagementConnection.findByExternalInstance(organizationId, 'jira_cloud', externalInstanceId))?.getId()).to.equal(second.getId());

      const guards = guardsOf(await scanAll(client, tableName), 'external-instance').filter((g) => g.ownerId === first.getId() || g.ownerId === second.getId());
      expect(guards.map((g) => g.ownerId)).to.deep.equal([second.getId()]);
      // The disconnected one is still there (history), but is not found as the instance's connection.
      expect((await da.TaskManagementConnection.findById(first.getId()))?.getStatus()).to.equal('disconnected');
    });

    it('the same instance may be connected by another organization or through another provider', async function () {
      const first = await connectionIn('active');
      const otherOrg = await da.TaskManagementConnection.create(
        jiraCloudConnectionInput({ externalInstanceId: first.getExternalInstanceId(), metadata: first.getMetadata() }),
      );
      const otherProvider = await da.TaskManagementConnection.create(
        jiraDataCenterConnectionInput({ organizationId: first.getOrganizationId(), externalInstanceId: first.getExternalInstanceId() }),
      );
      expect(otherOrg.getId()).to.not.equal(first.getId());
      expect(otherProvider.getProvider()).to.equal('jira_data_center');
    });
  });

  describe('touch()', function () {
    it("sets lastUsedAt without making another copy's save fail", async function () {
      const connection = await connectionIn('active');
      const other = (await da.TaskManagementConnection.findById(connection.getId()))!;
      const before = Date.now();
      await connection.touch();
      const after = Date.now();
      const touched = await da.TaskManagementConnection.findById(connection.getId());
      const lastUsedAt = Date.parse(touched!.getLastUsedAt()!);
      expect(lastUsedAt).to.be.within(before - 5, after + 5);

      await other.setDisplayName('Renamed after a touch').save();
      await other.markDisabled();
      const back = await da.TaskManagementConnection.findById(connection.getId());
      expect(back?.getDisplayName()).to.equal('Renamed after a touch');
      expect(back?.getStatus()).to.equal('disabled');
      expect(back?.getLastUsedAt(), 'the later save kept lastUsedAt').to.equal(touched!.getLastUsedAt());
    });

    it('touch() on a stale copy still works', async function () {
      const connection = await connectionIn('active');
      const stale = (await da.TaskManagementConnection.findById(connection.getId()))!;
      await connection.markError('x');
      await stale.touch();
      const back = await da.TaskManagementConnection.findById(connection.getId());
      expect(back?.getLastUsedAt()).to.be.a('string');
      expect(back?.getStatus()).to.equal('error');
    });
  });

  describe('metadata on setMetadata()', function () {
    it('validates per provider, lists failing paths and leaves the model and the item unchanged', async function () {
      const connection = await connectionIn('active');
      const stored = await storedOf(connection);
      const metadata = connection.getMetadata();

      expect(issuePaths(await errorOf(() => connection.setMetadata({ cloudId: 'not-a-uuid' })))).to.include('metadata.cloudId');
      expect(issuePaths(await errorOf(() => connection.setMetadata({ cloudId: randomUUID(), extra: true } as never)))).to.include('metadata.extra');
      const crossed = issuePaths(await errorOf(() => connection.setMetadata({ owner: 'acme', repo: 'web' })));
      expect(crossed).to.include.members(['metadata.cloudId', 'metadata.owner', 'metadata.repo']);
      expect(issuePaths(await errorOf(() => connection.setMetadata({ cloudId: randomUUID(), scopes: ['x'.repeat(257)] })))).to.include('metadata.scopes[0]');
      expect(issuePaths(await errorOf(() => connection.setMetadata(null as never)))).to.have.length.greaterThan(0);

      expect(connection.getMetadata()).to.deep.equal(metadata);
      expect(connection.hasChanges()).to.equal(false);
      await connection.save();
      expect(await storedOf(connection)).to.deep.equal(stored);
    });

    it('stores valid metadata', async function () {
      const connection = await connectionIn('active');
      const cloudId = randomUUID();
      await connection.setMetadata({ cloudId, scopes: ['read:jira-work'] }).save();
      expect((await da.TaskManagementConnection.findById(connection.getId()))?.getMetadata()).to.deep.equal({ cloudId, scopes: ['read:jira-work'] });
    });

    it('validates github metadata on change too', async function () {
      const connection = await da.TaskManagementConnection.create(githubConnectionInput());
      expect(issuePaths(await errorOf(() => connection.setMetadata({ owner: '-acme', repo: 'web' })))).to.include('metadata.owner');
      expect(issuePaths(await errorOf(() => connection.setMetadata({ owner: 'acme', repo: 'web', installationId: 0 })))).to.include('metadata.installationId');
      await connection.setMetadata({ owner: 'acme', repo: 'web', installationId: 7 }).save();
      expect((await da.TaskManagementConnection.findById(connection.getId()))?.getMetadata()).to.deep.equal({ owner: 'acme', repo: 'web', installationId: 7 });
    });
  });

  describe('validation on create', function () {
    const uuid = randomUUID();
    const cases: { name: string; input: () => Record<string, unknown>; path: string }[] = [
      // jira_cloud
      { name: 'jira_cloud cloudId not a UUID', input: () => jiraCloudConnectionInput({ metadata: { cloudId: 'acme' } }), path: 'metadata.cloudId' },
      { name: 'jira_cloud cloudId missing', input: () => jiraCloudConnectionInput({ metadata: { scopes: [] } }), path: 'metadata.cloudId' },
      { name: 'jira_cloud cloudId a number', input: () => jiraCloudConnectionInput({ metadata: { cloudId: 5 } }), path: 'metadata.cloudId' },
      { name: 'jira_cloud 101 scopes', input: () => jiraCloudConnectionInput({ metadata: { cloudId: uuid, scopes: Array.from({ length: 101 }, (_, i) => `s${i}`) } }), path: 'metadata.scopes' },
      { name: 'jira_cloud a 257-char scope', input: () => jiraCloudConnectionInput({ metadata: { cloudId: uuid, scopes: ['ok', 'x'.repeat(257)] } }), path: 'metadata.scopes[1]' },
      { name: 'jira_cloud scopes not an array', input: () => jiraCloudConnectionInput({ metadata: { cloudId: uuid, scopes: 'read' } }), path: 'metadata.scopes' },
      { name: 'jira_cloud a scope that is not a string', input: () => jiraCloudConnectionInput({ metadata: { cloudId: uuid, scopes: [{ nested: ['junk'] }] } }), path: 'metadata.scopes[0]' },
      { name: 'jira_cloud additional property', input: () => jiraCloudConnectionInput({ metadata: { cloudId: uuid, extra: 1 } }), path: 'metadata.extra' },
      // jira_data_center
      { name: 'jira_data_center http baseUrl', input: () => jiraDataCenterConnectionInput({ metadata: { baseUrl: 'http://jira.example.com' } }), path: 'metadata.baseUrl' },
      { name: 'jira_data_center ftp baseUrl', input: () => jiraDataCenterConnectionInput({ metadata: { baseUrl: 'ftp://jira.example.com' } }), path: 'metadata.baseUrl' },
      { name: 'jira_data_center baseUrl not a URL', input: () => jiraDataCenterConnectionInput({ metadata: { baseUrl: 'jira.example.com' } }), path: 'metadata.baseUrl' },
      { name: 'jira_data_center baseUrl missing', input: () => jiraDataCenterConnectionInput({ metadata: { projectCategory: 'x' } }), path: 'metadata.baseUrl' },
      { name: 'jira_data_center additional property', input: () => jiraDataCenterConnectionInput({ metadata: { baseUrl: 'https://jira.example.com', token: 'secret' } }), path: 'metadata.token' },
      // github
      { name: 'github owner starting with a hyphen', input: () => githubConnectionInput({ metadata: { owner: '-acme', repo: 'web' } }), path: 'metadata.owner' },
      { name: 'github owner with a double hyphen', input: () => githubConnectionInput({ metadata: { owner: 'ac--me', repo: 'web' } }), path: 'metadata.owner' },
      { name: 'github owner of 40 chars', input: () => githubConnectionInput({ metadata: { owner: 'a'.repeat(40), repo: 'web' } }), path: 'metadata.owner' },
      { name: 'github owner with an underscore', input: () => githubConnectionInput({ metadata: { owner: 'ac_me', repo: 'web' } }), path: 'metadata.owner' },
      { name: "github repo '.'", input: () => githubConnectionInput({ metadata: { owner: 'acme', repo: '.' } }), path: 'metadata.repo' },
      { name: "github repo '..'", input: () => githubConnectionInput({ metadata: { owner: 'acme', repo: '..' } }), path: 'metadata.repo' },
      { name: 'github repo of 101 chars', input: () => githubConnectionInput({ metadata: { owner: 'acme', repo: 'r'.repeat(101) } }), path: 'metadata.repo' },
      { name: 'github repo with a slash', input: () => githubConnectionInput({ metadata: { owner: 'acme', repo: 'a/b' } }), path: 'metadata.repo' },
      { name: 'github repo missing', input: () => githubConnectionInput({ metadata: { owner: 'acme' } }), path: 'metadata.repo' },
      { name: 'github installationId 0', input: () => githubConnectionInput({ metadata: { owner: 'acme', repo: 'web', installationId: 0 } }), path: 'metadata.installationId' },
      { name: 'github installationId negative', input: () => githubConnectionInput({ metadata: { owner: 'acme', repo: 'web', installationId: -3 } }), path: 'metadata.installationId' },
      { name: 'github installationId fractional', input: () => githubConnectionInput({ metadata: { owner: 'acme', repo: 'web', installationId: 1.5 } }), path: 'metadata.installationId' },
      { name: 'github installationId a string', input: () => githubConnectionInput({ metadata: { owner: 'acme', repo: 'web', installationId: '42' } }), path: 'metadata.installationId' },
      { name: 'github installationId NaN', input: () => githubConnectionInput({ metadata: { owner: 'acme', repo: 'web', installationId: Number.NaN } }), path: 'metadata.installationId' },
      { name: 'github additional property', input: () => githubConnectionInput({ metadata: { owner: 'acme', repo: 'web', branch: 'main' } }), path: 'metadata.branch' },
      { name: 'metadata of another provider', input: () => githubConnectionInput({ metadata: { cloudId: uuid } }), path: 'metadata.cloudId' },
      // attributes
      { name: 'http instanceUrl', input: () => jiraCloudConnectionInput({ instanceUrl: 'http://acme.atlassian.net' }), path: 'instanceUrl' },
      { name: 'instanceUrl without a scheme', input: () => jiraCloudConnectionInput({ instanceUrl: 'acme.atlassian.net' }), path: 'instanceUrl' },
      { name: 'javascript: instanceUrl', input: () => jiraCloudConnectionInput({ instanceUrl: 'javascript:alert(1)' }), path: 'instanceUrl' },
      { name: 'empty displayName', input: () => jiraCloudConnectionInput({ displayName: '' }), path: 'displayName' },
      { name: 'displayName of 256 chars', input: () => jiraCloudConnectionInput({ displayName: 'd'.repeat(256) }), path: 'displayName' },
    ];

    for (const { name, input, path } of cases) {
      it(`refuses ${name} (ValidationError at ${path}, nothing written)`, async function () {
        const before = await tableSnapshot(client, tableName);
        const error = await errorOf(() => da.TaskManagementConnection.create(input() as never));
        expect(issuePaths(error)).to.include(path);
        expect(await tableSnapshot(client, tableName)).to.deep.equal(before);
      });
    }

    it('a jira_data_center baseUrl with userinfo (credentials, or a host hidden behind @) is refused', async function () {
      // Like instanceUrl and redirectUri, a baseUrl carries no credentials; an '@' in the authority
      // would also make the real host differ from the one a reader sees.
      const accepted: string[] = [];
      for (const baseUrl of ['https://admin:s3cret@jira.example.com', 'https://jira.example.com@evil.example']) {
        try {
          validateMetadata('jira_data_center', { baseUrl });
          accepted.push(`validateMetadata: ${baseUrl}`);
        } catch (error) {
          expect(issuePaths(error)).to.include('metadata.baseUrl');
        }
        const before = await tableSnapshot(client, tableName);
        const created = await da.TaskManagementConnection.create(jiraDataCenterConnectionInput({ metadata: { baseUrl } })).then(
          (c) => c,
          (e: unknown) => e,
        );
        if (created instanceof TaskManagementConnection) {
          accepted.push(`create: ${baseUrl}`);
          await created.remove();
        } else {
          expect(issuePaths(created)).to.include('metadata.baseUrl');
          expect(await tableSnapshot(client, tableName)).to.deep.equal(before);
        }
      }
      expect(accepted, 'accepted baseUrls').to.deep.equal([]);
    });

    const valid: { name: string; input: () => Record<string, unknown> }[] = [
      { name: 'jira_cloud with 100 scopes of 256 chars', input: () => jiraCloudConnectionInput({ metadata: { cloudId: randomUUID(), scopes: Array.from({ length: 100 }, (_, i) => `${i}`.padEnd(256, 's')) } }) },
      { name: 'jira_cloud without scopes', input: () => jiraCloudConnectionInput({ metadata: { cloudId: randomUUID() } }) },
      { name: 'jira_data_center with an https baseUrl and a path', input: () => jiraDataCenterConnectionInput({ metadata: { baseUrl: 'https://jira.example.com/jira' } }) },
      { name: 'github owner of 39 chars, a dotted repo, no installationId', input: () => githubConnectionInput({ metadata: { owner: `a-${'b'.repeat(37)}`, repo: 'my.repo_x-1' } }) },
      { name: 'github installationId 1', input: () => githubConnectionInput({ metadata: { owner: 'acme', repo: 'web', installationId: 1 } }) },
      { name: 'displayName of 1 char', input: () => jiraCloudConnectionInput({ displayName: 'J' }) },
      { name: 'displayName of 255 chars', input: () => jiraCloudConnectionInput({ displayName: 'd'.repeat(255) }) },
    ];
    for (const { name, input } of valid) {
      it(`accepts ${name}`, async function () {
        const data = input();
        const created = await da.TaskManagementConnection.create(data as never);
        const back = await da.TaskManagementConnection.findById(created.getId());
        expect(back?.getMetadata()).to.deep.equal(data.metadata);
        expect(back?.getDisplayName()).to.equal(data.displayName);
      });
    }
  });
});

describe('validateMetadata and METADATA_SCHEMAS', function () {
  it('every PROVIDERS value has a schema and every schema key is a provider', function () {
    expect(Object.keys(METADATA_SCHEMAS).sort()).to.deep.equal(Object.values(PROVIDERS).sort());
    expect(Object.values(TaskManagementConnection.PROVIDERS).sort()).to.deep.equal(Object.values(PROVIDERS).sort());
  });

  it('accepts valid metadata of every provider', function () {
    const samples: Record<string, unknown> = {
      jira_cloud: { cloudId: randomUUID(), scopes: ['read:jira-work'] },
      jira_data_center: { baseUrl: 'https://jira.example.com' },
      github: { owner: 'acme', repo: 'web', installationId: 12 },
    };
    for (const provider of Object.values(PROVIDERS)) {
      expect(samples, `a sample for ${provider}`).to.have.property(provider);
      expect(() => validateMetadata(provider, samples[provider])).to.not.throw();
    }
  });

  const junk: { name: string; provider: string; metadata: unknown; path: string }[] = [
    { name: 'an unknown provider', provider: 'trello', metadata: { board: 'x' }, path: 'provider' },
    { name: 'an empty provider', provider: '', metadata: {}, path: 'provider' },
    { name: 'a provider named __proto__', provider: '__proto__', metadata: {}, path: 'provider' },
    { name: 'a provider named toString', provider: 'toString', metadata: {}, path: 'provider' },
    { name: 'null', provider: 'jira_cloud', metadata: null, path: 'metadata' },
    { name: 'undefined', provider: 'jira_cloud', metadata: undefined, path: 'metadata' },
    { name: 'an array', provider: 'jira_cloud', metadata: [randomUUID()], path: 'metadata' },
    { name: 'a string', provider: 'github', metadata: 'acme/web', path: 'metadata' },
    { name: 'a number', provider: 'jira_data_center', metadata: 42, path: 'metadata' },
    { name: 'NaN', provider: 'github', metadata: Number.NaN, path: 'metadata' },
    { name: 'a Date', provider: 'github', metadata: new Date(), path: 'metadata' },
    { name: 'a function', provider: 'github', metadata: () => ({}), path: 'metadata' },
    { name: 'an object with a __proto__ key', provider: 'jira_cloud', metadata: JSON.parse(`{"__proto__": {"polluted": true}, "cloudId": "${randomUUID()}"}`), path: 'metadata.__proto__' },
    { name: 'deeply nested junk', provider: 'jira_cloud', metadata: { cloudId: randomUUID(), scopes: [[[['deep']]]] }, path: 'metadata.scopes[0]' },
    { name: 'an empty object', provider: 'github', metadata: {}, path: 'metadata.owner' },
  ];
  for (const { name, provider, metadata, path } of junk) {
    it(`${name} → ValidationError naming ${path}`, function () {
      let thrown: unknown;
      try {
        validateMetadata(provider, metadata);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).to.be.instanceOf(ValidationError);
      expect(thrown).to.be.instanceOf(DataAccessError).and.have.property('code', 'VALIDATION');
      expect((thrown as ValidationError).issues.map((i) => i.path)).to.include(path);
    });
  }

  it('lists every failing path at once', function () {
    let thrown: unknown;
    try {
      validateMetadata('github', { owner: '-x', repo: '..', installationId: -1, extra: 1 });
    } catch (error) {
      thrown = error;
    }
    expect((thrown as ValidationError).issues.map((i) => i.path)).to.include.members(['metadata.owner', 'metadata.repo', 'metadata.installationId', 'metadata.extra']);
  });

  it('does not pollute Object.prototype', function () {
    try {
      validateMetadata('jira_cloud', JSON.parse('{"__proto__": {"polluted": true}}'));
    } catch {
      // expected
    }
    expect(({} as Record<string, unknown>).polluted).to.equal(undefined);
  });
});
