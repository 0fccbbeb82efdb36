/**
 * Scenario (issue 17) — tenant offboarding: `da.removeOrganization(orgId)` of an organization
 * whose only records are one connection with 1 000 tickets × 2 links, vs that connection's own
 * cascade (`connection.remove()`) of the same tree (≤ 1.2×). Offboarding adds what it must to find
 * the organization's records through its indexes (its connections, tickets left without one,
 * nonces, idempotency keys): that lookup is the price measured. The tree is cascade's
 * (bench/support/connection-tree.ts), copied into a fresh table before every run.
 */
import { createDataAccess } from '../../src/index.js';
import type { Samples } from '../harness.js';
import { alternate } from '../harness.js';
import { compare } from '../report.js';
import type { Scenario } from '../scenario.js';
import { check } from '../scenario.js';
import { treeContender, writeTrees } from '../support/connection-tree.js';

export const offboarding: Scenario = {
  name: 'offboarding',
  async run(context) {
    const { store, sizes } = context;
    const { tickets, linksPerTicket, warmupTickets, warmup, rounds } = sizes.cascade;
    const { trees, seedClient } = await writeTrees(context);
    const offboardingClient = store.newClient();
    const cascadeClient = store.newClient();
    const contender = treeContender.bind(undefined, context, trees, seedClient);
    const [offboard, cascade] = (await alternate(
      [
        contender('da.removeOrganization(organizationId)', offboardingClient, (table, tree) => {
          const da = createDataAccess({ tableName: table, client: offboardingClient.client });
          return Promise.resolve(async () => {
            const { removed } = await da.removeOrganization(tree.connection.organizationId);
            check(removed.TaskManagementConnection === 1 && removed.Ticket === (tree === trees.measured ? tickets : warmupTickets), `removeOrganization removed ${JSON.stringify(removed)}`);
          });
        }),
        contender('connection.remove() of the same tree', cascadeClient, async (table, tree) => {
          const model = await createDataAccess({ tableName: table, client: cascadeClient.client }).TaskManagementConnection.findById(tree.connection.taskManagementConnectionId);
          check(model !== null, 'the connection is missing');
          return () => model.remove();
        }),
      ],
      { warmup, rounds },
    )) as [Samples, Samples];
    return [compare(`offboarding: removeOrganization of 1 connection + ${tickets} tickets × ${linksPerTicket} links vs the connection's cascade`, offboard, cascade, 1.2)];
  },
};
