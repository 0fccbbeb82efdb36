// The client argument of createTable / planTableUpdate / syncTable: one that cannot be read (a
// Proxy, a getter that throws) is a ValidationError at `client`, like a client that is none.
import { expect } from 'chai';
import { createTable, planTableUpdate, syncTable, ValidationError } from '../../../src/index.js';
import { rejectionOf } from '../fixtures/stub-sdk.js';

const SECRET = 's3cr3t';
const boom = (): never => {
  throw new Error(`trap threw: ${SECRET}`);
};

describe('table administration: a client that cannot be read', function () {
  const { proxy: revoked, revoke } = Proxy.revocable({}, {});
  revoke();
  const clients: [string, unknown][] = [
    ['a Proxy whose traps throw', new Proxy({}, { get: boom, has: boom, ownKeys: boom, getOwnPropertyDescriptor: boom, getPrototypeOf: boom })],
    ['a revoked Proxy', revoked],
    ['an object whose send getter throws', Object.defineProperty({}, 'send', { get: boom })],
  ];
  const calls: [string, (client: never) => Promise<unknown>][] = [
    ['createTable', (client) => createTable(client, 'ok-table')],
    ['planTableUpdate', (client) => planTableUpdate(client, 'ok-table')],
    ['syncTable', (client) => syncTable(client, 'ok-table', { dryRun: true })],
  ];
  for (const [operation, call] of calls) {
    for (const [label, client] of clients) {
      it(`${operation} refuses ${label}: ValidationError at client, nothing of the caller's error`, async function () {
        const error = await rejectionOf(call(client as never));
        expect(error).to.be.instanceOf(ValidationError);
        expect((error as ValidationError).code).to.equal('VALIDATION');
        expect((error as ValidationError).issues).to.deep.equal([{ path: 'client', message: 'could not be read' }]);
        expect((error as Error).message).to.not.include(SECRET);
      });
    }
  }

  it('still names a client that is none (no send) as before', async function () {
    const error = await rejectionOf(planTableUpdate({ send: 1 } as never, 'ok-table'));
    expect((error as ValidationError).issues).to.deep.equal([{ path: 'client', message: 'must be a DynamoDBClient' }]);
  });
});
