/** Connection queries: the active connection of a provider in one query, by external instance. */
import type { CreateManyResult, Finders } from '../../model/index.js';
import { BaseCollection } from '../../model/index.js';
import type { AttributesOf, IndexesOf } from '../../schema/index.js';
import type { Provider } from './constants.js';
import type { TaskManagementConnection } from './task-management-connection.model.js';
import type { TaskManagementConnectionSchema } from './task-management-connection.schema.js';
import type { CreateTaskManagementConnectionInput, CreateTaskManagementConnectionInputFor } from './task-management-connection.types.js';

type A = AttributesOf<TaskManagementConnectionSchema>;
type I = IndexesOf<TaskManagementConnectionSchema>;

// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging -- finders are generated on the prototype
export interface TaskManagementConnectionCollection extends Finders<A, I, TaskManagementConnection> {}

/**
 * The connections of one table (`da.TaskManagementConnection`): the active connection of a
 * provider, the connection to one tracker instance, and the generated finders of the
 * `byOrganization` index (`allByOrganizationId`, `allByOrganizationIdAndProvider`, …).
 *
 * @example
 * ```ts
 * const connection = await da.TaskManagementConnection.create({
 *   organizationId,
 *   provider: 'github',
 *   displayName: 'acme/checkout',
 *   instanceUrl: 'https://github.com/acme/checkout',
 *   connectedBy: userId,
 *   externalInstanceId: 'acme/checkout',
 *   metadata: { owner: 'acme', repo: 'checkout' },
 * });
 * const all = await da.TaskManagementConnection.allByOrganizationId(organizationId);
 * ```
 */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging -- see the interface above
export class TaskManagementConnectionCollection extends BaseCollection<TaskManagementConnection> {
  /**
   * Validates and writes a connection. `P` is inferred from `provider`: a literal provider
   * (`'github'`) demands that provider's metadata, so GitHub metadata on a `jira_cloud`
   * connection does not compile; a provider known only as `Provider` (read from an OAuth nonce,
   * say) takes any provider's metadata, which the run time checks against the provider given.
   */
  override create<P extends Provider>(data: CreateTaskManagementConnectionInputFor<P>): Promise<TaskManagementConnection> {
    return super.create(data);
  }

  /** Creates any number of connections; each item's `metadata` is typed by its own `provider`. */
  override createMany(items: readonly CreateTaskManagementConnectionInput[]): Promise<CreateManyResult<TaskManagementConnection, CreateTaskManagementConnectionInput>> {
    return this.insertMany(items);
  }

  /** The organization's active connection to `provider`, or null — one query on (organization, provider, status). */
  async findActiveByOrganizationAndProvider(organizationId: string, provider: Provider): Promise<TaskManagementConnection | null> {
    return this.findByOrganizationIdAndProviderAndStatus(organizationId, provider, 'active');
  }

  /** The connection to one tracker instance that is not disconnected, or null. */
  async findByExternalInstance(organizationId: string, provider: Provider, externalInstanceId: string): Promise<TaskManagementConnection | null> {
    return this.findByUnique('external-instance', { organizationId, provider, externalInstanceId });
  }
}
