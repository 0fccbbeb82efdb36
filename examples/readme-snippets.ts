/**
 * Every TypeScript snippet of README.md, so that `npm run typecheck` compiles them. Each
 * `#region readme:<name>` holds the snippet marked `<!-- snippet: <name> -->` in the README, word
 * for word (the README imports from 'task-management-data-access', this file from ../src);
 * test/unit/cli-docs.test.ts fails when the two differ. The snippets' free variables are the
 * parameters of the function around them. test/it/examples.test.ts runs the ones that need no AWS
 * account against DynamoDB Local.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  ConcurrentModificationError,
  ConflictError,
  createDataAccess,
  createTable,
  DataAccessError,
  InvalidTransitionError,
  NotFoundError,
  parseStreamRecord,
  planTableUpdate,
  syncTable,
  ValidationError,
} from '../src/index.js';
import type { DataAccess, OAuthTokens, StoredOAuthTokens, SyncOperation, TaskManagementConnection } from '../src/index.js';

/** README "Install and use" (needs AWS: type-checked only). */
export async function setup(): Promise<DataAccess> {
  // #region readme:setup
  const client = new DynamoDBClient({ region: 'eu-west-1' });
  // Once per environment (or `task-management-data-access table create`); a no-op when the table exists.
  await createTable(client, 'task-management', { ifNotExists: true });

  const da = createDataAccess({ tableName: 'task-management', client });
  // #endregion
  return da;
}

/** README "Evolving a live table" (needs AWS: type-checked only). */
export async function tableSync(client: DynamoDBClient): Promise<void> {
  // #region readme:table-sync
  // What does the live table lack? Sends DescribeTable and DescribeTimeToLive only.
  const plan = await planTableUpdate(client, 'task-management', { stream: true });
  console.log('to add:', plan.addIndexes, 'kept as they are:', plan.unknownIndexes);

  // Adds what is missing, one GSI at a time; a second run finds nothing to do.
  await syncTable(client, 'task-management', { stream: true, onProgress: (step) => console.log(step) });
  // #endregion
}

export interface TicketFlowInput {
  organizationId: string;
  opportunityId: string;
  suggestionIds: string[];
  userId: string;
}

/** README "Install and use": the ticket flow. */
export async function ticketFlow(da: DataAccess, { organizationId, opportunityId, suggestionIds, userId }: TicketFlowInput): Promise<void> {
  // #region readme:ticket-flow
  const connection = await da.TaskManagementConnection.findActiveByOrganizationAndProvider(organizationId, 'jira_cloud');
  if (!connection) throw new Error('connect Jira first');

  try {
    const { ticket, links } = await da.Ticket.createWithSuggestions(
      {
        organizationId,
        taskManagementConnectionId: connection.getId(),
        opportunityId,
        externalTicketId: '10042',
        ticketKey: 'ASO-42',
        ticketUrl: 'https://acme.atlassian.net/browse/ASO-42',
        ticketProvider: connection.getProvider(),
        summary: 'Speed up the checkout page',
        createdBy: userId,
      },
      suggestionIds.map((suggestionId) => ({ suggestionId, opportunityId })),
    );
    console.log(`${ticket.getTicketKey()} links ${links.length} suggestions`);
  } catch (error) {
    if (error instanceof ConflictError && error.constraint === 'suggestion') {
      console.log('already ticketed:', error.conflictingValues); // the suggestionIds that have a ticket
    } else {
      throw error;
    }
  }
  // #endregion
}

/** README "Install and use": the OAuth nonce. Returns the PKCE verifier handed back. */
export async function oauth(da: DataAccess, organizationId: string, userId: string, codeVerifier: string): Promise<string | undefined> {
  // #region readme:oauth
  const { nonce } = await da.OAuthNonce.issue({ organizationId, provider: 'jira_cloud', createdBy: userId, codeVerifier });
  // … redirect to the tracker with state=nonce; then, in the callback:
  const record = await da.OAuthNonce.consume(nonce);
  if (!record) throw new Error('unknown, replayed or expired state');
  const verifier = record.getCodeVerifier(); // PKCE; hidden from toJSON() and logs
  // #endregion
  return verifier;
}

