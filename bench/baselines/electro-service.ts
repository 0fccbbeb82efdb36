/**
 * Baseline: the same entities written by hand directly on ElectroDB, as a careful engineer would
 * without this library — same table, same key layout (service `taskmanagement`, version 1,
 * `pk`/`sk` and the overloaded `gsiNpk`/`gsiNsk`, casing kept), ElectroDB's own validation
 * (required, enums, read-only, defaults), timestamps kept by ElectroDB.
 */
import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { Entity, Service } from 'electrodb';

const service = 'taskmanagement';
const PROVIDERS = ['jira_cloud', 'jira_data_center', 'github'] as const;
const CONNECTION_STATUSES = ['active', 'disabled', 'requires_reauth', 'error', 'disconnected'] as const;
const SYNC_STATUSES = ['pending', 'in_progress', 'completed', 'failed', 'cancelled'] as const;
const SYNC_TYPES = ['full', 'incremental'] as const;
const STAGES = ['fetching', 'matching', 'creating', 'updating'] as const;
const HTTPS_URL = /^https:\/\/[^\s/$.?#].[^\s]*$/;

const now = () => new Date().toISOString();
const newId = () => randomUUID();

/** createdAt / updatedAt / updatedBy, kept by ElectroDB. */
const timestamps = {
  createdAt: { type: 'string', required: true, readOnly: true, default: now },
  updatedAt: { type: 'string', required: true, default: now, watch: '*', set: () => now() },
  updatedBy: { type: 'string' },
} as const;

export const connectionModel = {
  model: { entity: 'taskmanagementconnection', version: '1', service },
  attributes: {
    taskManagementConnectionId: { type: 'string', required: true, readOnly: true, default: newId },
    ...timestamps,
    organizationId: { type: 'string', required: true, readOnly: true },
    provider: { type: PROVIDERS, required: true, readOnly: true },
    status: { type: CONNECTION_STATUSES, required: true, default: 'active' },
    displayName: { type: 'string', required: true },
    instanceUrl: { type: 'string', required: true, validate: HTTPS_URL },
    connectedBy: { type: 'string', required: true, readOnly: true },
    connectedAt: { type: 'string', required: true, default: now },
    externalInstanceId: { type: 'string', required: true, readOnly: true },
    lastUsedAt: { type: 'string' },
    lastSyncAt: { type: 'string' },
    errorMessage: { type: 'string' },
    metadata: { type: 'any', required: true },
  },
  indexes: {
    primary: { pk: { field: 'pk', composite: ['taskManagementConnectionId'], casing: 'none' }, sk: { field: 'sk', composite: [], casing: 'none' } },
    byOrganization: { index: 'gsi1', pk: { field: 'gsi1pk', composite: ['organizationId'], casing: 'none' }, sk: { field: 'gsi1sk', composite: ['provider', 'status'], casing: 'none' } },
  },
} as const;

export const ticketModel = {
  model: { entity: 'ticket', version: '1', service },
  attributes: {
    ticketId: { type: 'string', required: true, readOnly: true, default: newId },
    ...timestamps,
    organizationId: { type: 'string', required: true, readOnly: true },
    taskManagementConnectionId: { type: 'string', required: true, readOnly: true },
    opportunityId: { type: 'string', readOnly: true },
    externalTicketId: { type: 'string', required: true, readOnly: true },
    ticketKey: { type: 'string', required: true, readOnly: true },
    ticketUrl: { type: 'string', required: true, readOnly: true, validate: HTTPS_URL },
    ticketProvider: { type: PROVIDERS, required: true, readOnly: true },
    summary: { type: 'string', readOnly: true },
    ticketStatus: { type: 'string' },
    statusSyncedAt: { type: 'string' },
    createdBy: { type: 'string', required: true, readOnly: true },
  },
  indexes: {
    primary: { pk: { field: 'pk', composite: ['ticketId'], casing: 'none' }, sk: { field: 'sk', composite: [], casing: 'none' } },
    byOrganization: { index: 'gsi1', pk: { field: 'gsi1pk', composite: ['organizationId'], casing: 'none' }, sk: { field: 'gsi1sk', composite: ['createdAt'], casing: 'none' } },
    byTaskManagementConnectionId: { index: 'gsi2', pk: { field: 'gsi2pk', composite: ['taskManagementConnectionId'], casing: 'none' }, sk: { field: 'gsi2sk', composite: ['externalTicketId'], casing: 'none' } },
    byOpportunity: { index: 'gsi3', pk: { field: 'gsi3pk', composite: ['opportunityId'], casing: 'none' }, sk: { field: 'gsi3sk', composite: ['createdAt'], casing: 'none' } },
    byStatusSyncedAt: { index: 'gsi4', pk: { field: 'gsi4pk', composite: ['taskManagementConnectionId'], casing: 'none' }, sk: { field: 'gsi4sk', composite: ['statusSyncedAt'], casing: 'none' } },
  },
} as const;

export const ticketSuggestionModel = {
  model: { entity: 'ticketsuggestion', version: '1', service },
  attributes: {
    ticketSuggestionId: { type: 'string', required: true, readOnly: true, default: newId },
    ...timestamps,
    ticketId: { type: 'string', required: true, readOnly: true },
    suggestionId: { type: 'string', required: true, readOnly: true },
    opportunityId: { type: 'string', required: true, readOnly: true },
    createdBy: { type: 'string', required: true, readOnly: true },
  },
  indexes: {
    primary: { pk: { field: 'pk', composite: ['ticketSuggestionId'], casing: 'none' }, sk: { field: 'sk', composite: [], casing: 'none' } },
    byTicketId: { index: 'gsi2', pk: { field: 'gsi2pk', composite: ['ticketId'], casing: 'none' }, sk: { field: 'gsi2sk', composite: [], casing: 'none' } },
  },
} as const;

export const oauthNonceModel = {
  model: { entity: 'oauthnonce', version: '1', service },
  attributes: {
    oAuthNonceId: { type: 'string', required: true, readOnly: true, validate: /^[0-9a-f]{64}$/ },
    ...timestamps,
    organizationId: { type: 'string', required: true, readOnly: true },
    provider: { type: PROVIDERS, required: true, readOnly: true },
    createdBy: { type: 'string', required: true, readOnly: true },
    codeVerifier: { type: 'string', readOnly: true, hidden: true },
    redirectUri: { type: 'string', readOnly: true, validate: HTTPS_URL },
    expiresAt: { type: 'string' },
    ttl: { type: 'number' },
  },
  indexes: { primary: { pk: { field: 'pk', composite: ['oAuthNonceId'], casing: 'none' }, sk: { field: 'sk', composite: [], casing: 'none' } } },
} as const;

export const syncOperationModel = {
  model: { entity: 'syncoperation', version: '1', service },
  attributes: {
    syncOperationId: { type: 'string', required: true, readOnly: true, default: newId },
    ...timestamps,
    taskManagementConnectionId: { type: 'string', required: true, readOnly: true },
    organizationId: { type: 'string', required: true, readOnly: true },
    triggeredBy: { type: 'string', required: true, readOnly: true },
    status: { type: SYNC_STATUSES, required: true, default: 'pending' },
    syncType: { type: SYNC_TYPES, required: true, readOnly: true },
    includeClosed: { type: 'boolean', default: false, readOnly: true },
    progress: {
      type: 'map',
      properties: { current: { type: 'number' }, total: { type: 'number' }, processed: { type: 'number' }, stage: { type: STAGES } },
    },
    results: {
      type: 'map',
      properties: {
        created: { type: 'number' },
        updated: { type: 'number' },
        skipped: { type: 'number' },
        failed: { type: 'number' },
        errors: { type: 'list', items: { type: 'map', properties: { externalId: { type: 'string' }, message: { type: 'string' } } } },
        truncatedErrors: { type: 'boolean' },
      },
    },
    error: { type: 'string' },
    errorCode: { type: 'string' },
    startedAt: { type: 'string' },
    completedAt: { type: 'string' },
    ttl: { type: 'number' },
  },
  indexes: {
    primary: { pk: { field: 'pk', composite: ['syncOperationId'], casing: 'none' }, sk: { field: 'sk', composite: [], casing: 'none' } },
    byTaskManagementConnectionId: { index: 'gsi2', pk: { field: 'gsi2pk', composite: ['taskManagementConnectionId'], casing: 'none' }, sk: { field: 'gsi2sk', composite: ['createdAt'], casing: 'none' } },
  },
} as const;

export const oauthTokenStateModel = {
  model: { entity: 'oauthtokenstate', version: '1', service },
  attributes: {
    oAuthTokenStateId: { type: 'string', required: true, readOnly: true },
    ...timestamps,
    taskManagementConnectionId: { type: 'string', required: true, readOnly: true },
    accessToken: { type: 'string', hidden: true },
    refreshToken: { type: 'string', hidden: true },
    keyId: { type: 'string' },
    expiresAt: { type: 'string' },
    scopes: { type: 'list', items: { type: 'string' } },
    version: { type: 'number' },
  },
  indexes: {
    primary: { pk: { field: 'pk', composite: ['oAuthTokenStateId'], casing: 'none' }, sk: { field: 'sk', composite: [], casing: 'none' } },
    byTaskManagementConnectionId: { index: 'gsi2', pk: { field: 'gsi2pk', composite: ['taskManagementConnectionId'], casing: 'none' }, sk: { field: 'gsi2sk', composite: [], casing: 'none' } },
  },
} as const;

/** The bench-only BenchNote, by hand (its numeric sort key zero-padded like the library's). */
export const benchNoteModel = {
  model: { entity: 'benchnote', version: '1', service },
  attributes: {
    benchNoteId: { type: 'string', required: true, readOnly: true, default: newId },
    ...timestamps,
    groupId: { type: 'string', required: true, readOnly: true },
    title: { type: 'string', required: true },
    body: { type: 'string', required: true },
    position: { type: 'number', required: true, padding: { length: 16, char: '0' } },
  },
  indexes: {
    primary: { pk: { field: 'pk', composite: ['benchNoteId'], casing: 'none' }, sk: { field: 'sk', composite: [], casing: 'none' } },
    byGroup: { index: 'gsi1', pk: { field: 'gsi1pk', composite: ['groupId'], casing: 'none' }, sk: { field: 'gsi1sk', composite: ['position'], casing: 'none' } },
  },
} as const;

/** The six entities in one ElectroDB Service on `table`. */
export function createElectroService(table: string, client: DynamoDBDocumentClient) {
  return new Service(
    {
      connection: new Entity(connectionModel),
      ticket: new Entity(ticketModel),
      ticketSuggestion: new Entity(ticketSuggestionModel),
      oauthNonce: new Entity(oauthNonceModel),
      syncOperation: new Entity(syncOperationModel),
      oauthTokenState: new Entity(oauthTokenStateModel),
    },
    { table, client },
  );
}

export function createBenchNoteEntity(table: string, client: DynamoDBDocumentClient) {
  return new Entity(benchNoteModel, { table, client });
}

/** The client a service would build for itself: a DynamoDBClient and a DocumentClient over it. */
export function createDocumentClient(config: { region: string; endpoint?: string }): DynamoDBDocumentClient {
  const base = new DynamoDBClient({ region: config.region, ...(config.endpoint ? { endpoint: config.endpoint } : {}) });
  return DynamoDBDocumentClient.from(base, { marshallOptions: { removeUndefinedValues: true } });
}
