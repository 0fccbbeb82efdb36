import { expect } from 'chai';
import * as errors from '../../src/errors/index.js';
import {
  ConcurrentModificationError,
  ConflictError,
  DataAccessError,
  InvalidTransitionError,
  isDataAccessError,
  NotFoundError,
  SchemaBuilderError,
  ValidationError,
} from '../../src/errors/index.js';

function expectFamily(error: DataAccessError, name: string, code: string): void {
  expect(error).to.be.instanceOf(Error);
  expect(error).to.be.instanceOf(DataAccessError);
  expect(isDataAccessError(error)).to.equal(true);
  expect(error.name).to.equal(name);
  expect(error.code).to.equal(code);
  expect(String(error)).to.contain(name);
  expect(error.stack).to.be.a('string');
}

describe('errors', function () {
  it('exports every error class from the errors entry point', function () {
    expect(Object.keys(errors).sort()).to.deep.equal(
      [
        'ConcurrentModificationError',
        'ConflictError',
        'DataAccessError',
        'InvalidTransitionError',
        'NotFoundError',
        'SchemaBuilderError',
        'ValidationError',
        'isDataAccessError',
      ].sort(),
    );
  });

  describe('DataAccessError', function () {
    it('carries its code, message and cause', function () {
      const cause = new Error('socket closed');
      const error = new DataAccessError('DATASTORE', 'Query failed', { cause });
      expectFamily(error, 'DataAccessError', 'DATASTORE');
      expect(error.message).to.equal('Query failed');
      expect(error.cause).to.equal(cause);
    });

    it('has no cause unless given one', function () {
      expect(new DataAccessError('CONFIGURATION', 'bad')).to.not.have.property('cause');
    });

    it('takes the name of a subclass declared outside the library', function () {
      class CustomError extends DataAccessError {}
      expectFamily(new CustomError('UNSUPPORTED', 'x'), 'CustomError', 'UNSUPPORTED');
    });
  });

  describe('ValidationError', function () {
    it('lists every path with its message, and keeps the issues', function () {
      const issues = [
        { path: 'metadata.cloudId', message: 'is required' },
        { path: 'items[3].displayName', message: 'must be a string' },
      ];
      const error = new ValidationError(issues);
      expectFamily(error, 'ValidationError', 'VALIDATION');
      expect(error.message).to.equal('invalid input: metadata.cloudId: is required; items[3].displayName: must be a string');
      expect(error.issues).to.deep.equal(issues);
    });

    it('names an empty path "(value)" and prefixes the context when given', function () {
      const error = new ValidationError([{ path: '', message: 'expected an object' }], 'Ticket.create');
      expect(error.message).to.equal('Ticket.create: invalid input: (value): expected an object');
    });

    it('keeps its own copy of the issues (typed { path, message }[] as API.md declares)', function () {
      const issues = [{ path: 'a', message: 'bad' }];
      const error = new ValidationError(issues);
      issues.push({ path: 'b', message: 'added later' });
      expect(error.issues.map((issue) => issue.path)).to.deep.equal(['a']);
      const asDeclared: { path: string; message: string }[] = error.issues;
      expect(asDeclared).to.not.equal(issues);
    });
  });

  it('NotFoundError names the entity and id in its fields, the entity only in its message', function () {
    const id = '5b1f0c4e-6a7d-4e2b-9c3a-8d4f2e1a0b9c';
    const error = new NotFoundError('Ticket', id);
    expectFamily(error, 'NotFoundError', 'NOT_FOUND');
    expect(error.entityName).to.equal('Ticket');
    expect(error.id).to.equal(id);
    expect(error.message).to.equal('Ticket does not exist');
    expect(error.message).to.not.include(id);
  });

  describe('ConflictError', function () {
    it('carries the constraint and its own copy of the conflicting values', function () {
      const values = ['s-1', 's-2'];
      const error = new ConflictError('suggestion', 'already ticketed', values);
      expectFamily(error, 'ConflictError', 'CONFLICT');
      expect(error.constraint).to.equal('suggestion');
      expect(error.message).to.equal('already ticketed');
      values.push('s-3');
      expect(error.conflictingValues).to.deep.equal(['s-1', 's-2']);
      expect(error.conflictingValues).to.not.equal(values);
    });

    it('has no conflicting values unless given', function () {
      const error = new ConflictError('id', 'exists');
      expect(error.conflictingValues).to.deep.equal([]);
    });
  });

  it('ConcurrentModificationError names the entity and id in its fields, the entity only in its message', function () {
    const id = '6c2a1d5f-7b8e-4f3c-8d4b-9e5a3f2b1c0d';
    const error = new ConcurrentModificationError('Connection', id);
    expectFamily(error, 'ConcurrentModificationError', 'CONCURRENT_MODIFICATION');
    expect(error.entityName).to.equal('Connection');
    expect(error.id).to.equal(id);
    expect(error.message).to.equal('Connection was changed by someone else since it was read');
    expect(error.message).to.not.include(id);
  });

  it('InvalidTransitionError carries from and to', function () {
    const error = new InvalidTransitionError('Sync', 'completed', 'pending');
    expectFamily(error, 'InvalidTransitionError', 'INVALID_TRANSITION');
    expect(error.from).to.equal('completed');
    expect(error.to).to.equal('pending');
    expect(error.message).to.equal("Sync cannot move from 'completed' to 'pending'");
  });

  describe('InvalidTransitionError, typed by state', function () {
    type Light = 'red' | 'green';

    it('keeps the states it is given and is an instance of its class and of DataAccessError', function () {
      const error = new InvalidTransitionError<Light>('Light', 'red', 'green');
      const from: Light = error.from;
      expect([from, error.to]).to.deep.equal(['red', 'green']);
      expect(error).to.be.instanceOf(InvalidTransitionError).and.instanceOf(DataAccessError).and.instanceOf(Error);
      expect(Object.getPrototypeOf(error)).to.equal(InvalidTransitionError.prototype);
    });

    it('can be subclassed, keeping the subclass name', function () {
      class LightError extends InvalidTransitionError<Light> {}
      const error = new LightError('Light', 'green', 'red');
      expectFamily(error, 'LightError', 'INVALID_TRANSITION');
      expect(error).to.be.instanceOf(InvalidTransitionError);
      expect(error.from).to.equal('green');
    });
  });

  it('ConflictError keeps a constraint name a schema of your own declared (a string at run time)', function () {
    const error = new ConflictError('workspace-slug', 'taken', ['acme']);
    expect(error.constraint).to.equal('workspace-slug');
    expect(error.conflictingValues).to.deep.equal(['acme']);
  });

  it('SchemaBuilderError names the schema', function () {
    const error = new SchemaBuilderError('Ticket', 'duplicate attribute "id"');
    expectFamily(error, 'SchemaBuilderError', 'SCHEMA');
    expect(error.message).to.equal('schema Ticket: duplicate attribute "id"');
  });

  it('isDataAccessError rejects look-alikes and non-errors', function () {
    const lookAlike = Object.assign(new Error('x'), { name: 'ValidationError', code: 'VALIDATION' });
    for (const value of [lookAlike, new Error('x'), { code: 'DATASTORE' }, null, undefined, 'DataAccessError']) {
      expect(isDataAccessError(value)).to.equal(false);
    }
  });
});