/** README "Install and use": a sync operation. */
export async function sync(da: DataAccess, connectionId: string, organizationId: string, userId: string): Promise<SyncOperation> {
  // #region readme:sync
  const sync = await da.SyncOperation.start({ taskManagementConnectionId: connectionId, organizationId, triggeredBy: userId, syncType: 'incremental' });
  await sync.begin();
  await sync.reportProgress({ current: 50, total: 200, processed: 50, stage: 'fetching' });
  await sync.complete({ created: 2, updated: 180, skipped: 18, failed: 0 }); // also stamps connection.lastSyncAt
  // #endregion
  return sync;
}

/** README "Configuration" (builds clients, sends nothing). */
export function configuration(): { local: DataAccess; tuned: DataAccess } {
  // #region readme:configuration
  const local = createDataAccess({
    tableName: 'task-management',
    client: new DynamoDBClient({ endpoint: 'http://127.0.0.1:8000', region: 'local', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }),
  });

  const tuned = createDataAccess({
    tableName: 'task-management',
    region: 'eu-west-1',
    logger: { debug: () => undefined, info: console.info, warn: console.warn, error: console.error },
    retry: { maxAttempts: 5, baseDelayMs: 50, maxDelayMs: 1_000 },
    concurrency: 4,
  });
  // #endregion
  return { local, tuned };
}

// #region readme:errors
function toHttp(error: unknown): { status: number; body: object } {
  if (error instanceof ValidationError) return { status: 400, body: { code: error.code, issues: error.issues } };
  if (error instanceof NotFoundError) return { status: 404, body: { code: error.code, entity: error.entityName, id: error.id } };
  if (error instanceof ConflictError) return { status: 409, body: { code: error.code, constraint: error.constraint, conflicting: error.conflictingValues } };
  if (error instanceof ConcurrentModificationError) return { status: 409, body: { code: error.code, retry: true } };
  if (error instanceof InvalidTransitionError) return { status: 409, body: { code: error.code, from: error.from, to: error.to } };
  if (error instanceof DataAccessError && error.code === 'DATASTORE') return { status: 503, body: { code: error.code } };
  return { status: 500, body: { code: 'INTERNAL' } };
}
// #endregion
export { toHttp };

/** README "Errors": re-read and retry on ConcurrentModificationError. */
export async function optimisticRetry(da: DataAccess, connectionId: string): Promise<void> {
  // #region readme:optimistic-retry
  for (let attempt = 1; ; attempt += 1) {
    const connection = await da.TaskManagementConnection.findById(connectionId);
    if (!connection) break;
    try {
      await connection.setDisplayName('Acme Jira (EU)').save();
      break;
    } catch (error) {
      if (!(error instanceof ConcurrentModificationError) || attempt === 3) throw error;
    }
  }
  // #endregion
}

/** README "Entities and lifecycles": a connection to each provider (what `create` takes for each). */
export async function connectionCreate(da: DataAccess, organizationId: string, userId: string, cloudId: string): Promise<TaskManagementConnection[]> {
  // #region readme:connection-create
  const jiraCloud = await da.TaskManagementConnection.create({
    organizationId,
    provider: 'jira_cloud',
    displayName: 'Acme Jira',
    instanceUrl: 'https://acme.atlassian.net',
    connectedBy: userId, // your user who completed the OAuth flow
    externalInstanceId: cloudId, // the site's cloudId
    metadata: { cloudId, scopes: ['read:jira-work', 'write:jira-work'] },
  });
  const jiraDataCenter = await da.TaskManagementConnection.create({
    organizationId,
    provider: 'jira_data_center',
    displayName: 'Acme Jira (on premises)',
    instanceUrl: 'https://jira.acme.example/jira',
    connectedBy: userId,
    externalInstanceId: 'https://jira.acme.example/jira', // the normalised base URL
    metadata: { baseUrl: 'https://jira.acme.example/jira', projectCategory: 'Engineering' },
  });
  const gitHub = await da.TaskManagementConnection.create({
    organizationId,
    provider: 'github',
    displayName: 'acme/checkout',
    instanceUrl: 'https://github.com/acme/checkout',
    connectedBy: userId,
    externalInstanceId: 'acme/checkout', // owner/repo
    metadata: { owner: 'acme', repo: 'checkout', installationId: 4242 },
  });
  // #endregion
  return [jiraCloud, jiraDataCenter, gitHub];
}

