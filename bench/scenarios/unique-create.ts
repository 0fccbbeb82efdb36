/**
 * Scenario 7 — the price of the guarantee: a create whose unique constraints are enforced by guard
 * items in the same TransactWriteItems (TaskManagementConnection: `external-instance` and, while
 * active, `active-provider`), vs the same TransactWriteItems written by hand on the raw
 * DocumentClient (the connection and both guards, each conditioned on not existing): ≤ 1.1×.
 * Raw ElectroDB's create (one conditional PutItem, no uniqueness) stays as an informative row.
 */
import { createDataAccess } from '../../src/index.js';
import { createElectroService } from '../baselines/electro-service.js';
import { connectionItem } from '../baselines/raw-items.js';
import { transactConnection } from '../baselines/raw-sdk.js';
import { checkConnectionLayout } from '../checks.js';
import { connectionInput } from '../fixtures.js';
import type { Samples } from '../harness.js';
import { alternate, inFlight, plain } from '../harness.js';
import type { Row } from '../report.js';
import { compare } from '../report.js';
import type { Scenario } from '../scenario.js';

export const uniqueCreate: Scenario = {
  name: 'unique-create',
  async run({ sizes, store }) {
    const { sequentialOps, concurrentOps, inFlight: width, warmup, rounds } = sizes.uniqueCreate;
    const table = await store.newTable('unique');
    try {
      const libraryClient = store.newClient();
      const electroClient = store.newClient();
      const rawClient = store.newClient();
      const da = createDataAccess({ tableName: table, client: libraryClient.client });
      await checkConnectionLayout(rawClient.doc, table, da);
      const connections = da.TaskManagementConnection;
      const electro = createElectroService(table, electroClient.doc).entities.connection;
      const handCreate = () => transactConnection(rawClient.doc, table, connectionItem(connectionInput()));
      const rows: Row[] = [];
      for (const [mode, ops, limit] of [
        ['sequential', sequentialOps, 1],
        [`${width} in flight`, concurrentOps, width],
      ] as const) {
        const batch = Array.from({ length: ops }, (_, i) => i);
        const [library, hand, baseline] = (await alternate(
          [
            plain('create with guards (TransactWriteItems)', () => inFlight(batch, limit, () => connections.create(connectionInput()))),
            plain('hand TransactWriteItems: connection + the same 2 guards', () => inFlight(batch, limit, handCreate)),
            plain('raw ElectroDB create (conditional PutItem)', () => inFlight(batch, limit, () => electro.create(connectionInput()).go())),
          ],
          // Runs of single calls: a scavenge between runs (see BetweenRuns).
          { warmup, rounds, between: 'scavenge' },
        )) as [Samples, Samples, Samples];
        rows.push(compare(`create with unique guards vs hand TransactWriteItems: ${ops} calls, ${mode}`, library, hand, 1.1));
        rows.push(compare(`create with unique guards vs raw ElectroDB create (no uniqueness): ${ops} calls, ${mode}`, library, baseline, null));
      }
      return rows;
    } finally {
      await store.dropTable(table);
    }
  },
};
