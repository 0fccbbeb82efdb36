// The CLI's usage errors (unknown commands and options, with "did you mean" and the valid options
// listed), the `table sync` command line, and the "did you mean" distance itself.
import { expect } from 'chai';
import { COMMANDS_LINE, parseCommandLine } from '../../src/cli/args.js';
import type { CliIo } from '../../src/cli/io.js';
import { main } from '../../src/cli/main.js';
import { closest, editDistance } from '../../src/cli/suggest.js';
import { usageOf } from './fixtures/cli-usage.js';

const ID = '0b6c1f7e-3d2a-4c39-9d51-6f1b2a7c9e10';

function fakeIo() {
  const out = { text: '', write: (chunk: string) => void (out.text += chunk) };
  const err = { text: '', write: (chunk: string) => void (err.text += chunk) };
  const io: CliIo = { stdout: out, stderr: err, env: {}, listenForStop: () => ({ signal: new AbortController().signal, dispose: () => undefined }) };
  return { io, stdout: out, stderr: err };
}

describe('cli: table sync on the command line', function () {
  it('parses its target and flags', function () {
    expect(parseCommandLine(['table', 'sync', '--table', 'tm-prod', '--region', 'eu-west-1'], {})).to.deep.equal({
      kind: 'table-sync',
      target: { tableName: 'tm-prod', region: 'eu-west-1' },
      dryRun: false,
      stream: false,
    });
    expect(parseCommandLine(['table', 'sync', '--dry-run', '--stream'], { TASK_MANAGEMENT_TABLE: 'from-env', AWS_ENDPOINT_URL_DYNAMODB: 'http://localhost:8000' })).to.deep.equal({
      kind: 'table-sync',
      target: { tableName: 'from-env', endpoint: 'http://localhost:8000' },
      dryRun: true,
      stream: true,
    });
    expect(parseCommandLine(['table', 'sync', '--help'], {})).to.deep.equal({ kind: 'help', topic: 'table' });
  });

  it('refuses what it does not take, listing what it takes', function () {
    expect(usageOf(['table', 'sync'])).to.deep.equal({ message: '--table is required (or set TASK_MANAGEMENT_TABLE)', details: [] });
    expect(usageOf(['table', 'sync', '--table', 'abc', '--format', 'json'])).to.deep.equal({
      message: "--format is not an option of 'table sync'",
      details: ["options of 'table sync': --table <name>, --endpoint <url>, --region <region>, --dry-run, --stream, -h/--help"],
    });
    expect(usageOf(['table', 'create', '--table', 'abc', '--stream'])).to.deep.equal({
      message: "--stream is not an option of 'table create'",
      details: ["options of 'table create': --table <name>, --endpoint <url>, --region <region>, -h/--help"],
    });
    expect(usageOf(['table', 'sync', 'now', '--table', 'abc']).message).to.equal("unexpected argument 'now' after 'table sync'");
  });
});

describe('cli: unknown options', function () {
  it("names the option and the command, and lists the command's options instead of parseArgs' advice", function () {
    expect(usageOf(['table', 'create', '--nope'])).to.deep.equal({
      message: "Unknown option '--nope' for 'table create'",
      details: ["options of 'table create': --table <name>, --endpoint <url>, --region <region>, -h/--help"],
    });
    expect(usageOf(['--nope'])).to.deep.equal({ message: "Unknown option '--nope'", details: ['options without a command: -h/--help, -V/--version'] });
    expect(usageOf(['inspect', 'connection', ID, '-x']).message).to.equal("Unknown option '-x' for 'inspect connection'");
    expect(usageOf(['help', '--all']).details).to.deep.equal(["options of 'help': -h/--help"]);
    expect(usageOf(['table', 'definition', '--table=abc', '--nope=3']).message).to.equal("Unknown option '--nope' for 'table definition'");
  });

  it('suggests the option that was probably meant', function () {
    expect(usageOf(['table', 'sync', '--dryrun']).details).to.deep.equal([
      "did you mean '--dry-run'?",
      "options of 'table sync': --table <name>, --endpoint <url>, --region <region>, --dry-run, --stream, -h/--help",
    ]);
    expect(usageOf(['local', '--prot', '1']).details[0]).to.equal("did you mean '--port'?");
    expect(usageOf(['--verison']).details[0]).to.equal("did you mean '--version'?");
  });

  it('prints the message, the details and where to find the usage, with exit code 2', async function () {
    const { io, stdout, stderr } = fakeIo();
    expect(await main(['table', 'create', '--nope'], io)).to.equal(2);
    expect(stdout.text).to.equal('');
    expect(stderr.text).to.equal(
      "error: Unknown option '--nope' for 'table create'\n" +
        "  options of 'table create': --table <name>, --endpoint <url>, --region <region>, -h/--help\n" +
        "Run 'task-management-data-access --help' for usage.\n",
    );
    expect(stderr.text).to.not.include('"');
  });
});

