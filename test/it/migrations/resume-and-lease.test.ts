/**
 * Runs that die and runs that race, on DynamoDB Local: a run interrupted after k writes (several
 * k, one after the other, each run's lease left to run out like a dead process's) and then
 * finished migrates every item exactly once — the cursor resumes, nothing is skipped; runs that
 * start together never both run one migration; a run whose lease ran out is taken over from its
 * cursor, and its late writes change nothing.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { expect } from 'chai';
import sinon from 'sinon';
import type { DataAccess, MigrationRunResult } from '../../../src/index.js';
import { createDataAccess, tableDefinition } from '../../../src/index.js';
import { itemsOfEntity, rejectionOf } from '../../support/entity-fixtures.js';
import { createTableFrom, newLocalClient, scanAll } from '../../support/local-store.js';
import { expectDatastore, injectedDataAccess } from '../reliability/support.js';
import type { WriteRecorder } from './support.js';
import { beforeUpdate, buildOldTable, indexKeyNames, occurrences, recordWrites } from './support.js';

const SHAPE = { connections: 3, ticketsPerConnection: 5 };
const LINKS = SHAPE.connections * SHAPE.ticketsPerConnection * 2;
const TICKETS = SHAPE.connections * SHAPE.ticketsPerConnection;
/** Item updates a full run makes: every link and ticket, and each old connection twice (guard, defaults). */
const UPDATES = LINKS + TICKETS + 2 * SHAPE.connections;
const LEASE_SECONDS = 10;

