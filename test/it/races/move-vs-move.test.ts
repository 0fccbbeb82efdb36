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

  /**
   * 19 workers with the non-terminal moves (active, disabled, requires_reauth, error), each landing
   * its move up to twice: a worker re-reads after each try, and waits (re-reading) while its move
   * is not legal from the stored state — so it spends no try on that, and stops once the
   * connection is disconnected. A worker gives up after REFUSALS refused writes; the disconnecting
   * worker never does, so the race always ends in disconnected.
   *
   * Each refusal of a worker means another move landed between its read and its write, and its
   * tries do not overlap: before K moves landed, no worker was refused K times (< REFUSALS); and
   * the chain cannot get stuck before 10 moves (from disabled only the 5 `active` workers can move,
   * 2 moves each). So K moves always land among the 19, whatever the order of the requests.
   */
  const K = 5;
  const REFUSALS = 6;
  const NON_TERMINAL = ['active', 'disabled', 'requires_reauth', 'error'] as const;

  async function chainRace(disconnectJoins: 'at once' | 'after K moves') {
    const { da, check, other } = await raceTable('races-moves');
    const connection = await da.TaskManagementConnection.create(jiraCloudConnectionInput());
    const successes: { from: ConnectionStatus; to: ConnectionStatus }[] = [];
    const labels: string[] = [];
    let onK: () => void = () => undefined;
    const kLanded = new Promise<void>((resolve) => {
      onK = resolve;
    });
    const worker = async (to: ConnectionStatus): Promise<void> => {
      const mine = other();
      const wanted = to === 'disconnected' ? 1 : 2;
      const refusals = to === 'disconnected' ? Number.POSITIVE_INFINITY : REFUSALS;
      for (let landed = 0, refused = 0; landed < wanted && refused < refusals; ) {
        const copy = (await mine.TaskManagementConnection.findById(connection.getId())) as Connection;
        const from = copy.getStatus();
        if (from === 'disconnected') return;
        if (!CONNECTION_TRANSITIONS[from].includes(to)) {
          await new Promise<void>((resolve) => setTimeout(resolve, 5));
          continue;
        }
        const result = await settle(CONNECTION_MOVES[to](copy));
        labels.push(outcomeOf(result));
        if (result.status === 'fulfilled') {
          successes.push({ from, to });
          landed += 1;
          if (successes.length >= K) onK();
        } else refused += 1;
      }
    };
    const moves = Array.from({ length: N - 1 }, (_, i) => NON_TERMINAL[i % NON_TERMINAL.length] as ConnectionStatus);
    const disconnecting = disconnectJoins === 'at once' ? worker('disconnected') : kLanded.then(() => worker('disconnected'));
    await Promise.all([...moves.map(worker), disconnecting]);
    figures.record(GROUP, labels);
    figures.record(`${GROUP}: connection chain, disconnect ${disconnectJoins}`, labels);
    expectOnly(labels, ['ok', 'ConcurrentModificationError'], 'moves');
    for (const { from, to } of successes) expect(CONNECTION_TRANSITIONS[from], `${from} → ${to}`).to.include(to);
    const chain = successes.map((s) => `${s.from}→${s.to}`).join(', ');
    // The disconnecting worker always lands, exactly once, and nothing moves after it.
    expect(successes.filter((s) => s.to === 'disconnected'), chain).to.have.length(1);
    const stored = (await da.TaskManagementConnection.findById(connection.getId())) as Connection;
    expect(stored.getStatus()).to.equal('disconnected');
    expect(isChain(successes, 'active', 'disconnected'), `${chain} end in ${stored.getStatus()}`).to.equal(true);
    const items = await check();
    expect(items.filter(isGuard), 'a disconnected connection holds no guard').to.have.length(0);
    return successes;
  }

  it(`connection: ${N} workers each keep trying their move (re-reading when refused), the disconnecting one joining after ${K} moves landed → at least ${K + 1} successes, one chain of legal moves ending in disconnected`, async function () {
    const successes = await chainRace('after K moves');
    expect(successes.length).to.be.at.least(K + 1);
  });

  it(`connection: the same ${N} workers with the disconnecting one racing from the start → whatever lands first, the successes form one chain ending in disconnected (a disconnect first leaves a chain of one)`, async function () {
    const successes = await chainRace('at once');
    // Either ordering is a legal outcome (responses settle in any order, so the chain tells which):
    // the disconnect landed first — then it is the only move, from active — or after other moves.
    if (successes.length === 1) expect(successes[0]).to.deep.equal({ from: 'active', to: 'disconnected' });
    else expect(successes.filter((s) => s.to !== 'disconnected').length).to.equal(successes.length - 1);
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
