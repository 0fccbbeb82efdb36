/** Valid inputs for the library's entities, for integration tests. */
import { randomUUID } from 'node:crypto';
import type { DataAccess } from '../../src/index.js';
import { tableDefinition, createDataAccess } from '../../src/index.js';
import { createTableFrom, newLocalClient } from './local-store.js';

export async function freshDataAccess(name: string, options: { maxAttempts?: number } = {}): Promise<{ da: DataAccess; tableName: string; client: ReturnType<typeof newLocalClient> }> {
  const client = newLocalClient(options);
  const tableName = await createTableFrom(tableDefinition(name));
  return { da: createDataAccess({ tableName, client }), tableName, client };
}

export function jiraCloudConnectionInput(overrides: Record<string, unknown> = {}) {
  const cloudId = randomUUID();
  return {
    organizationId: randomUUID(),
    provider: 'jira_cloud' as const,
    displayName: 'Acme Jira',
    instanceUrl: 'https://acme.atlassian.net',
    connectedBy: 'user-1',
    externalInstanceId: cloudId,
    metadata: { cloudId, scopes: ['read:jira-work', 'write:jira-work'] },
    ...overrides,
  };
}

export function ticketInput(connection: { getId(): string; getOrganizationId(): string }, overrides: Record<string, unknown> = {}) {
  const externalTicketId = String(10000 + Math.floor(Math.random() * 1e9));
  return {
    organizationId: connection.getOrganizationId(),
    taskManagementConnectionId: connection.getId(),
    opportunityId: randomUUID(),
    externalTicketId,
    ticketKey: `ASO-${externalTicketId}`,
    ticketUrl: `https://acme.atlassian.net/browse/ASO-${externalTicketId}`,
    ticketProvider: 'jira_cloud' as const,
    summary: 'Fix the thing',
    createdBy: 'user-1',
    ...overrides,
  };
}