describe('migrations: interrupted, resumed, raced (DynamoDB Local)', function () {
  this.timeout(240_000);
  const clients: DynamoDBClient[] = [];
  let clock: sinon.SinonFakeTimers | undefined;

  afterEach(function () {
    clock?.restore();
    clock = undefined;
  });
  after(function () {
    for (const client of clients) client.destroy();
  });

  async function oldTable(): Promise<{ da: DataAccess; client: DynamoDBClient; tableName: string }> {
    const client = newLocalClient();
    clients.push(client);
    const tableName = await createTableFrom(tableDefinition('migrations-resume'));
    const da = createDataAccess({ tableName, client });
    await buildOldTable(da, client, tableName, SHAPE);
    return { da, client, tableName };
  }

  /** A DataAccess on its own client whose item updates land in `recorder`. */
  function recorded(tableName: string, recorder: WriteRecorder): DataAccess {
    const client = newLocalClient();
    clients.push(client);
    recordWrites(client, recorder);
    return createDataAccess({ tableName, client });
  }

  /** Every old item is up to date, and was updated exactly once (connections once per migration). */
  async function expectEveryItemMigratedOnce(da: DataAccess, client: DynamoDBClient, tableName: string, recorder: WriteRecorder): Promise<void> {
    const items = await scanAll(client, tableName);
    const counts = occurrences(recorder.updated);
    expect(recorder.updated).to.have.length(UPDATES);
    const [linkPk] = indexKeyNames(da, 'TicketSuggestion', 'byTaskManagementConnectionId');
    const [ticketPk] = indexKeyNames(da, 'Ticket', 'byStatusSyncedAt');
    for (const link of itemsOfEntity(items, 'TicketSuggestion')) {
      expect(link[linkPk!], 'link migrated').to.be.a('string');
      expect(counts.get(String(link.pk)), 'link updated once').to.equal(1);
    }
    for (const ticket of itemsOfEntity(items, 'Ticket')) {
      expect(ticket[ticketPk!], 'ticket migrated').to.be.a('string');
      expect(counts.get(String(ticket.pk)), 'ticket updated once').to.equal(1);
    }
    for (const connection of itemsOfEntity(items, 'TaskManagementConnection')) {
      expect(connection.consecutiveFailures).to.equal(0);
      expect(connection.syncWatermarks).to.deep.equal({});
    }
  }

  it('interrupted after k writes (k = 1, 2, 3, 5, 8, 13, 21), each time left for dead, then finished: every item migrated once', async function () {
    const { da, client, tableName } = await oldTable();
    const recorder: WriteRecorder = { updated: [] };
    clock = sinon.useFakeTimers({ now: Date.now(), toFake: ['Date'], shouldAdvanceTime: true });
    const cursors: string[] = [];
    for (const k of [1, 2, 3, 5, 8, 13, 21]) {
      const { da: dying, client: dyingClient } = injectedDataAccess(tableName, { seed: k, failAfterWrites: k });
      clients.push(dyingClient);
      recordWrites(dyingClient, recorder);
      const error = await rejectionOf(dying.migrations.run({ pageSize: 4, leaseSeconds: LEASE_SECONDS }));
      expectDatastore(error, ['failAfterWrites']);
      // The ledger still names the dead run (its release failed too) until its lease runs out.
      const running = (await da.migrations.list()).find((m) => m.state === 'running');
      expect(running, `after k = ${k}`).to.not.equal(undefined);
      cursors.push(JSON.stringify((await scanAll(client, tableName)).filter((item) => String(item.pk).startsWith('$migration#')).map((item) => item.cursor)));
      clock.tick((LEASE_SECONDS + 1) * 1000);
    }
    // The dead runs made progress: the ledgers' cursors moved on.
    expect(new Set(cursors).size).to.be.greaterThan(3);
    const finished = await recorded(tableName, recorder).migrations.run({ pageSize: 4 });
    expect(finished.map((r) => r.outcome)).to.deep.equal(['done', 'incomplete', 'done', 'done']);
    await expectEveryItemMigratedOnce(da, client, tableName, recorder);
    expect((await da.migrations.list()).map((m) => [m.state, m.scanned])).to.deep.equal([
      ['done', LINKS],
      ['pending', SHAPE.connections + 2],
      ['done', TICKETS],
      ['done', SHAPE.connections + 2],
    ]);
  });

  it('a failed run gives its lease up: the next run resumes at once from the last checkpoint', async function () {
    const { da, client, tableName } = await oldTable();
    const recorder: WriteRecorder = { updated: [] };
    // The 8th UpdateItem fails (no retries left); the ones after it — the run's own release — get through.
    const script = { UpdateItem: [...Array.from({ length: 7 }, () => 'ok' as const), 'network' as const] };
    const { da: failing, client: failingClient, injector } = injectedDataAccess(tableName, { seed: 3, script, maxAttempts: 1, sdkMaxAttempts: 1, concurrency: 1 });
    clients.push(failingClient);
    recordWrites(failingClient, recorder);
    let pages = 0;
    const error = await rejectionOf(
      failing.migrations.run({
        pageSize: 6,
        onProgress: () => {
          pages += 1;
        },
      }),
    );
    expectDatastore(error, ['networkBeforeRequest']);
    expect(injector.counts.networkBeforeRequest).to.equal(1);
    expect(pages).to.be.greaterThan(0);
    const [first] = await da.migrations.list();
    expect(first?.state).to.equal('pending');
    const ledger = (await scanAll(client, tableName)).find((item) => item.pk === '$migration#2026-12-link-connection-id');
    expect(ledger?.leaseOwner, 'released').to.equal(undefined);
    expect(ledger?.cursor, 'the checkpoint is kept').to.be.an('object');
    const resumed = await recorded(tableName, recorder).migrations.run({ pageSize: 6 });
    expect(resumed[0]?.outcome).to.equal('done');
    expect(resumed[0]!.scanned, 'resumed after the checkpoint').to.be.lessThan(LINKS);
    await expectEveryItemMigratedOnce(da, client, tableName, recorder);
  });

  it('runs started together: each migration is run by one of them, the others report it busy or done; each item is updated once', async function () {
    const { da, client, tableName } = await oldTable();
    const recorder: WriteRecorder = { updated: [] };
    const runs = await Promise.all(Array.from({ length: 10 }, () => recorded(tableName, recorder).migrations.run({ pageSize: 5 })));
    const byMigration = (i: number) => runs.map((results) => results[i] as MigrationRunResult);
    for (let i = 0; i < 4; i += 1) {
      const outcomes = byMigration(i).map((r) => r.outcome);
      expect(outcomes.filter((o) => o === 'done' || o === 'incomplete').length, `${outcomes.join(', ')}`).to.be.at.least(1);
      expect(outcomes.every((o) => ['done', 'incomplete', 'busy', 'not-run', 'already-done'].includes(o))).to.equal(true);
    }
    // Only the conflict's migration may be run twice in a row (a new pass after an incomplete one), finding nothing new.
    for (const i of [0, 2, 3]) expect(byMigration(i).filter((r) => r.outcome === 'done')).to.have.length(1);
    expect(byMigration(0).reduce((sum, r) => sum + r.changed, 0)).to.equal(LINKS);
    expect(byMigration(1).reduce((sum, r) => sum + r.changed, 0)).to.equal(SHAPE.connections);
    expect(runs.some((results) => results.some((r) => r.outcome === 'busy'))).to.equal(true);
    // After a busy one, a run does not go on with the later migrations.
    for (const results of runs) {
      const busy = results.findIndex((r) => r.outcome === 'busy');
      if (busy >= 0) expect(results.slice(busy + 1).every((r) => r.outcome === 'not-run')).to.equal(true);
    }
    await expectEveryItemMigratedOnce(da, client, tableName, recorder);
  });

  it('a run whose lease ran out is taken over from its cursor; its late writes change nothing', async function () {
    const { da, client, tableName } = await oldTable();
    const recorder: WriteRecorder = { updated: [] };
    clock = sinon.useFakeTimers({ now: Date.now(), toFake: ['Date'], shouldAdvanceTime: true });
    const slowClient = newLocalClient();
    clients.push(slowClient);
    recordWrites(slowClient, recorder);
    const pages: number[] = [];
    let busyWhileHeld: MigrationRunResult[] | undefined;
    let takeover: MigrationRunResult[] | undefined;
    // A filtered scan page may hold no link: the stall waits for a checkpoint that has a page with
    // links behind it and one with links (just written, not yet checkpointed) in front of it.
    // Until the stall only the slow run writes, so `recorder` holds its link updates.
    const ledgerPk = '$migration#2026-12-link-connection-id';
    const stallsHere = (pk: string) => pk === ledgerPk && (pages.at(-1) ?? 0) > 0 && recorder.updated.length > (pages.at(-1) as number);
    // The slow run stalls before such a checkpoint (a long GC pause, a frozen container)…
    const stall = beforeUpdate(slowClient, stallsHere, 1, async () => {
      busyWhileHeld = await da.migrations.run({ pageSize: 5 });
      clock!.tick((LEASE_SECONDS + 1) * 1000);
      // …past its lease, and another run takes over, resuming after its last checkpoint.
      takeover = await recorded(tableName, recorder).migrations.run({ pageSize: 5 });
    });
    const late = await createDataAccess({ tableName, client: slowClient }).migrations.run({ pageSize: 5, leaseSeconds: LEASE_SECONDS, onProgress: (p) => pages.push(p.scanned) });
    expect(stall.fired()).to.equal(true);
    expect(busyWhileHeld?.map((r) => r.outcome)).to.deep.equal(['busy', 'not-run', 'not-run', 'not-run']);
    expect(busyWhileHeld?.[0]?.leaseExpiresAt).to.be.a('string');
    expect(takeover?.map((r) => r.outcome)).to.deep.equal(['done', 'incomplete', 'done', 'done']);
    // The slow run's checkpoint after the stall was refused: it stopped there, its last report the one before.
    expect(late.map((r) => r.outcome)).to.deep.equal(['busy', 'not-run', 'not-run', 'not-run']);
    const checkpointed = pages.at(-1) as number;
    expect(checkpointed).to.be.within(1, LINKS - 1);
    expect(takeover?.[0]?.scanned, 'resumed after the last checkpoint').to.equal(LINKS - checkpointed);
    expect((late[0]?.changed ?? 0) + (takeover?.[0]?.changed ?? 0)).to.equal(LINKS);
    // The links the slow run changed after its last checkpoint were found done by the takeover, not changed twice.
    expect(late[0]?.changed).to.be.greaterThan(checkpointed);
    await expectEveryItemMigratedOnce(da, client, tableName, recorder);
  });
});
