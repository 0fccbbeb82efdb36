import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect } from 'chai';
import { attr, BaseCollection, BaseModel, defineEntity, EntityRegistry, SchemaBuilder, SchemaBuilderError } from '../../../src/index.js';
import type { EntityDefinition } from '../../../src/index.js';
import {
  boardSchema,
  BoardCollection,
  Board,
  cardSchema,
  Card,
  CardCollection,
  frameworkRegistry,
  noteSchema,
  Note,
  NoteCollection,
  Workspace,
  WorkspaceCollection,
  workspaceSchema,
} from '../../fixtures/framework-entities.js';
import { stubbedClient, thrownBy, WS_ID, storedWorkspace } from '../fixtures/stub-sdk.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

function schemaError(run: () => unknown, fragment: string): void {
  const error = thrownBy(run);
  expect(error).to.be.instanceOf(SchemaBuilderError);
  expect((error as SchemaBuilderError).code).to.equal('SCHEMA');
  expect((error as Error).message).to.include(fragment);
}

const workspace = defineEntity({ schema: workspaceSchema, Model: Workspace, Collection: WorkspaceCollection });
const board = defineEntity({ schema: boardSchema, Model: Board, Collection: BoardCollection });
const card = defineEntity({ schema: cardSchema, Model: Card, Collection: CardCollection });
const note = defineEntity({ schema: noteSchema, Model: Note, Collection: NoteCollection });

/** A definition of `schema` with fresh classes (nothing installed on them yet). */
function fresh(schema: EntityDefinition['schema']): EntityDefinition {
  class Model extends BaseModel {}
  class Collection extends BaseCollection<Model> {}
  return defineEntity({ schema, Model, Collection });
}

