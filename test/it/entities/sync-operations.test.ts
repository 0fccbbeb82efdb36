/**
 * SyncOperation on DynamoDB Local: start (one active sync per connection, only on an active
 * connection), begin → reportProgress… → complete | fail | cancel, terminal states (no further
 * change, slot freed, expiry 7 days later), the connection's lastSyncAt, and the queries.
 */
import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ConcurrentModificationError, ConflictError, DataAccessError, InvalidTransitionError, NotFoundError, SyncOperation, ValidationError, ttlAttributeName } from '../../../src/index.js';
import type { DataAccess, TaskManagementConnection } from '../../../src/index.js';
import { errorOf, freshDataAccess, guardsOf, jiraCloudConnectionInput, rawGet, rawItemById, rejectionOf, syncStartInput, tableSnapshot } from '../../support/entity-fixtures.js';
import { scanAll } from '../../support/local-store.js';

const SEVEN_DAYS = 7 * 24 * 60 * 60;

type Terminal = 'completed' | 'failed' | 'cancelled';
const END: Readonly<Record<Terminal, (op: SyncOperation) => Promise<unknown>>> = {
  completed: (op) => op.complete({ created: 1, updated: 0, skipped: 0, failed: 0 }),
  failed: (op) => op.fail('tracker unreachable', 'NETWORK'),
  cancelled: (op) => op.cancel(),
};

