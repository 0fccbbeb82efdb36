import { randomBytes, randomUUID } from 'node:crypto';
import { expect } from 'chai';
import sinon from 'sinon';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { PutCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ConcurrentModificationError, ConflictError, DataAccessError, NotFoundError, ValidationError, createDataAccess, tableDefinition } from '../../../src/index.js';
import type { DataAccess, TaskManagementConnection } from '../../../src/index.js';
import { jiraCloudConnectionInput } from '../../support/entity-fixtures.js';
import { createTableFrom, newLocalClient, scanAll } from '../../support/local-store.js';

type Send = (args: unknown) => Promise<unknown>;
type Stack = { add(middleware: (next: Send, context: { commandName?: string }) => Send, options: Record<string, unknown>): void };

/**
 * A client of its own on which every conditional write (UpdateItem: how reencryptAll writes)
 * first awaits `before(n)` (n = 1, 2, … per write): another process's write then lands exactly
 * between reencryptAll's read of the record and its write.
 */
function interleavedClient(before: (write: number) => Promise<unknown>): DynamoDBClient {
  const client = newLocalClient();
  let writes = 0;
  (client.middlewareStack as unknown as Stack).add(
    (next, context) => async (args) => {
      if (/^Update(Item)?Command$/.test(context.commandName ?? '')) {
        writes += 1;
        await before(writes);
      }
      return next(args);
    },
    { step: 'initialize', name: 'interleaveOtherProcess' },
  );
  return client;
}

const tokens = (n: number) => ({ accessToken: `access-secret-${n}-${'x'.repeat(20)}`, refreshToken: `refresh-secret-${n}-${'y'.repeat(20)}`, expiresAt: '2030-01-01T00:00:00.000Z', scopes: ['read:jira-work'] });

