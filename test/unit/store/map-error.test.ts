import { expect } from 'chai';
import { ConflictError, DataAccessError, NotFoundError, ValidationError } from '../../../src/errors/index.js';
import { toDataAccessError } from '../../../src/store/map-error.js';
import { awsError } from './fake-context.js';

describe('store/toDataAccessError', function () {
  it('passes errors of the library through unchanged', function () {
    const ours = [
      new DataAccessError('UNSUPPORTED', 'no'),
      new ValidationError([{ path: 'x', message: 'bad' }]),
      new ConflictError('email', 'taken'),
      new NotFoundError('Ticket', 't-1'),
    ];
    for (const error of ours) expect(toDataAccessError(error, 'Op')).to.equal(error);
  });

  it('wraps an SDK error as DATASTORE, naming the operation and the error, with the error as cause', function () {
    const sdk = awsError('ResourceNotFoundException');
    const wrapped = toDataAccessError(sdk, 'GetItem');
    expect(wrapped).to.be.instanceOf(DataAccessError);
    expect(wrapped.code).to.equal('DATASTORE');
    expect(wrapped.message).to.equal('GetItem failed: ResourceNotFoundException');
    expect(wrapped.cause).to.equal(sdk);
  });

  it('wraps plain errors and objects with a non-string name', function () {
    expect(toDataAccessError(new TypeError('x'), 'Op').message).to.equal('Op failed: TypeError');
    expect(toDataAccessError({ name: 503 }, 'Op').message).to.equal('Op failed: 503');
  });

  it("wraps values that are not errors, calling them 'Error'", function () {
    for (const value of ['boom', 42, null, undefined, { message: 'no name' }]) {
      const wrapped = toDataAccessError(value, 'Op');
      expect(wrapped.code).to.equal('DATASTORE');
      expect(wrapped.message).to.equal('Op failed: Error');
      expect(wrapped.cause).to.equal(value);
    }
  });
});
