/**
 * OAuthNonce on DynamoDB Local: issue (random, hashed at rest), consume (once, atomic; unknown,
 * consumed and expired nonces give null), the hidden code verifier and input checks.
 */
import { createHash, randomBytes } from 'node:crypto';
import { expect } from 'chai';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ValidationError, ttlAttributeName } from '../../../src/index.js';
import type { DataAccess, OAuthNonce } from '../../../src/index.js';
import {
  errorOf,
  freshDataAccess,
  fulfilledOf,
  nonceInput,
  raceAll,
  rawGet,
  rawItemById,
  rawSet,
  rejectedOf,
  tableSnapshot,
} from '../../support/entity-fixtures.js';
import { scanAll } from '../../support/local-store.js';

const sha256 = (value: string) => createHash('sha256').update(value, 'utf8').digest('hex');

describe('OAuthNonce (DynamoDB Local)', function () {
  let da: DataAccess;
  let tableName: string;
  let client: DynamoDBClient;

  before(async function () {
    ({ da, tableName, client } = await freshDataAccess('entities-nonces'));
  });

  it('issue returns a 43-char base64url nonce (256 bits) and an expiry; every nonce differs', async function () {
    const before = Date.now();
    const issued = await Promise.all(Array.from({ length: 20 }, () => da.OAuthNonce.issue(nonceInput())));
    for (const { nonce, expiresAt } of issued) {
      expect(nonce).to.match(/^[A-Za-z0-9_-]{43}$/);
      expect(Buffer.from(nonce, 'base64url')).to.have.length(32);
      expect(Date.parse(expiresAt) - before).to.be.within(600_000 - 5, 600_000 + 5_000);
    }
    expect(new Set(issued.map((i) => i.nonce)).size).to.equal(20);
  });

  it('the table holds only the SHA-256 hex digest as key material, never the raw nonce', async function () {
    const { nonce, expiresAt } = await da.OAuthNonce.issue(nonceInput());
    const digest = sha256(nonce);
    const items = await scanAll(client, tableName);
    const serialised = JSON.stringify(items);
    expect(serialised.includes(nonce), 'raw nonce found in the table').to.equal(false);
    // Nor in any other encoding of the same 32 bytes.
    const bytes = Buffer.from(nonce, 'base64url');
    for (const encoded of [bytes.toString('hex'), bytes.toString('base64'), bytes.toString('base64').replace(/=+$/, '')]) {
      expect(serialised.includes(encoded)).to.equal(false);
    }
    const item = items.find((i) => i.oAuthNonceId === digest);
    expect(item, 'the item keyed by the digest').to.not.equal(undefined);
    expect(String(item!.pk)).to.include(digest);
    expect(item!.expiresAt).to.equal(expiresAt);
    expect(item![ttlAttributeName]).to.equal(Math.ceil(Date.parse(expiresAt) / 1000));
  });

  it('codeVerifier is hidden from toJSON but returned by getCodeVerifier after consume', async function () {
    const input = nonceInput({ codeVerifier: 'abcDEF012-._~'.repeat(5) });
    const { nonce } = await da.OAuthNonce.issue(input);
    const record = await da.OAuthNonce.consume(nonce);
    expect(record).to.not.equal(null);
    expect(record!.toJSON()).to.not.have.property('codeVerifier');
    expect(JSON.stringify(record)).to.not.include(input.codeVerifier);
    expect(record!.getCodeVerifier()).to.equal(input.codeVerifier);
    expect(record!.getOrganizationId()).to.equal(input.organizationId);
    expect(record!.getProvider()).to.equal(input.provider);
    expect(record!.getCreatedBy()).to.equal(input.createdBy);
    expect(record!.getRedirectUri()).to.equal(input.redirectUri);
    expect(record!.isExpired()).to.equal(false);
  });

  it('consume returns the record once, then null; the item is gone', async function () {
    const { nonce } = await da.OAuthNonce.issue(nonceInput());
    expect(await da.OAuthNonce.consume(nonce)).to.not.equal(null);
    expect(await da.OAuthNonce.consume(nonce)).to.equal(null);
    expect(await rawItemById(client, tableName, 'oAuthNonceId', sha256(nonce))).to.equal(undefined);
  });

  it('an unknown nonce → null (and nothing is written or removed)', async function () {
    await da.OAuthNonce.issue(nonceInput());
    const before = await tableSnapshot(client, tableName);
    expect(await da.OAuthNonce.consume(randomBytes(32).toString('base64url'))).to.equal(null);
    expect(await da.OAuthNonce.consume('x')).to.equal(null);
    expect(await tableSnapshot(client, tableName)).to.deep.equal(before);
  });

  it('a nonce past its expiresAt → null although TTL has not swept the item', async function () {
    const { nonce } = await da.OAuthNonce.issue(nonceInput({ ttlSeconds: 60 }));
    const item = await rawItemById(client, tableName, 'oAuthNonceId', sha256(nonce));
    const key = { pk: item!.pk, sk: item!.sk };
    // Age the stored item (as if 61 s had passed); its TTL attribute stays in the future so no sweep removes it.
    await rawSet(client, tableName, key, 'expiresAt', new Date(Date.now() - 1_000).toISOString());
    expect(await da.OAuthNonce.consume(nonce)).to.equal(null);
    const still = await rawGet(client, tableName, key);
    expect(still, 'the expired item is still stored: the refusal came from the expiry check').to.not.equal(undefined);
    // Put the expiry back into the future: the same nonce is accepted, so the refusal above was the expiry alone.
    await rawSet(client, tableName, key, 'expiresAt', new Date(Date.now() + 60_000).toISOString());
    expect((await da.OAuthNonce.consume(nonce))?.getId()).to.equal(sha256(nonce));
  });

  it('40 concurrent consumes of one nonce → exactly one record, 39 null', async function () {
    const input = nonceInput();
    const { nonce } = await da.OAuthNonce.issue(input);
    const results = await raceAll(40, () => da.OAuthNonce.consume(nonce));
    expect(rejectedOf(results)).to.deep.equal([]);
    const values = fulfilledOf(results);
    const records = values.filter((v): v is OAuthNonce => v !== null);
    expect(records).to.have.length(1);
    expect(values.filter((v) => v === null)).to.have.length(39);
    expect(records[0]!.getOrganizationId()).to.equal(input.organizationId);
    expect(records[0]!.getCodeVerifier()).to.equal(input.codeVerifier);
  });

  it('redirectUri must be an https URL (ValidationError, nothing written)', async function () {
    const before = await tableSnapshot(client, tableName);
    for (const redirectUri of ['http://app.example.com/cb', 'app.example.com/cb', 'javascript:alert(1)', 'https://user:pw@app.example.com/cb', '', 'https://']) {
      const error = await errorOf(() => da.OAuthNonce.issue(nonceInput({ redirectUri })));
      expect(error, redirectUri).to.be.instanceOf(ValidationError);
      expect((error as ValidationError).issues.map((i) => i.path)).to.include('redirectUri');
    }
    expect(await tableSnapshot(client, tableName)).to.deep.equal(before);
  });

  it('ttlSeconds must be an integer from 60 to 3600 (ValidationError, nothing written)', async function () {
    const before = await tableSnapshot(client, tableName);
    for (const ttlSeconds of [59, 3601, 0, -60, 600.5, Number.NaN, Number.POSITIVE_INFINITY, '600', null]) {
      const error = await errorOf(() => da.OAuthNonce.issue(nonceInput({ ttlSeconds })));
      expect(error, String(ttlSeconds)).to.be.instanceOf(ValidationError);
      expect((error as ValidationError).issues.map((i) => i.path)).to.include('ttlSeconds');
    }
    expect(await tableSnapshot(client, tableName)).to.deep.equal(before);
  });

  it('ttlSeconds at the bounds (60 and 3600) sets expiresAt accordingly', async function () {
    for (const ttlSeconds of [60, 3600]) {
      const before = Date.now();
      const { expiresAt } = await da.OAuthNonce.issue(nonceInput({ ttlSeconds }));
      expect(Date.parse(expiresAt) - before).to.be.within(ttlSeconds * 1000 - 5, ttlSeconds * 1000 + 5_000);
    }
  });

  it('consume refuses a non-string or oversized nonce with ValidationError', async function () {
    for (const bad of [undefined, null, 42, '', 'n'.repeat(10_000)]) {
      expect(await errorOf(() => da.OAuthNonce.consume(bad as string)), String(bad).slice(0, 10)).to.be.instanceOf(ValidationError);
    }
  });
});
