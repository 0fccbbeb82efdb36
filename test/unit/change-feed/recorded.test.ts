/**
 * A history recorded from DynamoDB Local's stream (GetRecords output of
 * @aws-sdk/client-dynamodb-streams, serialised to JSON): create a connection, a ticket with two
 * links, two status syncs, a sync run to completion, tokens stored and rotated, a nonce issued and
 * consumed, the connection moved to requires_reauth and removed with its tree.
 */
import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import type { ChangeEvent } from '../../../src/index.js';
import { parseStreamRecord } from '../../../src/index.js';

const RECORDS = JSON.parse(readFileSync(new URL('../../fixtures/stream-records/dynamodb-local-history.json', import.meta.url), 'utf8')) as unknown[];
const SECRETS = ['recorded-pkce-verifier-SECRET', 'plain-access-token-SECRET', 'plain-refresh-token-SECRET'];

describe('change-feed: a recorded DynamoDB Local history', function () {
  const parsed = RECORDS.map((record) => parseStreamRecord(record));
  const events = parsed.filter((event): event is ChangeEvent => event !== null);

  it('28 records: the 6 guard records and the nonce claim are null, 21 entity changes remain', function () {
    expect(RECORDS).to.have.length(28);
    expect(parsed.filter((event) => event === null)).to.have.length(7);
    expect(events.map((event) => `${event.entity} ${event.kind}`)).to.deep.equal([
      'TaskManagementConnection created',
      'Ticket created',
      'TicketSuggestion created',
      'TicketSuggestion created',
      'Ticket updated',
      'Ticket updated',
      'SyncOperation created',
      'SyncOperation updated',
      'SyncOperation updated',
      'TaskManagementConnection updated',
      'OAuthTokenState created',
      'OAuthTokenState updated',
      'OAuthNonce created',
      'OAuthNonce removed',
      'TaskManagementConnection updated',
      'TicketSuggestion removed',
      'TicketSuggestion removed',
      'Ticket removed',
      'SyncOperation removed',
      'OAuthTokenState removed',
      'TaskManagementConnection removed',
    ]);
  });

  it('the domain events, in order', function () {
    const domain = events.flatMap((event) => event.domain.map((d) => ('from' in d ? `${d.type} ${String(d.from)}→${String(d.to)}` : d.type)));
    expect(domain).to.deep.equal([
      'connection.status_changed null→active',
      'ticket.status_changed null→To Do',
      'ticket.status_changed To Do→Done',
      'sync.status_changed null→pending',
      'sync.status_changed pending→in_progress',
      'sync.status_changed in_progress→completed',
      'sync.completed',
      'connection.status_changed active→requires_reauth',
      'ticket.status_changed Done→null',
      'sync.status_changed completed→null',
      'connection.status_changed requires_reauth→null',
    ]);
  });

  it('what changed, for the updates', function () {
    const updates = events.filter((event) => event.kind === 'updated').map((event) => `${event.entity}: ${event.changed.join(',')}`);
    expect(updates).to.deep.equal([
      'Ticket: updatedAt,ticketStatus,statusSyncedAt',
      'Ticket: updatedAt,ticketStatus,statusSyncedAt',
      'SyncOperation: updatedAt,status,startedAt',
      'SyncOperation: updatedAt,status,results,completedAt,ttl',
      'TaskManagementConnection: lastSyncAt',
      'OAuthTokenState: updatedAt,version',
      'TaskManagementConnection: updatedAt,status',
    ]);
  });

  type Image = Record<string, unknown>;
  type Recorded = { dynamodb: { NewImage?: Image; OldImage?: Image } };
  // What DynamoDB accepts but JavaScript cannot hold (nor the library write), as raw AttributeValues.
  const FOREIGN = JSON.parse('{"snowflake":{"N":"12345678901234567890"},"big":{"N":"9.9E+125"},"doc":{"M":{"__proto__":{"NS":["12345678901234567890"]}}}}') as Image;
  /** `record` with `change` applied to each of its images. */
  const eachImage = (record: unknown, change: (image: Image) => Image) => {
    const { dynamodb } = record as Recorded;
    return { ...(record as object), dynamodb: { ...dynamodb, ...(dynamodb.NewImage ? { NewImage: change(dynamodb.NewImage) } : {}), ...(dynamodb.OldImage ? { OldImage: change(dynamodb.OldImage) } : {}) } };
  };

  it("the same records as another application's items (no entity marker) holding such values are all null", function () {
    const foreign = RECORDS.map((record) =>
      eachImage(record, (image) => {
        const { __edb_e__: _marker, ...rest } = image;
        return Object.defineProperty({ ...rest, ...FOREIGN }, '__proto__', { value: { S: 'x' }, enumerable: true });
      }),
    );
    expect(foreign.map((record) => parseStreamRecord(record))).to.deep.equal(RECORDS.map(() => null));
  });

  it("the same records as a newer version's, with an attribute this one does not know holding such values, give the same events", function () {
    const newer = RECORDS.map((record) => eachImage(record, (image) => ({ ...image, ...FOREIGN })));
    expect(newer.map((record) => parseStreamRecord(record))).to.deep.equal(parsed);
  });

  it('no secret, no ciphertext, no storage attribute in any event', function () {
    const text = JSON.stringify(events);
    for (const secret of SECRETS) expect(text).to.not.include(secret);
    const ciphertexts = RECORDS.flatMap((record) => {
      const image = (record as { dynamodb: { NewImage?: Record<string, { S?: string }>; OldImage?: Record<string, { S?: string }> } }).dynamodb;
      return [image.NewImage, image.OldImage].flatMap((item) => [item?.accessToken?.S, item?.refreshToken?.S, item?.codeVerifier?.S]).filter((value): value is string => value !== undefined);
    });
    expect(ciphertexts.length).to.be.greaterThan(4);
    for (const ciphertext of ciphertexts) expect(text).to.not.include(ciphertext);
    expect(text).to.not.match(/"(__edb_e__|__edb_v__|__w|__claim|pk|sk|gsi\d+pk|gsi\d+sk)"/);
  });
});
