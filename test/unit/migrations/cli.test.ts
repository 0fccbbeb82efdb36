// The CLI's migrate and organization commands without DynamoDB: the command line (options, "did
// you mean", migration ids, UUIDs), help topics, the text of statuses, results, conflicts and
// counts, what counts as a confirmation, the terminal prompt, and the refusal to remove without
// a terminal to confirm on (before any request).
import { PassThrough } from 'node:stream';
import process from 'node:process';
import { expect } from 'chai';
import sinon from 'sinon';
import { parseCommandLine } from '../../../src/cli/args.js';
import { renderConflicts, renderResults, renderStatus, summaryOf } from '../../../src/cli/commands/migrate.js';
import { confirms, renderCounts } from '../../../src/cli/commands/organization-remove.js';
import { HELP_TOPICS, MAIN_HELP, MIGRATE_HELP, ORGANIZATION_HELP } from '../../../src/cli/help.js';
import { processIo, promptOnTerminal } from '../../../src/cli/io.js';
import { main } from '../../../src/cli/main.js';
import type { MigrationRunResult, MigrationStatus } from '../../../src/index.js';
import { fakeIo } from './fake-io.js';
import { usageOf } from '../fixtures/cli-usage.js';

const ORG = '0B6C1F7E-3D2A-4C39-9D51-6F1B2A7C9E10';
const TARGET = ['--table', 'tm-prod', '--region', 'eu-west-1'];

