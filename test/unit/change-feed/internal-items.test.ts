/**
 * What parseStreamRecord does not report (null): the library's internal items, items of other
 * applications, and changes that touch storage attributes only.
 */
import { expect } from 'chai';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { ChangeEntityName } from '../../../src/index.js';
import { parseStreamRecord, ValidationError } from '../../../src/index.js';
import { entityTables } from '../../../src/change-feed/entity-tables.js';
import { isInternalEntityMarker, isInternalKey, isStorageAttribute } from '../../../src/change-feed/internal-items.js';
import type { EventName, Item } from '../../fixtures/stream-records/builders.js';
import { guardItem, IDS, lambdaRecord, recordOf, RECORDS, storedItem, streamOf, updated } from '../../fixtures/stream-records/builders.js';

const EVENTS: EventName[] = ['INSERT', 'MODIFY', 'REMOVE'];

function recordFor(eventName: EventName, item: Item, changed: Item = { touched: 1 }) {
  if (eventName === 'INSERT') return lambdaRecord('INSERT', { newItem: item });
  if (eventName === 'REMOVE') return lambdaRecord('REMOVE', { oldItem: item });
  return lambdaRecord('MODIFY', { oldItem: item, newItem: { ...item, ...changed } });
}

const INTERNAL_ITEMS: Record<string, Item> = {
  'a unique guard (external-instance)': guardItem('TaskManagementConnection', 'external-instance', [IDS.organizationId, 'jira_cloud', IDS.cloudId], IDS.connectionId),
  'a unique guard (active-sync)': guardItem('SyncOperation', 'active-sync', [IDS.connectionId], IDS.syncId),
  'a migration ledger': { pk: '$migration#0003-backfill-link-connection', sk: '$migration', state: 'running', cursor: 'eyJwayI6IngifQ', scanned: 1200, changed: 40 },
  'an idempotency key': {
    pk: '$taskmanagement#idempotencyKeyId_9f1c2b3a-4d5e-4f60-8a7b-9c0d1e2f3a4b',
    sk: '$idempotencykey_1',
    idempotencyKeyId: '9f1c2b3a-4d5e-4f60-8a7b-9c0d1e2f3a4b',
    organizationId: IDS.organizationId,
    status: 'processing',
    requestHash: 'a'.repeat(64),
    __edb_e__: 'idempotencykey',
    __edb_v__: '1',
  },
  'an item of another ElectroDB entity': { ...storedItem('Ticket', RECORDS.Ticket), __edb_e__: 'invoice' },
  'an item with no entity marker (another application)': { pk: 'ORDER#1', sk: 'ORDER#1', total: 12 },
  // Another ElectroDB service in the same table with an entity of the same name: its values break
  // the library's rules (a numeric status), yet it is no record of the library's, not a malformed one.
  "another ElectroDB service's entity of the same name": { pk: '$helpdesk#ticketid_42', sk: '$ticket_1', ticketId: 42, ticketStatus: 3, __edb_e__: 'ticket', __edb_v__: '1' },
  "an entity item under another service's keys": { ...storedItem('Ticket', RECORDS.Ticket), pk: '$helpdesk#ticketId_74b4cc92' },
  'an item whose marker is not a string': { ...storedItem('Ticket', RECORDS.Ticket), __edb_e__: 7 },
};

