/**
 * Tenant offboarding: everything the library stores for one organization goes — its connections
 * with their whole trees (tickets, links, syncs, token state; through the fenced cascade), then
 * any ticket of the organization left without its connection, its OAuth nonces and its idempotency
 * keys. Every item is found through an index keyed by the organization or the connection, never a
 * scan. Batched, bounded in concurrency, and re-runnable: an interrupted call leaves what is left
 * (connections fenced), and the next call finishes.
 */
import { ValidationError } from '../errors/index.js';
import type { EntityCollection, EntityModel, RemovalCounts } from '../model/index.js';
import { removeModels } from '../model/index.js';
import { checkUuid } from '../schema/index.js';
import { booleanOption, functionOption, readOptions } from '../schema/option-checks.js';
import { callSafely } from '../store/caller-callback.js';

const REMOVE_OPTIONS = { dryRun: booleanOption, onProgress: functionOption };

/** The collections offboarding goes through (those of one DataAccess). */
export interface OrganizationCollections {
  readonly TaskManagementConnection: EntityCollection & { allByOrganizationId(organizationId: string): Promise<EntityModel[]> };
  readonly Ticket: EntityCollection & { allByOrganizationId(organizationId: string): Promise<EntityModel[]>; allByTaskManagementConnectionId(id: string): Promise<EntityModel[]> };
  readonly TicketSuggestion: EntityCollection & { allByTaskManagementConnectionId(id: string): Promise<EntityModel[]> };
  readonly SyncOperation: EntityCollection & { allByTaskManagementConnectionId(id: string): Promise<EntityModel[]> };
  readonly OAuthTokenState: EntityCollection & { allByTaskManagementConnectionId(id: string): Promise<EntityModel[]> };
  readonly OAuthNonce: EntityCollection & { allByOrganizationId(organizationId: string): Promise<EntityModel[]> };
  readonly IdempotencyKey: EntityCollection & { allByOrganizationId(organizationId: string): Promise<EntityModel[]> };
}

/** Options of removeOrganization. */
export interface RemoveOrganizationOptions {
  /** Count what would be removed, remove nothing. */
  readonly dryRun?: boolean;
  /** Called after each step with what the step removed (or would remove). */
  readonly onProgress?: (step: { entity: string; count: number }) => void;
}

/** The entities offboarding reports on, always all of them (zeros included). */
const ENTITIES = ['TaskManagementConnection', 'Ticket', 'TicketSuggestion', 'SyncOperation', 'OAuthTokenState', 'OAuthNonce', 'IdempotencyKey'] as const;

/** Removes (or, with `dryRun`, counts) everything the library stores for `organizationId`. */
export async function removeOrganization(
  collections: OrganizationCollections,
  organizationId: string,
  options: RemoveOrganizationOptions = {},
): Promise<{ removed: Record<string, number> }> {
  const read = readOptions(options, REMOVE_OPTIONS);
  const issues = [...(typeof organizationId === 'string' && checkUuid(organizationId) === undefined ? [] : [{ path: 'organizationId', message: 'must be a UUID' }]), ...read.issues];
  if (issues.length > 0) throw new ValidationError(issues, 'removeOrganization');
  // The options as checked (the caller's object is not read again).
  const checked = read.values as RemoveOrganizationOptions;
  const organization = organizationId.toLowerCase();
  const removed: Record<string, number> = Object.fromEntries(ENTITIES.map((entity) => [entity, 0]));
  const report = (counts: RemovalCounts) => {
    for (const [entity, count] of Object.entries(counts)) {
      removed[entity] = (removed[entity] ?? 0) + count;
      // A progress display that fails is the caller's: the removal goes on (what it throws is dropped).
      callSafely(checked.onProgress, { entity, count }, () => undefined);
    }
  };
  const connections = await collections.TaskManagementConnection.allByOrganizationId(organization);
  if (checked.dryRun) {
    report({ TaskManagementConnection: connections.length });
    for (const connection of connections) {
      const id = connection.getId();
      report({
        Ticket: (await collections.Ticket.allByTaskManagementConnectionId(id)).length,
        TicketSuggestion: (await collections.TicketSuggestion.allByTaskManagementConnectionId(id)).length,
        SyncOperation: (await collections.SyncOperation.allByTaskManagementConnectionId(id)).length,
        OAuthTokenState: (await collections.OAuthTokenState.allByTaskManagementConnectionId(id)).length,
      });
    }
    report({ OAuthNonce: (await collections.OAuthNonce.allByOrganizationId(organization)).length });
    report({ IdempotencyKey: (await collections.IdempotencyKey.allByOrganizationId(organization)).length });
    return { removed };
  }
  // The connections' trees, fenced first so nothing new appears under them.
  report(await removeModels(collections.TaskManagementConnection, connections));
  // Tickets of the organization whose connection is gone already (left by an earlier fault).
  report(await removeModels(collections.Ticket, await collections.Ticket.allByOrganizationId(organization)));
  report(await removeModels(collections.OAuthNonce, await collections.OAuthNonce.allByOrganizationId(organization)));
  report(await removeModels(collections.IdempotencyKey, await collections.IdempotencyKey.allByOrganizationId(organization)));
  return { removed };
}
