import { expect } from 'chai';
import { attr, Schema, SchemaBuilder, SchemaBuilderError, shapeOf, TTL_ATTRIBUTE } from '../../../src/index.js';
import { boardSchema, cardSchema, noteSchema, workspaceSchema } from '../../fixtures/framework-entities.js';
import { gadgetSchema, tokenSchema } from '../fixtures/gadget-entities.js';
import { thrownBy } from '../fixtures/stub-sdk.js';

const anyShape = shapeOf<{ a: number }>(() => []);

/** Asserts `run` throws a SchemaBuilderError (code SCHEMA) whose message contains `fragment`. */
function expectSchemaError(run: () => unknown, fragment: string): SchemaBuilderError {
  const error = thrownBy(run);
  expect(error).to.be.instanceOf(SchemaBuilderError);
  expect((error as SchemaBuilderError).code).to.equal('SCHEMA');
  expect((error as Error).message).to.include(fragment);
  return error as SchemaBuilderError;
}

/** A builder with a few attributes most cases need. */
function thing() {
  return new SchemaBuilder('Thing')
    .addAttribute('name', attr.string({ required: true }))
    .addAttribute('kind', attr.string())
    .addAttribute('state', attr.enum(['a', 'b', 'c'], { default: 'a' }))
    .addAttribute('meta', attr.json(anyShape));
}

