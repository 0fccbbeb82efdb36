/**
 * The tree the removal scenarios delete (cascade, offboarding): one connection of an organization
 * with its tickets and their links, plus the guard items of the connection and of every ticket.
 * It is written once through the library (its table's migrations run, see migrated.ts) and copied
 * into a fresh table before every run, so every contender removes exactly the same items, and
 * each run must leave its table holding only the migration ledgers.
 */
import { randomUUID } from 'node:crypto';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { createDataAccess } from '../../src/index.js';
import type { ConnectionRef } from '../baselines/raw-sdk.js';
import { batchWriteAll } from '../baselines/raw-sdk.js';
import { connectionInput, ticketInputs } from '../fixtures.js';
import type { Contender, RunInfo, Trial } from '../harness.js';
import type { ScenarioContext } from '../scenario.js';
import { check } from '../scenario.js';
import type { CountedClient } from './bench-client.js';
import { isLedger, runMigrations } from './migrated.js';

type Item = Record<string, unknown>;

export interface Tree {
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
    await runMigrations(da);
    // The connection and its two guards (external-instance, active-provider), then per ticket itself, its guard and its links.
    const items: Item[] = [];
    let startKey: Item | undefined;
    do {
      const page = await client.doc.send(new ScanCommand({ TableName: table, ConsistentRead: true, ...(startKey ? { ExclusiveStartKey: startKey } : {}) }));
      items.push(...(page.Items ?? []));
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    check(items.filter((item) => !isLedger(item)).length === 3 + tickets * (2 + linksPerTicket), `the tree holds ${items.length} items`);
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

/** The trees of one scenario: a small one for warm-up runs, the measured one. */
export interface Trees {
  readonly warmup: Tree;
  readonly measured: Tree;
}

/** Writes the warm-up and measured trees of `sizes.cascade` with a client of their own (also the one that copies them before each run). */
export async function writeTrees(context: ScenarioContext): Promise<{ readonly trees: Trees; readonly seedClient: CountedClient }> {
  const { tickets, linksPerTicket, warmupTickets } = context.sizes.cascade;
  const seedClient = context.store.newClient();
  const trees: Trees = {
    warmup: await writeTree(context, seedClient, warmupTickets, linksPerTicket),
    measured: await writeTree(context, seedClient, tickets, linksPerTicket),
  };
  context.log(`  tree of ${trees.measured.items.length} items written`);
  return { trees, seedClient };
}

/**
 * A contender that removes a copy of the tree from a fresh table: `remove` prepares (untimed) and
 * returns the timed removal; `client`'s request counter counts the run's requests only; `observe`
 * hears when a measured run ended (after its requests are counted, before its table is checked).
 */
export function treeContender(
  context: ScenarioContext,
  trees: Trees,
  seedClient: CountedClient,
  label: string,
  client: CountedClient,
  remove: (table: string, tree: Tree) => Promise<() => Promise<unknown>>,
  observe?: { readonly reset: () => void; readonly measured: () => void },
): Contender {
  const { store } = context;
  return {
    label,
    async prepare(info: RunInfo): Promise<Trial> {
      const tree = info.warmup ? trees.warmup : trees.measured;
      const table = await store.newTable('cascade');
      await batchWriteAll(seedClient.doc, table, tree.items.map((Item) => ({ PutRequest: { Item } })));
      const removal = await remove(table, tree);
      client.counter.reset();
      observe?.reset();
      return {
        run: async () => {
          await removal();
        },
        requests: () => {
          if (!info.warmup) observe?.measured();
          return client.counter.count();
        },
        cleanup: async () => {
          check((await store.countItems(table)) === tree.items.filter(isLedger).length, `${label} left items behind`);
          await store.dropTable(table);
        },
      };
    },
  };
}
