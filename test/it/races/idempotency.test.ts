/**
 * IdempotencyKey races and lost responses (API.md, "IdempotencyKey"): "Exactly one of N
 * concurrent claims of a key is 'claimed'. A key whose lease ran out (its holder died) or that
 * failed is claimed again; a key past ttlSeconds is as if it never existed." — so of 20 claims
 * taking over a key, one is claimed and the others get what the key now holds (in_progress for
 * the same request, ConflictError('idempotency-request') for another). A claim that lost its key
 * gets ConcurrentModificationError from complete / fail / renew. A fail or renew whose response
 * is lost still resolves, and the stored key is what it says. createWithSuggestions commits "the
 * ticket, its links and the key's completion in one transaction: all, or none" — a refused one
 * leaves the key held by the claim (still processing, neither completed nor released).
 */
import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import type { ClaimInput, ClaimResult, DataAccess, IdempotencyClaim, IdempotencyKey, TaskManagementConnection } from '../../../src/index.js';
import { jiraCloudConnectionInput, suggestionLinks, tableSnapshot, ticketInput } from '../../support/entity-fixtures.js';
import { recordsOf } from './invariants.js';
import type { RaceTable } from './support.js';
import { everyOtherResponseLost, Figures, fakeDate, labelOf, outcomeOf, raceTable, settle, tally } from './support.js';

const figures = new Figures('idempotency keys: takeovers, lost responses, refused effects');
const GROUP = 'idempotency';
const N = 20;
const LEASE = 5;

function claimedOf(result: ClaimResult): IdempotencyClaim {
  if (result.state !== 'claimed') throw new Error(`expected claimed, got ${result.state}`);
  return result.claim;
}

/** 'claimed', 'completed', 'in_progress', or the error's label. */
function stateOf(result: PromiseSettledResult<ClaimResult>): string {
  return result.status === 'fulfilled' ? result.value.state : labelOf(result.reason);
}

function keyInput(overrides: Partial<ClaimInput> = {}): ClaimInput {
  return { key: `req-${randomUUID()}`, organizationId: randomUUID(), endpoint: 'POST /tickets', request: { summary: 'Speed up checkout' }, leaseSeconds: LEASE, ...overrides };
}

async function storedKey(da: DataAccess, input: ClaimInput): Promise<IdempotencyKey> {
  const found = await da.IdempotencyKey.findActiveKey(input.key, input.organizationId);
  expect(found, `the key ${input.key} is stored`).to.not.equal(null);
  return found as IdempotencyKey;
}

/** The old holder lost the key: each of its methods is ConcurrentModificationError. */
async function expectLost(claim: IdempotencyClaim): Promise<void> {
  for (const call of [() => claim.complete({ from: 'the old holder' }), () => claim.renew(), () => claim.fail()]) {
    expect(outcomeOf(await settle(call()))).to.equal('ConcurrentModificationError');
  }
}

