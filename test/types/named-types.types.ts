/**
 * Pins the named types of every entity (checked by `npm run typecheck`: each `@ts-expect-error`
 * must meet the error it expects). `<Entity>Attributes` must equal, attribute by attribute, what
 * the model's getters return (both ways: `Equal` is mutual assignability of exact types), and a
 * record written out in full must fit it; `Create<Entity>Input` must be what `create` takes.
 */
import type {
  CreateOAuthNonceInput,
  CreateOAuthTokenStateInput,
  CreateSyncOperationInput,
  CreateTaskManagementConnectionInput,
  CreateTicketInput,
  CreateTicketSuggestionInput,
  DataAccess,
  Stage,
  SyncStage,
  TicketInput,
  OAuthNonce,
  OAuthNonceAttributes,
  OAuthTokenState,
  OAuthTokenStateAttributes,
  SyncOperation,
  SyncOperationAttributes,
  TaskManagementConnection,
  TaskManagementConnectionAttributes,
  Ticket,
  TicketAttributes,
  TicketSuggestion,
  TicketSuggestionAttributes,
} from '../../src/index.js';

/** True when X and Y are the same type (not merely assignable one way). */
type Equal<X, Y> = (<T>() => T extends X ? 1 : 2) extends <T>() => T extends Y ? 1 : 2 ? true : false;
type Expect<T extends true> = T;

/** `true` when every attribute of `A` has a getter on `M` returning exactly its type; `false` (in the union) otherwise. */
type MatchesGetters<A, M> = {
  [K in keyof A & string]-?: `get${Capitalize<K>}` extends keyof M
    ? M[`get${Capitalize<K>}`] extends () => infer R
      ? Equal<A[K], R>
      : false
    : false;
}[keyof A & string];

export type AttributesMatchGetters = [
  Expect<Equal<MatchesGetters<TicketAttributes, Ticket>, true>>,
  Expect<Equal<MatchesGetters<TicketSuggestionAttributes, TicketSuggestion>, true>>,
  Expect<Equal<MatchesGetters<TaskManagementConnectionAttributes, TaskManagementConnection>, true>>,
  Expect<Equal<MatchesGetters<OAuthNonceAttributes, OAuthNonce>, true>>,
  // The resume cursor and the lease are read as `string | null` (API.md), the rest as stored.
  Expect<Equal<MatchesGetters<Omit<SyncOperationAttributes, 'resumeCursor' | 'leaseExpiresAt'>, SyncOperation>, true>>,
  Expect<Equal<ReturnType<SyncOperation['getResumeCursor']>, string | null>>,
  Expect<Equal<ReturnType<SyncOperation['getLeaseExpiresAt']>, string | null>>,
  Expect<Equal<MatchesGetters<OAuthTokenStateAttributes, OAuthTokenState>, true>>,
];

/** The check itself fails for a type that does not match (so the pins above mean something). */
export type CheckFailsOnMismatch = Expect<Equal<MatchesGetters<{ ticketId: number }, Ticket>, false>>;

declare const da: DataAccess;
declare const ticket: Ticket;
const ID = '0f1e2d3c-4b5a-4697-8877-665544332211';
const AT = '2026-01-01T00:00:00.000Z';
/** The timestamps every stored record has. */
const stamps = { createdAt: AT, updatedAt: AT };

export const ticketRecord: TicketAttributes = {
  ticketId: ID,
  ...stamps,
  organizationId: ID,
  taskManagementConnectionId: ID,
  externalTicketId: '10001',
  ticketKey: 'ASO-1',
  ticketUrl: 'https://acme.atlassian.net/browse/ASO-1',
  ticketProvider: 'jira_cloud',
  ticketStatus: null,
  createdBy: 'u',
};
// A record read through the getters is a TicketAttributes, and a TicketAttributes feeds what the getters return.
export const ticketFromGetters: Pick<TicketAttributes, 'ticketId' | 'ticketStatus' | 'summary'> = {
  ticketId: ticket.getTicketId(),
  ticketStatus: ticket.getTicketStatus(),
  summary: ticket.getSummary(),
};
export const statusBack: ReturnType<Ticket['getTicketStatus']> = ticketRecord.ticketStatus;

// @ts-expect-error a required attribute (ticketKey) is missing
export const ticketMissingKey: TicketAttributes = { ...ticketRecord, ticketKey: undefined };
// @ts-expect-error ticketProvider is the provider union
export const ticketBadProvider: TicketAttributes = { ...ticketRecord, ticketProvider: 'gitlab' };
// @ts-expect-error an attribute Ticket does not have
export const ticketExtra: TicketAttributes = { ...ticketRecord, priority: 'high' };

