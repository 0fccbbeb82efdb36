/**
 * Group 2 — a stale copy's remove × the guards it seems to hold. Copies are read, another copy
 * changes the record (so what the stale copies believe about their guards is wrong), then 20 stale
 * copies remove it at once. API.md ("Removing"): "It decides from the stored items, not from the
 * copy: a stale copy's remove() releases exactly the guards the stored record holds." So: no guard
 * is left, no other owner's guard is touched, and what was held can be taken again.
 */
import { expect } from 'chai';
import type { DataAccess, SyncOperation, TaskManagementConnection } from '../../../src/index.js';
import { ConflictError } from '../../../src/index.js';
import { jiraCloudConnectionInput, suggestionLinks, syncStartInput, ticketInput } from '../../support/entity-fixtures.js';
import { isGuard, treeOf } from './invariants.js';
import { expectOnly, Figures, outcomeOf, raceTable } from './support.js';

const figures = new Figures('stale copy remove × guards');
const GROUP = '2. stale copy remove × guards';
const N = 20;
/** Stale copies of a connection removing at once (remove × remove with 20 is group 6). */
const STALE = 5;

function sameInstance(connection: TaskManagementConnection) {
  return jiraCloudConnectionInput({ organizationId: connection.getOrganizationId(), externalInstanceId: connection.getExternalInstanceId(), metadata: connection.getMetadata() });
}

async function copies<T>(n: number, read: () => Promise<T | null>): Promise<T[]> {
  const list = await Promise.all(Array.from({ length: n }, read));
  return list.map((copy) => {
    expect(copy).to.not.equal(null);
    return copy as T;
  });
}

