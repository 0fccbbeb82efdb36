/**
 * Group 4 — each lifecycle move × another move, on copies. API.md: "A move from a state that
 * changed since the copy was read fails with ConcurrentModificationError"; moves are "conditioned
 * on the status they leave". So of copies read in one state, exactly one move lands; and copies
 * that re-read and try again produce a history that is a serial chain of legal moves, ending in
 * the stored state, with the guards that state holds.
 */
import { expect } from 'chai';
import type { SyncOperation, TaskManagementConnection } from '../../../src/index.js';
import { CONNECTION_TRANSITIONS, SYNC_TRANSITIONS } from '../../../src/index.js';
import { jiraCloudConnectionInput, syncStartInput } from '../../support/entity-fixtures.js';
import { isGuard } from './invariants.js';
import { expectOnly, Figures, outcomeOf, raceTable, settle } from './support.js';

const figures = new Figures('lifecycle move × move');
const GROUP = '4. lifecycle move × move';
const N = 20;

type Connection = TaskManagementConnection;
type ConnectionStatus = keyof typeof CONNECTION_TRANSITIONS;

const CONNECTION_MOVES: Readonly<Record<ConnectionStatus, (c: Connection) => Promise<Connection>>> = {
  active: (c) => c.markActive(),
  disabled: (c) => c.markDisabled(),
  requires_reauth: (c) => c.markRequiresReauth('sign in again'),
  error: (c) => c.markError('boom'),
  disconnected: (c) => c.markDisconnected(),
};

/** Moves `connection` from active to `status` through legal moves. */
async function bring(connection: Connection, status: ConnectionStatus): Promise<void> {
  if (status !== 'active') await CONNECTION_MOVES[status](connection);
}

/**
 * True when the edges (from → to) can be ordered into one chain from `start` to `end` using each
 * once: a directed Euler path (balanced degrees, and every edge reachable from `start`).
 */
function isChain(edges: readonly { from: string; to: string }[], start: string, end: string): boolean {
  if (edges.length === 0) return start === end;
  const balance = new Map<string, number>();
  for (const { from, to } of edges) {
    balance.set(from, (balance.get(from) ?? 0) + 1);
    balance.set(to, (balance.get(to) ?? 0) - 1);
  }
  for (const [node, b] of balance) {
    const wanted = start === end ? 0 : node === start ? 1 : node === end ? -1 : 0;
    if (b !== wanted) return false;
  }
  if (start !== end && (balance.get(start) !== 1 || balance.get(end) !== -1)) return false;
  const reached = new Set([start]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const { from, to } of edges) {
      if (reached.has(from) && !reached.has(to)) {
        reached.add(to);
        grew = true;
      }
    }
  }
  return edges.every(({ from }) => reached.has(from));
}