/** README "OAuthTokenState": the keyring, the first tokens and reading them back. */
export async function tokenState(
  client: DynamoDBClient,
  key2026: Uint8Array,
  key2025: Uint8Array,
  connectionId: string,
  tokens: { accessToken: string; refreshToken: string; expiresAt: string },
): Promise<{ da: DataAccess; stored: StoredOAuthTokens | null }> {
  const { accessToken, refreshToken, expiresAt } = tokens;
  // #region readme:token-state
  const da = createDataAccess({
    tableName: 'task-management',
    client,
    // 32-byte keys from your secret store: the active key seals, every key listed can open.
    encryption: { keys: { '2026-01': key2026, '2025-01': key2025 }, activeKeyId: '2026-01' },
  });
  await da.OAuthTokenState.put(connectionId, { accessToken, refreshToken, expiresAt, scopes: ['read:jira-work'] }); // { version: 1 }
  const stored = await da.OAuthTokenState.get(connectionId); // { accessToken, refreshToken, expiresAt, scopes, version: 1 }
  // #endregion
  return { da, stored };
}

/** README "OAuthTokenState": a refresh that races other workers refreshing the same connection. */
export function tokenRefresh(da: DataAccess, refreshAtProvider: (refreshToken: string) => Promise<OAuthTokens>): (connectionId: string) => Promise<string> {
  // #region readme:token-refresh
  async function freshAccessToken(connectionId: string): Promise<string> {
    const current = await da.OAuthTokenState.get(connectionId);
    if (!current) throw new Error('not connected: run the OAuth flow');
    if (current.expiresAt !== null && Date.parse(current.expiresAt) > Date.now() + 60_000) return current.accessToken;
    const fresh = await refreshAtProvider(current.refreshToken); // your call to the tracker's token endpoint
    try {
      await da.OAuthTokenState.rotate(connectionId, current.version, fresh);
      return fresh.accessToken;
    } catch (error) {
      if (!(error instanceof ConcurrentModificationError)) throw error;
      // Another worker rotated first; its tokens are the valid ones (the provider may already
      // have revoked the refresh token this worker used).
      const winner = await da.OAuthTokenState.get(connectionId);
      if (!winner) throw error;
      return winner.accessToken;
    }
  }
  // #endregion
  return freshAccessToken;
}

/** What the idempotency snippet's endpoint answers. */
export interface Reply {
  status: number;
  body: unknown;
}

/** README "Idempotent API requests": an API endpoint answering a retried request from its key. */
export async function idempotency(
  da: DataAccess,
  { header, organizationId, body }: { header: string; organizationId: string; body: { summary: string } },
  jira: { createIssue(body: unknown): Promise<{ id: string; key: string }> },
  ticketOf: (issue: { id: string; key: string }) => Parameters<DataAccess['Ticket']['createWithSuggestions']>[0],
  linksOf: (body: unknown) => { suggestionId: string; opportunityId: string }[],
): Promise<Reply> {
  const reply = (status: number, replyBody: unknown): Reply => ({ status, body: replyBody });
  // #region readme:idempotency
  const found = await da.IdempotencyKey.claim({ key: header, organizationId, endpoint: 'POST /tickets', request: body });
  if (found.state === 'completed') return reply(200, found.response);                  // answered from the key
  if (found.state === 'in_progress') return reply(409, { retryAfterMs: found.retryAfterMs }); // another attempt runs
  const issue = await jira.createIssue(body);
  const { ticket, links } = await da.Ticket.createWithSuggestions(ticketOf(issue), linksOf(body), { idempotency: found.claim });
  return reply(201, { ticket: ticket.toJSON(), links: links.map((link) => link.toJSON()) });
  // #endregion
}

/**
 * The part of OpenTelemetry's `Meter` (`metrics.getMeter(…)` of '@opentelemetry/api') the README
 * snippet uses, declared here so that the examples need no OpenTelemetry package; a real Meter fits it.
 */
