// `onEvent` in the configuration: a function or nothing; with it the context observes and the
// retry policy reports re-sends, without it neither exists.
import { expect } from 'chai';
import { DataAccessError } from '../../../src/index.js';
import { BINDING } from '../../../src/model/binding.js';
import { frameworkRegistry } from '../../fixtures/framework-entities.js';
import { newDocumentClient } from '../fixtures/stub-sdk.js';

describe('observe: onEvent in the configuration', function () {
  const client = newDocumentClient();

  it('refuses an onEvent that is not a function, at once (CONFIGURATION)', function () {
    for (const onEvent of ['log', 42, {}, null]) {
      let error: unknown;
      try {
        frameworkRegistry().createDataAccess({ tableName: 'table', client, onEvent: onEvent as never });
      } catch (caught) {
        error = caught;
      }
      expect(error).to.be.instanceOf(DataAccessError);
      expect(error).to.include({ code: 'CONFIGURATION', message: 'createDataAccess: onEvent must be a function (event) => void' });
    }
  });

  it('with a listener the context has an observer and the retry policy reports re-sends', function () {
    const { context } = frameworkRegistry().createDataAccess({ tableName: 'table', client, onEvent: () => undefined }).Workspace[BINDING];
    expect(context.observer).to.be.an('object');
    expect(context.retry.onRetry).to.be.a('function');
    expect(() => context.retry.onRetry?.()).to.not.throw();
  });

  it('a retry hook passed in retry (untyped JavaScript) is not taken over', function () {
    const onRetry = () => undefined;
    const { context } = frameworkRegistry().createDataAccess({ tableName: 'table', client, retry: { onRetry } as never }).Workspace[BINDING];
    expect(context.retry.onRetry).to.equal(undefined);
  });
});