describe('SyncOperation (DynamoDB Local)', function () {
  let da: DataAccess;
  let tableName: string;
  let client: DynamoDBClient;

  before(async function () {
    ({ da, tableName, client } = await freshDataAccess('entities-syncs'));
  });

  async function newConnection(): Promise<TaskManagementConnection> {
    return da.TaskManagementConnection.create(jiraCloudConnectionInput());
  }

  async function started(connection?: TaskManagementConnection): Promise<SyncOperation> {
    return da.SyncOperation.start(syncStartInput(connection ?? (await newConnection())));
  }

  async function inProgress(connection?: TaskManagementConnection): Promise<SyncOperation> {
    const op = await started(connection);
    await op.begin();
    return op;
  }

  async function stored(op: SyncOperation): Promise<Record<string, unknown>> {
    const raw = await rawItemById(client, tableName, 'syncOperationId', op.getId());
    expect(raw, 'stored sync operation').to.not.equal(undefined);
    return raw!;
  }

  async function reread(op: SyncOperation): Promise<SyncOperation> {
    const back = await da.SyncOperation.findById(op.getId());
    expect(back).to.not.equal(null);
    return back!;
  }

  describe('start', function () {
    it('starts pending, with the given input and defaults', async function () {
      const connection = await newConnection();
      const op = await da.SyncOperation.start(syncStartInput(connection, { syncType: 'incremental' }));
      expect(op.getStatus()).to.equal('pending');
      const back = await reread(op);
      expect(back.toJSON()).to.include({
        status: 'pending',
        syncType: 'incremental',
        includeClosed: false,
        triggeredBy: 'user-1',
        taskManagementConnectionId: connection.getId(),
        organizationId: connection.getOrganizationId(),
      });
      expect(back.getStartedAt()).to.equal(undefined);
      expect(back.getCompletedAt()).to.equal(undefined);
      expect(await stored(op)).to.not.have.property(ttlAttributeName);
      expect(SyncOperation.STATUSES).to.deep.equal({ PENDING: 'pending', IN_PROGRESS: 'in_progress', COMPLETED: 'completed', FAILED: 'failed', CANCELLED: 'cancelled' });
      expect(SyncOperation.SYNC_TYPES).to.deep.equal({ FULL: 'full', INCREMENTAL: 'incremental' });
      expect(SyncOperation.STAGES).to.deep.equal({ FETCHING: 'fetching', MATCHING: 'matching', CREATING: 'creating', UPDATING: 'updating' });
    });

    it("a second start while pending or in_progress → ConflictError 'active-sync', nothing written", async function () {
      const connection = await newConnection();
      const op = await started(connection);
      const before = await tableSnapshot(client, tableName);
      const whilePending = await rejectionOf(da.SyncOperation.start(syncStartInput(connection, { syncType: 'incremental' })));
      expect(whilePending).to.be.instanceOf(ConflictError).and.have.property('constraint', 'active-sync');
      expect(await tableSnapshot(client, tableName)).to.deep.equal(before);
      await op.begin();
      const whileRunning = await rejectionOf(da.SyncOperation.start(syncStartInput(connection)));
      expect(whileRunning).to.be.instanceOf(ConflictError).and.have.property('constraint', 'active-sync');
      expect((await da.SyncOperation.allByTaskManagementConnectionId(connection.getId())).map((o) => o.getId())).to.deep.equal([op.getId()]);
    });

    for (const status of ['disabled', 'requires_reauth', 'error', 'disconnected'] as const) {
      it(`start on a ${status} connection → ConflictError 'active-connection', nothing written`, async function () {
        const connection = await newConnection();
        if (status === 'disabled') await connection.markDisabled();
        if (status === 'requires_reauth') await connection.markRequiresReauth();
        if (status === 'error') await connection.markError('x');
        if (status === 'disconnected') await connection.markDisconnected();
        const before = await tableSnapshot(client, tableName);
        const error = await rejectionOf(da.SyncOperation.start(syncStartInput(connection)));
        expect(error).to.be.instanceOf(ConflictError).and.have.property('constraint', 'active-connection');
        expect(await tableSnapshot(client, tableName)).to.deep.equal(before);
      });
    }

    it('start on a missing connection → NotFoundError, nothing written', async function () {
      const before = await tableSnapshot(client, tableName);
      const missing = randomUUID();
      const error = await rejectionOf(da.SyncOperation.start({ taskManagementConnectionId: missing, organizationId: randomUUID(), triggeredBy: 'u', syncType: 'full' }));
      expect(error).to.be.instanceOf(NotFoundError);
      expect(error).to.include({ entityName: 'TaskManagementConnection', id: missing });
      expect(await tableSnapshot(client, tableName)).to.deep.equal(before);
    });
  });

  describe('begin and reportProgress', function () {
    it('begin moves pending → in_progress and sets startedAt', async function () {
      const op = await started();
      const before = Date.now();
      await op.begin();
      const after = Date.now();
      const back = await reread(op);
      expect(back.getStatus()).to.equal('in_progress');
      expect(Date.parse(back.getStartedAt()!)).to.be.within(before - 5, after + 5);
      expect(back.getCompletedAt()).to.equal(undefined);
    });

    it('begin on an operation already in_progress is refused (InvalidTransitionError) and keeps startedAt', async function () {
      const op = await inProgress();
      const startedAt = (await reread(op)).getStartedAt();
      await new Promise((resolve) => setTimeout(resolve, 5));
      const fresh = await reread(op);
      const error = await fresh.begin().then(
        () => undefined,
        (e: unknown) => e,
      );
      expect((await reread(op)).getStartedAt(), 'startedAt was rewritten by a second begin()').to.equal(startedAt);
      expect(error).to.be.instanceOf(InvalidTransitionError);
    });

    it("reportProgress while pending → ConflictError 'in-progress', nothing written", async function () {
      const op = await started();
      const before = await stored(op);
      const error = await errorOf(() => op.reportProgress({ current: 0, total: 10, processed: 0, stage: 'fetching' }));
      expect(error).to.be.instanceOf(ConflictError).and.have.property('constraint', 'in-progress');
      expect(await stored(op)).to.deep.equal(before);
    });

    it('reportProgress stores progress; processed may stay or grow', async function () {
      const op = await inProgress();
      await op.reportProgress({ current: 1, total: 10, processed: 3, stage: 'fetching' });
      await op.reportProgress({ current: 2, total: 10, processed: 3, stage: 'matching' });
      await op.reportProgress({ current: 10, total: 10, processed: 10, stage: 'updating' });
      expect((await reread(op)).getProgress()).to.deep.equal({ current: 10, total: 10, processed: 10, stage: 'updating' });
    });

    it('processed never decreases and never exceeds total (ValidationError, nothing written)', async function () {
      const op = await inProgress();
      await op.reportProgress({ current: 1, total: 10, processed: 5, stage: 'creating' });
      const before = await stored(op);
      const back = await errorOf(() => op.reportProgress({ current: 1, total: 10, processed: 4, stage: 'creating' }));
      expect(back).to.be.instanceOf(ValidationError);
      expect((back as ValidationError).issues.map((i) => i.path)).to.include('progress.processed');
      const over = await errorOf(() => op.reportProgress({ current: 1, total: 10, processed: 11, stage: 'creating' }));
      expect(over).to.be.instanceOf(ValidationError);
      expect((over as ValidationError).issues.map((i) => i.path)).to.include('progress.processed');
      // A fresh copy knows the stored progress too.
      const fresh = await reread(op);
      expect(await errorOf(() => fresh.reportProgress({ current: 1, total: 10, processed: 2, stage: 'creating' }))).to.be.instanceOf(ValidationError);
      expect(await stored(op)).to.deep.equal(before);
    });

    it('a stale copy cannot move processed backwards in the store', async function () {
      const op = await inProgress();
      const stale = await reread(op);
      await op.reportProgress({ current: 8, total: 10, processed: 8, stage: 'creating' });
      const error = await errorOf(() => stale.reportProgress({ current: 6, total: 10, processed: 6, stage: 'creating' }));
      expect(error).to.be.instanceOf(DataAccessError);
      expect(['VALIDATION', 'CONCURRENT_MODIFICATION']).to.include((error as DataAccessError).code);
      expect((await reread(op)).getProgress()?.processed).to.equal(8);
    });

    it('stage must be a STAGES value; counts must be non-negative integers (ValidationError)', async function () {
      const op = await inProgress();
      const before = await stored(op);
      const bad: unknown[] = [
        { current: 0, total: 1, processed: 0, stage: 'sleeping' },
        { current: 0, total: 1, processed: 0 },
        { current: 0, total: 1, processed: -1, stage: 'fetching' },
        { current: 0, total: 1.5, processed: 0, stage: 'fetching' },
        { current: 0, total: Number.NaN, processed: 0, stage: 'fetching' },
        { current: 0, total: 1, processed: 0, stage: 'fetching', extra: true },
        null,
        'halfway',
      ];
      for (const progress of bad) {
        expect(await errorOf(() => op.reportProgress(progress as never)), JSON.stringify(progress)).to.be.instanceOf(ValidationError);
      }
      expect(await stored(op)).to.deep.equal(before);
      for (const stage of Object.values(SyncOperation.STAGES)) await op.reportProgress({ current: 0, total: 1, processed: 0, stage });
    });
  });

  describe('complete, fail, cancel', function () {
    it("complete sets completedAt and results; the connection's lastSyncAt equals completedAt", async function () {
      const connection = await newConnection();
      const op = await inProgress(connection);
      const before = Date.now();
      await op.complete({ created: 3, updated: 2, skipped: 1, failed: 1, errors: [{ externalId: 'ASO-1', message: 'no permission' }] });
      const after = Date.now();
      const back = await reread(op);
      expect(back.getStatus()).to.equal('completed');
      expect(Date.parse(back.getCompletedAt()!)).to.be.within(before - 5, after + 5);
      expect(back.getResults()).to.deep.equal({ created: 3, updated: 2, skipped: 1, failed: 1, errors: [{ externalId: 'ASO-1', message: 'no permission' }], truncatedErrors: 0 });
      const conn = await da.TaskManagementConnection.findById(connection.getId());
      expect(conn?.getLastSyncAt()).to.equal(back.getCompletedAt());
    });

    it('complete keeps at most 100 errors and counts the rest in truncatedErrors', async function () {
      const op = await inProgress();
      const errors = Array.from({ length: 250 }, (_, i) => ({ externalId: `X-${i}`, message: `error ${i}` }));
      await op.complete({ created: 0, updated: 0, skipped: 0, failed: 250, errors });
      const results = (await reread(op)).getResults()!;
      expect(results.errors).to.have.length(100);
      expect(results.errors[0]).to.deep.equal({ externalId: 'X-0', message: 'error 0' });
      expect(results.errors[99]).to.deep.equal({ externalId: 'X-99', message: 'error 99' });
      expect(results.truncatedErrors).to.equal(150);
      const exactly100 = await inProgress();
      await exactly100.complete({ created: 0, updated: 0, skipped: 0, failed: 0, errors: errors.slice(0, 100) });
      expect((await reread(exactly100)).getResults()?.truncatedErrors).to.equal(0);
    });

    it('complete refuses bad results (ValidationError, nothing written)', async function () {
      const op = await inProgress();
      const before = await stored(op);
      for (const results of [
        { created: -1, updated: 0, skipped: 0, failed: 0 },
        { created: 0, updated: 0, skipped: 0 },
        { created: 0, updated: 0, skipped: 0, failed: Number.NaN },
        { created: 0, updated: 0, skipped: 0, failed: 0, errors: [{ message: '' }] },
        { created: 0, updated: 0, skipped: 0, failed: 0, errors: 'many' },
        { created: 0, updated: 0, skipped: 0, failed: 0, extra: 1 },
      ]) {
        expect(await errorOf(() => op.complete(results as never)), JSON.stringify(results)).to.be.instanceOf(ValidationError);
      }
      expect(await stored(op)).to.deep.equal(before);
    });

    it('complete from pending → InvalidTransitionError', async function () {
      const op = await started();
      const before = await stored(op);
      const error = await errorOf(() => op.complete({ created: 0, updated: 0, skipped: 0, failed: 0 }));
      expect(error).to.be.instanceOf(InvalidTransitionError);
      expect(error).to.include({ from: 'pending', to: 'completed' });
      expect(await stored(op)).to.deep.equal(before);
    });

    it('fail needs a message; errorCode must be from the list; both are stored', async function () {
      const op = await inProgress();
      const before = await stored(op);
      for (const message of ['', '   ', undefined, null, 7, 'm'.repeat(2001)]) {
        expect(await errorOf(() => op.fail(message as string)), String(message).slice(0, 10)).to.be.instanceOf(ValidationError);
      }
      expect(await errorOf(() => op.fail('boom', 'TEAPOT' as never))).to.be.instanceOf(ValidationError);
      expect(await stored(op)).to.deep.equal(before);

      await op.fail('rate limited by Jira', 'RATE_LIMIT');
      const back = await reread(op);
      expect(back.getStatus()).to.equal('failed');
      expect(back.getError()).to.equal('rate limited by Jira');
      expect(back.getErrorCode()).to.equal('RATE_LIMIT');
      expect(back.getCompletedAt()).to.be.a('string');

      const pending = await started();
      await pending.fail('could not start');
      const back2 = await reread(pending);
      expect(back2.getStatus()).to.equal('failed');
      expect(back2.getErrorCode()).to.equal(undefined);
    });

    it('every listed errorCode is accepted', async function () {
      for (const code of ['RATE_LIMIT', 'AUTH_EXPIRED', 'NETWORK', 'PERMISSION', 'NOT_FOUND', 'UNKNOWN'] as const) {
        const op = await started();
        await op.fail(`failed with ${code}`, code);
        expect((await reread(op)).getErrorCode()).to.equal(code);
      }
    });

    it('cancel works from pending and from in_progress', async function () {
      const pending = await started();
      await pending.cancel();
      expect((await reread(pending)).getStatus()).to.equal('cancelled');
      const running = await inProgress();
      await running.reportProgress({ current: 1, total: 2, processed: 1, stage: 'fetching' });
      await running.cancel();
      const back = await reread(running);
      expect(back.getStatus()).to.equal('cancelled');
      expect(back.getCompletedAt()).to.be.a('string');
    });

    it('cancel wins over progress reports from a copy the worker holds (no optimistic check on cancel)', async function () {
      const op = await inProgress();
      const userCopy = await reread(op);
      await op.reportProgress({ current: 1, total: 5, processed: 1, stage: 'fetching' });
      await userCopy.cancel();
      expect((await reread(op)).getStatus()).to.equal('cancelled');
      const late = await errorOf(() => op.reportProgress({ current: 2, total: 5, processed: 2, stage: 'fetching' }));
      expect(late).to.be.instanceOf(DataAccessError);
      expect((await reread(op)).getStatus()).to.equal('cancelled');
      expect((await reread(op)).getProgress()?.processed).to.equal(1);
    });

    it('a stale copy cannot complete an operation that was cancelled meanwhile', async function () {
      const connection = await newConnection();
      const op = await inProgress(connection);
      const worker = await reread(op);
      await op.cancel();
      const error = await errorOf(() => worker.complete({ created: 1, updated: 0, skipped: 0, failed: 0 }));
      expect(error).to.be.instanceOf(DataAccessError);
      expect(error).to.not.be.instanceOf(ValidationError);
      expect((await reread(op)).getStatus()).to.equal('cancelled');
      expect((await da.TaskManagementConnection.findById(connection.getId()))?.getLastSyncAt()).to.equal(undefined);
    });
  });

  describe('terminal states', function () {
    for (const terminal of ['completed', 'failed', 'cancelled'] as const) {
      it(`${terminal}: frees the slot (a new start succeeds) and expires ≈ 7 days after it ended`, async function () {
        const connection = await newConnection();
        const op = await inProgress(connection);
        expect((await da.SyncOperation.findActiveByConnectionId(connection.getId()))?.getId()).to.equal(op.getId());
        await END[terminal](op);
        expect(await da.SyncOperation.findActiveByConnectionId(connection.getId())).to.equal(null);
        const raw = await stored(op);
        const item = await rawGet(client, tableName, { pk: raw.pk, sk: raw.sk });
        const completedAt = Date.parse((await reread(op)).getCompletedAt()!);
        expect(item?.[ttlAttributeName]).to.be.a('number');
        expect(item![ttlAttributeName]).to.be.within(Math.floor(completedAt / 1000) + SEVEN_DAYS - 2, Math.ceil(completedAt / 1000) + SEVEN_DAYS + 2);
        expect(item![ttlAttributeName]).to.be.within(Math.floor(Date.now() / 1000) + SEVEN_DAYS - 60, Math.ceil(Date.now() / 1000) + SEVEN_DAYS + 1);
        const guards = guardsOf(await scanAll(client, tableName), 'active-sync').filter((g) => g.ownerId === op.getId());
        expect(guards).to.deep.equal([]);

        const next = await da.SyncOperation.start(syncStartInput(connection));
        expect((await da.SyncOperation.findActiveByConnectionId(connection.getId()))?.getId()).to.equal(next.getId());
      });

      it(`${terminal}: no other status can follow (InvalidTransitionError), the item stays as it was`, async function () {
        const op = await inProgress();
        await END[terminal](op);
        const before = await stored(op);
        const others = (['completed', 'failed', 'cancelled'] as const).filter((t) => t !== terminal);
        const fresh = await reread(op);
        expect(await errorOf(() => fresh.begin()), 'begin').to.be.instanceOf(InvalidTransitionError);
        for (const other of others) {
          const copy = await reread(op);
          const error = await errorOf(() => END[other](copy));
          expect(error, `${terminal} → ${other}`).to.be.instanceOf(InvalidTransitionError);
          expect(error).to.include({ from: terminal, to: other });
        }
        const progress = await errorOf(() => fresh.reportProgress({ current: 0, total: 1, processed: 0, stage: 'fetching' }));
        expect(progress).to.be.instanceOf(ConflictError).and.have.property('constraint', 'in-progress');
        expect(await stored(op)).to.deep.equal(before);
      });

      it(`${terminal}: repeating the same terminal move is refused (InvalidTransitionError) and changes nothing`, async function () {
        const connection = await newConnection();
        const op = await inProgress(connection);
        await END[terminal](op);
        const before = await stored(op);
        const lastSyncAt = (await da.TaskManagementConnection.findById(connection.getId()))?.getLastSyncAt();
        await new Promise((resolve) => setTimeout(resolve, 5));
        const fresh = await reread(op);
        const error = await END[terminal](fresh).then(
          () => undefined,
          (e: unknown) => e,
        );
        const after = await stored(op);
        expect(after.completedAt, 'completedAt was rewritten').to.equal(before.completedAt);
        expect(after[ttlAttributeName], 'the expiry was pushed back').to.equal(before[ttlAttributeName]);
        expect(after, 'the terminal item changed').to.deep.equal(before);
        expect((await da.TaskManagementConnection.findById(connection.getId()))?.getLastSyncAt(), "the connection's lastSyncAt moved").to.equal(lastSyncAt);
        expect(error).to.be.instanceOf(InvalidTransitionError);
      });
    }
  });

  describe('queries', function () {
    it('allByTaskManagementConnectionId is newest first and only that connection', async function () {
      const connection = await newConnection();
      const other = await newConnection();
      const ops: SyncOperation[] = [];
      for (let i = 0; i < 5; i += 1) {
        const op = await started(connection);
        ops.push(op);
        await op.cancel();
        await new Promise((resolve) => setTimeout(resolve, 3));
      }
      await started(other);
      const all = await da.SyncOperation.allByTaskManagementConnectionId(connection.getId());
      expect(all.map((o) => o.getId())).to.deep.equal(ops.map((o) => o.getId()).reverse());
      const createdAts = all.map((o) => o.getCreatedAt());
      expect(createdAts).to.deep.equal([...createdAts].sort().reverse());
      expect((await connection.getSyncOperations()).map((o) => o.getId()).sort()).to.deep.equal(ops.map((o) => o.getId()).sort());
    });

    it('findActiveByConnectionId returns the pending or in_progress operation, else null', async function () {
      const connection = await newConnection();
      expect(await da.SyncOperation.findActiveByConnectionId(connection.getId())).to.equal(null);
      const first = await started(connection);
      expect((await da.SyncOperation.findActiveByConnectionId(connection.getId()))?.getId()).to.equal(first.getId());
      await first.begin();
      const active = await da.SyncOperation.findActiveByConnectionId(connection.getId());
      expect(active?.getId()).to.equal(first.getId());
      expect(active?.getStatus()).to.equal('in_progress');
      await first.fail('x');
      expect(await da.SyncOperation.findActiveByConnectionId(connection.getId())).to.equal(null);
      const second = await started(connection);
      expect((await da.SyncOperation.findActiveByConnectionId(connection.getId()))?.getId()).to.equal(second.getId());
      expect(await da.SyncOperation.findActiveByConnectionId(randomUUID())).to.equal(null);
    });
  });

  it('ConcurrentModificationError is exported for stale sync copies (sanity of the import)', function () {
    expect(new ConcurrentModificationError('SyncOperation', 'x').code).to.equal('CONCURRENT_MODIFICATION');
  });
});
