/**
 * The table-wide invariants every race test ends with, derived from the entity rules of API.md —
 * not from the library's code:
 *  - orphans: a ticket whose connection is gone, a link whose ticket (or connection) is gone, a
 *    sync operation or token state whose connection is gone;
 *  - leftover guards: a `$unique#…` item whose owner is missing, or whose owner does not hold that
 *    constraint (any more) — `external-instance` while the connection is not disconnected,
 *    `active-provider` while it is active,
 *    `external-ticket` always, `active-sync` while pending / in_progress — or holds it for other
 *    values;
 *  - missing guards: an owner that should hold a guard and does not (no guard item, or one held by
 *    another owner);
 *  - fenced items (`__fence`) left behind once every remove resolved (unless the test expects them:
 *    an interrupted remove).
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { expect } from 'chai';
import { scanAll } from '../../support/local-store.js';

export type Item = Record<string, unknown>;

/** ElectroDB's entity marker of each entity, and its id attribute. */
export const ENTITIES = {
  connection: { marker: 'taskmanagementconnection', id: 'taskManagementConnectionId' },
  ticket: { marker: 'ticket', id: 'ticketId' },
  link: { marker: 'ticketsuggestion', id: 'ticketSuggestionId' },
  sync: { marker: 'syncoperation', id: 'syncOperationId' },
  token: { marker: 'oauthtokenstate', id: 'oAuthTokenStateId' },
  nonce: { marker: 'oauthnonce', id: 'oAuthNonceId' },
} as const;

const ID_OF_MARKER: Readonly<Record<string, string>> = Object.fromEntries(Object.values(ENTITIES).map((e) => [e.marker, e.id]));

export function isGuard(item: Item): boolean {
  return typeof item.pk === 'string' && item.pk.startsWith('$unique#') && item.sk === '$unique';
}

export function recordsOf(items: readonly Item[], entity: keyof typeof ENTITIES): Item[] {
  return items.filter((item) => !isGuard(item) && item.__edb_e__ === ENTITIES[entity].marker);
}

/** The guard key a record must hold for `constraint`, following API.md's rules (undefined: it holds none). */
function expectedGuards(marker: string, record: Item): { constraint: string; pk: string }[] {
  const key = (entity: string, constraint: string, values: readonly unknown[]) => ({
    constraint,
    pk: `$unique#${entity}#${constraint}#${values.map((value) => encodeURIComponent(String(value))).join('#')}`,
  });
  switch (marker) {
    case ENTITIES.connection.marker:
      return [
        ...(record.status === 'disconnected' ? [] : [key(marker, 'external-instance', [record.organizationId, record.provider, record.externalInstanceId])]),
        ...(record.status === 'active' ? [key(marker, 'active-provider', [record.organizationId, record.provider])] : []),
      ];
    case ENTITIES.ticket.marker:
      return [key(marker, 'external-ticket', [record.taskManagementConnectionId, record.externalTicketId])];
    case ENTITIES.sync.marker:
      return record.status === 'pending' || record.status === 'in_progress' ? [key(marker, 'active-sync', [record.taskManagementConnectionId])] : [];
    default:
      return [];
  }
}

export interface InvariantOptions {
  /** Ids of records allowed to carry `__fence` (an interrupted remove the test left on purpose). */
  readonly fencedAllowed?: ReadonlySet<string>;
}

