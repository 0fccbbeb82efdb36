/**
 * createMany: every item is accounted for — `created.length + failed.length === items.length`.
 * Invalid items fail before anything is sent. Items that need conditions (guards, parent
 * checks, a caller-chosen id that must not exist yet) are written one transaction (or
 * conditional put) each, with bounded concurrency; the rest ride in BatchWriteItem chunks of 25.
 */
import { randomUUID } from 'node:crypto';
import { ValidationError } from '../../errors/index.js';
import type { DataAccessError } from '../../errors/index.js';
import { buildRecordForCreate, holeIssue, UNREAD, UNREADABLE } from '../../schema/index.js';
import { batchWrite } from '../../store/batch-write.js';
import { toDataAccessError } from '../../store/map-error.js';
import { mapWithConcurrency } from '../../store/pool.js';
import { WRITE_TOKEN_ATTRIBUTE, withWriteToken } from '../../store/storage-attributes.js';
import { keyText } from '../../store/keys.js';
import type { EntityBinding } from '../binding.js';
import { runPlan } from '../write-plans.js';
import { createActions, storedByCreate, hasChosenId, needsConditions, stampNew } from './create.js';
import { storedByKey } from '../../store/batch-get.js';
import { countLanded } from '../../store/context.js';
import type { WriteRequest } from '../../store/batch-write.js';

type StoredRecord = Record<string, unknown>;

/**
 * What `createMany` did with each item: every input ends in exactly one of the two lists, so
 * `created.length + failed.length` is the number of items given.
 */
export interface CreateManyResult<M, I = unknown> {
  /** Models of the items written. */
  readonly created: M[];
  /** The input items that were not written, as given, each with why (ValidationError, ConflictError, …). */
  readonly failed: { item: I; error: DataAccessError }[];
}

interface Prepared {
  readonly position: number;
  readonly record: StoredRecord;
}

/** An item that needs conditions: one transaction (or conditional put) of its own. */
type PreparedConditional = Prepared;

/** An item without conditions: one PutRequest of a BatchWriteItem. */
interface PreparedBatched extends Prepared {
  readonly request: WriteRequest;
}

/**
 * Items BatchWriteItem gave up on may still have landed (a lost response on the last attempt):
 * a consistent read of them takes those that did — the item carries this call's write token —
 * out of `failed`. If the read fails, they stay reported as failed — a caller retrying them meets
 * ConflictError('id'), never a duplicate.
 */
async function settleLanded(binding: EntityBinding, failed: Map<WriteRequest, DataAccessError>): Promise<void> {
  if (failed.size === 0) return;
  const items = [...failed.keys()].map((request) => (request as { PutRequest: { Item: StoredRecord } }).PutRequest.Item);
  const byKey = await storedByKey(binding.context, items.map((item) => ({ pk: item.pk as string, sk: item.sk as string })));
  if (byKey === undefined) return;
  for (const request of [...failed.keys()]) {
    const item = (request as { PutRequest: { Item: StoredRecord } }).PutRequest.Item;
    const found = byKey.get(keyText(item));
    if (found !== undefined && found[WRITE_TOKEN_ATTRIBUTE] === item[WRITE_TOKEN_ATTRIBUTE]) {
      failed.delete(request);
      countLanded(binding.context, 1);
    }
  }
}

export async function createMany<M, I>(
  binding: EntityBinding,
  items: readonly I[],
  hydrate: (record: StoredRecord) => M,
  internalsOf: (item: unknown) => StoredRecord = () => ({}),
): Promise<CreateManyResult<M, I>> {
  const { schema, adapter, context } = binding;
  const outcome = new Array<{ model?: M; error?: DataAccessError }>(items.length);
  const batched: PreparedBatched[] = [];
  const conditional: PreparedConditional[] = [];
  // One token for the batched puts of this call: a read after a lost response recognises them.
  const token = randomUUID();
  // A plain loop, not forEach: a hole of a sparse array is an item too (an invalid one).
  // `items` is the caller's array as read once (arrayItems): UNREAD is an element whose reading threw.
  for (let position = 0; position < items.length; position += 1) {
    const item: unknown = items[position];
    try {
      const hole = holeIssue(items, position, `items[${position}]`);
      if (hole) throw new ValidationError([hole], schema.entityName);
      if (item === UNREAD) throw new ValidationError([{ path: `items[${position}]`, message: UNREADABLE }], schema.entityName);
      const record = stampNew(Object.assign({}, buildRecordForCreate(schema, item), internalsOf(item)));
      // After validation: an input that cannot be read is a ValidationError there, not an error here.
      const chosenId = hasChosenId(binding, item);
      // Only items that need conditions get a plan (~half the CPU of an item).
      if (needsConditions(binding, record, chosenId)) conditional.push({ position, record });
      else batched.push({ position, record, request: { PutRequest: { Item: withWriteToken(adapter.putItem(record), token) } } });
    } catch (error) {
      outcome[position] = { error: toDataAccessError(error, 'createMany') };
    }
  }

  await mapWithConcurrency(conditional, context.concurrency, async ({ position, record }) => {
    try {
      const actions = createActions(binding, record);
      const { token } = await runPlan(context, `${schema.entityName}.createMany`, actions);
      outcome[position] = { model: hydrate(storedByCreate(actions, token)) };
    } catch (error) {
      outcome[position] = { error: toDataAccessError(error, 'createMany') };
    }
  });

  const requests = batched.map(({ request }) => request);
  const report = await batchWrite(context, requests);
  const failedRequests = new Map(report.failed.map((failure) => [failure.request, failure.error]));
  await settleLanded(binding, failedRequests);
  batched.forEach(({ position }, i) => {
    const request = requests[i] as { PutRequest: { Item: StoredRecord } };
    const error = failedRequests.get(request);
    outcome[position] = error ? { error } : { model: hydrate({ ...request.PutRequest.Item }) };
  });

  const result: CreateManyResult<M, I> = { created: [], failed: [] };
  for (let position = 0; position < outcome.length; position += 1) {
    const entry = outcome[position] as { model?: M; error?: DataAccessError };
    if (entry.model !== undefined) result.created.push(entry.model);
    // An element that could not be read is handed back as undefined, like a hole.
    else if (entry.error) result.failed.push({ item: (items[position] === UNREAD ? undefined : items[position]) as I, error: entry.error });
  }
  return result;
}
