/**
 * Ticket.applyExternalUpdates (the batch whose writes ask for no item back) raced against the
 * other operations that touch the same tickets or their connection: the connection's cascade,
 * single applyExternalUpdate calls with other source times, and saves of stale copies. Each race
 * ends in a table scan (invariants.ts): no ticket comes back after its remove, no guard is left,
 * the newest source time wins, no save is lost without being refused.
 */
import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import type { DataAccess, TaskManagementConnection, Ticket } from '../../../src/index.js';
import { jiraCloudConnectionInput, ticketInput } from '../../support/entity-fixtures.js';
import { recordsOf, treeOf } from './invariants.js';
import { Creators, expectOnly, Figures, outcomeOf, raceTable, settle } from './support.js';

const figures = new Figures('applyExternalUpdates × other operations');
const GROUP = 'applyExternalUpdates';
const N = 20;

/** A time `seconds` after a fixed start, as a tracker would send it. */
const at = (seconds: number) => new Date(Date.UTC(2026, 11, 1, 12, 0, seconds)).toISOString();

async function connectionWithTickets(da: DataAccess, n: number): Promise<{ connection: TaskManagementConnection; tickets: Ticket[] }> {
  const connection = await da.TaskManagementConnection.create(jiraCloudConnectionInput());
  const tickets = await Promise.all(Array.from({ length: n }, () => da.Ticket.create(ticketInput(connection))));
  return { connection, tickets };
}

describe('races: applyExternalUpdates × other operations (DynamoDB Local)', function () {
  this.timeout(60_000);
  figures.printAfter();

  it(`connection.remove() while 4 workers keep sending batches for its ${N} tickets → nothing of the tree is left; every update is applied, stale or notFound, never failed`, async function () {
    const table = await raceTable('races-external-updates');
    const { connection, tickets } = await connectionWithTickets(table.da, N);
    const updaters = table.other();
    let second = 0;
    const creators = new Creators(
      4,
      async () => {
        const result = await updaters.Ticket.applyExternalUpdates(
          connection.getId(),
          tickets.map((ticket) => ({ externalTicketId: ticket.getExternalTicketId(), status: 'In Progress', sourceUpdatedAt: at((second += 1) % 60) })),
        );
        expect(result.failed, 'failed updates').to.deep.equal([]);
        expect(result.applied.length + result.stale.length + result.notFound.length).to.equal(N);
        return result;
      },
      4,
    );
    const removed = await creators.during(() => table.da.TaskManagementConnection.findById(connection.getId()).then((copy) => copy?.remove()));
    expect(outcomeOf(removed), 'remove()').to.equal('ok');
    expectOnly(creators.attempts.map((attempt) => outcomeOf(attempt.result)), ['ok'], 'batches');
    expect(creators.racing.length, 'batches in flight while remove() ran').to.be.at.least(1);
    const labels = creators.attempts.flatMap((attempt) => {
      const value = (attempt.result as PromiseFulfilledResult<{ applied: string[]; stale: string[]; notFound: string[] }>).value;
      return [...value.applied.map(() => 'applied'), ...value.stale.map(() => 'stale'), ...value.notFound.map(() => 'notFound')];
    });
    figures.record(`${GROUP}: × connection.remove()`, labels);
    const items = await table.check();
    expect(treeOf(items, connection.getId()), 'items of the removed tree').to.deep.equal([]);
  });

  it(`${N / 2} batches × ${N / 2} single applyExternalUpdate calls with shuffled source times → every ticket holds the newest time and its status`, async function () {
    const table = await raceTable('races-external-updates');
    const { connection, tickets } = await connectionWithTickets(table.da, 5);
    // Distinct times 1…N per ticket, handed out in an order unrelated to the time.
    const order = Array.from({ length: N }, (_, i) => ((i * 7) % N) + 1);
    const calls = order.map((second, i) => {
      const da = i % 2 === 0 ? table.da : table.other();
      if (i % 2 === 0) {
        return settle(da.Ticket.applyExternalUpdates(connection.getId(), tickets.map((ticket) => ({ externalTicketId: ticket.getExternalTicketId(), status: `S${second}`, sourceUpdatedAt: at(second) }))));
      }
      return settle(Promise.all(tickets.map((ticket) => da.Ticket.applyExternalUpdate(connection.getId(), ticket.getExternalTicketId(), { status: `S${second}`, sourceUpdatedAt: at(second) }))));
    });
    const results = await Promise.all(calls);
    expectOnly(results.map(outcomeOf), ['ok'], 'batches and single updates');
    figures.record(`${GROUP}: × applyExternalUpdate`, results.map(outcomeOf));
    const items = await table.check();
    for (const stored of recordsOf(items, 'ticket').filter((item) => item.taskManagementConnectionId === connection.getId())) {
      expect([stored.ticketStatus, stored.sourceUpdatedAt], `ticket ${String(stored.ticketId)}`).to.deep.equal([`S${N}`, at(N)]);
    }
  });

  it(`${N} stale copies saving updatedBy while a batch updates the same tickets → each save lands before the batch's write or is refused; no change is lost unreported`, async function () {
    const table = await raceTable('races-external-updates');
    const { connection, tickets } = await connectionWithTickets(table.da, N);
    const copies = await Promise.all(tickets.map((ticket) => table.other().Ticket.findById(ticket.getId())));
    const saver = randomUUID();
    const [batch, ...saves] = await Promise.all([
      settle(table.da.Ticket.applyExternalUpdates(connection.getId(), tickets.map((ticket) => ({ externalTicketId: ticket.getExternalTicketId(), status: 'Done', sourceUpdatedAt: at(30) })))),
      ...copies.map((copy) => settle((copy as Ticket).setUpdatedBy(saver).save())),
    ]);
    expect(outcomeOf(batch)).to.equal('ok');
    const labels = saves.map(outcomeOf);
    expectOnly(labels, ['ok', 'ConcurrentModificationError'], 'saves');
    figures.record(`${GROUP}: × stale save`, labels);
    const items = await table.check();
    const stored = new Map(recordsOf(items, 'ticket').map((item) => [String(item.ticketId), item]));
    tickets.forEach((ticket, i) => {
      const item = stored.get(ticket.getId());
      // The batch always lands (its condition is on the source time only).
      expect(item?.ticketStatus, 'status').to.equal('Done');
      expect(item?.updatedBy === saver, `ticket ${i}: the save landed exactly when it was reported`).to.equal(labels[i] === 'ok');
    });
  });
});