describe('cli: migrate and organization on the command line', function () {
  it('parses migrate status and migrate run with their options', function () {
    const target = { tableName: 'tm-prod', region: 'eu-west-1' };
    expect(parseCommandLine(['migrate', 'status', ...TARGET], {})).to.deep.equal({ kind: 'migrate-status', target });
    expect(parseCommandLine(['migrate', 'run', ...TARGET], {})).to.deep.equal({ kind: 'migrate-run', target, dryRun: false });
    expect(parseCommandLine(['migrate', 'run', '--dry-run', '--only', '2026-12-connection-check-defaults, 2026-12-link-connection-id,2026-12-link-connection-id', ...TARGET], {})).to.deep.equal({
      kind: 'migrate-run',
      target,
      dryRun: true,
      only: ['2026-12-connection-check-defaults', '2026-12-link-connection-id'],
    });
  });

  it('parses organization remove, the organization id in its stored (lower-case) form', function () {
    const target = { tableName: 'tm-prod', region: 'eu-west-1' };
    expect(parseCommandLine(['organization', 'remove', '--organization', ORG, ...TARGET], {})).to.deep.equal({ kind: 'organization-remove', target, organizationId: ORG.toLowerCase(), dryRun: false, yes: false });
    expect(parseCommandLine(['organization', 'remove', '--organization', ORG, '-y', '--dry-run', ...TARGET], {})).to.deep.include({ dryRun: true, yes: true });
  });

  it('refuses what the commands do not take, with what they take and a "did you mean"', function () {
    expect(usageOf(['migrate'])).to.deep.equal({ message: "'migrate' needs a subcommand: status or run", details: [] });
    expect(usageOf(['migrate', 'rnu', ...TARGET])).to.deep.equal({ message: "unknown subcommand 'migrate rnu' (expected status or run)", details: ["did you mean 'migrate run'?"] });
    expect(usageOf(['migrate', 'status', '--dry-run', ...TARGET])).to.deep.equal({ message: "--dry-run is not an option of 'migrate status'", details: ["options of 'migrate status': --table <name>, --endpoint <url>, --region <region>, -h/--help"] });
    expect(usageOf(['migrate', 'run', '--yes', ...TARGET]).details).to.deep.equal(["options of 'migrate run': --table <name>, --endpoint <url>, --region <region>, --dry-run, --only <id,…>, -h/--help"]);
    expect(usageOf(['migrate', 'run', '--onyl', 'x', ...TARGET])).to.deep.include({ message: "Unknown option '--onyl' for 'migrate run'" });
    expect(usageOf(['migrate', 'run', '--onyl', 'x', ...TARGET]).details[0]).to.equal("did you mean '--only'?");
    expect(usageOf(['migrate', 'run', 'now', ...TARGET]).message).to.equal("unexpected argument 'now' after 'migrate run'");
    expect(usageOf(['migrate', 'run'])).to.deep.equal({ message: '--table is required (or set TASK_MANAGEMENT_TABLE)', details: [] });
    expect(usageOf(['organization'])).to.deep.equal({ message: "'organization' needs a subcommand: remove", details: [] });
    expect(usageOf(['organization', 'remvoe'])).to.deep.equal({ message: "unknown subcommand 'organization remvoe' (expected remove)", details: ["did you mean 'organization remove'?"] });
    expect(usageOf(['organization', 'remove', ...TARGET])).to.deep.equal({ message: "'organization remove' needs --organization <uuid>", details: [] });
    expect(usageOf(['organization', 'remove', '--organization', 'acme', ...TARGET]).message).to.equal("organization id 'acme' is not a UUID");
    expect(usageOf(['organization', 'remove', '--organization', ORG, '--only', 'x', ...TARGET]).message).to.equal("--only is not an option of 'organization remove'");
    expect(usageOf(['organizaton', 'remove']).details[0]).to.equal("did you mean 'organization'?");
  });

  it('checks --only against the migrations the library ships', function () {
    const ids = 'migrations: 2026-12-link-connection-id, 2026-12-active-provider-guard, 2026-12-ticket-status-sync-index, 2026-12-connection-check-defaults';
    expect(usageOf(['migrate', 'run', '--only', '2026-12-link-conection-id', ...TARGET])).to.deep.equal({ message: "unknown migration '2026-12-link-conection-id'", details: ["did you mean '2026-12-link-connection-id'?", ids] });
    expect(usageOf(['migrate', 'run', '--only', ' , ', ...TARGET])).to.deep.equal({ message: '--only needs at least one migration id', details: [ids] });
  });

  it('has help for both, reachable from the commands', function () {
    expect(HELP_TOPICS.migrate).to.equal(MIGRATE_HELP);
    expect(HELP_TOPICS.organization).to.equal(ORGANIZATION_HELP);
    expect(parseCommandLine(['migrate', 'run', '--help'], {})).to.deep.equal({ kind: 'help', topic: 'migrate' });
    expect(parseCommandLine(['help', 'organization'], {})).to.deep.equal({ kind: 'help', topic: 'organization' });
    expect(MAIN_HELP).to.include('migrate status').and.include('migrate run').and.include('organization remove');
    expect(MIGRATE_HELP).to.include('--only <id,…>').and.include('--dry-run');
    expect(ORGANIZATION_HELP).to.include('--organization <uuid>').and.include('-y, --yes');
  });
});

