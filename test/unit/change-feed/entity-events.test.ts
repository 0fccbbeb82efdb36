/**
 * parseStreamRecord on recorded-shape stream records of every entity and every event kind: the
 * entity, id and kind, before/after holding exactly the visible schema attributes (no keys,
 * markers, write tokens, fences), `changed` in declaration order, both record shapes alike.
 */
import { expect } from 'chai';
import type { ChangeEntityName, ChangeEvent } from '../../../src/index.js';
import { parseStreamRecord } from '../../../src/index.js';
import type { Item } from '../../fixtures/stream-records/builders.js';
import { IDS, LATER, recordOf, RECORDS, SCHEMAS, sdkRecord, storedItem, streamOf, updated, visible } from '../../fixtures/stream-records/builders.js';

const ENTITIES = Object.keys(RECORDS) as ChangeEntityName[];
const STORAGE = { __w: '0d148bcd-0baa-480a-bb1b-080ce6ed3bdf' };
const STORAGE_NAMES = /^(pk|sk|gsi\d+(pk|sk)|__.*)$/;

function parsed(record: unknown): ChangeEvent {
  const event = parseStreamRecord(record);
  expect(event, 'an entity change').to.not.equal(null);
  return event!;
}

function declared(entity: ChangeEntityName, names: readonly string[]): string[] {
  return SCHEMAS[entity].visibleAttributeNames.filter((name) => names.includes(name));
}

/** One realistic MODIFY per entity: the changes a library write makes. */
const MODIFICATIONS: { readonly [E in ChangeEntityName]: { changes: Item; changed: string[] } } = {
  TaskManagementConnection: { changes: { displayName: 'Acme Jira (prod)', lastUsedAt: LATER }, changed: ['updatedAt', 'displayName', 'lastUsedAt'] },
  Ticket: { changes: { ticketStatus: 'To Do', statusSyncedAt: LATER }, changed: ['updatedAt', 'ticketStatus', 'statusSyncedAt'] },
  // Links are immutable; a backfill (migration) still changes one.
  TicketSuggestion: { changes: { updatedBy: 'migration-7' }, changed: ['updatedAt', 'updatedBy'] },
  // Nonces are immutable too: only a changed attribute makes an event (a claim alone does not, see internal-items).
  OAuthNonce: { changes: { redirectUri: 'https://app.example.com/oauth/callback2' }, changed: ['updatedAt', 'redirectUri'] },
  SyncOperation: { changes: { status: 'in_progress', startedAt: LATER }, changed: ['updatedAt', 'status', 'startedAt'] },
  OAuthTokenState: { changes: { accessToken: 'ARotatedA==', refreshToken: 'ARotatedR==', version: 2 }, changed: ['updatedAt', 'version'] },
};