export interface MeterLike {
  createCounter(name: string, options?: { unit?: string; description?: string }): { add(value: number, attributes?: Record<string, string>): void };
  createHistogram(name: string, options?: { unit?: string; description?: string }): { record(value: number, attributes?: Record<string, string>): void };
}

/** README "Observing it": OpenTelemetry metrics from the operation events. */
export function observeWithOpenTelemetry(client: DynamoDBClient, meter: MeterLike): DataAccess {
  // #region readme:observe-opentelemetry
  // meter: metrics.getMeter('task-management-data-access') from '@opentelemetry/api'
  const duration = meter.createHistogram('tmda.operation.duration', { unit: 'ms' });
  const requests = meter.createCounter('tmda.dynamodb.requests');
  const retries = meter.createCounter('tmda.dynamodb.retries');
  const capacity = meter.createCounter('tmda.dynamodb.consumed_capacity', { unit: '{capacity_unit}' });

  const da = createDataAccess({
    tableName: 'task-management',
    client,
    onEvent: (event) => {
      const attributes = { operation: event.operation, outcome: event.outcome, ...(event.errorCode ? { 'error.code': event.errorCode } : {}) };
      duration.record(event.durationMs, attributes);
      requests.add(event.requests, attributes);
      retries.add(event.retries, attributes);
      capacity.add(event.consumedCapacity.read, { ...attributes, kind: 'read' });
      capacity.add(event.consumedCapacity.write, { ...attributes, kind: 'write' });
    },
  });
  // #endregion
  return da;
}

/** README "Observing it": CloudWatch metrics through the Embedded Metric Format (one stdout line per operation). */
export function observeWithCloudWatch(client: DynamoDBClient): DataAccess {
  // #region readme:observe-cloudwatch
  const da = createDataAccess({
    tableName: 'task-management',
    client,
    // In Lambda (or with the CloudWatch agent) each such line becomes metrics: no SDK call, no dependency.
    onEvent: (event) => {
      const metrics = ['durationMs', 'requests', 'retries', 'readCapacity', 'writeCapacity'];
      console.log(
        JSON.stringify({
          _aws: {
            Timestamp: Date.now(),
            CloudWatchMetrics: [
              {
                Namespace: 'TaskManagementDataAccess',
                Dimensions: [['operation'], ['operation', 'outcome']],
                Metrics: metrics.map((name) => ({ Name: name, Unit: name === 'durationMs' ? 'Milliseconds' : 'Count' })),
              },
            ],
          },
          operation: event.operation,
          outcome: event.outcome,
          errorCode: event.errorCode,
          durationMs: event.durationMs,
          requests: event.requests,
          retries: event.retries,
          readCapacity: event.consumedCapacity.read,
          writeCapacity: event.consumedCapacity.write,
        }),
      );
    },
  });
  // #endregion
  return da;
}

/** README "Change feed": a Lambda handler of the table's stream (run on a recorded history by test/unit/change-feed/readme-snippet.test.ts). */
export async function changeFeed(event: { Records: readonly unknown[] }, notify: (message: string) => Promise<void>): Promise<void> {
  // #region readme:change-feed
  for (const record of event.Records) {
    // null for the library's own items: unique guards, fences, migration ledgers, idempotency keys.
    const change = parseStreamRecord(record);
    if (change === null) continue;
    for (const domainEvent of change.domain) {
      if (domainEvent.type === 'ticket.status_changed' && domainEvent.to !== null) {
        await notify(`ticket ${domainEvent.ticketId}: ${String(domainEvent.from)} → ${domainEvent.to}`);
      } else if (domainEvent.type === 'sync.failed' || domainEvent.type === 'sync.abandoned') {
        await notify(`sync ${domainEvent.syncOperationId} of ${domainEvent.taskManagementConnectionId}: ${domainEvent.type}`);
      }
    }
    // `entity` narrows `before` / `after` to that entity's attributes (hidden ones and ciphertext left out).
    if (change.entity === 'TaskManagementConnection' && change.kind === 'updated' && change.changed.includes('status')) {
      await notify(`connection ${change.id} is ${String(change.after?.status)}`);
    }
  }
  // #endregion
}

