// The readers of a caller's objects and arrays (src/schema/unreadable.ts): each field or element
// read once into a copy of ours, a value whose reading throws marked UNREAD — never the caller's
// own error, never a second read.
import { expect } from 'chai';
import { arrayItems, issuesAt, readAll, readFields, UNREAD, UNREADABLE } from '../../../src/schema/index.js';

const SECRET = 'secret-value-3d0c';
const revoked = (target: object = {}): object => {
  const { proxy, revoke } = Proxy.revocable(target, {});
  revoke();
  return proxy;
};
const throwing = <T extends object>(target: T, name: string): T =>
  Object.defineProperty(target, name, { enumerable: true, configurable: true, get() { throw new Error(SECRET); } });
/** Counts the reads of `name` on `target`. */
function counted<T extends object>(target: T, name: string, value: unknown): { target: T; reads: () => number } {
  let reads = 0;
  Object.defineProperty(target, name, { enumerable: true, get: () => ((reads += 1), value) });
  return { target, reads: () => reads };
}

describe('unreadable.ts readers', function () {
  it('readFields: each field once, UNREAD for one that throws, the other keys unread', function () {
    const { target, reads } = counted(throwing({ extra: 1 }, 'b'), 'a', 'x');
    const read = readFields(target, ['a', 'b', 'c']);
    if (read === null || read === UNREAD) throw new Error('expected fields');
    expect({ ...read.values }).to.deep.equal({ a: 'x', b: UNREAD, c: undefined });
    expect(read.others).to.deep.equal(['extra']);
    expect(reads()).to.equal(1);
    expect(Object.getPrototypeOf(read.values)).to.equal(null);
  });

  it('readFields: null for no plain object (any object but an array without plainOnly), UNREAD for a revoked Proxy or UNREAD', function () {
    class Link {
      suggestionId = 's';
    }
    for (const junk of [null, undefined, 1, 'x', [], new Date()]) expect(readFields(junk, ['a']), String(junk)).to.equal(null);
    expect(readFields(new Link(), ['suggestionId'])).to.equal(null);
    const lenient = readFields(new Link(), ['suggestionId'], { plainOnly: false });
    expect(lenient !== null && lenient !== UNREAD && lenient.values.suggestionId).to.equal('s');
    expect(readFields([], ['a'], { plainOnly: false })).to.equal(null);
    expect(readFields(revoked(), ['a'])).to.equal(UNREAD);
    expect(readFields(revoked(), ['a'], { plainOnly: false })).to.equal(UNREAD);
    expect(readFields(new Proxy({}, { ownKeys() { throw new Error(SECRET); } }), ['a'])).to.equal(UNREAD);
    expect(readFields(UNREAD, ['a'])).to.equal(UNREAD);
  });

  it('readAll: a null-prototype copy; an own __proto__ key stays a key', function () {
    const input = JSON.parse('{"__proto__": {"polluted": true}, "a": 1}') as object;
    const copy = readAll(throwing(input, 'b'));
    if (copy === null || copy === UNREAD) throw new Error('expected a copy');
    expect(Object.getPrototypeOf(copy)).to.equal(null);
    expect(Object.keys(copy)).to.deep.equal(['__proto__', 'a', 'b']);
    expect(copy.b).to.equal(UNREAD);
    expect(readAll(revoked())).to.equal(UNREAD);
    expect(readAll([1])).to.equal(null);
  });

  it('arrayItems: a copy keeping holes, UNREAD for an element that throws, UNREAD for a revoked array', function () {
    // eslint-disable-next-line no-sparse-arrays -- a hole on purpose
    const items = arrayItems(throwing([1, , 3], '2'));
    if (items === null || items === UNREAD) throw new Error('expected items');
    expect(items).to.have.length(3);
    expect(items[0]).to.equal(1);
    expect(Object.hasOwn(items, 1)).to.equal(false);
    expect(items[2]).to.equal(UNREAD);
    expect(arrayItems(revoked([]))).to.equal(UNREAD);
    expect(arrayItems(new Proxy([], { get() { throw new Error(SECRET); } }))).to.equal(UNREAD);
    expect(arrayItems({ length: 1, 0: 'a' })).to.equal(null);
    expect(arrayItems(UNREAD)).to.equal(UNREAD);
  });

  it('issuesAt: could not be read for UNREAD, else the check', function () {
    const check = (value: unknown) => (value === 1 ? undefined : 'must be 1');
    expect(issuesAt('a.b', UNREAD, check)).to.deep.equal([{ path: 'a.b', message: UNREADABLE }]);
    expect(issuesAt('a.b', 2, check)).to.deep.equal([{ path: 'a.b', message: 'must be 1' }]);
    expect(issuesAt('a.b', 1, check)).to.deep.equal([]);
  });
});
