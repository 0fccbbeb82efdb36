// The README's "Observing it" snippets against DynamoDB Local: the OpenTelemetry one feeds a
// meter (a recording stand-in with the Meter's shape), the CloudWatch one prints one Embedded
// Metric Format line per operation whose metrics are all present.
import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import sinon from 'sinon';
import type { MeterLike } from '../../../examples/readme-snippets.js';
import { observeWithCloudWatch, observeWithOpenTelemetry } from '../../../examples/readme-snippets.js';
import { createTable } from '../../../src/index.js';
import { jiraCloudConnectionInput } from '../../support/entity-fixtures.js';
import { newLocalClient } from '../../support/local-store.js';

/** A Meter stand-in that records every value with its instrument's name and attributes. */
function recordingMeter() {
  const recorded: { name: string; value: number; attributes: Record<string, string> | undefined }[] = [];
  const instrument = (name: string) => ({
    add: (value: number, attributes?: Record<string, string>) => void recorded.push({ name, value, attributes }),
    record: (value: number, attributes?: Record<string, string>) => void recorded.push({ name, value, attributes }),
  });
  const meter: MeterLike = { createCounter: instrument, createHistogram: instrument };
  return { meter, recorded };
}

describe('README snippets: Observing it (DynamoDB Local)', function () {
  this.timeout(60_000);
  let client: ReturnType<typeof newLocalClient>;

  before(async function () {
    client = newLocalClient();
    // The snippets name the table 'task-management' (a no-op when another suite created it).
    await createTable(client, 'task-management', { ifNotExists: true });
  });

  after(function () {
    sinon.restore();
    client.destroy();
  });

  it('observe-opentelemetry: duration, requests, retries and both capacities per operation', async function () {
    const { meter, recorded } = recordingMeter();
    const da = observeWithOpenTelemetry(client, meter);
    const connection = await da.TaskManagementConnection.create(jiraCloudConnectionInput());
    await da.TaskManagementConnection.findById(randomUUID());
    await da.TaskManagementConnection.create(jiraCloudConnectionInput({ organizationId: connection.getOrganizationId(), externalInstanceId: connection.getExternalInstanceId() })).catch(() => undefined);
    const names = recorded.map((r) => r.name);
    expect(names.filter((name) => name === 'tmda.operation.duration')).to.have.length(3);
    expect(recorded.find((r) => r.name === 'tmda.dynamodb.requests')?.attributes).to.deep.equal({ operation: 'TaskManagementConnection.create', outcome: 'ok' });
    const writes = recorded.filter((r) => r.name === 'tmda.dynamodb.consumed_capacity' && r.attributes?.kind === 'write');
    expect(writes[0]?.value).to.be.greaterThan(0);
    expect(recorded.filter((r) => r.attributes?.['error.code'] === 'CONFLICT')).to.have.length(5);
  });

  it('observe-cloudwatch: one EMF line per operation, every declared metric present', async function () {
    const lines: string[] = [];
    sinon.stub(console, 'log').callsFake((line: unknown) => void lines.push(String(line)));
    try {
      const da = observeWithCloudWatch(client);
      const connection = await da.TaskManagementConnection.create(jiraCloudConnectionInput());
      await connection.touch();
    } finally {
      sinon.restore();
    }
    expect(lines).to.have.length(2);
    for (const line of lines) {
      const record = JSON.parse(line) as { _aws: { CloudWatchMetrics: { Metrics: { Name: string }[]; Dimensions: string[][] }[] } } & Record<string, unknown>;
      const [directive] = record._aws.CloudWatchMetrics;
      for (const { Name } of directive?.Metrics ?? []) expect(record[Name], Name).to.be.a('number');
      for (const dimension of (directive?.Dimensions ?? []).flat()) expect(record[dimension], dimension).to.be.a('string');
    }
    expect(lines.map((line) => (JSON.parse(line) as { operation: string }).operation)).to.deep.equal(['TaskManagementConnection.create', 'TaskManagementConnection.touch']);
  });
});
