/**
 * The composition root: createDataAccess() and the table helpers for the library's entities.
 * Each call builds its own registry and bindings — nothing global is shared or mutated.
 */
import type { CreateTableCommandInput, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { IdempotencyKeyApi, OAuthNonceCollection, OAuthTokenStateApi, SyncOperationCollection, TaskManagementConnectionCollection, TicketCollection, TicketSuggestionCollection } from './entities/index.js';
import { taskManagementRegistry } from './entities/index.js';
import { storeContextOf } from './registry/index.js';
import type { PlanTableOptions, StoreConfig, SyncTableOptions, TableDefinitionOptions, TablePlan } from './registry/index.js';
import { TTL_ATTRIBUTE } from './schema/index.js';
import type { RemoveOrganizationOptions } from './offboarding/remove-organization.js';
import { everyCollectionIn, observeCall } from './model/observe/install-observers.js';
import { removeOrganization } from './offboarding/remove-organization.js';
import type { Migrations } from './migrations/index.js';
import { createMigrations } from './migrations/index.js';

/** The collections of one table. */
export interface DataAccess {
  /** Organizations' connections to tracker instances. */
  readonly TaskManagementConnection: TaskManagementConnectionCollection;
  /** Tickets created through connections. */
  readonly Ticket: TicketCollection;
  /** Links from suggestions to their tickets. */
  readonly TicketSuggestion: TicketSuggestionCollection;
  /** Single-use OAuth `state` values. */
  readonly OAuthNonce: OAuthNonceCollection;
  /** Progress-tracked syncs of connections. */
  readonly SyncOperation: SyncOperationCollection;
  /**
   * Rotating provider tokens, encrypted at rest (needs `encryption` in the configuration). Written
   * with put/rotate only: the generic create/createMany are not part of it.
   */
  readonly OAuthTokenState: OAuthTokenStateApi;
  /** Idempotency keys of retried API requests (written through claim() only). */
  readonly IdempotencyKey: IdempotencyKeyApi;
  /**
   * Tenant offboarding: removes everything the library stores for the organization — its
   * connections with their whole trees (tickets, links, syncs, token state), its OAuth nonces and
   * its idempotency keys — found through indexes (never a scan), batched, re-runnable after an
   * interruption. Resolves the count removed per entity (zeros included). Callers stop creating
   * records for the organization first. `dryRun` counts instead.
   *
   * @example
   * ```ts
   * // the organization was deleted upstream
   * const { removed } = await da.removeOrganization(organizationId);
   * logger.info('offboarded', removed); // { TaskManagementConnection: 2, Ticket: 310, … }
   * ```
   */
  removeOrganization(organizationId: string, options?: RemoveOrganizationOptions): Promise<{ removed: Record<string, number> }>;
  /**
   * The library's data migrations: backfills that items stored by an earlier version need
   * (`list()` shows each with its ledger's state and counts, `run()` runs those not done, in
   * order — resumable, one process at a time, never overwriting a concurrent write). Run them
   * after every process runs the new version; see README, "Migrations".
   *
   * @example
   * ```ts
   * for (const m of await da.migrations.list()) console.log(m.id, m.state);
   * const results = await da.migrations.run({ onProgress: (p) => console.log(p.id, p.scanned, p.changed) });
   * // [{ id: '2026-12-link-connection-id', outcome: 'done', scanned: 1200, changed: 40, failed: 0 }, …]
   * ```
   */
  readonly migrations: Migrations;
}

/** Configuration of {@link createDataAccess}. */
export type DataAccessConfig = StoreConfig;

/**
 * Connects the library to one table. Give `client` (a DynamoDBClient or DocumentClient), or
 * `region`/`endpoint` to build one. Throws DataAccessError code 'CONFIGURATION' on bad config.
 *
 * Sends no request and builds nothing per entity: each collection is made on its first use (its
 * ElectroDB entity on its first request), so it is cheap to call once at start-up and share the
 * result. With `onEvent`, every public operation reports what it cost once it settled
 * (an `OperationEvent`: requests, retries, consumed capacity, items, outcome).
 *
 * @example
 * ```ts
 * const da = createDataAccess({ tableName: 'task-management', client: new DynamoDBClient({ region: 'eu-west-1' }) });
 * const connection = await da.TaskManagementConnection.findById(connectionId);
 *
 * // DynamoDB Local, and a keyring for the OAuth tokens
 * const local = createDataAccess({
 *   tableName: 'task-management',
 *   region: 'local',
 *   endpoint: 'http://127.0.0.1:8000',
 *   encryption: { keys: { k1: randomBytes(32) }, activeKeyId: 'k1' },
 *   onEvent: (event) => console.log(event.operation, event.requests, event.consumedCapacity),
 * });
 * ```
 */
export function createDataAccess(config: DataAccessConfig): DataAccess {
  const context = storeContextOf(config);
  const collections = taskManagementRegistry().connect(context);
  const dataAccess = {};
  // Each collection is made on its first use (see EntityRegistry.connect): handed on, not read here.
  for (const name of ENTITY_NAMES) Object.defineProperty(dataAccess, name, { get: () => collections[name], enumerable: true });
  return Object.freeze(
    Object.assign(dataAccess, {
      removeOrganization: (organizationId: string, options?: RemoveOrganizationOptions) =>
        observeCall(collections.TaskManagementConnection, 'removeOrganization', (inOperation) => removeOrganization(everyCollectionIn(collections, inOperation), organizationId, options), 'DataAccess'),
      migrations: createMigrations(collections, context),
    }),
  ) as DataAccess;
}

const ENTITY_NAMES = ['TaskManagementConnection', 'Ticket', 'TicketSuggestion', 'OAuthNonce', 'SyncOperation', 'OAuthTokenState', 'IdempotencyKey'] as const;

/**
 * The CreateTable input of the library's table, derived from the entity schemas: `pk`/`sk`, one
 * GSI per index slot the entities use, on-demand billing; with `{ stream: true }` also a DynamoDB
 * stream of new and old images (`NEW_AND_OLD_IMAGES`, what the change feed reads). For
 * infrastructure code that creates the table itself (enable TTL on {@link ttlAttributeName} there too).
 *
 * @example
 * ```ts
 * const input = tableDefinition('task-management');
 * input.GlobalSecondaryIndexes?.map((gsi) => gsi.IndexName); // ['gsi1', 'gsi2', 'gsi3']
 * tableDefinition('task-management', { stream: true }).StreamSpecification; // { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' }
 * ```
 */
export function tableDefinition(tableName: string, options: TableDefinitionOptions = {}): CreateTableCommandInput {
  return taskManagementRegistry().tableDefinition(tableName, options);
}

/** The attribute the table's DynamoDB TTL must watch (epoch seconds). */
export const ttlAttributeName: string = TTL_ATTRIBUTE;

/**
 * Creates the table and every GSI, waits until it is ACTIVE and enables TTL. With
 * `ifNotExists`, an existing table is left as it is (TTL is still ensured).
 *
 * @example
 * ```ts
 * const client = new DynamoDBClient({ region: 'eu-west-1' });
 * await createTable(client, 'task-management', { ifNotExists: true }); // an existing table is not altered
 * ```
 */
export function createTable(client: DynamoDBClient, tableName: string, options: { ifNotExists?: boolean } = {}): Promise<void> {
  return taskManagementRegistry().createTable(client, tableName, options);
}

/**
 * What the live table lacks compared with {@link tableDefinition}, read with DescribeTable and
 * DescribeTimeToLive only (nothing is changed): the GSIs to add, whether TTL must be enabled,
 * the GSIs the definition does not know (`unknownIndexes`, never deleted) and those still being
 * built (`pendingIndexes`). The stream is part of the plan only when `{ stream: true }` is given.
 * A difference no update can fix without losing data — another table key schema, an index of
 * the same name on other keys or projection, TTL on another attribute, a stream of another
 * view type — rejects with DataAccessError `CONFIGURATION` naming it; DynamoDB failures are
 * `DATASTORE`.
 *
 * @example
 * ```ts
 * const plan = await planTableUpdate(client, 'task-management');
 * if (plan.addIndexes.length > 0) console.log(`to add: ${plan.addIndexes.join(', ')}`); // e.g. 'to add: gsi4'
 * ```
 */
export function planTableUpdate(client: DynamoDBClient, tableName: string, options: PlanTableOptions = {}): Promise<TablePlan> {
  return taskManagementRegistry().planTableUpdate(client, tableName, options);
}

/**
 * Brings the live table to {@link tableDefinition}: creates it when missing (like
 * {@link createTable}, with the stream if asked); otherwise sends one UpdateTable per missing GSI
 * (DynamoDB adds one GSI per call) and waits until that GSI is ACTIVE before the next, then
 * enables TTL, then the stream (`stream: true`). It never deletes an index and never touches
 * items; what it cannot fix is rejected before any change, as by {@link planTableUpdate}.
 * Resolves with the plan it applied; a second run finds nothing to do and sends no update.
 * `dryRun` only computes the plan. Each wait gives up after `maxWaitSeconds` (default 3600)
 * with a DATASTORE error; DynamoDB keeps building the index, and a new run waits for it.
 *
 * @example
 * ```ts
 * const client = new DynamoDBClient({ region: 'eu-west-1' });
 * const plan = await syncTable(client, 'task-management', { dryRun: true }); // what would change
 * await syncTable(client, 'task-management', { onProgress: (step) => console.log(step) });
 * // adding index gsi4 (1 of 1)… / gsi4 ACTIVE after 41.3 s
 * ```
 */
export function syncTable(client: DynamoDBClient, tableName: string, options: SyncTableOptions = {}): Promise<TablePlan> {
  return taskManagementRegistry().syncTable(client, tableName, options);
}
