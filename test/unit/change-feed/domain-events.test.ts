/**
 * Every domain event parseStreamRecord emits, and when it does not: status changes of connections,
 * tickets and syncs (from null on creation, to null on removal, only real transitions on update)
 * and the outcomes of a sync (completed, failed, abandoned, cancelled).
 */
import { expect } from 'chai';
import type { ChangeEntityName, DomainEvent } from '../../../src/index.js';
import { parseStreamRecord } from '../../../src/index.js';
import type { Item } from '../../fixtures/stream-records/builders.js';
import { IDS, LATER, recordOf, RECORDS, streamOf, updated } from '../../fixtures/stream-records/builders.js';

function domainOf(record: unknown): DomainEvent[] {
  const event = parseStreamRecord(record);
  expect(event).to.not.equal(null);
  return event!.domain;
}

const modify = (entity: ChangeEntityName, before: Item, changes: Item) => domainOf(streamOf.modify(entity, before, updated(before, changes)));

const connection = (from: string | null, to: string | null) => ({ type: 'connection.status_changed', taskManagementConnectionId: IDS.connectionId, from, to });
const ticket = (from: string | null, to: string | null) => ({ type: 'ticket.status_changed', ticketId: IDS.ticketId, taskManagementConnectionId: IDS.connectionId, from, to });
const ids = { syncOperationId: IDS.syncId, taskManagementConnectionId: IDS.connectionId };
const sync = (from: string | null, to: string | null) => ({ type: 'sync.status_changed', ...ids, from, to });

