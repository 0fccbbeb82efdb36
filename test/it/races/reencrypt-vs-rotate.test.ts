/**
 * reencryptAll on the new key ring × rotations by processes still on the old one (a rolling
 * deploy). API.md (OAuthTokenState): reencryptAll "moves every record to activeKeyId; records it
 * cannot open are listed, not fatal". An old-ring rotation that lands between reencryptAll's read
 * of a record and its write leaves the record under the old key: reencryptAll must read it again
 * and move it, or list it in `failed` — never resolve as if it had been moved.
 *
 * The oracle, per record, once everything settled: it is under the active key; or it is listed
 * in `failed`; or reencryptAll's last write on it succeeded and an old-ring rotation came later (a
 * late writer: no re-encryption can prevent that, the next run moves it). `reencrypted` is the
 * number of records reencryptAll's writes moved, and every record opens with the new ring to the
 * tokens of its last rotation.
 */
import { randomBytes } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { expect } from 'chai';
import { ConcurrentModificationError, createDataAccess, DataAccessError, tableDefinition } from '../../../src/index.js';
import { jiraCloudConnectionInput } from '../../support/entity-fixtures.js';
import { createTableFrom, newLocalClient, scanAll } from '../../support/local-store.js';
import { expectOnly, Figures, labelOf, silentLogger } from './support.js';

const figures = new Figures('reencryptAll × old-ring rotate');
const GROUP = 'reencryptAll (new ring) × rotate (old ring)';
const N = 24;
/** Rotations each old-ring refresher tries per record. */
const ROUNDS = 4;
/** Pause before each of reencryptAll's writes, so rotations land between its reads and writes. */
const WRITE_PAUSE_MS = 3;
/** A refresher's call to the provider's token endpoint, between its read and its rotate. */
const REFRESH_MS = 2;

type Send = (args: { input?: { Key?: Record<string, unknown> } }) => Promise<unknown>;
type Stack = { add(middleware: (next: Send, context: { commandName?: string }) => Send, options: Record<string, unknown>): void };

const tokens = (record: number, round: number) => ({ accessToken: `access-${record}-${round}`, refreshToken: `refresh-${record}-${round}`, expiresAt: null, scopes: [] });
const keyOf = (key: Record<string, unknown> | undefined) => JSON.stringify([key?.pk, key?.sk]);

/** A client whose conditional writes (UpdateItem) pause first, and report their outcome by item key. */
function observedClient(outcomes: Map<string, string[]>): DynamoDBClient {
  const client = newLocalClient();
  (client.middlewareStack as unknown as Stack).add(
    (next, context) => async (args) => {
      if (!/^Update(Item)?Command$/.test(context.commandName ?? '')) return next(args);
      const key = keyOf(args.input?.Key);
      const seen = outcomes.get(key) ?? [];
      outcomes.set(key, seen);
      await delay(WRITE_PAUSE_MS);
      try {
        const output = await next(args);
        seen.push('ok');
        return output;
      } catch (error) {
        seen.push(error instanceof Error ? error.name : 'error');
        throw error;
      }
    },
    { step: 'initialize', name: 'observeReencryptWrites' },
  );
  return client;
}

