// The options checker every public function with options uses: undefined or a plain object, no
// unknown key (a misspelling is refused, not ignored), each known key of its kind.
import { expect } from 'chai';
import fc from 'fast-check';
import { booleanOption, functionOption, numberOption, optionIssues } from '../../../src/schema/option-checks.js';

const CHECKS = { dryRun: booleanOption, onProgress: functionOption, maxWaitSeconds: numberOption(1, 60) };

describe('optionIssues', function () {
  it('accepts undefined, an empty object, a null-prototype object and known keys of the right kind (undefined values too)', function () {
    expect(optionIssues(undefined, CHECKS)).to.deep.equal([]);
    expect(optionIssues({}, CHECKS)).to.deep.equal([]);
    expect(optionIssues(Object.create(null), CHECKS)).to.deep.equal([]);
    expect(optionIssues({ dryRun: true, onProgress: () => undefined, maxWaitSeconds: 60 }, CHECKS)).to.deep.equal([]);
    expect(optionIssues({ dryRun: undefined }, CHECKS)).to.deep.equal([]);
  });

  it('names each bad field under its path, and lists the known ones for an unknown key', function () {
    expect(optionIssues({ dryrun: true, onProgress: 'x', maxWaitSeconds: 0 }, CHECKS)).to.deep.equal([
      { path: 'options.dryrun', message: 'is not an option (known: dryRun, onProgress, maxWaitSeconds)' },
      { path: 'options.onProgress', message: 'must be a function' },
      { path: 'options.maxWaitSeconds', message: 'must be a number from 1 to 60' },
    ]);
    expect(optionIssues({ dryRun: 'yes' }, CHECKS, '')).to.deep.equal([{ path: 'dryRun', message: 'must be true or false' }]);
  });

  it('refuses every value that is not a plain object as one issue at the path', function () {
    for (const junk of [null, 0, 'x', [], [1], () => undefined, new Date(), new Map(), Symbol('s'), 1n]) {
      expect(optionIssues(junk, CHECKS)).to.deep.equal([{ path: 'options', message: 'expected { dryRun?, onProgress?, maxWaitSeconds? }' }]);
    }
  });

  it('options that cannot be read: one issue at their path, never the caller’s error, an unknown key not read', function () {
    const { proxy, revoke } = Proxy.revocable({}, {});
    revoke();
    expect(optionIssues(proxy, CHECKS)).to.deep.equal([{ path: 'options', message: 'could not be read' }]);
    const throwing = (name: string) => Object.defineProperty({}, name, { enumerable: true, get() { throw new Error('secret-value'); } });
    expect(optionIssues(throwing('dryRun'), CHECKS)).to.deep.equal([{ path: 'options.dryRun', message: 'could not be read' }]);
    expect(optionIssues(throwing('dryrun'), CHECKS)).to.deep.equal([{ path: 'options.dryrun', message: 'is not an option (known: dryRun, onProgress, maxWaitSeconds)' }]);
  });

  it('never throws, and a key is never both accepted and reported (property)', function () {
    fc.assert(
      fc.property(fc.anything(), (value) => {
        const issues = optionIssues(value, CHECKS);
        expect(issues.every((issue) => typeof issue.path === 'string' && typeof issue.message === 'string')).to.equal(true);
      }),
      { seed: 42, numRuns: 1000 },
    );
    expect(numberOption(1, 60)(Number.NaN)).to.equal('must be a number from 1 to 60');
    expect(numberOption(1, 60)(Infinity)).to.equal('must be a number from 1 to 60');
  });
});
