import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import { expect } from 'chai';
import sinon from 'sinon';
import { DataAccessError } from '../../../src/index.js';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { defaultLogger, storeContextOf } from '../../../src/registry/index.js';
import { isDynamoDBClientLike } from '../../../src/registry/store-config.js';
import { DEFAULT_RETRY_POLICY } from '../../../src/store/context.js';
import { frameworkRegistry } from '../../fixtures/framework-entities.js';
import { newDocumentClient, stubbedClient, thrownBy, WS_ID } from '../fixtures/stub-sdk.js';

function configurationError(run: () => unknown, fragment: string): DataAccessError {
  const error = thrownBy(run);
  expect(error).to.be.instanceOf(DataAccessError);
  expect((error as DataAccessError).code).to.equal('CONFIGURATION');
  expect((error as Error).message).to.include(fragment);
  return error as DataAccessError;
}

describe('createDataAccess configuration', function () {
  const registry = frameworkRegistry();
  const client = newDocumentClient();

  it('refuses a missing configuration', function () {
    configurationError(() => registry.createDataAccess(undefined as never), 'a configuration object is required');
    configurationError(() => registry.createDataAccess(null as never), 'a configuration object is required');
  });

  for (const tableName of [undefined, '', 'ab', 'has space', 'x'.repeat(256), 'bad/name', 42]) {
    it(`refuses the tableName ${JSON.stringify(tableName)}`, function () {
      configurationError(() => registry.createDataAccess({ tableName: tableName as string, client }), 'tableName must be a DynamoDB table name');
    });
  }

  it('accepts table names of 3 to 255 allowed characters', function () {
    expect(() => registry.createDataAccess({ tableName: 'a.b', client })).to.not.throw();
    expect(() => registry.createDataAccess({ tableName: `T_-.${'x'.repeat(251)}`, client })).to.not.throw();
  });

  for (const [label, bad] of [
    ['a plain object', { send: () => undefined }],
    ['a string', 'client'],
    ['null', null],
  ] as const) {
    it(`refuses ${label} as client`, function () {
      configurationError(() => registry.createDataAccess({ tableName: 'table', client: bad as never }), 'client must be a DynamoDBClient or a DynamoDBDocumentClient');
    });
  }

  for (const concurrency of [0, -1, 65, 1.5, Number.NaN, '8']) {
    it(`refuses concurrency ${String(concurrency)}`, function () {
      configurationError(() => registry.createDataAccess({ tableName: 'table', client, concurrency: concurrency as number }), 'concurrency must be an integer from 1 to 64');
    });
  }

  for (const maxAttempts of [0, -1, 2.5, Number.NaN]) {
    it(`refuses retry.maxAttempts ${String(maxAttempts)}`, function () {
      configurationError(() => registry.createDataAccess({ tableName: 'table', client, retry: { maxAttempts } }), 'retry.maxAttempts must be a positive integer');
    });
  }

  it('refuses a DocumentClient that wraps numbers (its base client too: they share one config), accepts one that does not', function () {
    const wrapping = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'local' }), { unmarshallOptions: { wrapNumbers: true } });
    configurationError(() => registry.createDataAccess({ tableName: 'table', client: wrapping }), 'unmarshallOptions.wrapNumbers is not supported');
    const base = new DynamoDBClient({ region: 'local' });
    DynamoDBDocumentClient.from(base, { unmarshallOptions: { wrapNumbers: true } });
    configurationError(() => registry.createDataAccess({ tableName: 'table', client: base }), 'unmarshallOptions.wrapNumbers is not supported');
    const plain = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'local' }), { unmarshallOptions: { wrapNumbers: false } });
    expect(() => registry.createDataAccess({ tableName: 'table', client: plain })).to.not.throw();
  });

  it('refuses concurrency null (undefined alone means the default)', function () {
    configurationError(() => registry.createDataAccess({ tableName: 'table', client, concurrency: null as never }), 'concurrency must be an integer from 1 to 64');
  });

  it('takes a retry setting given as undefined as the default (like concurrency), and refuses null', function () {
    for (const retry of [{ maxAttempts: undefined }, { baseDelayMs: undefined }, { maxDelayMs: undefined }, { maxAttempts: undefined, baseDelayMs: undefined, maxDelayMs: undefined }]) {
      expect(storeContextOf({ tableName: 'table', client, retry }).retry).to.include({ maxAttempts: DEFAULT_RETRY_POLICY.maxAttempts, baseDelayMs: DEFAULT_RETRY_POLICY.baseDelayMs, maxDelayMs: DEFAULT_RETRY_POLICY.maxDelayMs });
    }
    expect(storeContextOf({ tableName: 'table', client, retry: { maxAttempts: 4, baseDelayMs: undefined } }).retry).to.include({ maxAttempts: 4, baseDelayMs: DEFAULT_RETRY_POLICY.baseDelayMs });
    configurationError(() => registry.createDataAccess({ tableName: 'table', client, retry: { maxAttempts: null as never } }), 'retry.maxAttempts must be a positive integer');
    configurationError(() => registry.createDataAccess({ tableName: 'table', client, retry: { baseDelayMs: null as never } }), 'retry.baseDelayMs must be an integer from 0 to 60000');
    configurationError(() => registry.createDataAccess({ tableName: 'table', client, retry: { maxDelayMs: null as never } }), 'retry.maxDelayMs must be an integer from 0 to 600000');
  });

  for (const [label, retry, fragment] of [
    ['a number', 42, 'retry must be { maxAttempts?, baseDelayMs?, maxDelayMs? }'],
    ['an array', [], 'retry must be { maxAttempts?, baseDelayMs?, maxDelayMs? }'],
    ['null', null, 'retry must be { maxAttempts?, baseDelayMs?, maxDelayMs? }'],
    ['an unknown key', { attempts: 3 }, 'retry.attempts is not a retry setting'],
    ['a hook the library keeps for itself', { sleep: () => Promise.resolve() }, 'retry.sleep is not a retry setting'],
    ['maxAttempts 1e9', { maxAttempts: 1e9 }, 'retry.maxAttempts must be an integer from 1 to 100'],
    ['a string baseDelayMs', { baseDelayMs: 'x' }, 'retry.baseDelayMs must be an integer from 0 to 60000'],
    ['a negative maxDelayMs', { maxDelayMs: -5 }, 'retry.maxDelayMs must be an integer from 0 to 600000'],
    ['an infinite maxDelayMs', { maxDelayMs: Number.POSITIVE_INFINITY }, 'retry.maxDelayMs must be an integer from 0 to 600000'],
    ['baseDelayMs above maxDelayMs', { baseDelayMs: 500, maxDelayMs: 100 }, 'retry.baseDelayMs must not exceed retry.maxDelayMs'],
  ] as const) {
    it(`refuses retry: ${label}`, function () {
      configurationError(() => registry.createDataAccess({ tableName: 'table', client, retry: retry as never }), fragment);
    });
  }

  for (const [label, logger] of [
    ['a number', 42],
    ['an empty object', {}],
    ['warn that is no function', { debug: () => undefined, info: () => undefined, warn: 5, error: () => undefined }],
    ['no error method', { debug: () => undefined, info: () => undefined, warn: () => undefined }],
    ['null', null],
  ] as const) {
    it(`refuses a logger that is ${label}`, function () {
      configurationError(() => registry.createDataAccess({ tableName: 'table', client, logger: logger as never }), 'logger must have the methods debug, info, warn and error');
    });
  }

  it('calls the given logger, and a logger that throws never reaches the caller', function () {
    const warn = sinon.stub().throws(new Error('log sink closed'));
    const logger = { debug: sinon.stub().throws(new Error('x')), info: sinon.stub(), warn, error: sinon.stub().throws(new Error('x')) };
    const context = storeContextOf({ tableName: 'table', client, logger });
    expect(() => context.logger.warn('cleanup failed', { count: 1 })).to.not.throw();
    expect(() => context.logger.error('failed')).to.not.throw();
    expect(() => context.logger.debug('detail')).to.not.throw();
    expect(warn.calledOnceWithExactly('cleanup failed', { count: 1 })).to.equal(true);
  });

  describe('an async logger whose methods reject', function () {
    const rejections: unknown[] = [];
    const record = (reason: unknown) => rejections.push(reason);
    beforeEach(function () {
      rejections.length = 0;
      process.on('unhandledRejection', record);
    });
    afterEach(function () {
      process.off('unhandledRejection', record);
    });
    // Unhandled rejections are reported after the microtask queue drains: give them a macrotask.
    const settled = () => new Promise((resolve) => setTimeout(resolve, 20));
    const rejecting = () => Promise.reject(new Error('log sink closed'));

    it('never leaves an unhandled rejection (each level)', async function () {
      const logger = { debug: rejecting, info: rejecting, warn: rejecting, error: rejecting };
      const context = storeContextOf({ tableName: 'table', client, logger });
      for (const level of ['debug', 'info', 'warn', 'error'] as const) expect(() => context.logger[level]('message')).to.not.throw();
      // A thenable whose `then` throws, and a function that is a thenable rejecting: dropped as well.
      const throwingThen = { then: () => { throw new Error('x'); } };
      const callableThenable = Object.assign(() => undefined, { then: (_: unknown, reject: (reason: Error) => void) => reject(new Error('x')) });
      const odd = { debug: () => throwingThen, info: () => callableThenable, warn: rejecting, error: rejecting };
      const oddContext = storeContextOf({ tableName: 'table', client, logger: odd });
      expect(() => oddContext.logger.debug('message')).to.not.throw();
      expect(() => oddContext.logger.info('message')).to.not.throw();
      await settled();
      expect(rejections).to.deep.equal([]);
    });

    it('lets the operation resolve when the onEvent listener throws and the warn about it rejects', async function () {
      const stubbed = stubbedClient();
      const warn = sinon.spy(rejecting);
      const logger = { debug: () => undefined, info: () => undefined, warn, error: () => undefined };
      const da = registry.createDataAccess({
        tableName: 'table',
        client: stubbed.doc,
        logger,
        onEvent: () => {
          throw new Error('listener bug');
        },
      });
      expect(await da.Workspace.findById(WS_ID)).to.equal(null);
      await settled();
      expect(warn.calledOnce).to.equal(true);
      expect(rejections).to.deep.equal([]);
    });
  });

  it('accepts concurrency 1 and 64, retry.maxAttempts 1', function () {
    expect(() => registry.createDataAccess({ tableName: 'table', client, concurrency: 1, retry: { maxAttempts: 1 } })).to.not.throw();
    expect(() => registry.createDataAccess({ tableName: 'table', client, concurrency: 64 })).to.not.throw();
  });

  it('accepts an encryption keyring or provider, and refuses a bad keyring with CONFIGURATION', function () {
    const key = new Uint8Array(32).fill(7);
    expect(() => registry.createDataAccess({ tableName: 'table', client, encryption: { keys: { k1: key }, activeKeyId: 'k1' } })).to.not.throw();
    const provider = { encrypt: () => ({ keyId: 'kms', ciphertext: 'x' }), decrypt: () => 'plain' };
    expect(() => registry.createDataAccess({ tableName: 'table', client, encryption: provider })).to.not.throw();
    configurationError(() => registry.createDataAccess({ tableName: 'table', client, encryption: { keys: { k1: new Uint8Array(16) }, activeKeyId: 'k1' } }), "key 'k1' must be a Uint8Array of 32 bytes");
    configurationError(() => registry.createDataAccess({ tableName: 'table', client, encryption: { keys: { k1: key }, activeKeyId: 'k2' } }), 'activeKeyId must name one of the keys');
  });

  it('accepts a DynamoDBClient and sends through it', async function () {
    const base = new DynamoDBClient({ region: 'local', endpoint: 'http://127.0.0.1:1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
    const seen: { command: unknown; input: { TableName?: string } }[] = [];
    // The DocumentClient built over `base` shares its middleware stack: answer before any request.
    base.middlewareStack.add(
      (_next, context) => (args) => {
        seen.push({ command: context.commandName, input: args.input as { TableName?: string } });
        return Promise.resolve({ output: { $metadata: {} } as never, response: {} });
      },
      { step: 'initialize', name: 'unitAnswer', priority: 'high' },
    );
    const da = registry.createDataAccess({ tableName: 'table', client: base });
    expect(await da.Workspace.findById('2a2b2c2d-3e3f-4a4b-8c8d-9e9f0a0b0c0d')).to.equal(null);
    expect(seen.map((s) => [s.command, s.input.TableName])).to.deep.equal([['GetItemCommand', 'table']]);
  });

  it('builds its own client from region and endpoint when none is given', function () {
    const da = registry.createDataAccess({ tableName: 'table', region: 'eu-west-1', endpoint: 'http://127.0.0.1:1' });
    expect(Object.keys(da)).to.deep.equal(['Workspace', 'Board', 'Card', 'Note']);
    expect(() => registry.createDataAccess({ tableName: 'table' })).to.not.throw();
  });
});