describe('change-feed: entity events', function () {
  for (const entity of ENTITIES) {
    describe(entity, function () {
      const record = RECORDS[entity];
      const id = record[SCHEMAS[entity].idAttribute] as string;

      it('INSERT → created: after = the visible attributes, before null, changed = what it has', function () {
        const event = parsed(streamOf.insert(entity, record, STORAGE));
        expect(event).to.include({ entity, id, kind: 'created', before: null });
        expect(event.after).to.deep.equal(visible(entity, record));
        expect(event.changed).to.deep.equal(declared(entity, Object.keys(record)));
        for (const name of Object.keys(event.after!)) expect(name).to.not.match(STORAGE_NAMES);
      });

      it('REMOVE → removed: before = the visible attributes, after null', function () {
        const event = parsed(streamOf.remove(entity, record, { __fence: 'f-1', ...STORAGE }));
        expect(event).to.include({ entity, id, kind: 'removed', after: null });
        expect(event.before).to.deep.equal(visible(entity, record));
        expect(event.changed).to.deep.equal(declared(entity, Object.keys(record)));
      });

      it('MODIFY → updated: both records, changed = the attributes that differ, in declaration order', function () {
        const { changes, changed } = MODIFICATIONS[entity];
        const after = updated(record, changes);
        const event = parsed(streamOf.modify(entity, record, after, { before: { __w: 'old-token' }, after: STORAGE }));
        expect(event).to.include({ entity, id, kind: 'updated' });
        expect(event.before).to.deep.equal(visible(entity, record));
        expect(event.after).to.deep.equal(visible(entity, after));
        expect(event.changed).to.deep.equal(changed);
      });

      it('an SDK GetRecords record (Date timestamp, no eventSourceARN) parses like the Lambda record', function () {
        const after = updated(record, MODIFICATIONS[entity].changes);
        const items = { oldItem: storedItem(entity, record), newItem: storedItem(entity, after) };
        const lambda = parsed(streamOf.modify(entity, record, after));
        expect(parsed(sdkRecord('MODIFY', items))).to.deep.equal(lambda);
      });
    });
  }

  describe('values and changed', function () {
    it('numbers arrive as { N } and come out as numbers', function () {
      const event = parsed(streamOf.insert('OAuthTokenState', RECORDS.OAuthTokenState));
      expect(event.after).to.have.property('version', 1);
      const nonce = parsed(streamOf.insert('OAuthNonce', RECORDS.OAuthNonce));
      expect(nonce.after).to.have.property('ttl', 1768470000);
    });

    it('maps are compared deeply: the same metadata in another key order is no change', function () {
      const before = recordOf('TaskManagementConnection');
      const after = updated(before, { metadata: { scopes: ['read:jira-work', 'write:jira-work'], cloudId: IDS.cloudId } });
      expect(parsed(streamOf.modify('TaskManagementConnection', before, after)).changed).to.deep.equal(['updatedAt']);
    });

    it('a list inside a map that changes (or changes order) is a change of that attribute', function () {
      const before = recordOf('TaskManagementConnection');
      const grown = updated(before, { metadata: { cloudId: IDS.cloudId, scopes: ['read:jira-work', 'write:jira-work', 'manage:jira-webhook'] } });
      expect(parsed(streamOf.modify('TaskManagementConnection', before, grown)).changed).to.deep.equal(['updatedAt', 'metadata']);
      const reordered = updated(before, { metadata: { cloudId: IDS.cloudId, scopes: ['write:jira-work', 'read:jira-work'] } });
      expect(parsed(streamOf.modify('TaskManagementConnection', before, reordered)).changed).to.deep.equal(['updatedAt', 'metadata']);
    });

    it('an attribute that appears or disappears is changed; null ↔ a value is changed', function () {
      const before = recordOf('TaskManagementConnection', { errorMessage: 'token expired' });
      const after = updated(before, { errorMessage: undefined, lastSyncAt: LATER });
      expect(parsed(streamOf.modify('TaskManagementConnection', before, after)).changed).to.deep.equal(['updatedAt', 'lastSyncAt', 'errorMessage']);
      const ticket = recordOf('Ticket', { ticketStatus: 'Done' });
      expect(parsed(streamOf.modify('Ticket', ticket, { ...ticket, ticketStatus: null })).changed).to.deep.equal(['ticketStatus']);
    });

    it('a change of a single attribute without updatedAt (connection.lastSyncAt set by SyncOperation.complete) is reported', function () {
      const before = recordOf('TaskManagementConnection');
      const event = parsed(streamOf.modify('TaskManagementConnection', before, { ...before, lastSyncAt: LATER }));
      expect(event.changed).to.deep.equal(['lastSyncAt']);
      expect(event.domain).to.deep.equal([]);
    });

    it('attributes the schema does not declare (another writer, a newer version) are left out', function () {
      const record = recordOf('Ticket');
      const event = parsed(streamOf.insert('Ticket', record, { lastCommentAt: LATER, legacyField: { a: 1 } }));
      expect(event.after).to.deep.equal(visible('Ticket', record));
      expect(event.changed).to.not.include('lastCommentAt');
    });

    it('a MODIFY that rewrites a structured value with equal content changes nothing → null', function () {
      const before = recordOf('SyncOperation', { progress: { current: 1, total: 10, processed: 1, stage: 'fetching' } });
      const after = { ...before, progress: { current: 1, total: 10, processed: 1, stage: 'fetching' } };
      expect(parseStreamRecord(streamOf.modify('SyncOperation', before, after))).to.equal(null);
    });

    it('each event owns its values: before and after share no objects', function () {
      const before = recordOf('TaskManagementConnection');
      const event = parsed(streamOf.modify('TaskManagementConnection', before, updated(before, { displayName: 'x' })));
      if (event.entity !== 'TaskManagementConnection' || event.kind !== 'updated') throw new Error('expected a connection update');
      expect(event.before.metadata).to.deep.equal(event.after.metadata);
      expect(event.before.metadata).to.not.equal(event.after.metadata);
    });
  });
});
