// Writes whose caller reads nothing back do not ask DynamoDB for the written item: a completed
// idempotency key would otherwise come back whole (its response too) for the client to parse.
// Writes that do hand the stored record back still ask for it.
import { expect } from 'chai';
import { createDataAccess } from '../../../src/index.js';
import { FAST_RETRY, quietLogger, stubbedClient, TABLE } from '../fixtures/stub-sdk.js';

const ORG = '0f1e2d3c-4b5a-4697-8877-665544332211';

function access() {
  const client = stubbedClient();
  const da = createDataAccess({ tableName: TABLE, client: client.doc, retry: FAST_RETRY, logger: quietLogger() });
  return { ...client, da };
}

describe('writes ask for the item they hand back, and only then', function () {
  for (const step of ['complete', 'fail', 'renew'] as const) {
    it(`IdempotencyClaim.${step}: one UpdateItem, without ReturnValues`, async function () {
      const { da, sentOf } = access();
      const found = await da.IdempotencyKey.claim({ key: `k-${step}`, organizationId: ORG, endpoint: 'POST /tickets', request: { a: 1 } });
      expect(found.state).to.equal('claimed');
      if (found.state !== 'claimed') return;
      if (step === 'complete') await found.claim.complete({ ticketKey: 'ASO-1' });
      else await found.claim[step]();
      const updates = sentOf('UpdateCommand');
      expect(updates).to.have.length(1);
      expect(updates[0]?.input).to.not.have.property('ReturnValues');
      // A refused write still says why: the stored item comes back on a failed condition.
      expect(updates[0]?.input.ReturnValuesOnConditionCheckFailure).to.equal('ALL_OLD');
    });
  }

  it('OAuthNonce.consume hands the record back: its claiming update asks for the new item', async function () {
    const { da, sentOf, send } = access();
    const { nonce } = await da.OAuthNonce.issue({ organizationId: ORG, provider: 'jira_cloud', createdBy: 'u' });
    const put = sentOf('PutCommand')[0]?.input.Item as Record<string, unknown>;
    send.callsFake((command) => Promise.resolve(command.constructor.name === 'UpdateCommand' ? { Attributes: { ...put, __claimed: 'x' } } : {}));
    await da.OAuthNonce.consume(nonce);
    expect(sentOf('UpdateCommand')[0]?.input.ReturnValues).to.equal('ALL_NEW');
  });
});