describe('SchemaBuilder', function () {
  describe('entity and attribute names', function () {
    for (const bad of ['thing', 'Thing-1', 'Thing Name', '1Thing', '', 'T'.repeat(65), '_Thing']) {
      it(`rejects the entity name ${JSON.stringify(bad)} when the builder is made`, function () {
        expectSchemaError(() => new SchemaBuilder(bad), 'PascalCase');
      });
    }

    it('refuses at build() a definition handed to the constructor whose entity name is not PascalCase', function () {
      const { entityName: _name, ...rest } = new SchemaBuilder('Thing').build();
      const definition = { ...rest, entityName: 'not pascal', attributes: rest.attributes, indexes: rest.indexes };
      expectSchemaError(() => new SchemaBuilder('Thing', definition).build(), 'PascalCase');
    });

    it('derives the name lists of a schema once: repeated reads return the same frozen values', function () {
      const schema = thing().build();
      expect(schema.attributeNames).to.equal(schema.attributeNames);
      expect(schema.attributeNames).to.be.frozen;
      expect(schema.attributeNames).to.deep.equal(['thingId', 'createdAt', 'updatedAt', 'updatedBy', 'name', 'kind', 'state', 'meta']);
      expect([...schema.mutableAttributeNames]).to.deep.equal(['updatedBy', 'name', 'kind', 'state', 'meta']);
    });

    it('accepts PascalCase names of 1 to 64 characters', function () {
      expect(new SchemaBuilder('A').build().entityName).to.equal('A');
      expect(new SchemaBuilder(`T${'a'.repeat(63)}`).build().idAttribute).to.equal(`t${'a'.repeat(63)}Id`);
    });

    for (const bad of ['Name', 'first-name', 'first_name', '1st', '', `a${'b'.repeat(64)}`, '__edb_e__', '__edb_v__']) {
      it(`rejects the attribute name ${JSON.stringify(bad)} at declaration`, function () {
        expectSchemaError(() => thing().addAttribute(bad, attr.string()), 'camelCase');
      });
    }

    it('rejects an attribute declared twice, system attributes included', function () {
      expectSchemaError(() => thing().addAttribute('name', attr.string()), "'name' is declared twice");
      expectSchemaError(() => thing().addAttribute('createdAt', attr.isoDate()), "'createdAt' is declared twice");
      expectSchemaError(() => thing().addAttribute('thingId', attr.uuid()), "'thingId' is declared twice");
    });

    for (const reserved of ['pk', 'sk', 'gsi1pk', 'gsi1sk', 'gsi12pk', 'gsi20sk']) {
      it(`reserves the storage name '${reserved}' (at build)`, function () {
        const builder = thing().addAttribute(reserved, attr.string());
        expectSchemaError(() => builder.build(), `'${reserved}' is reserved for storage`);
      });
    }

    it('reserves the TTL attribute name for withRecordExpiry() (DynamoDB TTL watches it table-wide)', function () {
      expectSchemaError(() => thing().addAttribute('ttl', attr.number()).build(), "attribute name 'ttl' is reserved for withRecordExpiry()");
      expect(() => thing().withRecordExpiry().build()).to.not.throw();
    });

    it('does not reserve names that only resemble storage names', function () {
      const schema = thing().addAttribute('gsi1', attr.string()).addAttribute('pkValue', attr.string()).addAttribute('gsipk', attr.string()).build();
      expect(schema.attributeNames).to.include.members(['gsi1', 'pkValue', 'gsipk']);
    });
  });

  describe('attribute options', function () {
    it('rejects a default that fails its own check', function () {
      expectSchemaError(() => thing().addAttribute('short', attr.string({ maxLength: 3, default: 'toolong' })).build(), "default of 'short'");
      expectSchemaError(() => thing().addAttribute('level', attr.enum(['x', 'y'], { default: 'z' as 'x' })).build(), "default of 'level'");
      expectSchemaError(() => thing().addAttribute('count', attr.number({ integer: true, default: 1.5 })).build(), "default of 'count'");
    });

    it('accepts a null default for a nullable attribute', function () {
      const schema = thing().addAttribute('maybe', attr.string({ nullable: true, default: null as unknown as string })).build();
      expect(schema.attribute('maybe')?.options.default).to.equal(null);
      expectSchemaError(() => thing().addAttribute('never', attr.string({ default: null as unknown as string })).build(), "default of 'never'");
    });

    it('accepts a default that passes its check, and does not call a default function at build', function () {
      let calls = 0;
      const schema = thing()
        .addAttribute('short', attr.string({ maxLength: 3, default: 'ok' }))
        .addAttribute('later', attr.string({ default: () => String((calls += 1)) }))
        .build();
      expect(schema.attribute('short')?.options.default).to.equal('ok');
      expect(calls).to.equal(0);
    });

    it('rejects a watch on an unknown attribute and a watch on itself', function () {
      const compute = () => 'x';
      expectSchemaError(() => thing().addAttribute('derived', attr.string({ watch: { attributes: ['nope'], compute } })).build(), "'derived' watches unknown attribute 'nope'");
      expectSchemaError(() => thing().addAttribute('derived', attr.string({ watch: { attributes: ['name', 'derived'], compute } })).build(), "'derived' watches itself");
    });

    it('rejects an internal required attribute without a default, but not one with a default', function () {
      expectSchemaError(() => thing().addAttribute('secretKey', attr.string({ required: true, internal: true })).build(), "internal attribute 'secretKey' is required but has no default");
      const schema = thing().addAttribute('secretKey', attr.string({ required: true, internal: true, default: 'k' })).build();
      expect(schema.inputAttributeNames.has('secretKey')).to.equal(false);
    });
  });

  describe('indexes', function () {
    for (const slot of [0, -1, 21, 1.5, Number.NaN]) {
      it(`rejects GSI slot ${slot}`, function () {
        expectSchemaError(() => thing().addIndex('byName', { gsi: slot, pk: ['name'] }).build(), "index 'byName' must use a GSI slot from 1 to 20");
      });
    }

    it('backfilledBy names the data migration that fills the index: kept on the spec; anything else is refused at declaration', function () {
      const schema = thing().addIndex('byName', { gsi: 1, pk: ['name'], backfilledBy: '2026-12-name-index' }).addIndex('byKind', { gsi: 2, pk: ['kind'] }).build();
      expect(schema.indexes.byName).to.deep.equal({ gsi: 1, pk: ['name'], sk: [], backfilledBy: '2026-12-name-index' });
      expect(schema.indexes.byKind).to.not.have.property('backfilledBy');
      for (const bad of ['', 'name-index', '2026-12-', '2026-12-Name', 7 as unknown as string]) {
        expectSchemaError(() => thing().addIndex('byName', { gsi: 1, pk: ['name'], backfilledBy: bad }), "index 'byName': backfilledBy must name a data migration");
      }
    });

    it("keeps an index named '__proto__' as an index of its own, before and after others (the map's prototype untouched)", function () {
      const schema = thing().addIndex('__proto__', { gsi: 1, pk: ['name'] }).addIndex('byKind', { gsi: 2, pk: ['kind'] }).build();
      expect(Object.keys(schema.indexes)).to.deep.equal(['__proto__', 'byKind']);
      expect(Object.getPrototypeOf(schema.indexes)).to.equal(Object.prototype);
      expect(Object.getOwnPropertyDescriptor(schema.indexes, '__proto__')?.value).to.deep.include({ gsi: 1 });
    });

    it('accepts slots 1 and 20', function () {
      const schema = thing().addIndex('low', { gsi: 1, pk: ['name'] }).addIndex('high', { gsi: 20, pk: ['kind'] }).build();
      expect(Object.values(schema.indexes).map((index) => index.gsi)).to.deep.equal([1, 20]);
    });

    it('rejects two indexes of one entity on the same slot', function () {
      expectSchemaError(
        () => thing().addIndex('byName', { gsi: 2, pk: ['name'] }).addIndex('byKind', { gsi: 2, pk: ['kind'] }).build(),
        "indexes 'byName' and 'byKind' both use GSI slot 2",
      );
    });

    it('rejects an index name declared twice, at declaration', function () {
      const builder = thing().addIndex('byName', { gsi: 2, pk: ['name'] });
      expectSchemaError(() => builder.addIndex('byName', { gsi: 3, pk: ['kind'] }), "index 'byName' is declared twice");
    });

    it('rejects an index on an unknown attribute, in the partition or the sort key', function () {
      expectSchemaError(() => thing().addIndex('byX', { gsi: 2, pk: ['nope' as 'name'] }).build(), "index 'byX' uses unknown attribute 'nope'");
      expectSchemaError(() => thing().addIndex('byX', { gsi: 2, pk: ['name'], sk: ['nope' as 'kind'] }).build(), "index 'byX' uses unknown attribute 'nope'");
    });

    it('rejects a structured (json) attribute as a key', function () {
      expectSchemaError(() => thing().addIndex('byMeta', { gsi: 2, pk: ['name'], sk: ['meta'] }).build(), "cannot use structured attribute 'meta'");
    });

    it('rejects a nullable attribute as a key', function () {
      expectSchemaError(() => thing().addAttribute('maybe', attr.string({ nullable: true })).addIndex('byMaybe', { gsi: 2, pk: ['maybe'] }).build(), "cannot use nullable attribute 'maybe'");
    });

    it('accepts a number key only when it is a non-negative integer (keys are zero-padded to sort)', function () {
      for (const spec of [attr.number(), attr.number({ integer: true }), attr.number({ min: 0 }), attr.number({ integer: true, min: -1 })]) {
        expectSchemaError(() => thing().addAttribute('rank', spec).addIndex('byRank', { gsi: 2, pk: ['name'], sk: ['rank'] }).build(), "index 'byRank' uses number 'rank'");
      }
      const schema = thing().addAttribute('rank', attr.number({ integer: true, min: 0 })).addIndex('byRank', { gsi: 2, pk: ['name'], sk: ['rank'] }).build();
      expect(schema.keyAttributeNames.has('rank')).to.equal(true);
    });

    it('rejects an index that repeats an attribute', function () {
      expectSchemaError(() => thing().addIndex('byName', { gsi: 2, pk: ['name'], sk: ['name'] }).build(), "index 'byName' repeats an attribute");
    });

    it('rejects an index without partition key attributes', function () {
      expectSchemaError(() => thing().addIndex('byNothing', { gsi: 2, pk: [] }).build(), "index 'byNothing' needs at least one partition key attribute");
    });

    it('keeps each index frozen with its sort key defaulting to none', function () {
      const schema = thing().addIndex('byName', { gsi: 7, pk: ['name'] }).build();
      expect(schema.indexes.byName).to.deep.equal({ gsi: 7, pk: ['name'], sk: [] });
      expect(Object.isFrozen(schema.indexes.byName)).to.equal(true);
      expect(Object.isFrozen(schema.indexes.byName?.pk)).to.equal(true);
    });
  });

  describe('unique constraints and preconditions', function () {
    for (const bad of ['Slug', 'slug_name', '1slug', '', 'slug name']) {
      it(`rejects the constraint name ${JSON.stringify(bad)}`, function () {
        expectSchemaError(() => thing().addUnique(bad, ['name']).build(), 'must be kebab-case');
      });
    }

    it('rejects a unique constraint on an unknown, a structured or an optional attribute', function () {
      expectSchemaError(() => thing().addUnique('u', ['nope' as 'name']).build(), "unique constraint 'u' uses unknown attribute 'nope'");
      expectSchemaError(() => thing().addUnique('u', ['meta']).build(), "unique constraint 'u' cannot use structured attribute 'meta'");
      expectSchemaError(() => thing().addUnique('u', ['name', 'kind']).build(), "unique constraint 'u' uses optional attribute 'kind'");
    });

    it('accepts a unique constraint on a required attribute or one with a default', function () {
      const schema = thing().addUnique('name-state', ['name', 'state']).build();
      expect(schema.uniques.map((u) => [u.name, [...u.attributes]])).to.deep.equal([['name-state', ['name', 'state']]]);
    });

    it('rejects a unique constraint without attributes', function () {
      expectSchemaError(() => thing().addUnique('empty', []).build(), "unique constraint 'empty' needs attributes");
    });

    it('rejects a unique constraint name declared twice, at declaration', function () {
      const builder = thing().addUnique('u', ['name']);
      expectSchemaError(() => builder.addUnique('u', ['state']), "unique constraint 'u' is declared twice");
    });

    it('rejects a precondition on something that is not a belongs_to reference', function () {
      const parent = thing().hasMany('Child', { removeDependents: false });
      expectSchemaError(() => parent.addPrecondition('open', { parent: 'Childs', attribute: 'status', equals: 'open' }), "names 'Childs', which is not a belongs_to reference");
      expectSchemaError(() => thing().addPrecondition('open', { parent: 'Owner' as never, attribute: 'status', equals: 'open' }), 'not a belongs_to reference');
    });

    it('rejects a precondition whose name is not kebab-case, or compares with an unknown attribute', function () {
      const child = new SchemaBuilder('Child').belongsTo('Owner', { gsi: 1 });
      expectSchemaError(() => child.addPrecondition('Open', { parent: 'Owner', attribute: 'status', equals: 'open' }).build(), "precondition 'Open' must be kebab-case");
      expectSchemaError(
        () => child.addPrecondition('same', { parent: 'Owner', attribute: 'status', equalsAttribute: 'nope' as 'ownerId' }).build(),
        "precondition 'same' compares with unknown attribute 'nope'",
      );
    });

    it('rejects a precondition and a unique constraint of the same name', function () {
      const child = new SchemaBuilder('Child').addAttribute('code', attr.string({ required: true })).belongsTo('Owner', { gsi: 1 });
      expectSchemaError(() => child.addUnique('open', ['code']).addPrecondition('open', { parent: 'Owner', attribute: 'status', equals: 'open' }).build(), 'constraint names must be distinct');
    });

    it('records a precondition with either a fixed value or an attribute of the new record', function () {
      const schema = new SchemaBuilder('Child')
        .addAttribute('kind', attr.string({ required: true, readOnly: true }))
        .belongsTo('Owner', { gsi: 1 })
        .addPrecondition('open', { parent: 'Owner', attribute: 'status', equals: 'open' })
        .addPrecondition('same-kind', { parent: 'Owner', attribute: 'kind', equalsAttribute: 'kind' })
        .build();
      expect(schema.preconditions.map((p) => ({ ...p }))).to.deep.equal([
        { name: 'open', foreignKey: 'ownerId', target: 'Owner', attribute: 'status', equals: 'open', equalsAttribute: undefined },
        { name: 'same-kind', foreignKey: 'ownerId', target: 'Owner', attribute: 'kind', equals: undefined, equalsAttribute: 'kind' },
      ]);
    });

    describe('identity constraints', function () {
      const keyed = () => thing().addAttribute('code', attr.string({ required: true, readOnly: true })).addAttribute('area', attr.string({ required: true, readOnly: true }));

      it('splits the identity constraint from the guarded ones', function () {
        const schema = keyed().addUnique('code', ['code'], { identity: true }).addUnique('name', ['name']).build();
        expect(schema.identityUnique?.name).to.equal('code');
        expect(schema.guardedUniques.map((u) => u.name)).to.deep.equal(['name']);
        expect(thing().build().identityUnique).to.equal(undefined);
      });

      it('allows at most one identity constraint', function () {
        expectSchemaError(() => keyed().addUnique('a', ['code'], { identity: true }).addUnique('b', ['area'], { identity: true }).build(), 'at most one unique constraint can be the identity');
      });

      it('rejects a partial identity constraint', function () {
        expectSchemaError(() => keyed().addUnique('a', ['code'], { identity: true, when: () => true }).build(), "identity constraint 'a' cannot be partial");
      });

      it('rejects an identity constraint over a mutable attribute', function () {
        expectSchemaError(() => keyed().addUnique('a', ['code', 'name'], { identity: true }).build(), "identity constraint 'a' uses mutable attribute 'name'");
      });
    });
  });

  describe('references', function () {
    it('belongsTo adds a required, readOnly UUID foreign key and an index on it', function () {
      expect(boardSchema.attribute('workspaceId')?.options).to.include({ required: true, readOnly: true });
      expect(boardSchema.attribute('workspaceId')?.check('not-a-uuid')).to.have.length(1);
      expect(boardSchema.indexes.byWorkspaceId).to.deep.equal({ gsi: 2, pk: ['workspaceId'], sk: ['position'] });
      expect(boardSchema.referencesOf('belongs_to').map((r) => ({ ...r }))).to.deep.equal([
        { kind: 'belongs_to', target: 'Workspace', accessor: 'Workspace', foreignKey: 'workspaceId', removeDependents: false, required: true },
      ]);
      expect(noteSchema.referencesOf('belongs_to')[0]?.required).to.equal(false);
      expect(cardSchema.indexes.byBoardId).to.deep.equal({ gsi: 3, pk: ['boardId'], sk: [] });
    });

    it('hasMany and hasOne name the accessor and point at the parent id', function () {
      expect(workspaceSchema.referencesOf('has_many').map((r) => [r.accessor, r.target, r.foreignKey, r.removeDependents])).to.deep.equal([
        ['Boards', 'Board', 'workspaceId', true],
        ['Notes', 'Note', 'workspaceId', true],
      ]);
      expect(gadgetSchema.referencesOf('has_one').map((r) => [r.accessor, r.target, r.foreignKey])).to.deep.equal([['Manual', 'Manual', 'gadgetId']]);
    });

    it('rejects a reference declared twice', function () {
      const builder = thing().hasMany('Child', { removeDependents: true });
      expectSchemaError(() => builder.hasMany('Child', { removeDependents: false }), "reference 'Childs' is declared twice");
      const single = thing().hasOne('Profile', { removeDependents: true });
      expectSchemaError(() => single.hasOne('Profile', { removeDependents: true }), "reference 'Profile' is declared twice");
      const child = new SchemaBuilder('Child').belongsTo('Owner', { gsi: 1 });
      expectSchemaError(() => child.belongsTo('Owner', { gsi: 2 }), "'ownerId' is declared twice");
    });
  });

  describe('lifecycles', function () {
    it('rejects a lifecycle on an attribute that is not an enum, or does not exist', function () {
      expectSchemaError(() => thing().withLifecycle('kind', { a: [] }).build(), "lifecycle attribute 'kind' must be an enum attribute");
      expectSchemaError(() => thing().withLifecycle('nope' as 'kind', { a: [] }).build(), "lifecycle attribute 'nope' must be an enum attribute");
    });

    it('rejects unknown source and target states', function () {
      expectSchemaError(() => thing().withLifecycle('state', { a: ['b'], b: [], c: [], x: [] }).build(), "lifecycle state 'x' is not a value of 'state'");
      expectSchemaError(() => thing().withLifecycle('state', { a: ['z'], b: [], c: [] }).build(), "lifecycle target 'z' is not a value of 'state'");
    });

    it('rejects a lifecycle that leaves a state out', function () {
      expectSchemaError(() => thing().withLifecycle('state', { a: ['b'], b: ['c'] }).build(), "lifecycle does not say where 'c' may go");
    });

    it('rejects a second lifecycle at declaration', function () {
      const builder = thing().withLifecycle('state', { a: ['b'], b: ['c'], c: [] });
      expectSchemaError(() => builder.withLifecycle('state', { a: [], b: [], c: [] }), 'at most one lifecycle');
    });

    it('rejects a lifecycle on an entity without updates', function () {
      expectSchemaError(() => thing().withLifecycle('state', { a: ['b'], b: ['c'], c: [] }).allowUpdates(false).build(), 'without updates cannot have a lifecycle');
    });

    it('keeps the transitions frozen', function () {
      const schema = thing().withLifecycle('state', { a: ['b'], b: ['c'], c: [] }).build();
      expect(schema.lifecycle?.attribute).to.equal('state');
      expect(schema.lifecycle?.transitions).to.deep.equal({ a: ['b'], b: ['c'], c: [] });
      expect(Object.isFrozen(schema.lifecycle)).to.equal(true);
      expect(Object.isFrozen(schema.lifecycle?.transitions)).to.equal(true);
    });
  });

  describe('other declarations', function () {
    it('withRecordExpiry adds the internal integer TTL attribute', function () {
      expect(TTL_ATTRIBUTE).to.equal('ttl');
      expect(cardSchema.expiry).to.equal(true);
      expect(cardSchema.attribute(TTL_ATTRIBUTE)?.options).to.include({ internal: true });
      expect(cardSchema.attribute(TTL_ATTRIBUTE)?.check(1.5)).to.have.length(1);
      expect(cardSchema.attribute(TTL_ATTRIBUTE)?.check(-1)).to.have.length(1);
      expect(cardSchema.inputAttributeNames.has(TTL_ATTRIBUTE)).to.equal(false);
      expect(workspaceSchema.expiry).to.equal(false);
    });

    it('allowUpdates(false) and allowRemove(false) are recorded; both default to true', function () {
      expect(cardSchema.updatable).to.equal(false);
      expect(workspaceSchema.updatable).to.equal(true);
      expect(workspaceSchema.removable).to.equal(true);
      expect(thing().allowRemove(false).build().removable).to.equal(false);
    });

    it('withIdAttribute replaces the id declaration, which must stay required and readOnly', function () {
      expect(tokenSchema.attribute('tokenId')?.check('a'.repeat(64))).to.deep.equal([]);
      expect(tokenSchema.attribute('tokenId')?.check('0f1e2d3c-4b5a-4697-8877-665544332211')).to.have.length(1);
      expect(tokenSchema.attributeNames[0]).to.equal('tokenId');
      expectSchemaError(() => thing().withIdAttribute(attr.string({ required: true })), 'the id attribute must be required and readOnly');
      expectSchemaError(() => thing().withIdAttribute(attr.string({ readOnly: true })), 'the id attribute must be required and readOnly');
    });

    it('addRecordRule keeps the rules in order', function () {
      const first = () => [];
      const second = () => [{ path: 'name', message: 'no' }];
      const schema = thing().addRecordRule(first).addRecordRule(second).build();
      expect(schema.rules).to.deep.equal([first, second]);
    });

    it('starts every entity with its id, timestamps and updatedBy; the id defaults to a new UUID each time', function () {
      const schema = new SchemaBuilder('Plain').build();
      expect(schema.attributeNames).to.deep.equal(['plainId', 'createdAt', 'updatedAt', 'updatedBy']);
      const fallback = schema.attribute('plainId')?.options.default as () => string;
      expect(fallback()).to.match(/^[0-9a-f-]{36}$/);
      expect(fallback()).to.not.equal(fallback());
      expect(schema.attribute('createdAt')?.options).to.include({ required: true, internal: true });
      expect(schema.attribute('updatedBy')?.check('x'.repeat(256))).to.have.length(1);
    });
  });

  describe('immutability', function () {
    it('every call returns a new builder and leaves the one it was called on unchanged', function () {
      const base = new SchemaBuilder('Thing').addAttribute('a', attr.string({ required: true }));
      const withB = base.addAttribute('b', attr.string());
      const withC = base.addAttribute('c', attr.string());
      expect(withB).to.not.equal(base);
      expect(base.build().attributeNames).to.deep.equal(['thingId', 'createdAt', 'updatedAt', 'updatedBy', 'a']);
      expect(withB.build().attributeNames).to.deep.equal(['thingId', 'createdAt', 'updatedAt', 'updatedBy', 'a', 'b']);
      expect(withC.build().attributeNames).to.deep.equal(['thingId', 'createdAt', 'updatedAt', 'updatedBy', 'a', 'c']);
      // 'b' was never added to base, so adding it again is no duplicate.
      expect(base.addAttribute('b', attr.number()).build().attribute('b')?.kind).to.equal('number');
    });

    it('a built schema is frozen through, and its builder goes on declaring: later branches do not change it', function () {
      const base = thing().addIndex('byName', { gsi: 1, pk: ['name'] });
      const first = base.build();
      for (const part of [first.attributes, first.indexes, first.references, first.uniques, first.preconditions, first.rules]) expect(part).to.be.frozen;
      const later = base.addAttribute('extra', attr.string()).addIndex('byKind', { gsi: 2, pk: ['kind'] }).addUnique('name', ['name']).build();
      expect(Object.keys(first.attributes)).to.not.include('extra');
      expect(Object.keys(first.indexes)).to.deep.equal(['byName']);
      expect(first.uniques).to.deep.equal([]);
      expect(Object.keys(later.indexes)).to.deep.equal(['byName', 'byKind']);
      expect(later.attribute('extra')?.kind).to.equal('string');
    });

    it('a Schema made from a definition given from outside keeps copies: changing that object afterwards changes nothing', function () {
      const built = thing().build();
      const definition = { ...built, attributes: { ...built.attributes }, indexes: {}, references: [...built.references], uniques: [], preconditions: [], rules: [] };
      const schema = new SchemaBuilder('Thing', definition).addAttribute('extra', attr.string()).build();
      const direct = new Schema(definition);
      definition.attributes.sneaky = attr.string();
      (definition.indexes as Record<string, unknown>).byName = { gsi: 1, pk: ['name'], sk: [] };
      (definition.uniques as unknown[]).push({ name: 'x', attributes: ['name'], when: undefined, identity: false });
      for (const result of [schema, direct]) {
        expect(result.attribute('sneaky')).to.equal(undefined);
        expect(result.indexes).to.deep.equal({});
        expect(result.uniques).to.deep.equal([]);
        expect(result.attributes).to.be.frozen;
      }
      expect(Object.isFrozen(definition.attributes)).to.equal(false);
    });

    it('indexes, uniques, lifecycles, references and flags do not leak into the builder they came from', function () {
      const base = thing();
      base.addIndex('byName', { gsi: 1, pk: ['name'] });
      base.addUnique('name', ['name']);
      base.withLifecycle('state', { a: [], b: [], c: [] });
      base.hasMany('Child', { removeDependents: true });
      base.allowUpdates(false);
      base.allowRemove(false);
      base.withRecordExpiry();
      const built = base.build();
      expect(built.indexes).to.deep.equal({});
      expect(built.uniques).to.deep.equal([]);
      expect(built.lifecycle).to.equal(undefined);
      expect(built.references).to.deep.equal([]);
      expect([built.updatable, built.removable, built.expiry]).to.deep.equal([true, true, false]);
      // The same declarations succeed again on base: nothing was recorded there.
      expect(() => base.addIndex('byName', { gsi: 1, pk: ['name'] }).addUnique('name', ['name']).withLifecycle('state', { a: [], b: [], c: [] }).build()).to.not.throw();
    });

    it('builders are frozen', function () {
      const builder = thing();
      expect(Object.isFrozen(builder)).to.equal(true);
    });

    it('a failed declaration leaves the builder usable', function () {
      const builder = thing();
      expect(() => builder.addAttribute('Bad', attr.string())).to.throw(SchemaBuilderError);
      expect(builder.addAttribute('good', attr.string()).build().attributeNames).to.include('good');
    });
  });

  describe('the built Schema', function () {
    it('is frozen, and so are its collections', function () {
      expect(workspaceSchema).to.be.instanceOf(Schema);
      for (const part of [
        workspaceSchema,
        workspaceSchema.attributes,
        workspaceSchema.indexes,
        workspaceSchema.references,
        workspaceSchema.uniques,
        workspaceSchema.preconditions,
        workspaceSchema.attributeNames,
        workspaceSchema.visibleAttributeNames,
        workspaceSchema.attribute('name'),
        workspaceSchema.attribute('name')?.options,
      ]) {
        expect(Object.isFrozen(part)).to.equal(true);
      }
      expect(() => {
        (workspaceSchema as unknown as { entityName: string }).entityName = 'Other';
      }).to.throw(TypeError);
      expect(workspaceSchema.entityName).to.equal('Workspace');
    });

    it('derives the lookups the model layer uses', function () {
      expect(workspaceSchema.attributeNames).to.deep.equal([
        'workspaceId', 'createdAt', 'updatedAt', 'updatedBy', 'organizationId', 'slug', 'name', 'status', 'closedAt', 'apiSecret', 'tags', 'homepage', 'score',
      ]);
      expect(workspaceSchema.visibleAttributeNames).to.not.include('apiSecret');
      expect(workspaceSchema.visibleAttributeNames).to.have.length(workspaceSchema.attributeNames.length - 1);
      expect([...workspaceSchema.inputAttributeNames]).to.deep.equal([
        'workspaceId', 'updatedBy', 'organizationId', 'slug', 'name', 'status', 'apiSecret', 'tags', 'homepage', 'score',
      ]);
      expect([...workspaceSchema.mutableAttributeNames]).to.deep.equal(['updatedBy', 'name', 'status', 'apiSecret', 'tags', 'homepage', 'score']);
      expect([...workspaceSchema.keyAttributeNames]).to.deep.equal(['organizationId', 'status', 'slug']);
      // Keys, guarded uniques' attributes, the lifecycle state: written only when they differ from the copy.
      expect([...gadgetSchema.decidingAttributeNames].sort()).to.deep.equal(['code', 'stage']);
      expect(gadgetSchema.decidingAttributeNames.has('note')).to.equal(false);
      expect([...workspaceSchema.watchersByAttribute]).to.deep.equal([['status', ['closedAt']]]);
      expect(workspaceSchema.storageName).to.equal('workspace');
      expect(workspaceSchema.idAttribute).to.equal('workspaceId');
    });

    it('collects every watcher of an attribute', function () {
      const compute = () => 1;
      const schema = thing()
        .addAttribute('x', attr.number({ watch: { attributes: ['name', 'kind'], compute } }))
        .addAttribute('y', attr.number({ watch: { attributes: ['name'], compute } }))
        .build();
      expect([...schema.watchersByAttribute]).to.deep.equal([
        ['name', ['x', 'y']],
        ['kind', ['x']],
      ]);
    });

    it('attribute(name) finds declared attributes only', function () {
      expect(workspaceSchema.attribute('name')?.kind).to.equal('string');
      expect(workspaceSchema.attribute('nope')).to.equal(undefined);
      expect(workspaceSchema.attribute('toString')).to.equal(undefined);
      expect(workspaceSchema.attribute('__proto__')).to.equal(undefined);
    });
  });
});
