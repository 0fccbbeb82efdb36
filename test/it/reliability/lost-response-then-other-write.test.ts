/**
 * A write whose response is lost, and another process writes the same item before the retry is
 * sent. The retry must not apply the write a second time over that later write: a counter
 * (recordCheck's consecutiveFailures, an ADD) still counts once, a check's reset does not wipe a
 * failure counted in between, a move does not undo a later move, a delete does not remove what
 * took the key in between. A write-token condition
 * cannot tell (the other write replaced the token) — DynamoDB's ClientRequestToken can
 * (src/store/execute-plan.ts, appliesOnce).
 *
 * Both ways a request is sent again: the SDK's own retry (the same HTTP request) and the library's
 * (a new command with the same token).
 */
import { expect } from 'chai';
import type { DataAccess, TaskManagementConnection } from '../../../src/index.js';
import { injectedDataAccess, Inputs, tableWithCleanAccess, testKeyring } from './support.js';

const VARIANTS = [
  { name: 'the SDK retries', sdkMaxAttempts: 3 },
  { name: 'the library retries', sdkMaxAttempts: 1 },
] as const;

/** Every kind of write loses its first response. */
const LOSE_FIRST_WRITE = { UpdateItem: ['lostResponse'], DeleteItem: ['lostResponse'], TransactWriteItems: ['lostResponse'], BatchWriteItem: ['lostResponse'] } as const;

const tokens = (n: number) => ({ accessToken: `access-${n}`, refreshToken: `refresh-${n}`, expiresAt: null, scopes: ['read:jira-work'] });

describe('reliability: a lost response, then another process writes the item before the retry', function () {
  const table = tableWithCleanAccess('lost-then-other');

  for (const variant of VARIANTS) {
    describe(`when ${variant.name}`, function () {
      /**
       * Runs `mine` through a data access whose first write loses its response; `theirs` runs
       * (on the healthy data access) in the window between that write landing and its retry.
       */
      async function lostThen<T>(seed: number, theirs: () => Promise<unknown>, mine: (da: DataAccess) => Promise<T>): Promise<T> {
        let lost = 0;
        const { da, client } = injectedDataAccess(table.tableName, {
          seed,
          sdkMaxAttempts: variant.sdkMaxAttempts,
          encryption: testKeyring(),
          script: LOSE_FIRST_WRITE,
          betweenLostResponseAndRetry: async () => {
            lost += 1;
            await theirs();
          },
        });
        try {
          const result = await mine(da);
          expect(lost, 'the scripted lost response happened').to.equal(1);
          return result;
        } finally {
          client.destroy();
        }
      }

      /** `mine` on a copy of `connection`; `theirs` on another copy, read before the write. */
      async function lostThenOther(seed: number, connection: TaskManagementConnection, mine: (copy: TaskManagementConnection) => Promise<unknown>, theirs: (copy: TaskManagementConnection) => Promise<unknown>) {
        const other = (await table.clean.da.TaskManagementConnection.findById(connection.getId()))!;
        return lostThen(
          seed,
          () => theirs(other),
          async (da) => {
            const copy = (await da.TaskManagementConnection.findById(connection.getId()))!;
            await mine(copy);
            return copy;
          },
        );
      }

      const freshConnection = async (id: string) => (await table.clean.da.TaskManagementConnection.findById(id))!;

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

      it('a success, then another process\'s failure before the retry: the retry does not wipe it (2 → 0 → 1 stays 1)', async function () {
        const inputs = new Inputs(540, `ok-then-failure-${variant.sdkMaxAttempts}`);
        const connection = await table.clean.da.TaskManagementConnection.create(inputs.connection());
        const failure = { ok: false, errorCode: 'NETWORK', message: 'timeout' } as const;
        await connection.recordCheck(failure);
        await connection.recordCheck(failure);
        const mine = await lostThenOther(
          640,
          connection,
          (copy) => copy.recordCheck({ ok: true }),
          async () => (await freshConnection(connection.getId())).recordCheck(failure),
        );
        const stored = await freshConnection(connection.getId());
        expect(stored.getConsecutiveFailures()).to.equal(1);
        expect(stored.getLastErrorCode()).to.equal('NETWORK');
        expect(mine.toJSON()).to.deep.equal(stored.toJSON());
      });

      it('a move, then another process moves the record back before the retry: the retry does not undo that move (requires_reauth → error → requires_reauth, no guard in the write)', async function () {
        const inputs = new Inputs(560, `move-then-back-${variant.sdkMaxAttempts}`);
        const connection = await table.clean.da.TaskManagementConnection.create(inputs.connection());
        await connection.markRequiresReauth('the refresh token was revoked');
        const mine = await lostThenOther(
          660,
          connection,
          (copy) => copy.markError('the tracker answered 500'),
          async () => (await freshConnection(connection.getId())).markRequiresReauth('revoked again'),
        );
        const stored = await freshConnection(connection.getId());
        expect(stored.getStatus()).to.equal('requires_reauth');
        expect(stored.getErrorMessage()).to.equal('revoked again');
        expect(mine.toJSON()).to.deep.equal(stored.toJSON());
      });

      it('OAuthTokenState.remove, then the tokens are put again before the retry: the new tokens stay', async function () {
        const inputs = new Inputs(600, `tokens-removed-then-put-${variant.sdkMaxAttempts}`);
        const connection = await table.clean.da.TaskManagementConnection.create(inputs.connection());
        await table.clean.da.OAuthTokenState.put(connection.getId(), tokens(1));
        let put: unknown;
        await lostThen(
          700,
          async () => {
            put = await table.clean.da.OAuthTokenState.put(connection.getId(), tokens(2));
          },
          (da) => da.OAuthTokenState.remove(connection.getId()),
        );
        expect(put).to.deep.equal({ version: 1 });
        expect(await table.clean.da.OAuthTokenState.get(connection.getId())).to.deep.equal({ ...tokens(2), version: 1 });
      });

      it('a link\'s remove(), then another ticket links the same suggestion before the retry: the new link stays', async function () {
        const inputs = new Inputs(620, `link-removed-then-relinked-${variant.sdkMaxAttempts}`);
        const connection = await table.clean.da.TaskManagementConnection.create(inputs.connection());
        const [link] = inputs.links(1);
        const { ticket: first } = await table.clean.da.Ticket.createWithSuggestions(inputs.ticket(connection, 1), [link!]);
        const second = await table.clean.da.Ticket.create(inputs.ticket(connection, 2));
        const suggestionId = link!.suggestionId;
        await lostThen(
          720,
          () => table.clean.da.TicketSuggestion.create({ ticketId: second.getId(), suggestionId, opportunityId: link!.opportunityId, createdBy: 'user-2' }),
          async (da) => (await da.TicketSuggestion.findBySuggestionId(suggestionId))!.remove(),
        );
        const stored = await table.clean.da.TicketSuggestion.findBySuggestionId(suggestionId);
        expect(stored?.getTicketId()).to.equal(second.getId());
        expect(await first.getTicketSuggestions()).to.deep.equal([]);
      });
    });
  }
});