describe('cli: an option given twice', function () {
  it('is a usage error naming it, not the last value silently', function () {
    expect(usageOf(['table', 'sync', '--table', 'aaa', '--table', 'bbb'])).to.deep.equal({ message: '--table is given more than once: give it once', details: [] });
    expect(usageOf(['table', 'create', '--table', 'aaa', '--endpoint', 'http://127.0.0.1:1', '--endpoint', 'http://127.0.0.1:2']).message).to.equal('--endpoint is given more than once: give it once');
    expect(usageOf(['table', 'sync', '--table=aaa', '--dry-run', '--table=bbb']).message).to.equal('--table is given more than once: give it once');
    expect(usageOf(['organization', 'remove', '-y', '--yes', '--organization', ID, '--table', 'aaa']).message).to.equal('--yes is given more than once: give it once');
    expect(usageOf(['migrate', 'run', '--table', 'aaa', '--dry-run', '--dry-run']).message).to.equal('--dry-run is given more than once: give it once');
  });

  it('exits with 2 before anything is read', async function () {
    const { io, stdout, stderr } = fakeIo();
    expect(await main(['table', 'create', '--table', 'aaa', '--table', 'bbb', '--endpoint', 'http://127.0.0.1:1'], io)).to.equal(2);
    expect(stdout.text).to.equal('');
    expect(stderr.text).to.equal("error: --table is given more than once: give it once\nRun 'task-management-data-access --help' for usage.\n");
  });
});

describe('cli: unknown commands', function () {
  it('says "did you mean" for a typo, and lists the commands', function () {
    expect(usageOf(['tabel', 'create'])).to.deep.equal({ message: "unknown command 'tabel'", details: ["did you mean 'table'?", COMMANDS_LINE] });
    expect(COMMANDS_LINE).to.equal('commands: table create, table sync, table definition, local, inspect connection, migrate status, migrate run, organization remove, help');
    expect(usageOf(['lcoal']).details[0]).to.equal("did you mean 'local'?");
    expect(usageOf(['INSPECT']).details[0]).to.equal("did you mean 'inspect'?");
    expect(usageOf(['frobnicate'])).to.deep.equal({ message: "unknown command 'frobnicate'", details: [COMMANDS_LINE] });
  });

  it('suggests subcommands and help topics too', function () {
    expect(usageOf(['table', 'snyc'])).to.deep.equal({ message: "unknown subcommand 'table snyc' (expected create, sync or definition)", details: ["did you mean 'table sync'?"] });
    expect(usageOf(['table', 'drop']).details).to.deep.equal([]);
    expect(usageOf(['inspect', 'connectoin', ID])).to.deep.equal({ message: "unknown subcommand 'inspect connectoin' (expected connection)", details: ["did you mean 'inspect connection'?"] });
    expect(usageOf(['help', 'tabel'])).to.deep.equal({ message: "no help for 'tabel': commands are table, local, inspect, migrate, organization", details: ["did you mean 'table'?"] });
    expect(usageOf(['inspekt', '--help']).details).to.deep.equal(["did you mean 'inspect'?"]);
  });

  it('prints them under the error, exit code 2', async function () {
    const { io, stderr } = fakeIo();
    expect(await main(['tabel', 'sync', '--table', 'abc'], io)).to.equal(2);
    expect(stderr.text).to.equal(`error: unknown command 'tabel'\n  did you mean 'table'?\n  ${COMMANDS_LINE}\nRun 'task-management-data-access --help' for usage.\n`);
  });
});

describe('cli: did you mean', function () {
  it('counts inserts, deletes, substitutions and swapped neighbours as one edit each', function () {
    expect(editDistance('table', 'table')).to.equal(0);
    expect(editDistance('', 'abc')).to.equal(3);
    expect(editDistance('abc', '')).to.equal(3);
    expect(editDistance('tabel', 'table')).to.equal(1);
    expect(editDistance('tble', 'table')).to.equal(1);
    expect(editDistance('tablee', 'table')).to.equal(1);
    expect(editDistance('cable', 'table')).to.equal(1);
    expect(editDistance('kitten', 'sitting')).to.equal(3);
  });

  it('suggests only close words, the closest first', function () {
    expect(closest('tabel', ['table', 'local'])).to.equal('table');
    expect(closest('tabel', ['table', 'cable']), 'the first of the closest').to.equal('table');
    expect(closest('sunc', ['sinc', 'sync'])).to.equal('sinc');
    expect(closest('xy', ['local', 'table'])).to.equal(undefined);
    expect(closest('sink', ['sync', 'sink2'])).to.equal('sink2');
    expect(closest('tbl', ['table'])).to.equal('table');
    expect(closest('ab', ['abcd'])).to.equal(undefined);
    expect(closest('anything', [])).to.equal(undefined);
  });
});
