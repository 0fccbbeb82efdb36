/**
 * One active connection per organization and provider (API.md, TaskManagementConnection,
 * "Unique": constraint `active-provider`, decided inside the write). Creates and markActive race
 * each other, re-authorizations and reconnects race new connections, and every move out of
 * active frees the slot — also while each write loses every other response. After each race the
 * table is scanned: no orphan, no leftover or missing guard, and exactly the connections the
 * callers were told about.
 */
import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import type { DataAccess, TaskManagementConnection } from '../../../src/index.js';
import { ConflictError } from '../../../src/index.js';
import { githubConnectionInput, jiraCloudConnectionInput, suggestionLinks, syncStartInput, tableSnapshot, ticketInput } from '../../support/entity-fixtures.js';
import { recordsOf } from './invariants.js';
import type { RaceTable } from './support.js';
import { everyOtherResponseLost, expectOnly, Figures, outcomeOf, raceTable, settle, tally } from './support.js';

const figures = new Figures('one active connection per organization and provider');
const GROUP = 'active-provider';
const N = 20;
const ACTIVE_PROVIDER = 'ConflictError(active-provider)';

type Connection = TaskManagementConnection;
type OffStatus = 'disabled' | 'requires_reauth' | 'error';

const OFF: Readonly<Record<OffStatus, (c: Connection) => Promise<Connection>>> = {
  disabled: (c) => c.markDisabled(),
  requires_reauth: (c) => c.markRequiresReauth('sign in again'),
  error: (c) => c.markError('boom'),
};

/** `count` connections of one organization to jira_cloud, each created active and then moved to `status` (so none holds the slot). */
async function offConnections(da: DataAccess, organizationId: string, count: number, status: OffStatus = 'disabled'): Promise<Connection[]> {
  const made: Connection[] = [];
  for (let i = 0; i < count; i += 1) {
    const connection = await da.TaskManagementConnection.create(jiraCloudConnectionInput({ organizationId }));
    made.push(await OFF[status](connection));
  }
  return made;
}

/** The organization's stored jira_cloud connections that are active (from a table scan). */
async function activeInScan(table: RaceTable, organizationId: string): Promise<string[]> {
  const items = await table.check();
  return recordsOf(items, 'connection')
    .filter((item) => item.organizationId === organizationId && item.provider === 'jira_cloud' && item.status === 'active')
    .map((item) => String(item.taskManagementConnectionId));
}

/** Asserts the organization's one active jira_cloud connection is `id` (scan and lookup agree) and the table invariants hold. */
async function expectActive(table: RaceTable, organizationId: string, id: string | undefined): Promise<void> {
  expect(await activeInScan(table, organizationId), 'active connections stored').to.deep.equal(id === undefined ? [] : [id]);
  const found = await table.da.TaskManagementConnection.findActiveByOrganizationAndProvider(organizationId, 'jira_cloud');
  expect(found?.getId()).to.equal(id);
}

function expectActiveProviderConflict(error: unknown): void {
  expect(error).to.be.instanceOf(ConflictError);
  expect((error as ConflictError).constraint).to.equal('active-provider');
  expect((error as ConflictError).conflictingValues).to.deep.equal(['jira_cloud']);
}

