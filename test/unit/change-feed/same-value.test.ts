import { expect } from 'chai';
import { sameValue } from '../../../src/change-feed/same-value.js';

describe('change-feed: sameValue (deep equality of unmarshalled values)', function () {
  it('primitives, null and absence', function () {
    expect(sameValue('a', 'a')).to.equal(true);
    expect(sameValue(1, 1)).to.equal(true);
    expect(sameValue(1, '1')).to.equal(false);
    expect(sameValue(null, undefined)).to.equal(false);
    expect(sameValue(null, {})).to.equal(false);
    expect(sameValue({}, null)).to.equal(false);
    expect(sameValue(undefined, 'a')).to.equal(false);
  });

  it('lists: same items in the same order', function () {
    expect(sameValue([1, [2, { a: 3 }]], [1, [2, { a: 3 }]])).to.equal(true);
    expect(sameValue([1, 2], [2, 1])).to.equal(false);
    expect(sameValue([1, 2], [1, 2, 3])).to.equal(false);
    expect(sameValue([1], { 0: 1 })).to.equal(false);
    expect(sameValue({ 0: 1 }, [1])).to.equal(false);
  });

  it('maps: same keys and values, whatever the order', function () {
    expect(sameValue({ a: 1, b: { c: [1] } }, { b: { c: [1] }, a: 1 })).to.equal(true);
    expect(sameValue({ a: 1 }, { a: 1, b: 2 })).to.equal(false);
    expect(sameValue({ a: 1, b: 2 }, { a: 1, c: 2 })).to.equal(false);
    expect(sameValue({ a: 1 }, { a: 2 })).to.equal(false);
  });

  it('sets (SS / NS / BS): same members, whatever the order', function () {
    expect(sameValue(new Set(['a', 'b']), new Set(['b', 'a']))).to.equal(true);
    expect(sameValue(new Set([1, 2]), new Set([1, 3]))).to.equal(false);
    expect(sameValue(new Set([1]), new Set([1, 2]))).to.equal(false);
    expect(sameValue(new Set([new Uint8Array([1]), new Uint8Array([2])]), new Set([new Uint8Array([2]), new Uint8Array([1])]))).to.equal(true);
    expect(sameValue(new Set(['a']), ['a'])).to.equal(false);
    expect(sameValue({}, new Set())).to.equal(false);
  });

  it('binaries: same bytes', function () {
    expect(sameValue(new Uint8Array([1, 2]), new Uint8Array([1, 2]))).to.equal(true);
    expect(sameValue(new Uint8Array([1, 2]), new Uint8Array([1, 3]))).to.equal(false);
    expect(sameValue(new Uint8Array([1]), new Uint8Array([1, 2]))).to.equal(false);
    expect(sameValue(new Uint8Array([1]), { 0: 1 })).to.equal(false);
    expect(sameValue({ 0: 1 }, new Uint8Array([1]))).to.equal(false);
  });
});