/** Every violation of the invariants in `items`, as readable lines (empty: all hold). */
export function violations(items: readonly Item[], options: InvariantOptions = {}): string[] {
  const problems: string[] = [];
  const records = items.filter((item) => !isGuard(item));
  const guards = items.filter(isGuard);
  const ids = (entity: keyof typeof ENTITIES) => new Set(recordsOf(items, entity).map((item) => String(item[ENTITIES[entity].id])));
  const connections = ids('connection');
  const tickets = ids('ticket');

  for (const ticket of recordsOf(items, 'ticket')) {
    if (!connections.has(String(ticket.taskManagementConnectionId))) problems.push(`orphan ticket ${String(ticket.ticketId)} (connection ${String(ticket.taskManagementConnectionId)} is gone)`);
  }
  for (const link of recordsOf(items, 'link')) {
    if (!tickets.has(String(link.ticketId))) problems.push(`orphan link ${String(link.suggestionId)} (ticket ${String(link.ticketId)} is gone)`);
    else if (!connections.has(String(link.taskManagementConnectionId))) problems.push(`orphan link ${String(link.suggestionId)} (connection ${String(link.taskManagementConnectionId)} is gone)`);
  }
  for (const entity of ['sync', 'token'] as const) {
    for (const record of recordsOf(items, entity)) {
      if (!connections.has(String(record.taskManagementConnectionId))) {
        problems.push(`orphan ${entity} ${String(record[ENTITIES[entity].id])} (connection ${String(record.taskManagementConnectionId)} is gone)`);
      }
    }
  }

  // Guards: each must belong to an existing owner that holds exactly that guard.
  const ownerByKey = new Map<string, Item>();
  for (const record of records) {
    const marker = String(record.__edb_e__);
    const idAttribute = ID_OF_MARKER[marker];
    if (idAttribute !== undefined) ownerByKey.set(`${marker}|${String(record[idAttribute])}`, record);
  }
  const guardByPk = new Map(guards.map((guard) => [String(guard.pk), guard]));
  for (const guard of guards) {
    const owner = ownerByKey.get(`${String(guard.entity)}|${String(guard.ownerId)}`);
    if (!owner) {
      problems.push(`leftover guard ${String(guard.pk)}: its owner ${String(guard.entity)} ${String(guard.ownerId)} is gone`);
      continue;
    }
    const held = expectedGuards(String(owner.__edb_e__), owner).some((expected) => expected.pk === guard.pk && expected.constraint === guard.constraint);
    if (!held) problems.push(`leftover guard ${String(guard.pk)}: its owner ${String(guard.ownerId)} does not hold it (status ${String(owner.status)})`);
  }
  // Owners that should hold a guard and do not.
  for (const record of records) {
    const marker = String(record.__edb_e__);
    const idAttribute = ID_OF_MARKER[marker];
    if (idAttribute === undefined) continue;
    for (const expected of expectedGuards(marker, record)) {
      const guard = guardByPk.get(expected.pk);
      if (!guard) problems.push(`missing guard: ${marker} ${String(record[idAttribute])} (status ${String(record.status)}) should hold ${expected.pk}`);
      else if (guard.ownerId !== record[idAttribute]) problems.push(`missing guard: ${marker} ${String(record[idAttribute])} should hold ${expected.pk}, held by ${String(guard.ownerId)}`);
    }
  }

  for (const record of records) {
    if (record.__fence === undefined) continue;
    const idAttribute = ID_OF_MARKER[String(record.__edb_e__)] ?? 'pk';
    const id = String(record[idAttribute]);
    if (!options.fencedAllowed?.has(id)) problems.push(`fenced item left: ${String(record.__edb_e__)} ${id}`);
  }
  return problems;
}

/** Scans the table and asserts that every invariant holds; resolves the items scanned. */
export async function expectInvariants(client: DynamoDBClient, tableName: string, options: InvariantOptions = {}): Promise<Item[]> {
  const items = await scanAll(client, tableName);
  expect(violations(items, options), 'table invariants (orphans, guards, fences)').to.deep.equal([]);
  return items;
}

/** Items that belong to the tree of `connectionId`: the connection, its children, their links, and the guards of any of them. */
export function treeOf(items: readonly Item[], connectionId: string): Item[] {
  const ownerIds = new Set<string>([connectionId]);
  const tree = items.filter((item) => {
    if (isGuard(item)) return false;
    const inTree = item.taskManagementConnectionId === connectionId;
    if (inTree) {
      const idAttribute = ID_OF_MARKER[String(item.__edb_e__)];
      if (idAttribute) ownerIds.add(String(item[idAttribute]));
    }
    return inTree;
  });
  // A link whose ticket is in the tree, even if its own connection id were wrong.
  const linked = items.filter((item) => !isGuard(item) && item.__edb_e__ === ENTITIES.link.marker && ownerIds.has(String(item.ticketId)) && !tree.includes(item));
  const guards = items.filter((item) => isGuard(item) && (ownerIds.has(String(item.ownerId)) || String(item.pk).includes(connectionId)));
  return [...tree, ...linked, ...guards];
}