describe('races: one active connection per organization and provider (DynamoDB Local)', function () {
  this.timeout(60_000);
  figures.printAfter();

  it(`${N} concurrent creates of ${N} instances of one provider in one organization → exactly one active, ${N - 1} ConflictError('active-provider'); other providers unaffected`, async function () {
    const table = await raceTable('races-active');
    const organizationId = randomUUID();
    const inputs = Array.from({ length: N }, () => jiraCloudConnectionInput({ organizationId }));
    const github = githubConnectionInput({ organizationId });
    const [githubResult, ...results] = await Promise.allSettled([table.da.TaskManagementConnection.create(github), ...inputs.map((input) => table.da.TaskManagementConnection.create(input))]);
    const labels = results.map(outcomeOf);
    figures.record(`${GROUP}: concurrent creates`, labels);
    expect(tally(labels)).to.deep.equal({ [ACTIVE_PROVIDER]: N - 1, ok: 1 });
    for (const result of results) if (result.status === 'rejected') expectActiveProviderConflict(result.reason);
    expect(outcomeOf(githubResult)).to.equal('ok');
    const winner = results.find((r): r is PromiseFulfilledResult<Connection> => r.status === 'fulfilled')?.value;
    expect(winner?.isActive()).to.equal(true);
    await expectActive(table, organizationId, winner?.getId());
    // Nothing of the refused creates was written: the organization holds the winner and the GitHub connection.
    const items = await table.check();
    expect(recordsOf(items, 'connection').filter((item) => item.organizationId === organizationId)).to.have.length(2);
    expect((await table.da.TaskManagementConnection.findActiveByOrganizationAndProvider(organizationId, 'github'))?.getExternalInstanceId()).to.equal(github.externalInstanceId);
  });

  for (const from of ['disabled', 'requires_reauth', 'error'] as const) {
    it(`markActive from ${from} while another connection of the provider is active → ConflictError('active-provider'), nothing written; once the active one is disabled the same copy's markActive lands`, async function () {
      const table = await raceTable('races-active');
      const organizationId = randomUUID();
      const [waiting] = await offConnections(table.da, organizationId, 1, from);
      const active = await table.da.TaskManagementConnection.create(jiraCloudConnectionInput({ organizationId }));
      const copy = (await table.other().TaskManagementConnection.findById(waiting!.getId())) as Connection;
      const before = await tableSnapshot(table.client, table.tableName);
      const refused = await settle(copy.markActive({ reauthorizedBy: 'user-2' }));
      expect(refused.status).to.equal('rejected');
      expectActiveProviderConflict((refused as PromiseRejectedResult).reason);
      expect(await tableSnapshot(table.client, table.tableName), 'the refused markActive wrote nothing').to.deep.equal(before);
      expect(copy.getStatus(), 'the copy is left as it was read').to.equal(from);
      await expectActive(table, organizationId, active.getId());
      await active.markDisabled();
      await copy.markActive({ reauthorizedBy: 'user-2' });
      expect(copy.getStatus()).to.equal('active');
      await expectActive(table, organizationId, copy.getId());
    });
  }

  it('markActive on a copy with unsaved setter changes while another connection is active → ConflictError(active-provider); the changes are not written', async function () {
    const table = await raceTable('races-active');
    const organizationId = randomUUID();
    const [waiting] = await offConnections(table.da, organizationId, 1);
    const active = await table.da.TaskManagementConnection.create(jiraCloudConnectionInput({ organizationId }));
    const copy = (await table.other().TaskManagementConnection.findById(waiting!.getId())) as Connection;
    copy.setDisplayName('Renamed while refused');
    const before = await tableSnapshot(table.client, table.tableName);
    const refused = await settle(copy.markActive());
    expect(refused.status).to.equal('rejected');
    expectActiveProviderConflict((refused as PromiseRejectedResult).reason);
    expect(await tableSnapshot(table.client, table.tableName)).to.deep.equal(before);
    expect((await table.da.TaskManagementConnection.findById(waiting!.getId()))?.getDisplayName()).to.equal(waiting!.getDisplayName());
    await expectActive(table, organizationId, active.getId());
  });

  it(`${N} stale copies of A (read while A was active) after A was disabled and B took the slot: half remove(), half markDisconnected() → the removes land, the moves are refused, B keeps the slot`, async function () {
    const table = await raceTable('races-active');
    const organizationId = randomUUID();
    const a = await table.da.TaskManagementConnection.create(jiraCloudConnectionInput({ organizationId }));
    const stale = await Promise.all(Array.from({ length: N }, () => table.other().TaskManagementConnection.findById(a.getId())));
    await a.markDisabled();
    const b = await table.da.TaskManagementConnection.create(jiraCloudConnectionInput({ organizationId }));
    const results = await Promise.allSettled(stale.map((copy, i) => (i % 2 === 0 ? (copy as Connection).remove() : (copy as Connection).markDisconnected())));
    const labels = results.map(outcomeOf);
    figures.record(`${GROUP}: stale copies of a connection that left the slot`, labels);
    expectOnly(labels.filter((_, i) => i % 2 === 0), ['ok'], 'removes');
    // A move from active is refused (the stored connection left it) — or finds it removed already.
    expectOnly(labels.filter((_, i) => i % 2 === 1), ['ConcurrentModificationError', 'NotFoundError'], 'markDisconnected');
    expect(await table.da.TaskManagementConnection.findById(a.getId())).to.equal(null);
    await expectActive(table, organizationId, b.getId());
    expect(outcomeOf(await settle(table.da.TaskManagementConnection.create(jiraCloudConnectionInput({ organizationId }))))).to.equal(ACTIVE_PROVIDER);
  });

  it(`${N} racing markActive over copies of two disabled connections → exactly one lands; copies of the other connection get ConflictError('active-provider'), the winner's other copies ConcurrentModificationError`, async function () {
    const table = await raceTable('races-active');
    const organizationId = randomUUID();
    const pair = await offConnections(table.da, organizationId, 2);
    const copies = await Promise.all(Array.from({ length: N }, (_, i) => table.other().TaskManagementConnection.findById(pair[i % 2]!.getId())));
    const results = await Promise.allSettled(copies.map((copy) => (copy as Connection).markActive()));
    const labels = results.map(outcomeOf);
    figures.record(`${GROUP}: markActive over two connections`, labels);
    const winners = results.flatMap((r, i) => (r.status === 'fulfilled' ? [i] : []));
    expect(winners, labels.join(', ')).to.have.length(1);
    const winnerId = pair[winners[0]! % 2]!.getId();
    for (const [i, result] of results.entries()) {
      if (result.status === 'fulfilled') continue;
      const sameConnection = copies[i]?.getId() === winnerId;
      expect(outcomeOf(result), `copy ${i} of ${sameConnection ? 'the winner' : 'the other connection'}`).to.equal(sameConnection ? 'ConcurrentModificationError' : ACTIVE_PROVIDER);
    }
    await expectActive(table, organizationId, winnerId);
  });

  it(`${N} racing markActive on ${N} different disabled connections of one organization and provider → exactly one active, ${N - 1} ConflictError('active-provider')`, async function () {
    const table = await raceTable('races-active');
    const organizationId = randomUUID();
    const connections = await offConnections(table.da, organizationId, N);
    const results = await Promise.allSettled(connections.map(async (c) => ((await table.other().TaskManagementConnection.findById(c.getId())) as Connection).markActive()));
    const labels = results.map(outcomeOf);
    figures.record(`${GROUP}: markActive over ${N} connections`, labels);
    expect(tally(labels)).to.deep.equal({ [ACTIVE_PROVIDER]: N - 1, ok: 1 });
    const winner = results.find((r): r is PromiseFulfilledResult<Connection> => r.status === 'fulfilled')?.value;
    await expectActive(table, organizationId, winner?.getId());
  });

  it(`a re-authorization (markActive from requires_reauth on ${N / 2} copies) racing ${N / 2} creates of other instances → exactly one active; a re-authorization that lands restamps connectedAt`, async function () {
    const table = await raceTable('races-active');
    const organizationId = randomUUID();
    const [reauth] = await offConnections(table.da, organizationId, 1, 'requires_reauth');
    const copies = await Promise.all(Array.from({ length: N / 2 }, () => table.other().TaskManagementConnection.findById(reauth!.getId())));
    const inputs = Array.from({ length: N / 2 }, () => jiraCloudConnectionInput({ organizationId }));
    const results = await Promise.allSettled([
      ...copies.map((copy, i) => (copy as Connection).markActive({ reauthorizedBy: `user-${i}` })),
      ...inputs.map((input) => table.other().TaskManagementConnection.create(input)),
    ]);
    const labels = results.map(outcomeOf);
    figures.record(`${GROUP}: re-authorization × creates`, labels);
    const reauthLabels = labels.slice(0, N / 2);
    const createLabels = labels.slice(N / 2);
    expect(labels.filter((label) => label === 'ok'), labels.join(', ')).to.have.length(1);
    expectOnly(createLabels, ['ok', ACTIVE_PROVIDER], 'creates');
    const winner = results.find((r): r is PromiseFulfilledResult<Connection> => r.status === 'fulfilled')?.value as Connection;
    const stored = (await table.da.TaskManagementConnection.findById(reauth!.getId())) as Connection;
    if (reauthLabels.includes('ok')) {
      // The other copies of the connection saw it move: ConcurrentModificationError.
      expectOnly(reauthLabels, ['ok', 'ConcurrentModificationError'], 're-authorizations');
      expect(stored.getStatus()).to.equal('active');
      expect(stored.getReauthorizedBy()).to.equal(`user-${reauthLabels.indexOf('ok')}`);
      expect(Date.parse(stored.getConnectedAt())).to.be.greaterThan(Date.parse(reauth!.getConnectedAt()));
    } else {
      // A new connection took the slot first: every re-authorization is refused by the slot.
      expect(tally(reauthLabels)).to.deep.equal({ [ACTIVE_PROVIDER]: N / 2 });
      expect(stored.toJSON()).to.deep.equal(reauth!.toJSON());
    }
    await expectActive(table, organizationId, winner.getId());
  });

  it(`reconnect: the active connection is disconnected while ${N - 1} creates of the same instance race it → at most one create lands, after the disconnect; every refusal names external-instance`, async function () {
    const table = await raceTable('races-active');
    const organizationId = randomUUID();
    const input = jiraCloudConnectionInput({ organizationId });
    const old = await table.da.TaskManagementConnection.create(input);
    const copy = (await table.other().TaskManagementConnection.findById(old.getId())) as Connection;
    const [disconnect, ...creates] = await Promise.allSettled([copy.markDisconnected(), ...Array.from({ length: N - 1 }, () => table.other().TaskManagementConnection.create({ ...input }))]);
    const labels = creates.map(outcomeOf);
    figures.record(`${GROUP}: reconnect × disconnect`, [outcomeOf(disconnect), ...labels]);
    expect(outcomeOf(disconnect)).to.equal('ok');
    // Before the disconnect a create breaks both constraints (named: external-instance); after it, one create wins the instance and the slot.
    expectOnly(labels, ['ok', 'ConflictError(external-instance)'], 'creates');
    const created = creates.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
    expect(created.length).to.be.at.most(1);
    // Whichever ordering happened, the instance can be connected exactly once more.
    const again = await settle(table.da.TaskManagementConnection.create({ ...input }));
    expect(outcomeOf(again)).to.equal(created.length === 1 ? 'ConflictError(external-instance)' : 'ok');
    const reconnected = created[0] ?? (again as PromiseFulfilledResult<Connection>).value;
    expect(reconnected.getExternalInstanceId()).to.equal(input.externalInstanceId);
    expect((await table.da.TaskManagementConnection.findById(old.getId()))?.getStatus()).to.equal('disconnected');
    await expectActive(table, organizationId, reconnected.getId());
  });

  /** A move out of active of `connection`, through `da` (a copy read from it). */
  type MoveOut = (da: DataAccess, connection: Connection) => Promise<unknown>;
  const copyIn = async (da: DataAccess, connection: Connection) => (await da.TaskManagementConnection.findById(connection.getId())) as Connection;
  /** `failures`: the check failures the stored connection counts afterwards (a lost response never counts twice). */
  const MOVES_OUT: readonly { name: string; status: string | null; run: MoveOut; failures?: number }[] = [
    { name: 'markDisabled', status: 'disabled', run: async (da, c) => (await copyIn(da, c)).markDisabled() },
    { name: 'markRequiresReauth', status: 'requires_reauth', run: async (da, c) => (await copyIn(da, c)).markRequiresReauth() },
    { name: 'markError', status: 'error', run: async (da, c) => (await copyIn(da, c)).markError('boom') },
    { name: 'markDisconnected', status: 'disconnected', run: async (da, c) => (await copyIn(da, c)).markDisconnected() },
    { name: 'recordCheck (AUTH_REVOKED)', status: 'requires_reauth', run: async (da, c) => (await copyIn(da, c)).recordCheck({ ok: false, errorCode: 'AUTH_REVOKED', message: 'revoked' }), failures: 1 },
    { name: 'recordCheck (NETWORK, threshold 1)', status: 'error', run: async (da, c) => (await copyIn(da, c)).recordCheck({ ok: false, errorCode: 'NETWORK', message: 'timeout' }, { failureThreshold: 1 }), failures: 1 },
    { name: 'remove()', status: null, run: async (da, c) => (await copyIn(da, c)).remove() },
    { name: 'removeByIds', status: null, run: (da, c) => da.TaskManagementConnection.removeByIds([c.getId()]) },
  ];

  for (const contender of ['create', 'markActive'] as const) {
    for (const lossy of [false, true]) {
      for (const move of MOVES_OUT) {
        const contenders = contender === 'create' ? `${N - 1} creates of other instances` : `markActive of ${N - 1} disabled connections`;
        it(`${move.name}${lossy ? ', every other write response lost,' : ''} frees the slot while ${contenders} race it → the move lands, at most one contender lands (after it), and the slot can be taken exactly once`, async function () {
          const table = await raceTable('races-active');
          const organizationId = randomUUID();
          const off = contender === 'markActive' ? await offConnections(table.da, organizationId, N - 1) : [];
          const active = await table.da.TaskManagementConnection.create(jiraCloudConnectionInput({ organizationId }));
          // A ticket and a sync, so that a remove has a tree to clear.
          await table.da.Ticket.createWithSuggestions(ticketInput(active), suggestionLinks(1));
          await table.da.SyncOperation.start(syncStartInput(active));
          // The move and the contenders each through a client of their own, so the move's first write always loses its response.
          const mover = lossy ? table.injected({ seed: 16, script: everyOtherResponseLost(100) }) : undefined;
          const rivals = lossy ? table.injected({ seed: 18, script: everyOtherResponseLost(100) }).da : table.other();
          const copies = await Promise.all(off.map((c) => copyIn(rivals, c)));
          const race = contender === 'create' ? Array.from({ length: N - 1 }, () => rivals.TaskManagementConnection.create(jiraCloudConnectionInput({ organizationId }))) : copies.map((copy) => copy.markActive());
          const [moved, ...rivalResults] = await Promise.allSettled([move.run(mover?.da ?? table.other(), active), ...race]);
          const labels = rivalResults.map(outcomeOf);
          const group = `${GROUP}: move out of active × ${contender}${lossy ? ' (lost responses)' : ''}`;
          figures.record(group, [outcomeOf(moved), ...labels]);
          if (mover) figures.count(group, 'lost responses of the move', mover.injector.counts.lostResponse);
          expect(outcomeOf(moved), 'the move').to.equal('ok');
          expectOnly(labels, ['ok', ACTIVE_PROVIDER], contender);
          const landed = rivalResults.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
          expect(landed.length).to.be.at.most(1);
          if (mover) expect(mover.injector.counts.lostResponse, 'responses of the move lost').to.be.at.least(1);
          const stored = await table.da.TaskManagementConnection.findById(active.getId());
          expect(stored?.getStatus() ?? null).to.equal(move.status);
          if (move.failures !== undefined) expect(stored?.getConsecutiveFailures()).to.equal(move.failures);
          // Whichever ordering happened, the slot is free for exactly one more connection.
          const again = await settle(table.da.TaskManagementConnection.create(jiraCloudConnectionInput({ organizationId })));
          expect(outcomeOf(again)).to.equal(landed.length === 1 ? ACTIVE_PROVIDER : 'ok');
          const holder = landed[0] ?? (again as PromiseFulfilledResult<Connection>).value;
          await expectActive(table, organizationId, holder.getId());
          // Exactly the connections the callers were told about are stored (a lost response is never a false conflict, nor a hidden write).
          const items = await table.check();
          const ids = recordsOf(items, 'connection').filter((item) => item.organizationId === organizationId).map((item) => String(item.taskManagementConnectionId));
          const expected = new Set([...(move.status === null ? [] : [active.getId()]), ...off.map((c) => c.getId()), holder.getId()]);
          expect(ids.sort()).to.deep.equal([...expected].sort());
        });
      }
    }
  }

  it(`through lost responses (every other write response lost): ${N} racing markActive on different disabled connections → exactly one lands and is the one stored active`, async function () {
    const table = await raceTable('races-active');
    const organizationId = randomUUID();
    const connections = await offConnections(table.da, organizationId, N);
    // A client per racer, so the winner's first write always loses its response; half of them
    // without SDK retries (the library retries, or settles by reading).
    const racers = connections.map((_, i) => table.injected({ seed: 17 + i, script: everyOtherResponseLost(20), sdkMaxAttempts: i % 2 === 0 ? 3 : 1 }));
    const results = await Promise.allSettled(connections.map(async (c, i) => (await copyIn(racers[i]!.da, c)).markActive()));
    const labels = results.map(outcomeOf);
    figures.record(`${GROUP}: markActive (lost responses)`, labels);
    figures.count(`${GROUP}: markActive (lost responses)`, 'lost responses injected', racers.reduce((n, r) => n + r.injector.counts.lostResponse, 0));
    expect(tally(labels)).to.deep.equal({ [ACTIVE_PROVIDER]: N - 1, ok: 1 });
    const index = results.findIndex((r) => r.status === 'fulfilled');
    expect(racers[index]!.injector.counts.lostResponse, 'the winner lost a response').to.be.at.least(1);
    await expectActive(table, organizationId, connections[index]!.getId());
  });
});
