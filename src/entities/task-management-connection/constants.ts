/** Provider and status values of connections (also used by tickets and nonces). */

export const PROVIDERS = Object.freeze({
  JIRA_CLOUD: 'jira_cloud',
  JIRA_DATA_CENTER: 'jira_data_center',
  GITHUB: 'github',
} as const);

export type Provider = (typeof PROVIDERS)[keyof typeof PROVIDERS];
export const PROVIDER_VALUES = Object.freeze(Object.values(PROVIDERS)) as readonly Provider[] as readonly [Provider, ...Provider[]];

export const CONNECTION_STATUSES = Object.freeze({
  ACTIVE: 'active',
  DISABLED: 'disabled',
  REQUIRES_REAUTH: 'requires_reauth',
  ERROR: 'error',
  DISCONNECTED: 'disconnected',
} as const);

export type ConnectionStatus = (typeof CONNECTION_STATUSES)[keyof typeof CONNECTION_STATUSES];
export const CONNECTION_STATUS_VALUES = Object.freeze(Object.values(CONNECTION_STATUSES)) as readonly ConnectionStatus[] as readonly [
  ConnectionStatus,
  ...ConnectionStatus[],
];

/** The connection lifecycle of API.md: disconnected is terminal. */
export const CONNECTION_TRANSITIONS: Readonly<Record<ConnectionStatus, readonly ConnectionStatus[]>> = Object.freeze({
  active: ['disabled', 'requires_reauth', 'error', 'disconnected'],
  disabled: ['active', 'disconnected'],
  requires_reauth: ['active', 'error', 'disconnected'],
  error: ['active', 'requires_reauth', 'disabled', 'disconnected'],
  disconnected: [],
});