describe('races 2: a stale copy’s remove × the guards it seems to hold (DynamoDB Local)', function () {
  this.timeout(30_000);
  figures.printAfter();

  const connectionChanges: { name: string; change: (b: TaskManagementConnection) => Promise<unknown> }[] = [
    { name: 'markDisconnected()', change: (b) => b.markDisconnected() },
    { name: 'save() of displayName', change: (b) => b.setDisplayName('Renamed by B').save() },
    { name: 'markDisabled() then markActive()', change: async (b) => (await b.markDisabled()).markActive() },
    { name: 'markError() then markDisconnected()', change: async (b) => (await b.markError('boom')).markDisconnected() },
  ];

  for (const { name, change } of connectionChanges) {
    it(`connection: B ${name}; ${STALE} stale copies remove() at once (half with unsaved setter changes) → no guard left, the instance can be connected again`, async function () {
      const { da, check, other } = await raceTable('races-stale');
      const connection = await da.TaskManagementConnection.create(jiraCloudConnectionInput());
      await da.Ticket.createWithSuggestions(ticketInput(connection), suggestionLinks(2));
      const stale = await copies(STALE, () => other().TaskManagementConnection.findById(connection.getId()));
      stale.forEach((copy, i) => {
        if (i % 2 === 1) copy.setDisplayName(`unsaved ${i}`);
      });
      const b = (await da.TaskManagementConnection.findById(connection.getId())) as TaskManagementConnection;
      await change(b);
      const results = await Promise.allSettled(stale.map((copy) => copy.remove()));
      const labels = results.map(outcomeOf);
      figures.record(GROUP, labels);
      expectOnly(labels, ['ok'], 'stale removes');
      const items = await check();
      expect(treeOf(items, connection.getId())).to.deep.equal([]);
      expect(items.filter(isGuard)).to.deep.equal([]);
      // What the connection held is free: the same instance connects again.
      const again = await da.TaskManagementConnection.create(sameInstance(connection));
      expect(await da.TaskManagementConnection.findByExternalInstance(connection.getOrganizationId(), 'jira_cloud', connection.getExternalInstanceId())).to.not.equal(null);
      await again.remove();
      await check();
    });
  }

  it('connection: the issue-10 sequence — A’s markDisconnected() is refused (B moved it; or B saved while A has setter changes), then A.remove() → no guard left; reconnecting succeeds', async function () {
    const { da, check } = await raceTable('races-stale');
    const cases: { name: string; b: (b: TaskManagementConnection) => Promise<unknown>; a?: (a: TaskManagementConnection) => void }[] = [
      { name: 'B markDisabled()', b: (b) => b.markDisabled() },
      { name: 'B markError() then markActive()', b: async (b) => (await b.markError('x')).markActive(), a: (a) => a.setDisplayName('A') },
      { name: 'B save() while A has an unsaved displayName', b: (b) => b.setDisplayName('B').save(), a: (a) => a.setDisplayName('A') },
    ];
    for (const { name, b, a: prepare } of cases) {
      const connection = await da.TaskManagementConnection.create(jiraCloudConnectionInput());
      const a = (await da.TaskManagementConnection.findById(connection.getId())) as TaskManagementConnection;
      prepare?.(a);
      await b((await da.TaskManagementConnection.findById(connection.getId())) as TaskManagementConnection);
      const refused = await a.markDisconnected().then(
        () => 'ok',
        (error: unknown) => outcomeOf({ status: 'rejected', reason: error }),
      );
      expect(refused, name).to.equal('ConcurrentModificationError');
      const removed = await a.remove().then(() => 'ok', (error: unknown) => outcomeOf({ status: 'rejected', reason: error }));
      figures.record(GROUP, [refused, removed]);
      expect(removed, name).to.equal('ok');
      expect((await check()).filter(isGuard), name).to.deep.equal([]);
      const again = await da.TaskManagementConnection.create(sameInstance(connection));
      expect((await da.TaskManagementConnection.findByExternalInstance(connection.getOrganizationId(), 'jira_cloud', connection.getExternalInstanceId()))?.getId(), name).to.equal(again.getId());
      await again.remove();
    }
  });

  it(`connection: B disconnects, C connects the same instance, then ${STALE} stale copies of the old one remove() → C keeps its guard`, async function () {
    const { da, check, other } = await raceTable('races-stale');
    const connection = await da.TaskManagementConnection.create(jiraCloudConnectionInput());
    const stale = await copies(STALE, () => other().TaskManagementConnection.findById(connection.getId()));
    await (await da.TaskManagementConnection.findById(connection.getId()))?.markDisconnected();
    const c = await da.TaskManagementConnection.create(sameInstance(connection));
    const results = await Promise.allSettled(stale.map((copy) => copy.remove()));
    figures.record(GROUP, results.map(outcomeOf));
    expectOnly(results.map(outcomeOf), ['ok'], 'stale removes');
    const items = await check();
    expect(items.filter(isGuard).filter((guard) => guard.constraint === 'external-instance').map((guard) => guard.ownerId)).to.deep.equal([c.getId()]);
    const d = await da.TaskManagementConnection.create(sameInstance(connection)).catch((error: unknown) => error);
    expect(d).to.be.instanceOf(ConflictError).and.have.property('constraint', 'external-instance');
  });

  async function activeSync(da: DataAccess) {
    const connection = await da.TaskManagementConnection.create(jiraCloudConnectionInput());
    const op = await da.SyncOperation.start(syncStartInput(connection));
    return { connection, op };
  }

  it(`sync: B begins it, each of ${N} stale copies has its cancel() refused, then all remove() → no slot left, a new start() succeeds`, async function () {
    const { da, check, other } = await raceTable('races-stale');
    const { connection, op } = await activeSync(da);
    const stale = await copies(N, () => other().SyncOperation.findById(op.getId()));
    await (await da.SyncOperation.findById(op.getId()))?.begin();
    const cancels = await Promise.allSettled(stale.map((copy) => copy.cancel()));
    expectOnly(cancels.map(outcomeOf), ['ConcurrentModificationError'], 'stale cancels');
    const removes = await Promise.allSettled(stale.map((copy) => copy.remove()));
    figures.record(GROUP, [...cancels, ...removes].map(outcomeOf));
    expectOnly(removes.map(outcomeOf), ['ok'], 'stale removes');
    expect((await check()).filter((item) => isGuard(item) && item.constraint === 'active-sync')).to.deep.equal([]);
    const next = await da.SyncOperation.start(syncStartInput(connection));
    expect((await da.SyncOperation.findActiveByConnectionId(connection.getId()))?.getId()).to.equal(next.getId());
  });

  it(`sync: B completes it, ${N} stale copies (in_progress) remove() → nothing left; a new start() succeeds`, async function () {
    const { da, check, other } = await raceTable('races-stale');
    const { connection, op } = await activeSync(da);
    await op.begin();
    const stale = await copies(N, () => other().SyncOperation.findById(op.getId()));
    await (await da.SyncOperation.findById(op.getId()))?.complete({ created: 1, updated: 2, skipped: 0, failed: 0 });
    const removes = await Promise.allSettled(stale.map((copy) => copy.remove()));
    figures.record(GROUP, removes.map(outcomeOf));
    expectOnly(removes.map(outcomeOf), ['ok'], 'stale removes');
    expect(await da.SyncOperation.findById(op.getId())).to.equal(null);
    await check();
    await da.SyncOperation.start(syncStartInput(connection));
    await check();
  });

  it(`sync: B cancels it and C starts; ${N} stale copies of the cancelled one (pending) remove() → C keeps the slot`, async function () {
    const { da, check, other } = await raceTable('races-stale');
    const { connection, op } = await activeSync(da);
    const stale = await copies(N, () => other().SyncOperation.findById(op.getId()));
    await (await da.SyncOperation.findById(op.getId()))?.cancel();
    const c = await da.SyncOperation.start(syncStartInput(connection));
    const removes = await Promise.allSettled(stale.map((copy: SyncOperation) => copy.remove()));
    figures.record(GROUP, removes.map(outcomeOf));
    expectOnly(removes.map(outcomeOf), ['ok'], 'stale removes');
    await check();
    expect((await da.SyncOperation.findActiveByConnectionId(connection.getId()))?.getId()).to.equal(c.getId());
    const blocked = await da.SyncOperation.start(syncStartInput(connection)).catch((error: unknown) => error);
    expect(blocked).to.be.instanceOf(ConflictError).and.have.property('constraint', 'active-sync');
  });

  it(`ticket: B saves its status, ${N} stale copies remove() → its external-ticket guard is gone; the external id can be used again`, async function () {
    const { da, check, other } = await raceTable('races-stale');
    const connection = await da.TaskManagementConnection.create(jiraCloudConnectionInput());
    const input = ticketInput(connection);
    const { ticket } = await da.Ticket.createWithSuggestions(input, suggestionLinks(3));
    const stale = await copies(N, () => other().Ticket.findById(ticket.getId()));
    await (await da.Ticket.findById(ticket.getId()))?.setTicketStatus('In Progress').save();
    const removes = await Promise.allSettled(stale.map((copy) => copy.remove()));
    figures.record(GROUP, removes.map(outcomeOf));
    expectOnly(removes.map(outcomeOf), ['ok'], 'stale removes');
    const items = await check();
    expect(items.filter((item) => item.ticketId === ticket.getId() || item.ownerId === ticket.getId())).to.deep.equal([]);
    await da.Ticket.create({ ...input, ticketKey: 'ASO-AGAIN' });
    await check();
  });
});
