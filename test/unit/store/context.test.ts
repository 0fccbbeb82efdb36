import { expect } from 'chai';
import sinon from 'sinon';
import { DEFAULT_CONCURRENCY, DEFAULT_RETRY_POLICY } from '../../../src/store/context.js';

describe('store/context defaults', function () {
  afterEach(function () {
    sinon.restore();
  });

  it('has a bounded, frozen default retry policy', function () {
    expect(Object.isFrozen(DEFAULT_RETRY_POLICY)).to.equal(true);
    expect(DEFAULT_RETRY_POLICY.maxAttempts).to.equal(8);
    expect(DEFAULT_RETRY_POLICY.baseDelayMs).to.equal(25);
    expect(DEFAULT_RETRY_POLICY.maxDelayMs).to.equal(2_000);
    expect(DEFAULT_CONCURRENCY).to.equal(8);
  });

  it('draws default jitter from [0, 1)', function () {
    for (let i = 0; i < 100; i += 1) {
      const r = DEFAULT_RETRY_POLICY.random();
      expect(r).to.be.at.least(0).and.below(1);
    }
  });

  it('sleeps for the given number of milliseconds by default', async function () {
    const clock = sinon.useFakeTimers();
    let done = false;
    const sleeping = DEFAULT_RETRY_POLICY.sleep(100).then(() => {
      done = true;
    });
    await clock.tickAsync(99);
    expect(done).to.equal(false);
    await clock.tickAsync(1);
    await sleeping;
    expect(done).to.equal(true);
  });
});