describe('createDataAccess configuration: endpoint, region and client shapes', function () {
  const registry = frameworkRegistry();
  const credentials = { accessKeyId: 'x', secretAccessKey: 'x' };

  for (const endpoint of ['localhost:8001', 'not a url', 'ftp://x', '127.0.0.1:8000', 'http://', 'file:///tmp/db', '', 42, null]) {
    it(`refuses the endpoint ${JSON.stringify(endpoint)} with CONFIGURATION at once (never a TypeError)`, function () {
      configurationError(() => registry.createDataAccess({ tableName: 'table', region: 'local', endpoint: endpoint as string }), 'endpoint must be an http(s) URL with a host');
      // with a client too: an endpoint that would be ignored still names a mistake
      configurationError(() => registry.createDataAccess({ tableName: 'table', client: newDocumentClient(), endpoint: endpoint as string }), 'endpoint must be an http(s)');
    });
  }

  for (const endpoint of ['http://127.0.0.1:8000', 'https://dynamodb.eu-west-1.amazonaws.com', 'http://localhost:8001/', 'http://[::1]:8000']) {
    it(`accepts the endpoint ${endpoint}`, function () {
      expect(() => registry.createDataAccess({ tableName: 'table', region: 'local', endpoint })).to.not.throw();
    });
  }

  for (const region of ['', 5, ' ', 'eu west 1', 'eu-west-1\u0000', '-eu-west-1', 'x'.repeat(64), '\uD800', 'eu-west-1.evil.example']) {
    it(`refuses the region ${JSON.stringify(region)}`, function () {
      configurationError(() => registry.createDataAccess({ tableName: 'table', region: region as string }), 'region must be an AWS region name');
    });
  }

  for (const region of ['eu-west-1', 'us-gov-west-1', 'cn-north-1', 'local']) {
    it(`accepts the region ${region}`, function () {
      expect(() => registry.createDataAccess({ tableName: 'table', region })).to.not.throw();
    });
  }

  it('refuses a field it does not know (a misspelt encryption would be ignored), naming it and the fields it knows', function () {
    const error = configurationError(() => registry.createDataAccess({ tableName: 'table', region: 'local', encrpytion: { keys: {}, activeKeyId: 'a' } } as never), 'encrpytion is not a configuration field');
    expect(error.message).to.include('tableName, client, region, endpoint, logger, retry, concurrency, encryption, onEvent');
  });

  it('refuses a client of another AWS service (same shape, another config.serviceId), and takes a stand-in without one at its shape', function () {
    const stack = { add: () => undefined, use: () => undefined };
    const streams = new DynamoDBStreamsClient({ region: 'local', credentials });
    expect(isDynamoDBClientLike(streams)).to.equal(false);
    configurationError(() => registry.createDataAccess({ tableName: 'table', client: streams }), "config.serviceId other than 'DynamoDB'");
    for (const serviceId of ['STS', 'S3', 'dynamodb', '']) {
      expect(isDynamoDBClientLike({ send: () => Promise.resolve({}), config: { serviceId }, middlewareStack: stack }), serviceId).to.equal(false);
    }
    expect(isDynamoDBClientLike({ send: () => Promise.resolve({}), config: { serviceId: 'DynamoDB' }, middlewareStack: stack })).to.equal(true);
    expect(isDynamoDBClientLike({ send: () => Promise.resolve({}), config: {}, middlewareStack: stack })).to.equal(true);
  });

  it('recognises a client by its shape: send, config and a middlewareStack with add and use', function () {
    const stack = { add: () => undefined, use: () => undefined };
    expect(isDynamoDBClientLike({ send: () => Promise.resolve({}), config: {}, middlewareStack: stack })).to.equal(true);
    expect(isDynamoDBClientLike(new DynamoDBClient({ region: 'local', credentials }))).to.equal(true);
    expect(isDynamoDBClientLike(newDocumentClient())).to.equal(true);
    for (const bad of [null, 'client', { send: () => undefined }, { send: () => undefined, config: {} }, { send: 1, config: {}, middlewareStack: stack }, { send: () => undefined, config: null, middlewareStack: stack }, { send: () => undefined, config: {}, middlewareStack: { add: () => undefined } }, { send: () => undefined, config: {}, middlewareStack: null }]) {
      expect(isDynamoDBClientLike(bad), JSON.stringify(bad)).to.equal(false);
    }
  });

  it('uses a DocumentClient as it is and wraps a bare DynamoDBClient (by shape, not class)', function () {
    const doc = newDocumentClient();
    expect(storeContextOf({ tableName: 'table', client: doc }).doc).to.equal(doc);
    const base = new DynamoDBClient({ region: 'local', credentials });
    const wrapped = storeContextOf({ tableName: 'table', client: base }).doc;
    expect(wrapped).to.be.instanceOf(DynamoDBDocumentClient);
    expect(wrapped.middlewareStack).to.equal(base.middlewareStack);
    // A client of "another copy": same shape, other class. A DocumentClient made over it marks its config.
    const foreign = { send: base.send.bind(base), config: base.config, middlewareStack: base.middlewareStack };
    expect(storeContextOf({ tableName: 'table', client: foreign }).doc).to.equal(foreign);
  });

  it('wraps a client no DocumentClient was made over with the library\'s own marshalling options', function () {
    const base = new DynamoDBClient({ region: 'local', credentials });
    expect(Object.hasOwn(base.config, 'translateConfig')).to.equal(false);
    storeContextOf({ tableName: 'table', client: base });
    expect((base.config as { translateConfig?: unknown }).translateConfig).to.deep.equal({ marshallOptions: { removeUndefinedValues: true } });
  });
});

