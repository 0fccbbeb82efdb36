import { expect } from 'chai';
import { attr, SchemaBuilder } from '../../../src/index.js';
import { electroDefinition, gsiNames } from '../../../src/schema/index.js';
import { NUMBER_KEY_DIGITS } from '../../../src/schema/electro-definition.js';
import { boardSchema, workspaceSchema } from '../../fixtures/framework-entities.js';

describe('electroDefinition', function () {
  it('names the entity by its storage name in the library service', function () {
    expect(electroDefinition(workspaceSchema).model).to.deep.equal({ entity: 'workspace', version: '1', service: 'taskmanagement' });
  });

  it('declares every attribute with its storage type, structured ones as any', function () {
    const { attributes } = electroDefinition(workspaceSchema);
    expect(Object.keys(attributes)).to.deep.equal([...workspaceSchema.attributeNames]);
    expect(attributes.name).to.deep.equal({ type: 'string' });
    expect(attributes.status).to.deep.equal({ type: 'string' });
    expect(attributes.score).to.deep.equal({ type: 'number' });
    expect(attributes.tags).to.deep.equal({ type: 'any' });
    expect(electroDefinition(boardSchema).attributes.archived).to.deep.equal({ type: 'boolean' });
  });

  it('declares nullable attributes as any, and zero-pads number key attributes so they sort as numbers', function () {
    const schema = new SchemaBuilder('Thing')
      .addAttribute('rank', attr.number({ integer: true, min: 0 }))
      .addAttribute('size', attr.number())
      .addAttribute('note', attr.string({ nullable: true }))
      .addIndex('byRank', { gsi: 1, pk: ['thingId'], sk: ['rank'] })
      .build();
    const { attributes } = electroDefinition(schema);
    expect(attributes.rank).to.deep.equal({ type: 'number', padding: { length: NUMBER_KEY_DIGITS, char: '0' } });
    expect(NUMBER_KEY_DIGITS).to.be.at.least(String(Number.MAX_SAFE_INTEGER).length);
    expect(attributes.size).to.deep.equal({ type: 'number' });
    expect(attributes.note).to.deep.equal({ type: 'any' });
  });

  it('keys the primary index on the id alone, and each index on its own GSI slot', function () {
    const { indexes } = electroDefinition(workspaceSchema);
    expect(indexes.primary).to.deep.equal({
      pk: { field: 'pk', composite: ['workspaceId'], casing: 'none' },
      sk: { field: 'sk', composite: [], casing: 'none' },
    });
    expect(indexes.byOrganization).to.deep.equal({
      index: 'gsi1',
      pk: { field: 'gsi1pk', composite: ['organizationId'], casing: 'none' },
      sk: { field: 'gsi1sk', composite: ['status', 'slug'], casing: 'none' },
    });
    expect(electroDefinition(boardSchema).indexes.byWorkspaceId?.index).to.equal('gsi2');
  });

  it('keeps slots stable: adding an index on slot 5 never renames the others, whatever the declaration order', function () {
    const base = new SchemaBuilder('Thing')
      .addAttribute('a', attr.string({ required: true }))
      .addAttribute('b', attr.string({ required: true }))
      .addAttribute('c', attr.string({ required: true }));
    const before = electroDefinition(base.addIndex('byB', { gsi: 3, pk: ['b'] }).addIndex('byA', { gsi: 1, pk: ['a'] }).build()).indexes;
    const after = electroDefinition(
      base.addIndex('byC', { gsi: 5, pk: ['c'] }).addIndex('byA', { gsi: 1, pk: ['a'] }).addIndex('byB', { gsi: 3, pk: ['b'] }).build(),
    ).indexes;
    expect(after.byA).to.deep.equal(before.byA);
    expect(after.byB).to.deep.equal(before.byB);
    expect(after.byA?.index).to.equal('gsi1');
    expect(after.byB?.index).to.equal('gsi3');
    expect(after.byC?.index).to.equal('gsi5');
  });
});

describe('gsiNames', function () {
  it('names a slot and its key attributes', function () {
    expect(gsiNames(5)).to.deep.equal({ indexName: 'gsi5', pk: 'gsi5pk', sk: 'gsi5sk' });
    expect(gsiNames(20)).to.deep.equal({ indexName: 'gsi20', pk: 'gsi20pk', sk: 'gsi20sk' });
  });
});