describe('change-feed: internal items and storage-only changes', function () {
  for (const [label, item] of Object.entries(INTERNAL_ITEMS)) {
    for (const eventName of EVENTS) {
      it(`${label}: ${eventName} → null`, function () {
        expect(parseStreamRecord(recordFor(eventName, item))).to.equal(null);
      });
    }
  }

  describe("another application's items hold whatever DynamoDB accepts, also what the library never writes", function () {
    // Raw images (not marshalled from JS values): numbers JavaScript cannot hold, a __proto__ key.
    const OTHER_VALUES: Record<string, string> = {
      'a 20-digit integer': '{"snowflake":{"N":"12345678901234567890"}}',
      'a 38-digit decimal': '{"amount":{"N":"1.2345678901234567890123456789012345678"}}',
      'the largest exponent': '{"big":{"N":"9.9E+125"},"small":{"N":"-9.9E+125"}}',
      'a number set of them': '{"ids":{"NS":["12345678901234567890","1"]}}',
      'one nested in a map and a list': '{"doc":{"M":{"rows":{"L":[{"N":"12345678901234567890"}]}}}}',
      'an attribute named __proto__': '{"__proto__":{"S":"x"}}',
      'a map key named __proto__': '{"doc":{"M":{"__proto__":{"M":{"polluted":{"S":"x"}}}}}}',
      'an attribute named constructor': '{"constructor":{"S":"x"}}',
    };
    const keys = { pk: { S: 'order#1' }, sk: { S: 'order' } };
    const otherRecord = (eventName: EventName, extra: string) => {
      const image = { ...keys, total: { N: '12' }, ...(JSON.parse(extra) as Item) };
      const dynamodb = { Keys: keys, StreamViewType: 'NEW_AND_OLD_IMAGES', ...(eventName === 'REMOVE' ? {} : { NewImage: image }), ...(eventName === 'INSERT' ? {} : { OldImage: { ...keys, total: { N: '11' } } }) };
      return { eventName, eventSource: 'aws:dynamodb', dynamodb };
    };
    for (const [label, extra] of Object.entries(OTHER_VALUES)) {
      it(`${label}: null for INSERT, MODIFY and REMOVE`, function () {
        for (const eventName of EVENTS) {
          const record = otherRecord(eventName, extra);
          expect(parseStreamRecord(record), eventName).to.equal(null);
          // REMOVE: the values in the old image.
          const removed = { ...record, dynamodb: { ...record.dynamodb, OldImage: { ...keys, ...(JSON.parse(extra) as Item) } } };
          if (eventName !== 'INSERT') expect(parseStreamRecord(removed), `${eventName} old image`).to.equal(null);
        }
        expect(({} as Item).polluted).to.equal(undefined);
      });
    }

    it('numeric keys of their own: null', function () {
      const numericKeys = { id: { N: '12345678901234567890' } };
      const record = { eventName: 'INSERT', dynamodb: { Keys: numericKeys, NewImage: { ...numericKeys, big: { N: '9.9E+125' } }, StreamViewType: 'NEW_AND_OLD_IMAGES' } };
      expect(parseStreamRecord(record)).to.equal(null);
    });

    it('a malformed record is refused all the same (its shape is checked before the marker), for what DynamoDB refuses only', function () {
      const record = otherRecord('INSERT', OTHER_VALUES['a 20-digit integer']!);
      const broken = (NewImage: Item) => ({ ...record, dynamodb: { ...record.dynamodb, NewImage } });
      expect(() => parseStreamRecord(broken({ ...record.dynamodb.NewImage, total: { N: 12 } }))).to.throw(ValidationError).with.property('issues').that.deep.equals([
        { path: 'dynamodb.NewImage.total', message: 'N must be a number written as a string' },
      ]);
      expect(() => parseStreamRecord(broken({ ...record.dynamodb.NewImage, total: { S: 'a', N: '1' } }))).to.throw(ValidationError);
      expect(() => parseStreamRecord({ ...record, dynamodb: { ...record.dynamodb, Keys: 'order#1' } })).to.throw(ValidationError);
      expect(() => parseStreamRecord({ ...record, eventName: 'UPSERT' })).to.throw(ValidationError);
    });
  });

  it('a guard is recognised by its keys alone, whatever its image holds', function () {
    const guard = guardItem('Ticket', 'external-ticket', [IDS.connectionId, '910224110'], IDS.ticketId);
    const disguised = { ...storedItem('Ticket', RECORDS.Ticket), pk: guard.pk, sk: guard.sk };
    expect(parseStreamRecord(lambdaRecord('INSERT', { newItem: disguised }))).to.equal(null);
    expect(isInternalKey(marshall({ pk: '$unique#ticket#x#y', sk: 'other' }))).to.equal(false);
    expect(isInternalKey(marshall({ pk: 5, sk: '$unique' }))).to.equal(false);
    expect(isInternalKey(marshall({ sk: '$unique' }))).to.equal(false);
  });

  const STORAGE_ONLY: Record<string, { before: Item; after: Item }> = {
    'a removal fence written before the cascade': { before: {}, after: { __fence: 'e2c0a1f4-remove' } },
    'a write token alone': { before: { __w: 'token-1' }, after: { __w: 'token-2' } },
    'a nonce claim (consume)': { before: {}, after: { __claim: '6a0b7c8d-claim' } },
    'keys and markers rewritten': { before: {}, after: { __edb_v__: '2', gsi9pk: 'x', gsi9sk: 'y' } },
  };
  const entities = Object.keys(RECORDS) as ChangeEntityName[];
  for (const [label, storage] of Object.entries(STORAGE_ONLY)) {
    it(`MODIFY of ${label} → null, for every entity`, function () {
      for (const entity of entities) {
        expect(parseStreamRecord(streamOf.modify(entity, RECORDS[entity], RECORDS[entity], storage)), entity).to.equal(null);
      }
    });
  }

  it('a MODIFY that changes only a hidden attribute is a change, named nowhere', function () {
    const before = RECORDS.OAuthNonce;
    const event = parseStreamRecord(streamOf.modify('OAuthNonce', before, { ...before, codeVerifier: 'w'.repeat(50) }));
    expect(event).to.include({ entity: 'OAuthNonce', kind: 'updated' });
    expect(event!.changed).to.deep.equal([]);
  });

  it('a fence next to a real change is reported without the fence', function () {
    const before = recordOf('TaskManagementConnection');
    const after = updated(before, { status: 'disabled' });
    const event = parseStreamRecord(streamOf.modify('TaskManagementConnection', before, after, { after: { __fence: 'f' } }));
    expect(event!.changed).to.deep.equal(['updatedAt', 'status']);
    expect(JSON.stringify(event)).to.not.include('__fence');
  });

  it('an item whose marker differs between the images is malformed', function () {
    const item = storedItem('Ticket', RECORDS.Ticket);
    const record = lambdaRecord('MODIFY', { oldItem: { ...item, __edb_e__: 'syncoperation' }, newItem: item });
    expect(() => parseStreamRecord(record)).to.throw(ValidationError).with.property('issues').that.deep.equals([
      { path: 'dynamodb.OldImage.__edb_e__', message: 'differs from the new image: one item cannot change its entity' },
    ]);
  });

  it('isStorageAttribute: keys, GSI keys and everything starting with __', function () {
    for (const name of ['pk', 'sk', 'gsi1pk', 'gsi12sk', '__edb_e__', '__edb_v__', '__w', '__fence', '__claim']) expect(isStorageAttribute(name), name).to.equal(true);
    for (const name of ['status', 'ticketId', 'gsi', 'gsi1', 'pkey', 'skip', '_private']) expect(isStorageAttribute(name), name).to.equal(false);
  });

  it('the reported entities are derived from the registry: the six entities, by storage name and id attribute', function () {
    const tables = [...entityTables().entries()].map(([marker, table]) => [marker, table.entity, table.idAttribute]);
    expect(tables).to.have.deep.members([
      ['taskmanagementconnection', 'TaskManagementConnection', 'taskManagementConnectionId'],
      ['ticket', 'Ticket', 'ticketId'],
      ['ticketsuggestion', 'TicketSuggestion', 'ticketSuggestionId'],
      ['oauthnonce', 'OAuthNonce', 'oAuthNonceId'],
      ['syncoperation', 'SyncOperation', 'syncOperationId'],
      ['oauthtokenstate', 'OAuthTokenState', 'oAuthTokenStateId'],
    ]);
    expect(entityTables()).to.equal(entityTables());
    expect(isInternalEntityMarker('idempotencykey')).to.equal(true);
    expect(isInternalEntityMarker('ticket')).to.equal(false);
  });
});