describe('races: idempotency keys — takeovers, lost responses, refused effects (DynamoDB Local)', function () {
  this.timeout(60_000);
  figures.printAfter();
  const advance = fakeDate();

  describe(`${N} concurrent takeovers`, function () {
    it(`of a key whose holder's lease ran out (same request) → exactly one claimed, ${N - 1} in_progress; the old holder lost it; every claim after the winner completes gets its response`, async function () {
      const { da, other, check } = await raceTable('races-idem');
      const input = keyInput();
      const old = claimedOf(await da.IdempotencyKey.claim(input));
      advance(LEASE + 1);
      const results = await Promise.allSettled(Array.from({ length: N }, () => other().IdempotencyKey.claim(input)));
      const states = results.map(stateOf);
      figures.record(`${GROUP}: takeover after the lease`, states);
      expect(tally(states)).to.deep.equal({ claimed: 1, in_progress: N - 1 });
      for (const r of results) if (r.status === 'fulfilled' && r.value.state === 'in_progress') expect(r.value.retryAfterMs).to.be.within(1, LEASE * 1000);
      await expectLost(old);
      const winner = results.flatMap((r) => (r.status === 'fulfilled' && r.value.state === 'claimed' ? [r.value.claim] : []))[0] as IdempotencyClaim;
      await winner.complete({ from: 'the winner' });
      const later = await Promise.all(Array.from({ length: 5 }, () => da.IdempotencyKey.claim(input)));
      for (const r of later) expect(r).to.deep.include({ state: 'completed', response: { from: 'the winner' } });
      await check();
    });

    it(`of a failed key (same request) → exactly one claimed, ${N - 1} in_progress`, async function () {
      const { da, other, check } = await raceTable('races-idem');
      const input = keyInput();
      const failed = claimedOf(await da.IdempotencyKey.claim(input));
      await failed.fail();
      const results = await Promise.allSettled(Array.from({ length: N }, () => other().IdempotencyKey.claim(input)));
      const states = results.map(stateOf);
      figures.record(`${GROUP}: takeover of a failed key`, states);
      expect(tally(states)).to.deep.equal({ claimed: 1, in_progress: N - 1 });
      await expectLost(failed);
      expect((await storedKey(da, input)).getStatus()).to.equal('processing');
      await check();
    });

    it(`of a key past its ttl, each with another request body → exactly one claimed, ${N - 1} ConflictError('idempotency-request'); the key is the winner's request from then on`, async function () {
      const { da, other, check } = await raceTable('races-idem');
      const input = keyInput({ ttlSeconds: 60 });
      await claimedOf(await da.IdempotencyKey.claim(input)).complete({ first: true });
      advance(61);
      const bodies = Array.from({ length: N }, (_, i) => ({ summary: `request ${i}` }));
      const results = await Promise.allSettled(bodies.map((request) => other().IdempotencyKey.claim({ ...input, request })));
      const states = results.map(stateOf);
      figures.record(`${GROUP}: takeover of an expired key`, states);
      expect(tally(states)).to.deep.equal({ 'ConflictError(idempotency-request)': N - 1, claimed: 1 });
      const index = states.indexOf('claimed');
      await claimedOf((results[index] as PromiseFulfilledResult<ClaimResult>).value).complete({ winner: index });
      expect(await da.IdempotencyKey.claim({ ...input, request: bodies[index] })).to.deep.include({ state: 'completed', response: { winner: index } });
      expect(outcomeOf(await settle(da.IdempotencyKey.claim(input))), 'the expired request is another request now').to.equal('ConflictError(idempotency-request)');
      await check();
    });
  });

  describe('lost responses (the write reaches the table, its response does not)', function () {
    for (const sdkMaxAttempts of [3, 1]) {
      const retries = sdkMaxAttempts === 1 ? 'the library retries or reads' : 'the SDK retries';
      it(`fail() whose response is lost (${retries}) resolves; the key is failed, released for a new claim`, async function () {
        const table = await raceTable('races-idem');
        const { da, injector } = table.injected({ seed: 21, sdkMaxAttempts, script: { UpdateItem: ['lostResponse', 'ok'] } });
        const input = keyInput();
        const claim = claimedOf(await da.IdempotencyKey.claim(input));
        expect(outcomeOf(await settle(claim.fail()))).to.equal('ok');
        expect(injector.counts.lostResponse).to.equal(1);
        figures.count(`${GROUP}: lost responses`, 'fail', 1);
        const stored = await storedKey(table.da, input);
        expect(stored.getStatus()).to.equal('failed');
        expect(stored.getLeaseExpiresAt()).to.equal(undefined);
        const again = claimedOf(await table.da.IdempotencyKey.claim(input));
        await expectLost(claim);
        await again.complete({ again: true });
        await table.check();
      });

      it(`renew() whose response is lost (${retries}) resolves; the lease is extended, so the key is still the claim's after its first lease`, async function () {
        const table = await raceTable('races-idem');
        const { da, injector } = table.injected({ seed: 22, sdkMaxAttempts, script: { UpdateItem: ['lostResponse', 'ok'] } });
        const input = keyInput();
        const claim = claimedOf(await da.IdempotencyKey.claim(input));
        const first = Date.parse((await storedKey(table.da, input)).getLeaseExpiresAt() as string);
        advance(3);
        expect(outcomeOf(await settle(claim.renew()))).to.equal('ok');
        expect(injector.counts.lostResponse).to.equal(1);
        figures.count(`${GROUP}: lost responses`, 'renew', 1);
        const renewed = Date.parse((await storedKey(table.da, input)).getLeaseExpiresAt() as string);
        expect(renewed).to.be.greaterThan(first);
        // Past the first lease, within the renewed one: the key is still held.
        advance(LEASE - 1);
        expect((await table.da.IdempotencyKey.claim(input)).state).to.equal('in_progress');
        await claim.complete({ renewed: true });
        expect(await table.da.IdempotencyKey.claim(input)).to.deep.include({ state: 'completed', response: { renewed: true } });
        await table.check();
      });

      it(`a takeover claim whose response is lost (${retries}) is claimed — never a false in_progress for its own caller`, async function () {
        const table = await raceTable('races-idem');
        const input = keyInput();
        const old = claimedOf(await table.da.IdempotencyKey.claim(input));
        advance(LEASE + 1);
        const { da, injector } = table.injected({ seed: 23, sdkMaxAttempts, script: everyOtherResponseLost(4) });
        const taker = claimedOf(await da.IdempotencyKey.claim(input));
        expect(injector.counts.lostResponse).to.be.at.least(1);
        await expectLost(old);
        await taker.complete({ taker: true });
        expect(await table.da.IdempotencyKey.claim(input)).to.deep.include({ state: 'completed', response: { taker: true } });
        await table.check();
      });
    }
  });

  describe('createWithSuggestions refused: the key stays held by the claim (processing: not completed, not released)', function () {
    async function heldAfterRefusal(table: RaceTable, claim: IdempotencyClaim, input: ClaimInput): Promise<void> {
      const stored = await storedKey(table.da, input);
      expect(stored.getStatus()).to.equal('processing');
      expect(stored.getResponse()).to.equal(undefined);
      // Another attempt of the same request waits; the claim itself can still settle the key.
      expect((await table.da.IdempotencyKey.claim(input)).state).to.equal('in_progress');
      await claim.complete({ after: 'the refusal' });
      expect(await table.da.IdempotencyKey.claim(input)).to.deep.include({ state: 'completed', response: { after: 'the refusal' } });
    }

    const CASES: readonly { name: string; label: string; arrange: (table: RaceTable, connection: TaskManagementConnection) => Promise<{ ticket: ReturnType<typeof ticketInput>; links: ReturnType<typeof suggestionLinks> }> }[] = [
      {
        name: 'the external ticket exists already',
        label: 'ConflictError(external-ticket)',
        arrange: async (table, connection) => {
          const ticket = ticketInput(connection);
          await table.da.Ticket.create(ticket);
          return { ticket: { ...ticket, opportunityId: randomUUID() }, links: suggestionLinks(2) };
        },
      },
      {
        name: 'a suggestion is ticketed already',
        label: 'ConflictError(suggestion)',
        arrange: async (table, connection) => {
          const taken = suggestionLinks(1);
          await table.da.Ticket.createWithSuggestions(ticketInput(connection), taken);
          return { ticket: ticketInput(connection), links: [...suggestionLinks(1), ...taken] };
        },
      },
      {
        name: 'the connection is not active',
        label: 'ConflictError(active-connection)',
        arrange: async (_table, connection) => {
          await connection.markDisabled();
          return { ticket: ticketInput(connection), links: suggestionLinks(2) };
        },
      },
      {
        name: 'the connection does not exist',
        label: 'NotFoundError',
        arrange: async (_table, connection) => {
          await connection.remove();
          return { ticket: ticketInput(connection), links: suggestionLinks(2) };
        },
      },
    ];

    for (const { name, label, arrange } of CASES) {
      it(`${name} → ${label}; nothing of the ticket is written and the key is still the claim's`, async function () {
        const table = await raceTable('races-idem');
        const connection = await table.da.TaskManagementConnection.create(jiraCloudConnectionInput());
        const { ticket, links } = await arrange(table, connection);
        const input = keyInput({ organizationId: connection.getOrganizationId(), request: { ticket: ticket.externalTicketId } });
        const claim = claimedOf(await table.da.IdempotencyKey.claim(input));
        const before = await tableSnapshot(table.client, table.tableName);
        const refused = await settle(table.other().Ticket.createWithSuggestions(ticket, links, { idempotency: claim }));
        figures.record(`${GROUP}: refused createWithSuggestions`, [outcomeOf(refused)]);
        expect(outcomeOf(refused)).to.equal(label);
        expect(await tableSnapshot(table.client, table.tableName), 'the refused transaction wrote nothing').to.deep.equal(before);
        await heldAfterRefusal(table, claim, input);
        const items = await table.check();
        expect(recordsOf(items, 'ticket').filter((item) => item.externalTicketId === ticket.externalTicketId && item.opportunityId === ticket.opportunityId)).to.deep.equal([]);
      });
    }
  });
});
