/**
 * What the change feed knows about each entity, derived from the schemas of
 * {@link taskManagementRegistry}: its ElectroDB marker (the schema's storageName), id attribute,
 * visible and hidden attributes. Built once, on the first record parsed — nothing at import time.
 */
import type { AnyAttributeSpec } from '../schema/index.js';
import { taskManagementRegistry } from '../entities/index.js';
import { isInternalEntityMarker, isStorageAttribute } from './internal-items.js';
import type { ChangeEntityName } from './types.js';

/** One entity as the change feed sees it. */
export interface EntityTable {
  readonly entity: ChangeEntityName;
  /** The schema's id attribute (`ticketId`, `oAuthNonceId`, …). */
  readonly idAttribute: string;
  /** Attributes an event may show, in declaration order, with their declarations. */
  readonly visible: readonly (readonly [name: string, spec: AnyAttributeSpec])[];
  /** Every schema attribute, hidden ones included (a change of any of them is an entity change). */
  readonly attributeNames: readonly string[];
  /**
   * Visible attributes declared `required` (the id, the parents' ids, …): every create writes
   * them and no update removes them, so an image without one is no record of the library's.
   * Attributes with only a default may be missing from items written before they existed.
   */
  readonly required: readonly string[];
}

let byMarker: ReadonlyMap<string, EntityTable> | undefined;

function build(): ReadonlyMap<string, EntityTable> {
  const tables = new Map<string, EntityTable>();
  // Idempotency keys are the library's own bookkeeping, should the registry list them.
  for (const schema of taskManagementRegistry().schemas.filter((s) => !isInternalEntityMarker(s.storageName))) {
    tables.set(
      schema.storageName,
      Object.freeze({
        entity: schema.entityName as ChangeEntityName,
        idAttribute: schema.idAttribute,
        visible: Object.freeze(
          schema.visibleAttributeNames
            .filter((name) => !isStorageAttribute(name))
            .map((name) => Object.freeze([name, schema.attributes[name] as AnyAttributeSpec] as const)),
        ),
        attributeNames: schema.attributeNames,
        required: Object.freeze(schema.visibleAttributeNames.filter((name) => name === schema.idAttribute || (!isStorageAttribute(name) && schema.attributes[name]?.options.required === true))),
      }),
    );
  }
  return tables;
}

/** Every entity the change feed reports, by ElectroDB marker (`__edb_e__`). */
export function entityTables(): ReadonlyMap<string, EntityTable> {
  byMarker ??= build();
  return byMarker;
}

/** The entity whose items carry ElectroDB marker `marker`, or undefined. */
export function entityTableOf(marker: string): EntityTable | undefined {
  return entityTables().get(marker);
}
