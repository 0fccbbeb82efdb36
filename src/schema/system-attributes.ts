/** Attributes every entity has: its id, timestamps kept by the library and an optional author. */
import { randomUUID } from 'node:crypto';
import { attr } from './attribute.js';

/** `TaskManagementConnection` → `taskManagementConnectionId`. */
export type IdAttributeName<N extends string> = `${Uncapitalize<N>}Id`;

export function idAttributeName<N extends string>(entityName: N): IdAttributeName<N> {
  return `${entityName.charAt(0).toLowerCase()}${entityName.slice(1)}Id` as IdAttributeName<N>;
}

const idSpec = attr.uuid({ required: true, readOnly: true, default: () => randomUUID() });
const timestampSpec = attr.isoDate({ required: true, internal: true });
const updatedBySpec = attr.string({ maxLength: 255 });

export function systemAttributes<N extends string>(entityName: N) {
  return {
    [idAttributeName(entityName)]: idSpec,
    createdAt: timestampSpec,
    updatedAt: timestampSpec,
    updatedBy: updatedBySpec,
  } as { [K in IdAttributeName<N>]: typeof idSpec } & {
    createdAt: typeof timestampSpec;
    updatedAt: typeof timestampSpec;
    updatedBy: typeof updatedBySpec;
  };
}

/** ElectroDB's entity marker: the attribute that says which entity an item belongs to (its value: the schema's storageName). */
export const ENTITY_MARKER = '__edb_e__';
/** ElectroDB's entity version marker. */
export const VERSION_MARKER = '__edb_v__';

/** Names the storage layer uses, and `id` (its getter would collide with EntityModel.getId). */
export const RESERVED_NAMES: ReadonlySet<string> = new Set(['pk', 'sk', ENTITY_MARKER, VERSION_MARKER, '__w', 'id']);
export const RESERVED_PATTERN = /^gsi\d+(pk|sk)$/;

/** Highest GSI slot an index may use (DynamoDB allows 20 GSIs per table). */
export const MAX_GSI_SLOT = 20;