describe('races 4: each lifecycle move × another move, on copies (DynamoDB Local)', function () {
  this.timeout(30_000);
  figures.printAfter();

  for (const from of ['active', 'disabled', 'requires_reauth', 'error'] as const) {
    const targets = CONNECTION_TRANSITIONS[from];
    it(`connection in ${from}: ${N} copies each try a legal move (${targets.join(', ')}) → exactly one lands, the rest ConcurrentModificationError; guards follow the stored state`, async function () {
      const { da, check, other } = await raceTable('races-moves');
      const connection = await da.TaskManagementConnection.create(jiraCloudConnectionInput());
      await bring(connection, from);
      const copies = await Promise.all(Array.from({ length: N }, () => other().TaskManagementConnection.findById(connection.getId())));
      const results = await Promise.allSettled(copies.map((copy, i) => CONNECTION_MOVES[targets[i % targets.length] as ConnectionStatus](copy as Connection)));
      const labels = results.map(outcomeOf);
      figures.record(GROUP, labels);
      expect(labels.filter((label) => label === 'ok'), labels.join(', ')).to.have.length(1);
      expectOnly(labels, ['ok', 'ConcurrentModificationError'], 'moves');
      const winner = results.findIndex((r) => r.status === 'fulfilled');
      const stored = (await da.TaskManagementConnection.findById(connection.getId())) as Connection;
      expect(stored.getStatus()).to.equal(targets[winner % targets.length]);
      expect((copies[winner] as Connection).toJSON()).to.deep.equal(stored.toJSON());
      // Losers are left as they were read.
      for (const [i, copy] of copies.entries()) if (i !== winner) expect(copy?.getStatus()).to.equal(from);
      const items = await check();
      // external-instance unless disconnected, active-provider while active.
      expect(items.filter(isGuard)).to.have.length((stored.getStatus() === 'disconnected' ? 0 : 1) + (stored.getStatus() === 'active' ? 1 : 0));
    });
  }

  it(`connection: ${N} workers each keep trying their move (re-reading when refused) → the successes form one chain of legal moves ending in the stored state`, async function () {
    const { da, check, other } = await raceTable('races-moves');
    const connection = await da.TaskManagementConnection.create(jiraCloudConnectionInput());
    // One disconnecting worker among 20, so the chain has room before it ends.
    const moves: ConnectionStatus[] = Array.from({ length: N }, (_, i) => (i === N - 1 ? 'disconnected' : ((['active', 'disabled', 'requires_reauth', 'error'] as const)[i % 4] as ConnectionStatus)));
    const successes: { from: ConnectionStatus; to: ConnectionStatus }[] = [];
    const labels: string[] = [];
    await Promise.all(
      moves.map(async (to) => {
        const mine = other();
        for (let attempt = 0, landed = 0; attempt < 6 && landed < 2; attempt += 1) {
          const copy = (await mine.TaskManagementConnection.findById(connection.getId())) as Connection;
          const from = copy.getStatus();
          if (!CONNECTION_TRANSITIONS[from].includes(to)) {
            if (from === 'disconnected') return;
            continue;
          }
          const result = await settle(CONNECTION_MOVES[to](copy));
          labels.push(outcomeOf(result));
          if (result.status === 'fulfilled') {
            successes.push({ from, to });
            landed += 1;
          }
        }
      }),
    );
    figures.record(GROUP, labels);
    figures.record(`${GROUP}: connection chain (successes ${successes.length})`, labels);
    expectOnly(labels, ['ok', 'ConcurrentModificationError'], 'moves');
    for (const { from, to } of successes) expect(CONNECTION_TRANSITIONS[from], `${from} → ${to}`).to.include(to);
    const stored = (await da.TaskManagementConnection.findById(connection.getId())) as Connection;
    expect(successes.length).to.be.at.least(2);
    expect(isChain(successes, 'active', stored.getStatus()), `${successes.map((s) => `${s.from}→${s.to}`).join(', ')} end in ${stored.getStatus()}`).to.equal(true);
    const items = await check();
    expect(items.filter(isGuard)).to.have.length(stored.getStatus() === 'disconnected' ? 0 : 1);
  });

  const SYNC_MOVES: Readonly<Record<'in_progress' | 'completed' | 'failed' | 'cancelled', (op: SyncOperation) => Promise<SyncOperation>>> = {
    in_progress: (op) => op.begin(),
    completed: (op) => op.complete({ created: 1, updated: 0, skipped: 0, failed: 0 }),
    failed: (op) => op.fail('boom', 'NETWORK'),
    cancelled: (op) => op.cancel(),
  };

  for (const from of ['pending', 'in_progress'] as const) {
    const targets = SYNC_TRANSITIONS[from] as readonly (keyof typeof SYNC_MOVES)[];
    it(`sync in ${from}: ${N} copies each try a legal move (${targets.join(', ')}) → exactly one lands; the slot is held exactly while the stored operation is active`, async function () {
      const { da, check, other } = await raceTable('races-moves');
      const connection = await da.TaskManagementConnection.create(jiraCloudConnectionInput());
      const op = await da.SyncOperation.start(syncStartInput(connection));
      if (from === 'in_progress') await op.begin();
      const copies = await Promise.all(Array.from({ length: N }, () => other().SyncOperation.findById(op.getId())));
      const results = await Promise.allSettled(copies.map((copy, i) => SYNC_MOVES[targets[i % targets.length] as keyof typeof SYNC_MOVES](copy as SyncOperation)));
      const labels = results.map(outcomeOf);
      figures.record(GROUP, labels);
      expect(labels.filter((label) => label === 'ok'), labels.join(', ')).to.have.length(1);
      expectOnly(labels, ['ok', 'ConcurrentModificationError'], 'moves');
      const winner = results.findIndex((r) => r.status === 'fulfilled');
      const stored = (await da.SyncOperation.findById(op.getId())) as SyncOperation;
      expect(stored.getStatus()).to.equal(targets[winner % targets.length]);
      await check();
      const next = await settle(da.SyncOperation.start(syncStartInput(connection)));
      expect(outcomeOf(next)).to.equal(stored.isActive() ? 'ConflictError(active-sync)' : 'ok');
      if (stored.getStatus() === 'completed') expect((await da.TaskManagementConnection.findById(connection.getId()))?.getLastSyncAt()).to.equal(stored.getCompletedAt());
    });
  }
});
