/**
 * `2026-12-active-provider-guard`: connections that were `active` before the `active-provider`
 * constraint (one active connection per organization and provider) hold no guard item, so the
 * constraint does not protect them: a second connection could be made active beside them.
 * Each such connection claims its guard — a conditional put, in one transaction with a check that
 * the connection is still active and as read. Where the organization holds more than one active
 * connection of the provider (or the guard is another's), nothing is claimed for any of them and
 * the organization is reported as a conflict: which one stays active is not for a migration to
 * guess.
 */
import { ConcurrentModificationError } from '../../errors/index.js';
import type { Provider } from '../../entities/index.js';
import { claimGuardPart, guardOwners, unchangedSince, updatePart, when } from '../../model/index.js';
import type { Decision, Migration, StoredRecord } from '../migration.js';
import { change, NOTHING } from '../migration.js';

const CONSTRAINT = 'active-provider';
const ENTITY = 'TaskManagementConnection';

const isActive = (connection: StoredRecord) => connection.status === 'active';
const slotOf = (connection: StoredRecord) => ({ organizationId: connection.organizationId, provider: connection.provider });

export const activeProviderGuard: Migration = {
  id: '2026-12-active-provider-guard',
  description: 'active connections claim their active-provider guard; organizations with two active connections of a provider are reported',
  entity: ENTITY,
  async page(records, { TaskManagementConnection: connections }) {
    const active = records.filter(isActive);
    const owners = await guardOwners(connections, CONSTRAINT, active.map(slotOf));
    // Guard holders read for this page's copies; a copy read again after a refused write reads its guard again.
    const holderOf = new Map(active.map((record, i) => [record, owners[i]]));
    return async (connection): Promise<Decision> => {
      if (!isActive(connection)) return NOTHING;
      const id = connection.taskManagementConnectionId as string;
      const holder = holderOf.has(connection) ? holderOf.get(connection) : (await guardOwners(connections, CONSTRAINT, [slotOf(connection)]))[0];
      if (holder === id) return NOTHING;
      const organizationId = connection.organizationId as string;
      const provider = connection.provider as Provider;
      const others = await connections.allByOrganizationIdAndProviderAndStatus(organizationId, provider, 'active');
      const ids = new Set([id, ...others.map((other) => other.getId()), ...(holder === undefined ? [] : [holder])]);
      if (ids.size > 1) return { kind: 'fail', conflict: { organizationId, provider, connectionIds: [...ids].sort() } };
      const stillActive = { condition: when.eq('status', 'active'), error: () => new ConcurrentModificationError(ENTITY, id) };
      return change(
        updatePart(connections, id, { stamp: false, expect: [...unchangedSince(connections, connection), stillActive] }, { owner: true }),
        claimGuardPart(connections, CONSTRAINT, connection),
      );
    };
  },
};
