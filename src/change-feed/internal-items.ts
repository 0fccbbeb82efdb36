/**
 * What is not an entity change: the library's internal items (unique guards, migration
 * ledgers, idempotency keys, anything without a known entity marker) and changes that touch only
 * storage attributes (keys, ElectroDB markers, the `__w` write token, the `__fence` removal
 * fence, `__claim`, …).
 */
import { ELECTRO_SERVICE } from '../schema/electro-definition.js';
import { ENTITY_MARKER } from '../schema/system-attributes.js';
import { LEDGER_PREFIX } from '../store/migration-ledger.js';
import type { AttributeValueMap } from './attribute-values.js';

/** Guard items: `pk = $unique#<entity>#<constraint>#<values>`, `sk = $unique` (see store/guard-items). */
const GUARD_PK_PREFIX = '$unique#';
const GUARD_SK = '$unique';
/**
 * Every entity item's partition key starts with ElectroDB's prefix for the library's service: an
 * item of another ElectroDB service sharing the table may carry the same entity marker (`ticket`).
 */
const ENTITY_PK_PREFIX = `$${ELECTRO_SERVICE}#`;
/** ElectroDB markers of entities the library keeps for itself. */
const INTERNAL_ENTITY_MARKERS: ReadonlySet<string> = new Set(['idempotencykey']);
export { ENTITY_MARKER };

const KEY_ATTRIBUTE = /^(?:pk|sk|gsi\d+pk|gsi\d+sk)$/;

/**
 * True for attributes that belong to the storage, not to the entity: the table and index keys
 * and everything starting with `__` (ElectroDB markers, write tokens, fences, claims). Schema
 * attribute names can be neither (the schema builder refuses them), so events never show them.
 */
export function isStorageAttribute(name: string): boolean {
  return name.startsWith('__') || KEY_ATTRIBUTE.test(name);
}

/** True for the marker of an entity that the change feed does not report (idempotency keys). */
export function isInternalEntityMarker(marker: string): boolean {
  return INTERNAL_ENTITY_MARKERS.has(marker);
}

function stringOf(map: AttributeValueMap, name: string): string | undefined {
  const value = map[name];
  return value && typeof value.S === 'string' ? value.S : undefined;
}

/** True when the item's keys are those of a unique guard or a migration ledger. */
export function isInternalKey(keys: AttributeValueMap): boolean {
  const pk = stringOf(keys, 'pk');
  if (pk === undefined) return false;
  return (pk.startsWith(GUARD_PK_PREFIX) && stringOf(keys, 'sk') === GUARD_SK) || pk.startsWith(LEDGER_PREFIX);
}

/** True when the item's partition key is one of the library's entity keys (not another service's). */
export function isServiceKey(keys: AttributeValueMap): boolean {
  return stringOf(keys, 'pk')?.startsWith(ENTITY_PK_PREFIX) === true;
}

/** The image's entity marker when it is a string, else undefined (then it is no entity item). */
export function entityMarkerOf(image: AttributeValueMap): string | undefined {
  return stringOf(image, ENTITY_MARKER);
}
