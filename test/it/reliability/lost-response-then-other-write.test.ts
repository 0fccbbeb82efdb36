/**
 * A write whose response is lost, and another process writes the same item before the retry is
 * sent. A counter (recordCheck's consecutiveFailures, an ADD) must still count once: a write-token
 * condition cannot tell, since the other write replaced the token — DynamoDB's ClientRequestToken
 * can (src/store/execute-plan.ts, countsOnce).
 *
 * Both ways a request is sent again: the SDK's own retry (the same HTTP request) and the library's
 * (a new command with the same token).
 */
import { expect } from 'chai';
import type { TaskManagementConnection } from '../../../src/index.js';
import { injectedDataAccess, Inputs, tableWithCleanAccess } from './support.js';

const VARIANTS = [
  { name: 'the SDK retries', sdkMaxAttempts: 3 },
  { name: 'the library retries', sdkMaxAttempts: 1 },
] as const;

describe('reliability: a lost response, then another process writes the item before the retry', function () {
  const table = tableWithCleanAccess('lost-then-other');

  for (const variant of VARIANTS) {
    describe(`when ${variant.name}`, function () {
      /**
       * Runs `mine` (a recordCheck through a client whose first write loses its response) on a copy
       * of `connection`; `theirs` runs on another copy in the window before the retry.
       */
      async function lostThenOther(seed: number, connection: TaskManagementConnection, mine: (copy: TaskManagementConnection) => Promise<unknown>, theirs: (copy: TaskManagementConnection) => Promise<unknown>) {
        const other = (await table.clean.da.TaskManagementConnection.findById(connection.getId()))!;
        let lost = 0;
        const { da, client } = injectedDataAccess(table.tableName, {
          seed,
          sdkMaxAttempts: variant.sdkMaxAttempts,
          script: { UpdateItem: ['lostResponse'], TransactWriteItems: ['lostResponse'] },
          betweenLostResponseAndRetry: async () => {
            lost += 1;
            await theirs(other);
          },
        });
        try {
          const copy = (await da.TaskManagementConnection.findById(connection.getId()))!;
          await mine(copy);
          expect(lost, 'the scripted lost response happened').to.equal(1);
          return copy;
        } finally {
          client.destroy();
        }
      }

      it('two failed checks count 2, not 3 — the connection stays active under the default threshold (5 rounds)', async function () {
        for (let round = 0; round < 5; round += 1) {
          const inputs = new Inputs(500 + round, `lost-then-other-${variant.sdkMaxAttempts}`);
          const connection = await table.clean.da.TaskManagementConnection.create(inputs.connection());
          const failure = { ok: false, errorCode: 'NETWORK', message: 'timeout' } as const;
          const mine = await lostThenOther(
            600 + round,
            connection,
            (copy) => copy.recordCheck(failure),
            (copy) => copy.recordCheck(failure),
          );
          const stored = (await table.clean.da.TaskManagementConnection.findById(connection.getId()))!;
          expect(stored.getConsecutiveFailures(), `round ${round}`).to.equal(2);
          expect(stored.getStatus(), `round ${round}`).to.equal('active');
          expect(mine.getConsecutiveFailures()).to.equal(2);
        }
      });

      it('a failure, then another process\'s success before the retry: the retry does not count again (0 stays 0)', async function () {
        const inputs = new Inputs(520, `lost-then-ok-${variant.sdkMaxAttempts}`);
        const connection = await table.clean.da.TaskManagementConnection.create(inputs.connection());
        const mine = await lostThenOther(
          620,
          connection,
          (copy) => copy.recordCheck({ ok: false, errorCode: 'NETWORK', message: 'timeout' }),
          (copy) => copy.recordCheck({ ok: true }),
        );
        const stored = (await table.clean.da.TaskManagementConnection.findById(connection.getId()))!;
        expect(stored.getConsecutiveFailures()).to.equal(0);
        expect(stored.getLastErrorCode()).to.equal(undefined);
        expect(mine.toJSON()).to.deep.equal(stored.toJSON());
      });
    });
  }
});
