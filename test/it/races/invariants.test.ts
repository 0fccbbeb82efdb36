/**
 * The checker of the race suite catches what it is meant to catch: a clean tree passes, and each
 * kind of violation (orphan, leftover guard, missing guard, fence) is reported. Checked on items
 * the library really wrote, then damaged behind its back.
 */
import { expect } from 'chai';
import { DynamoDBDocumentClient, DeleteCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { jiraCloudConnectionInput, suggestionLinks, syncStartInput, ticketInput } from '../../support/entity-fixtures.js';
import { scanAll } from '../../support/local-store.js';
import type { Item } from './invariants.js';
import { isGuard, recordsOf, violations } from './invariants.js';
import { raceTable } from './support.js';

describe('races: the invariant checker', function () {
  it('passes a clean tree and reports orphans, leftover and missing guards, and fences', async function () {
    const { da, client, tableName, check } = await raceTable('races-checker');
    const connection = await da.TaskManagementConnection.create(jiraCloudConnectionInput());
    const { ticket } = await da.Ticket.createWithSuggestions(ticketInput(connection), suggestionLinks(2));
    const sync = await da.SyncOperation.start(syncStartInput(connection));
    await da.OAuthTokenState.put(connection.getId(), { accessToken: 'a', refreshToken: 'r' });
    const clean = await check();
    // external-instance and active-provider of the connection, external-ticket, active-sync.
    expect(clean.filter(isGuard)).to.have.length(4);

    const without = (predicate: (item: Item) => boolean) => clean.filter((item) => !predicate(item));
    // The connection gone: its ticket, both links, sync and token state are orphans, its guard is left over.
    const noConnection = violations(without((item) => !isGuard(item) && item.__edb_e__ === 'taskmanagementconnection'));
    expect(noConnection.filter((line) => line.startsWith('orphan'))).to.have.length(5);
    expect(noConnection.filter((line) => line.startsWith('leftover guard') && line.includes('external-instance'))).to.have.length(1);
    // The ticket gone: both links are orphans, its guard is left over.
    const noTicket = violations(without((item) => !isGuard(item) && item.ticketId === ticket.getId() && item.__edb_e__ === 'ticket'));
    expect(noTicket.filter((line) => line.startsWith('orphan link'))).to.have.length(2);
    expect(noTicket.filter((line) => line.includes('external-ticket'))).to.have.length(1);
    // A guard gone: its owner misses it.
    expect(violations(without((item) => isGuard(item) && item.ownerId === sync.getId()))).to.deep.equal([
      `missing guard: syncoperation ${sync.getId()} (status pending) should hold $unique#syncoperation#active-sync#${connection.getId()}`,
    ]);
    // A disconnected connection that still holds its guard; a cancelled sync that still holds the slot.
    const moved = clean.map((item) =>
      !isGuard(item) && (item.__edb_e__ === 'taskmanagementconnection' || item.__edb_e__ === 'syncoperation') ? { ...item, status: item.__edb_e__ === 'syncoperation' ? 'cancelled' : 'disconnected' } : item,
    );
    // (external-instance and active-provider of the disconnected connection, active-sync of the cancelled sync.)
    expect(violations(moved).filter((line) => line.startsWith('leftover guard'))).to.have.length(3);
    // A fence left behind, unless allowed.
    const fenced = clean.map((item) => (item.__edb_e__ === 'taskmanagementconnection' ? { ...item, __fence: 'x' } : item));
    expect(violations(fenced)).to.deep.equal([`fenced item left: taskmanagementconnection ${connection.getId()}`]);
    expect(violations(fenced, { fencedAllowed: new Set([connection.getId()]) })).to.deep.equal([]);

    // And on the real table: a guard stolen by another owner id is reported twice (leftover and missing).
    const doc = DynamoDBDocumentClient.from(client);
    const guard = clean.find((item) => isGuard(item) && item.ownerId === ticket.getId()) as Item;
    await doc.send(new PutCommand({ TableName: tableName, Item: { ...guard, ownerId: sync.getId(), entity: 'syncoperation' } }));
    const stolen = violations(await scanAll(client, tableName));
    expect(stolen).to.have.length(2);
    await doc.send(new PutCommand({ TableName: tableName, Item: guard }));
    const link = recordsOf(clean, 'link')[0] as Item;
    await doc.send(new DeleteCommand({ TableName: tableName, Key: { pk: link.pk, sk: link.sk } }));
    await check();
  });
});
