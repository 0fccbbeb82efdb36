// Junk in every argument of the operations added for workers, idempotency, offboarding, migrations,
// the change feed and table administration, on DynamoDB Local: every call either resolves (junk
// such as 'nope' can be a valid key or status) or rejects with a DataAccessError — never a
// TypeError or anything else; and options with a misspelt key are refused everywhere with nothing
// written (the table is scanned before and after).
import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { DataAccessError, parseStreamRecord, planTableUpdate, syncTable } from '../../../src/index.js';
import { freshDataAccess, jiraCloudConnectionInput } from '../../support/entity-fixtures.js';
import { scanAll } from '../../support/local-store.js';

const JUNK: readonly unknown[] = [undefined, null, 0, -1, 1.5, Number.NaN, '', 'nope', [], {}, [1], { a: 1 }, () => 1, Symbol('s'), 10n, new Date('x'), Object.create(null), '\u0000', 'x'.repeat(5000)];

/** Stable keys of what a scan returns, to compare two scans. */
function keysOf(items: Record<string, unknown>[]): string[] {
  return items.map((item) => JSON.stringify([item['pk'], item['sk'], item['__w'] ?? null])).sort();
}

describe('junk arguments to the newer operations (DynamoDB Local)', function () {
  this.timeout(180_000);

  it('reject with a DataAccessError or resolve as for a valid value, never anything else', async function () {
    const { da, client, tableName } = await freshDataAccess('junk-arguments');
    const connection = await da.TaskManagementConnection.create(jiraCloudConnectionInput());
    const organizationId = connection.getOrganizationId();
    const sync = await da.SyncOperation.start({ taskManagementConnectionId: connection.getId(), organizationId, triggeredBy: 'worker', syncType: 'full', leaseSeconds: 60 });
    await sync.begin();
    const ticket = await da.Ticket.create({ organizationId, taskManagementConnectionId: connection.getId(), externalTicketId: '1', ticketKey: 'A-1', ticketUrl: 'https://a.atlassian.net/browse/A-1', ticketProvider: 'jira_cloud', createdBy: 'x' });
    const results = { created: 0, updated: 0, skipped: 0, failed: 0 };
    // Each call takes one junk value where a caller could put anything; the rest is valid.
    const calls: Record<string, (junk: never) => unknown> = {
      'removeOrganization(id)': (junk) => da.removeOrganization(junk),
      'removeOrganization(other org, options)': (junk) => da.removeOrganization(randomUUID(), junk),
      'migrations.run(options)': (junk) => da.migrations.run(junk),
      'IdempotencyKey.claim(input)': (junk) => da.IdempotencyKey.claim(junk),
      'IdempotencyKey.claim({ key })': (junk) => da.IdempotencyKey.claim({ key: junk, organizationId: randomUUID(), endpoint: 'POST /x', request: 1 }),
      'IdempotencyKey.claim({ ttlSeconds })': (junk) => da.IdempotencyKey.claim({ key: 'k', organizationId: randomUUID(), endpoint: 'POST /x', request: 1, ttlSeconds: junk }),
      'IdempotencyKey.claim({ leaseSeconds })': (junk) => da.IdempotencyKey.claim({ key: 'k', organizationId: randomUUID(), endpoint: 'POST /x', request: 1, leaseSeconds: junk }),
      'IdempotencyKey.claim({ request })': (junk) => da.IdempotencyKey.claim({ key: randomUUID(), organizationId: randomUUID(), endpoint: 'POST /x', request: junk }),
      'IdempotencyKey.findActiveKey': (junk) => da.IdempotencyKey.findActiveKey(junk, junk),
      'Ticket.applyExternalUpdate(junk, junk, junk)': (junk) => da.Ticket.applyExternalUpdate(junk, junk, junk),
      'Ticket.applyExternalUpdate(id, id, junk)': (junk) => da.Ticket.applyExternalUpdate(connection.getId(), '1', junk),
      'Ticket.applyExternalUpdates(id, junk)': (junk) => da.Ticket.applyExternalUpdates(connection.getId(), junk),
      'Ticket.applyExternalUpdates(id, [junk])': (junk) => da.Ticket.applyExternalUpdates(connection.getId(), [junk]),
      'Ticket.allByStatusSyncedBefore(id, date, junk)': (junk) => da.Ticket.allByStatusSyncedBefore(connection.getId(), new Date().toISOString(), junk),
      'Ticket.allByStatusSyncedBefore(junk, junk)': (junk) => da.Ticket.allByStatusSyncedBefore(junk, junk),
      'Ticket.allByStatusSyncedBefore(id, junk)': (junk) => da.Ticket.allByStatusSyncedBefore(connection.getId(), junk),
      'TicketSuggestion.allByTicketIds': (junk) => da.TicketSuggestion.allByTicketIds(junk),
      'TicketSuggestion.allByTicketIds([junk])': (junk) => da.TicketSuggestion.allByTicketIds([junk]),
      'SyncOperation.start({ leaseSeconds })': (junk) => da.SyncOperation.start({ taskManagementConnectionId: connection.getId(), organizationId, triggeredBy: 'x', syncType: 'full', leaseSeconds: junk }),
      'sync.reportProgress': (junk) => sync.reportProgress(junk),
      'sync.reportProgress({ cursor })': (junk) => sync.reportProgress({ current: 1, total: 2, processed: 1, stage: 'fetching', cursor: junk }),
      'sync.complete(results, { watermarks })': (junk) => sync.complete(results, { watermarks: junk }),
      'sync.complete(results, options)': (junk) => sync.complete(results, junk),
      'sync.fail(message, code)': (junk) => sync.fail('m', junk),
      'connection.recordCheck': (junk) => connection.recordCheck(junk),
      'connection.markActive': (junk) => connection.markActive(junk),
      'ticket.recordStatusSync': (junk) => ticket.recordStatusSync(junk),
      parseStreamRecord: (junk) => parseStreamRecord(junk),
      'planTableUpdate(options)': (junk) => planTableUpdate(client, tableName, junk),
      'planTableUpdate(tableName)': (junk) => planTableUpdate(client, junk),
      'syncTable(options)': (junk) => syncTable(client, tableName, junk),
      'Ticket.page(keys, options)': (junk) => da.Ticket.page({ taskManagementConnectionId: connection.getId() }, junk),
      'Ticket.createWithSuggestions(…, options)': (junk) =>
        da.Ticket.createWithSuggestions({ organizationId, taskManagementConnectionId: connection.getId(), externalTicketId: randomUUID(), ticketKey: 'A-2', ticketUrl: 'https://a.atlassian.net/browse/A-2', ticketProvider: 'jira_cloud', createdBy: 'x' }, [], junk),
    };
    const escaped: string[] = [];
    let rejected = 0;
    for (const [name, call] of Object.entries(calls)) {
      for (const [i, junk] of JUNK.entries()) {
        try {
          await call(junk as never);
        } catch (error) {
          if (error instanceof DataAccessError) rejected += 1;
          else escaped.push(`${name} with junk #${i}: ${(error as Error | undefined)?.constructor?.name ?? typeof error}`);
        }
      }
    }
    expect(escaped).to.deep.equal([]);
    expect(rejected).to.be.greaterThan(Object.keys(calls).length * (JUNK.length - 4));
  });

  it('options with a misspelt or unknown key are refused everywhere, before any write', async function () {
    const { da, client, tableName } = await freshDataAccess('junk-options');
    const connection = await da.TaskManagementConnection.create(jiraCloudConnectionInput());
    const before = keysOf(await scanAll(client, tableName));
    const refusals = await Promise.all(
      [
        da.removeOrganization(connection.getOrganizationId(), { dryrun: true } as never),
        da.migrations.run({ dryrun: true } as never),
        syncTable(client, tableName, { dryrun: true } as never),
        planTableUpdate(client, tableName, { streams: true } as never),
        da.Ticket.allByTaskManagementConnectionId(connection.getId(), { limt: 1 } as never),
        da.Ticket.page({ taskManagementConnectionId: connection.getId() }, { curser: null } as never),
      ].map((promise) => promise.then(() => undefined, (error: unknown) => error)),
    );
    for (const refusal of refusals) expect(refusal).to.be.instanceOf(DataAccessError).and.have.property('code', 'VALIDATION');
    expect(keysOf(await scanAll(client, tableName))).to.deep.equal(before);
    expect(await da.TaskManagementConnection.findById(connection.getId())).to.not.equal(null);
  });
});
