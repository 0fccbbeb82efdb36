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

/** A Node system error as `net` raises it. */
function systemError(code: string, extra: Record<string, unknown> = {}): Error {
  return Object.assign(new Error(`connect ${code} (secret-value-in-message)`), { code, errno: -111, syscall: 'connect', ...extra });
}

describe('store/toDataAccessError: messages that say what failed', function () {
  it('names a refused connection by code, address and port', function () {
    const refused = systemError('ECONNREFUSED', { address: '127.0.0.1', port: 8001 });
    expect(toDataAccessError(refused, 'GetItem').message).to.equal('GetItem failed: ECONNREFUSED 127.0.0.1:8001');
  });

  it('walks the cause chain for the code and the address (an SDK error wrapping the socket error)', function () {
    const wrapped = new Error('request failed', { cause: new Error('socket', { cause: systemError('ECONNRESET', { address: '10.0.0.5', port: 443 }) }) });
    expect(toDataAccessError(wrapped, 'Query').message).to.equal('Query failed: ECONNRESET 10.0.0.5:443');
  });

  it("reads the first of an AggregateError's errors (Node tried every address of the host)", function () {
    const aggregate = Object.assign(new AggregateError([systemError('ECONNREFUSED', { address: '::1', port: 8001 }), systemError('ECONNREFUSED', { address: '127.0.0.1', port: 8001 })]), { code: 'ECONNREFUSED' });
    expect(toDataAccessError(aggregate, 'GetItem').message).to.equal('GetItem failed: ECONNREFUSED [::1]:8001');
  });

  it('names a host that does not resolve', function () {
    expect(toDataAccessError(systemError('ENOTFOUND', { hostname: 'dynamo.invalid' }), 'GetItem').message).to.equal('GetItem failed: ENOTFOUND dynamo.invalid');
  });

  it('names the SDK error behind an ElectroDB error, and keeps both a telling name and a code', function () {
    const electro = Object.assign(new Error('Error thrown by DynamoDB client', { cause: awsError('ProvisionedThroughputExceededException') }), { name: 'ElectroError', code: 4001 });
    expect(toDataAccessError(electro, 'PutItem').message).to.equal('PutItem failed: ProvisionedThroughputExceededException');
    const timeout = Object.assign(new Error('timed out'), { name: 'TimeoutError', code: 'ETIMEDOUT' });
    expect(toDataAccessError(timeout, 'Scan').message).to.equal('Scan failed: TimeoutError ETIMEDOUT');
    const same = Object.assign(new Error('x'), { name: 'ThrottlingException', code: 'ThrottlingException' });
    expect(toDataAccessError(same, 'Scan').message).to.equal('Scan failed: ThrottlingException');
  });

  it('adds the hint for missing credentials', function () {
    const message = toDataAccessError(awsError('CredentialsProviderError'), 'GetItem').message;
    expect(message).to.match(/^GetItem failed: CredentialsProviderError \(hint: configure AWS credentials/);
    expect(message).to.include('AWS_PROFILE');
  });

  it('never quotes a message, and only quotes names, codes and addresses of a safe form', function () {
    const hostile = Object.assign(new Error('token=abc123'), { name: 'Bad Name with token=abc123', code: 'not a code: abc123', address: 'evil host abc123', port: 'x' });
    const message = toDataAccessError(hostile, 'PutItem').message;
    expect(message).to.equal('PutItem failed: Error');
    expect(toDataAccessError(systemError('ECONNREFUSED'), 'GetItem').message).to.not.include('secret');
    expect(toDataAccessError(Object.assign(new Error('x'), { name: 'constructor' }), 'Op').message).to.equal('Op failed: constructor');
  });

  it('stops on a cause cycle', function () {
    const a = new Error('a');
    const b = Object.assign(new Error('b', { cause: a }), { code: 'EPIPE' });
    Object.assign(a, { cause: b });
    expect(toDataAccessError(a, 'Op').message).to.equal('Op failed: EPIPE');
  });
});
