// `migrate status` and `migrate run` against DynamoDB Local, in-process with a fake io: the
// ledgers before and after, a dry run that writes nothing, a run with its progress and conflicts,
// --only, a second run, and a missing table (exit code 1 with a hint).
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { expect } from 'chai';
import { main } from '../../src/cli/main.js';
import { createDataAccess, tableDefinition } from '../../src/index.js';
import { tableSnapshot } from '../support/entity-fixtures.js';
import { createTableFrom, localEndpoint, newLocalClient } from '../support/local-store.js';
import type { OldTable } from './migrations/support.js';
import { buildOldTable } from './migrations/support.js';
import { fakeIo } from '../unit/migrations/fake-io.js';

const IDS = ['2026-12-link-connection-id', '2026-12-active-provider-guard', '2026-12-ticket-status-sync-index', '2026-12-connection-check-defaults'];

describe('cli on DynamoDB Local: migrate', function () {
  this.timeout(120_000);
  let client: DynamoDBClient;
  let tableName: string;
  let old: OldTable;

  before(async function () {
    client = newLocalClient();
    tableName = await createTableFrom(tableDefinition('cli-migrate'));
    old = await buildOldTable(createDataAccess({ tableName, client }), client, tableName, { connections: 2, ticketsPerConnection: 3 });
  });
  after(function () {
    client.destroy();
  });

  const cli = async (...args: string[]) => {
    const fake = fakeIo();
    const code = await main([...args, '--table', tableName, '--endpoint', localEndpoint()], fake.io);
    return { code, stdout: fake.stdout.text, stderr: fake.stderr.text };
  };

  it('status lists the migrations as pending; a dry run counts and writes nothing', async function () {
    const status = await cli('migrate', 'status');
    expect(status.code, status.stderr).to.equal(0);
    const rows = status.stdout.split('\n');
    expect(rows[0]).to.equal(`Migrations of table ${tableName} on ${localEndpoint()}`);
    expect(rows[1]).to.match(/^MIGRATION\s+STATE\s+SCANNED\s+CHANGED\s+FAILED\s+DESCRIPTION$/);
    for (const [i, id] of IDS.entries()) expect(rows[3 + i]).to.match(new RegExp(`^${id}\\s+pending\\s+0\\s+0\\s+0\\s+\\S`));

    const before = await tableSnapshot(client, tableName);
    const dry = await cli('migrate', 'run', '--dry-run');
    expect(dry.code, dry.stderr).to.equal(0);
    expect(await tableSnapshot(client, tableName)).to.deep.equal(before);
    expect(dry.stderr).to.include(`Counting what the migrations would change in ${tableName}`);
    expect(dry.stdout).to.match(new RegExp(`${IDS[0]}\\s+dry run\\s+12\\s+12\\s+0`));
    expect(dry.stdout).to.include(`organization ${old.conflict.organizationId}, jira_cloud: ${old.conflict.connectionIds.join(', ')}`);
    expect(dry.stdout.trimEnd().split('\n').at(-1)).to.equal(`${tableName}: dry run, nothing was changed (${12 + 2 + 6 + 2} item(s) would change)`);
  });

  it('run migrates with a progress bar, prints the outcomes and the conflict; --only and a second run change nothing more', async function () {
    const only = await cli('migrate', 'run', '--only', IDS[2]!);
    expect(only.code, only.stderr).to.equal(0);
    expect(only.stdout).to.match(new RegExp(`${IDS[2]}\\s+done\\s+6\\s+6\\s+0`));
    expect(only.stdout).to.not.include(IDS[0]);

    const run = await cli('migrate', 'run');
    expect(run.code, run.stderr).to.equal(0);
    expect(run.stderr).to.include(`Running the migrations of ${tableName}`);
    expect(run.stderr).to.match(/Migrating \[[█░]+\]\s+0% 0\/4/);
    expect(run.stderr).to.match(/Migrating \[█+\] 100% 4\/4/);
    const lines = run.stdout.split('\n');
    expect(lines[1]).to.match(/^MIGRATION\s+OUTCOME\s+SCANNED\s+CHANGED\s+FAILED$/);
    expect(lines.slice(3, 7).map((line) => line.split(/\s{2,}/))).to.deep.equal([
      [IDS[0], 'done', '12', '12', '0'],
      [IDS[1], 'incomplete', '4', '2', '2'],
      [IDS[2], 'already done', '0', '0', '0'],
      [IDS[3], 'done', '4', '2', '0'],
    ]);
    expect(run.stdout).to.include('Conflicts (1): organizations with more than one active connection of a provider');
    expect(run.stdout).to.include('markDisabled the others');
    expect(lines.filter(Boolean).at(-1)).to.equal(`${tableName}: 1 migration(s) left pending: ${IDS[1]} (see above)`);

    const status = await cli('migrate', 'status');
    expect(status.stdout).to.match(new RegExp(`${IDS[0]}\\s+done\\s+12\\s+12\\s+0`));
    expect(status.stdout).to.match(new RegExp(`${IDS[1]}\\s+pending\\s+4\\s+2\\s+2`));
    expect(status.stdout).to.include(`organization ${old.conflict.organizationId}, jira_cloud`);

    // The organization decides: the second run claims the guard, and every migration is done.
    const da = createDataAccess({ tableName, client });
    await (await da.TaskManagementConnection.findById(old.conflict.connectionIds[1]!))!.markDisabled();
    const again = await cli('migrate', 'run');
    expect(again.code).to.equal(0);
    expect(again.stdout).to.match(new RegExp(`${IDS[1]}\\s+done\\s+4\\s+1\\s+0`));
    expect(again.stdout).to.not.include('Conflicts');
    expect(again.stdout.trimEnd().split('\n').at(-1)).to.equal(`${tableName}: every migration is done`);
  });

  it('exits with 1 and a hint when the table does not exist', async function () {
    const fake = fakeIo();
    const code = await main(['migrate', 'status', '--table', 'no-such-table', '--endpoint', localEndpoint()], fake.io);
    expect(code).to.equal(1);
    expect(fake.stderr.text).to.include('DATASTORE').and.include('hint: check --table and --region');
  });
});
