// The adapter builds a stored item's keys from ElectroDB's per-index conversions (one per
// secondary index, each carrying the table's keys) rather than its whole-entity conversion: the
// keys must be the ones ElectroDB's own put writes, for every entity the tests know, and those of
// its whole-entity conversion when some attributes are absent (sparse indexes get none).
import { expect } from 'chai';
import fc from 'fast-check';
import { createConversions, Entity } from 'electrodb';
import { taskManagementRegistry } from '../../../src/entities/index.js';
import { ElectroAdapter } from '../../../src/model/electro-adapter.js';
import { compileKeys } from '../../../src/model/key-templates.js';
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

/** ElectroDB's keys of `record` as a put stores them: its whole-entity conversion, without the keys of sparse indexes whose partition value is missing. */
const wholeBySchema = new Map<AnySchema, WholeEntityKeys>();
function electroKeysOf(schema: AnySchema, record: Params): Params {
  let whole = wholeBySchema.get(schema);
  if (whole === undefined) {
    whole = createConversions(new Entity(electroDefinition(schema)));
    wholeBySchema.set(schema, whole);
  }
  const expected = keysOf(whole.fromComposite.toKeys(record));
  for (const index of Object.values(schema.indexes)) {
    const sparse = index.pk.some((name) => !schema.attributes[name]?.options.required);
    if (!sparse || index.pk.every((name) => record[name] !== undefined && record[name] !== null)) continue;
    const { pk, sk } = gsiNames(index.gsi);
    delete expected[pk];
    delete expected[sk];
  }
  return expected;
}

describe('ElectroAdapter keys by template: the same as ElectroDB builds, for any values (fast-check)', function () {
  // Strings of any code points (markers, '#', '_', '$' and lone surrogates among them), numbers, absent values.
  const text = fc.oneof(fc.string({ unit: 'binary' }), fc.constantFrom('', '#', '_', '\u0001', '\u00010\u0001', '$x#y_z'));
  for (const schema of schemas) {
    const keyAttributes = [...new Set([schema.idAttribute, ...Object.values(schema.indexes).flatMap((index) => [...index.pk, ...index.sk])])];
    it(`${schema.entityName}: putItem, key and indexKeyChanges`, function () {
      const adapter = new ElectroAdapter(schema, 'unit-table');
      const value = (name: string) => (schema.attributes[name]?.kind === 'number' ? fc.oneof(fc.integer(), fc.double(), fc.constant(undefined)) : fc.oneof(text, text, fc.constant(undefined)));
      const records = fc.record(Object.fromEntries(keyAttributes.map((name) => [name, value(name)])), { requiredKeys: [] });
      fc.assert(
        fc.property(records, fc.string({ unit: 'binary' }), (drawn, id) => {
          const record = Object.fromEntries(Object.entries(drawn).filter(([, v]) => v !== undefined));
          record[schema.idAttribute] ??= id;
          expect(keysOf(adapter.putItem(record))).to.deep.equal(electroKeysOf(schema, record));
          const { pk, sk } = electroKeysOf(schema, { [schema.idAttribute]: record[schema.idAttribute] });
          expect(adapter.key(String(record[schema.idAttribute]))).to.deep.equal({ pk, sk });
          const changes = adapter.indexKeyChanges(record, keyAttributes);
          const expected = electroKeysOf(schema, record);
          for (const [name, key] of Object.entries(changes.set)) expect(key, name).to.equal(expected[name]);
        }),
        { seed: 42, numRuns: 150 },
      );
    });
  }

  it("every index of every entity whose key attributes are strings fits templates learnt from ElectroDB's conversion", function () {
    type Conversion = { fromComposite: { toKeys(record: Params, options?: { strict: 'none' }): Params } };
    let templated = 0;
    for (const schema of schemas) {
      const byIndex = (createConversions(new Entity(electroDefinition(schema))) as unknown as { byAccessPattern: Record<string, Conversion> }).byAccessPattern;
      for (const [name, conversion] of Object.entries(byIndex)) {
        const index = schema.indexes[name];
        const attributes = [...new Set([...(index ? [...index.pk, ...index.sk] : []), schema.idAttribute])];
        const definition = electroDefinition(schema);
        const padded = new Map(attributes.flatMap((attribute) => (definition.attributes[attribute]?.padding ? [[attribute, definition.attributes[attribute].padding]] : [])));
        const electroKeys = (record: Params) => conversion.fromComposite.toKeys(record, { strict: 'none' });
        const keys = compileKeys(electroKeys, attributes, padded);
        const record = Object.fromEntries(attributes.map((attribute, i) => [attribute, padded.has(attribute) ? 40 + i : `v${i}#_$`]));
        expect(keys?.keys(record), `${schema.entityName}.${name}`).to.deep.equal(electroKeys(record));
        templated += 1;
      }
    }
    expect(templated).to.be.at.least(30);
  });

  it('a key builder whose text repeats a value, or has no text, gets no template', function () {
    expect(compileKeys((record) => ({ pk: `${String(record.a)}#${String(record.a)}` }), ['a'])).to.equal(undefined);
    expect(compileKeys(() => ({ pk: 5 }), ['a'])).to.equal(undefined);
    const keys = compileKeys((record) => ({ pk: `$s#a_${String(record.a)}`, sk: '$e_1' }), ['a']);
    expect(keys?.keys({ a: 'x#y' })).to.deep.equal({ pk: '$s#a_x#y', sk: '$e_1' });
    expect(keys?.keys({ a: 7 })).to.equal(undefined);
    expect(keys?.keys({})).to.equal(undefined);
  });

  it('a padded attribute: numbers padded at the start as ElectroDB pads them, any other value left to ElectroDB', function () {
    const pad = (value: unknown, length: number) => String(value).padStart(length, '0');
    const padded16 = (record: Params) => ({ pk: `$s#g_${String(record.g)}`, sk: `$e_1#n_${record.n === undefined ? '' : pad(record.n, 16)}` });
    const keys = compileKeys(padded16, ['g', 'n'], new Map([['n', { length: 16, char: '0' }]]));
    expect(keys?.partial('sk', {}, 0)).to.equal('$e_1#n_');
    expect(keys?.partial('pk', { g: 'x' }, 1)).to.equal('$s#g_x');
    expect(keys?.partial('sk', { n: 42 }, 1)).to.equal('$e_1#n_0000000000000042');
    expect(keys?.keys({ g: 'x', n: 7 })).to.deep.equal({ pk: '$s#g_x', sk: '$e_1#n_0000000000000007' });
    expect(keys?.partial('sk', { n: '42' }, 1)).to.equal(undefined);
    expect(keys?.keys({ g: 'x', n: 'y' })).to.equal(undefined);
    expect(keys?.keys({ g: 1, n: 7 })).to.equal(undefined);
    // Padding wider than the probe's markers would leak into the text: no templates at all.
    expect(compileKeys((record: Params) => ({ pk: pad(record.g, 80) }), ['g'], new Map([['g', { length: 80, char: '0' }]]))).to.equal(undefined);
  });
});