describe('defaultLogger', function () {
  afterEach(function () {
    sinon.restore();
  });

  it('is frozen, keeps debug off and forwards the other levels to the console', function () {
    const info = sinon.stub(console, 'info');
    const warn = sinon.stub(console, 'warn');
    const error = sinon.stub(console, 'error');
    const debug = sinon.stub(console, 'debug');
    const log = sinon.stub(console, 'log');
    defaultLogger.debug('quiet', { a: 1 });
    defaultLogger.info('hello', { a: 1 });
    defaultLogger.warn('careful');
    defaultLogger.error('broken', { b: 2 });
    defaultLogger.info('bare');
    defaultLogger.warn('with meta', { c: 3 });
    defaultLogger.error('bare');
    expect(debug.called || log.called).to.equal(false);
    expect(info.firstCall.args).to.deep.equal(['hello', { a: 1 }]);
    expect(warn.firstCall.args).to.deep.equal(['careful', '']);
    expect(error.firstCall.args).to.deep.equal(['broken', { b: 2 }]);
    expect(info.secondCall.args).to.deep.equal(['bare', '']);
    expect(warn.secondCall.args).to.deep.equal(['with meta', { c: 3 }]);
    expect(error.secondCall.args).to.deep.equal(['bare', '']);
    expect(Object.isFrozen(defaultLogger)).to.equal(true);
  });
});

