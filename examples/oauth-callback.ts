/**
 * Example: the auth service's OAuth flow with a tracker (Jira Cloud, Jira Data Center, GitHub).
 *
 * 1. `beginOAuth` — before redirecting the user to the tracker: issue a single-use nonce and put
 *    it in the authorize URL's `state` parameter (the PKCE code verifier is stored with it).
 * 2. `handleOAuthCallback` — when the tracker redirects back: consume the nonce (once, atomically),
 *    exchange the code (your HTTP call, passed in), then create the connection, or reconnect the
 *    existing connection to the same tracker instance.
 *
 * Run by test/it/examples.test.ts against DynamoDB Local.
 */
import type { ConnectionMetadata, DataAccess, Provider, TaskManagementConnection } from '../src/index.js';
import { ConflictError, validateMetadata } from '../src/index.js';

export interface BeginOAuthInput {
  organizationId: string;
  provider: Provider;
  userId: string;
  redirectUri: string;
  /** PKCE code verifier (43–128 characters of [A-Za-z0-9._~-]). */
  codeVerifier: string;
}

/** Step 1: a single-use `state` for the authorize URL, valid for 10 minutes. */
export async function beginOAuth(da: DataAccess, input: BeginOAuthInput): Promise<{ state: string; expiresAt: string }> {
  const { nonce, expiresAt } = await da.OAuthNonce.issue({
    organizationId: input.organizationId,
    provider: input.provider,
    createdBy: input.userId,
    codeVerifier: input.codeVerifier,
    redirectUri: input.redirectUri,
    ttlSeconds: 600,
  });
  return { state: nonce, expiresAt };
}

/** What the tracker tells about the instance the user authorised (from your token exchange). */
export interface TrackerInstance {
  /** Jira cloudId, normalised Data Center base URL, or GitHub `owner/repo`. */
  externalInstanceId: string;
  displayName: string;
  instanceUrl: string;
  metadata: ConnectionMetadata;
}

/** Your call to the tracker: trades the code (and PKCE verifier) for tokens and describes the instance. */
export type ExchangeCode = (request: { provider: Provider; code: string; codeVerifier?: string; redirectUri?: string }) => Promise<TrackerInstance>;

export type CallbackOutcome =
  | { outcome: 'invalid-state' }
  | { outcome: 'created' | 'reconnected' | 'already-active'; connection: TaskManagementConnection };

/** Step 2: the callback. An unknown, replayed or expired `state` gives 'invalid-state' and nothing else happens. */
export async function handleOAuthCallback(da: DataAccess, params: { state: string; code: string }, exchange: ExchangeCode): Promise<CallbackOutcome> {
  const nonce = await da.OAuthNonce.consume(params.state);
  if (!nonce) return { outcome: 'invalid-state' };
  const provider = nonce.getProvider();
  const codeVerifier = nonce.getCodeVerifier();
  const redirectUri = nonce.getRedirectUri();
  const instance = await exchange({
    provider,
    code: params.code,
    ...(codeVerifier === undefined ? {} : { codeVerifier }),
    ...(redirectUri === undefined ? {} : { redirectUri }),
  });
  // Throws ValidationError listing every problem: reject the callback before writing anything.
  validateMetadata(provider, instance.metadata);
  return connect(da, { organizationId: nonce.getOrganizationId(), provider, connectedBy: nonce.getCreatedBy(), instance });
}

async function connect(
  da: DataAccess,
  input: { organizationId: string; provider: Provider; connectedBy: string; instance: TrackerInstance },
  retried = false,
): Promise<CallbackOutcome> {
  const { organizationId, provider, connectedBy, instance } = input;
  const existing = await da.TaskManagementConnection.findByExternalInstance(organizationId, provider, instance.externalInstanceId);
  if (existing) {
    if (existing.isActive()) {
      await existing.touch();
      return { outcome: 'already-active', connection: existing };
    }
    // disabled, requires_reauth or error: the user re-authorised the same instance.
    existing.setDisplayName(instance.displayName).setInstanceUrl(instance.instanceUrl).setMetadata(instance.metadata);
    await existing.markActive();
    return { outcome: 'reconnected', connection: existing };
  }
  try {
    const connection = await da.TaskManagementConnection.create({
      organizationId,
      provider,
      connectedBy,
      externalInstanceId: instance.externalInstanceId,
      displayName: instance.displayName,
      instanceUrl: instance.instanceUrl,
      metadata: instance.metadata,
    });
    return { outcome: 'created', connection };
  } catch (error) {
    // Two callbacks for the same instance raced and the other one created it: use that one.
    if (error instanceof ConflictError && error.constraint === 'external-instance' && !retried) return connect(da, input, true);
    throw error;
  }
}
