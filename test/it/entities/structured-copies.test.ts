/**
 * Structured attributes (a connection's metadata and sync watermarks, a sync's progress) on
 * DynamoDB Local: what the library checks, stores and hands out is its own copy. A caller who
 * keeps changing the object it passed to a setter, create or createMany — before save(), or while
 * createMany's later chunks wait — changes nothing that is written; changing what toJSON() or a
 * getter returned changes nothing of the model (audit: the caller's object was kept and written
 * unchecked).
 */
import { expect } from 'chai';
import { validateMetadata } from '../../../src/index.js';
import type { DataAccess } from '../../../src/index.js';
import { freshDataAccess, itemsOfEntity, jiraCloudConnectionInput, syncStartInput } from '../../support/entity-fixtures.js';
import { scanAll } from '../../support/local-store.js';

type Metadata = { cloudId: string; scopes?: string[]; extra?: string };

describe('structured attributes are the library’s own copies (DynamoDB Local)', function () {
  this.timeout(60_000);
  let da: DataAccess;
  let tableName: string;
  let client: Awaited<ReturnType<typeof freshDataAccess>>['client'];

  before(async function () {
    ({ da, tableName, client } = await freshDataAccess('structured-copies'));
  });
  after(function () {
    client.destroy();
  });

  async function storedConnections(): Promise<Record<string, unknown>[]> {
    return itemsOfEntity(await scanAll(client, tableName), 'TaskManagementConnection');
  }

  it('setMetadata() then a change to the caller’s object before save(): the checked value is stored', async function () {
    const connection = await da.TaskManagementConnection.create(jiraCloudConnectionInput());
    const cloudId = connection.getExternalInstanceId();
    const metadata: Metadata = { cloudId, scopes: ['read:jira-work'] };
    connection.setMetadata(metadata);
    metadata.cloudId = 'not-a-uuid';
    metadata.extra = 'added after the check';
    metadata.scopes?.push('junk scope');
    await connection.save();
    const stored = (await storedConnections()).find((item) => item.taskManagementConnectionId === connection.getId());
    expect(stored?.metadata).to.deep.equal({ cloudId, scopes: ['read:jira-work'] });
    expect(() => validateMetadata('jira_cloud', stored?.metadata)).not.to.throw();
    expect((await da.TaskManagementConnection.findById(connection.getId()))?.getMetadata()).to.deep.equal({ cloudId, scopes: ['read:jira-work'] });
  });

  it('createMany() with each input’s metadata changed in the same tick: every item stores what was checked', async function () {
    const inputs = Array.from({ length: 60 }, () => jiraCloudConnectionInput());
    const checked = inputs.map((input) => structuredClone(input.metadata));
    const pending = da.TaskManagementConnection.createMany(inputs);
    for (const input of inputs) {
      (input.metadata as Metadata).cloudId = 'not-a-uuid';
      input.metadata.scopes.push('junk scope');
    }
    const result = await pending;
    expect(result.created).to.have.length(60);
    expect(result.failed).to.deep.equal([]);
    const byOrganization = new Map((await storedConnections()).map((item) => [item.organizationId, item.metadata]));
    inputs.forEach((input, i) => expect(byOrganization.get(input.organizationId), `connection ${i}`).to.deep.equal(checked[i]));
  });

  it('create(): the model does not share the input’s metadata; toJSON() and getters hand out copies', async function () {
    const input = jiraCloudConnectionInput();
    const connection = await da.TaskManagementConnection.create(input);
    const cloudId = connection.getExternalInstanceId();
    (input.metadata as Metadata).cloudId = 'changed in the input';
    expect(connection.getMetadata()).to.deep.include({ cloudId });

    const json = connection.toJSON() as { metadata: Metadata };
    json.metadata.cloudId = 'changed in toJSON';
    (connection.getMetadata() as Metadata).cloudId = 'changed in a getter’s answer';
    expect(connection.getMetadata()).to.deep.include({ cloudId });
  });

  it('a sync: progress and watermarks from toJSON() are copies; watermarks changed after complete() is called are not what it writes', async function () {
    const connection = await da.TaskManagementConnection.create(jiraCloudConnectionInput());
    const sync = await da.SyncOperation.start(syncStartInput(connection));
    await sync.begin();
    await sync.reportProgress({ current: 1, total: 10, processed: 3, stage: 'fetching' });
    const progressJson = sync.toJSON() as { progress: { processed: number } };
    progressJson.progress.processed = 99;
    expect(sync.getProgress()).to.deep.include({ processed: 3 });

    const issuesMark = '2026-12-01T10:00:00.000Z';
    const watermarks: Record<string, string> = { issues: issuesMark };
    const completing = sync.complete({ created: 1, updated: 0, skipped: 0, failed: 0 }, { watermarks });
    watermarks.issues = '2099-01-01T00:00:00.000Z';
    watermarks.comments = 'not a date';
    await completing;

    const reread = await da.TaskManagementConnection.findById(connection.getId());
    expect(reread?.getSyncWatermark('issues')).to.equal(issuesMark);
    expect(reread?.getSyncWatermark('comments')).to.equal(null);
    const json = reread?.toJSON() as { syncWatermarks: Record<string, string> };
    json.syncWatermarks.issues = 'garbage from toJSON';
    expect(reread?.getSyncWatermark('issues')).to.equal(issuesMark);
  });
});