describe('cli: migrate output', function () {
  const status = (overrides: Partial<MigrationStatus>): MigrationStatus => ({ id: '2026-12-a', description: 'does a', state: 'pending', scanned: 0, changed: 0, failed: 0, ...overrides });
  const result = (overrides: Partial<MigrationRunResult>): MigrationRunResult => ({ id: '2026-12-a', scanned: 10, changed: 4, failed: 0, outcome: 'done', ...overrides });

  it('renders the ledgers, with the lease of a running one', function () {
    expect(renderStatus([status({}), status({ id: '2026-12-b', state: 'running', leaseExpiresAt: '2026-12-01T12:00:00.000Z', scanned: 5 })]).split('\n')).to.deep.equal([
      'MIGRATION  STATE                                           SCANNED  CHANGED  FAILED  DESCRIPTION',
      '─────────  ──────────────────────────────────────────────  ───────  ───────  ──────  ───────────',
      '2026-12-a  pending                                         0        0        0       does a',
      '2026-12-b  running (lease until 2026-12-01T12:00:00.000Z)  5        0        0       does a',
    ]);
  });

  it('renders what a run did, and the conflicts with what to do', function () {
    const outcomes = renderResults(['done', 'incomplete', 'already-done', 'busy', 'not-run', 'dry-run'].map((outcome) => result({ outcome: outcome as MigrationRunResult['outcome'] })));
    expect(outcomes.split('\n').slice(2).map((line) => line.split(/\s{2,}/)[1])).to.deep.equal(['done', 'incomplete', 'already done', 'busy (another process)', 'not run', 'dry run']);
    expect(renderConflicts([])).to.equal('');
    expect(renderConflicts([{ organizationId: 'o1', provider: 'github', connectionIds: ['c1', 'c2'] }])).to.equal(
      'Conflicts (1): organizations with more than one active connection of a provider; no active-provider guard was claimed for them\n' +
        '  organization o1, github: c1, c2\n' +
        '  → keep one connection active (markDisabled the others), then run `migrate run` again\n',
    );
  });

  it('sums a run up in one line', function () {
    expect(summaryOf('t', [result({ outcome: 'dry-run', changed: 3 }), result({ outcome: 'already-done', changed: 0 })], true)).to.equal('t: dry run, nothing was changed (3 item(s) would change)');
    expect(summaryOf('t', [result({}), result({ id: '2026-12-b', outcome: 'busy', leaseExpiresAt: 'L' })], false)).to.equal('t: 2026-12-b is being run by another process (lease until L); run again later to see it done');
    expect(summaryOf('t', [result({ outcome: 'busy' })], false)).to.equal('t: 2026-12-a is being run by another process; run again later to see it done');
    expect(summaryOf('t', [result({ outcome: 'incomplete' }), result({ id: '2026-12-b' })], false)).to.equal('t: 1 migration(s) left pending: 2026-12-a (see above)');
    expect(summaryOf('t', [result({}), result({ outcome: 'already-done' })], false)).to.equal('t: every migration is done');
  });
});

describe('cli: organization remove without DynamoDB', function () {
  it('renders counts and takes y or yes (any case) as a confirmation, nothing else', function () {
    expect(renderCounts({ Ticket: 3, OAuthNonce: 0 })).to.equal('ENTITY      ITEMS\n──────────  ─────\nTicket      3\nOAuthNonce  0');
    for (const yes of ['y', 'Y', 'yes', ' YES ']) expect(confirms(yes), yes).to.equal(true);
    for (const no of ['', 'n', 'no', 'yes please', 'ok']) expect(confirms(no), no).to.equal(false);
  });

  it('refuses to remove without a terminal to confirm on, before any request (exit code 2)', async function () {
    const { io, stdout, stderr } = fakeIo();
    // Nothing listens there: a request would fail with exit code 1, not 2.
    expect(await main(['organization', 'remove', '--organization', ORG, '--table', 'tm-unit', '--endpoint', 'http://127.0.0.1:9'], io)).to.equal(2);
    expect(stderr.text).to.match(/^error: 'organization remove' asks for confirmation on a terminal, and the input is not one: add --yes/);
    expect(stdout.text).to.equal('');
  });
});

describe('cli: the terminal prompt', function () {
  let restore: (() => void) | undefined;
  afterEach(function () {
    restore?.();
    restore = undefined;
    sinon.restore();
  });

  function fakeStdin(isTTY: boolean): PassThrough {
    const stdin = Object.assign(new PassThrough(), { isTTY });
    const descriptor = Object.getOwnPropertyDescriptor(process, 'stdin') as PropertyDescriptor;
    Object.defineProperty(process, 'stdin', { value: stdin, configurable: true });
    restore = () => Object.defineProperty(process, 'stdin', descriptor);
    return stdin;
  }

  it('asks on stderr and resolves the line typed', async function () {
    const stdin = fakeStdin(true);
    const written = sinon.stub(process.stderr, 'write').returns(true);
    const answer = promptOnTerminal('Remove? ');
    stdin.write('yes\n');
    expect(await answer).to.equal('yes');
    expect(written.getCalls().map((call) => String(call.args[0])).join('')).to.include('Remove? ');
  });

  it('is offered by the real io only when stdin is a terminal', function () {
    fakeStdin(true);
    expect(processIo().prompt).to.equal(promptOnTerminal);
    restore?.();
    fakeStdin(false);
    expect(processIo().prompt).to.equal(undefined);
  });
});
