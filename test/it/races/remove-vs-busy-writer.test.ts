/**
 * Group 1b — remove × a writer that never pauses. A sync worker reporting progress back to back
 * (or a heartbeat loop) changes its record with every write; each change makes the removal's
 * delete of that record decide again. API.md, "Removing": when `remove()` resolves, no item of the
 * removed tree is left "whatever other processes created or changed meanwhile" — a busy writer
 * must not starve the removal. The writer ends with NotFoundError once its record is fenced or gone.
 */
import { expect } from 'chai';
import type { DataAccess, SyncOperation, TaskManagementConnection } from '../../../src/index.js';
import { jiraCloudConnectionInput, syncStartInput } from '../../support/entity-fixtures.js';
import { scanAll } from '../../support/local-store.js';
import { treeOf } from './invariants.js';
import { Figures, labelOf, raceTable } from './support.js';

const figures = new Figures('remove × busy writer');
const GROUP = '1b. remove × a writer without pauses';
const ROUNDS = 20;

interface BusyWriter {
  readonly name: string;
  readonly write: (sync: SyncOperation, n: number) => Promise<unknown>;
}

const WRITERS: readonly BusyWriter[] = [
  { name: 'reportProgress()', write: (sync, n) => sync.reportProgress({ current: n, total: 1_000_000, processed: n, stage: 'updating', cursor: `c${n}` }) },
  { name: 'heartbeat()', write: (sync) => sync.heartbeat() },
];

/** A connection with a running sync whose worker writes in a loop until told to stop; resolves how it ended. */
async function busyTree(da: DataAccess, writer: BusyWriter): Promise<{ connection: TaskManagementConnection; writes: () => number; stop: () => Promise<string> }> {
  const connection = await da.TaskManagementConnection.create(jiraCloudConnectionInput());
  const sync = await da.SyncOperation.start(syncStartInput(connection));
  await sync.begin();
  let stopped = false;
  let writes = 0;
  const loop = (async () => {
    for (let n = 1; !stopped; n += 1) {
      try {
        await writer.write(sync, n);
        writes += 1;
      } catch (error) {
        return labelOf(error);
      }
    }
    return 'stopped';
  })();
  return {
    connection,
    writes: () => writes,
    stop: async () => {
      stopped = true;
      return loop;
    },
  };
}

describe('races 1b: remove × a writer that never pauses (DynamoDB Local)', function () {
  this.timeout(120_000);
  figures.printAfter();

  for (const writer of WRITERS) {
    for (const removal of ['connection.remove()', 'da.removeOrganization()'] as const) {
      it(`${removal} while the sync's worker calls ${writer.name} back to back, ${ROUNDS} trees at once: resolves, nothing of the tree is left, the worker ends with NotFoundError`, async function () {
        const table = await raceTable('races-busy');
        const trees = await Promise.all(Array.from({ length: ROUNDS }, () => busyTree(table.da, writer)));
        // Let every worker get going before the removals start.
        while (trees.some((tree) => tree.writes() < 3)) await new Promise((resolve) => setTimeout(resolve, 5));
        const remover = table.other();
        const removals = await Promise.allSettled(
          trees.map(({ connection }) =>
            removal === 'connection.remove()' ? connection.remove() : remover.removeOrganization(connection.getOrganizationId()),
          ),
        );
        const endings = await Promise.all(trees.map((tree) => tree.stop()));
        const outcomes = removals.map((result) => (result.status === 'fulfilled' ? 'ok' : labelOf(result.reason)));
        figures.record(GROUP, outcomes);
        expect(outcomes, 'every removal resolves').to.deep.equal(outcomes.map(() => 'ok'));
        expect(endings, 'every worker was stopped by the removal').to.deep.equal(endings.map(() => 'NotFoundError'));
        const items = await scanAll(table.client, table.tableName);
        for (const { connection } of trees) expect(treeOf(items, connection.getId()), `what is left of ${connection.getId()}`).to.deep.equal([]);
        await table.check();
      });
    }
  }
});
