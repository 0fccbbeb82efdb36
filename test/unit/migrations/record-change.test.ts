// One record through a migration, on a stubbed SDK: decide, write while the record is as read,
// and on a refusal read it again and decide again (never overwrite); a dry run only decides.
// Plus the bounded pool that stops starting work after a failure.
import { expect } from 'chai';
import { DataAccessError } from '../../../src/index.js';
import type { Decide, Decision } from '../../../src/migrations/migration.js';
import { change, NOTHING } from '../../../src/migrations/migration.js';
import { changeRecord, forEachBounded } from '../../../src/migrations/record-change.js';
import type { MigrationTarget } from '../../../src/migrations/record-change.js';
import { unchangedSince, updatePart } from '../../../src/model/index.js';
import { sdkError } from '../fixtures/stub-sdk.js';
import type { Item, StubbedAccess } from './fixtures.js';
import { answer, conditionFailed, CONNECTION_ID, connectionItem, OTHER_CONNECTION_ID, stubbedAccess, without } from './fixtures.js';

function targetOf(access: StubbedAccess, dryRun = false): MigrationTarget {
  return { collection: access.da.TaskManagementConnection, idAttribute: 'taskManagementConnectionId', operation: 'migrations.test', dryRun };
}

/** Sets consecutiveFailures = 0 while it is missing (a miniature of the defaults migration). */
function defaults(access: StubbedAccess, seen: Item[] = []): Decide {
  const connections = access.da.TaskManagementConnection;
  return (record): Decision => {
    seen.push(record);
    if (record.consecutiveFailures !== undefined) return NOTHING;
    return change(updatePart(connections, CONNECTION_ID, { set: { consecutiveFailures: 0 }, stamp: false, expect: unchangedSince(connections, record) }, { owner: true }));
  };
}

