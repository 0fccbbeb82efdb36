/**
 * Scenario 7 — the price of the guarantee: a create whose unique constraint is enforced by a
 * guard item in the same TransactWriteItems (TaskManagementConnection, constraint
 * `external-instance`), vs raw ElectroDB's create (one conditional PutItem, no uniqueness).
 * Informative: no budget.
 */
import { createDataAccess } from '../../src/index.js';
import { createElectroService } from '../baselines/electro-service.js';
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
      const connections = createDataAccess({ tableName: table, client: libraryClient.client }).TaskManagementConnection;
      const electro = createElectroService(table, electroClient.doc).entities.connection;
      const rows: Row[] = [];
      for (const [mode, ops, limit] of [
        ['sequential', sequentialOps, 1],
        [`${width} in flight`, concurrentOps, width],
      ] as const) {
        const batch = Array.from({ length: ops }, (_, i) => i);
        const [library, baseline] = (await alternate(
          [
            plain('create with guard (TransactWriteItems)', () => inFlight(batch, limit, () => connections.create(connectionInput()))),
            plain('raw ElectroDB create (conditional PutItem)', () => inFlight(batch, limit, () => electro.create(connectionInput()).go())),
          ],
          { warmup, rounds },
        )) as [Samples, Samples];
        rows.push(compare(`create with unique guard: ${ops} calls, ${mode}`, library, baseline, null));
      }
      return rows;
    } finally {
      await store.dropTable(table);
    }
  },
};
