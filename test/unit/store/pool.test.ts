import { setTimeout as delay } from 'node:timers/promises';
import { expect } from 'chai';
import { chunk, mapWithConcurrency } from '../../../src/store/pool.js';

/** Runs mapWithConcurrency and records how many tasks were in flight at once. */
async function measure(count: number, limit: number, wait: (index: number) => number) {
  let inFlight = 0;
  let peak = 0;
  const started: number[] = [];
  const results = await mapWithConcurrency(
    Array.from({ length: count }, (_, i) => `item-${i}`),
    limit,
    async (item, index) => {
      started.push(index);
      inFlight += 1;
      peak = Math.max(peak, inFlight);
      await delay(wait(index));
      inFlight -= 1;
      return `${item}:${index}`;
    },
  );
  return { results, peak, started };
}

describe('store/pool', function () {
  describe('mapWithConcurrency', function () {
    it('returns results in input order even when later tasks finish first', async function () {
      const { results } = await measure(10, 4, (i) => (10 - i) * 2);
      expect(results).to.deep.equal(Array.from({ length: 10 }, (_, i) => `item-${i}:${i}`));
    });

    it('never has more than `limit` tasks in flight, and uses the whole limit', async function () {
      const { peak, started } = await measure(20, 3, (i) => (i * 7) % 5);
      expect(peak).to.equal(3);
      expect([...started].sort((a, b) => a - b)).to.deep.equal(Array.from({ length: 20 }, (_, i) => i));
    });

    it('runs at most as many tasks at once as there are items', async function () {
      const { peak, results } = await measure(3, 8, () => 2);
      expect(peak).to.equal(3);
      expect(results).to.have.length(3);
    });

    it('runs tasks one at a time with limit 1', async function () {
      const { peak, started } = await measure(6, 1, (i) => 6 - i);
      expect(peak).to.equal(1);
      expect(started).to.deep.equal([0, 1, 2, 3, 4, 5]);
    });

    it('still runs every task (one at a time) when the limit is below 1', async function () {
      const { peak, results } = await measure(4, 0, () => 1);
      expect(peak).to.equal(1);
      expect(results).to.deep.equal(['item-0:0', 'item-1:1', 'item-2:2', 'item-3:3']);
    });

    it('resolves to an empty array for empty input without calling the task', async function () {
      let calls = 0;
      const results = await mapWithConcurrency([], 4, () => {
        calls += 1;
        return Promise.resolve(1);
      });
      expect(results).to.deep.equal([]);
      expect(calls).to.equal(0);
    });

    it('rejects with the error of a failing task', async function () {
      const boom = new Error('boom');
      const outcome = await mapWithConcurrency([1, 2, 3], 2, (n) => (n === 2 ? Promise.reject(boom) : Promise.resolve(n))).catch(
        (e: unknown) => e,
      );
      expect(outcome).to.equal(boom);
    });
  });

  describe('chunk', function () {
    it('splits 60 items into chunks of 25, 25 and 10, keeping order', function () {
      const items = Array.from({ length: 60 }, (_, i) => i);
      const parts = chunk(items, 25);
      expect(parts.map((part) => part.length)).to.deep.equal([25, 25, 10]);
      expect(parts.flat()).to.deep.equal(items);
    });

    it('makes only full chunks when the length is a multiple of the size', function () {
      expect(chunk([1, 2, 3, 4], 2)).to.deep.equal([
        [1, 2],
        [3, 4],
      ]);
    });

    it('makes one chunk when the items fit, and none for empty input', function () {
      expect(chunk(['a', 'b'], 100)).to.deep.equal([['a', 'b']]);
      expect(chunk([], 25)).to.deep.equal([]);
    });

    it('does not modify its input', function () {
      const items = Object.freeze([1, 2, 3]);
      expect(chunk(items, 1)).to.deep.equal([[1], [2], [3]]);
      expect(items).to.deep.equal([1, 2, 3]);
    });
  });
});
