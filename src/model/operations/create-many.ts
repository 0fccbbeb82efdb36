/**
 * createMany: every item is accounted for — `created.length + failed.length === items.length`.
 * Invalid items fail before anything is sent. Items that need conditions (guards, parent
 * checks, a caller-chosen id that must not exist yet) are written one transaction (or
 * conditional put) each, with bounded concurrency; the rest ride in BatchWriteItem chunks of 25.
 */
import type { DataAccessError } from '../../errors/index.js';
import { buildRecordForCreate } from '../../schema/index.js';
import { batchWrite } from '../../store/batch-write.js';
import { toDataAccessError } from '../../store/map-error.js';
import { mapWithConcurrency } from '../../store/pool.js';
import type { EntityBinding } from '../binding.js';
import type { CreatePlan } from './create.js';
import { executeCreate, hasChosenId, needsConditions, planCreate, sameRecord, stampNew } from './create.js';
import { batchGet } from '../../store/batch-get.js';
import type { WriteRequest } from '../../store/batch-write.js';

type StoredRecord = Record<string, unknown>;

/**
 * What `createMany` did with each item: every input ends in exactly one of the two lists, so
 * `created.length + failed.length` is the number of items given.
 */
export interface CreateManyResult<M> {
  /** Models of the items written. */
  readonly created: M[];
  /** The input items that were not written, as given, each with why (ValidationError, ConflictError, …). */
  readonly failed: { item: unknown; error: DataAccessError }[];
}

interface Prepared {
  readonly position: number;
  readonly record: StoredRecord;
}

/** An item that needs conditions: one transaction (or conditional put) of its own. */
interface PreparedConditional extends Prepared {
  readonly plan: CreatePlan;
  readonly chosenId: boolean;
}

/** An item without conditions: one PutRequest of a BatchWriteItem. */
interface PreparedBatched extends Prepared {
  readonly request: WriteRequest;
}

/**
 * Items BatchWriteItem gave up on may still have landed (a lost response on the last attempt):
 * a consistent read of them takes those that did out of `failed`. If the read fails, they stay
 * reported as failed — a caller retrying them meets ConflictError('id'), never a duplicate.
 */
async function settleLanded(binding: EntityBinding, failed: Map<WriteRequest, DataAccessError>): Promise<void> {
  if (failed.size === 0) return;
  const items = [...failed.keys()].map((request) => (request as { PutRequest: { Item: StoredRecord } }).PutRequest.Item);
  let stored: StoredRecord[];
  try {
    stored = await batchGet(binding.context, items.map((item) => ({ pk: item.pk as string, sk: item.sk as string })), { consistent: true });
  } catch {
    return;
  }
  const byKey = new Map(stored.map((item) => [`${String(item.pk)}\u0000${String(item.sk)}`, item]));
  for (const request of [...failed.keys()]) {
    const item = (request as { PutRequest: { Item: StoredRecord } }).PutRequest.Item;
    const found = byKey.get(`${String(item.pk)}\u0000${String(item.sk)}`);
    if (found && sameRecord(binding.schema.attributeNames, item, found)) failed.delete(request);
  }
}

export async function createMany<M>(
  binding: EntityBinding,
  items: readonly unknown[],
  hydrate: (record: StoredRecord) => M,
  internalsOf: (item: unknown) => StoredRecord = () => ({}),
): Promise<CreateManyResult<M>> {
  const { schema, adapter, context } = binding;
  const outcome = new Array<{ model?: M; error?: DataAccessError }>(items.length);
  const batched: PreparedBatched[] = [];
  const conditional: PreparedConditional[] = [];
  items.forEach((item, position) => {
    try {
      const chosenId = hasChosenId(binding, item);
      const record = stampNew({ ...buildRecordForCreate(schema, item), ...internalsOf(item) });
      // Only items that need conditions get a plan (ElectroDB's create params, ~half the CPU of an item).
      if (needsConditions(binding, record, chosenId)) conditional.push({ position, record, plan: planCreate(binding, record), chosenId });
      else batched.push({ position, record, request: { PutRequest: { Item: adapter.putItem(record) } } });
    } catch (error) {
      outcome[position] = { error: toDataAccessError(error, 'createMany') };
    }
  });

  await mapWithConcurrency(conditional, context.concurrency, async ({ position, record, plan, chosenId }) => {
    try {
      await executeCreate(binding, plan, record, chosenId);
      outcome[position] = { model: hydrate(record) };
    } catch (error) {
      outcome[position] = { error: toDataAccessError(error, 'createMany') };
    }
  });

  const requests = batched.map(({ request }) => request);
  const report = await batchWrite(context, requests);
  const failedRequests = new Map(report.failed.map((failure) => [failure.request, failure.error]));
  await settleLanded(binding, failedRequests);
  batched.forEach(({ position, record }, i) => {
    const error = failedRequests.get(requests[i] as (typeof requests)[number]);
    outcome[position] = error ? { error } : { model: hydrate(record) };
  });

  const result: CreateManyResult<M> = { created: [], failed: [] };
  outcome.forEach((entry, position) => {
    if (entry.model !== undefined) result.created.push(entry.model);
    else if (entry.error) result.failed.push({ item: items[position], error: entry.error });
  });
  return result;
}
