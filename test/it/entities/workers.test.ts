/**
 * What sync and webhook workers need (issue 13), on DynamoDB Local: leases and the takeover of an
 * abandoned sync, resume cursors, forward-only watermarks, ordered external status updates,
 * connection checks with an atomic failure counter, the poller's index and allByTicketIds.
 */
import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import fc from 'fast-check';
import sinon from 'sinon';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ConcurrentModificationError, ConflictError, NotFoundError, ValidationError } from '../../../src/index.js';
import type { DataAccess, SyncOperation, TaskManagementConnection, Ticket } from '../../../src/index.js';
import {
  fulfilledOf,
  freshDataAccess,
  guardsOf,
  itemsOfEntity,
  jiraCloudConnectionInput,
  raceAll,
  rejectedOf,
  rejectionOf,
  syncStartInput,
  suggestionLinks,
  ticketInput,
} from '../../support/entity-fixtures.js';
import { scanAll } from '../../support/local-store.js';

const LEASE = 60;

describe('workers (DynamoDB Local): leases, watermarks, ordered updates, checks', function () {
  let da: DataAccess;
  let client: DynamoDBClient;
  let tableName: string;
  let clock: sinon.SinonFakeTimers | undefined;

  before(async function () {
    ({ da, client, tableName } = await freshDataAccess('workers'));
  });

  afterEach(function () {
    clock?.restore();
    clock = undefined;
  });

  /** Moves `Date` forward (the SDK signs requests with it: stay within its skew window). */
  function advance(seconds: number): void {
    clock ??= sinon.useFakeTimers({ now: Date.now(), toFake: ['Date'], shouldAdvanceTime: true });
    clock.tick(seconds * 1000);
  }

  const connection = () => da.TaskManagementConnection.create(jiraCloudConnectionInput());
  const stored = async (op: SyncOperation) => (await da.SyncOperation.findById(op.getId()))!;

  describe('sync leases', function () {
    it('begin starts the lease, heartbeat and reportProgress renew it, and the cursor is kept', async function () {
      const conn = await connection();
      const op = await da.SyncOperation.start(syncStartInput(conn, { leaseSeconds: LEASE }));
      expect(op.getLeaseSeconds()).to.equal(LEASE);
      expect(op.getLeaseExpiresAt()).to.be.a('string');
      await op.begin();
      const begun = Date.parse(op.getLeaseExpiresAt()!);
      expect(begun).to.be.within(Date.now() + (LEASE - 5) * 1000, Date.now() + LEASE * 1000 + 1000);
      advance(10);
      await op.heartbeat();
      expect(Date.parse(op.getLeaseExpiresAt()!)).to.be.greaterThan(begun);
      await op.reportProgress({ current: 1, total: 4, processed: 1, stage: 'fetching', cursor: 'page=2' });
      expect(op.getResumeCursor()).to.equal('page=2');
      expect((await stored(op)).getResumeCursor()).to.equal('page=2');
      expect(op.isAbandoned()).to.equal(false);
      await op.complete({ created: 0, updated: 1, skipped: 0, failed: 0 });
    });

    it('start() on a connection whose active sync let its lease run out fails it (ABANDONED) and starts the new one with its cursor, in one write', async function () {
      const conn = await connection();
      const old = await da.SyncOperation.start(syncStartInput(conn, { leaseSeconds: LEASE }));
      await old.begin();
      await old.reportProgress({ current: 2, total: 9, processed: 2, stage: 'updating', cursor: 'issue=ASO-2' });
      expect(await rejectionOf(da.SyncOperation.start(syncStartInput(conn)))).to.be.instanceOf(ConflictError).and.have.property('constraint', 'active-sync');
      advance(LEASE + 1);
      const next = await da.SyncOperation.start(syncStartInput(conn));
      expect(next.getStatus()).to.equal('pending');
      expect(next.getResumeCursor()).to.equal('issue=ASO-2');
      const abandoned = await stored(old);
      expect(abandoned.getStatus()).to.equal('failed');
      expect(abandoned.getErrorCode()).to.equal('ABANDONED');
      expect((await da.SyncOperation.findActiveByConnectionId(conn.getId()))?.getId()).to.equal(next.getId());
      const guards = guardsOf(await scanAll(client, tableName), 'active-sync').filter((g) => String(g.pk).includes(conn.getId()));
      expect(guards.map((g) => g.ownerId)).to.deep.equal([next.getId()]);

      // The abandoned worker's late writes fail and change nothing.
      const before = JSON.stringify(abandoned.toJSON());
      expect(await rejectionOf(old.heartbeat())).to.be.instanceOf(ConcurrentModificationError);
      expect(await rejectionOf(old.reportProgress({ current: 3, total: 9, processed: 3, stage: 'updating' }))).to.be.instanceOf(ConcurrentModificationError);
      expect(await rejectionOf(old.complete({ created: 1, updated: 1, skipped: 0, failed: 0 }, { watermarks: { issues: new Date().toISOString() } }))).to.be.instanceOf(ConcurrentModificationError);
      expect(JSON.stringify((await stored(old)).toJSON())).to.equal(before);
      expect((await da.TaskManagementConnection.findById(conn.getId()))?.getSyncWatermark('issues')).to.equal(null);
    });

    it('a pending sync nobody begins is abandoned too, once its lease ran out', async function () {
      const conn = await connection();
      const pending = await da.SyncOperation.start(syncStartInput(conn, { leaseSeconds: LEASE }));
      advance(LEASE + 1);
      const next = await da.SyncOperation.start(syncStartInput(conn));
      expect((await stored(pending)).getErrorCode()).to.equal('ABANDONED');
      expect(next.getResumeCursor()).to.equal(null);
    });

    it('20 concurrent start() on an abandoned sync: exactly one new operation, the old one failed once', async function () {
      const conn = await connection();
      const old = await da.SyncOperation.start(syncStartInput(conn, { leaseSeconds: LEASE }));
      await old.begin();
      advance(LEASE + 1);
      const results = await raceAll(20, () => da.SyncOperation.start(syncStartInput(conn)));
      const started = fulfilledOf(results);
      expect(started).to.have.length(1);
      for (const error of rejectedOf(results)) expect(error).to.be.instanceOf(ConflictError).and.have.property('constraint', 'active-sync');
      const ops = await da.SyncOperation.allByTaskManagementConnectionId(conn.getId());
      expect(ops).to.have.length(2);
      expect(ops.filter((op) => op.getErrorCode() === 'ABANDONED').map((op) => op.getId())).to.deep.equal([old.getId()]);
      expect(ops.filter((op) => op.isActive()).map((op) => op.getId())).to.deep.equal([started[0]!.getId()]);
    });

    it('heartbeat × takeover: a worker that renews in time keeps its sync; one that renews too late loses it', async function () {
      const conn = await connection();
      const op = await da.SyncOperation.start(syncStartInput(conn, { leaseSeconds: LEASE }));
      await op.begin();
      advance(LEASE - 10);
      const [beat, start] = await Promise.allSettled([op.heartbeat(), da.SyncOperation.start(syncStartInput(conn))]);
      expect(beat.status).to.equal('fulfilled');
      expect(start.status).to.equal('rejected');
      advance(LEASE + 1);
      const race = await Promise.allSettled([op.heartbeat(), da.SyncOperation.start(syncStartInput(conn))]);
      // Whichever lands first decides: a renewed lease refuses the takeover, a takeover refuses the heartbeat.
      expect(race.filter((r) => r.status === 'fulfilled')).to.have.length(1);
      const active = await da.SyncOperation.findActiveByConnectionId(conn.getId());
      if (race[0].status === 'fulfilled') expect(active?.getId()).to.equal(op.getId());
      else expect(race[0].reason).to.be.instanceOf(ConcurrentModificationError);
    });

    it('leaseSeconds is checked: 60–86400', async function () {
      const conn = await connection();
      for (const leaseSeconds of [59, 86_401, 1.5, '900']) {
        expect(await rejectionOf(da.SyncOperation.start(syncStartInput(conn, { leaseSeconds })))).to.be.instanceOf(ValidationError);
      }
      expect(await da.SyncOperation.findActiveByConnectionId(conn.getId())).to.equal(null);
    });
  });

  describe('watermarks', function () {
    async function completeWith(conn: TaskManagementConnection, watermarks: Record<string, string>) {
      const op = await da.SyncOperation.start(syncStartInput(conn));
      await op.begin();
      return op.complete({ created: 0, updated: 0, skipped: 0, failed: 0 }, { watermarks });
    }
    const fresh = async (conn: TaskManagementConnection) => (await da.TaskManagementConnection.findById(conn.getId()))!;

    it('a completed sync advances them in the same write, forward only; failed and cancelled syncs move none', async function () {
      const conn = await connection();
      expect(conn.getSyncWatermark('issues')).to.equal(null);
      await completeWith(conn, { issues: '2026-01-02T00:00:00.000Z', comments: '2026-01-01T00:00:00Z' });
      expect((await fresh(conn)).getSyncWatermark('issues')).to.equal('2026-01-02T00:00:00.000Z');
      expect((await fresh(conn)).getSyncWatermark('comments')).to.equal('2026-01-01T00:00:00.000Z');
      // An older issues watermark is left out; a newer comments one goes in.
      await completeWith(conn, { issues: '2026-01-01T00:00:00.000Z', comments: '2026-01-05T00:00:00.000Z', worklogs: '2026-01-03T00:00:00.000Z' });
      const after = await fresh(conn);
      expect(after.getSyncWatermark('issues')).to.equal('2026-01-02T00:00:00.000Z');
      expect(after.getSyncWatermark('comments')).to.equal('2026-01-05T00:00:00.000Z');
      expect(after.getSyncWatermark('worklogs')).to.equal('2026-01-03T00:00:00.000Z');
      const failed = await da.SyncOperation.start(syncStartInput(conn));
      await failed.fail('rate limited', 'RATE_LIMIT');
      const cancelled = await da.SyncOperation.start(syncStartInput(conn));
      await cancelled.cancel();
      expect((await fresh(conn)).getSyncWatermarks()).to.deep.equal(after.getSyncWatermarks());
    });

    it('a connection stored before watermarks existed gets its first ones (no map yet)', async function () {
      const conn = await connection();
      await DynamoDBDocumentClient.from(client).send(
        new UpdateCommand({
          TableName: tableName,
          Key: { pk: `$taskmanagement#taskManagementConnectionId_${conn.getId()}`, sk: '$taskmanagementconnection_1' },
          UpdateExpression: 'REMOVE syncWatermarks',
        }),
      );
      await completeWith(conn, { issues: '2026-02-01T00:00:00.000Z' });
      expect((await fresh(conn)).getSyncWatermark('issues')).to.equal('2026-02-01T00:00:00.000Z');
    });

    it('20 syncs racing to complete with shuffled watermarks end with the newest', async function () {
      const conn = await connection();
      const times = Array.from({ length: 20 }, (_, i) => new Date(Date.UTC(2026, 2, 1 + i)).toISOString());
      // One running operation at a time per connection: 20 connections' worth would not race; complete one op 20 times cannot either —
      // so 20 copies of one running operation race, each carrying another watermark: exactly one completes.
      const op = await da.SyncOperation.start(syncStartInput(conn));
      await op.begin();
      const copies = await Promise.all(times.map(() => stored(op)));
      const results = await Promise.allSettled(copies.map((copy, i) => copy.complete({ created: 0, updated: 0, skipped: 0, failed: 0 }, { watermarks: { issues: times[(i * 7) % 20]! } })));
      expect(results.filter((r) => r.status === 'fulfilled')).to.have.length(1);
      // Then 20 sequential syncs in an order shuffled by fast-check (fixed seed: a failure prints
      // the seed and the order, and replays): the stored watermark only ever moves forward.
      await fc.assert(
        fc.asyncProperty(fc.shuffledSubarray(times, { minLength: times.length, maxLength: times.length }), async (order) => {
          let newest = (await fresh(conn)).getSyncWatermark('issues')!;
          for (const at of order) {
            await completeWith(conn, { issues: at });
            newest = at > newest ? at : newest;
            expect((await fresh(conn)).getSyncWatermark('issues'), `after ${at} in the order ${order.join(', ')}`).to.equal(newest);
          }
        }),
        { seed: 1390, numRuns: 2 },
      );
    });

    it('bad watermarks are a ValidationError and nothing is written', async function () {
      const conn = await connection();
      const op = await da.SyncOperation.start(syncStartInput(conn));
      await op.begin();
      for (const watermarks of [{ issues: 'yesterday' }, { 'Bad Name': '2026-01-01T00:00:00.000Z' }, [], { x: 5 }]) {
        expect(await rejectionOf(op.complete({ created: 0, updated: 0, skipped: 0, failed: 0 }, { watermarks: watermarks as never }))).to.be.instanceOf(ValidationError);
      }
      expect((await stored(op)).getStatus()).to.equal('in_progress');
      expect(() => conn.getSyncWatermark('Bad Name')).to.throw(ValidationError);
    });
  });

  describe('ordered external status updates', function () {
    async function ticketOn(conn: TaskManagementConnection): Promise<Ticket> {
      return (await da.Ticket.createWithSuggestions(ticketInput(conn), suggestionLinks(1))).ticket;
    }

    it('applies a newer update, calls an older or equal one stale, and finds no ticket for an unknown id', async function () {
      const conn = await connection();
      const ticket = await ticketOn(conn);
      const id = ticket.getExternalTicketId();
      const first = await da.Ticket.applyExternalUpdate(conn.getId(), id, { status: 'In Progress', sourceUpdatedAt: '2026-03-01T10:00:00+01:00' });
      expect(first.outcome).to.equal('applied');
      expect(first.ticket.getTicketStatus()).to.equal('In Progress');
      expect(first.ticket.getSourceUpdatedAt()).to.equal('2026-03-01T09:00:00.000Z');
      expect(first.ticket.getStatusSyncedAt()).to.be.a('string');
      const older = await da.Ticket.applyExternalUpdate(conn.getId(), id, { status: 'To Do', sourceUpdatedAt: '2026-03-01T08:59:59.999Z' });
      expect(older.outcome).to.equal('stale');
      expect(older.ticket.getTicketStatus()).to.equal('In Progress');
      const equal = await da.Ticket.applyExternalUpdate(conn.getId(), id, { status: 'Done', sourceUpdatedAt: '2026-03-01T09:00:00Z' });
      expect(equal.outcome).to.equal('stale');
      expect((await da.Ticket.findById(ticket.getId()))?.getTicketStatus()).to.equal('In Progress');
      expect(await rejectionOf(da.Ticket.applyExternalUpdate(conn.getId(), 'nope', { status: 'Done', sourceUpdatedAt: '2026-03-02T00:00:00Z' }))).to.be.instanceOf(NotFoundError);
      expect(await rejectionOf(da.Ticket.applyExternalUpdate(randomUUID(), id, { status: 'Done', sourceUpdatedAt: '2026-03-02T00:00:00Z' }))).to.be.instanceOf(NotFoundError);
      for (const update of [{ status: '', sourceUpdatedAt: '2026-03-02T00:00:00Z' }, { status: 'x', sourceUpdatedAt: 'soon' }, { status: 'x' }, null, { status: 'x', sourceUpdatedAt: '2026-02-30T00:00:00Z' }]) {
        expect(await rejectionOf(da.Ticket.applyExternalUpdate(conn.getId(), id, update as never))).to.be.instanceOf(ValidationError);
      }
      // An id no ticket can have (not well-formed text) is refused like the schema refuses it: before any request.
      const malformed = await rejectionOf(da.Ticket.applyExternalUpdate(conn.getId(), `${id}\uD800`, { status: 'Done', sourceUpdatedAt: '2026-03-02T00:00:00Z' }));
      expect(malformed).to.be.instanceOf(ValidationError);
      expect((malformed as ValidationError).issues.map((issue) => issue.path)).to.deep.equal(['externalTicketId']);
    });

    it('20 concurrent updates with shuffled times end with the newest, in every permutation tried (fast-check)', async function () {
      const conn = await connection();
      const tickets = await Promise.all(Array.from({ length: 4 }, () => ticketOn(conn)));
      let run = 0;
      await fc.assert(
        fc.asyncProperty(fc.shuffledSubarray(Array.from({ length: 20 }, (_, i) => i), { minLength: 20, maxLength: 20 }), async (order) => {
          const ticket = tickets[run % tickets.length]!;
          const base = Date.UTC(2027, 0, 1) + run * 1_000_000;
          run += 1;
          const results = await Promise.all(
            order.map((i) => da.Ticket.applyExternalUpdate(conn.getId(), ticket.getExternalTicketId(), { status: `s${i}`, sourceUpdatedAt: new Date(base + i * 1000).toISOString() })),
          );
          const storedTicket = (await da.Ticket.findById(ticket.getId()))!;
          expect(storedTicket.getTicketStatus()).to.equal('s19');
          expect(storedTicket.getSourceUpdatedAt()).to.equal(new Date(base + 19_000).toISOString());
          expect(results.filter((r) => r.outcome === 'applied').length).to.be.at.least(1);
        }),
        { seed: 1313, numRuns: 8 },
      );
    });

    it('applyExternalUpdates: an input without a text id is failed under \'\', never under its index, which another input’s ticket may have', async function () {
      const conn = await connection();
      const zero = (await da.Ticket.createWithSuggestions(ticketInput(conn, { externalTicketId: '0' }), suggestionLinks(1))).ticket;
      const sourceUpdatedAt = new Date(Date.UTC(2026, 5, 1)).toISOString();
      const result = await da.Ticket.applyExternalUpdates(conn.getId(), [
        { externalTicketId: 5, status: 'Done', sourceUpdatedAt } as never,
        { externalTicketId: zero.getExternalTicketId(), status: 'Done', sourceUpdatedAt },
      ]);
      expect(result.applied).to.deep.equal(['0']);
      expect(result.failed.map((f) => f.externalTicketId)).to.deep.equal(['']);
      expect((result.failed[0]?.error as ValidationError).issues.map((issue) => issue.path)).to.deep.equal(['updates[0].externalTicketId']);
    });

    it('applyExternalUpdates puts every input in exactly one list', async function () {
      const conn = await connection();
      const [a, b] = [await ticketOn(conn), await ticketOn(conn)];
      const t = (minutes: number) => new Date(Date.UTC(2026, 4, 1, 0, minutes)).toISOString();
      await da.Ticket.applyExternalUpdate(conn.getId(), b.getExternalTicketId(), { status: 'Done', sourceUpdatedAt: t(30) });
      const result = await da.Ticket.applyExternalUpdates(conn.getId(), [
        { externalTicketId: a.getExternalTicketId(), status: 'Later', sourceUpdatedAt: t(20) },
        { externalTicketId: a.getExternalTicketId(), status: 'Earlier', sourceUpdatedAt: t(10) },
        { externalTicketId: b.getExternalTicketId(), status: 'Old', sourceUpdatedAt: t(5) },
        { externalTicketId: 'missing', status: 'x', sourceUpdatedAt: t(1) },
        { externalTicketId: 'bad', status: '', sourceUpdatedAt: t(1) },
        { externalTicketId: 'not-text-\uDC00', status: 'x', sourceUpdatedAt: t(1) },
      ]);
      expect(result.applied.sort()).to.deep.equal([a.getExternalTicketId(), a.getExternalTicketId()].sort());
      expect(result.stale).to.deep.equal([b.getExternalTicketId()]);
      expect(result.notFound).to.deep.equal(['missing']);
      expect(result.failed.map((f) => f.externalTicketId)).to.deep.equal(['bad', 'not-text-\uDC00']);
      expect(result.failed.every((f) => f.error instanceof ValidationError)).to.equal(true);
      expect((await da.Ticket.findById(a.getId()))?.getTicketStatus()).to.equal('Later');
      expect(await rejectionOf(da.Ticket.applyExternalUpdates(conn.getId(), 'no' as never))).to.be.instanceOf(ValidationError);
    });

    it('allByStatusSyncedBefore: never synced first, then oldest first, only before the given time, with a limit', async function () {
      const conn = await connection();
      const [never, old, recent] = [await ticketOn(conn), await ticketOn(conn), await ticketOn(conn)];
      await old.recordStatusSync('A');
      advance(5);
      await recent.recordStatusSync('B');
      const cutoff = new Date(Date.now() + 1000).toISOString();
      const due = await da.Ticket.allByStatusSyncedBefore(conn.getId(), cutoff);
      expect(due.map((t) => t.getId())).to.deep.equal([never.getId(), old.getId(), recent.getId()]);
      expect((await da.Ticket.allByStatusSyncedBefore(conn.getId(), recent.getStatusSyncedAt()!)).map((t) => t.getId())).to.deep.equal([never.getId(), old.getId()]);
      expect((await da.Ticket.allByStatusSyncedBefore(conn.getId(), cutoff, { limit: 1 })).map((t) => t.getId())).to.deep.equal([never.getId()]);
      expect(await rejectionOf(da.Ticket.allByStatusSyncedBefore(conn.getId(), 'later'))).to.be.instanceOf(ValidationError);
      expect(await rejectionOf(da.Ticket.allByStatusSyncedBefore(conn.getId(), cutoff, { order: 'desc' }))).to.be.instanceOf(ValidationError);
    });

    it('allByTicketIds: the links of any number of tickets', async function () {
      const conn = await connection();
      const made = await Promise.all(Array.from({ length: 5 }, () => da.Ticket.createWithSuggestions(ticketInput(conn), suggestionLinks(2))));
      const ids = made.map((m) => m.ticket.getId());
      const links = await da.TicketSuggestion.allByTicketIds([...ids, ids[0]!.toUpperCase()]);
      expect(links.map((l) => l.getId()).sort()).to.deep.equal(made.flatMap((m) => m.links.map((l) => l.getId())).sort());
      expect(await da.TicketSuggestion.allByTicketIds([])).to.deep.equal([]);
      expect(await rejectionOf(da.TicketSuggestion.allByTicketIds(['nope']))).to.be.instanceOf(ValidationError);
    });
  });

  describe('connection checks', function () {
    it('failures count atomically and move the connection to error at the threshold; a success resets them', async function () {
      const conn = await connection();
      await conn.recordCheck({ ok: false, errorCode: 'PROVIDER_UNAVAILABLE', message: 'Jira returned 503' });
      expect(conn.getConsecutiveFailures()).to.equal(1);
      expect(conn.getStatus()).to.equal('active');
      expect(conn.getLastErrorCode()).to.equal('PROVIDER_UNAVAILABLE');
      await conn.recordCheck({ ok: true });
      expect(conn.getConsecutiveFailures()).to.equal(0);
      expect(conn.getLastErrorCode()).to.equal(undefined);
      expect(conn.getLastVerifiedAt()).to.be.a('string');
      for (let i = 0; i < 3; i += 1) await conn.recordCheck({ ok: false, errorCode: 'NETWORK', message: 'timeout' });
      expect(conn.getStatus()).to.equal('error');
      expect(conn.getConsecutiveFailures()).to.equal(3);
      const storedConn = (await da.TaskManagementConnection.findById(conn.getId()))!;
      expect(storedConn.toJSON()).to.deep.equal(conn.toJSON());
      // No active-provider guard is left once it is not active.
      const guards = guardsOf(await scanAll(client, tableName), 'active-provider').filter((g) => g.ownerId === conn.getId());
      expect(guards).to.deep.equal([]);
    });

    it('AUTH_EXPIRED / AUTH_REVOKED move an active connection to requires_reauth at once; markActive({ reauthorizedBy }) restamps connectedAt', async function () {
      const conn = await connection();
      const connectedAt = conn.getConnectedAt();
      await conn.recordCheck({ ok: false, errorCode: 'AUTH_REVOKED', message: 'invalid_grant' });
      expect(conn.getStatus()).to.equal('requires_reauth');
      advance(2);
      await conn.markActive({ reauthorizedBy: 'admin@acme.example' });
      expect(conn.getStatus()).to.equal('active');
      expect(conn.getReauthorizedBy()).to.equal('admin@acme.example');
      expect(conn.getConnectedAt() > connectedAt).to.equal(true);
      expect(conn.getConsecutiveFailures()).to.equal(0);
      expect(await rejectionOf(conn.recordCheck({ ok: false, errorCode: 'ABANDONED' as never, message: 'x' }))).to.be.instanceOf(ValidationError);
      expect(await rejectionOf(conn.recordCheck({ ok: false, errorCode: 'NETWORK', message: 'x' }, { failureThreshold: 0 }))).to.be.instanceOf(ValidationError);
      expect(await rejectionOf(conn.markActive({ reauthorizedBy: '' }))).to.be.instanceOf(ValidationError);
    });

    it('a check on a copy read before another check is decided from the stored record: a success resets, a failure records its code', async function () {
      const conn = await connection();
      const stale = (await da.TaskManagementConnection.findById(conn.getId()))!;
      await conn.recordCheck({ ok: false, errorCode: 'NETWORK', message: 'timeout' });
      // The stale copy still holds 0 failures and no error code: what it sets must be written all the same.
      await stale.recordCheck({ ok: true });
      let stored = (await da.TaskManagementConnection.findById(conn.getId()))!;
      expect(stored.getConsecutiveFailures()).to.equal(0);
      expect(stored.getLastErrorCode()).to.equal(undefined);
      expect(stale.toJSON()).to.deep.equal(stored.toJSON());

      // The other way round: the copy holds NETWORK/'timeout' from its own failure, a success
      // elsewhere cleared them; its next identical failure must record them again.
      await conn.recordCheck({ ok: true });
      const failing = (await da.TaskManagementConnection.findById(conn.getId()))!;
      await failing.recordCheck({ ok: false, errorCode: 'NETWORK', message: 'timeout' });
      await conn.recordCheck({ ok: true });
      await failing.recordCheck({ ok: false, errorCode: 'NETWORK', message: 'timeout' });
      stored = (await da.TaskManagementConnection.findById(conn.getId()))!;
      expect(stored.getConsecutiveFailures()).to.equal(1);
      expect(stored.getLastErrorCode()).to.equal('NETWORK');
      expect(stored.toJSON().errorMessage).to.equal('timeout');
      expect(failing.toJSON()).to.deep.equal(stored.toJSON());
    });

    it('20 rounds of a success and a failure racing on two copies: the stored record is one of the two outcomes, never a mix', async function () {
      for (let round = 0; round < 20; round += 1) {
        const conn = await connection();
        await conn.recordCheck({ ok: false, errorCode: 'PROVIDER_UNAVAILABLE', message: 'Jira returned 503' });
        const [okCopy, failCopy] = await Promise.all([da.TaskManagementConnection.findById(conn.getId()), da.TaskManagementConnection.findById(conn.getId())]);
        await Promise.all([okCopy!.recordCheck({ ok: true }), failCopy!.recordCheck({ ok: false, errorCode: 'NETWORK', message: 'timeout' })]);
        const stored = (await da.TaskManagementConnection.findById(conn.getId()))!;
        // Success last: 0 and no code. Failure last: the success's 0 + 1, with the failure's code.
        const outcome = [stored.getConsecutiveFailures(), stored.getLastErrorCode() ?? null];
        expect([JSON.stringify([0, null]), JSON.stringify([1, 'NETWORK'])], `round ${round}`).to.include(JSON.stringify(outcome));
      }
    });

    it('20 concurrent failing checks on copies: consecutiveFailures = 20 and one move to error', async function () {
      const conn = await connection();
      const copies = await Promise.all(Array.from({ length: 20 }, async () => (await da.TaskManagementConnection.findById(conn.getId()))!));
      let statusWrites = 0;
      client.middlewareStack.add(
        (next) => async (args) => {
          const output = await next(args);
          const input = args.input as { UpdateExpression?: string; ExpressionAttributeValues?: Record<string, unknown>; TransactItems?: { Update?: { ExpressionAttributeValues?: Record<string, unknown> } }[] };
          const values = [input.ExpressionAttributeValues, ...(input.TransactItems ?? []).map((item) => item.Update?.ExpressionAttributeValues)];
          if (values.some((v) => v && Object.values(v).includes('error'))) statusWrites += 1;
          return output;
        },
        { step: 'initialize', name: 'count-moves' },
      );
      try {
        await Promise.all(copies.map((copy) => copy.recordCheck({ ok: false, errorCode: 'NETWORK', message: 'timeout' }, { failureThreshold: 5 })));
      } finally {
        client.middlewareStack.remove('count-moves');
      }
      const final = (await da.TaskManagementConnection.findById(conn.getId()))!;
      expect(final.getConsecutiveFailures()).to.equal(20);
      expect(final.getStatus()).to.equal('error');
      expect(statusWrites).to.equal(1);
      expect(itemsOfEntity(await scanAll(client, tableName), 'TaskManagementConnection').filter((c) => c.taskManagementConnectionId === conn.getId())).to.have.length(1);
    });
  });
});
