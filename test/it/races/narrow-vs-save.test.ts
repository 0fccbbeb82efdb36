/**
 * Group 3 — each narrow write × a concurrent write of another copy.
 *
 * API.md, "Writes on one copy": narrow writes (`markX`, `touch`, `recordStatusSync`, `begin`,
 * `reportProgress`, `complete`, `fail`, `cancel`) are conditioned on what they need; setter changes
 * riding along are written "under the same optimistic check as save() — never written without it,
 * never lost". And `save()`: "ConcurrentModificationError if the item changed meanwhile".
 *
 * Each pair runs on N records at once (one pair per record), then every record is checked: the
 * outcomes are those of one of the two serial orders, the other copy's attribute survives, and
 * setter changes are never written past a concurrent change.
 */
import { randomUUID } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import { expect } from 'chai';
import type { DataAccess, SyncOperation, TaskManagementConnection, Ticket } from '../../../src/index.js';
import { ConcurrentModificationError } from '../../../src/index.js';
import { jiraCloudConnectionInput, rawItemById, rawSet, syncStartInput, ticketInput } from '../../support/entity-fixtures.js';
import { isGuard } from './invariants.js';
import type { RaceTable } from './support.js';
import { Figures, labelOf, outcomeOf, raceTable, settle } from './support.js';

const figures = new Figures('narrow write × concurrent write');
const GROUP = '3. narrow write × concurrent write';
const N = 20;

type Connection = TaskManagementConnection;

async function connections(da: DataAccess, n: number): Promise<Connection[]> {
  return Promise.all(Array.from({ length: n }, () => da.TaskManagementConnection.create(jiraCloudConnectionInput())));
}

async function copyOf(table: RaceTable, connection: Connection): Promise<Connection> {
  return (await table.other().TaskManagementConnection.findById(connection.getId())) as Connection;
}

/** Runs `a` and `b` at once; resolves both settled results. */
async function pair<A, B>(a: () => Promise<A>, b: () => Promise<B>): Promise<[PromiseSettledResult<A>, PromiseSettledResult<B>]> {
  const [ra, rb] = await Promise.all([settle(a()), settle(b())]);
  return [ra, rb];
}

interface ConnectionWrite {
  readonly name: string;
  readonly run: (copy: Connection) => Promise<unknown>;
  /** The status after the write (undefined: unchanged). */
  readonly status?: string;
  /** Stamps updatedAt (so it invalidates other copies). */
  readonly stamps: boolean;
  /** What the stored record shows once the write landed, beside its status (default: lastUsedAt). */
  readonly landed?: (stored: Connection) => boolean;
}

const failureCounted = (stored: Connection) => stored.getConsecutiveFailures() === 1;

const CONNECTION_WRITES: readonly ConnectionWrite[] = [
  { name: 'touch()', run: (c) => c.touch(), stamps: false },
  { name: 'markDisabled()', run: (c) => c.markDisabled(), status: 'disabled', stamps: true },
  { name: "markError('m')", run: (c) => c.markError('m'), status: 'error', stamps: true },
  { name: "markRequiresReauth('m')", run: (c) => c.markRequiresReauth('m'), status: 'requires_reauth', stamps: true },
  { name: 'markDisconnected()', run: (c) => c.markDisconnected(), status: 'disconnected', stamps: true },
  // A failed check counts and may move the status; it decides from the stored record and retries.
  { name: "recordCheck(NETWORK failure)", run: (c) => c.recordCheck({ ok: false, errorCode: 'NETWORK', message: 'm' }), stamps: false, landed: failureCounted },
  { name: "recordCheck(NETWORK failure, threshold 1)", run: (c) => c.recordCheck({ ok: false, errorCode: 'NETWORK', message: 'm' }, { failureThreshold: 1 }), status: 'error', stamps: true, landed: failureCounted },
  { name: "recordCheck(AUTH_EXPIRED failure)", run: (c) => c.recordCheck({ ok: false, errorCode: 'AUTH_EXPIRED', message: 'm' }), status: 'requires_reauth', stamps: true, landed: failureCounted },
];

