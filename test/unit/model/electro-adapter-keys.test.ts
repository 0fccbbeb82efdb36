// The adapter builds a stored item's keys from ElectroDB's per-index conversions (one per
// secondary index, each carrying the table's keys) rather than its whole-entity conversion: the
// keys must be the ones ElectroDB's own put writes, for every entity the tests know, and those of
// its whole-entity conversion when some attributes are absent (sparse indexes get none).
import { expect } from 'chai';
import { createConversions, Entity } from 'electrodb';
import { taskManagementRegistry } from '../../../src/entities/index.js';
import { ElectroAdapter } from '../../../src/model/electro-adapter.js';
import type { AnySchema } from '../../../src/schema/index.js';
import { electroDefinition, gsiNames } from '../../../src/schema/index.js';
import { frameworkRegistry } from '../../fixtures/framework-entities.js';
import { gadgetRegistry } from '../fixtures/gadget-entities.js';

type Params = Record<string, unknown>;
type PutChain = { put(record: Params): { params(options: Params): { Item: Params } } };
type WholeEntityKeys = { fromComposite: { toKeys(record: Params): Params } };

/** A stored-form value of the attribute's kind (enum attributes take their first value). */
function sampleOf(schema: AnySchema, name: string, i: number): unknown {
  const spec = schema.attributes[name];
  if (spec?.enumValues !== undefined) return spec.enumValues[0];
  if (spec?.kind === 'number') return 40 + i;
  if (spec?.kind === 'boolean') return true;
  if (spec?.kind === 'json') return { n: i };
  return `${name}-7f3c-${i}`;
}

/** The key attributes (pk, sk and every gsiN pk/sk) of a stored item. */
function keysOf(item: Params): Params {
  return Object.fromEntries(Object.entries(item).filter(([name]) => /^(pk|sk|gsi\d+(pk|sk))$/.test(name)));
}

const schemas = [taskManagementRegistry(), frameworkRegistry(), gadgetRegistry()].flatMap((registry) => registry.schemas);

describe('ElectroAdapter.putItem: the keys are the ones ElectroDB writes', function () {
  for (const schema of schemas) {
    it(`${schema.entityName}: a record with every attribute gets the keys of ElectroDB's own put`, function () {
      const record = Object.fromEntries(schema.attributeNames.map((name, i) => [name, sampleOf(schema, name, i)]));
      const put = (new Entity(electroDefinition(schema)) as unknown as PutChain).put(record).params({ table: 'unit-table' });
      expect(keysOf(new ElectroAdapter(schema, 'unit-table').putItem(record))).to.deep.equal(keysOf(put.Item));
    });

    it(`${schema.entityName}: without each optional attribute, the keys of ElectroDB's whole-entity conversion (none for a sparse index)`, function () {
      const whole = createConversions(new Entity(electroDefinition(schema))) as unknown as WholeEntityKeys;
      const adapter = new ElectroAdapter(schema, 'unit-table');
      const full = Object.fromEntries(schema.attributeNames.map((name, i) => [name, sampleOf(schema, name, i)]));
      const optional = schema.attributeNames.filter((name) => !schema.attributes[name]?.options.required);
      for (const absent of optional) {
        const record = { ...full };
        delete record[absent];
        const expected = keysOf(whole.fromComposite.toKeys(record));
        for (const index of Object.values(schema.indexes)) {
          if (!index.pk.includes(absent)) continue;
          const { pk, sk } = gsiNames(index.gsi);
          delete expected[pk];
          delete expected[sk];
        }
        expect(keysOf(adapter.putItem(record)), `without ${absent}`).to.deep.equal(expected);
      }
    });
  }
});
