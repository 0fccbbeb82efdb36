/**
 * Scenario 6 — cascade remove of a connection with 1 000 tickets × 2 links (plus the guard items
 * of the connection and of every ticket), vs deleting item by item (the library must be ≥ 5×
 * faster: ratio ≤ 0.2) and vs a hand-written batched delete, 25 per request, 8 in flight (≤ 1.3×).
 * Every full run measures it again with a simulated 5 ms round trip per request on both sides:
 * ≥ 10× faster than item by item (≤ 0.1) and ≤ 1.1× the batched delete. Informative rows give the
 * fence's share of the library's removal (its UpdateItem against the whole remove, wall time) and
 * the share of request time spent in the guard-releasing deletes (TransactWriteItems).
 */
import { performance } from 'node:perf_hooks';
import { createDataAccess } from '../../src/index.js';
import { deleteBatched, deleteItemByItem } from '../baselines/raw-sdk.js';
import type { Rounds } from '../config.js';
import type { Samples } from '../harness.js';
import { alternate } from '../harness.js';
import type { Row } from '../report.js';
import { compare } from '../report.js';
import type { Scenario, ScenarioContext } from '../scenario.js';
import { check, latencyRerun, withRoundTrip } from '../scenario.js';
import type { Trees } from '../support/connection-tree.js';
import { treeContender, writeTrees } from '../support/connection-tree.js';
import type { CountedClient } from '../support/bench-client.js';

/** Sums the time of `client`'s requests by command (the whole SDK pipeline, simulated round trip included). */
function timeCommands(client: CountedClient): { readonly byCommand: Map<string, number> } {
  const byCommand = new Map<string, number>();
  client.client.middlewareStack.add(
    (next, context) => async (args) => {
      const started = performance.now();
      try {
        return await next(args);
      } finally {
        const name = String(context.commandName);
        byCommand.set(name, (byCommand.get(name) ?? 0) + performance.now() - started);
      }
    },
    { step: 'initialize', name: 'benchCommandTimer' },
  );
  return { byCommand };
}

/** How one set of rows is measured: its rounds, its budgets and the simulated round trip of its clients (undefined: the store's). */
interface Variant {
  readonly rounds: Rounds;
  readonly budgets: { readonly itemByItem: number; readonly batched: number };
  readonly rttMs?: number;
}

async function measure(context: ScenarioContext, trees: Trees, seedClient: CountedClient, variant: Variant): Promise<Row[]> {
  const { store, sizes } = context;
  const clientOptions = variant.rttMs === undefined ? {} : { rttMs: variant.rttMs };
  const libraryClient = store.newClient(clientOptions);
  const oneByOneClient = store.newClient(clientOptions);
  const batchedClient = store.newClient(clientOptions);
  const timer = timeCommands(libraryClient);
  const shares = { fence: [] as number[], transactions: [] as number[], requests: [] as number[] };
  const contender = treeContender.bind(undefined, context, trees, seedClient);
  const [library, oneByOne, batched] = (await alternate(
    [
      contender(
        'remove()',
        libraryClient,
        async (table, tree) => {
          const model = await createDataAccess({ tableName: table, client: libraryClient.client }).TaskManagementConnection.findById(tree.connection.taskManagementConnectionId);
          check(model !== null, 'the connection is missing');
          return () => model.remove();
        },
        {
          reset: () => timer.byCommand.clear(),
          measured: () => {
            // The connection's fence is the removal's only UpdateItem (tickets need none: their links carry the connection's id).
            check(libraryClient.counter.count('UpdateItemCommand') === 1, `the removal sent ${libraryClient.counter.count('UpdateItemCommand')} UpdateItem requests, not one fence`);
            shares.fence.push(timer.byCommand.get('UpdateItemCommand') ?? 0);
            shares.transactions.push(timer.byCommand.get('TransactWriteItemsCommand') ?? 0);
            shares.requests.push([...timer.byCommand.values()].reduce((sum, ms) => sum + ms, 0));
          },
        },
      ),
      contender('delete item by item (one DeleteItem at a time)', oneByOneClient, (table, tree) => Promise.resolve(() => deleteItemByItem(oneByOneClient.doc, table, tree.connection))),
      contender('hand-written batched delete (25 per request, 8 in flight)', batchedClient, (table, tree) => Promise.resolve(() => deleteBatched(batchedClient.doc, table, tree.connection))),
    ],
    variant.rounds,
  )) as [Samples, Samples, Samples];
  const { tickets, linksPerTicket } = sizes.cascade;
  const rtt = variant.rttMs ?? 0;
  const what = `cascade remove: connection + ${tickets} tickets × ${linksPerTicket} links`;
  const faster = Math.round(1 / variant.budgets.itemByItem);
  const part = (label: string, ms: number[]): Samples => ({ label, ms, requests: [] });
  return [
    compare(withRoundTrip(`${what} vs item by item (≥ ${faster}× faster)`, rtt), library, oneByOne, variant.budgets.itemByItem),
    compare(withRoundTrip(`${what} vs batched delete`, rtt), library, batched, variant.budgets.batched),
    compare(withRoundTrip(`${what}: the fence's share (its UpdateItem vs the whole remove)`, rtt), part('the fence (UpdateItem of the connection)', shares.fence), part('the whole remove()', library.ms), null),
    compare(
      withRoundTrip(`${what}: guard-releasing deletes' share of request time`, rtt),
      part('TransactWriteItems (ticket + its guard, conditioned on ownership)', shares.transactions),
      part('every request of the remove()', shares.requests),
      null,
    ),
  ];
}

export const cascade: Scenario = {
  name: 'cascade',
  async run(context) {
    const { sizes, log } = context;
    const { warmup, rounds } = sizes.cascade;
    const { trees, seedClient } = await writeTrees(context);
    const rows = await measure(context, trees, seedClient, { rounds: { warmup, rounds }, budgets: { itemByItem: 0.2, batched: 1.3 } });
    const rttMs = latencyRerun(context);
    if (rttMs !== undefined) {
      log(`  cascade done; again with a ${rttMs} ms round trip …`);
      rows.push(...(await measure(context, trees, seedClient, { rounds: sizes.latency.cascade, budgets: { itemByItem: 0.1, batched: 1.1 }, rttMs })));
    }
    return rows;
  },
};
