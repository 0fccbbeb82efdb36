import { expect } from 'chai';
import fc from 'fast-check';
import { DataAccessError } from '../../../src/errors/index.js';
import type { GuardKey } from '../../../src/store/guard-items.js';
import { ConflictError } from '../../../src/index.js';
import { holds } from '../../../src/store/condition.js';
import { claimGuardAction, GUARD_SORT_KEY, guardKey, releaseGuardAction } from '../../../src/store/guard-items.js';
import { transactItemOf } from '../../../src/store/render-action.js';

describe('store/guard-items', function () {
  describe('guardKey', function () {
    it('is deterministic and shaped $unique#<entity>#<constraint>#<values>', function () {
      const a = guardKey('Ticket', 'external-id', ['conn-1', 'JIRA-7']);
      const b = guardKey('Ticket', 'external-id', ['conn-1', 'JIRA-7']);
      expect(a).to.deep.equal(b);
      expect(a).to.deep.equal({ pk: '$unique#Ticket#external-id#conn-1#JIRA-7', sk: GUARD_SORT_KEY });
      expect(GUARD_SORT_KEY).to.equal('$unique');
    });

    it('keeps entities, constraints and value lists apart', function () {
      const keys = [
        guardKey('Ticket', 'external-id', ['a']),
        guardKey('Sync', 'external-id', ['a']),
        guardKey('Ticket', 'other', ['a']),
        guardKey('Ticket', 'external-id', ['b']),
        guardKey('Ticket', 'external-id', ['a', 'b']),
      ];
      expect(new Set(keys.map((key) => key.pk)).size).to.equal(keys.length);
    });

    it("cannot be forged by '#' inside a value: ['a#b','c'] and ['a','b#c'] get different keys", function () {
      const left = guardKey('E', 'c', ['a#b', 'c']);
      const right = guardKey('E', 'c', ['a', 'b#c']);
      expect(left.pk).to.not.equal(right.pk);
      expect(guardKey('E', 'c', ['a', 'b']).pk).to.not.equal(guardKey('E', 'c', ['a#b']).pk);
      // An escaped '#' typed in by hand is not the same value either.
      expect(guardKey('E', 'c', ['a%23b']).pk).to.not.equal(guardKey('E', 'c', ['a#b']).pk);
    });

    it('gives different value lists of the same length different keys (property)', function () {
      const values = (length: number) => fc.array(fc.string({ unit: 'binary', maxLength: 12 }), { minLength: length, maxLength: length });
      fc.assert(
        fc.property(
          fc.integer({ min: 1, max: 3 }).chain((n) => fc.tuple(values(n), values(n))),
          ([left, right]) => {
            const same = guardKey('E', 'c', left).pk === guardKey('E', 'c', right).pk;
            return same === (JSON.stringify(left) === JSON.stringify(right));
          },
        ),
        { seed: 424_242, numRuns: 2_000 },
      );
    });

    it('hashes very long values into a key of at most 1100 characters, still deterministic and distinct', function () {
      const long = 'x'.repeat(5_000);
      const key = guardKey('Connection', 'instance-url', [long]);
      expect(key.pk.length).to.be.at.most(1_100);
      expect(key.pk.startsWith('$unique#Connection#instance-url#')).to.equal(true);
      expect(key.pk).to.not.contain('xxxx');
      expect(guardKey('Connection', 'instance-url', [long])).to.deep.equal(key);
      expect(guardKey('Connection', 'instance-url', [`${long}y`]).pk).to.not.equal(key.pk);
      expect(guardKey('Connection', 'other', [long]).pk).to.not.equal(key.pk);
    });

    it('measures the limit on the encoded key: 1024 characters stay readable, 1025 are hashed', function () {
      const prefix = '$unique#E#c#';
      const fits = guardKey('E', 'c', ['v'.repeat(1_024 - prefix.length)]);
      expect(fits.pk).to.equal(`${prefix}${'v'.repeat(1_024 - prefix.length)}`);
      const over = guardKey('E', 'c', ['v'.repeat(1_025 - prefix.length)]);
      expect(over.pk.length).to.be.below(1_024);
      // Characters that need escaping count with their escaped length.
      const escaped = guardKey('E', 'c', ['é'.repeat(200)]);
      expect(escaped.pk.length).to.be.at.most(1_100);
      expect(escaped.pk).to.not.contain('%C3%A9%C3%A9');
    });

    it('cannot be forged by a value that spells out the hashed form of another value', function () {
      const hashed = guardKey('E', 'c', ['z'.repeat(2_000)]);
      const tail = hashed.pk.slice('$unique#E#c#'.length);
      expect(guardKey('E', 'c', [tail]).pk).to.not.equal(hashed.pk);
    });

    it('a value with a lone UTF-16 surrogate gets a key of its own instead of a raw URIError', function () {
      // encodeURIComponent throws URIError('URI malformed') for '\uD800'; the library promises that
      // every error it throws is a DataAccessError. Either a distinct key or a library error is fine.
      const outcome = (value: string): unknown => {
        try {
          return guardKey('E', 'c', [value]);
        } catch (error) {
          return error;
        }
      };
      const first = outcome('name-\uD800');
      const second = outcome('name-\uD801');
      if (first instanceof Error || second instanceof Error) {
        expect(first, 'error thrown for a lone surrogate').to.be.instanceOf(DataAccessError);
        expect(second, 'error thrown for a lone surrogate').to.be.instanceOf(DataAccessError);
      } else {
        expect((first as GuardKey).pk).to.not.equal((second as GuardKey).pk);
      }
    });

    it('turns non-string values into their text', function () {
      expect(guardKey('E', 'c', [42, true]).pk).to.equal('$unique#E#c#42#true');
    });
  });

  describe('claimGuardAction', function () {
    it('claims the guard only if nobody holds it: taken by another owner is the conflict, held by this owner is dropped', function () {
      const key = guardKey('Ticket', 'external-id', ['JIRA-1']);
      const conflict = new ConflictError('external-id', 'taken');
      const action = claimGuardAction(key, 'owner-1', 'external-id', 'Ticket', () => conflict);
      const rendered = transactItemOf('tbl', action);
      expect(rendered.Put).to.deep.include({
        TableName: 'tbl',
        Item: { pk: key.pk, sk: key.sk, ownerId: 'owner-1', constraint: 'external-id', entity: 'Ticket' },
        ConditionExpression: 'attribute_not_exists(#n0)',
        ExpressionAttributeNames: { '#n0': 'pk' },
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      });
      const [requirement] = action.requirements;
      expect(holds(requirement!.condition, undefined)).to.equal(true);
      expect(requirement!.failure({ ...key, ownerId: 'owner-2' })).to.deep.equal({ kind: 'error', error: conflict });
      expect(requirement!.failure({ ...key, ownerId: 'owner-1' })).to.deep.equal({ kind: 'drop' });
    });
  });

  describe('releaseGuardAction', function () {
    it("releases the guard only if this owner holds it (or it is gone), never another owner's", function () {
      const key = guardKey('Ticket', 'external-id', ['JIRA-1']);
      const action = releaseGuardAction(key, 'owner-1', 'external-id');
      const rendered = transactItemOf('tbl', action);
      expect(rendered.Delete).to.deep.equal({
        TableName: 'tbl',
        Key: { pk: key.pk, sk: key.sk },
        ConditionExpression: 'attribute_not_exists(#n0) OR #n1 = :v0',
        ExpressionAttributeNames: { '#n0': 'pk', '#n1': 'ownerId' },
        ExpressionAttributeValues: { ':v0': 'owner-1' },
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      });
      expect(rendered.Delete!.Key).to.not.equal(key);
      const [requirement] = action.requirements;
      expect(holds(requirement!.condition, { ...key, ownerId: 'owner-1' })).to.equal(true);
      expect(holds(requirement!.condition, { ...key, ownerId: 'owner-2' })).to.equal(false);
      expect(requirement!.failure({ ...key, ownerId: 'owner-2' })).to.deep.equal({ kind: 'drop' });
    });
  });
});
