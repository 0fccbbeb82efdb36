/**
 * The change feed on DynamoDB Local: a table with a NEW_AND_OLD_IMAGES stream, a scripted history
 * through the public API (a connection, a ticket with links, two status syncs, a sync run to
 * completion, tokens, a nonce issued and consumed, requires_reauth, the cascading remove), the
 * stream read with @aws-sdk/client-dynamodb-streams, every record parsed with parseStreamRecord.
 *
 * DynamoDB Streams orders the records of one item, not across items: the assertions are per item
 * (each record's history, in order), plus what the library itself orders (a removed connection
 * goes last, after its whole tree).
 */
import { randomBytes } from 'node:crypto';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import type { _Record as StreamRecord } from '@aws-sdk/client-dynamodb-streams';
import { DescribeStreamCommand, DynamoDBStreamsClient, GetRecordsCommand, GetShardIteratorCommand } from '@aws-sdk/client-dynamodb-streams';
import { expect } from 'chai';
import type { ChangeEvent, DataAccess, DomainEvent } from '../../src/index.js';
import { createDataAccess, parseStreamRecord, tableDefinition } from '../../src/index.js';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../support/dynamo-local.js';
import { jiraCloudConnectionInput, suggestionLinks, syncStartInput, ticketInput } from '../support/entity-fixtures.js';
import { createTableFrom, deleteTable, localEndpoint, newLocalClient } from '../support/local-store.js';

const SECRETS = {
  accessToken: 'it-access-token-SECRET-6b1f',
  refreshToken: 'it-refresh-token-SECRET-0c9e',
  rotatedAccessToken: 'it-access-token-SECRET-rotated',
  codeVerifier: 'it-pkce-code-verifier-SECRET-abcdefghijklmnopqrstuvwxyz0123',
};

