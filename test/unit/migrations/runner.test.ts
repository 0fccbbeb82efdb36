// The runner's edges on a stubbed SDK: a migration found done when taking its lease (another
// process finished it since the ledgers were read), a datastore failure while taking it, and the
// model helpers' refusal of a constraint the entity does not have, and where a checkpoint's
// cursor points when a scan page holds none of the migration's records.
import { expect } from 'chai';
import { DataAccessError } from '../../../src/index.js';
import { claimGuardPart } from '../../../src/model/index.js';
import { connectionCheckDefaults } from '../../../src/migrations/definitions/connection-check-defaults.js';
import { runMigration } from '../../../src/migrations/runner.js';
import { runSettingsOf } from '../../../src/migrations/run-options.js';
import { sdkError } from '../fixtures/stub-sdk.js';
import { answer, conditionFailed, connectionItem, contextOf, stubbedAccess } from './fixtures.js';

const settings = runSettingsOf({}, [connectionCheckDefaults.id]);

describe('migrations: the runner', function () {
  it('reports a migration done by another process since the ledgers were read as already done, and scans nothing', async function () {
    const access = stubbedAccess();
    answer(access, { UpdateCommand: () => conditionFailed({ pk: '$migration#x', sk: '$migration', state: 'done' }) });
    const result = await runMigration({ collections: access.collections, context: contextOf(access) }, connectionCheckDefaults, settings);
    expect(result).to.deep.equal({ id: connectionCheckDefaults.id, scanned: 0, changed: 0, failed: 0, outcome: 'already-done' });
    expect(access.sentOf('ScanCommand')).to.deep.equal([]);
  });

  it('rejects when its lease cannot be taken for a datastore failure', async function () {
    const access = stubbedAccess();
    answer(access, { UpdateCommand: () => sdkError('AccessDeniedException') });
    const error = await runMigration({ collections: access.collections, context: contextOf(access) }, connectionCheckDefaults, settings).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).to.be.instanceOf(DataAccessError).and.have.property('code', 'DATASTORE');
    expect(access.sentOf('ScanCommand')).to.deep.equal([]);
  });

  it('refuses to claim a guard of a constraint the entity does not have', function () {
    const access = stubbedAccess();
    expect(() => claimGuardPart(access.da.TaskManagementConnection, 'no-such-constraint', connectionItem(access.da))).to.throw(DataAccessError, /no guarded unique constraint 'no-such-constraint'/);
  });

  it("checkpoints the key a scan page ended at, also after a page with none of the entity's records: a resumed run starts behind it", async function () {
    const access = stubbedAccess();
    const endOf = (n: number) => ({ pk: `other#${n}`, sk: `other#${n}` });
    // Three pages of other entities' items only (a filtered Scan can return no item and still move on), then the end.
    answer(access, { ScanCommand: (_input, call) => (call < 3 ? { Items: [], LastEvaluatedKey: endOf(call) } : { Items: [] }) });
    const result = await runMigration({ collections: access.collections, context: contextOf(access) }, connectionCheckDefaults, settings);
    expect(result.outcome).to.equal('done');
    const scans = access.sentOf('ScanCommand').map((sent) => sent.input.ExclusiveStartKey as unknown);
    expect(scans).to.deep.equal([undefined, endOf(0), endOf(1), endOf(2)]);
    const cursors = access.sentOf('UpdateCommand').map((sent) => Object.values(sent.input.ExpressionAttributeValues as Record<string, unknown>).find((value) => typeof value === 'object' && value !== null && 'pk' in value));
    // Acquire (no cursor yet), one checkpoint per page that ended somewhere, the last page's and the finish keep the last cursor or none.
    expect(cursors.slice(0, 4)).to.deep.equal([undefined, endOf(0), endOf(1), endOf(2)]);

    const resumed = stubbedAccess();
    answer(resumed, { UpdateCommand: (_input, call) => (call === 0 ? { Attributes: { pk: '$migration#x', sk: '$migration', state: 'running', cursor: endOf(1), scanned: 0 } } : {}), ScanCommand: () => ({ Items: [] }) });
    await runMigration({ collections: resumed.collections, context: contextOf(resumed) }, connectionCheckDefaults, settings);
    expect(resumed.sentOf('ScanCommand').map((sent) => sent.input.ExclusiveStartKey as unknown)).to.deep.equal([endOf(1)]);
  });
});
