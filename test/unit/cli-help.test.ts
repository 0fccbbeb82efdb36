// `help <command>` takes every command path the CLI takes — a first word (`help table`) or the
// whole command (`help table sync`, `help migrate run`) — and prints that command's usage, exit 0.
import { expect } from 'chai';
import { parseCommandLine } from '../../src/cli/args.js';
import { HELP_TOPICS, INSPECT_HELP, LOCAL_HELP, MAIN_HELP, MIGRATE_HELP, ORGANIZATION_HELP, TABLE_HELP } from '../../src/cli/help.js';
import { main } from '../../src/cli/main.js';
import { usageOf } from './fixtures/cli-usage.js';
import { fakeIo } from './migrations/fake-io.js';

/** Every command path of the CLI, with the help it gets. */
const PATHS: readonly (readonly [path: string, help: string])[] = [
  ['table create', TABLE_HELP],
  ['table sync', TABLE_HELP],
  ['table definition', TABLE_HELP],
  ['local', LOCAL_HELP],
  ['inspect connection', INSPECT_HELP],
  ['migrate status', MIGRATE_HELP],
  ['migrate run', MIGRATE_HELP],
  ['organization remove', ORGANIZATION_HELP],
  ['help', MAIN_HELP],
];

describe('cli: help <command>', function () {
  it('prints the usage of every command the CLI takes, by its whole path, exit code 0', async function () {
    for (const [path, help] of PATHS) {
      const { io, stdout, stderr } = fakeIo();
      expect(await main(['help', ...path.split(' ')], io), path).to.equal(0);
      expect(stdout.text, path).to.equal(`${help}\n`);
      expect(stderr.text, path).to.equal('');
    }
  });

  it('prints what `<command> --help` prints', async function () {
    for (const [path] of PATHS.filter(([name]) => name !== 'help')) {
      const [viaHelp, viaFlag] = [fakeIo(), fakeIo()];
      await main(['help', ...path.split(' ')], viaHelp.io);
      await main([...path.split(' '), '--help'], viaFlag.io);
      expect(viaHelp.stdout.text, path).to.equal(viaFlag.stdout.text);
    }
  });

  it('still takes a first word alone', function () {
    for (const topic of Object.keys(HELP_TOPICS)) expect(parseCommandLine(['help', topic], {})).to.deep.equal({ kind: 'help', topic });
  });

  it('refuses a path the CLI does not take, with "did you mean" and the commands', function () {
    expect(usageOf(['help', 'table', 'snyc'])).to.deep.equal({
      message: "no help for 'table snyc': commands are table create, table sync, table definition, local, inspect connection, migrate status, migrate run, organization remove, help",
      details: ["did you mean 'table sync'?"],
    });
    expect(usageOf(['help', 'tabel', 'sync']).message).to.match(/^no help for 'tabel': commands are table, local/);
    expect(usageOf(['help', 'local', 'now']).message).to.match(/^no help for 'local now'/);
    expect(usageOf(['help', 'migrate', 'run', 'now']).message).to.equal("unexpected argument 'now' after 'help migrate run'");
  });
});
