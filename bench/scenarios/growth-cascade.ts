/**
 * Scenario 14 — a cascade as the tree grows: `connection.remove()` of a connection with 100,
 * 1 000 and 5 000 tickets × 2 links (plus every ticket's guard and the connection's guards),
 * alternately; the time per ticket at 5 000 must stay within 1.2× of the time per ticket at 100.
 *
 * The trees are derived from items the library wrote: one ticket with its links under a
 * connection, whose ticket subtree (the ticket, its guard, its links) is copied once per ticket
 * with fresh ids (each link's id derived from its new suggestion id, as the library derives it),
 * then written into a fresh table per run with the raw parallel BatchWriteItem loop.
 */
import { randomUUID } from 'node:crypto';
import { createDataAccess } from '../../src/index.js';
import { identityOf } from '../../src/schema/index.js';
import type { AnySchema } from '../../src/schema/index.js';
import { batchWriteAll } from '../baselines/raw-sdk.js';
import { connectionInput, ticketInputs } from '../fixtures.js';
import { growthRows } from '../growth.js';
import type { RunInfo } from '../harness.js';
import type { Scenario, ScenarioContext } from '../scenario.js';
import { check } from '../scenario.js';
import type { CountedClient } from '../support/bench-client.js';
import { isLedger, runMigrations } from '../support/migrated.js';

type Item = Record<string, unknown>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

interface Template {
  readonly connectionId: string;
  /** The connection and its guard items. */
  readonly shared: readonly Item[];
  /** The ticket, its guard and its links. */
  readonly subtree: readonly Item[];
  readonly externalTicketId: string;
  readonly linkSchema: AnySchema;
}

/** Writes a connection with one ticket and `links` links through the library and splits the table's items. */
async function template(context: ScenarioContext, client: CountedClient, links: number): Promise<Template> {
  const { store } = context;
  const table = await store.newTable('growth-template');
  try {
    const da = createDataAccess({ tableName: table, client: client.client });
    const connection = await da.TaskManagementConnection.create(connectionInput());
    const [input] = ticketInputs({ organizationId: connection.getOrganizationId(), taskManagementConnectionId: connection.getId() }, 1, 'growth');
    check(input !== undefined, 'no ticket input');
    const ticket = await da.Ticket.create(input);
    const linked = await da.TicketSuggestion.createMany(
      Array.from({ length: links }, () => ({ ticketId: ticket.getId(), suggestionId: randomUUID(), opportunityId: randomUUID(), createdBy: 'bench@example.com' })),
    );
    check(linked.failed.length === 0, 'writing the template links failed');
    await runMigrations(da);
    const items = await store.scanItems(table);
    const inSubtree = (item: Item) => Object.values(item).some((value) => typeof value === 'string' && value.includes(ticket.getId()));
    const subtree = items.filter(inSubtree);
    check(subtree.length === 2 + links && items.filter((item) => !isLedger(item)).length === subtree.length + 3, `the template holds ${items.length} items, ${subtree.length} of its ticket`);
    return { connectionId: connection.getId(), shared: items.filter((item) => !inSubtree(item)), subtree, externalTicketId: input.externalTicketId, linkSchema: da.TicketSuggestion.schema };
  } finally {
    await store.dropTable(table);
  }
}

/** Every item of a tree of `tickets` copies of the template's ticket subtree. */
function treeOf(source: Template, tickets: number): Item[] {
  const { connectionId, shared, subtree, externalTicketId, linkSchema } = source;
  const organizationId = shared.find((item) => typeof item.organizationId === 'string')?.organizationId;
  const ids = [...new Set(subtree.flatMap((item) => Object.values(item).filter((value): value is string => typeof value === 'string' && UUID.test(value))))].filter(
    (id) => id !== connectionId && id !== organizationId,
  );
  const links = subtree.filter((item) => item.__edb_e__ === linkSchema.storageName);
  const items: Item[] = [...shared];
  for (let i = 0; i < tickets; i += 1) {
    const fresh = new Map<string, string>(ids.map((id) => [id, randomUUID()]));
    for (const link of links) {
      const suggestionId = fresh.get(link.suggestionId as string) as string;
      fresh.set(link.ticketSuggestionId as string, identityOf(linkSchema, { suggestionId }));
    }
    fresh.set(externalTicketId, `${externalTicketId}-${i}`);
    const rewrite = (value: string) => {
      let result = value;
      for (const [from, to] of fresh) result = result.replaceAll(from, to);
      return result;
    };
    for (const item of subtree) items.push(Object.fromEntries(Object.entries(item).map(([name, value]) => [name, typeof value === 'string' ? rewrite(value) : value])));
  }
  return items;
}

export const growthCascade: Scenario = {
  name: 'growth-cascade',
  async run(context) {
    const { store, sizes, log } = context;
    const { tickets: counts, linksPerTicket, warmup, rounds } = sizes.growth.cascade;
    const seedClient = store.newClient();
    const source = await template(context, seedClient, linksPerTicket);
    const trees = new Map(counts.map((n) => [n, treeOf(source, n)]));
    log(`  trees of ${counts.join(' / ')} tickets derived`);
    const client = store.newClient();
    return growthRows(
      counts,
      { warmup, rounds },
      (n) => ({
        label: `remove() of a connection with ${n} tickets`,
        async prepare(info: RunInfo) {
          // Warm-ups remove the smallest tree: they warm the code, not the table.
          const tree = trees.get(info.warmup ? counts[0] : n) as Item[];
          const table = await store.newTable('growth-cascade');
          await batchWriteAll(seedClient.doc, table, tree.map((Item) => ({ PutRequest: { Item } })));
          const connection = await createDataAccess({ tableName: table, client: client.client }).TaskManagementConnection.findById(source.connectionId);
          check(connection !== null, 'the connection is missing');
          client.counter.reset();
          return {
            run: () => connection.remove(),
            requests: () => client.counter.count(),
            cleanup: async () => {
              check((await store.countItems(table)) === source.shared.filter(isLedger).length, `remove() of ${n} tickets left items behind`);
              await store.dropTable(table);
            },
          };
        },
      }),
      { scenario: (n, smallest) => `growth: cascade remove() µs per ticket (+ guard + ${linksPerTicket} links) at ${n} vs ${smallest} tickets`, budget: 1.2 },
    );
  },
};
