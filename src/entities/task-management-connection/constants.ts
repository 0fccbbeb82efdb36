/** Provider and status values of connections (also used by tickets and nonces). */

/**
 * The trackers a connection can point at, by constant name: `PROVIDERS.JIRA_CLOUD` is
 * `'jira_cloud'`. Tickets and OAuth nonces name their provider with the same values.
 */
export const PROVIDERS = Object.freeze({
  JIRA_CLOUD: 'jira_cloud',
  JIRA_DATA_CENTER: 'jira_data_center',
  GITHUB: 'github',
} as const);

/** A provider as stored: `'jira_cloud'`, `'jira_data_center'` or `'github'`. */
export type Provider = (typeof PROVIDERS)[keyof typeof PROVIDERS];
/** Every {@link Provider}, as the non-empty tuple that `attr.enum` takes. */
export const PROVIDER_VALUES = Object.freeze(Object.values(PROVIDERS)) as readonly Provider[] as readonly [Provider, ...Provider[]];

/**
 * The statuses of a connection's lifecycle, by constant name (also `TaskManagementConnection.STATUSES`).
 * The allowed moves between them are {@link CONNECTION_TRANSITIONS}.
 */
export const CONNECTION_STATUSES = Object.freeze({
  ACTIVE: 'active',
  DISABLED: 'disabled',
  REQUIRES_REAUTH: 'requires_reauth',
  ERROR: 'error',
  DISCONNECTED: 'disconnected',
} as const);

/** A connection status as stored. Only an `'active'` connection accepts new tickets and syncs. */
export type ConnectionStatus = (typeof CONNECTION_STATUSES)[keyof typeof CONNECTION_STATUSES];
/** Every {@link ConnectionStatus}, as the non-empty tuple that `attr.enum` takes. */
export const CONNECTION_STATUS_VALUES = Object.freeze(Object.values(CONNECTION_STATUSES)) as readonly ConnectionStatus[] as readonly [
  ConnectionStatus,
  ...ConnectionStatus[],
];

/**
 * The connection lifecycle: for each status, the statuses it may move to. `disconnected` is
 * terminal; it frees the external-instance constraint, so the same tracker instance can then be
 * connected again as a new connection.
 */
export const CONNECTION_TRANSITIONS: Readonly<Record<ConnectionStatus, readonly ConnectionStatus[]>> = Object.freeze({
  active: ['disabled', 'requires_reauth', 'error', 'disconnected'],
  disabled: ['active', 'disconnected'],
  requires_reauth: ['active', 'error', 'disconnected'],
  error: ['active', 'requires_reauth', 'disabled', 'disconnected'],
  disconnected: [],
});
