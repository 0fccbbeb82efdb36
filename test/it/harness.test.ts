// Proves the integration harness: DynamoDB Local answers, tables are created with unique names,
// scanAll follows pagination, deleteTable removes the table.
import { expect } from 'chai';
import {
  DescribeTableCommand,
  ListTablesCommand,
  type CreateTableCommandInput,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { createTableFrom, deleteTable, localEndpoint, newLocalClient, scanAll } from '../support/local-store.js';

const definition: CreateTableCommandInput = {
  TableName: 'harness',
  BillingMode: 'PAY_PER_REQUEST',
  AttributeDefinitions: [
    { AttributeName: 'pk', AttributeType: 'S' },
    { AttributeName: 'sk', AttributeType: 'S' },
  ],
  KeySchema: [
    { AttributeName: 'pk', KeyType: 'HASH' },
    { AttributeName: 'sk', KeyType: 'RANGE' },
  ],
};

const ITEM_COUNT = 30;
const PAYLOAD = 'x'.repeat(40 * 1024);

describe('integration harness', () => {
  let client: DynamoDBClient;

  before(() => {
    client = newLocalClient();
  });

  after(() => {
    client.destroy();
  });

  it('exposes the endpoint to child processes and answers ListTables', async () => {
    expect(process.env['DYNAMO_LOCAL_ENDPOINT']).to.equal(localEndpoint());
    const out = await client.send(new ListTablesCommand({}));
    expect(out.TableNames).to.be.an('array');
  });

  it('creates uniquely named tables, scans every page and deletes the table', async () => {
    const name = await createTableFrom(definition);
    const other = await createTableFrom(definition);
    expect(name).to.match(/^harness-\d+-[0-9a-f]{8}$/);
    expect(other).to.not.equal(name);
    await deleteTable(client, other);

    const described = await client.send(new DescribeTableCommand({ TableName: name }));
    expect(described.Table?.TableStatus).to.equal('ACTIVE');

    const doc = DynamoDBDocumentClient.from(client);
    const written = Array.from({ length: ITEM_COUNT }, (_, i) => ({
      pk: `p#${i % 3}`,
      sk: `s#${String(i).padStart(3, '0')}`,
      n: i,
      payload: PAYLOAD,
    }));
    for (const item of written) {
      await doc.send(new PutCommand({ TableName: name, Item: item }));
    }

    // 30 × 40 KB > 1 MB: a single Scan must stop early with a LastEvaluatedKey.
    const firstPage = await doc.send(new ScanCommand({ TableName: name }));
    expect(firstPage.LastEvaluatedKey, 'first scan page should be truncated').to.not.equal(undefined);
    expect(firstPage.Items?.length ?? 0).to.be.lessThan(ITEM_COUNT);

    const items = await scanAll(client, name);
    const byKey = (a: Record<string, unknown>, b: Record<string, unknown>): number =>
      `${String(a['pk'])}|${String(a['sk'])}`.localeCompare(`${String(b['pk'])}|${String(b['sk'])}`);
    expect(items.slice().sort(byKey)).to.deep.equal(written.slice().sort(byKey));

    await deleteTable(client, name);
    const tables = await client.send(new ListTablesCommand({}));
    expect(tables.TableNames ?? []).to.not.include(name);
    expect(tables.TableNames ?? []).to.not.include(other);
  });

  it('serves a loopback endpoint on a port chosen at run time', () => {
    expect(localEndpoint()).to.match(/^http:\/\/127\.0\.0\.1:\d+$/);
  });
});
