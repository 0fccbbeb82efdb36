// `onEvent` in the configuration: a function or nothing; with it the context has a recorder whose
// operations hand out contexts that count requests and re-sends, without it neither exists.
import { expect } from 'chai';
import { DataAccessError } from '../../../src/index.js';
import { OperationRecorder } from '../../../src/store/observe/operation-recorder.js';
import { BINDING } from '../../../src/model/binding.js';
import { frameworkRegistry } from '../../fixtures/framework-entities.js';
import { newDocumentClient, thrownBy } from '../fixtures/stub-sdk.js';

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

  it('with a listener the context has a recorder; only an operation’s own context counts requests and re-sends', async function () {
    const { context } = frameworkRegistry().createDataAccess({ tableName: 'table', client, onEvent: () => undefined }).Workspace[BINDING];
    expect(context.operations).to.be.instanceOf(OperationRecorder);
    expect(context.observer).to.equal(undefined);
    expect(context.retry.onRetry).to.equal(undefined);
    const retries = await (context.operations as OperationRecorder).operation('Workspace.op', 'Workspace', (scope) => {
      const own = scope.contextOf(context);
      expect(own.observer).to.equal(scope);
      own.retry.onRetry?.();
      return Promise.resolve(scope.retries);
    });
    expect(retries).to.equal(1);
  });

  it('a retry hook passed in retry (untyped JavaScript) is not taken over: it is refused as a setting the library keeps for itself', function () {
    const onRetry = () => undefined;
    const error = thrownBy(() => frameworkRegistry().createDataAccess({ tableName: 'table', client, retry: { onRetry } as never }));
    expect(error).to.be.instanceOf(DataAccessError);
    expect(error).to.include({ code: 'CONFIGURATION' });
    expect((error as Error).message).to.include('retry.onRetry is not a retry setting');
  });
});
