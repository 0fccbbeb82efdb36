/**
 * IdempotencyKey on DynamoDB Local: a retried "create a ticket" request gets the first answer.
 * Claims race, take over a dead holder's key, mismatch, expire, fail; the key's completion commits
 * with the ticket it guards; lost responses never turn into a false in_progress or a second effect.
 */
import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import fc from 'fast-check';
import sinon from 'sinon';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { ConcurrentModificationError, ConflictError, DataAccessError, IdempotencyKey, ValidationError } from '../../../src/index.js';
import type { ClaimResult, DataAccess, IdempotencyClaim } from '../../../src/index.js';
import { freshDataAccess, itemsOfEntity, jiraCloudConnectionInput, rejectionOf, suggestionLinks, tableSnapshot, ticketInput } from '../../support/entity-fixtures.js';
import { scanAll } from '../../support/local-store.js';
import { injectedDataAccess } from '../reliability/support.js';

const ORG = () => randomUUID();

function claimed(result: ClaimResult): IdempotencyClaim {
  if (result.state !== 'claimed') throw new Error(`expected claimed, got ${result.state}`);
  return result.claim;
}

describe('IdempotencyKey (DynamoDB Local)', function () {
  let da: DataAccess;
  let client: DynamoDBClient;
  let tableName: string;
  let clock: sinon.SinonFakeTimers | undefined;
  const clients: DynamoDBClient[] = [];

  before(async function () {
    ({ da, client, tableName } = await freshDataAccess('idempotency'));
  });

  afterEach(function () {
    clock?.restore();
    clock = undefined;
  });

  after(function () {
    for (const c of clients) c.destroy();
  });

  function advance(seconds: number): void {
    clock ??= sinon.useFakeTimers({ now: Date.now(), toFake: ['Date'], shouldAdvanceTime: true });
    clock.tick(seconds * 1000);
  }

  it('30 concurrent claims of one key: exactly one claimed, the rest in_progress; after complete every claim gets the same response', async function () {
    const organizationId = ORG();
    const input = { key: 'req-30', organizationId, endpoint: 'POST /tickets', request: { summary: 'Speed up checkout', suggestionIds: ['a', 'b'] } };
    const results = await Promise.all(Array.from({ length: 30 }, () => da.IdempotencyKey.claim(input)));
    const winners = results.filter((r) => r.state === 'claimed');
    expect(winners).to.have.length(1);
    for (const r of results.filter((x) => x.state !== 'claimed')) {
      expect(r.state).to.equal('in_progress');
      expect((r as { retryAfterMs: number }).retryAfterMs).to.be.within(1, 60_000);
    }
    const response = { ticket: { key: 'ASO-42' }, links: 2 };
    await claimed(winners[0]!).complete(response);
    const later = await Promise.all(Array.from({ length: 5 }, () => da.IdempotencyKey.claim({ ...input, request: { suggestionIds: ['a', 'b'], summary: 'Speed up checkout' } })));
    for (const r of later) {
      expect(r.state).to.equal('completed');
      expect((r as { response: unknown }).response).to.deep.equal(response);
    }
    const found = await da.IdempotencyKey.findActiveKey('req-30', organizationId.toUpperCase());
    expect(found).to.be.instanceOf(IdempotencyKey);
    expect(found?.getStatus()).to.equal(IdempotencyKey.STATUSES.COMPLETED);
    expect(found?.toJSON()).to.not.have.property('claimToken');
  });

  it('a claim whose holder stops renewing is taken over after its lease; the old holder can no longer complete, and the stored response is the new holder\'s', async function () {
    const input = { key: 'req-takeover', organizationId: ORG(), endpoint: 'POST /tickets', request: { n: 1 }, leaseSeconds: 5 };
    const first = claimed(await da.IdempotencyKey.claim(input));
    await first.renew();
    expect((await da.IdempotencyKey.claim(input)).state).to.equal('in_progress');
    advance(6);
    const second = claimed(await da.IdempotencyKey.claim(input));
    expect(await rejectionOf(first.complete({ from: 'first' }))).to.be.instanceOf(ConcurrentModificationError);
    expect(await rejectionOf(first.renew())).to.be.instanceOf(ConcurrentModificationError);
    expect(await rejectionOf(first.fail())).to.be.instanceOf(ConcurrentModificationError);
    await second.complete({ from: 'second' });
    const retry = await da.IdempotencyKey.claim(input);
    expect(retry).to.deep.include({ state: 'completed', response: { from: 'second' } });
    expect(await rejectionOf(second.complete({ again: true }))).to.be.instanceOf(ConcurrentModificationError);
  });

  it('a stored key is written through claims only: no setters, save() rejects with UNSUPPORTED and writes nothing', async function () {
    const input = { key: 'req-readonly', organizationId: ORG(), endpoint: 'POST /tickets', request: { n: 1 } };
    await claimed(await da.IdempotencyKey.claim(input)).complete({ ok: true });
    const key = await da.IdempotencyKey.findActiveKey(input.key, input.organizationId);
    if (key === null) throw new Error('the key is missing');
    const model = key as unknown as Record<string, unknown>;
    for (const name of ['UpdatedBy', 'Status', 'Endpoint', 'Key', 'OrganizationId', 'CompletedAt', 'LeaseExpiresAt']) expect(typeof model[`set${name}`], `set${name}`).to.equal('undefined');
    const before = await tableSnapshot(client, tableName);
    // @ts-expect-error save() does not compile on an idempotency key; at run time it rejects
    const error = await rejectionOf(key.save());
    expect(error).to.be.instanceOf(DataAccessError).and.have.property('code', 'UNSUPPORTED');
    expect(await tableSnapshot(client, tableName)).to.deep.equal(before);
    expect(await da.IdempotencyKey.claim(input)).to.deep.include({ state: 'completed', response: { ok: true } });
  });

  it('fail() releases the key: the same request is claimed again', async function () {
    const input = { key: 'req-fail', organizationId: ORG(), endpoint: 'POST /tickets', request: [1, 2, 3] };
    await claimed(await da.IdempotencyKey.claim(input)).fail();
    const again = claimed(await da.IdempotencyKey.claim(input));
    await again.complete('done');
    expect(await da.IdempotencyKey.claim(input)).to.deep.include({ state: 'completed', response: 'done' });
  });

  it('another body or endpoint for the same key is ConflictError(idempotency-request) and writes nothing; a key past its ttl is as if it never existed', async function () {
    const organizationId = ORG();
    const input = { key: 'req-mismatch', organizationId, endpoint: 'POST /tickets', request: { a: 1 }, ttlSeconds: 60 };
    await claimed(await da.IdempotencyKey.claim(input)).complete({ ok: true });
    const before = await tableSnapshot(client, tableName);
    for (const other of [{ ...input, request: { a: 2 } }, { ...input, endpoint: 'PUT /tickets' }]) {
      const error = await rejectionOf(da.IdempotencyKey.claim(other));
      expect(error).to.be.instanceOf(ConflictError).and.have.property('constraint', 'idempotency-request');
      expect((error as ConflictError).conflictingValues).to.deep.equal(['req-mismatch']);
    }
    expect(await tableSnapshot(client, tableName)).to.deep.equal(before);
    // The same key in another organization is another key.
    expect((await da.IdempotencyKey.claim({ ...input, organizationId: ORG(), request: { a: 2 } })).state).to.equal('claimed');
    advance(61);
    expect(await da.IdempotencyKey.findActiveKey('req-mismatch', organizationId)).to.equal(null);
    const reborn = claimed(await da.IdempotencyKey.claim({ ...input, request: { a: 2 } }));
    await reborn.complete({ second: true });
    expect(await da.IdempotencyKey.claim({ ...input, request: { a: 2 } })).to.deep.include({ state: 'completed', response: { second: true } });
  });

  it('createWithSuggestions with a claim: ticket, links and the key\'s completion in one transaction — a retry gets the ticket, a lost claim writes nothing', async function () {
    const connection = await da.TaskManagementConnection.create(jiraCloudConnectionInput());
    const body = { summary: 'Checkout', suggestionIds: [randomUUID(), randomUUID()] };
    const input = { key: `req-${randomUUID()}`, organizationId: connection.getOrganizationId(), endpoint: 'POST /tickets', request: body, leaseSeconds: 5 };
    const claim = claimed(await da.IdempotencyKey.claim(input));
    const created = await da.Ticket.createWithSuggestions(ticketInput(connection), suggestionLinks(2, body.suggestionIds), { idempotency: claim });
    const retry = await da.IdempotencyKey.claim(input);
    expect(retry.state).to.equal('completed');
    expect((retry as { response: unknown }).response).to.deep.equal({ ticket: created.ticket.toJSON(), links: created.links.map((link) => link.toJSON()) });

    // A claim that lost its key (taken over after its lease): nothing of the ticket is written.
    const lostInput = { ...input, key: `req-${randomUUID()}` };
    const stale = claimed(await da.IdempotencyKey.claim(lostInput));
    advance(6);
    claimed(await da.IdempotencyKey.claim(lostInput));
    const before = await tableSnapshot(client, tableName);
    const refused = await rejectionOf(da.Ticket.createWithSuggestions(ticketInput(connection), suggestionLinks(3), { idempotency: stale }));
    expect(refused).to.be.instanceOf(ConcurrentModificationError);
    expect(await tableSnapshot(client, tableName)).to.deep.equal(before);
    expect(await rejectionOf(da.Ticket.createWithSuggestions(ticketInput(connection), suggestionLinks(1), { idempotency: { complete: () => undefined } as never }))).to.be.instanceOf(ValidationError);
  });

  it('createWithSuggestions refuses a claim of another organization (ValidationError before anything is written); the key stays claimed for its own organization', async function () {
    const connection = await da.TaskManagementConnection.create(jiraCloudConnectionInput());
    const input = { key: `req-${randomUUID()}`, organizationId: ORG().toUpperCase(), endpoint: 'POST /tickets', request: { summary: 'x' } };
    const claim = claimed(await da.IdempotencyKey.claim(input));
    const before = await tableSnapshot(client, tableName);
    const refused = await rejectionOf(da.Ticket.createWithSuggestions(ticketInput(connection), suggestionLinks(1), { idempotency: claim }));
    expect(refused).to.be.instanceOf(ValidationError);
    expect((refused as ValidationError).issues).to.deep.equal([{ path: 'options.idempotency', message: "is a claim of another organization than the ticket's" }]);
    expect(await tableSnapshot(client, tableName)).to.deep.equal(before);
    expect((await da.IdempotencyKey.claim(input)).state).to.equal('in_progress');
    // The same organization written in another letter case is the same organization.
    const own = claimed(await da.IdempotencyKey.claim({ ...input, key: `req-${randomUUID()}`, organizationId: connection.getOrganizationId().toUpperCase() }));
    const created = await da.Ticket.createWithSuggestions(ticketInput(connection), suggestionLinks(1), { idempotency: own });
    expect(created.links).to.have.length(1);
  });

  it('a lost claim is ConcurrentModificationError even when the attempt that took it over ticketed the same suggestions (not a suggestion conflict)', async function () {
    const connection = await da.TaskManagementConnection.create(jiraCloudConnectionInput());
    const suggestionIds = [randomUUID(), randomUUID()];
    const input = { key: `req-${randomUUID()}`, organizationId: connection.getOrganizationId(), endpoint: 'POST /tickets', request: { suggestionIds }, leaseSeconds: 5 };
    const stale = claimed(await da.IdempotencyKey.claim(input));
    advance(6);
    const taker = claimed(await da.IdempotencyKey.claim(input));
    const created = await da.Ticket.createWithSuggestions(ticketInput(connection), suggestionLinks(2, suggestionIds), { idempotency: taker });
    const before = await tableSnapshot(client, tableName);
    // The late attempt's transaction fails on both the claim and the suggestion guards: the claim decides.
    const refused = await rejectionOf(da.Ticket.createWithSuggestions(ticketInput(connection), suggestionLinks(2, suggestionIds), { idempotency: stale }));
    expect(refused).to.be.instanceOf(ConcurrentModificationError);
    expect(await tableSnapshot(client, tableName)).to.deep.equal(before);
    const answer = await da.IdempotencyKey.claim(input);
    expect(answer).to.deep.include({ state: 'completed', response: { ticket: created.ticket.toJSON(), links: created.links.map((link) => link.toJSON()) } });
  });

  it('lost responses: a claim, a complete and createWithSuggestions with a claim each succeed once, never a false in_progress or a second effect', async function () {
    const connection = await da.TaskManagementConnection.create(jiraCloudConnectionInput());
    for (const sdkMaxAttempts of [3, 1]) {
      const { da: lossy, client: lossyClient, injector } = injectedDataAccess(tableName, {
        seed: sdkMaxAttempts,
        script: { PutItem: ['lostResponse', 'ok'], UpdateItem: ['lostResponse', 'ok'], TransactWriteItems: ['lostResponse', 'ok'] },
        sdkMaxAttempts,
      });
      clients.push(lossyClient);
      const input = { key: `lost-${sdkMaxAttempts}`, organizationId: connection.getOrganizationId(), endpoint: 'POST /tickets', request: { n: sdkMaxAttempts } };
      const claim = claimed(await lossy.IdempotencyKey.claim(input));
      const { ticket } = await lossy.Ticket.createWithSuggestions(ticketInput(connection), suggestionLinks(2), { idempotency: claim });
      expect(injector.counts.lostResponse).to.be.at.least(2);
      const stored = itemsOfEntity(await scanAll(client, tableName), 'Ticket').filter((t) => t.ticketId === ticket.getId());
      expect(stored).to.have.length(1);
      expect((await da.IdempotencyKey.claim(input)).state).to.equal('completed');
      const plain = claimed(await lossy.IdempotencyKey.claim({ ...input, key: `lost-plain-${sdkMaxAttempts}` }));
      await plain.complete({ plain: true });
      expect(await da.IdempotencyKey.claim({ ...input, key: `lost-plain-${sdkMaxAttempts}` })).to.deep.include({ state: 'completed', response: { plain: true } });
    }
  });

  it('any JSON response is stored and handed back as it was, also what DynamoDB cannot hold as a map (big numbers, empty or constructor keys, deep nesting)', async function () {
    let deep: unknown = 'leaf';
    for (let i = 0; i < 60; i += 1) deep = i % 2 === 0 ? { level: deep } : [deep];
    const responses: unknown[] = [
      { id: 2 ** 53 + 2, big: 1e200, tiny: 1e-200 },
      { '': 1, nested: [{ '': 2 }] },
      JSON.parse('{"__proto__":{"x":1},"constructor":1,"toString":2}'),
      deep,
      'plain text',
      -0,
      null,
      [],
    ];
    for (const response of responses) {
      const input = { key: `req-json-${randomUUID()}`, organizationId: ORG(), endpoint: 'POST /tickets', request: { n: 1 } };
      await claimed(await da.IdempotencyKey.claim(input)).complete(response);
      const expected = JSON.parse(JSON.stringify(response)) as unknown;
      const again = await da.IdempotencyKey.claim(input);
      expect(again).to.deep.include({ state: 'completed', response: expected });
      const stored = await da.IdempotencyKey.findActiveKey(input.key, input.organizationId);
      expect(stored!.getResponse()).to.deep.equal(expected);
      expect(stored!.toJSON().response).to.deep.equal(expected);
      expect(({} as Record<string, unknown>).x).to.equal(undefined);
    }
  });

  it('a key an earlier version completed (its response stored as a map) is handed back as stored', async function () {
    const input = { key: `req-legacy-${randomUUID()}`, organizationId: ORG(), endpoint: 'POST /tickets', request: { n: 1 } };
    await claimed(await da.IdempotencyKey.claim(input)).complete({ ticketId: 'T-1' });
    const item = itemsOfEntity(await scanAll(client, tableName), 'IdempotencyKey').find((candidate) => candidate.key === input.key)!;
    expect(item.responseJson).to.equal('{"ticketId":"T-1"}');
    const { responseJson: _text, ...legacy } = item;
    await DynamoDBDocumentClient.from(client).send(new PutCommand({ TableName: tableName, Item: { ...legacy, response: { ticketId: 'T-1', count: 3 } } }));
    expect(await da.IdempotencyKey.claim(input)).to.deep.include({ state: 'completed', response: { ticketId: 'T-1', count: 3 } });
    expect((await da.IdempotencyKey.findActiveKey(input.key, input.organizationId))!.getResponse()).to.deep.equal({ ticketId: 'T-1', count: 3 });
  });

  it('a claim whose key is gone (expired and deleted by TTL, its organization removed) lost its lease: complete, fail, renew and createWithSuggestions are ConcurrentModificationError and write nothing', async function () {
    const connection = await da.TaskManagementConnection.create(jiraCloudConnectionInput());
    const input = { key: `req-gone-${randomUUID()}`, organizationId: connection.getOrganizationId(), endpoint: 'POST /tickets', request: { n: 1 } };
    const claim = claimed(await da.IdempotencyKey.claim(input));
    const item = itemsOfEntity(await scanAll(client, tableName), 'IdempotencyKey').find((candidate) => candidate.key === input.key)!;
    await DynamoDBDocumentClient.from(client).send(new DeleteCommand({ TableName: tableName, Key: { pk: item.pk, sk: item.sk } }));
    const before = await tableSnapshot(client, tableName);
    for (const attempt of [() => claim.complete({ ok: true }), () => claim.fail(), () => claim.renew(), () => da.Ticket.createWithSuggestions(ticketInput(connection), suggestionLinks(2), { idempotency: claim })]) {
      expect(await rejectionOf(attempt())).to.be.instanceOf(ConcurrentModificationError).and.include({ entityName: 'IdempotencyKey' });
    }
    expect(await tableSnapshot(client, tableName)).to.deep.equal(before);
  });

  it('the table holds the request\'s hash, never the request', async function () {
    const secret = `card-${randomUUID()}`;
    await claimed(await da.IdempotencyKey.claim({ key: 'req-secret', organizationId: ORG(), endpoint: 'POST /payments', request: { card: secret } })).fail();
    const keys = itemsOfEntity(await scanAll(client, tableName), 'IdempotencyKey');
    expect(JSON.stringify(keys)).to.not.include(secret);
    const item = keys.find((k) => k.key === 'req-secret');
    expect(item?.requestHash).to.match(/^[0-9a-f]{64}$/);
  });

  it('bad input (fast-check) is a ValidationError before anything is written; generic create is not part of the collection', async function () {
    const before = await tableSnapshot(client, tableName);
    const good = { key: 'k', organizationId: ORG(), endpoint: 'POST /x', request: {} };
    const junk = fc.oneof(fc.constant(undefined), fc.constant(null), fc.integer(), fc.double(), fc.string({ maxLength: 3 }), fc.string({ minLength: 256, maxLength: 300 }), fc.object(), fc.constant([]), fc.constant(' padded '), fc.constant(Number.NaN));
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('key', 'organizationId', 'endpoint', 'ttlSeconds', 'leaseSeconds', 'extra'), junk, async (field, value) => {
        const input = { ...good, [field]: value };
        if (field === 'key' && typeof value === 'string' && /^[\x21-\x7e](?:[\x20-\x7e]*[\x21-\x7e])?$/.test(value) && value.length <= 255) return;
        if (field === 'endpoint' && typeof value === 'string' && value.trim().length > 0 && value.length <= 255) return;
        if ((field === 'ttlSeconds' || field === 'leaseSeconds') && value === undefined) return;
        const error = await rejectionOf(da.IdempotencyKey.claim(input));
        expect(error).to.be.instanceOf(ValidationError);
      }),
      { seed: 1212, numRuns: 120 },
    );
    for (const request of [() => 1, 10n, Number.POSITIVE_INFINITY, new Date(), undefined]) {
      expect(await rejectionOf(da.IdempotencyKey.claim({ ...good, request }))).to.be.instanceOf(ValidationError);
    }
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(await rejectionOf(da.IdempotencyKey.claim({ ...good, request: cyclic }))).to.be.instanceOf(ValidationError);
    const claim = claimed(await da.IdempotencyKey.claim({ ...good, key: 'k-big' }));
    expect(await rejectionOf(claim.complete('x'.repeat(301 * 1024)))).to.be.instanceOf(ValidationError);
    expect(await rejectionOf(claim.complete(undefined))).to.be.instanceOf(ValidationError);
    await claim.fail();
    // No generic write at all (API.md): neither in the type nor anywhere on the prototype chain.
    for (const generic of ['create', 'createMany', 'save']) expect(generic in da.IdempotencyKey, generic).to.equal(false);
    const after = await tableSnapshot(client, tableName);
    expect(after.filter((item) => !before.includes(item)).filter((item) => !item.includes('k-big'))).to.deep.equal([]);
  });
});