/** Every record of the table's stream, shard by shard, from TRIM_HORIZON until a read comes back empty. */
async function readStream(client: DynamoDBClient, tableName: string): Promise<StreamRecord[]> {
  const table = await client.send(new DescribeTableCommand({ TableName: tableName }));
  const StreamArn = table.Table?.LatestStreamArn;
  expect(StreamArn, 'the table has a stream').to.be.a('string');
  const streams = new DynamoDBStreamsClient({ endpoint: localEndpoint(), region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
  try {
    const description = await streams.send(new DescribeStreamCommand({ StreamArn }));
    const records: StreamRecord[] = [];
    for (const shard of description.StreamDescription?.Shards ?? []) {
      const start = await streams.send(new GetShardIteratorCommand({ StreamArn, ShardId: shard.ShardId, ShardIteratorType: 'TRIM_HORIZON' }));
      let iterator = start.ShardIterator;
      while (iterator) {
        const page = await streams.send(new GetRecordsCommand({ ShardIterator: iterator }));
        if (!page.Records?.length) break;
        records.push(...page.Records);
        iterator = page.NextShardIterator;
      }
    }
    return records;
  } finally {
    streams.destroy();
  }
}

function describeDomain(event: DomainEvent): string {
  return 'from' in event ? `${event.type} ${String(event.from)}→${String(event.to)}` : event.type;
}

describe('change feed (DynamoDB Local stream)', function () {
  this.timeout(60_000);
  let client: DynamoDBClient;
  let tableName: string;
  let da: DataAccess;
  let records: StreamRecord[];
  let parsed: (ChangeEvent | null)[];
  let events: ChangeEvent[];
  const ids: Record<string, string> = {};

  /** The events of one item, in stream order, as `kind: changed… | domain…`. */
  function historyOf(id: string): string[] {
    return events.filter((event) => event.id === id).map((event) => [event.kind, ...event.domain.map(describeDomain)].join(' | '));
  }

  before(async function () {
    client = newLocalClient();
    tableName = await createTableFrom({ ...tableDefinition('change-feed'), StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' } });
    da = createDataAccess({ tableName, client, encryption: { keys: { k1: randomBytes(32) }, activeKeyId: 'k1' } });

    const connection = await da.TaskManagementConnection.create(jiraCloudConnectionInput());
    const { ticket, links } = await da.Ticket.createWithSuggestions(ticketInput(connection), suggestionLinks(2));
    await ticket.recordStatusSync('To Do');
    await ticket.recordStatusSync('Done');
    const sync = await da.SyncOperation.start(syncStartInput(connection));
    await sync.begin();
    await sync.complete({ created: 1, updated: 2, skipped: 0, failed: 0 });
    await da.OAuthTokenState.put(connection.getId(), { accessToken: SECRETS.accessToken, refreshToken: SECRETS.refreshToken, scopes: ['read:jira-work'] });
    await da.OAuthTokenState.rotate(connection.getId(), 1, { accessToken: SECRETS.rotatedAccessToken, refreshToken: SECRETS.refreshToken, scopes: ['read:jira-work'] });
    const { nonce } = await da.OAuthNonce.issue({ organizationId: connection.getOrganizationId(), provider: 'jira_cloud', createdBy: 'user-1', codeVerifier: SECRETS.codeVerifier });
    const consumed = await da.OAuthNonce.consume(nonce);
    const tokenState = await connection.getOAuthTokenState();
    await connection.markRequiresReauth('the refresh token was revoked');
    await connection.remove();

    Object.assign(ids, {
      connection: connection.getId(),
      ticket: ticket.getId(),
      link0: links[0]!.getId(),
      link1: links[1]!.getId(),
      sync: sync.getId(),
      nonce: consumed!.getId(),
      tokenState: tokenState!.getId(),
    });
    records = await readStream(client, tableName);
    parsed = records.map((record) => parseStreamRecord(record));
    events = parsed.filter((event): event is ChangeEvent => event !== null);
  });

  after(async function () {
    if (tableName) await deleteTable(client, tableName);
    client?.destroy();
  });

  it('every record parses (no ValidationError), both images present', function () {
    expect(records.length).to.be.greaterThan(20);
    for (const record of records) expect(record.dynamodb?.StreamViewType).to.equal('NEW_AND_OLD_IMAGES');
  });

  it('guard items are filtered out: every $unique record is null', function () {
    const guards = records.map((record, i) => [record, parsed[i]] as const).filter(([record]) => record.dynamodb?.Keys?.pk?.S?.startsWith('$unique#'));
    // external-instance, external-ticket and active-sync: taken and released.
    expect(guards.length).to.be.at.least(6);
    for (const [, event] of guards) expect(event).to.equal(null);
  });

  it('the connection: created active, lastSyncAt from the completed sync, requires_reauth, removed — last of all', function () {
    expect(historyOf(ids.connection!)).to.deep.equal([
      'created | connection.status_changed null→active',
      'updated',
      'updated | connection.status_changed active→requires_reauth',
      'removed | connection.status_changed requires_reauth→null',
    ]);
    const updates = events.filter((event) => event.id === ids.connection && event.kind === 'updated');
    expect(updates[0]!.changed).to.include('lastSyncAt');
    expect(updates[1]!.changed).to.include.members(['status', 'errorMessage']);
    expect(events.at(-1)).to.include({ entity: 'TaskManagementConnection', kind: 'removed', id: ids.connection });
  });

  it('the ticket: created, To Do, Done, removed by the cascade', function () {
    expect(historyOf(ids.ticket!)).to.deep.equal([
      'created',
      'updated | ticket.status_changed null→To Do',
      'updated | ticket.status_changed To Do→Done',
      'removed | ticket.status_changed Done→null',
    ]);
    const synced = events.filter((event) => event.id === ids.ticket && event.kind === 'updated');
    for (const event of synced) expect(event.changed).to.include.members(['ticketStatus', 'statusSyncedAt']);
  });

  it('the links: created with the ticket, removed before it', function () {
    for (const id of [ids.link0!, ids.link1!]) expect(historyOf(id)).to.deep.equal(['created', 'removed']);
    const position = (id: string, kind: string) => events.findIndex((event) => event.id === id && event.kind === kind);
    expect(position(ids.link0!, 'removed')).to.be.lessThan(position(ids.ticket!, 'removed'));
    expect(position(ids.link1!, 'removed')).to.be.lessThan(position(ids.ticket!, 'removed'));
  });

  it('the sync: pending, in_progress, completed (sync.completed), removed by the cascade', function () {
    expect(historyOf(ids.sync!)).to.deep.equal([
      'created | sync.status_changed null→pending',
      'updated | sync.status_changed pending→in_progress',
      'updated | sync.status_changed in_progress→completed | sync.completed',
      'removed | sync.status_changed completed→null',
    ]);
    const completed = events.find((event) => event.domain.some((d) => d.type === 'sync.completed'))!;
    expect(completed.domain[1]).to.deep.equal({ type: 'sync.completed', syncOperationId: ids.sync, taskManagementConnectionId: ids.connection });
  });

  it('token state and the nonce: created, rotated / consumed (the claim is no event), removed', function () {
    expect(historyOf(ids.tokenState!)).to.deep.equal(['created', 'updated', 'removed']);
    const tokenEvents = events.filter((event) => event.entity === 'OAuthTokenState');
    expect(tokenEvents[1]!.changed).to.include('version').and.not.include('accessToken');
    expect(historyOf(ids.nonce!)).to.deep.equal(['created', 'removed']);
  });

  it('nothing else: exactly the events of these items', function () {
    const known = new Set(Object.values(ids));
    for (const event of events) expect(known.has(event.id), `${event.entity} ${event.id}`).to.equal(true);
    expect(events).to.have.length(4 + 4 + 2 + 2 + 4 + 3 + 2);
  });

  it('no secret, no ciphertext and no storage attribute in any event', function () {
    const text = JSON.stringify(events);
    for (const secret of Object.values(SECRETS)) expect(text).to.not.include(secret);
    const sealed = records.flatMap((record) =>
      [record.dynamodb?.NewImage, record.dynamodb?.OldImage].flatMap((image) => [image?.accessToken?.S, image?.refreshToken?.S, image?.codeVerifier?.S]),
    );
    const ciphertexts = sealed.filter((value): value is string => value !== undefined);
    expect(ciphertexts.length).to.be.at.least(4);
    for (const value of ciphertexts) expect(text).to.not.include(value);
    expect(text).to.not.match(/"(__edb_e__|__edb_v__|__w|__fence|__claim|pk|sk|gsi\d+pk|gsi\d+sk|codeVerifier|accessToken|refreshToken)"/);
  });
});