describe('EntityRegistry', function () {
  it('lists its entities and their schemas', function () {
    const registry = frameworkRegistry();
    expect(registry.entityNames).to.deep.equal(['Workspace', 'Board', 'Card', 'Note']);
    expect(registry.schemas).to.deep.equal([workspaceSchema, boardSchema, cardSchema, noteSchema]);
    expect(Object.isFrozen(registry)).to.equal(true);
  });

  it('defineEntity returns a frozen copy of the definition', function () {
    const definition = { schema: noteSchema, Model: Note, Collection: NoteCollection };
    const defined = defineEntity(definition);
    expect(defined).to.not.equal(definition);
    expect(defined).to.deep.equal(definition);
    expect(Object.isFrozen(defined)).to.equal(true);
  });

  describe('checks that the entities fit together', function () {
    it('refuses a definition keyed under another name than its entity', function () {
      schemaError(() => new EntityRegistry({ Space: workspace, Board: board, Card: card, Note: note }), "is registered under the name 'Space'");
    });

    it('refuses a reference to an entity that is not registered', function () {
      schemaError(() => new EntityRegistry({ Board: board, Card: card }), "Board: references 'Workspace', which is not registered");
      schemaError(() => new EntityRegistry({ Workspace: workspace, Board: board, Note: note }), "references 'Card', which is not registered");
    });

    it('refuses a has_many whose target does not belong to the parent', function () {
      const loneBoard = new SchemaBuilder('Board').addAttribute('title', attr.string({ required: true })).hasMany('Card', { removeDependents: true }).build();
      schemaError(
        () => new EntityRegistry({ Workspace: workspace, Board: fresh(loneBoard), Card: card, Note: note }),
        "has_many 'Board' needs 'Board' to belong to 'Workspace'",
      );
    });

    it('refuses a has_one whose target does not belong to the parent', function () {
      const owner = new SchemaBuilder('Owner').hasOne('Profile', { removeDependents: true }).build();
      const profile = new SchemaBuilder('Profile').build();
      schemaError(() => new EntityRegistry({ Owner: fresh(owner), Profile: fresh(profile) }), "has_one 'Profile' needs 'Profile' to belong to 'Owner'");
    });

    it('refuses a precondition that reads an attribute the parent does not have', function () {
      const child = new SchemaBuilder('Child').belongsTo('Owner', { gsi: 1 }).addPrecondition('open-owner', { parent: 'Owner', attribute: 'status', equals: 'open' }).build();
      const owner = new SchemaBuilder('Owner').addAttribute('state', attr.enum(['open', 'shut'])).build();
      schemaError(() => new EntityRegistry({ Owner: fresh(owner), Child: fresh(child) }), "precondition 'open-owner' reads unknown attribute 'status' of 'Owner'");
      const ownerWithStatus = new SchemaBuilder('Owner').addAttribute('status', attr.enum(['open', 'shut'])).build();
      expect(new EntityRegistry({ Owner: fresh(ownerWithStatus), Child: fresh(child) }).entityNames).to.deep.equal(['Owner', 'Child']);
    });
  });

  describe('no global state', function () {
    it('importing the library, declaring entities, building a registry and a DataAccess installs nothing; the first use of a collection does', async function () {
      const script = [
        "const f = await import('./test/fixtures/framework-entities.ts');",
        "const seen = () => ['getName' in f.Workspace.prototype, 'setName' in f.Workspace.prototype, 'allByOrganizationId' in f.WorkspaceCollection.prototype, 'getTitle' in f.Board.prototype];",
        'const before = seen();',
        'const registry = f.frameworkRegistry();',
        'const built = seen();',
        "const da = registry.createDataAccess({ tableName: 'unit-table', region: 'local' });",
        'const connected = seen();',
        'void da.Workspace;',
        'console.log(JSON.stringify({ before, built, connected, used: seen() }));',
      ].join('\n');
      const { stdout } = await promisify(execFile)(process.execPath, ['--no-warnings', '--import', './test/support/ts-loader.mjs', '--input-type=module', '-e', script], { cwd: ROOT });
      // Board is another entity: it waits for its own first use.
      const nothing = [false, false, false, false];
      expect(JSON.parse(stdout)).to.deep.equal({ before: nothing, built: nothing, connected: nothing, used: [true, true, true, false] });
    });

    it('defineEntity and the registry leave the classes alone; the first use of the entity installs accessors and finders on their prototypes', function () {
      const schema = new SchemaBuilder('Widget').addAttribute('label', attr.string({ required: true })).addIndex('byLabel', { gsi: 1, pk: ['label'] }).build();
      const definition = fresh(schema);
      expect('getLabel' in definition.Model.prototype).to.equal(false);
      expect('allByLabel' in definition.Collection.prototype).to.equal(false);
      const da = new EntityRegistry({ Widget: definition }).createDataAccess({ tableName: 'unit-table', client: stubbedClient().doc });
      expect(Object.getOwnPropertyNames(definition.Model.prototype)).to.deep.equal(['constructor']);
      expect(Object.getOwnPropertyNames(definition.Collection.prototype)).to.deep.equal(['constructor']);
      expect(da.Widget).to.be.instanceOf(definition.Collection);
      expect(Object.getOwnPropertyNames(definition.Model.prototype)).to.include.members(['getLabel', 'setLabel', 'getWidgetId']);
      expect(Object.getOwnPropertyNames(definition.Collection.prototype)).to.include.members(['allByLabel', 'findByLabel']);
    });

    it('each DataAccess keeps its own table and client', async function () {
      const registry = frameworkRegistry();
      const one = stubbedClient();
      const two = stubbedClient();
      const daOne = registry.createDataAccess({ tableName: 'table-one', client: one.doc });
      const daTwo = registry.createDataAccess({ tableName: 'table-two', client: two.doc });
      expect(daOne.Workspace).to.not.equal(daTwo.Workspace);
      two.send.resolves({ Item: storedWorkspace() });
      await daOne.Workspace.findById(WS_ID);
      const found = await daTwo.Workspace.findById(WS_ID);
      expect(one.sent().map((c) => c.input.TableName as string)).to.deep.equal(['table-one']);
      expect(two.sent().map((c) => c.input.TableName as string)).to.deep.equal(['table-two']);
      expect(found?.getName()).to.equal('Alpha');
      expect(daOne.Workspace).to.be.instanceOf(WorkspaceCollection);
      expect(Object.keys(daOne)).to.deep.equal(['Workspace', 'Board', 'Card', 'Note']);
    });
  });
});