describe('races 3: each narrow write × a concurrent save (DynamoDB Local)', function () {
  this.timeout(30_000);
  figures.printAfter();

  for (const write of CONNECTION_WRITES) {
    it(`connection ${write.name} × another copy's save() of displayName, ${N} pairs (half with an unsaved instanceUrl on the narrow copy): outcomes of a serial order, nothing lost`, async function () {
      const table = await raceTable('races-narrow');
      const list = await connections(table.da, N);
      const problems: string[] = [];
      await Promise.all(
        list.map(async (connection, i) => {
          const a = await copyOf(table, connection);
          const b = await copyOf(table, connection);
          const withChanges = i % 2 === 1;
          const url = `https://a-${i}.atlassian.net`;
          if (withChanges) a.setInstanceUrl(url);
          const [ra, rb] = await pair(
            () => write.run(a),
            () => b.setDisplayName(`B ${i}`).save(),
          );
          const oa = outcomeOf(ra);
          const ob = outcomeOf(rb);
          figures.record(GROUP, [oa, ob]);
          figures.record(`${GROUP}: connection ${write.name}${withChanges ? ' with setter changes' : ''}`, [oa, ob]);
          const stored = (await table.da.TaskManagementConnection.findById(connection.getId())) as Connection;
          const tag = `pair ${i} (${withChanges ? 'with' : 'without'} setter changes): ${write.name} → ${oa}, save → ${ob}`;
          const allowed = withChanges
            ? // Both pin the updatedAt they read: exactly one lands.
              [
                ['ok', 'ConcurrentModificationError'],
                ['ConcurrentModificationError', 'ok'],
              ]
            : write.stamps
              ? [
                  ['ok', 'ok'],
                  ['ok', 'ConcurrentModificationError'],
                ]
              : [['ok', 'ok']];
          if (!allowed.some(([x, y]) => x === oa && y === ob)) {
            problems.push(`${tag}: not the outcome of a serial order${oa === 'ok' && ob === 'ok' ? ' (B read before A wrote its setter change, yet B’s save landed)' : ''}`);
          }
          // What landed is stored; what was refused is not.
          if (ob === 'ok' && stored.getDisplayName() !== `B ${i}`) problems.push(`${tag}: B's displayName was lost`);
          if (ob !== 'ok' && stored.getDisplayName() !== connection.getDisplayName()) problems.push(`${tag}: a refused save changed displayName`);
          if (oa === 'ok') {
            if (write.status && stored.getStatus() !== write.status) problems.push(`${tag}: the move was lost (status ${stored.getStatus()})`);
            if (write.landed ? !write.landed(stored) : !write.status && stored.getLastUsedAt() === undefined) problems.push(`${tag}: the write's own change was lost`);
            if (withChanges && stored.getInstanceUrl() !== url) problems.push(`${tag}: the setter change riding along was lost`);
            if (!isDeepStrictEqual(a.toJSON(), stored.toJSON()) && ob !== 'ok') problems.push(`${tag}: the copy differs from the table`);
            if (a.hasChanges()) problems.push(`${tag}: the copy still has changes`);
          } else {
            if (stored.getStatus() !== 'active' || stored.getInstanceUrl() === url) problems.push(`${tag}: a refused write changed the record`);
            if (withChanges && (!a.hasChanges() || a.getInstanceUrl() !== url)) problems.push(`${tag}: a refused write dropped the copy's setter changes`);
            if (a.getStatus() !== 'active') problems.push(`${tag}: a refused move changed the copy`);
          }
        }),
      );
      expect(problems).to.deep.equal([]);
      await table.check();
    });
  }

  it('setter changes ride along only under the optimistic check: B saves, then each narrow write of A (with an unsaved instanceUrl) is ConcurrentModificationError and writes nothing', async function () {
    const table = await raceTable('races-narrow');
    const list = await connections(table.da, CONNECTION_WRITES.length);
    for (const [i, write] of CONNECTION_WRITES.entries()) {
      const connection = list[i] as Connection;
      const a = await copyOf(table, connection);
      a.setInstanceUrl('https://a.atlassian.net');
      await (await copyOf(table, connection)).setDisplayName('B').save();
      const refused = await settle(write.run(a));
      figures.record(GROUP, [outcomeOf(refused), 'ok']);
      expect(outcomeOf(refused), write.name).to.equal('ConcurrentModificationError');
      const stored = (await table.da.TaskManagementConnection.findById(connection.getId())) as Connection;
      expect(stored.toJSON(), write.name).to.include({ displayName: 'B', instanceUrl: connection.getInstanceUrl(), status: 'active' });
      expect(stored.getLastUsedAt(), write.name).to.equal(undefined);
      expect(a.hasChanges(), `${write.name}: the copy keeps its setter changes`).to.equal(true);
    }
    await table.check();
  });

  it('touch() that carries setter changes is a change like save(): a copy read before it cannot save over it (no lost update)', async function () {
    const table = await raceTable('races-narrow');
    const [connection] = await connections(table.da, 1);
    const a = await copyOf(table, connection as Connection);
    const b = await copyOf(table, connection as Connection);
    a.setDisplayName('A');
    await a.touch();
    expect((await table.da.TaskManagementConnection.findById(a.getId()))?.getDisplayName()).to.equal('A');
    // B read before A's write: its save must not overwrite A's displayName unnoticed.
    const late = await settle(b.setDisplayName('B').save());
    figures.record(GROUP, ['ok', outcomeOf(late)]);
    const stored = (await table.da.TaskManagementConnection.findById(a.getId())) as Connection;
    expect(outcomeOf(late), `B's save after A's touch() wrote displayName 'A' (stored now: '${stored.getDisplayName()}')`).to.equal('ConcurrentModificationError');
    expect(stored.getDisplayName()).to.equal('A');
  });

  it('bookkeeping (touch, a check that moves nothing) is no change for save(): a copy read before it saves, and loses none of it (README)', async function () {
    const table = await raceTable('races-narrow');
    const [connection] = await connections(table.da, 1);
    const a = await copyOf(table, connection as Connection);
    const b = await copyOf(table, connection as Connection);
    await a.touch();
    await a.recordCheck({ ok: false, errorCode: 'NETWORK', message: 'timeout' });
    await b.setDisplayName('B').save();
    const stored = (await table.da.TaskManagementConnection.findById(a.getId())) as Connection;
    expect(stored.getDisplayName()).to.equal('B');
    // What the bookkeeping recorded is kept, and the saving copy now holds it too.
    expect(stored.getLastUsedAt()).to.equal(a.getLastUsedAt());
    expect(stored.getConsecutiveFailures()).to.equal(1);
    expect(stored.getLastErrorCode()).to.equal('NETWORK');
    expect(b.toJSON()).to.deep.equal(stored.toJSON());
    await table.check();
  });

  it('after a move that runs as a transaction, the copy equals what is stored, bookkeeping of other copies included', async function () {
    const table = await raceTable('races-narrow');
    const moves: { name: string; run: (a: Connection) => Promise<unknown> }[] = [
      { name: 'markDisabled() with an unsaved displayName', run: (a) => a.setDisplayName('A').markDisabled() },
      { name: 'markDisconnected()', run: (a) => a.markDisconnected() },
      { name: "markError('m') with an unsaved instanceUrl", run: (a) => a.setInstanceUrl('https://a.atlassian.net').markError('m') },
    ];
    const list = await connections(table.da, moves.length);
    for (const [i, move] of moves.entries()) {
      const connection = list[i] as Connection;
      const a = await copyOf(table, connection);
      const b = await copyOf(table, connection);
      // Bookkeeping leaves updatedAt alone: A's optimistic check still passes after it.
      await b.touch();
      await b.recordCheck({ ok: false, errorCode: 'NETWORK', message: 'timeout' });
      await move.run(a);
      const stored = (await table.da.TaskManagementConnection.findById(connection.getId())) as Connection;
      expect(stored.getLastUsedAt(), move.name).to.be.a('string');
      expect(stored.getConsecutiveFailures(), move.name).to.equal(1);
      expect(a.toJSON(), move.name).to.deep.equal(stored.toJSON());
      expect(a.getUpdatedAt(), move.name).to.equal(stored.getUpdatedAt());
    }
    await table.check();
  });

  it('after a refused move, a later touch() does not carry the refused move (issue 10, item 3)', async function () {
    const table = await raceTable('races-narrow');
    const list = await connections(table.da, 3);
    const cases: { name: string; b: (b: Connection) => Promise<unknown>; setter: boolean; touch: string; status: string }[] = [
      { name: 'B markDisabled(), A markDisconnected()', b: (b) => b.markDisabled(), setter: false, touch: 'ok', status: 'disabled' },
      { name: 'B markError(), A markDisconnected()', b: (b) => b.markError('e'), setter: false, touch: 'ok', status: 'error' },
      { name: 'A has an unsaved displayName, B save()s, A markDisconnected()', b: (b) => b.setInstanceUrl('https://b.atlassian.net').save(), setter: true, touch: 'ConcurrentModificationError', status: 'active' },
    ];
    for (const [i, c] of cases.entries()) {
      const connection = list[i] as Connection;
      const a = await copyOf(table, connection);
      if (c.setter) a.setDisplayName('A');
      await c.b(await copyOf(table, connection));
      const move = await settle(a.markDisconnected());
      expect(outcomeOf(move), c.name).to.equal('ConcurrentModificationError');
      expect(a.getStatus(), `${c.name}: the refused move left the copy as it was`).to.equal('active');
      const touched = await settle(a.touch());
      figures.record(GROUP, [outcomeOf(move), outcomeOf(touched)]);
      expect(outcomeOf(touched), `${c.name}: touch()`).to.equal(c.touch);
      const stored = (await table.da.TaskManagementConnection.findById(connection.getId())) as Connection;
      expect(stored.getStatus(), `${c.name}: stored status`).to.equal(c.status);
      if (c.touch === 'ok') expect(a.toJSON(), `${c.name}: the copy settled to the table`).to.deep.equal(stored.toJSON());
    }
    // None was disconnected: each still holds its external-instance guard.
    const items = await table.check();
    expect(items.filter(isGuard).filter((guard) => guard.constraint === 'external-instance')).to.have.length(3);
  });

  it(`Ticket.recordStatusSync × another copy's save() of ticketStatus, ${N} pairs (half with an unsaved ticketStatus on the syncing copy)`, async function () {
    const table = await raceTable('races-narrow');
    const [connection] = await connections(table.da, 1);
    const tickets = await Promise.all(Array.from({ length: N }, () => table.da.Ticket.create(ticketInput(connection as Connection))));
    const problems: string[] = [];
    await Promise.all(
      tickets.map(async (ticket, i) => {
        const a = (await table.other().Ticket.findById(ticket.getId())) as Ticket;
        const b = (await table.other().Ticket.findById(ticket.getId())) as Ticket;
        const withChanges = i % 2 === 1;
        if (withChanges) a.setTicketStatus('set on A');
        const [ra, rb] = await pair(
          () => a.recordStatusSync('Done'),
          () => b.setTicketStatus('Saved by B').save(),
        );
        const oa = outcomeOf(ra);
        const ob = outcomeOf(rb);
        figures.record(GROUP, [oa, ob]);
        const stored = (await table.da.Ticket.findById(ticket.getId())) as Ticket;
        const tag = `ticket ${i} (${withChanges ? 'with' : 'without'} setter changes): recordStatusSync → ${oa}, save → ${ob}, stored '${String(stored.getTicketStatus())}'`;
        if (withChanges) {
          if (!((oa === 'ok') !== (ob === 'ok') && [oa, ob].includes('ConcurrentModificationError'))) problems.push(`${tag}: exactly one must land`);
          if (oa === 'ok' && stored.getTicketStatus() !== 'Done') problems.push(`${tag}: the sync was lost`);
          if (ob === 'ok' && stored.getTicketStatus() !== 'Saved by B') problems.push(`${tag}: B's save was lost`);
          if (oa !== 'ok' && !a.hasChanges()) problems.push(`${tag}: the refused sync dropped A's setter change`);
        } else {
          // The tracker is the source of truth: the sync always lands; B's save lands only before it.
          if (oa !== 'ok' || !['ok', 'ConcurrentModificationError'].includes(ob)) problems.push(`${tag}: not the outcome of a serial order`);
          if (stored.getTicketStatus() !== 'Done') problems.push(`${tag}: the later write (the sync) was lost`);
        }
        if (oa === 'ok' && (stored.getStatusSyncedAt() === undefined || a.hasChanges())) problems.push(`${tag}: statusSyncedAt missing or the copy still has changes`);
      }),
    );
    expect(problems).to.deep.equal([]);
    await table.check();
  });

  it('recordStatusSync from a stale copy always moves updatedAt past the stored one: a copy read between cannot save over the sync (record stamped by a clock running ahead)', async function () {
    const table = await raceTable('races-narrow');
    const [connection] = await connections(table.da, 1);
    const ticket = await table.da.Ticket.create(ticketInput(connection as Connection));
    // Another host whose clock runs an hour ahead wrote the record last (clock skew between hosts).
    const raw = (await rawItemById(table.client, table.tableName, 'ticketId', ticket.getId())) as { pk: unknown; sk: unknown };
    await rawSet(table.client, table.tableName, raw, 'updatedAt', new Date(Date.now() + 3_600_000).toISOString());
    const a = (await table.other().Ticket.findById(ticket.getId())) as Ticket;
    const b = (await table.other().Ticket.findById(ticket.getId())) as Ticket;
    await b.setTicketStatus('Saved by B').save();
    const c = (await table.other().Ticket.findById(ticket.getId())) as Ticket;
    const readByC = c.getUpdatedAt();
    await a.recordStatusSync('Done');
    const afterSync = (await table.da.Ticket.findById(ticket.getId())) as Ticket;
    // C read before the sync landed: its save must be refused, not overwrite the synced status.
    const late = await settle(c.setTicketStatus('Saved by C').save());
    figures.record(GROUP, ['ok', 'ok', outcomeOf(late)]);
    const stored = (await table.da.Ticket.findById(ticket.getId())) as Ticket;
    expect(
      outcomeOf(late),
      `C read updatedAt ${readByC} before the sync; the sync left updatedAt ${afterSync.getUpdatedAt()}; stored status now '${String(stored.getTicketStatus())}'`,
    ).to.equal('ConcurrentModificationError');
    expect(stored.getTicketStatus()).to.equal('Done');
  });

  describe('SyncOperation: each move or progress report × another copy’s move', function () {
    interface SyncPair {
      readonly name: string;
      readonly begun: boolean;
      readonly a: (op: SyncOperation) => Promise<unknown>;
      readonly b: (op: SyncOperation) => Promise<unknown>;
      /** Whether both may land (a progress report before the move), or exactly one. */
      readonly both: boolean;
    }
    const progress = { current: 3, total: 10, processed: 3, stage: 'matching' as const };
    const results = { created: 1, updated: 2, skipped: 0, failed: 0 };
    const PAIRS: readonly SyncPair[] = [
      { name: 'reportProgress × cancel', begun: true, a: (op) => op.reportProgress(progress), b: (op) => op.cancel(), both: true },
      { name: 'reportProgress × complete', begun: true, a: (op) => op.reportProgress(progress), b: (op) => op.complete(results), both: true },
      { name: 'reportProgress × fail', begun: true, a: (op) => op.reportProgress(progress), b: (op) => op.fail('boom', 'NETWORK'), both: true },
      { name: 'begin × cancel', begun: false, a: (op) => op.begin(), b: (op) => op.cancel(), both: false },
      { name: 'begin × fail', begun: false, a: (op) => op.begin(), b: (op) => op.fail('boom'), both: false },
      { name: 'complete × fail', begun: true, a: (op) => op.complete(results), b: (op) => op.fail('boom'), both: false },
      { name: 'complete × cancel', begun: true, a: (op) => op.complete(results), b: (op) => op.cancel(), both: false },
      { name: 'fail × cancel', begun: false, a: (op) => op.fail('boom'), b: (op) => op.cancel(), both: false },
    ];
    const PER_PAIR = 10;

    it(`${PAIRS.length} kinds of pairs × ${PER_PAIR} operations each: outcomes of a serial order, the stored operation is what the winners wrote, the slot is free after a terminal move`, async function () {
      const table = await raceTable('races-narrow-sync');
      const problems: string[] = [];
      const list = await connections(table.da, PAIRS.length * PER_PAIR);
      await Promise.all(
        list.map(async (connection, k) => {
          const kind = PAIRS[k % PAIRS.length] as SyncPair;
          const op = await table.da.SyncOperation.start(syncStartInput(connection));
          if (kind.begun) await op.begin();
          const a = (await table.other().SyncOperation.findById(op.getId())) as SyncOperation;
          const b = (await table.other().SyncOperation.findById(op.getId())) as SyncOperation;
          const [ra, rb] = await pair(
            () => kind.a(a),
            () => kind.b(b),
          );
          const oa = outcomeOf(ra);
          const ob = outcomeOf(rb);
          figures.record(GROUP, [oa, ob]);
          figures.record(`${GROUP}: sync ${kind.name}`, [oa, ob]);
          const stored = (await table.da.SyncOperation.findById(op.getId())) as SyncOperation;
          const tag = `${kind.name} #${k}: ${oa} / ${ob}, stored ${stored.getStatus()}`;
          const refusals = [oa, ob].filter((o) => o !== 'ok');
          if (refusals.some((o) => o !== 'ConcurrentModificationError')) problems.push(`${tag}: a refusal other than ConcurrentModificationError`);
          if (kind.both) {
            if (ob !== 'ok') problems.push(`${tag}: the move must land (progress does not change the status)`);
            if (oa === 'ok' && !isDeepStrictEqual(stored.getProgress(), progress)) problems.push(`${tag}: the progress that landed was lost (${JSON.stringify(stored.getProgress())})`);
            if (oa !== 'ok' && stored.getProgress() !== undefined) problems.push(`${tag}: refused progress was written`);
          } else if (refusals.length !== 1) {
            problems.push(`${tag}: exactly one of two moves from the same state must land`);
          }
          const winner = ob === 'ok' ? b : a;
          if (winner.getStatus() !== stored.getStatus()) problems.push(`${tag}: the winner's copy says ${winner.getStatus()}`);
          if (kind.both && oa === 'ok' && ob === 'ok' && !isDeepStrictEqual(b.toJSON(), stored.toJSON())) problems.push(`${tag}: the last writer's copy differs from the table`);
          // The slot is free exactly when the stored operation is terminal.
          const next = await settle(table.da.SyncOperation.start(syncStartInput(connection)));
          const expected = stored.isActive() ? 'ConflictError(active-sync)' : 'ok';
          if (outcomeOf(next) !== expected) problems.push(`${tag}: start() afterwards → ${outcomeOf(next)}, expected ${expected}`);
        }),
      );
      expect(problems).to.deep.equal([]);
      await table.check();
    });
  });

  it(`OAuthTokenState.rotate × rotate (${N} refreshers with the same version) and × put: exactly one rotation, its tokens are stored`, async function () {
    const table = await raceTable('races-narrow-tokens');
    const [connection] = await connections(table.da, 1);
    const id = (connection as Connection).getId();
    await table.da.OAuthTokenState.put(id, { accessToken: 'a-0', refreshToken: 'r-0' });
    const tokens = Array.from({ length: N }, (_, i) => ({ accessToken: `a-${i + 1}-${randomUUID()}`, refreshToken: `r-${i + 1}` }));
    const outcomes = await Promise.allSettled([
      ...tokens.map((t) => table.other().OAuthTokenState.rotate(id, 1, t)),
      table.other().OAuthTokenState.put(id, { accessToken: 'late put', refreshToken: 'late put' }),
    ]);
    const labels = outcomes.map(outcomeOf);
    figures.record(GROUP, labels);
    figures.record(`${GROUP}: token rotate × rotate × put`, labels);
    const winners = outcomes.slice(0, N).flatMap((r, i) => (r.status === 'fulfilled' ? [i] : []));
    expect(winners, labels.join(', ')).to.have.length(1);
    for (const r of outcomes.slice(0, N)) if (r.status === 'rejected') expect(r.reason).to.be.instanceOf(ConcurrentModificationError);
    expect(labels[N]).to.equal('ConflictError(token-state)');
    const stored = await table.da.OAuthTokenState.get(id);
    expect(stored).to.include({ ...tokens[winners[0] as number], version: 2 });
    // A refresher that lost re-reads and rotates from the winner's version.
    expect(await table.da.OAuthTokenState.rotate(id, 2, { accessToken: 'a-next', refreshToken: 'r-next' })).to.deep.equal({ version: 3 });
    expect(labelOf(await table.da.OAuthTokenState.rotate(id, 2, { accessToken: 'x', refreshToken: 'y' }).catch((e: unknown) => e))).to.equal('ConcurrentModificationError');
    await table.check();
  });
});
