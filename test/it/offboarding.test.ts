/**
 * da.removeOrganization on DynamoDB Local: everything of one organization goes, nothing of its
 * neighbour; interrupted and re-run, or through unprocessed items and throttling, it ends the same.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { expect } from 'chai';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createDataAccess, tableDefinition, ValidationError } from '../../src/index.js';
import type { DataAccess } from '../../src/index.js';
import { githubConnectionInput, jiraCloudConnectionInput, rejectionOf, suggestionLinks, syncStartInput, ticketInput } from '../support/entity-fixtures.js';
import { createTableFrom, newLocalClient, scanAll } from '../support/local-store.js';
import { injectedDataAccess, testKeyring } from './reliability/support.js';
import { withoutUnhandledRejections } from '../support/unhandled-rejections.js';

type Item = Record<string, unknown>;
const keyOf = (item: Item) => `${String(item.pk)}|${String(item.sk)}`;

/** An organization: 3 connections (two providers), tickets with links, syncs (one active), token state, nonces, idempotency keys. */
async function buildOrganization(da: DataAccess, shape: { tickets: number; nonces: number; keys: number }): Promise<string> {
  const organizationId = randomUUID();
  const retired = await da.TaskManagementConnection.create(jiraCloudConnectionInput({ organizationId }));
  await retired.markDisabled();
  const jira = await da.TaskManagementConnection.create(jiraCloudConnectionInput({ organizationId }));
  const github = await da.TaskManagementConnection.create(githubConnectionInput({ organizationId }));
  for (let i = 0; i < shape.tickets; i += 1) {
    const connection = i % 3 === 0 ? github : jira;
    await da.Ticket.createWithSuggestions(ticketInput(connection, connection === github ? { ticketProvider: 'github' } : {}), suggestionLinks(2));
  }
  const done = await da.SyncOperation.start(syncStartInput(jira));
  await done.begin();
  await done.complete({ created: 0, updated: 0, skipped: 0, failed: 0 });
  await (await da.SyncOperation.start(syncStartInput(jira))).begin();
  await da.OAuthTokenState.put(jira.getId(), { accessToken: 'a', refreshToken: 'r' });
  await da.OAuthTokenState.put(github.getId(), { accessToken: 'a', refreshToken: 'r' });
  for (let i = 0; i < shape.nonces; i += 1) await da.OAuthNonce.issue({ organizationId, provider: 'jira_cloud', createdBy: 'u' });
  for (let i = 0; i < shape.keys; i += 1) {
    const found = await da.IdempotencyKey.claim({ key: `k-${i}`, organizationId, endpoint: 'POST /tickets', request: { i } });
    if (found.state === 'claimed' && i % 2 === 0) await found.claim.complete({ i });
  }
  return organizationId;
}

