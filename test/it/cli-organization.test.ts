// `organization remove` against DynamoDB Local, in-process with a fake io: the counts first, a dry
// run, a confirmation typed on the (fake) terminal — declined, then given —, --yes, the refusal
// without a terminal, and an organization with nothing stored.
import { randomUUID } from 'node:crypto';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { expect } from 'chai';
import { main } from '../../src/cli/main.js';
import type { DataAccess } from '../../src/index.js';
import { createDataAccess, tableDefinition } from '../../src/index.js';
import { jiraCloudConnectionInput, suggestionLinks, tableSnapshot, ticketInput } from '../support/entity-fixtures.js';
import { createTableFrom, localEndpoint, newLocalClient, scanAll } from '../support/local-store.js';
import type { FakeIo } from '../unit/migrations/fake-io.js';
import { fakeIo } from '../unit/migrations/fake-io.js';

describe('cli on DynamoDB Local: organization remove', function () {
  this.timeout(120_000);
  let client: DynamoDBClient;
  let tableName: string;
  let da: DataAccess;

  before(async function () {
    client = newLocalClient();
    tableName = await createTableFrom(tableDefinition('cli-organization'));
    da = createDataAccess({ tableName, client });
  });
  after(function () {
    client.destroy();
  });

  /** An organization with a connection, 3 tickets with 2 links each and 2 nonces: 12 items (and guards). */
  async function organization(): Promise<string> {
    const connection = await da.TaskManagementConnection.create(jiraCloudConnectionInput());
    for (let i = 0; i < 3; i += 1) await da.Ticket.createWithSuggestions(ticketInput(connection), suggestionLinks(2));
    for (let i = 0; i < 2; i += 1) await da.OAuthNonce.issue({ organizationId: connection.getOrganizationId(), provider: 'jira_cloud', createdBy: 'u' });
    return connection.getOrganizationId();
  }

  const cli = async (fake: FakeIo, ...args: string[]) => main(['organization', 'remove', ...args, '--table', tableName, '--endpoint', localEndpoint()], fake.io);
  const itemsOf = async (organizationId: string) => (await scanAll(client, tableName)).filter((item) => JSON.stringify(item).includes(organizationId));

  it('prints the counts, asks, removes nothing when declined, and everything once confirmed', async function () {
    const neighbour = await organization();
    const organizationId = await organization();
    const before = await tableSnapshot(client, tableName);

    const dry = fakeIo();
    expect(await cli(dry, '--organization', organizationId.toUpperCase(), '--dry-run')).to.equal(0);
    expect(dry.stdout.text).to.include(`Organization ${organizationId} in table ${tableName} on ${localEndpoint()}`);
    expect(dry.stdout.text).to.match(/TaskManagementConnection\s+1\n/).and.match(/Ticket\s+3\n/).and.match(/TicketSuggestion\s+6\n/).and.match(/OAuthNonce\s+2\n/);
    expect(dry.stdout.text).to.include(`${tableName}: dry run, nothing was removed (to remove these 12 item(s), run without --dry-run)`);
    expect(await tableSnapshot(client, tableName)).to.deep.equal(before);

    const declined = fakeIo(['no']);
    expect(await cli(declined, '--organization', organizationId)).to.equal(1);
    expect(declined.questions).to.deep.equal([`Remove these 12 item(s) of organization ${organizationId} from ${tableName}? Type 'yes' to confirm: `]);
    expect(declined.stdout.text).to.include(`${tableName}: not confirmed, nothing was removed`);
    expect(await tableSnapshot(client, tableName)).to.deep.equal(before);

    const confirmed = fakeIo(['YES ']);
    expect(await cli(confirmed, '--organization', organizationId)).to.equal(0);
    expect(confirmed.stderr.text).to.match(/Removing \[░+\]\s+0% 0\/12/).and.match(/Removing \[█+\] 100% 12\/12/);
    expect(confirmed.stdout.text.trimEnd().split('\n').at(-1)).to.equal(`${tableName}: removed 12 item(s) of organization ${organizationId}`);
    expect(await itemsOf(organizationId)).to.deep.equal([]);
    expect(await itemsOf(neighbour)).to.not.deep.equal([]);

    // Nothing left: said so, nothing asked.
    const again = fakeIo(['yes']);
    expect(await cli(again, '--organization', organizationId)).to.equal(0);
    expect(again.questions).to.deep.equal([]);
    expect(again.stdout.text).to.include(`${tableName}: nothing is stored for organization ${organizationId}`);
  });

  it('removes without asking with --yes, also when the input is not a terminal', async function () {
    const organizationId = await organization();
    const piped = fakeIo();
    expect(await cli(piped, '--organization', organizationId, '--yes')).to.equal(0);
    expect(piped.stdout.text).to.include(`removed 12 item(s) of organization ${organizationId}`);
    expect(await itemsOf(organizationId)).to.deep.equal([]);
  });

  it('refuses with a usage error (exit code 2) when it cannot ask and --yes is missing: nothing is read or removed', async function () {
    const organizationId = await organization();
    const before = await tableSnapshot(client, tableName);
    const piped = fakeIo();
    expect(await cli(piped, '--organization', organizationId)).to.equal(2);
    expect(piped.stderr.text).to.equal(
      "error: 'organization remove' asks for confirmation on a terminal, and the input is not one: add --yes to remove without asking\nRun 'task-management-data-access --help' for usage.\n",
    );
    expect(piped.stdout.text).to.equal('');
    expect(await tableSnapshot(client, tableName)).to.deep.equal(before);
    // An organization nothing is stored for: the same counts, all zero.
    const unknown = fakeIo();
    expect(await cli(unknown, '--organization', randomUUID(), '--dry-run')).to.equal(0);
    expect(unknown.stdout.text).to.match(/nothing is stored for organization/);
  });
});
