// The ledger's lease as a state machine, without DynamoDB: each action is applied to an in-memory
// item the way DynamoDB would (its conditions evaluated, then its SETs and REMOVEs), and what a
// refusal means comes from the action itself — acquire, busy, takeover after the lease ran out,
// checkpoints, a lost lease, finish (done or incomplete), release. Plus how stored items read.
import { expect } from 'chai';
import { DataAccessError } from '../../../src/index.js';
import type { Ledger, PassProgress } from '../../../src/migrations/ledger.js';
import {
  acquireAction,
  checkpointAction,
  finishAction,
  LEDGER_PREFIX,
  LEDGER_SORT_KEY,
  LedgerRefusal,
  ledgerKey,
  ledgerOf,
  releaseAction,
  startingProgress,
  visibleState,
} from '../../../src/migrations/ledger.js';
import { holds } from '../../../src/store/condition.js';
import { renderAction } from '../../../src/store/render-action.js';
import type { PlanAction } from '../../../src/store/write-plan.js';

type Item = Record<string, unknown>;
const ID = '2026-12-link-connection-id';
const T = (seconds: number) => new Date(Date.UTC(2026, 11, 1, 12, 0, seconds)).toISOString();
const PROGRESS: PassProgress = { cursor: { pk: 'p#1', sk: 's#1' }, scanned: 10, changed: 4, failed: 1, conflicts: [{ organizationId: 'o', provider: 'github', connectionIds: ['a', 'b'] }] };

/** Applies `action` to `item` as DynamoDB would; resolves the new item, or throws what the refusal means. */
function apply(item: Item | undefined, action: PlanAction): Item {
  const failed = action.requirements.find((requirement) => !holds(requirement.condition, item));
  if (failed) {
    const outcome = failed.failure(item);
    throw outcome.kind === 'error' ? outcome.error : new Error(`unexpected outcome ${outcome.kind}`);
  }
  if (action.type !== 'update') throw new Error('ledger actions are updates');
  const next: Item = { ...(item ?? { ...action.key }) };
  for (const clause of action.update.set ?? []) {
    const path = clause.path as string;
    if (!(clause.ifAbsent && next[path] !== undefined)) next[path] = clause.value;
  }
  for (const path of action.update.remove ?? []) delete next[path as string];
  return next;
}

function refusalOf(run: () => unknown): LedgerRefusal {
  try {
    run();
  } catch (error) {
    expect(error).to.be.instanceOf(LedgerRefusal);
    return error as LedgerRefusal;
  }
  throw new Error('expected a refusal');
}

