// Nothing per entity before its first use: createDataAccess builds no ElectroDB entity and installs
// nothing; the first use of a collection prepares its classes (once per class, shared by every
// DataAccess), its first request builds its ElectroDB parts (once per schema, for every table);
// each first use — create, find, query, remove reaching a dependent, a reference, onEvent — works.
import { expect } from 'chai';
import sinon from 'sinon';
import { attr, BaseCollection, BaseModel, defineEntity, EntityRegistry, SchemaBuilder } from '../../../src/index.js';
import type { AnySchema, OperationEvent } from '../../../src/index.js';
import { builtElectroParts } from '../../../src/model/electro-adapter.js';
import { isObserved } from '../../../src/model/observe/install-observers.js';
import type { StubbedClient } from '../fixtures/stub-sdk.js';
import { storedItem, stubbedClient, T0 } from '../fixtures/stub-sdk.js';

const SHELF_ID = '0b9f7c1e-6a3d-4c2b-9e5f-1a2b3c4d5e6f';
const BOOK_ID = '1c8e6d2f-7b4e-4d3c-8f6a-2b3c4d5e6f70';

/** Shelves holding books, with fresh schemas and classes: nothing was built or installed for them yet. */
function freshEntities() {
  const shelfSchema = new SchemaBuilder('Shelf')
    .addAttribute('label', attr.string({ required: true, maxLength: 100 }))
    .addIndex('byLabel', { gsi: 1, pk: ['label'] })
    .hasMany('Book', { removeDependents: true })
    .build();
  const bookSchema = new SchemaBuilder('Book').belongsTo('Shelf', { gsi: 2 }).addAttribute('title', attr.string({ required: true, maxLength: 100 })).build();
  class Shelf extends BaseModel {}
  class ShelfCollection extends BaseCollection<Shelf> {}
  class Book extends BaseModel {}
  class BookCollection extends BaseCollection<Book> {}
  const registry = new EntityRegistry({
    Shelf: defineEntity({ schema: shelfSchema, Model: Shelf, Collection: ShelfCollection }),
    Book: defineEntity({ schema: bookSchema, Model: Book, Collection: BookCollection }),
  });
  return { shelfSchema, bookSchema, Shelf, ShelfCollection, Book, BookCollection, registry };
}

type Entities = ReturnType<typeof freshEntities>;
/** The generated finders of Shelf (typed here by hand: the classes are made in a function). */
interface ShelfFinders {
  allByLabel(label: string): Promise<unknown[]>;
  findByLabel(label: string): Promise<unknown>;
}

function access(entities: Entities, client: StubbedClient, extra: { tableName?: string; onEvent?: (event: OperationEvent) => void } = {}) {
  const da = entities.registry.createDataAccess({ tableName: 'unit-table', client: client.doc, ...extra });
  return da as unknown as { Shelf: BaseCollection & ShelfFinders; Book: BaseCollection };
}

const built = (schema: AnySchema) => builtElectroParts(schema) !== undefined;
const ownNames = (prototype: object) => Object.getOwnPropertyNames(prototype).filter((name) => name !== 'constructor');
const storedShelf = () => storedItem('shelf', { pk: `$taskmanagement#shelfId_${SHELF_ID}`, shelfId: SHELF_ID, label: 'oak', createdAt: T0, updatedAt: T0 });

/** A client on which the shelf is found, its fence succeeds and every other request (the sweep, the delete) finds nothing. */
function shelfRemovalClient(): StubbedClient {
  const client = stubbedClient();
  client.send.callsFake((command) => {
    const name = command.constructor.name;
    if (name === 'GetCommand') return Promise.resolve({ Item: storedShelf() });
    if (name === 'UpdateCommand') return Promise.resolve({ Attributes: { ...storedShelf(), __fence: T0 } });
    return Promise.resolve({});
  });
  return client;
}

