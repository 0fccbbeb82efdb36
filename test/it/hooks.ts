// Mocha root hook plugin: starts DynamoDB Local once for the whole run (npm run test:it / npm test).
import type { Context } from 'mocha';
import { startDynamoLocal, type DynamoLocal } from '../support/dynamo-local.js';
import { setLocalEndpoint } from '../support/local-store.js';

let local: DynamoLocal | undefined;

export const mochaHooks = {
  async beforeAll(this: Context): Promise<void> {
    this.timeout(120_000);
    const started = Date.now();
    local = await startDynamoLocal();
    setLocalEndpoint(local.endpoint);
    if (process.env['DYNAMO_LOCAL_VERBOSE'] !== undefined) {
      console.log(`DynamoDB Local on ${local.endpoint} after ${Date.now() - started} ms`);
    }
  },
  async afterAll(this: Context): Promise<void> {
    this.timeout(30_000);
    setLocalEndpoint(undefined);
    const running = local;
    local = undefined;
    await running?.stop();
  },
};
