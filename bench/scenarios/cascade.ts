/**
 * Scenario 6 — cascade remove of a connection with 1 000 tickets × 2 links (plus the guard items
 * of the connection and of every ticket), vs deleting item by item (the library must be ≥ 5×
 * faster: ratio ≤ 0.2) and vs a hand-written batched delete, 25 per request, 8 in flight (≤ 1.3×).
 * The tree is written once by the library and copied into a fresh table before every run.
 */
import { randomUUID } from 'node:crypto';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { createDataAccess } from '../../src/index.js';
import type { ConnectionRef } from '../baselines/raw-sdk.js';
import { batchWriteAll, deleteBatched, deleteItemByItem } from '../baselines/raw-sdk.js';
import { connectionInput, ticketInputs } from '../fixtures.js';
import type { Contender, RunInfo, Samples, Trial } from '../harness.js';
import { alternate } from '../harness.js';
import { compare } from '../report.js';
import type { Scenario, ScenarioContext } from '../scenario.js';
import { check } from '../scenario.js';
import type { CountedClient } from '../support/local.js';

type Item = Record<string, unknown>;

interface Tree {
  readonly items: Item[];
  readonly connection: ConnectionRef;
}

/** Writes a connection, its tickets and their links through the library and returns every item of the table. */
async function writeTree(context: ScenarioContext, client: CountedClient, tickets: number, linksPerTicket: number): Promise<Tree> {
  const { store } = context;
  const table = await store.newTable('cascade-tree');
  try {
    const da = createDataAccess({ tableName: table, client: client.client });
    const connection = await da.TaskManagementConnection.create(connectionInput());
    const parent = { organizationId: connection.getOrganizationId(), taskManagementConnectionId: connection.getId() };
    const created = await da.Ticket.createMany(ticketInputs(parent, tickets, 'cascade'));
    check(created.failed.length === 0, 'writing the tickets failed');
    const links = created.created.flatMap((ticket) =>
      Array.from({ length: linksPerTicket }, () => ({ ticketId: ticket.getId(), suggestionId: randomUUID(), opportunityId: randomUUID(), createdBy: 'bench@example.com' })),
    );
    const linked = await da.TicketSuggestion.createMany(links);
    check(linked.failed.length === 0, 'writing the links failed');
    // The connection and its two guards (external-instance, active-provider), then per ticket itself, its guard and its links.
    const items: Item[] = [];
    let startKey: Item | undefined;
    do {
      const page = await client.doc.send(new ScanCommand({ TableName: table, ConsistentRead: true, ...(startKey ? { ExclusiveStartKey: startKey } : {}) }));
      items.push(...(page.Items ?? []));
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    check(items.length === 3 + tickets * (2 + linksPerTicket), `the tree holds ${items.length} items`);
    return {
      items,
      connection: {
        taskManagementConnectionId: connection.getId(),
        organizationId: connection.getOrganizationId(),
        provider: connection.getProvider(),
        externalInstanceId: connection.getExternalInstanceId(),
      },
    };
  } finally {
    await store.dropTable(table);
  }
}

export const cascade: Scenario = {
  name: 'cascade',
  async run(context) {
    const { store, sizes, log } = context;
    const { tickets, linksPerTicket, warmupTickets, warmup, rounds } = sizes.cascade;
    const seedClient = store.newClient();
    const trees = {
      warmup: await writeTree(context, seedClient, warmupTickets, linksPerTicket),
      measured: await writeTree(context, seedClient, tickets, linksPerTicket),
    };
    log(`  tree of ${trees.measured.items.length} items written`);

    /** A fresh table holding a copy of the tree; the run must leave it empty. */
    const contender = (label: string, client: CountedClient, remove: (table: string, tree: Tree) => Promise<() => Promise<void>>): Contender => ({
      label,
      async prepare(info: RunInfo): Promise<Trial> {
        const tree = info.warmup ? trees.warmup : trees.measured;
        const table = await store.newTable('cascade');
        await batchWriteAll(seedClient.doc, table, tree.items.map((Item) => ({ PutRequest: { Item } })));
        const run = await remove(table, tree);
        client.counter.reset();
        return {
          run,
          requests: () => client.counter.count(),
          cleanup: async () => {
            check((await store.countItems(table)) === 0, `${label} left items behind`);
            await store.dropTable(table);
          },
        };
      },
    });

    const libraryClient = store.newClient();
    const oneByOneClient = store.newClient();
    const batchedClient = store.newClient();
    const [library, oneByOne, batched] = (await alternate(
      [
        contender('remove()', libraryClient, async (table, tree) => {
          const model = await createDataAccess({ tableName: table, client: libraryClient.client }).TaskManagementConnection.findById(tree.connection.taskManagementConnectionId);
          check(model !== null, 'the connection is missing');
          return () => model.remove();
        }),
        contender('delete item by item (one DeleteItem at a time)', oneByOneClient, (table, tree) =>
          Promise.resolve(() => deleteItemByItem(oneByOneClient.doc, table, tree.connection)),
        ),
        contender('hand-written batched delete (25 per request, 8 in flight)', batchedClient, (table, tree) =>
          Promise.resolve(() => deleteBatched(batchedClient.doc, table, tree.connection)),
        ),
      ],
      { warmup, rounds },
    )) as [Samples, Samples, Samples];
    const what = `cascade remove: connection + ${tickets} tickets × ${linksPerTicket} links`;
    return [compare(`${what} vs item by item (≥ 5× faster)`, library, oneByOne, 0.2), compare(`${what} vs batched delete`, library, batched, 1.3)];
  },
};