export const ticketInput: CreateTicketInput = {
  organizationId: ID,
  taskManagementConnectionId: ID,
  externalTicketId: '10001',
  ticketKey: 'ASO-1',
  ticketUrl: 'https://acme.atlassian.net/browse/ASO-1',
  ticketProvider: 'github',
  createdBy: 'u',
};
// @ts-expect-error statusSyncedAt is kept by the library: not an input
export const ticketInputInternal: CreateTicketInput = { ...ticketInput, statusSyncedAt: AT };
// @ts-expect-error createdBy is required
export const ticketInputMissing: CreateTicketInput = { ...ticketInput, createdBy: undefined };
export type TicketInputIsWhatCreateTakes = Expect<Equal<Parameters<DataAccess['Ticket']['create']>[0], CreateTicketInput>>;
// The names API.md's signatures use: createWithSuggestions(ticket: TicketInput, …), reportProgress(p: { …; stage: Stage }).
export type TicketInputIsWhatCreateWithSuggestionsTakes = Expect<Equal<Parameters<DataAccess['Ticket']['createWithSuggestions']>[0], TicketInput>>;
export type StageIsWhatReportProgressTakes = Expect<Equal<Parameters<SyncOperation['reportProgress']>[0]['stage'], Stage>>;
export type StageIsSyncStage = Expect<Equal<Stage, SyncStage>>;
// @ts-expect-error a stage API.md does not list
export const notAStage: Stage = 'downloading';

export const linkRecord: TicketSuggestionAttributes = {
  ticketSuggestionId: ID,
  ...stamps,
  ticketId: ID,
  suggestionId: ID,
  opportunityId: ID,
  createdBy: 'u',
  taskManagementConnectionId: ID,
};
export const linkInput: CreateTicketSuggestionInput = { ticketId: ID, suggestionId: ID, opportunityId: ID, createdBy: 'u' };
// @ts-expect-error the link's connection is copied from its ticket by the library
export const linkInputInternal: CreateTicketSuggestionInput = { ...linkInput, taskManagementConnectionId: ID };
// @ts-expect-error suggestionId is a string (a UUID)
export const linkInputBad: CreateTicketSuggestionInput = { ...linkInput, suggestionId: 42 };
export type LinkInputIsWhatCreateTakes = Expect<Equal<Parameters<DataAccess['TicketSuggestion']['create']>[0], CreateTicketSuggestionInput>>;

export const connectionRecord: TaskManagementConnectionAttributes = {
  taskManagementConnectionId: ID,
  ...stamps,
  organizationId: ID,
  provider: 'github',
  status: 'active',
  displayName: 'acme/checkout',
  instanceUrl: 'https://github.com/acme/checkout',
  connectedBy: 'u',
  connectedAt: AT,
  externalInstanceId: 'acme/checkout',
  metadata: { owner: 'acme', repo: 'checkout' },
  consecutiveFailures: 0,
  syncWatermarks: {},
};
// @ts-expect-error a status that is not a ConnectionStatus
export const connectionBadStatus: TaskManagementConnectionAttributes = { ...connectionRecord, status: 'paused' };
export const connectionInput: CreateTaskManagementConnectionInput = {
  organizationId: ID,
  provider: 'jira_cloud',
  displayName: 'Acme',
  instanceUrl: 'https://acme.atlassian.net',
  connectedBy: 'u',
  externalInstanceId: ID,
  metadata: { cloudId: ID },
};
// @ts-expect-error status moves only through lifecycle methods: not an input
export const connectionInputStatus: CreateTaskManagementConnectionInput = { ...connectionInput, status: 'active' };
export const connectionCreated: Promise<TaskManagementConnection> = da.TaskManagementConnection.create(connectionInput);

export const nonceRecord: OAuthNonceAttributes = { oAuthNonceId: 'digest', ...stamps, organizationId: ID, provider: 'github', createdBy: 'u', expiresAt: AT };
export const nonceInput: CreateOAuthNonceInput = { oAuthNonceId: 'digest', organizationId: ID, provider: 'jira_data_center', createdBy: 'u' };
// @ts-expect-error expiresAt is computed from ttlSeconds by the library
export const nonceInputInternal: CreateOAuthNonceInput = { ...nonceInput, expiresAt: AT };
// @ts-expect-error codeVerifier is a string
export const nonceInputBad: CreateOAuthNonceInput = { ...nonceInput, codeVerifier: true };

export const syncRecord: SyncOperationAttributes = {
  syncOperationId: ID,
  ...stamps,
  taskManagementConnectionId: ID,
  organizationId: ID,
  triggeredBy: 'u',
  status: 'pending',
  syncType: 'full',
  includeClosed: false,
  leaseSeconds: 900,
};
// @ts-expect-error a sync status that does not exist
export const syncBadStatus: SyncOperationAttributes = { ...syncRecord, status: 'running' };
export const syncInput: CreateSyncOperationInput = { taskManagementConnectionId: ID, organizationId: ID, triggeredBy: 'u', syncType: 'incremental' };
// @ts-expect-error progress is reported through reportProgress, not given on create
export const syncInputInternal: CreateSyncOperationInput = { ...syncInput, progress: { current: 0, total: 1, processed: 0, stage: 'fetching' } };

export const tokenRecord: OAuthTokenStateAttributes = {
  oAuthTokenStateId: ID,
  ...stamps,
  taskManagementConnectionId: ID,
  keyId: 'k1',
  version: 1,
  scopes: ['read'],
  expiresAt: null,
};
// @ts-expect-error version is a number
export const tokenBadVersion: OAuthTokenStateAttributes = { ...tokenRecord, version: '1' };
export const tokenInput: CreateOAuthTokenStateInput = { taskManagementConnectionId: ID };
// @ts-expect-error ciphertext is written by put/rotate only
export const tokenInputCipher: CreateOAuthTokenStateInput = { ...tokenInput, accessToken: 'x' };
