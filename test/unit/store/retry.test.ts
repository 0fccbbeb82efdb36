import { ConditionalCheckFailedException, ProvisionedThroughputExceededException } from '@aws-sdk/client-dynamodb';
import { expect } from 'chai';
import fc from 'fast-check';
import sinon from 'sinon';
import type { RetryPolicy } from '../../../src/store/context.js';
import { backoffDelay, isTransientError, TRANSIENT_CANCELLATION_CODES, withRetry } from '../../../src/store/retry.js';
import { awsError, delays, fakeStore } from './fake-context.js';

const TRANSIENT_NAMES = [
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'RequestLimitExceeded',
  'TransactionConflictException',
  'TransactionInProgressException',
  'InternalServerError',
  'InternalFailure',
  'ServiceUnavailable',
  'TimeoutError',
  'RequestTimeout',
  'RequestTimeoutException',
];

const NETWORK_CODES = ['ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ECONNREFUSED', 'EAI_AGAIN', 'ENOTFOUND', 'ECONNABORTED'];

function policy(overrides: Partial<RetryPolicy> = {}): RetryPolicy {
  return { maxAttempts: 4, baseDelayMs: 100, maxDelayMs: 1_000, random: () => 0.5, sleep: () => Promise.resolve(), ...overrides };
}

describe('store/retry', function () {
  describe('isTransientError', function () {
    for (const name of TRANSIENT_NAMES) {
      it(`treats an error named ${name} as transient`, function () {
        expect(isTransientError(awsError(name))).to.equal(true);
        expect(isTransientError({ name })).to.equal(true);
      });
    }

    for (const code of NETWORK_CODES) {
      it(`treats a network error with code ${code} as transient`, function () {
        expect(isTransientError(Object.assign(new Error('socket'), { code }))).to.equal(true);
      });
    }

    it("recognises the SDK's own throttling exception class", function () {
      const error = new ProvisionedThroughputExceededException({ message: 'slow down', $metadata: { httpStatusCode: 400 } });
      expect(isTransientError(error)).to.equal(true);
    });

    it('treats an error the SDK marked $retryable as transient', function () {
      expect(isTransientError({ name: 'SomethingNew', $retryable: { throttling: false } })).to.equal(true);
      expect(isTransientError({ name: 'SomethingNew', $retryable: true })).to.equal(true);
    });

    it('does not treat $retryable: false as transient', function () {
      expect(isTransientError({ name: 'SomethingNew', $retryable: false })).to.equal(false);
    });

    it('treats any 5xx HTTP status as transient', function () {
      for (const status of [500, 502, 503, 504, 599]) {
        expect(isTransientError({ name: 'Unknown', $metadata: { httpStatusCode: status } }), String(status)).to.equal(true);
      }
    });

    it('does not treat 4xx statuses, missing or non-numeric statuses as transient', function () {
      expect(isTransientError({ name: 'Unknown', $metadata: { httpStatusCode: 400 } })).to.equal(false);
      expect(isTransientError({ name: 'Unknown', $metadata: { httpStatusCode: 499 } })).to.equal(false);
      expect(isTransientError({ name: 'Unknown', $metadata: { httpStatusCode: '503' } })).to.equal(false);
      expect(isTransientError({ name: 'Unknown', $metadata: {} })).to.equal(false);
    });

    it('does not treat condition failures, validation errors or programming errors as transient', function () {
      const conditional = new ConditionalCheckFailedException({ message: 'no', $metadata: { httpStatusCode: 400 } });
      expect(isTransientError(conditional)).to.equal(false);
      expect(isTransientError(awsError('ValidationException'))).to.equal(false);
      expect(isTransientError(awsError('TransactionCanceledException'))).to.equal(false);
      expect(isTransientError(awsError('ResourceNotFoundException'))).to.equal(false);
      expect(isTransientError(new TypeError('x is undefined'))).to.equal(false);
      expect(isTransientError(new Error('plain'))).to.equal(false);
      expect(isTransientError(Object.assign(new Error('denied'), { code: 'EACCES' }))).to.equal(false);
      expect(isTransientError({})).to.equal(false);
    });

    it('only matches names and codes given as strings', function () {
      expect(isTransientError({ name: ['ThrottlingException'] })).to.equal(false);
      expect(isTransientError({ code: { ECONNRESET: true } })).to.equal(false);
    });

    it('treats non-objects as not transient', function () {
      for (const value of [undefined, null, 'ThrottlingException', 'ECONNRESET', 503, true, Symbol('x')]) {
        expect(isTransientError(value), String(value)).to.equal(false);
      }
    });

    it('lists the cancellation reason codes that mean "try again"', function () {
      expect([...TRANSIENT_CANCELLATION_CODES].sort()).to.deep.equal(
        ['ProvisionedThroughputExceeded', 'RequestLimitExceeded', 'ThrottlingError', 'TransactionConflict'].sort(),
      );
      expect(TRANSIENT_CANCELLATION_CODES.has('ConditionalCheckFailed')).to.equal(false);
    });
  });

  describe('backoffDelay', function () {
    it('doubles the ceiling with each attempt up to maxDelayMs (random fixed at 0.5)', function () {
      const p = policy({ baseDelayMs: 100, maxDelayMs: 1_000, random: () => 0.5 });
      expect([0, 1, 2, 3, 4, 5, 10, 2_000].map((attempt) => backoffDelay(attempt, p))).to.deep.equal([50, 100, 200, 400, 500, 500, 500, 500]);
    });

    it('is 0 when the random source gives 0 (full jitter reaches down to zero)', function () {
      const p = policy({ random: () => 0 });
      expect([0, 3, 30].map((attempt) => backoffDelay(attempt, p))).to.deep.equal([0, 0, 0]);
    });

    it('stays strictly below the ceiling when the random source is just under 1', function () {
      const p = policy({ baseDelayMs: 100, maxDelayMs: 1_000, random: () => 0.999_999 });
      expect(backoffDelay(0, p)).to.equal(99);
      expect(backoffDelay(2, p)).to.equal(399);
      expect(backoffDelay(9, p)).to.equal(999);
    });

    it('is an integer in [0, min(max, base·2^attempt)) for any jitter and attempt', function () {
      fc.assert(
        fc.property(
          fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
          fc.integer({ min: 0, max: 64 }),
          fc.integer({ min: 1, max: 500 }),
          fc.integer({ min: 1, max: 60_000 }),
          (r, attempt, base, max) => {
            const delay = backoffDelay(attempt, policy({ random: () => r, baseDelayMs: base, maxDelayMs: max }));
            const ceiling = Math.min(max, base * 2 ** attempt);
            return Number.isInteger(delay) && delay >= 0 && delay < ceiling;
          },
        ),
        { seed: 20_240_501, numRuns: 500 },
      );
    });
  });

  describe('withRetry', function () {
    it('returns the first result without sleeping when the operation succeeds', async function () {
      const { retry, sleep } = fakeStore();
      const operation = sinon.stub().resolves('done');
      expect(await withRetry(operation, retry)).to.equal('done');
      expect(operation.callCount).to.equal(1);
      expect(operation.firstCall.args[0]).to.equal(0);
      expect(sleep.called).to.equal(false);
    });

    it('retries transient errors with backoff and returns the eventual result', async function () {
      const { retry, sleep } = fakeStore({ maxAttempts: 4, baseDelayMs: 100, random: () => 0.5 });
      const operation = sinon.stub();
      operation.onCall(0).rejects(awsError('ThrottlingException'));
      operation.onCall(1).rejects(Object.assign(new Error('reset'), { code: 'ECONNRESET' }));
      operation.onCall(2).resolves(42);
      expect(await withRetry(operation, retry)).to.equal(42);
      expect(operation.getCalls().map((call) => call.args[0] as number)).to.deep.equal([0, 1, 2]);
      expect(delays(sleep)).to.deep.equal([50, 100]);
    });

    it('gives up after maxAttempts attempts and throws the last error', async function () {
      const { retry, sleep } = fakeStore({ maxAttempts: 3 });
      const errors = [awsError('ThrottlingException'), awsError('ThrottlingException'), awsError('ThrottlingException')];
      const operation = sinon.stub();
      errors.forEach((error, i) => operation.onCall(i).rejects(error));
      operation.resolves('too late');
      const thrown = await withRetry(operation, retry).then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(thrown).to.equal(errors[2]);
      expect(operation.callCount).to.equal(3);
      expect(sleep.callCount).to.equal(2);
    });

    it('does not retry a non-transient error', async function () {
      const { retry, sleep } = fakeStore({ maxAttempts: 5 });
      const error = awsError('ValidationException');
      const operation = sinon.stub().rejects(error);
      const thrown = await withRetry(operation, retry).catch((e: unknown) => e);
      expect(thrown).to.equal(error);
      expect(operation.callCount).to.equal(1);
      expect(sleep.called).to.equal(false);
    });

    it('stops at a non-transient error that follows transient ones', async function () {
      const { retry } = fakeStore({ maxAttempts: 5 });
      const fatal = awsError('ValidationException');
      const operation = sinon.stub();
      operation.onCall(0).rejects(awsError('InternalServerError'));
      operation.onCall(1).rejects(fatal);
      operation.resolves('never');
      expect(await withRetry(operation, retry).catch((e: unknown) => e)).to.equal(fatal);
      expect(operation.callCount).to.equal(2);
    });

    it('makes a single attempt when maxAttempts is 1', async function () {
      const { retry, sleep } = fakeStore({ maxAttempts: 1 });
      const error = awsError('ThrottlingException');
      const operation = sinon.stub().rejects(error);
      expect(await withRetry(operation, retry).catch((e: unknown) => e)).to.equal(error);
      expect(operation.callCount).to.equal(1);
      expect(sleep.called).to.equal(false);
    });
  });
});