describe('races: reencryptAll on the new key ring × rotations on the old one (DynamoDB Local)', function () {
  this.timeout(60_000);
  figures.printAfter();
  const clients: DynamoDBClient[] = [];

  after(function () {
    for (const client of clients.splice(0)) client.destroy();
  });

  it(`${N} records: every one ends under the active key, listed in failed, or rotated by the old ring after reencryptAll moved it; all open with the new ring`, async function () {
    const tableName = await createTableFrom(tableDefinition('races-reencrypt'));
    const client = newLocalClient();
    const outcomes = new Map<string, string[]>();
    const reencryptClient = observedClient(outcomes);
    clients.push(client, reencryptClient);
    const k1 = randomBytes(32);
    const oldRing = { keys: { k1 }, activeKeyId: 'k1' };
    const newRing = { keys: { k1, k2: randomBytes(32) }, activeKeyId: 'k2' };
    const old = createDataAccess({ tableName, client, logger: silentLogger, encryption: oldRing });
    const ids: string[] = [];
    for (let i = 0; i < N; i += 1) {
      const id = (await old.TaskManagementConnection.create(jiraCloudConnectionInput())).getId();
      await old.OAuthTokenState.put(id, tokens(i, 0));
      ids.push(id);
    }
    const last = ids.map(() => ({ round: 0, version: 1 }));

    // A refresher on the old ring: read, refresh, rotate — until it meets a record it cannot open
    // (moved to k2, which the old ring does not have).
    const labels: string[] = [];
    const refresher = async (i: number) => {
      for (let round = 1; round <= ROUNDS; round += 1) {
        let current;
        try {
          current = await old.OAuthTokenState.get(ids[i]!);
        } catch (error) {
          if (!(error instanceof DataAccessError && error.code === 'DECRYPTION')) throw error;
          labels.push('get: moved out of the old ring');
          return;
        }
        if (current === null) throw new Error(`record ${i} is gone`);
        await delay(REFRESH_MS);
        try {
          const { version } = await old.OAuthTokenState.rotate(ids[i]!, current.version, tokens(i, round));
          last[i] = { round, version };
          labels.push('rotate: ok');
        } catch (error) {
          labels.push(`rotate: ${labelOf(error)}`);
        }
      }
    };
    const reencrypting = createDataAccess({ tableName, client: reencryptClient, logger: silentLogger, encryption: newRing });
    const [result] = await Promise.all([reencrypting.OAuthTokenState.reencryptAll(), ...ids.map((_, i) => refresher(i))]);

    expectOnly(labels, ['rotate: ok', 'get: moved out of the old ring'], 'old-ring refreshers');
    for (const failure of result.failed) {
      expect(failure.error).to.be.instanceOf(ConcurrentModificationError).and.have.property('code', 'CONCURRENT_MODIFICATION');
      expect(failure.error.message).to.not.include(failure.taskManagementConnectionId);
    }
    const failedIds = new Set(result.failed.map((f) => f.taskManagementConnectionId));
    const items = (await scanAll(client, tableName)).filter((item) => item.__edb_e__ === 'oauthtokenstate');
    let lateWriters = 0;
    let moved = 0;
    for (const [i, id] of ids.entries()) {
      const item = items.find((candidate) => candidate.taskManagementConnectionId === id);
      expect(item, `record ${i}`).to.not.equal(undefined);
      const writes = outcomes.get(keyOf(item)) ?? [];
      if (writes.includes('ok')) moved += 1;
      if (item!.keyId !== 'k2' && !failedIds.has(id)) {
        // Not moved, not listed: only a rotation after reencryptAll's successful write explains it.
        expect(writes.at(-1), `record ${i} is under ${String(item!.keyId)} after writes ${JSON.stringify(writes)}, and not listed in failed`).to.equal('ok');
        lateWriters += 1;
      }
      expect(await reencrypting.OAuthTokenState.get(id), `record ${i}`).to.deep.equal({ ...tokens(i, last[i]!.round), version: last[i]!.version });
    }
    expect(result.reencrypted).to.equal(moved);
    const conflicts = [...outcomes.values()].flat().filter((outcome) => outcome !== 'ok').length;
    // The race must have happened: without a lost write this test would prove nothing.
    expect(conflicts, 'writes of reencryptAll that lost to a rotation').to.be.above(0);
    figures.record(GROUP, labels);
    figures.count(GROUP, 'reencryptAll: lost writes', conflicts);
    figures.count(GROUP, 'reencryptAll: moved', result.reencrypted);
    figures.count(GROUP, 'reencryptAll: failed', result.failed.length);
    figures.count(GROUP, 'late old-ring writers', lateWriters);
  });
});
