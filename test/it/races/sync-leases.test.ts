/**
 * Sync leases (API.md, SyncOperation: "Workers die"): start() takes over an operation whose lease
 * ran out — failing it with ABANDONED in the same transaction — also when that transaction's
 * response is lost; a heartbeat racing takeovers either renews the lease first (then every
 * takeover is refused) or finds the operation taken over (then it fails with
 * ConcurrentModificationError and changes nothing): a late heartbeat of the dead worker never
 * wins after a takeover. isAbandoned() is the copy's view, start() decides from the stored item;
 * an operation stored before leases existed (no leaseExpiresAt) counts from its last write.
 */
import { expect } from 'chai';
import { DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { DataAccess, SyncOperation, TaskManagementConnection } from '../../../src/index.js';
import { jiraCloudConnectionInput, rawItemById, syncStartInput } from '../../support/entity-fixtures.js';
import { recordsOf } from './invariants.js';
import type { RaceTable } from './support.js';
import { expectOnly, Figures, fakeDate, outcomeOf, raceTable, settle, tally } from './support.js';

const figures = new Figures('sync leases: takeovers, heartbeats, abandoned operations');
const GROUP = 'sync leases';
const N = 20;
const LEASE = 60;
const ACTIVE_SYNC = 'ConflictError(active-sync)';

/** A connection with a running operation (begun, a cursor reported) on a lease of LEASE seconds. */
async function running(table: RaceTable): Promise<{ connection: TaskManagementConnection; op: SyncOperation }> {
  const connection = await table.da.TaskManagementConnection.create(jiraCloudConnectionInput());
  const op = await table.da.SyncOperation.start(syncStartInput(connection, { leaseSeconds: LEASE }));
  await op.begin();
  await op.reportProgress({ current: 1, total: 3, processed: 1, stage: 'fetching', cursor: 'page=2' });
  return { connection, op };
}

const storedOp = async (da: DataAccess, id: string) => (await da.SyncOperation.findById(id)) as SyncOperation;

/** The connection's operations in the scan, and the invariants (the active-sync guard held by the one active operation). */
async function opsInScan(table: RaceTable, connection: TaskManagementConnection) {
  const items = await table.check();
  return recordsOf(items, 'sync').filter((item) => item.taskManagementConnectionId === connection.getId());
}

/** After a takeover: the old operation failed once with ABANDONED, the new one is the only active one and carries its cursor. */
async function expectTakenOver(table: RaceTable, connection: TaskManagementConnection, old: SyncOperation, next: SyncOperation): Promise<void> {
  const ops = await opsInScan(table, connection);
  expect(ops, 'operations stored').to.have.length(2);
  const abandoned = await storedOp(table.da, old.getId());
  expect(abandoned.getStatus()).to.equal('failed');
  expect(abandoned.getErrorCode()).to.equal('ABANDONED');
  expect(next.getStatus()).to.equal('pending');
  expect(next.getResumeCursor()).to.equal(old.getResumeCursor());
  expect((await table.da.SyncOperation.findActiveByConnectionId(connection.getId()))?.getId()).to.equal(next.getId());
}

describe('races: sync leases — takeovers, heartbeats, abandoned operations (DynamoDB Local)', function () {
  this.timeout(60_000);
  figures.printAfter();
  const advance = fakeDate();

  for (const sdkMaxAttempts of [3, 1]) {
    it(`a takeover start() whose transaction loses its response (${sdkMaxAttempts === 1 ? 'the library retries or reads' : 'the SDK retries'}) resolves with the new operation; the old one failed once`, async function () {
      const table = await raceTable('races-leases');
      const { connection, op } = await running(table);
      advance(LEASE + 1);
      // The first transaction (the plain insert) is refused by the slot; the second is the takeover: its response is lost.
      const { da, injector } = table.injected({ seed: 31, sdkMaxAttempts, script: { TransactWriteItems: ['lostResponse', 'lostResponse', 'ok'] } });
      const next = await da.SyncOperation.start(syncStartInput(connection));
      expect(injector.counts.lostResponse, 'responses lost').to.equal(1);
      figures.count(`${GROUP}: takeover with a lost response`, 'lost responses', injector.counts.lostResponse);
      await expectTakenOver(table, connection, op, next);
      expect(outcomeOf(await settle(op.heartbeat())), 'the old worker’s late heartbeat').to.equal('ConcurrentModificationError');
    });
  }

  it(`${N} concurrent takeover start() calls, each through a client that loses responses → exactly one new operation, ${N - 1} ConflictError('active-sync')`, async function () {
    const table = await raceTable('races-leases');
    const { connection, op } = await running(table);
    advance(LEASE + 1);
    const racers = Array.from({ length: N }, (_, i) => table.injected({ seed: 40 + i, sdkMaxAttempts: i % 2 === 0 ? 3 : 1, script: { TransactWriteItems: ['lostResponse', 'lostResponse', 'lostResponse', 'ok'] } }));
    const results = await Promise.allSettled(racers.map(({ da }) => da.SyncOperation.start(syncStartInput(connection))));
    const labels = results.map(outcomeOf);
    figures.record(`${GROUP}: concurrent takeovers with lost responses`, labels);
    figures.count(`${GROUP}: concurrent takeovers with lost responses`, 'lost responses', racers.reduce((n, r) => n + r.injector.counts.lostResponse, 0));
    expect(tally(labels)).to.deep.equal({ [ACTIVE_SYNC]: N - 1, ok: 1 });
    const next = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []))[0] as SyncOperation;
    await expectTakenOver(table, connection, op, next);
  });

  for (const first of ['heartbeats', 'takeovers'] as const) {
    it(`heartbeat × takeover: ${N / 2} late heartbeats of the dead worker and ${N / 2} start() race (${first} sent first) → either the lease is renewed first and every takeover is refused, or one takeover lands and every heartbeat fails without a trace`, async function () {
      const table = await raceTable('races-leases');
      const { connection, op } = await running(table);
      advance(LEASE + 1);
      const before = await storedOp(table.da, op.getId());
      expect(before.isAbandoned()).to.equal(true);
      const copies = await Promise.all(Array.from({ length: N / 2 }, () => storedOp(table.other(), op.getId())));
      const beats = () => copies.map((copy) => settle(copy.heartbeat()));
      const starts = () => Array.from({ length: N / 2 }, () => settle(table.other().SyncOperation.start(syncStartInput(connection))));
      const sent = first === 'heartbeats' ? [...beats(), ...starts()] : [...starts(), ...beats()];
      const results = await Promise.all(sent);
      const beatResults = first === 'heartbeats' ? results.slice(0, N / 2) : results.slice(N / 2);
      const startResults = first === 'heartbeats' ? results.slice(N / 2) : results.slice(0, N / 2);
      const beatLabels = beatResults.map(outcomeOf);
      const startLabels = startResults.map(outcomeOf);
      figures.record(`${GROUP}: heartbeat × takeover`, [...beatLabels, ...startLabels]);
      expectOnly(startLabels, ['ok', ACTIVE_SYNC], 'starts');
      const started = startResults.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
      expect(started.length, startLabels.join(', ')).to.be.at.most(1);
      const stored = await storedOp(table.da, op.getId());
      if (started.length === 1) {
        // Taken over: no heartbeat landed — not before the takeover (it would have refused it), not after.
        expect(tally(beatLabels)).to.deep.equal({ ConcurrentModificationError: N / 2 });
        expect(stored.getLeaseExpiresAt(), 'the abandoned lease was not renewed').to.equal(before.getLeaseExpiresAt());
        await expectTakenOver(table, connection, op, started[0] as SyncOperation);
      } else {
        // Renewed first: every heartbeat lands (none is conditioned on another), every takeover is refused.
        expect(tally(beatLabels)).to.deep.equal({ ok: N / 2 });
        expect(stored.getStatus()).to.equal('in_progress');
        expect(stored.isAbandoned()).to.equal(false);
        expect(Date.parse(stored.getLeaseExpiresAt() as string)).to.be.greaterThan(Date.now());
        expect(outcomeOf(await settle(table.da.SyncOperation.start(syncStartInput(connection)))), 'a start while the renewed lease holds').to.equal(ACTIVE_SYNC);
        expect(await opsInScan(table, connection)).to.have.length(1);
      }
      // Either way, the dead worker's instance (read before the race) cannot win afterwards unless its operation is still running.
      const late = await settle(op.heartbeat());
      expect(outcomeOf(late)).to.equal(started.length === 1 ? 'ConcurrentModificationError' : 'ok');
      await table.check();
    });
  }

  it(`a late heartbeat never wins after a takeover: the ${N / 2} heartbeats of the dead worker are sent the moment a takeover committed, racing the other ${N / 2 - 1} start() → all ${N / 2} ConcurrentModificationError, the lease untouched`, async function () {
    const table = await raceTable('races-leases');
    const { connection, op } = await running(table);
    advance(LEASE + 1);
    const before = await storedOp(table.da, op.getId());
    const copies = await Promise.all(Array.from({ length: N / 2 }, () => storedOp(table.other(), op.getId())));
    let beats: Promise<PromiseSettledResult<SyncOperation>>[] = [];
    // Every start's plain insert is refused by the slot, and so is every takeover but one: the
    // first transaction that succeeds is the takeover. The heartbeats go out right after it
    // committed, before its caller has the response, while the other starts are still racing.
    const starter = table.observed((command) => {
      if (command === 'TransactWriteItems' && beats.length === 0) beats = copies.map((copy) => settle(copy.heartbeat()));
    });
    const startResults = await Promise.allSettled(Array.from({ length: N / 2 }, () => starter.SyncOperation.start(syncStartInput(connection))));
    const beatResults = await Promise.all(beats);
    const startLabels = startResults.map(outcomeOf);
    const beatLabels = beatResults.map(outcomeOf);
    figures.record(`${GROUP}: heartbeats after a takeover`, [...beatLabels, ...startLabels]);
    expect(tally(startLabels)).to.deep.equal({ [ACTIVE_SYNC]: N / 2 - 1, ok: 1 });
    expect(tally(beatLabels)).to.deep.equal({ ConcurrentModificationError: N / 2 });
    const stored = await storedOp(table.da, op.getId());
    expect(stored.getLeaseExpiresAt(), 'the abandoned lease was not renewed').to.equal(before.getLeaseExpiresAt());
    const next = startResults.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []))[0] as SyncOperation;
    await expectTakenOver(table, connection, op, next);
    expect(outcomeOf(await settle(op.heartbeat())), 'the dead worker’s own instance').to.equal('ConcurrentModificationError');
  });

  describe('isAbandoned()', function () {
    it('is true exactly while the operation is active and its lease has run out; a terminal operation never is', async function () {
      const table = await raceTable('races-leases');
      const connection = await table.da.TaskManagementConnection.create(jiraCloudConnectionInput());
      const op = await table.da.SyncOperation.start(syncStartInput(connection, { leaseSeconds: LEASE }));
      const expiry = (o: SyncOperation) => Date.parse(o.getLeaseExpiresAt() as string);
      // A pending operation's lease starts at start().
      expect(op.isAbandoned()).to.equal(false);
      expect(op.isAbandoned(expiry(op) - 1)).to.equal(false);
      expect(op.isAbandoned(expiry(op))).to.equal(true);
      await op.begin();
      const begun = expiry(op);
      advance(10);
      await op.heartbeat();
      expect(expiry(op)).to.be.greaterThan(begun);
      expect(op.isAbandoned(begun)).to.equal(false);
      expect(op.isAbandoned(expiry(op))).to.equal(true);
      await op.complete({ created: 0, updated: 0, skipped: 0, failed: 0 });
      expect(op.isAbandoned(expiry(op) + 86_400_000)).to.equal(false);
    });

    it('is the copy’s view: a copy read before a heartbeat still says abandoned, but start() decides from the stored lease (ConflictError active-sync)', async function () {
      const table = await raceTable('races-leases');
      const { connection, op } = await running(table);
      advance(LEASE + 1);
      const stale = await storedOp(table.other(), op.getId());
      expect(stale.isAbandoned()).to.equal(true);
      await op.heartbeat();
      expect(stale.isAbandoned()).to.equal(true);
      expect((await storedOp(table.da, op.getId())).isAbandoned()).to.equal(false);
      expect(outcomeOf(await settle(table.da.SyncOperation.start(syncStartInput(connection))))).to.equal(ACTIVE_SYNC);
      expect((await storedOp(table.da, op.getId())).getStatus()).to.equal('in_progress');
      await table.check();
    });
  });

  describe('an operation stored before leases existed (no leaseExpiresAt, no leaseSeconds)', function () {
    /** Removes the lease attributes behind the library's back and sets updatedAt `secondsAgo` in the past. */
    async function withoutLease(table: RaceTable, op: SyncOperation, secondsAgo: number): Promise<SyncOperation> {
      const raw = await rawItemById(table.client, table.tableName, 'syncOperationId', op.getId());
      await DynamoDBDocumentClient.from(table.client).send(
        new UpdateCommand({
          TableName: table.tableName,
          Key: { pk: raw?.pk, sk: raw?.sk },
          UpdateExpression: 'REMOVE leaseExpiresAt, leaseSeconds SET updatedAt = :at',
          ExpressionAttributeValues: { ':at': new Date(Date.now() - secondsAgo * 1000).toISOString() },
        }),
      );
      const stored = await storedOp(table.da, op.getId());
      expect(stored.getLeaseExpiresAt()).to.equal(null);
      return stored;
    }

    it(`counts from its last write (default lease 900 s): an old one is abandoned and ${N} concurrent start() take it over exactly once; its worker's late writes fail`, async function () {
      const table = await raceTable('races-leases');
      const { connection, op } = await running(table);
      const old = await withoutLease(table, op, 901);
      expect(old.isAbandoned()).to.equal(true);
      const results = await Promise.allSettled(Array.from({ length: N }, () => table.other().SyncOperation.start(syncStartInput(connection))));
      const labels = results.map(outcomeOf);
      figures.record(`${GROUP}: takeover of an operation without a lease`, labels);
      expect(tally(labels)).to.deep.equal({ [ACTIVE_SYNC]: N - 1, ok: 1 });
      const next = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []))[0] as SyncOperation;
      await expectTakenOver(table, connection, old, next);
      for (const late of [() => old.heartbeat(), () => old.reportProgress({ current: 2, total: 3, processed: 2, stage: 'fetching' }), () => old.complete({ created: 0, updated: 0, skipped: 0, failed: 0 })]) {
        expect(outcomeOf(await settle(late()))).to.equal('ConcurrentModificationError');
      }
    });

    it('a recent one is not abandoned: start() is ConflictError(active-sync); its heartbeat gives it a lease again', async function () {
      const table = await raceTable('races-leases');
      const { connection, op } = await running(table);
      const recent = await withoutLease(table, op, 10);
      expect(recent.isAbandoned()).to.equal(false);
      const results = await Promise.allSettled(Array.from({ length: N }, () => table.other().SyncOperation.start(syncStartInput(connection))));
      expect(tally(results.map(outcomeOf))).to.deep.equal({ [ACTIVE_SYNC]: N });
      await recent.heartbeat();
      const stored = await storedOp(table.da, op.getId());
      expect(stored.getLeaseExpiresAt()).to.be.a('string');
      expect(Date.parse(stored.getLeaseExpiresAt() as string)).to.be.greaterThan(Date.now());
      expect(stored.getStatus()).to.equal('in_progress');
      await table.check();
    });
  });
});
