// A claim's put is refused although its condition holds on what DynamoDB returned: the stored key
// went (TTL) or expired while the request ran. The claim is sent again and decided then — never a
// ConflictError named after the key's identity constraint, a name outside ConflictConstraint.
import { expect } from 'chai';
import { createDataAccess, DataAccessError } from '../../../src/index.js';
import { WRITE_TOKEN_ATTRIBUTE } from '../../../src/store/storage-attributes.js';
import { FAST_RETRY, ORG, quietLogger, raw, rejectionOf, sdkError, stubbedClient, TABLE } from '../fixtures/stub-sdk.js';

const INPUT = { key: 'k-gone', organizationId: ORG, endpoint: 'POST /tickets', request: { a: 1 } };

describe('IdempotencyKey.claim refused while the stored key went away', function () {
  it('a refusal with no item returned is sent again, and the claim is claimed', async function () {
    const { doc, send, sentOf } = stubbedClient();
    const da = createDataAccess({ tableName: TABLE, client: doc, retry: FAST_RETRY, logger: quietLogger() });
    send.onFirstCall().rejects(sdkError('ConditionalCheckFailedException'));
    send.resolves({});
    const result = await da.IdempotencyKey.claim(INPUT);
    expect(result.state).to.equal('claimed');
    expect(sentOf('PutCommand')).to.have.length(2);
  });

  it('a refusal whose returned item is already expired is sent again too', async function () {
    const { doc, send, sentOf } = stubbedClient();
    const da = createDataAccess({ tableName: TABLE, client: doc, retry: FAST_RETRY, logger: quietLogger() });
    send.onFirstCall().callsFake((command) => {
      const item = (command.input as { Item: Record<string, unknown> }).Item;
      return Promise.reject(sdkError('ConditionalCheckFailedException', { Item: raw({ ...item, [WRITE_TOKEN_ATTRIBUTE]: 'another-write', claimToken: 'another', expiresAt: '2000-01-01T00:00:00.000Z' }) }));
    });
    send.resolves({});
    expect((await da.IdempotencyKey.claim(INPUT)).state).to.equal('claimed');
    expect(sentOf('PutCommand')).to.have.length(2);
  });

  it('refused every time: a typed DATASTORE error after a bounded number of rounds, no constraint outside the union', async function () {
    const { doc, send, sentOf } = stubbedClient();
    const da = createDataAccess({ tableName: TABLE, client: doc, retry: FAST_RETRY, logger: quietLogger() });
    send.rejects(sdkError('ConditionalCheckFailedException'));
    const error = await rejectionOf(da.IdempotencyKey.claim(INPUT));
    expect(error).to.be.instanceOf(DataAccessError).and.include({ code: 'DATASTORE' });
    expect(sentOf('PutCommand').length).to.be.within(2, 50);
  });
});