describe('removeOrganization (DynamoDB Local)', function () {
  this.timeout(240_000);
  let client: DynamoDBClient;
  const clients: DynamoDBClient[] = [];

  before(function () {
    client = newLocalClient();
  });

  after(function () {
    client.destroy();
    for (const c of clients) c.destroy();
  });

  async function table(): Promise<{ tableName: string; da: DataAccess }> {
    const tableName = await createTableFrom(tableDefinition('offboard'));
    return { tableName, da: createDataAccess({ tableName, client, encryption: testKeyring() }) };
  }

  it('removes every item of the organization (300 tickets × 2 links, syncs, tokens, 20 nonces, 20 keys) and leaves its neighbour untouched', async function () {
    const { tableName, da } = await table();
    const shape = { tickets: 300, nonces: 20, keys: 20 };
    await buildOrganization(da, shape);
    const neighbour = await scanAll(client, tableName);
    const organizationId = await buildOrganization(da, shape);
    const before = await scanAll(client, tableName);
    expect(before.length).to.be.greaterThan(2 * neighbour.length - 10);
    const steps: string[] = [];
    const counted = await da.removeOrganization(organizationId, { dryRun: true });
    expect(await scanAll(client, tableName)).to.have.length(before.length);
    const { removed } = await da.removeOrganization(organizationId.toUpperCase(), { onProgress: ({ entity }) => steps.push(entity) });
    expect(removed).to.deep.include({ TaskManagementConnection: 3, Ticket: 300, TicketSuggestion: 600, SyncOperation: 2, OAuthTokenState: 2, OAuthNonce: 20, IdempotencyKey: 20 });
    expect(counted.removed).to.deep.equal(removed);
    expect(steps).to.include('TaskManagementConnection');
    const after = await scanAll(client, tableName);
    expect(after.map(keyOf).sort()).to.deep.equal(neighbour.map(keyOf).sort());
    const byKey = new Map(neighbour.map((item) => [keyOf(item), item]));
    for (const item of after) expect(item, keyOf(item)).to.deep.equal(byKey.get(keyOf(item)));
    // Again: nothing left, zeros.
    expect((await da.removeOrganization(organizationId)).removed).to.deep.equal({ TaskManagementConnection: 0, Ticket: 0, TicketSuggestion: 0, SyncOperation: 0, OAuthTokenState: 0, OAuthNonce: 0, IdempotencyKey: 0 });
  });

  it('an organization with nothing stored resolves with zeros; bad input is a ValidationError and removes nothing', async function () {
    const { tableName, da } = await table();
    await buildOrganization(da, { tickets: 2, nonces: 1, keys: 1 });
    const before = await scanAll(client, tableName);
    expect(Object.values((await da.removeOrganization(randomUUID())).removed).every((n) => n === 0)).to.equal(true);
    for (const bad of ['nope', undefined, 42, null, {}, '']) {
      expect(await rejectionOf(da.removeOrganization(bad as never))).to.be.instanceOf(ValidationError);
    }
    // Options: a misspelt dryRun must not remove for real; every bad one is named.
    const organizationId = (await da.TaskManagementConnection.findByOrganizationId(before.find((item) => item['__edb_e__'] === 'taskmanagementconnection')?.['organizationId'] as string))?.getOrganizationId() as string;
    const refused = await rejectionOf(da.removeOrganization(organizationId, { dryrun: true, onProgress: 'log' } as never));
    expect(refused).to.be.instanceOf(ValidationError);
    expect((refused as ValidationError).issues.map((issue) => issue.path)).to.deep.equal(['options.dryrun', 'options.onProgress']);
    for (const options of [null, [], 'dry', new Date()]) expect(await rejectionOf(da.removeOrganization(organizationId, options as never))).to.be.instanceOf(ValidationError);
    expect(await scanAll(client, tableName)).to.have.length(before.length);
  });

  it('goes on when onProgress throws or rejects: everything of the organization is removed, nothing unhandled escapes', async function () {
    const { tableName, da } = await table();
    await withoutUnhandledRejections(async () => {
      for (const onProgress of [
        () => {
          throw new Error('progress sink broke');
        },
        (() => Promise.reject(new Error('progress sink closed'))) as unknown as () => void,
      ]) {
        const organizationId = await buildOrganization(da, { tickets: 3, nonces: 1, keys: 1 });
        const { removed } = await da.removeOrganization(organizationId, { onProgress });
        expect(removed).to.include({ TaskManagementConnection: 3, Ticket: 3, OAuthNonce: 1, IdempotencyKey: 1 });
        expect((await scanAll(client, tableName)).filter((item) => JSON.stringify(item).includes(organizationId))).to.deep.equal([]);
      }
    });
  });

  it('interrupted after k writes (several k) and run again: the same end state', async function () {
    for (const k of [0, 1, 2, 3, 5, 8]) {
      const { tableName, da } = await table();
      await buildOrganization(da, { tickets: 12, nonces: 3, keys: 3 });
      const neighbour = (await scanAll(client, tableName)).map(keyOf).sort();
      const organizationId = await buildOrganization(da, { tickets: 12, nonces: 3, keys: 3 });
      const { da: failing, client: failingClient } = injectedDataAccess(tableName, { seed: k, failAfterWrites: k, concurrency: 2, encryption: testKeyring() });
      clients.push(failingClient);
      const interrupted = await failing.removeOrganization(organizationId).then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(interrupted, `k=${k}`).to.not.equal(undefined);
      await da.removeOrganization(organizationId);
      expect((await scanAll(client, tableName)).map(keyOf).sort(), `k=${k}`).to.deep.equal(neighbour);
    }
  });

  it('through unprocessed items and throttling (fault injector): the same end state', async function () {
    for (const seed of [1, 2, 3]) {
      const { tableName, da } = await table();
      await buildOrganization(da, { tickets: 30, nonces: 5, keys: 5 });
      const neighbour = (await scanAll(client, tableName)).map(keyOf).sort();
      const organizationId = await buildOrganization(da, { tickets: 30, nonces: 5, keys: 5 });
      const { da: faulty, client: faultyClient } = injectedDataAccess(tableName, {
        seed,
        rates: { unprocessed: 0.5, throttle: 0.2 },
        maxAttempts: 12,
        queryPageLimit: 7,
        encryption: { keys: { k1: randomBytes(32) }, activeKeyId: 'k1' },
      });
      clients.push(faultyClient);
      await faulty.removeOrganization(organizationId);
      expect((await scanAll(client, tableName)).map(keyOf).sort(), `seed ${seed}`).to.deep.equal(neighbour);
    }
  });
});
