/** Input and stored-item generators shared by scenarios and child processes. */
import { randomUUID } from 'node:crypto';
import { ticketItem } from './baselines/raw-items.js';

type Item = Record<string, unknown>;

/** `n` Ticket items as a read returns them (keys, markers and attributes), each with its own strings. */
export function storedTicketItems(n: number): Item[] {
  const organizationId = randomUUID();
  const taskManagementConnectionId = randomUUID();
  const createdAt = new Date().toISOString();
  return Array.from({ length: n }, (_, i) =>
    ticketItem({
      organizationId,
      taskManagementConnectionId,
      opportunityId: randomUUID(),
      externalTicketId: `${10_000 + i}`,
      ticketKey: `ASO-${i}`,
      ticketUrl: `https://example.atlassian.net/browse/ASO-${i}`,
      ticketProvider: 'jira_cloud',
      createdBy: `user-${i % 50}@example.com`,
      createdAt,
    }),
  );
}

/** A body of `bytes` characters, so that a BenchNote item weighs about that much. */
export function bodyOf(bytes: number, seed: number): string {
  const unit = `note ${seed} lorem ipsum dolor sit amet, consectetur adipiscing elit. `;
  return unit.repeat(Math.ceil(bytes / unit.length)).slice(0, bytes);
}

/** BenchNote create inputs of one group. */
export function noteInputs(groupId: string, n: number, bodyBytes: number): { groupId: string; title: string; body: string; position: number }[] {
  return Array.from({ length: n }, (_, i) => ({ groupId, title: `note ${i}`, body: bodyOf(bodyBytes, i), position: i }));
}

/** A connection create input (Jira Cloud, with its metadata). */
export function connectionInput(organizationId = randomUUID()) {
  return {
    organizationId,
    provider: 'jira_cloud' as const,
    displayName: 'Bench Jira',
    instanceUrl: 'https://bench.atlassian.net',
    connectedBy: 'bench@example.com',
    externalInstanceId: randomUUID(),
    metadata: { cloudId: randomUUID() },
  };
}

/** Ticket create inputs for one connection. */
export function ticketInputs(connection: { organizationId: string; taskManagementConnectionId: string }, n: number, tag: string) {
  return Array.from({ length: n }, (_, i) => ({
    organizationId: connection.organizationId,
    taskManagementConnectionId: connection.taskManagementConnectionId,
    opportunityId: randomUUID(),
    externalTicketId: `${tag}-${i}`,
    ticketKey: `ASO-${i}`,
    ticketUrl: `https://bench.atlassian.net/browse/ASO-${i}`,
    ticketProvider: 'jira_cloud' as const,
    createdBy: 'bench@example.com',
  }));
}

/** The claim of the `i`-th idempotent request of an organization (a key of its own: every claim is `claimed`). */
export function claimInput(organizationId: string, i: number): { key: string; organizationId: string; endpoint: string; request: unknown } {
  return { key: `req-${i}`, organizationId, endpoint: 'POST /tickets', request: { summary: `ticket ${i}`, projectKey: 'ASO', labels: ['bench', 'idempotency'] } };
}

/** The response the `i`-th idempotent request completes with. */
export function claimResponse(i: number): { ticketId: string; ticketKey: string; ticketUrl: string } {
  return { ticketId: randomUUID(), ticketKey: `ASO-${i}`, ticketUrl: `https://bench.atlassian.net/browse/ASO-${i}` };
}
