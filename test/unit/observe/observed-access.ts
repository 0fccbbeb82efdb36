/** The framework and gadget test entities on a stubbed SDK, with an `onEvent` that records. */
import type { OperationEvent, OperationListener } from '../../../src/index.js';
import { frameworkRegistry } from '../../fixtures/framework-entities.js';
import { gadgetRegistry } from '../fixtures/gadget-entities.js';
import { FAST_RETRY, quietLogger, stubbedClient, TABLE } from '../fixtures/stub-sdk.js';

/** The loggers of every observed DataAccess made here: a test's afterEach checks none warned of a request outside an operation. */
export const observedLoggers: ReturnType<typeof quietLogger>[] = [];

/** Warnings that a request went out in no operation (each would be a request missing from the events). */
export function outsideOperationWarnings(): string[] {
  const found = observedLoggers.flatMap((logger) => logger.warn.getCalls().map((call) => String(call.args[0])).filter((message) => message.includes('outside any operation')));
  observedLoggers.length = 0;
  return found;
}

function recording(listener?: OperationListener) {
  const events: OperationEvent[] = [];
  const onEvent: OperationListener = listener ?? ((event) => void events.push(event));
  return { events, onEvent };
}

/** Workspace, Board, Card, Note with a recording listener (or `listener`). */
export function observedFramework(options: { listener?: OperationListener; concurrency?: number } = {}) {
  const client = stubbedClient();
  const logger = quietLogger();
  observedLoggers.push(logger);
  const { events, onEvent } = recording(options.listener);
  const da = frameworkRegistry().createDataAccess({ tableName: TABLE, client: client.doc, retry: FAST_RETRY, logger, onEvent, ...(options.concurrency ? { concurrency: options.concurrency } : {}) });
  return { ...client, da, logger, events };
}

/** Gadget, Manual, Part, Ledger, Token, Slot with a recording listener. */
export function observedGadgets(options: { concurrency?: number } = {}) {
  const client = stubbedClient();
  const logger = quietLogger();
  observedLoggers.push(logger);
  const { events, onEvent } = recording();
  const da = gadgetRegistry().createDataAccess({ tableName: TABLE, client: client.doc, retry: FAST_RETRY, logger, onEvent, ...options });
  return { ...client, da, logger, events };
}

/** `ConsumedCapacity` as DynamoDB Local reports it: one object, or one per table. */
export const units = (capacityUnits: number) => ({ TableName: TABLE, CapacityUnits: capacityUnits });
