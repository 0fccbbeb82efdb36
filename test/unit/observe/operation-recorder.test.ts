// The recorder and its scopes on their own: one event per promise-returning call, nothing for
// synchronous calls, the requests of the scope's context counted and nothing after it settled,
// error codes and constraints taken from the rejection, and a failing listener (or a request
// outside any operation) logged once without touching the operation.
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { expect } from 'chai';
import sinon from 'sinon';
import { ConflictError, NotFoundError, ValidationError } from '../../../src/index.js';
import type { OperationEvent } from '../../../src/index.js';
import type { StoreContext } from '../../../src/store/context.js';
import { OperationRecorder } from '../../../src/store/observe/operation-recorder.js';
import type { OperationScope } from '../../../src/store/observe/operation-scope.js';
import { quietLogger, rejectionOf } from '../fixtures/stub-sdk.js';

const get = () => new GetCommand({ TableName: 'unit-table', Key: { pk: 'p', sk: 's' } });

function recorder() {
  const events: OperationEvent[] = [];
  const logger = quietLogger();
  return { events, logger, recorder: new OperationRecorder((event) => events.push(event), logger) };
}

/** A request as send() makes it with an operation's context: before, then after with the output. */
function request(scope: OperationScope, output: unknown = { Item: {}, ConsumedCapacity: { CapacityUnits: 0.5 } }): void {
  const command = get();
  scope.beforeRequest(command);
  scope.afterRequest(command, output, undefined);
}