describe('change-feed: domain events', function () {
  describe('connection.status_changed', function () {
    it('created → from null to its status (a consumer counting active connections sees it)', function () {
      expect(domainOf(streamOf.insert('TaskManagementConnection', RECORDS.TaskManagementConnection))).to.deep.equal([connection(null, 'active')]);
      const disabled = recordOf('TaskManagementConnection', { status: 'disabled' });
      expect(domainOf(streamOf.insert('TaskManagementConnection', disabled))).to.deep.equal([connection(null, 'disabled')]);
    });

    const moves: [string, string][] = [
      ['active', 'requires_reauth'],
      ['active', 'disabled'],
      ['active', 'error'],
      ['error', 'active'],
      ['requires_reauth', 'active'],
      ['disabled', 'disconnected'],
    ];
    for (const [from, to] of moves) {
      it(`updated ${from} → ${to}`, function () {
        expect(modify('TaskManagementConnection', recordOf('TaskManagementConnection', { status: from }), { status: to })).to.deep.equal([connection(from, to)]);
      });
    }

    it('no event when the status stays (touch, a renamed connection, a failed check below the threshold)', function () {
      const before = recordOf('TaskManagementConnection');
      expect(modify('TaskManagementConnection', before, { lastUsedAt: LATER })).to.deep.equal([]);
      expect(modify('TaskManagementConnection', before, { displayName: 'Renamed', errorMessage: 'timeout' })).to.deep.equal([]);
    });

    it('removed → from its status to null', function () {
      const before = recordOf('TaskManagementConnection', { status: 'requires_reauth' });
      expect(domainOf(streamOf.remove('TaskManagementConnection', before))).to.deep.equal([connection('requires_reauth', null)]);
    });
  });

  describe('ticket.status_changed', function () {
    it('created without a tracker status → no event; with one → from null', function () {
      expect(domainOf(streamOf.insert('Ticket', RECORDS.Ticket))).to.deep.equal([]);
      expect(domainOf(streamOf.insert('Ticket', recordOf('Ticket', { ticketStatus: 'To Do' })))).to.deep.equal([ticket(null, 'To Do')]);
    });

    it('recordStatusSync: null → To Do → Done; the same status synced again → no event', function () {
      const fresh = recordOf('Ticket');
      expect(modify('Ticket', fresh, { ticketStatus: 'To Do', statusSyncedAt: LATER })).to.deep.equal([ticket(null, 'To Do')]);
      const todo = recordOf('Ticket', { ticketStatus: 'To Do', statusSyncedAt: LATER });
      expect(modify('Ticket', todo, { ticketStatus: 'Done', statusSyncedAt: '2026-01-16T00:00:00.000Z' })).to.deep.equal([ticket('To Do', 'Done')]);
      expect(modify('Ticket', todo, { statusSyncedAt: '2026-01-16T00:00:00.000Z' })).to.deep.equal([]);
    });

    it('a status cleared → to null; statuses compare exactly (case matters: trackers name them)', function () {
      const done = recordOf('Ticket', { ticketStatus: 'Done' });
      expect(modify('Ticket', done, { ticketStatus: null })).to.deep.equal([ticket('Done', null)]);
      expect(modify('Ticket', done, { ticketStatus: 'DONE' })).to.deep.equal([ticket('Done', 'DONE')]);
    });

    it('removed with a status → to null; removed without one → no event', function () {
      expect(domainOf(streamOf.remove('Ticket', recordOf('Ticket', { ticketStatus: 'In Review' })))).to.deep.equal([ticket('In Review', null)]);
      expect(domainOf(streamOf.remove('Ticket', RECORDS.Ticket))).to.deep.equal([]);
    });
  });

  describe('sync events', function () {
    const pending = recordOf('SyncOperation');
    const running = recordOf('SyncOperation', { status: 'in_progress', startedAt: LATER, leaseExpiresAt: LATER });

    it('start → sync.status_changed from null to pending', function () {
      expect(domainOf(streamOf.insert('SyncOperation', pending))).to.deep.equal([sync(null, 'pending')]);
    });

    it('begin → pending to in_progress, no outcome', function () {
      expect(modify('SyncOperation', pending, { status: 'in_progress', startedAt: LATER })).to.deep.equal([sync('pending', 'in_progress')]);
    });

    it('reportProgress / heartbeat → no event', function () {
      expect(modify('SyncOperation', running, { progress: { current: 5, total: 10, processed: 5, stage: 'matching' } })).to.deep.equal([]);
    });

    it('complete → status change, then sync.completed', function () {
      const results = { created: 3, updated: 1, skipped: 0, failed: 0, errors: [], truncatedErrors: 0 };
      expect(modify('SyncOperation', running, { status: 'completed', completedAt: LATER, results, ttl: 1769074512 })).to.deep.equal([
        sync('in_progress', 'completed'),
        { type: 'sync.completed', ...ids },
      ]);
    });

    it('fail → sync.failed with its errorCode (null when none was given)', function () {
      expect(modify('SyncOperation', running, { status: 'failed', error: 'rate limited', errorCode: 'RATE_LIMIT', completedAt: LATER })).to.deep.equal([
        sync('in_progress', 'failed'),
        { type: 'sync.failed', ...ids, errorCode: 'RATE_LIMIT' },
      ]);
      expect(modify('SyncOperation', pending, { status: 'failed', error: 'boom', completedAt: LATER })).to.deep.equal([
        sync('pending', 'failed'),
        { type: 'sync.failed', ...ids, errorCode: null },
      ]);
    });

    it("failed with errorCode 'ABANDONED' (lease ran out, taken over by start) → sync.abandoned, not sync.failed", function () {
      const events = modify('SyncOperation', running, { status: 'failed', error: 'the worker stopped heartbeating', errorCode: 'ABANDONED', completedAt: LATER });
      expect(events).to.deep.equal([sync('in_progress', 'failed'), { type: 'sync.abandoned', ...ids }]);
      expect(events.map((e) => e.type)).to.not.include('sync.failed');
    });

    it('cancel → sync.cancelled (from pending and from in_progress)', function () {
      expect(modify('SyncOperation', pending, { status: 'cancelled', completedAt: LATER })).to.deep.equal([sync('pending', 'cancelled'), { type: 'sync.cancelled', ...ids }]);
      expect(modify('SyncOperation', running, { status: 'cancelled', completedAt: LATER })).to.deep.equal([sync('in_progress', 'cancelled'), { type: 'sync.cancelled', ...ids }]);
    });

    it('removed (TTL expiry, cascade) → status to null, no outcome repeated', function () {
      const done = recordOf('SyncOperation', { status: 'completed', completedAt: LATER });
      expect(domainOf(streamOf.remove('SyncOperation', done))).to.deep.equal([sync('completed', null)]);
    });

    it('a sync created already terminal (a restore, a backfill) still reports its outcome', function () {
      const failed = recordOf('SyncOperation', { status: 'failed', errorCode: 'ABANDONED', error: 'x' });
      expect(domainOf(streamOf.insert('SyncOperation', failed))).to.deep.equal([sync(null, 'failed'), { type: 'sync.abandoned', ...ids }]);
    });
  });

  it('links, nonces and token state carry no domain events', function () {
    for (const entity of ['TicketSuggestion', 'OAuthNonce', 'OAuthTokenState'] as const) {
      expect(domainOf(streamOf.insert(entity, RECORDS[entity])), entity).to.deep.equal([]);
      expect(domainOf(streamOf.remove(entity, RECORDS[entity])), entity).to.deep.equal([]);
    }
    const rotated = updated(RECORDS.OAuthTokenState, { accessToken: 'A2==', refreshToken: 'R2==', version: 2 });
    expect(domainOf(streamOf.modify('OAuthTokenState', RECORDS.OAuthTokenState, rotated))).to.deep.equal([]);
  });
});