describe('migrations: the ledger', function () {
  it('keys a ledger by the migration id, beside no entity', function () {
    expect(ledgerKey(ID)).to.deep.equal({ pk: `${LEDGER_PREFIX}${ID}`, sk: LEDGER_SORT_KEY });
    expect(LEDGER_PREFIX).to.equal('$migration#');
  });

  it('reads a missing ledger as pending and zero, and ignores what is malformed', function () {
    const none = ledgerOf(ID, undefined);
    expect(none).to.deep.equal({ id: ID, state: 'pending', cursor: undefined, scanned: 0, changed: 0, failed: 0, conflicts: [], passEnded: false, leaseOwner: undefined, leaseExpiresAt: undefined });
    const junk = ledgerOf(ID, {
      state: 'exploded',
      cursor: { pk: 1, sk: 's' },
      scanned: -1,
      changed: 1.5,
      failed: '3',
      conflicts: [null, 'x', { organizationId: 'o', provider: 'github' }, { organizationId: 'o', provider: 'github', connectionIds: ['a', 2] }],
      leaseOwner: 7,
    });
    expect(junk).to.deep.include({ state: 'pending', cursor: undefined, scanned: 0, changed: 0, failed: 0, leaseOwner: undefined });
    expect(junk.conflicts).to.deep.equal([{ organizationId: 'o', provider: 'github', connectionIds: ['a'] }]);
    expect(ledgerOf(ID, { cursor: 'p#1' }).cursor).to.equal(undefined);
    expect(ledgerOf(ID, { conflicts: 'none' }).conflicts).to.deep.equal([]);
  });

  it('shows a running ledger whose lease ran out as pending (its run died), a done one as done', function () {
    const running: Ledger = { ...ledgerOf(ID, undefined), state: 'running', leaseOwner: 'a', leaseExpiresAt: T(30) };
    expect(visibleState(running, T(10))).to.equal('running');
    expect(visibleState(running, T(31))).to.equal('pending');
    expect(visibleState({ ...running, leaseOwner: undefined }, T(10))).to.equal('pending');
    expect(visibleState({ ...running, state: 'done' }, T(10))).to.equal('done');
  });

  it('resumes a pass, or starts a new one after a pass that ended incomplete', function () {
    const stored = ledgerOf(ID, { ...PROGRESS, state: 'running' });
    expect(startingProgress(stored)).to.deep.equal(PROGRESS);
    expect(startingProgress({ ...stored, passEnded: true })).to.deep.equal({ cursor: undefined, scanned: 0, changed: 0, failed: 0, conflicts: [] });
  });

  it('lets one run hold the lease: busy for others until it runs out, then taken over; the old holder is locked out', function () {
    // A creates the ledger and takes the lease.
    let item = apply(undefined, acquireAction(ID, 'A', T(0), T(10)));
    expect(item).to.deep.include({ migrationId: ID, state: 'running', leaseOwner: 'A', leaseExpiresAt: T(10), scanned: 0, changed: 0, failed: 0, conflicts: [] });
    // B is refused while A's lease holds, and told until when.
    const busy = refusalOf(() => apply(item, acquireAction(ID, 'B', T(5), T(15))));
    expect(busy).to.deep.include({ reason: 'busy', leaseExpiresAt: T(10), code: 'CONCURRENT_MODIFICATION' });
    expect(busy).to.be.instanceOf(DataAccessError);
    // A checkpoints: progress saved, lease renewed; A may take its own lease again.
    item = apply(item, checkpointAction(ID, 'A', PROGRESS, T(6), T(16)));
    expect(item).to.deep.include({ cursor: PROGRESS.cursor, scanned: 10, changed: 4, failed: 1, leaseExpiresAt: T(16) });
    item = apply(item, acquireAction(ID, 'A', T(7), T(17)));
    expect(item).to.deep.include({ leaseOwner: 'A', scanned: 10, cursor: PROGRESS.cursor });
    // A stalls past its lease: B takes over, keeping A's cursor and counts (ifAbsent).
    item = apply(item, acquireAction(ID, 'B', T(18), T(28)));
    expect(item).to.deep.include({ leaseOwner: 'B', cursor: PROGRESS.cursor, scanned: 10, changed: 4 });
    // A's late checkpoint, finish and release are refused: it lost the lease.
    for (const late of [checkpointAction(ID, 'A', PROGRESS, T(19), T(29)), finishAction(ID, 'A', PROGRESS, true, T(19)), releaseAction(ID, 'A', PROGRESS, T(19))]) {
      expect(refusalOf(() => apply(item, late)).reason).to.equal('lost');
    }
    // B finishes: done, lease and cursor gone; nobody can take it again.
    item = apply(item, finishAction(ID, 'B', { ...PROGRESS, failed: 0, conflicts: [] }, true, T(20)));
    expect(item).to.deep.include({ state: 'done', completedAt: T(20) });
    expect(item).to.not.have.any.keys('leaseOwner', 'leaseExpiresAt', 'cursor', 'passEnded');
    expect(refusalOf(() => apply(item, acquireAction(ID, 'C', T(99), T(109)))).reason).to.equal('done');
    expect(refusalOf(() => apply(item, checkpointAction(ID, 'B', PROGRESS, T(21), T(31)))).reason).to.equal('lost');
  });

  it('ends an incomplete pass as pending with passEnded, and a release keeps the cursor for the next run', function () {
    let item = apply(undefined, acquireAction(ID, 'A', T(0), T(10)));
    item = apply(item, checkpointAction(ID, 'A', PROGRESS, T(1), T(11)));
    const released = apply(item, releaseAction(ID, 'A', { ...PROGRESS, changed: 6 }, T(2)));
    expect(released).to.deep.include({ state: 'pending', cursor: PROGRESS.cursor, changed: 6 });
    expect(released).to.not.have.any.keys('leaseOwner', 'leaseExpiresAt');
    // The next run takes it at once (no lease to wait for) and resumes.
    item = apply(released, acquireAction(ID, 'B', T(3), T(13)));
    expect(startingProgress(ledgerOf(ID, item)).cursor).to.deep.equal(PROGRESS.cursor);
    const ended = apply(item, finishAction(ID, 'B', PROGRESS, false, T(4)));
    expect(ended).to.deep.include({ state: 'pending', passEnded: true, failed: 1 });
    expect(ended).to.not.have.any.keys('cursor', 'completedAt', 'leaseOwner');
    // A new pass: the first checkpoint clears passEnded.
    item = apply(ended, acquireAction(ID, 'C', T(5), T(15)));
    expect(startingProgress(ledgerOf(ID, item)).scanned).to.equal(0);
    expect(apply(item, checkpointAction(ID, 'C', { ...PROGRESS, cursor: undefined }, T(6), T(16)))).to.not.have.any.keys('passEnded', 'cursor');
  });

  it('renders each step as one conditional UpdateItem on the ledger', function () {
    const acquire = renderAction('t', acquireAction(ID, 'A', T(0), T(10)));
    expect(acquire.Key).to.deep.equal(ledgerKey(ID));
    expect(acquire.UpdateExpression).to.match(/^SET .*if_not_exists/);
    expect(acquire.ConditionExpression).to.match(/^\(attribute_not_exists\(#\w+\) OR #\w+ <> :\w+\) AND \(attribute_not_exists\(#\w+\) OR #\w+ = :\w+ OR #\w+ < :\w+\)$/);
    expect(Object.values(acquire.ExpressionAttributeNames ?? {})).to.include.members(['state', 'leaseOwner', 'leaseExpiresAt']);
    const finish = renderAction('t', finishAction(ID, 'A', PROGRESS, true, T(1)));
    expect(finish.UpdateExpression).to.match(/ REMOVE #\w+, #\w+, #\w+$/);
    expect(finish.ConditionExpression).to.match(/^#\w+ = :\w+ AND #\w+ = :\w+$/);
  });
});
