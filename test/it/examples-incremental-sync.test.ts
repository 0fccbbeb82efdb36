/** examples/incremental-sync.ts on DynamoDB Local: a worker killed mid-sync, another taking over. */
import { expect } from 'chai';
import sinon from 'sinon';
import { ConcurrentModificationError } from '../../src/index.js';
import type { DataAccess, Ticket } from '../../src/index.js';
import type { ChangeSource, TrackerChange } from '../../examples/incremental-sync.js';
import { ISSUES, runIncrementalSync } from '../../examples/incremental-sync.js';
import { freshDataAccess, jiraCloudConnectionInput, rejectionOf, ticketInput } from '../support/entity-fixtures.js';

/** Three pages of changes; records the cursor of every fetch. */
function pagedChanges(pages: readonly TrackerChange[][]): ChangeSource & { fetched: (string | undefined)[] } {
  const fetched: (string | undefined)[] = [];
  return {
    fetched,
    fetchChanges: (_since, cursor) => {
      fetched.push(cursor);
      const index = cursor === undefined ? 0 : Number(cursor.slice(1));
      const total = pages.reduce((n, page) => n + page.length, 0);
      return Promise.resolve({ changes: pages[index] ?? [], total, ...(index + 1 < pages.length ? { next: `p${index + 1}` } : {}) });
    },
  };
}

describe('examples/incremental-sync.ts', function () {
  let da: DataAccess;
  let clock: sinon.SinonFakeTimers | undefined;

  before(async function () {
    ({ da } = await freshDataAccess('example-incremental'));
  });

  afterEach(function () {
    clock?.restore();
    clock = undefined;
  });

  it('a worker killed after one page is taken over once its lease ran out; the second resumes from its cursor and completes with the watermark', async function () {
    const connection = await da.TaskManagementConnection.create(jiraCloudConnectionInput());
    const tickets: Ticket[] = await Promise.all(Array.from({ length: 6 }, () => da.Ticket.create(ticketInput(connection))));
    const at = (minute: number) => new Date(Date.UTC(2026, 10, 1, 12, minute)).toISOString();
    const change = (i: number, status: string, minute: number): TrackerChange => ({ externalId: tickets[i]!.getExternalTicketId(), status, updatedAt: at(minute) });
    const request = { taskManagementConnectionId: connection.getId(), organizationId: connection.getOrganizationId(), triggeredBy: 'scheduler', leaseSeconds: 60 };

    const first = pagedChanges([[change(0, 'In Progress', 1), change(1, 'Done', 2)], [change(2, 'Done', 3), change(3, 'Done', 4)], [change(4, 'Done', 5), change(5, 'Done', 6)]]);
    const killed = await runIncrementalSync(da, request, first, { stopAfterPages: 1 });
    expect(killed.outcome).to.equal('stopped');
    expect(await runIncrementalSync(da, request, first)).to.deep.equal({ outcome: 'already-running' });

    clock = sinon.useFakeTimers({ now: Date.now(), toFake: ['Date'], shouldAdvanceTime: true });
    clock.tick(61_000);
    const second = pagedChanges([[change(0, 'Stale', 0)], [change(2, 'Done', 3), change(3, 'Done', 4)], [change(4, 'Done', 5), change(5, 'Done', 6)]]);
    const outcome = await runIncrementalSync(da, request, second);
    if (outcome.outcome !== 'completed') throw new Error(`expected completed, got ${outcome.outcome}`);
    expect(outcome.resumedFrom).to.equal('p1');
    expect(second.fetched).to.deep.equal(['p1', 'p2']);
    expect(outcome.applied).to.equal(4);

    const stored = await da.TaskManagementConnection.findById(connection.getId());
    expect(stored?.getSyncWatermark(ISSUES)).to.equal(at(6));
    if (killed.outcome !== 'stopped') throw new Error('unreachable');
    const abandoned = await da.SyncOperation.findById(killed.operation.getId());
    expect(abandoned?.getErrorCode()).to.equal('ABANDONED');
    // The killed worker's late report is refused.
    expect(await rejectionOf(killed.operation.reportProgress({ current: 3, total: 6, processed: 3, stage: 'updating' }))).to.be.instanceOf(ConcurrentModificationError);
    // A late webhook older than what the sync applied is stale.
    const late = await da.Ticket.applyExternalUpdate(connection.getId(), tickets[5]!.getExternalTicketId(), { status: 'To Do', sourceUpdatedAt: at(1) });
    expect(late.outcome).to.equal('stale');
    expect(late.ticket.getTicketStatus()).to.equal('Done');
  });

  it('refuses an inactive connection', async function () {
    const connection = await da.TaskManagementConnection.create(jiraCloudConnectionInput());
    await connection.markDisabled();
    const request = { taskManagementConnectionId: connection.getId(), organizationId: connection.getOrganizationId(), triggeredBy: 'scheduler' };
    expect(await runIncrementalSync(da, request, pagedChanges([[]]))).to.deep.equal({ outcome: 'connection-inactive' });
  });
});