describe('EntityRegistry: nothing per entity before its first use', function () {
  afterEach(function () {
    sinon.restore();
  });

  it('createDataAccess builds no ElectroDB entity and installs nothing; reading a collection prepares only its classes; its first request builds its ElectroDB parts', async function () {
    const entities = freshEntities();
    const client = stubbedClient();
    const da = access(entities, client);
    for (const prototype of [entities.Shelf.prototype, entities.ShelfCollection.prototype, entities.Book.prototype, entities.BookCollection.prototype]) {
      expect(ownNames(prototype)).to.deep.equal([]);
    }
    expect([built(entities.shelfSchema), built(entities.bookSchema)]).to.deep.equal([false, false]);

    const shelves = da.Shelf;
    expect(ownNames(entities.Shelf.prototype)).to.include.members(['getLabel', 'setLabel', 'getShelfId', 'getBooks']);
    expect(ownNames(entities.ShelfCollection.prototype)).to.include.members(['allByLabel', 'findByLabel']);
    expect(ownNames(entities.Book.prototype)).to.deep.equal([]);
    expect(built(entities.shelfSchema)).to.equal(false);
    expect(da.Shelf).to.equal(shelves);

    client.send.resolves({ Item: storedShelf() });
    const found = (await shelves.findById(SHELF_ID)) as unknown as { getLabel(): string };
    expect(found.getLabel()).to.equal('oak');
    expect(client.sentOf('GetCommand')[0]?.input.Key).to.deep.equal({ pk: `$taskmanagement#shelfId_${SHELF_ID}`, sk: '$shelf_1' });
    expect([built(entities.shelfSchema), built(entities.bookSchema)]).to.deep.equal([true, false]);
  });

  it('two DataAccess share the class-level work: one ElectroDB entity per schema, accessors installed once, each request on its own table', async function () {
    const entities = freshEntities();
    const one = stubbedClient();
    const two = stubbedClient();
    const daOne = access(entities, one, { tableName: 'table-one' });
    const daTwo = access(entities, two, { tableName: 'table-two' });
    await daOne.Shelf.allByLabel('oak');
    const parts = builtElectroParts(entities.shelfSchema);
    const getLabel = Object.getOwnPropertyDescriptor(entities.Shelf.prototype, 'getLabel')?.value as unknown;
    await daTwo.Shelf.allByLabel('pine');
    expect(parts).to.not.equal(undefined);
    expect(builtElectroParts(entities.shelfSchema)).to.equal(parts);
    expect(Object.getOwnPropertyDescriptor(entities.Shelf.prototype, 'getLabel')?.value).to.equal(getLabel);
    expect(daOne.Shelf).to.not.equal(daTwo.Shelf);
    const tablesOf = (client: StubbedClient) => client.sentOf('QueryCommand').map((command) => `${String(command.input.TableName)} ${String(command.input.IndexName)}`);
    expect(tablesOf(one)).to.deep.equal(['table-one gsi1']);
    expect(tablesOf(two)).to.deep.equal(['table-two gsi1']);
  });

  it('the first use of each path works: create, query, a reference getter, remove reaching a dependent never used', async function () {
    const created = freshEntities();
    const createClient = stubbedClient();
    const shelf = (await access(created, createClient).Shelf.create({ label: 'oak' })) as unknown as { getLabel(): string };
    expect(shelf.getLabel()).to.equal('oak');
    expect(createClient.sentOf('PutCommand')[0]?.input.Item).to.include({ label: 'oak', gsi1pk: '$taskmanagement#label_oak', __edb_e__: 'shelf' });

    const queried = freshEntities();
    const queryClient = stubbedClient();
    queryClient.send.resolves({ Items: [storedShelf()] });
    expect(await access(queried, queryClient).Shelf.findByLabel('oak')).to.be.instanceOf(queried.Shelf);
    expect(queryClient.sentOf('QueryCommand')[0]?.input).to.include({ TableName: 'unit-table', IndexName: 'gsi1' });

    // A book reaches its shelf (never used in this DataAccess) through its reference getter.
    const referenced = freshEntities();
    const referenceClient = stubbedClient();
    const book = storedItem('book', { pk: `$taskmanagement#bookId_${BOOK_ID}`, bookId: BOOK_ID, shelfId: SHELF_ID, title: 'Dune', createdAt: T0, updatedAt: T0 });
    referenceClient.send.onFirstCall().resolves({ Item: book }).onSecondCall().resolves({ Item: storedShelf() });
    const daReferenced = access(referenced, referenceClient);
    const foundBook = (await daReferenced.Book.findById(BOOK_ID)) as unknown as { getShelf(): Promise<unknown> };
    expect(built(referenced.shelfSchema)).to.equal(false);
    expect(await foundBook.getShelf()).to.be.instanceOf(referenced.Shelf);
    expect(built(referenced.shelfSchema)).to.equal(true);

    // Removing a shelf fences it, sweeps its books (an entity this DataAccess never used) and deletes it.
    const removed = freshEntities();
    const removeClient = shelfRemovalClient();
    const daRemoved = access(removed, removeClient);
    const toRemove = (await daRemoved.Shelf.findById(SHELF_ID)) as unknown as { remove(): Promise<unknown> };
    expect(ownNames(removed.Book.prototype)).to.deep.equal([]);
    await toRemove.remove();
    expect(removeClient.sent().map((command) => command.name)).to.deep.equal(['GetCommand', 'UpdateCommand', 'QueryCommand', 'QueryCommand', 'DeleteCommand']);
    expect(removeClient.sentOf('QueryCommand')[0]?.input).to.include({ IndexName: 'gsi2', TableName: 'unit-table' });
    expect(ownNames(removed.Book.prototype)).to.include('getShelf');
    expect(built(removed.bookSchema)).to.equal(true);
  });

  it('with onEvent, the first use observes every method of the classes, the generated ones too, even when a DataAccess without a listener prepared them first', async function () {
    const entities = freshEntities();
    const quiet = access(entities, stubbedClient());
    void quiet.Shelf;
    expect(isObserved(Object.getOwnPropertyDescriptor(entities.ShelfCollection.prototype, 'allByLabel')?.value)).to.equal(false);

    const events: OperationEvent[] = [];
    const client = stubbedClient();
    client.send.resolves({ Item: storedShelf() });
    const observed = access(entities, client, { onEvent: (event) => events.push(event) });
    const shelf = (await observed.Shelf.findById(SHELF_ID)) as unknown as { getLabel(): string };
    expect(shelf.getLabel()).to.equal('oak');
    expect(events.map((event) => event.operation)).to.deep.equal(['Shelf.findById']);
    for (const prototype of [entities.Shelf.prototype, entities.ShelfCollection.prototype]) {
      const unobserved = ownNames(prototype).filter((name) => !isObserved(Object.getOwnPropertyDescriptor(prototype, name)?.value));
      expect(unobserved).to.deep.equal([]);
    }
    // Book is reached later, through the shelf: observed on its first use.
    void observed.Book;
    expect(ownNames(entities.Book.prototype).filter((name) => !isObserved(Object.getOwnPropertyDescriptor(entities.Book.prototype, name)?.value))).to.deep.equal([]);
    // The quiet DataAccess still runs without events.
    await quiet.Shelf.findById(SHELF_ID);
    expect(events).to.have.length(1);
  });

  it('with onEvent, an entity first reached through a reference or a cascade is observed: its own calls are operations afterwards', async function () {
    const storedBook = () => storedItem('book', { pk: `$taskmanagement#bookId_${BOOK_ID}`, bookId: BOOK_ID, shelfId: SHELF_ID, title: 'Dune', createdAt: T0, updatedAt: T0 });
    const unobservedOf = (prototype: object) => ownNames(prototype).filter((name) => !isObserved(Object.getOwnPropertyDescriptor(prototype, name)?.value));

    // Through a reference: the shelf's getBooks is the first use of Book in this process.
    const referenced = freshEntities();
    const events: OperationEvent[] = [];
    const client = stubbedClient();
    client.send.callsFake((command) => Promise.resolve(command.constructor.name === 'QueryCommand' ? { Items: [storedBook()] } : { Item: storedShelf() }));
    const da = access(referenced, client, { onEvent: (event) => events.push(event) });
    const shelf = (await da.Shelf.findById(SHELF_ID)) as unknown as { getBooks(): Promise<{ getShelf(): Promise<unknown> }[]> };
    const books = await shelf.getBooks();
    expect(books).to.have.length(1);
    expect(await books[0]?.getShelf()).to.be.instanceOf(referenced.Shelf);
    expect(events.map((event) => event.operation)).to.deep.equal(['Shelf.findById', 'Shelf.getBooks', 'Book.getShelf']);
    expect([unobservedOf(referenced.Book.prototype), unobservedOf(referenced.BookCollection.prototype)]).to.deep.equal([[], []]);

    // Through a cascade: removing a shelf is the first use of Book; Book's classes are observed
    // before anyone reads da.Book, and its calls are operations of their own.
    const cascaded = freshEntities();
    const cascadeEvents: OperationEvent[] = [];
    const cascadeClient = shelfRemovalClient();
    const daCascaded = access(cascaded, cascadeClient, { onEvent: (event) => cascadeEvents.push(event) });
    const toRemove = (await daCascaded.Shelf.findById(SHELF_ID)) as unknown as { remove(): Promise<unknown> };
    await toRemove.remove();
    expect([unobservedOf(cascaded.Book.prototype), unobservedOf(cascaded.BookCollection.prototype)]).to.deep.equal([[], []]);
    expect(ownNames(cascaded.BookCollection.prototype)).to.include('allByShelfId');
    await daCascaded.Book.findById(BOOK_ID);
    expect(cascadeEvents.map((event) => event.operation)).to.deep.equal(['Shelf.findById', 'Shelf.remove', 'Book.findById']);
  });
});
