// Runs one describe block on a DynamoDB Local of its own.
//
// DynamoDB Local runs its background jobs (GSI backfills, TTL deletion passes over every table
// with TTL enabled) on one small fixed thread pool. After a full test run has left dozens of
// TTL-enabled tables with items, a GSI added by UpdateTable can wait in CREATING for minutes
// because no thread is free to backfill it (seen in a thread dump: every pool thread in a
// TimeToLiveDeletionJob). Tests that add an index to an existing table therefore get a fresh
// instance: the index build is what they test, and it must not depend on what ran before.
import { startDynamoLocal, type DynamoLocal } from './dynamo-local.js';
import { localEndpoint, setLocalEndpoint } from './local-store.js';

/** Call inside a `describe`: its tests (and `localEndpoint()`/`newLocalClient()`) use a new DynamoDB Local. */
export function onDedicatedDynamoLocal(): void {
  let dedicated: DynamoLocal | undefined;
  let shared: string | undefined;
  before(async function () {
    this.timeout(120_000);
    shared = localEndpoint();
    dedicated = await startDynamoLocal();
    setLocalEndpoint(dedicated.endpoint);
  });
  after(async function () {
    this.timeout(30_000);
    setLocalEndpoint(shared);
    await dedicated?.stop();
  });
}