describe('createDataAccess configuration that cannot be read', function () {
  const registry = frameworkRegistry();
  const client = newDocumentClient();
  const SECRET = 's3cr3t';
  const boom = (): never => {
    throw new Error(`getter threw: ${SECRET}`);
  };
  /** `base` with the field `name` a getter that throws. */
  const throwingAt = (base: object, name: string): object => Object.defineProperty({ ...base }, name, { enumerable: true, get: boom });
  /** A Proxy whose every trap throws (each the caller's error, with a secret in its message). */
  const hostile = () =>
    new Proxy({}, { get: boom, has: boom, ownKeys: boom, getOwnPropertyDescriptor: boom, getPrototypeOf: boom }) as never;
  const revoked = () => {
    const { proxy, revoke } = Proxy.revocable({}, {});
    revoke();
    return proxy as never;
  };

  /** A CONFIGURATION error naming `fragment`, with nothing of the caller's error in it. */
  function unreadable(run: () => unknown, fragment: string): void {
    const error = thrownBy(run);
    expect(error, fragment).to.be.instanceOf(DataAccessError);
    expect((error as DataAccessError).code).to.equal('CONFIGURATION');
    expect((error as Error).message).to.include(fragment);
    expect((error as Error).message).to.not.include(SECRET);
    expect((error as Error).message).to.not.include('getter threw');
    expect((error as { cause?: unknown }).cause).to.equal(undefined);
  }

  for (const name of ['tableName', 'client', 'region', 'endpoint', 'logger', 'retry', 'concurrency', 'encryption', 'onEvent']) {
    it(`refuses a ${name} whose getter throws with CONFIGURATION naming it`, function () {
      unreadable(() => registry.createDataAccess(throwingAt({ tableName: 'table', client }, name) as never), `${name} could not be read`);
    });
  }

  it('refuses a configuration that is a hostile or revoked Proxy', function () {
    unreadable(() => registry.createDataAccess(hostile()), 'the configuration could not be read');
    unreadable(() => registry.createDataAccess(revoked()), 'the configuration could not be read');
  });

  it('refuses retry as a Proxy, or a retry setting whose getter throws', function () {
    unreadable(() => registry.createDataAccess({ tableName: 'table', client, retry: hostile() }), 'retry could not be read');
    unreadable(() => registry.createDataAccess({ tableName: 'table', client, retry: revoked() }), 'retry could not be read');
    for (const name of ['maxAttempts', 'baseDelayMs', 'maxDelayMs']) {
      unreadable(() => registry.createDataAccess({ tableName: 'table', client, retry: throwingAt({}, name) }), `retry.${name} could not be read`);
    }
  });

  it('refuses a client that is a Proxy, or whose parts cannot be read, and one no DocumentClient can be made over', function () {
    unreadable(() => registry.createDataAccess({ tableName: 'table', client: hostile() }), 'client could not be read');
    unreadable(() => registry.createDataAccess({ tableName: 'table', client: revoked() }), 'client could not be read');
    const stack = { add: () => undefined, use: () => undefined };
    unreadable(() => registry.createDataAccess({ tableName: 'table', client: { send: () => Promise.resolve({}), config: hostile(), middlewareStack: stack } }), 'client could not be read');
    const translating = { send: () => Promise.resolve({}), config: { get translateConfig() { return boom(); } }, middlewareStack: stack };
    unreadable(() => registry.createDataAccess({ tableName: 'table', client: translating }), 'client could not be read');
    // Read once by the check, then again (and written to) by the SDK making the DocumentClient.
    const frozen = { send: () => Promise.resolve({}), config: Object.freeze({}), middlewareStack: stack };
    unreadable(() => registry.createDataAccess({ tableName: 'table', client: frozen }), 'client: no DocumentClient can be made over it');
  });

  it('refuses a logger that is a Proxy, or whose method getter throws, and still takes a logger whose methods are its class\'s', function () {
    unreadable(() => registry.createDataAccess({ tableName: 'table', client, logger: hostile() }), 'logger.debug could not be read');
    const logger = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };
    unreadable(() => registry.createDataAccess({ tableName: 'table', client, logger: throwingAt(logger, 'warn') as never }), 'logger.warn could not be read');
    class ClassLogger {
      debug(): void {}
      info(): void {}
      warn(): void {}
      error(): void {}
    }
    expect(() => registry.createDataAccess({ tableName: 'table', client, logger: new ClassLogger() })).to.not.throw();
  });

  it('refuses encryption as a Proxy, a keyring whose keys are a Proxy, and a key or activeKeyId whose getter throws', function () {
    const key = new Uint8Array(32).fill(7);
    unreadable(() => registry.createDataAccess({ tableName: 'table', client, encryption: hostile() }), 'encryption could not be read');
    unreadable(() => registry.createDataAccess({ tableName: 'table', client, encryption: { keys: hostile(), activeKeyId: 'k' } }), 'encryption: keys could not be read');
    unreadable(() => registry.createDataAccess({ tableName: 'table', client, encryption: { keys: throwingAt({}, 'k1') as never, activeKeyId: 'k1' } }), "encryption: key 'k1' could not be read");
    unreadable(() => registry.createDataAccess({ tableName: 'table', client, encryption: throwingAt({ keys: { k1: key } }, 'activeKeyId') as never }), 'encryption: activeKeyId could not be read');
    // A provider whose methods are its class's is still a provider.
    class Provider {
      encrypt() {
        return { keyId: 'kms', ciphertext: 'x' };
      }
      decrypt() {
        return 'plain';
      }
    }
    expect(() => registry.createDataAccess({ tableName: 'table', client, encryption: new Provider() })).to.not.throw();
  });
});