describe('OAuthTokenState on DynamoDB Local: rotating tokens encrypted at rest', function () {
  const keyA = randomBytes(32);
  const keyB = randomBytes(32);
  let client: ReturnType<typeof newLocalClient>;
  let tableName: string;
  let da: DataAccess;
  let logger: { debug: sinon.SinonSpy; info: sinon.SinonSpy; warn: sinon.SinonSpy; error: sinon.SinonSpy };
  let connection: TaskManagementConnection;

  before(async function () {
    client = newLocalClient();
    tableName = await createTableFrom(tableDefinition('token-state'));
    logger = { debug: sinon.spy(), info: sinon.spy(), warn: sinon.spy(), error: sinon.spy() };
    da = createDataAccess({ tableName, client, logger, encryption: { keys: { a: keyA }, activeKeyId: 'a' } });
  });

  beforeEach(async function () {
    connection = await da.TaskManagementConnection.create(jiraCloudConnectionInput());
  });

  it('stores version 1, reads it back decrypted, and refuses a second put', async function () {
    expect(await da.OAuthTokenState.get(connection.getId())).to.equal(null);
    expect(await da.OAuthTokenState.put(connection.getId(), tokens(1))).to.deep.equal({ version: 1 });
    expect(await da.OAuthTokenState.get(connection.getId())).to.deep.equal({ ...tokens(1), version: 1 });
    const again = await da.OAuthTokenState.put(connection.getId(), tokens(2)).catch((e: unknown) => e);
    expect(again).to.be.instanceOf(ConflictError).and.have.property('constraint', 'token-state');
    const missing = await da.OAuthTokenState.put(randomUUID(), tokens(1)).catch((e: unknown) => e);
    expect(missing).to.be.instanceOf(NotFoundError);
  });

  it('20 concurrent rotations with the same expected version: exactly one wins and a re-read returns its tokens', async function () {
    await da.OAuthTokenState.put(connection.getId(), tokens(0));
    const results = await Promise.allSettled(Array.from({ length: 20 }, (_, i) => da.OAuthTokenState.rotate(connection.getId(), 1, tokens(i + 1))));
    const won = results.flatMap((r, i) => (r.status === 'fulfilled' ? [i] : []));
    expect(won).to.have.length(1);
    for (const r of results) if (r.status === 'rejected') expect(r.reason).to.be.instanceOf(ConcurrentModificationError);
    expect(await da.OAuthTokenState.get(connection.getId())).to.deep.equal({ ...tokens(won[0]! + 1), version: 2 });
  });

  it('keeps only ciphertext in the table and never shows tokens in toJSON or logs', async function () {
    await da.OAuthTokenState.put(connection.getId(), tokens(7));
    const items = await scanAll(client, tableName);
    const text = JSON.stringify(items);
    expect(text).to.not.include('access-secret');
    expect(text).to.not.include('refresh-secret');
    const model = await connection.getOAuthTokenState();
    expect(JSON.stringify(model?.toJSON())).to.not.include('secret');
    expect(model?.toJSON()).to.not.have.property('accessToken');
    const logged = JSON.stringify([logger.debug.args, logger.info.args, logger.warn.args, logger.error.args]);
    expect(logged).to.not.include('secret');
  });

  it('fails with DECRYPTION when one byte of a ciphertext flips or a ciphertext is copied to another connection', async function () {
    const doc = DynamoDBDocumentClient.from(client);
    await da.OAuthTokenState.put(connection.getId(), tokens(3));
    const other = await da.TaskManagementConnection.create(jiraCloudConnectionInput());
    await da.OAuthTokenState.put(other.getId(), tokens(4));
    const all = await scanAll(client, tableName);
    const mine = all.find((item) => item.__edb_e__ === 'oauthtokenstate' && item.taskManagementConnectionId === connection.getId())!;
    const theirs = all.find((item) => item.__edb_e__ === 'oauthtokenstate' && item.taskManagementConnectionId === other.getId())!;

    await doc.send(new PutCommand({ TableName: tableName, Item: { ...theirs, accessToken: mine.accessToken } }));
    const misplaced = await da.OAuthTokenState.get(other.getId()).catch((e: unknown) => e);
    expect(misplaced).to.be.instanceOf(DataAccessError).and.have.property('code', 'DECRYPTION');

    const bytes = Buffer.from(mine.accessToken as string, 'base64');
    bytes[bytes.length - 20]! ^= 0x01;
    await doc.send(new PutCommand({ TableName: tableName, Item: { ...mine, accessToken: bytes.toString('base64') } }));
    const flipped = await da.OAuthTokenState.get(connection.getId()).catch((e: unknown) => e);
    expect(flipped).to.be.instanceOf(DataAccessError).and.have.property('code', 'DECRYPTION');
    expect(String((flipped as Error).message)).to.not.include('secret');
  });

  it('has no generic writes: no create/createMany on the collection, a record read by id has no setters and no save()', async function () {
    // Not part of the collection at run time (API.md): absent from the whole prototype chain, not a method that refuses.
    for (const generic of ['create', 'createMany']) expect(generic in da.OAuthTokenState, generic).to.equal(false);
    const connection = await da.TaskManagementConnection.create(jiraCloudConnectionInput());
    await da.OAuthTokenState.put(connection.getId(), { accessToken: 'a', refreshToken: 'r' });
    const record = await da.OAuthTokenState.findByTaskManagementConnectionId(connection.getId());
    expect(record).to.not.equal(null);
    expect((record as unknown as Record<string, unknown>).setUpdatedBy).to.equal(undefined);
    // save is not part of it at run time either (API.md): absent from the record's prototype chain.
    expect('save' in (record as object)).to.equal(false);
    expect((await da.OAuthTokenState.get(connection.getId()))?.version).to.equal(1);
  });

  it('is removed with its connection', async function () {
    await da.OAuthTokenState.put(connection.getId(), tokens(5));
    await connection.remove();
    const left = (await scanAll(client, tableName)).filter((item) => item.taskManagementConnectionId === connection.getId());
    expect(left).to.deep.equal([]);
  });

  it('reencryptAll moves every record to the new active key and keeps every token readable', async function () {
    const ids: string[] = [];
    for (let i = 0; i < 12; i += 1) {
      const c = await da.TaskManagementConnection.create(jiraCloudConnectionInput());
      await da.OAuthTokenState.put(c.getId(), tokens(100 + i));
      ids.push(c.getId());
    }
    const rotated = createDataAccess({ tableName, client, encryption: { keys: { a: keyA, b: keyB }, activeKeyId: 'b' } });
    const { reencrypted, failed } = await rotated.OAuthTokenState.reencryptAll();
    expect(reencrypted).to.be.at.least(12);
    // Records an earlier test tampered with cannot be opened: they are listed, not lost or thrown.
    for (const failure of failed) expect(failure.error.code).to.equal('DECRYPTION');
    expect(failed.map((f) => f.taskManagementConnectionId)).to.not.include.members(ids);
    const onlyB = createDataAccess({ tableName, client, encryption: { keys: { b: keyB }, activeKeyId: 'b' } });
    for (const [i, id] of ids.entries()) {
      expect(await onlyB.OAuthTokenState.get(id)).to.deep.equal({ ...tokens(100 + i), version: 1 });
    }
    const keyIds = (await scanAll(client, tableName)).filter((item) => ids.includes(item.taskManagementConnectionId as string) && item.__edb_e__ === 'oauthtokenstate').map((item) => item.keyId);
    expect(keyIds).to.deep.equal(ids.map(() => 'b'));
    expect((await rotated.OAuthTokenState.reencryptAll()).reencrypted).to.equal(0);
  });

  describe('reencryptAll during a rolling deploy: a process still on the old key ring writes between its read and its write', function () {
    const oldRing = { keys: { a: keyA }, activeKeyId: 'a' };
    const newRing = { keys: { a: keyA, b: keyB }, activeKeyId: 'b' };
    const clients: DynamoDBClient[] = [];
    let table: string;
    let old: DataAccess;
    let id: string;

    /** The new-ring data access whose conditional writes first run `before`. */
    const interleaved = (before: (write: number) => Promise<unknown>) => {
      const own = interleavedClient(before);
      clients.push(own);
      return createDataAccess({ tableName: table, client: own, encryption: newRing });
    };
    const stored = async () => (await scanAll(client, table)).find((item) => item.__edb_e__ === 'oauthtokenstate' && item.taskManagementConnectionId === id);

    // A table per test: reencryptAll scans every record, and each test leaves its own behind.
    beforeEach(async function () {
      table = await createTableFrom(tableDefinition('token-state-deploy'));
      old = createDataAccess({ tableName: table, client, encryption: oldRing });
      id = (await old.TaskManagementConnection.create(jiraCloudConnectionInput())).getId();
      await old.OAuthTokenState.put(id, tokens(1));
    });

    after(function () {
      for (const own of clients.splice(0)) own.destroy();
    });

    it('re-reads a record the old ring rotated meanwhile and moves its new version to the active key', async function () {
      const da = interleaved((write) => (write === 1 ? old.OAuthTokenState.rotate(id, 1, tokens(2)) : Promise.resolve()));
      expect(await da.OAuthTokenState.reencryptAll()).to.deep.equal({ reencrypted: 1, failed: [] });
      expect(await stored()).to.include({ keyId: 'b', version: 2 });
      const onlyB = createDataAccess({ tableName: table, client, encryption: { keys: { b: keyB }, activeKeyId: 'b' } });
      expect(await onlyB.OAuthTokenState.get(id)).to.deep.equal({ ...tokens(2), version: 2 });
    });

    it('lists a record that changed before every one of its writes as CONCURRENT_MODIFICATION, naming no id or token, and leaves it readable', async function () {
      const da = interleaved((write) => old.OAuthTokenState.rotate(id, write, tokens(write + 1)));
      const { reencrypted, failed } = await da.OAuthTokenState.reencryptAll();
      expect(reencrypted).to.equal(0);
      expect(failed.map((f) => f.taskManagementConnectionId)).to.deep.equal([id]);
      const error = failed[0]!.error;
      expect(error).to.be.instanceOf(ConcurrentModificationError).and.have.property('code', 'CONCURRENT_MODIFICATION');
      expect(error.message).to.not.include(id).and.not.include('secret');
      const record = await stored();
      expect(record).to.have.property('keyId', 'a');
      const version = record!.version as number;
      expect(version).to.be.above(2);
      expect(await createDataAccess({ tableName: table, client, encryption: newRing }).OAuthTokenState.get(id)).to.deep.equal({ ...tokens(version), version });
    });

    it('does not count a record another new-ring process moved meanwhile', async function () {
      const other = createDataAccess({ tableName: table, client, encryption: newRing });
      const da = interleaved((write) => (write === 1 ? other.OAuthTokenState.reencryptAll() : Promise.resolve()));
      expect(await da.OAuthTokenState.reencryptAll()).to.deep.equal({ reencrypted: 0, failed: [] });
      expect(await stored()).to.include({ keyId: 'b', version: 1 });
    });

    it('skips a record removed meanwhile: nothing is left to move', async function () {
      const da = interleaved((write) => (write === 1 ? old.OAuthTokenState.remove(id) : Promise.resolve()));
      expect(await da.OAuthTokenState.reencryptAll()).to.deep.equal({ reencrypted: 0, failed: [] });
      expect(await stored()).to.equal(undefined);
    });
  });

  it('rejects bad configuration at createDataAccess and bad input before sending', async function () {
    const config = (encryption: unknown) => () => createDataAccess({ tableName, client, encryption: encryption as never });
    for (const bad of [{ keys: { a: randomBytes(16) }, activeKeyId: 'a' }, { keys: { a: keyA }, activeKeyId: 'b' }, { keys: {}, activeKeyId: 'a' }, { activeKeyId: 'a' }]) {
      expect(config(bad)).to.throw(DataAccessError).with.property('code', 'CONFIGURATION');
    }
    const plain = createDataAccess({ tableName, client });
    const unconfigured = await plain.OAuthTokenState.get(connection.getId()).catch((e: unknown) => e);
    expect(unconfigured).to.be.instanceOf(DataAccessError).and.have.property('code', 'CONFIGURATION');
    for (const bad of [{}, { accessToken: '', refreshToken: 'r' }, { accessToken: 'a', refreshToken: 'r', extra: 1 }, { accessToken: 'a', refreshToken: 'r', expiresAt: 'soon' }, null]) {
      const error = await da.OAuthTokenState.put(connection.getId(), bad as never).catch((e: unknown) => e);
      expect(error).to.be.instanceOf(ValidationError);
    }
    expect(await da.OAuthTokenState.rotate(connection.getId(), 0, tokens(1)).catch((e: unknown) => e)).to.be.instanceOf(ValidationError);
    expect(await da.OAuthTokenState.get('nope').catch((e: unknown) => e)).to.be.instanceOf(ValidationError);
  });

  it('works with a custom { encrypt, decrypt } provider that returns bare ciphertexts, and maps its failures to DECRYPTION / ENCRYPTION', async function () {
    const seen: { keyId: string; field: string }[] = [];
    const provider = {
      encrypt: (plain: string, context: { recordId: string; field: string }) => Buffer.from(`${context.recordId}|${plain}`).toString('base64'),
      decrypt: (cipher: string, context: { recordId: string; field: string; keyId: string }) => {
        seen.push({ keyId: context.keyId, field: context.field });
        const [recordId, plain] = Buffer.from(cipher, 'base64').toString().split('|');
        if (recordId !== context.recordId) throw new Error('wrong record');
        return plain!;
      },
    };
    const custom = createDataAccess({ tableName, client, encryption: provider });
    await custom.OAuthTokenState.put(connection.getId(), tokens(9));
    expect(await custom.OAuthTokenState.get(connection.getId())).to.deep.equal({ ...tokens(9), version: 1 });
    expect(seen.map((s) => s.keyId)).to.deep.equal(['external', 'external']);

    const failing = createDataAccess({ tableName, client, encryption: { ...provider, decrypt: () => { throw new Error('kms unavailable'); } } });
    const unreadable = await failing.OAuthTokenState.get(connection.getId()).catch((e: unknown) => e);
    expect(unreadable).to.be.instanceOf(DataAccessError).and.have.property('code', 'DECRYPTION');
    const nonString = createDataAccess({ tableName, client, encryption: { ...provider, decrypt: () => 42 as never } });
    expect(await nonString.OAuthTokenState.get(connection.getId()).catch((e: unknown) => e)).to.have.property('code', 'DECRYPTION');
    const sealing = createDataAccess({ tableName, client, encryption: { ...provider, encrypt: () => { throw new Error('kms unavailable'); } } });
    const other = await da.TaskManagementConnection.create(jiraCloudConnectionInput());
    const unsealed = await sealing.OAuthTokenState.put(other.getId(), tokens(1)).catch((e: unknown) => e);
    expect(unsealed).to.be.instanceOf(DataAccessError).and.have.property('code', 'ENCRYPTION');
    const bogus = createDataAccess({ tableName, client, encryption: { ...provider, encrypt: () => ({ nope: true }) as never } });
    expect(await bogus.OAuthTokenState.put(other.getId(), tokens(1)).catch((e: unknown) => e)).to.have.property('code', 'ENCRYPTION');
    expect(await da.OAuthTokenState.get(other.getId())).to.equal(null);
  });

  it("refuses a provider's activeKeyId that is not a non-empty string, or whose getter throws, before anything is written", async function () {
    const provider = { encrypt: (plain: string) => `sealed:${plain}`, decrypt: (cipher: string) => cipher.slice('sealed:'.length) };
    const cases: [string, object, string][] = [
      ['an object', { ...provider, activeKeyId: { not: 'a string' } }, 'CONFIGURATION'],
      ['an empty string', { ...provider, activeKeyId: '' }, 'CONFIGURATION'],
      ['a number', { ...provider, activeKeyId: 7 }, 'CONFIGURATION'],
      [
        'a throwing getter',
        Object.defineProperty({ ...provider }, 'activeKeyId', {
          get() {
            throw new Error('kms-key-arn-secret');
          },
        }),
        'ENCRYPTION',
      ],
    ];
    for (const [what, encryption, code] of cases) {
      const other = await da.TaskManagementConnection.create(jiraCloudConnectionInput());
      const junk = createDataAccess({ tableName, client, encryption: encryption as never });
      const error = await junk.OAuthTokenState.put(other.getId(), tokens(3)).catch((e: unknown) => e);
      expect(error, what).to.be.instanceOf(DataAccessError).and.have.property('code', code);
      expect((error as Error).message, what).not.to.include('kms-key-arn-secret');
      expect(await da.OAuthTokenState.get(other.getId()), what).to.equal(null);
      const moved = await junk.OAuthTokenState.reencryptAll().catch((e: unknown) => e);
      expect(moved, `reencryptAll with ${what}`).to.be.instanceOf(DataAccessError).and.have.property('code', code);
    }
    const stored = (await scanAll(client, tableName)).filter((item) => item.__edb_e__ === 'oauthtokenstate');
    expect(stored.every((item) => typeof item.keyId === 'string')).to.equal(true);
  });

  it("maps a provider's throwing isOutdated to ENCRYPTION in reencryptAll, never the raw error", async function () {
    await da.OAuthTokenState.put(connection.getId(), tokens(4));
    const provider = {
      activeKeyId: 'a',
      encrypt: () => ({ keyId: 'a', ciphertext: 'x' }),
      decrypt: () => 'x',
      isOutdated: () => {
        throw new Error('provider-internal-secret');
      },
    };
    const error = await createDataAccess({ tableName, client, encryption: provider }).OAuthTokenState.reencryptAll().catch((e: unknown) => e);
    expect(error).to.be.instanceOf(DataAccessError).and.have.property('code', 'ENCRYPTION');
    expect((error as Error).message).not.to.include('provider-internal-secret');
  });
});
