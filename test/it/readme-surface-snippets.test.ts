// Runs the README snippets of "TaskManagementConnection.create input" and "OAuthTokenState"
// (examples/readme-snippets.ts) against DynamoDB Local: a connection to each provider, the key
// ring with the first tokens, and the refresh race of several workers on one connection.
import { randomBytes, randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { connectionCreate, tokenRefresh, tokenState } from '../../examples/readme-snippets.js';
import type { DataAccess } from '../../src/index.js';
import { createDataAccess, createTable, tableDefinition, ValidationError } from '../../src/index.js';
import { jiraCloudConnectionInput } from '../support/entity-fixtures.js';
import { createTableFrom, newLocalClient } from '../support/local-store.js';

describe('README snippets: connection input and OAuthTokenState (DynamoDB Local)', function () {
  this.timeout(60_000);
  let client: ReturnType<typeof newLocalClient>;
  let tableName: string;

  before(async function () {
    client = newLocalClient();
    tableName = await createTableFrom(tableDefinition('readme-surface'));
  });

  after(function () {
    client.destroy();
  });

  it('connection-create: one connection per provider, each with its metadata', async function () {
    const da = createDataAccess({ tableName, client });
    const organizationId = randomUUID();
    const cloudId = randomUUID();
    const connections = await connectionCreate(da, organizationId, 'alice', cloudId);
    expect(connections.map((c) => [c.getProvider(), c.getExternalInstanceId(), c.getStatus()])).to.deep.equal([
      ['jira_cloud', cloudId, 'active'],
      ['jira_data_center', 'https://jira.acme.example/jira', 'active'],
      ['github', 'acme/checkout', 'active'],
    ]);
    expect((await da.TaskManagementConnection.allByOrganizationId(organizationId)).length).to.equal(3);
    // An organizationId in upper case is the same organization.
    expect((await da.TaskManagementConnection.findByExternalInstance(organizationId.toUpperCase(), 'github', 'acme/checkout'))?.getId()).to.equal(connections[2]?.getId());
    // The run time checks metadata against the provider as the types do.
    // @ts-expect-error GitHub metadata on a jira_cloud connection does not compile either
    const mismatched = await da.TaskManagementConnection.create({ ...jiraCloudConnectionInput(), metadata: { owner: 'acme', repo: 'checkout' } }).catch((e: unknown) => e);
    expect(mismatched).to.be.instanceOf(ValidationError);
  });

  describe('OAuthTokenState', function () {
    let da: DataAccess;
    let connectionId: string;

    before(async function () {
      const plain = createDataAccess({ tableName, client });
      connectionId = (await plain.TaskManagementConnection.create(jiraCloudConnectionInput())).getId();
    });

    it('token-state: the key ring seals, get opens, version 1 (in the table the snippet names)', async function () {
      // The snippet writes to 'task-management': create it (a no-op when it exists) with its connection.
      await createTable(client, 'task-management', { ifNotExists: true });
      const own = await createDataAccess({ tableName: 'task-management', client }).TaskManagementConnection.create(jiraCloudConnectionInput());
      const tokens = { accessToken: 'access-1', refreshToken: 'refresh-1', expiresAt: new Date(Date.now() + 3_600_000).toISOString() };
      const { da: sealed, stored } = await tokenState(client, randomBytes(32), randomBytes(32), own.getId(), tokens);
      expect(stored).to.deep.equal({ ...tokens, scopes: ['read:jira-work'], version: 1 });
      const raw = await sealed.OAuthTokenState.findByTaskManagementConnectionId(own.getId());
      expect(raw?.getKeyId()).to.equal('2026-01');
      expect(JSON.stringify(raw?.toJSON())).to.not.include('access-1');
    });

    it('token-refresh: of racing refreshes one rotates, every worker ends with the winner’s token', async function () {
      const keys = { k1: randomBytes(32) };
      da = createDataAccess({ tableName, client, encryption: { keys, activeKeyId: 'k1' } });
      await da.OAuthTokenState.put(connectionId, { accessToken: 'old', refreshToken: 'r0', expiresAt: new Date(Date.now() - 1000).toISOString() });
      let refreshes = 0;
      const refreshAtProvider = (refreshToken: string) => {
        refreshes += 1;
        return Promise.resolve({ accessToken: `access-${refreshes}-from-${refreshToken}`, refreshToken: `r${refreshes}`, expiresAt: new Date(Date.now() + 3_600_000).toISOString() });
      };
      const freshAccessToken = tokenRefresh(da, refreshAtProvider);
      const tokens = await Promise.all(Array.from({ length: 5 }, () => freshAccessToken(connectionId)));
      const stored = await da.OAuthTokenState.get(connectionId);
      expect(stored?.version).to.equal(2);
      expect(new Set(tokens)).to.deep.equal(new Set([stored?.accessToken]));
      // Valid now: no refresh at all.
      const before = refreshes;
      expect(await freshAccessToken(connectionId)).to.equal(stored?.accessToken);
      expect(refreshes).to.equal(before);
      const missing = await freshAccessToken(randomUUID()).catch((e: unknown) => e);
      expect(missing).to.be.instanceOf(Error).and.have.property('message', 'not connected: run the OAuth flow');
    });
  });
});
