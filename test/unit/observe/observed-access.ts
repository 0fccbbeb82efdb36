/** The framework and gadget test entities on a stubbed SDK, with an `onEvent` that records. */
import type { OperationEvent, OperationListener } from '../../../src/index.js';
import { frameworkRegistry } from '../../fixtures/framework-entities.js';
import { gadgetRegistry } from '../fixtures/gadget-entities.js';
import { FAST_RETRY, quietLogger, stubbedClient, TABLE } from '../fixtures/stub-sdk.js';

function recording(listener?: OperationListener) {
  const events: OperationEvent[] = [];
  const onEvent: OperationListener = listener ?? ((event) => void events.push(event));
  return { events, onEvent };
}

/** Workspace, Board, Card, Note with a recording listener (or `listener`). */
export function observedFramework(options: { listener?: OperationListener; concurrency?: number } = {}) {
  const client = stubbedClient();
  const logger = quietLogger();
  const { events, onEvent } = recording(options.listener);
  const da = frameworkRegistry().createDataAccess({ tableName: TABLE, client: client.doc, retry: FAST_RETRY, logger, onEvent, ...(options.concurrency ? { concurrency: options.concurrency } : {}) });
  return { ...client, da, logger, events };
}

/** Gadget, Manual, Part, Ledger, Token, Slot with a recording listener. */
export function observedGadgets(options: { concurrency?: number } = {}) {
  const client = stubbedClient();
  const logger = quietLogger();
  const { events, onEvent } = recording();
  const da = gadgetRegistry().createDataAccess({ tableName: TABLE, client: client.doc, retry: FAST_RETRY, logger, onEvent, ...options });
  return { ...client, da, logger, events };
}

/** `ConsumedCapacity` as DynamoDB Local reports it: one object, or one per table. */
export const units = (capacityUnits: number) => ({ TableName: TABLE, CapacityUnits: capacityUnits });
