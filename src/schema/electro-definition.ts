/**
 * The ElectroDB entity definition of a Schema. ElectroDB builds the keys (`pk`/`sk` and the
 * overloaded `gsiNpk`/`gsiNsk`), update and query expressions; validation stays ours (it collects
 * every issue, ElectroDB stops at the first), so attributes are declared to ElectroDB loosely.
 */
import type { AnySchema } from './schema.js';

export const ELECTRO_SERVICE = 'taskmanagement';
export const ELECTRO_VERSION = '1';
export const PRIMARY_INDEX = 'primary';

interface ElectroKey {
  readonly field: string;
  readonly composite: readonly string[];
  readonly casing: 'none';
}

export interface ElectroIndex {
  readonly index?: string;
  readonly pk: ElectroKey;
  readonly sk: ElectroKey;
}

interface ElectroAttribute {
  readonly type: 'string' | 'number' | 'boolean' | 'any';
  readonly padding?: { readonly length: number; readonly char: string };
}

/** Digits of Number.MAX_SAFE_INTEGER: numbers in keys are zero-padded to sort as numbers. */
export const NUMBER_KEY_DIGITS = 16;

export interface ElectroDefinition {
  readonly model: { readonly entity: string; readonly version: string; readonly service: string };
  readonly attributes: Readonly<Record<string, ElectroAttribute>>;
  readonly indexes: Readonly<Record<string, ElectroIndex>>;
}

/** GSI names of a slot: `gsi3`, keys `gsi3pk` / `gsi3sk`. */
export function gsiNames(slot: number): { indexName: string; pk: string; sk: string } {
  return { indexName: `gsi${slot}`, pk: `gsi${slot}pk`, sk: `gsi${slot}sk` };
}

export function electroDefinition(schema: AnySchema): ElectroDefinition {
  const attributes: Record<string, ElectroAttribute> = {};
  for (const name of schema.attributeNames) {
    const spec = schema.attributes[name];
    // ElectroDB type-checks too: structured and nullable values are declared 'any' (we validate them).
    const type = !spec || spec.kind === 'json' || spec.options.nullable ? 'any' : spec.kind;
    attributes[name] = type === 'number' && schema.keyAttributeNames.has(name) ? { type, padding: { length: NUMBER_KEY_DIGITS, char: '0' } } : { type };
  }
  const indexes: Record<string, ElectroIndex> = {
    [PRIMARY_INDEX]: {
      pk: { field: 'pk', composite: [schema.idAttribute], casing: 'none' },
      sk: { field: 'sk', composite: [], casing: 'none' },
    },
  };
  for (const [name, index] of Object.entries(schema.indexes)) {
    const gsi = gsiNames(index.gsi);
    indexes[name] = {
      index: gsi.indexName,
      pk: { field: gsi.pk, composite: index.pk, casing: 'none' },
      sk: { field: gsi.sk, composite: index.sk, casing: 'none' },
    };
  }
  return {
    model: { entity: schema.storageName, version: ELECTRO_VERSION, service: ELECTRO_SERVICE },
    attributes,
    indexes,
  };
}
