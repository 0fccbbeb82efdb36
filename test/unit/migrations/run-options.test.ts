// The options of migrations.run(): defaults, and a ValidationError naming every bad field before
// any request; plus the pass tally (counts, conflicts merged per organization and provider, capped).
import { expect } from 'chai';
import { ValidationError } from '../../../src/index.js';
import { MAX_CONFLICTS, PassTally } from '../../../src/migrations/pass-tally.js';
import { runSettingsOf } from '../../../src/migrations/run-options.js';

const IDS = ['2026-12-a', '2026-12-b'];

function issuesOf(options: unknown): string[] {
  try {
    runSettingsOf(options, IDS);
  } catch (error) {
    expect(error).to.be.instanceOf(ValidationError);
    return (error as ValidationError).issues.map((issue) => `${issue.path}: ${issue.message}`);
  }
  throw new Error('expected a ValidationError');
}

describe('migrations: run options', function () {
  it('defaults to every migration, for real, a 300 s lease and DynamoDB’s pages', function () {
    const onProgress = () => undefined;
    expect(runSettingsOf(undefined, IDS)).to.deep.equal({ only: undefined, dryRun: false, onProgress: undefined, pageSize: undefined, leaseMs: 300_000 });
    const settings = runSettingsOf({ only: ['2026-12-b'], dryRun: true, onProgress, pageSize: 25, leaseSeconds: 60 }, IDS);
    expect(settings).to.deep.equal({ only: new Set(['2026-12-b']), dryRun: true, onProgress, pageSize: 25, leaseMs: 60_000 });
  });

  it('names every bad field', function () {
    expect(issuesOf(null)).to.deep.equal(['options: expected { only?, dryRun?, onProgress?, pageSize?, leaseSeconds? }']);
    expect(issuesOf([])).to.have.length(1);
    // Not a plain object: a Date or a class instance has no options to read.
    expect(issuesOf(new Date())).to.deep.equal(['options: expected { only?, dryRun?, onProgress?, pageSize?, leaseSeconds? }']);
    expect(issuesOf({ only: ['2026-12-a', 'nope', 3], dryRun: 1, onProgress: 'log', pageSize: 10_001, leaseSeconds: 9, fast: true })).to.deep.equal([
      'fast: is not an option of migrations.run()',
      'only[1]: is not a migration id (see migrations.list())',
      'only[2]: is not a migration id (see migrations.list())',
      'dryRun: must be a boolean',
      'onProgress: must be a function',
      'pageSize: must be an integer from 1 to 10000',
      'leaseSeconds: must be an integer from 10 to 3600',
    ]);
    expect(issuesOf({ only: [] })).to.deep.equal(['only: must be a non-empty array of migration ids']);
    expect(issuesOf({ only: '2026-12-a' })).to.deep.equal(['only: must be a non-empty array of migration ids']);
    expect(issuesOf({ pageSize: 1.5 })).to.deep.equal(['pageSize: must be an integer from 1 to 10000']);
  });
});

describe('migrations: run options that cannot be read', function () {
  const boom = (): never => {
    throw new Error('getter threw: s3cr3t');
  };
  const throwingAt = (base: object, name: string) => Object.defineProperty({ ...base }, name, { enumerable: true, get: boom });

  it('names an option whose getter throws (could not be read), never the caller\'s error', function () {
    for (const name of ['only', 'dryRun', 'onProgress', 'pageSize', 'leaseSeconds']) {
      expect(issuesOf(throwingAt({}, name))).to.deep.equal([`${name}: could not be read`]);
    }
    expect(issuesOf(throwingAt({ dryRun: 'no' }, 'only'))).to.deep.equal(['only: could not be read', 'dryRun: must be a boolean']);
  });

  it('names options that are a Proxy or revoked, an `only` that is a Proxy, and an id of `only` that cannot be read', function () {
    const { proxy, revoke } = Proxy.revocable({}, {});
    revoke();
    expect(issuesOf(proxy)).to.deep.equal(['options: could not be read']);
    expect(issuesOf(new Proxy({}, { ownKeys: boom, getPrototypeOf: boom }))).to.deep.equal(['options: could not be read']);
    expect(issuesOf({ only: new Proxy(['2026-12-a'], { get: boom }) })).to.deep.equal(['only: could not be read']);
    expect(issuesOf({ only: Object.defineProperty(['2026-12-a', 'x'], 1, { get: boom }) })).to.deep.equal(['only[1]: could not be read']);
  });

  it('refuses a hole in `only`, and runs the ids it read (not the caller\'s array read again)', function () {
    // eslint-disable-next-line no-sparse-arrays -- the hole is the point
    expect(issuesOf({ only: ['2026-12-a', , '2026-12-b'] })).to.deep.equal(['only[1]: is missing (a hole in a sparse array)']);
    let reads = 0;
    const only = Object.defineProperty(['2026-12-a'], 0, { enumerable: true, get: () => (reads++ === 0 ? '2026-12-a' : 'not-an-id') });
    expect(runSettingsOf({ only }, IDS).only).to.deep.equal(new Set(['2026-12-a']));
    expect(reads).to.equal(1);
  });
});

describe('migrations: pass tally', function () {
  it('counts outcomes and merges the conflicts of one organization and provider', function () {
    const tally = new PassTally({ cursor: { pk: 'a', sk: 'b' }, scanned: 3, changed: 1, failed: 1, conflicts: [{ organizationId: 'o', provider: 'github', connectionIds: ['c2', 'c1'] }] });
    tally.add({ kind: 'changed' });
    tally.add({ kind: 'unchanged' });
    tally.add({ kind: 'failed' });
    tally.add({ kind: 'failed', conflict: { organizationId: 'o', provider: 'github', connectionIds: ['c3', 'c1'] } });
    tally.add({ kind: 'failed', conflict: { organizationId: 'o', provider: 'jira_cloud', connectionIds: ['c9', 'c8'] } });
    expect(tally.progress()).to.deep.equal({
      cursor: { pk: 'a', sk: 'b' },
      scanned: 3,
      changed: 2,
      failed: 4,
      conflicts: [
        { organizationId: 'o', provider: 'github', connectionIds: ['c1', 'c2', 'c3'] },
        { organizationId: 'o', provider: 'jira_cloud', connectionIds: ['c8', 'c9'] },
      ],
    });
    expect(new PassTally().progress()).to.deep.equal({ cursor: undefined, scanned: 0, changed: 0, failed: 0, conflicts: [] });
  });

  it(`keeps at most ${MAX_CONFLICTS} conflicts (the rest still count as failed), and still merges into kept ones`, function () {
    const tally = new PassTally();
    for (let i = 0; i < MAX_CONFLICTS + 5; i += 1) tally.add({ kind: 'failed', conflict: { organizationId: `o${i}`, provider: 'github', connectionIds: ['a', 'b'] } });
    tally.add({ kind: 'failed', conflict: { organizationId: 'o0', provider: 'github', connectionIds: ['c'] } });
    expect(tally.conflicts).to.have.length(MAX_CONFLICTS);
    expect(tally.failed).to.equal(MAX_CONFLICTS + 6);
    expect(tally.conflicts[0]?.connectionIds).to.deep.equal(['a', 'b', 'c']);
  });
});
