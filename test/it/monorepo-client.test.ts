/**
 * A service in a monorepo often has a second copy of AWS SDK v3. Its clients are other classes
 * (`instanceof` fails) with other types, yet `createDataAccess({ client })` must take them: the
 * library recognises a client by its shape. The copy here is a devDependency alias of an older
 * 3.x (`aws-sdk-client-dynamodb-copy`, `aws-sdk-lib-dynamodb-copy`), installed beside the SDK the
 * library itself resolves; every entity operation below runs through it on DynamoDB Local.
 */
import { createRequire } from 'node:module';
import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoDBClient as CopyDynamoDBClient } from 'aws-sdk-client-dynamodb-copy';
import { DynamoDBDocumentClient as CopyDocumentClient } from 'aws-sdk-lib-dynamodb-copy';
import { ConflictError, createDataAccess, tableDefinition } from '../../src/index.js';
import type { DataAccess } from '../../src/index.js';
import { jiraCloudConnectionInput, rejectionOf, suggestionLinks, ticketInput } from '../support/entity-fixtures.js';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../support/dynamo-local.js';
import { createTableFrom, localEndpoint, newLocalClient, scanAll } from '../support/local-store.js';

const require = createRequire(import.meta.url);
const versionOf = (name: string) => (require(`${name}/package.json`) as { version: string }).version;

function copyClient(): CopyDynamoDBClient {
  return new CopyDynamoDBClient({ endpoint: localEndpoint(), region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
}

/** Creates, reads, queries, pages, refuses a duplicate and removes — every kind of request the library sends. */
async function exercise(da: DataAccess, tableName: string): Promise<void> {
  const connection = await da.TaskManagementConnection.create(jiraCloudConnectionInput());
  const { ticket, links } = await da.Ticket.createWithSuggestions(ticketInput(connection), suggestionLinks(3));
  expect(links).to.have.length(3);
  expect((await da.TaskManagementConnection.findById(connection.getId()))?.toJSON()).to.deep.equal(connection.toJSON());
  expect((await da.Ticket.allByTaskManagementConnectionId(connection.getId())).map((t) => t.getId())).to.deep.equal([ticket.getId()]);
  expect(await da.TicketSuggestion.allBySuggestionIds(links.map((link) => link.getSuggestionId()))).to.have.length(3);
  expect((await da.Ticket.page({ organizationId: connection.getOrganizationId() }, { limit: 1 })).items).to.have.length(1);
  const duplicate = await rejectionOf(da.TicketSuggestion.create({ ticketId: ticket.getId(), suggestionId: links[0]!.getSuggestionId(), opportunityId: randomUUID(), createdBy: 'u' }));
  expect(duplicate).to.be.instanceOf(ConflictError).and.have.property('constraint', 'suggestion');
  const updated = await ticket.recordStatusSync('Done');
  expect((await da.Ticket.findById(ticket.getId()))?.getTicketStatus()).to.equal(updated.getTicketStatus());
  const created = await da.Ticket.createMany([ticketInput(connection), ticketInput(connection)]);
  expect(created.failed).to.deep.equal([]);
  await connection.remove();
  const left = (await scanAll(newLocalClient(), tableName)).filter((item) => JSON.stringify(item).includes(connection.getId()));
  expect(left, 'the removed connection left items behind').to.deep.equal([]);
}

describe('a client from a second installed copy of the SDK (DynamoDB Local)', function () {
  this.timeout(60_000);

  it('is a second copy: another version, another path, another class', function () {
    expect(require.resolve('aws-sdk-client-dynamodb-copy')).to.not.equal(require.resolve('@aws-sdk/client-dynamodb'));
    expect(require.resolve('aws-sdk-lib-dynamodb-copy')).to.not.equal(require.resolve('@aws-sdk/lib-dynamodb'));
    expect(versionOf('aws-sdk-client-dynamodb-copy')).to.not.equal(versionOf('@aws-sdk/client-dynamodb'));
    const base = copyClient();
    expect(base).to.not.be.instanceOf(DynamoDBClient);
    expect(CopyDocumentClient.from(base)).to.not.be.instanceOf(DynamoDBDocumentClient);
    base.destroy();
  });

  it('a DynamoDBClient of the copy works for every operation', async function () {
    const tableName = await createTableFrom(tableDefinition('monorepo-client'));
    const client = copyClient();
    try {
      await exercise(createDataAccess({ tableName, client }), tableName);
    } finally {
      client.destroy();
    }
  });

  it('a DynamoDBDocumentClient of the copy works for every operation, made with default options', async function () {
    const tableName = await createTableFrom(tableDefinition('monorepo-doc-client'));
    const client = copyClient();
    try {
      const doc = CopyDocumentClient.from(client);
      await exercise(createDataAccess({ tableName, client: doc }), tableName);
    } finally {
      client.destroy();
    }
  });
});
