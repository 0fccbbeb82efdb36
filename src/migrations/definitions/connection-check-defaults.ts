/**
 * `2026-12-connection-check-defaults`: connections stored before connection checks and sync
 * watermarks lack `consecutiveFailures` and `syncWatermarks`, whose getters are typed as always
 * present (`getSyncWatermark` would fail on the missing map). Each missing one gets the value a
 * new connection starts with — 0 and `{}`, fixed here as they were when the attributes came, not
 * read from today's schema. Written only while the connection is as read: a check that counted
 * a failure meanwhile (an ADD that does not stamp `updatedAt`) is never reset to 0.
 */
import { unchangedSince, updatePart } from '../../model/index.js';
import type { Migration, StoredRecord } from '../migration.js';
import { change, NOTHING } from '../migration.js';

const DEFAULTS: readonly (readonly [string, () => unknown])[] = [
  ['consecutiveFailures', () => 0],
  ['syncWatermarks', () => ({})],
];

/** The defaults `connection` lacks. */
export function missingDefaults(connection: StoredRecord): Record<string, unknown> {
  return Object.fromEntries(DEFAULTS.filter(([name]) => connection[name] === undefined).map(([name, value]) => [name, value()]));
}

export const connectionCheckDefaults: Migration = {
  id: '2026-12-connection-check-defaults',
  description: 'connections without consecutiveFailures (0) and syncWatermarks ({}) get them',
  entity: 'TaskManagementConnection',
  page(_records, { TaskManagementConnection: connections }) {
    return Promise.resolve((connection) => {
      const set = missingDefaults(connection);
      if (Object.keys(set).length === 0) return NOTHING;
      return change(updatePart(connections, connection.taskManagementConnectionId as string, { set, stamp: false, expect: unchangedSince(connections, connection) }, { owner: true }));
    });
  },
};
