// The adapter builds the common index query (the whole partition key, a leading part of the sort
// key) from ElectroDB's key builder instead of its query chain: the params must be the ones the
// chain builds, for every index of every entity the tests know, in both orders.
import { expect } from 'chai';
import fc from 'fast-check';
import { Entity } from 'electrodb';
import { taskManagementRegistry } from '../../../src/entities/index.js';
import { ElectroAdapter } from '../../../src/model/electro-adapter.js';
import type { AnySchema } from '../../../src/schema/index.js';
import { electroDefinition } from '../../../src/schema/index.js';
import { frameworkRegistry } from '../../fixtures/framework-entities.js';
import { gadgetRegistry } from '../fixtures/gadget-entities.js';

type Params = Record<string, unknown>;
type Chain = Record<string, (facets: Params) => { params(options: Params): Params }>;

/** A stored-form value of the attribute's kind (enum attributes take their first value). */
function sampleOf(schema: AnySchema, name: string): unknown {
  const spec = schema.attributes[name];
  if (spec?.enumValues !== undefined) return spec.enumValues[0];
  if (spec?.kind === 'number') return 42;
  if (spec?.kind === 'boolean') return true;
  return `${name}-7f3c`;
}

const schemas = [taskManagementRegistry(), frameworkRegistry(), gadgetRegistry()].flatMap((registry) => registry.schemas);

describe('ElectroAdapter.queryParams: the prefix query is what ElectroDB builds', function () {
  for (const schema of schemas) {
    for (const [indexName, index] of Object.entries(schema.indexes)) {
      it(`${schema.entityName}.${indexName}: every sort-key prefix, ascending and descending, with a limit`, function () {
        const chain = new Entity(electroDefinition(schema)).query as unknown as Chain;
        const adapter = new ElectroAdapter(schema, 'unit-table');
        for (let given = 0; given <= index.sk.length; given += 1) {
          const facets = Object.fromEntries([...index.pk, ...index.sk.slice(0, given)].map((name) => [name, sampleOf(schema, name)]));
          for (const order of ['asc', 'desc'] as const) {
            const expected = chain[indexName]!(facets).params(order === 'desc' ? { table: 'unit-table', order } : { table: 'unit-table' });
            expect(adapter.queryParams(indexName, facets, order === 'desc' ? { order, limit: 5 } : {})).to.deep.equal(order === 'desc' ? { ...expected, Limit: 5 } : expected);
          }
        }
      });
    }
  }

  it('is what ElectroDB builds for any string values of every index, whatever the prefix (fast-check)', function () {
    const text = fc.oneof(fc.string({ unit: 'binary' }), fc.constantFrom('', '#', '_', '\u0001', '\u00011\u0001', 'a#b_c'));
    for (const schema of schemas) {
      const chain = new Entity(electroDefinition(schema)).query as unknown as Chain;
      const adapter = new ElectroAdapter(schema, 'unit-table');
      for (const [indexName, index] of Object.entries(schema.indexes)) {
        const value = (name: string) => (schema.attributes[name]?.kind === 'number' ? fc.oneof(fc.integer(), fc.double()).map((n) => n as unknown) : text.map((t) => t as unknown));
        const names = [...index.pk, ...index.sk];
        fc.assert(
          fc.property(fc.tuple(...names.map(value)), fc.nat({ max: index.sk.length }), (values, given) => {
            const facets = Object.fromEntries(names.slice(0, index.pk.length + given).map((name, i) => [name, values[i]]));
            expect(adapter.queryParams(indexName, facets)).to.deep.equal(chain[indexName]!(facets).params({ table: 'unit-table' }));
          }),
          { seed: 7, numRuns: 60 },
        );
      }
    }
  });

  it('leaves what is not a prefix to ElectroDB: a missing partition value is its error, keys past a gap its query', function () {
    const schema = schemas.find((candidate) => Object.values(candidate.indexes).some((index) => index.sk.length >= 2));
    expect(schema).to.not.equal(undefined);
    const [indexName, index] = Object.entries((schema as AnySchema).indexes).find(([, candidate]) => candidate.sk.length >= 2)!;
    const adapter = new ElectroAdapter(schema as AnySchema, 'unit-table');
    const chain = new Entity(electroDefinition(schema as AnySchema)).query as unknown as Chain;
    const gap = Object.fromEntries([...index.pk, index.sk[1] as string].map((name) => [name, sampleOf(schema as AnySchema, name)]));
    expect(adapter.queryParams(indexName, gap)).to.deep.equal(chain[indexName]!(gap).params({ table: 'unit-table' }));
    expect(() => adapter.queryParams(indexName, {})).to.throw(/missing|composite/i);
  });
});