describe('observe/OperationRecorder', function () {
  it('emits one event when the returned promise resolves, with what was sent in its scope', async function () {
    const { events, recorder: r } = recorder();
    const value = await r.operation('Ticket.findById', 'Ticket', async (scope) => {
      request(scope);
      await Promise.resolve();
      scope.retried();
      request(scope);
      return 'found';
    });
    expect(value).to.equal('found');
    expect(events).to.have.length(1);
    const [event] = events as [OperationEvent];
    expect(event).to.include({ operation: 'Ticket.findById', entity: 'Ticket', requests: 2, retries: 1, items: 2, outcome: 'ok' });
    expect(event.consumedCapacity).to.deep.equal({ read: 1, write: 0 });
    expect(event.durationMs).to.be.a('number').and.at.least(0);
    expect(event).to.not.have.property('errorCode');
  });

  it('counts into the context it hands out: requests sent with it, re-sends its retry policy reports', async function () {
    const { events, recorder: r } = recorder();
    const base = { tableName: 'unit-table', retry: { maxAttempts: 3 } } as unknown as StoreContext;
    await r.operation('E.op', 'E', async (scope) => {
      const context = scope.contextOf(base);
      expect(scope.contextOf(base), 'one context per operation').to.equal(context);
      expect(context).to.include({ tableName: 'unit-table', observer: scope });
      expect(context.retry.maxAttempts).to.equal(3);
      context.retry.onRetry?.();
      request(scope);
      await Promise.resolve();
    });
    expect(base).to.not.have.property('observer');
    expect(events.map((e) => [e.requests, e.retries])).to.deep.equal([[1, 1]]);
  });

  it('keeps operations started side by side apart', async function () {
    const { events, recorder: r } = recorder();
    const op = (name: string, n: number) =>
      r.operation(name, 'E', async (scope) => {
        for (let i = 0; i < n; i += 1) {
          await Promise.resolve();
          request(scope);
        }
      });
    await Promise.all([op('E.one', 1), op('E.three', 3)]);
    expect(events.map((e) => [e.operation, e.requests]).sort()).to.deep.equal([
      ['E.one', 1],
      ['E.three', 3],
    ]);
  });

  it('a synchronous call is no operation: no event, and what it returns or throws passes through', function () {
    const { events, recorder: r } = recorder();
    expect(r.operation('Ticket.getStatus', 'Ticket', () => 'open')).to.equal('open');
    expect(() => r.operation('Ticket.setStatus', 'Ticket', () => {
      throw new ValidationError([{ path: 'status', message: 'bad' }]);
    })).to.throw(ValidationError);
    expect(events).to.deep.equal([]);
  });

  it('counts nothing after the operation settled: late work is in no event, a later call is an operation of its own', async function () {
    const { events, recorder: r } = recorder();
    let late: Promise<void> | undefined;
    await r.operation('E.leaves', 'E', (scope) => {
      late = (async () => {
        await new Promise((resolve) => setTimeout(resolve, 5));
        const command = get();
        scope.beforeRequest(command);
        scope.afterRequest(command, { Item: {} }, undefined);
        scope.retried();
        expect(command.input).to.not.have.property('ReturnConsumedCapacity');
        await r.operation('E.after', 'E', (after) => Promise.resolve(request(after)));
      })();
      return Promise.resolve();
    });
    await late;
    expect(events.map((e) => [e.operation, e.requests, e.retries])).to.deep.equal([
      ['E.leaves', 0, 0],
      ['E.after', 1, 0],
    ]);
  });

  it('asks for consumed capacity for the requests of an operation', async function () {
    const { recorder: r } = recorder();
    const command = new PutCommand({ TableName: 'unit-table', Item: { pk: 'p', sk: 's' } });
    await r.operation('E.create', 'E', (scope) => Promise.resolve(scope.beforeRequest(command)));
    expect(command.input.ReturnConsumedCapacity).to.equal('TOTAL');
  });

  it('a request outside any operation is logged once at warn, with no value', function () {
    const { events, logger, recorder: r } = recorder();
    r.outsideOperation();
    r.outsideOperation();
    expect(logger.warn.callCount).to.equal(1);
    expect(String(logger.warn.firstCall.args[0])).to.include('outside any operation');
    expect(events).to.deep.equal([]);
  });

  it('reports the code of a DataAccessError and the constraint of a ConflictError', async function () {
    const { events, recorder: r } = recorder();
    // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- each kind of rejection is the point
    const fail = (error: unknown) => rejectionOf(r.operation('E.op', 'E', () => Promise.reject(error)));
    expect(await fail(new ConflictError('external-ticket', 'taken', ['10042']))).to.be.instanceOf(ConflictError);
    await fail(new NotFoundError('Ticket', 'abc'));
    await fail(new TypeError('a bug'));
    expect(events.map(({ outcome, errorCode, constraint }) => ({ outcome, errorCode, constraint }))).to.deep.equal([
      { outcome: 'error', errorCode: 'CONFLICT', constraint: 'external-ticket' },
      { outcome: 'error', errorCode: 'NOT_FOUND', constraint: undefined },
      { outcome: 'error', errorCode: undefined, constraint: undefined },
    ]);
    expect(events[1]).to.not.have.property('constraint');
    expect(events[2]).to.not.have.property('errorCode');
  });

  it('a listener that throws is logged once (its error name only) and never breaks the operation', async function () {
    const logger = quietLogger();
    const listener = sinon.stub().throws(new RangeError('secret-value-in-a-listener-message'));
    const r = new OperationRecorder(listener, logger);
    expect(await r.operation('E.one', 'E', () => Promise.resolve(1))).to.equal(1);
    const rejected = await rejectionOf(r.operation('E.two', 'E', () => Promise.reject(new NotFoundError('E', 'x'))));
    expect(rejected).to.be.instanceOf(NotFoundError);
    expect(listener.callCount).to.equal(2);
    expect(logger.warn.callCount).to.equal(1);
    expect(logger.warn.firstCall.args[1]).to.deep.equal({ error: 'RangeError' });
    expect(JSON.stringify(logger.warn.firstCall.args)).to.not.include('secret-value');
  });

  it('a listener that returns a rejected promise is logged once too', async function () {
    const logger = quietLogger();
    // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- a listener may reject with anything
    const r = new OperationRecorder(() => Promise.reject('nope') as unknown as void, logger);
    await r.operation('E.one', 'E', () => Promise.resolve());
    await r.operation('E.two', 'E', () => Promise.resolve());
    await new Promise((resolve) => setImmediate(resolve));
    expect(logger.warn.callCount).to.equal(1);
    expect(logger.warn.firstCall.args[1]).to.deep.equal({ error: 'string' });
  });

  it('keeps capacity sums free of binary noise', async function () {
    const { events, recorder: r } = recorder();
    await r.operation('E.reads', 'E', (scope) => {
      for (const units of [0.1, 0.2]) request(scope, { ConsumedCapacity: { CapacityUnits: units } });
      return Promise.resolve();
    });
    expect(events[0]?.consumedCapacity.read).to.equal(0.3);
  });
});