describe('migrations: one record', function () {
  it('sends nothing for a record that needs nothing, or in a dry run', async function () {
    const access = stubbedAccess();
    const record = connectionItem(access.da);
    expect(await changeRecord(targetOf(access), defaults(access), record)).to.deep.equal({ kind: 'unchanged' });
    expect(await changeRecord(targetOf(access, true), defaults(access), without(record, 'consecutiveFailures'))).to.deep.equal({ kind: 'changed' });
    expect(access.sent()).to.deep.equal([]);
  });

  it('writes the change on the condition that the record is as read: same updatedAt, same write token (absent when it had none)', async function () {
    const access = stubbedAccess();
    const record = without(connectionItem(access.da), 'consecutiveFailures');
    answer(access, { UpdateCommand: () => ({ Attributes: { ...record, consecutiveFailures: 0 } }) });
    expect(await changeRecord(targetOf(access), defaults(access), { ...record, __w: 'token-1' })).to.deep.equal({ kind: 'changed' });
    expect(await changeRecord(targetOf(access), defaults(access), record)).to.deep.equal({ kind: 'changed' });
    const [withToken, tokenless] = access.sentOf('UpdateCommand').map((command): Item => command.input as Item);
    const values = (input: Item) => Object.values(input.ExpressionAttributeValues as Item);
    expect(values(withToken as Item)).to.include.members([record.updatedAt, 'token-1']);
    expect(String(tokenless!.ConditionExpression)).to.match(/attribute_not_exists\(#\w+\)$/);
    expect(Object.values(tokenless!.ExpressionAttributeNames as Item)).to.include.members(['updatedAt', '__w', '__fence']);
  });

  it('reads a refused record again and decides again: what changed meanwhile is not overwritten', async function () {
    const access = stubbedAccess();
    const record = without(connectionItem(access.da), 'consecutiveFailures');
    const meanwhile = { ...record, consecutiveFailures: 1, __w: 'theirs' };
    answer(access, { UpdateCommand: () => conditionFailed(meanwhile), GetCommand: () => ({ Item: meanwhile }) });
    const seen: Item[] = [];
    expect(await changeRecord(targetOf(access), defaults(access, seen), record)).to.deep.equal({ kind: 'unchanged' });
    expect(seen).to.deep.equal([record, meanwhile]);
    expect(access.sent().map((command) => command.name)).to.deep.equal(['UpdateCommand', 'GetCommand']);
    expect(access.sentOf('GetCommand')[0]?.input.ConsistentRead).to.equal(true);
  });

  it('leaves a record that went away (or is being removed) alone', async function () {
    const access = stubbedAccess();
    const record = without(connectionItem(access.da), 'consecutiveFailures');
    answer(access, { UpdateCommand: () => conditionFailed(undefined) });
    expect(await changeRecord(targetOf(access), defaults(access), record)).to.deep.equal({ kind: 'unchanged' });
    const fenced = stubbedAccess();
    answer(fenced, { UpdateCommand: () => conditionFailed({ ...record, __fence: 'x' }) });
    expect(await changeRecord(targetOf(fenced), defaults(fenced), record)).to.deep.equal({ kind: 'unchanged' });
    // Refused, then gone when read again.
    const gone = stubbedAccess();
    answer(gone, { UpdateCommand: () => conditionFailed({ ...record, __w: 'theirs' }), GetCommand: () => ({}) });
    expect(await changeRecord(targetOf(gone), defaults(gone), record)).to.deep.equal({ kind: 'unchanged' });
  });

  it('gives a record that keeps changing up after five rounds (failed: the next pass tries again)', async function () {
    const access = stubbedAccess();
    let n = 0;
    const record = without(connectionItem(access.da), 'consecutiveFailures');
    answer(access, { UpdateCommand: () => conditionFailed({ ...record, __w: `theirs-${n}` }), GetCommand: () => ({ Item: { ...record, __w: `read-${++n}` } }) });
    expect(await changeRecord(targetOf(access), defaults(access), record)).to.deep.equal({ kind: 'failed' });
    expect(access.sentOf('UpdateCommand')).to.have.length(5);
  });

  it('counts a record it cannot address as failed, before any decision and in a dry run alike: no id, or a key its id does not make', async function () {
    const access = stubbedAccess();
    // Needs the change (no consecutiveFailures), so a dry run of a good copy would say changed.
    const record = without(connectionItem(access.da), 'consecutiveFailures');
    const corrupt: [Item, string][] = [
      [without(record, 'taskManagementConnectionId'), 'no id'],
      [{ ...record, taskManagementConnectionId: '' }, 'no id'],
      [{ ...record, taskManagementConnectionId: 7 }, 'no id'],
      [{ ...record, taskManagementConnectionId: OTHER_CONNECTION_ID }, 'key not made from its id'],
      [{ ...record, sk: `${String(record.sk)}#old` }, 'key not made from its id'],
    ];
    for (const [item, reason] of corrupt) {
      for (const dryRun of [false, true]) {
        const seen: Item[] = [];
        expect(await changeRecord(targetOf(access, dryRun), defaults(access, seen), item), `${reason}, dry run ${dryRun}`).to.deep.equal({ kind: 'failed', unaddressable: reason });
        expect(seen, 'not decided').to.deep.equal([]);
      }
    }
    expect(access.sent(), 'nothing sent: not written, not read').to.deep.equal([]);
    expect(await changeRecord(targetOf(access, true), defaults(access), record)).to.deep.equal({ kind: 'changed' });
  });

  it('passes a failure decision on, with its conflict, and rejects on a datastore failure', async function () {
    const access = stubbedAccess();
    const conflict = { organizationId: 'o', provider: 'github' as const, connectionIds: ['a', 'b'] };
    expect(await changeRecord(targetOf(access), () => ({ kind: 'fail', conflict }), connectionItem(access.da))).to.deep.equal({ kind: 'failed', conflict });
    expect(await changeRecord(targetOf(access), () => Promise.resolve({ kind: 'fail' as const }), connectionItem(access.da))).to.deep.equal({ kind: 'failed' });
    const record = without(connectionItem(access.da), 'consecutiveFailures');
    answer(access, { UpdateCommand: () => sdkError('AccessDeniedException') });
    const error = await changeRecord(targetOf(access), defaults(access), record).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).to.be.instanceOf(DataAccessError).and.have.property('code', 'DATASTORE');
  });
});

describe('migrations: forEachBounded', function () {
  it('keeps at most `limit` tasks in flight and runs every item', async function () {
    let inFlight = 0;
    let most = 0;
    const done: number[] = [];
    await forEachBounded([1, 2, 3, 4, 5, 6, 7], 3, async (n) => {
      inFlight += 1;
      most = Math.max(most, inFlight);
      await new Promise((resolve) => setTimeout(resolve, 2));
      inFlight -= 1;
      done.push(n);
    });
    expect(most).to.equal(3);
    expect(done.sort()).to.deep.equal([1, 2, 3, 4, 5, 6, 7]);
    await forEachBounded([], 4, () => Promise.reject(new Error('never called')));
  });

  it('starts nothing after a failure, waits for the tasks in flight, and rejects with the first failure', async function () {
    const started: number[] = [];
    let settled = 0;
    const error = await forEachBounded([1, 2, 3, 4, 5, 6], 2, async (n) => {
      started.push(n);
      await new Promise((resolve) => setTimeout(resolve, n === 1 ? 1 : 10));
      settled += 1;
      if (n <= 2) throw new Error(`task ${n}`);
    }).then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(error?.message).to.equal('task 1');
    expect(started).to.deep.equal([1, 2]);
    expect(settled, 'task 2 was awaited').to.equal(2);
  });
});
