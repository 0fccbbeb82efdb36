/**
 * The library's DataAccess on a stubbed DocumentClient (see ../fixtures/stub-sdk.ts), for unit
 * tests of the migrations: stored items are derived with the entities' own key builder, and the
 * stub answers per command like DynamoDB would.
 */
import { createDataAccess } from '../../../src/index.js';
import type { DataAccess } from '../../../src/index.js';
import { BINDING } from '../../../src/model/binding.js';
import type { MigrationCollections } from '../../../src/migrations/migration.js';
import type { StoreContext } from '../../../src/store/context.js';
import { FAST_RETRY, quietLogger, raw, sdkError, stubbedClient, TABLE } from '../fixtures/stub-sdk.js';
import type { Sent, StubbedClient } from '../fixtures/stub-sdk.js';

export type Item = Record<string, unknown>;

export const ORG = '0f1e2d3c-4b5a-4697-8877-665544332211';
export const CONNECTION_ID = '1a1b1c1d-2e2f-4a3b-8c4d-5e5f6a6b7c7d';
export const OTHER_CONNECTION_ID = '2a1b1c1d-2e2f-4a3b-8c4d-5e5f6a6b7c7d';
export const TICKET_ID = '3a1b1c1d-2e2f-4a3b-8c4d-5e5f6a6b7c7d';
export const LINK_ID = '4a1b1c1d-2e2f-4a3b-8c4d-5e5f6a6b7c7d';
export const T0 = '2026-01-01T00:00:00.000Z';

export interface StubbedAccess extends StubbedClient {
  readonly da: DataAccess;
  readonly collections: MigrationCollections;
}

export function stubbedAccess(options: { concurrency?: number } = {}): StubbedAccess {
  const client = stubbedClient();
  const da = createDataAccess({ tableName: TABLE, client: client.doc, retry: FAST_RETRY, logger: quietLogger(), ...options });
  return { ...client, da, collections: { TaskManagementConnection: da.TaskManagementConnection, Ticket: da.Ticket, TicketSuggestion: da.TicketSuggestion } };
}

/** The store context of the stubbed DataAccess (what the runner writes ledgers with). */
export function contextOf(access: StubbedAccess): StoreContext {
  return access.da.TaskManagementConnection[BINDING].context;
}

/** The item the library stores for `record` of `entity` (keys from its own key builder). */
export function stored(da: DataAccess, entity: keyof MigrationCollections, record: Item): Item {
  return da[entity][BINDING].adapter.putItem(record);
}

export function connectionItem(da: DataAccess, overrides: Item = {}): Item {
  return stored(da, 'TaskManagementConnection', {
    taskManagementConnectionId: CONNECTION_ID,
    organizationId: ORG,
    provider: 'jira_cloud',
    status: 'active',
    displayName: 'Acme',
    instanceUrl: 'https://acme.atlassian.net',
    connectedBy: 'u',
    connectedAt: T0,
    externalInstanceId: 'cloud-1',
    metadata: { cloudId: ORG },
    consecutiveFailures: 0,
    syncWatermarks: {},
    createdAt: T0,
    updatedAt: T0,
    ...overrides,
  });
}

export function ticketItem(da: DataAccess, overrides: Item = {}): Item {
  return stored(da, 'Ticket', {
    ticketId: TICKET_ID,
    organizationId: ORG,
    taskManagementConnectionId: CONNECTION_ID,
    externalTicketId: '10001',
    ticketKey: 'ASO-1',
    ticketUrl: 'https://acme.atlassian.net/browse/ASO-1',
    ticketProvider: 'jira_cloud',
    ticketStatus: null,
    createdBy: 'u',
    createdAt: T0,
    updatedAt: T0,
    ...overrides,
  });
}

export function linkItem(da: DataAccess, overrides: Item = {}): Item {
  return stored(da, 'TicketSuggestion', {
    ticketSuggestionId: LINK_ID,
    ticketId: TICKET_ID,
    suggestionId: ORG,
    opportunityId: ORG,
    createdBy: 'u',
    taskManagementConnectionId: CONNECTION_ID,
    createdAt: T0,
    updatedAt: T0,
    ...overrides,
  });
}

/** `item` without `names`: what an earlier version stored. */
export function without(item: Item, ...names: string[]): Item {
  const copy = { ...item };
  for (const name of names) delete copy[name];
  return copy;
}

/** What the stub answers for one command: an output, or an error it rejects with. */
export type Answer = Item | Error;
export type Handlers = Partial<Record<string, (input: Item, call: number) => Answer>>;

/** Makes `send` answer per command class name (`UpdateCommand`, …); anything else resolves `{}`. */
export function answer(access: StubbedClient, handlers: Handlers): void {
  const calls = new Map<string, number>();
  access.send.callsFake((command) => {
    const name = command.constructor.name;
    const call = calls.get(name) ?? 0;
    calls.set(name, call + 1);
    const result = handlers[name]?.(command.input as Item, call) ?? {};
    return result instanceof Error ? Promise.reject(result) : Promise.resolve(result);
  });
}

/** DynamoDB's refusal of a conditional write, with the item as it stood. */
export function conditionFailed(item: Item | undefined): Error {
  return sdkError('ConditionalCheckFailedException', item ? { Item: raw(item) } : {});
}

/** Attribute names an UpdateExpression SETs and REMOVEs. */
export function updatedNames(input: Sent['input']): { set: string[]; remove: string[] } {
  const expression = String(input.UpdateExpression);
  const names = input.ExpressionAttributeNames as Record<string, string>;
  const part = (keyword: string) => {
    const match = new RegExp(`${keyword} (.*?)(?= SET | REMOVE | ADD |$)`).exec(expression);
    return match ? (match[1] ?? '').split(',').map((clause) => names[clause.trim().split(' ')[0] ?? ''] ?? '') : [];
  };
  return { set: part('SET'), remove: part('REMOVE') };
}
