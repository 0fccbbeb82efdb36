/**
 * Brings a live table to the library's definition without touching its data: creates it when
 * missing; otherwise adds each missing GSI with its own UpdateTable (DynamoDB creates one GSI per
 * call and takes no other UpdateTable while the table is UPDATING) and waits until it is ACTIVE
 * before the next, then enables TTL, then the stream if asked. Never deletes an index, never
 * changes a key; what it cannot fix is the planner's CONFIGURATION error, thrown before any change.
 * Re-runnable, also by two processes at once (two deploy jobs): a change that DynamoDB refuses
 * because the other process made it first counts as done once the table shows it (see
 * concurrent-change.ts).
 */
import type { CreateTableCommandInput, DynamoDBClient, GlobalSecondaryIndex, TableDescription } from '@aws-sdk/client-dynamodb';
import { UpdateTableCommand } from '@aws-sdk/client-dynamodb';
import { TTL_ATTRIBUTE } from '../storage-attributes.js';
import { changeTable, enableTimeToLive, isBusy, sendAs } from './concurrent-change.js';
import { createTableFrom } from './create-table.js';
import { attributeDefinitionsFor, keyAttributesOf, nameOf } from './key-schema.js';
import { STREAM_SPECIFICATION } from './stream.js';
import type { TablePlan } from './table-plan.js';
import { planIsEmpty, planTableUpdateFrom } from './table-plan.js';
import type { Readiness, WaitClock } from './wait-for-table.js';
import { indexActive, settled, systemClock, waitForTable } from './wait-for-table.js';
import { callSafely } from '../caller-callback.js';

/** Options of syncing a table. */
export interface SyncTableOptions {
  /** Only read the table (DescribeTable, DescribeTimeToLive) and return the plan. */
  readonly dryRun?: boolean;
  /** The table must have the change feed's stream (NEW_AND_OLD_IMAGES); enabled when it has none. */
  readonly stream?: boolean;
  /** Called with each step in words: `adding index gsi4 (1 of 2)…`, `gsi4 ACTIVE after 1.2 s`. */
  readonly onProgress?: (step: string) => void;
  /** Deadline of each wait (for the table, or for one index to be built), in seconds; default 3600. */
  readonly maxWaitSeconds?: number;
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/**
 * A new GSI of a provisioned table needs its own throughput (an on-demand one must not have
 * any): it gets the table's, which the operator can change afterwards.
 */
function throughputOf(table: TableDescription): Pick<GlobalSecondaryIndex, 'ProvisionedThroughput'> {
  const { ReadCapacityUnits: read = 0, WriteCapacityUnits: write = 0 } = table.ProvisionedThroughput ?? {};
  const onDemand = table.BillingModeSummary?.BillingMode === 'PAY_PER_REQUEST' || read === 0 || write === 0;
  return onDemand ? {} : { ProvisionedThroughput: { ReadCapacityUnits: read, WriteCapacityUnits: write } };
}

/** The table has the GSI `name` (in whatever state: a wait for it to be ACTIVE follows). */
const hasIndex = (name: string) => (table: TableDescription) => (table.GlobalSecondaryIndexes ?? []).some((candidate) => candidate.IndexName === name);

/** The table has the change feed's stream (another view type is not the wanted state). */
const hasStream = (table: TableDescription) => table.StreamSpecification?.StreamEnabled === true && table.StreamSpecification.StreamViewType === STREAM_SPECIFICATION.StreamViewType;

class TableSync {
  readonly #client: DynamoDBClient;
  readonly #definition: CreateTableCommandInput;
  readonly #tableName: string;
  readonly #options: SyncTableOptions;
  readonly #clock: WaitClock;

  constructor(client: DynamoDBClient, definition: CreateTableCommandInput, options: SyncTableOptions, clock: WaitClock) {
    this.#client = client;
    this.#definition = definition;
    this.#tableName = nameOf(definition.TableName);
    this.#options = options;
    this.#clock = clock;
  }

  #progress(step: string): void {
    // A progress display that fails is the caller's: the table's change goes on (syncTable has no
    // logger to tell; what the callback throws or rejects with is dropped).
    callSafely(this.#options.onProgress, step, () => undefined);
  }

  #wait(what: string, ready: Readiness) {
    return waitForTable(this.#client, this.#tableName, what, ready, { clock: this.#clock, ...(this.#options.maxWaitSeconds === undefined ? {} : { maxWaitSeconds: this.#options.maxWaitSeconds }) });
  }

  /**
   * Sends one UpdateTable until the change is made (changeTable): the table is read once it has
   * settled, `done` says whether the change is there, and a refusal that only said the table was
   * busy with something else sends it again.
   */
  #updateTable(request: () => Promise<unknown>, done: (table: TableDescription) => boolean): Promise<'sent' | 'meanwhile'> {
    return sendAs('UpdateTable', () =>
      changeTable({
        send: request,
        isMade: async () => done((await this.#wait('the table to be ACTIVE', settled)).table),
        sendAgainAfter: isBusy,
        onSendAgain: (error, lost) => this.#progress(`${lost ? 'UpdateTable got no answer' : 'the table was busy'} (${String((error as Error).name)}), sending the change again…`),
      }),
    );
  }

  async create(plan: TablePlan): Promise<void> {
    const input = this.#options.stream ? { ...this.#definition, StreamSpecification: { ...STREAM_SPECIFICATION } } : this.#definition;
    const started = this.#clock.now();
    this.#progress(`creating table ${this.#tableName} with ${plan.addIndexes.length} index(es), TTL on '${TTL_ATTRIBUTE}'${this.#options.stream ? ' and a stream' : ''}…`);
    // ifNotExists: another process may create it at the same moment; it is then checked below like any table.
    await createTableFrom(this.#client, input, { ifNotExists: true, ...(this.#options.maxWaitSeconds === undefined ? {} : { maxWaitSeconds: this.#options.maxWaitSeconds }) });
    this.#progress(`table ${this.#tableName} ACTIVE after ${seconds(this.#clock.now() - started)}`);
  }

  async update(plan: TablePlan): Promise<void> {
    if (plan.pendingIndexes.length > 0) {
      const names = plan.pendingIndexes.join(', ');
      this.#progress(`waiting for ${names}, still being built…`);
      const { elapsedMs } = await this.#wait(`${names} to become ACTIVE`, settled);
      this.#progress(`${names} ACTIVE after ${seconds(elapsedMs)}`);
    }
    for (const [i, name] of plan.addIndexes.entries()) await this.#addIndex(name, i + 1, plan.addIndexes.length);
    if (plan.ttl === 'enable') {
      this.#progress(`enabling TTL on '${TTL_ATTRIBUTE}'…`);
      // Another sync may enable it between our plan and this request: that refusal is success.
      const outcome = await sendAs('UpdateTimeToLive', () => enableTimeToLive(this.#client, this.#tableName));
      this.#progress(outcome === 'sent' ? `TTL enabled on '${TTL_ATTRIBUTE}'` : `TTL on '${TTL_ATTRIBUTE}' was enabled meanwhile`);
    }
    if (plan.stream === 'enable') await this.#enableStream();
  }

  async #addIndex(name: string, position: number, count: number): Promise<void> {
    // The plan names only indexes of the definition.
    const index = (this.#definition.GlobalSecondaryIndexes as GlobalSecondaryIndex[]).find((candidate) => candidate.IndexName === name) as GlobalSecondaryIndex;
    const { table } = await this.#wait('the table to be ACTIVE', settled);
    if (hasIndex(name)(table)) {
      // Added by someone else since the plan was made (a second sync running): nothing to send.
      this.#progress(`index ${name} (${position} of ${count}) was added meanwhile`);
      return;
    }
    this.#progress(`adding index ${name} (${position} of ${count})…`);
    // The check above and this request are not atomic: a second sync may send the same index
    // in between, and then one of the two is refused ("Index is being created").
    const outcome = await this.#updateTable(
      () =>
        this.#client.send(
          new UpdateTableCommand({
            TableName: this.#tableName,
            AttributeDefinitions: attributeDefinitionsFor(this.#definition.AttributeDefinitions, keyAttributesOf(index.KeySchema)),
            GlobalSecondaryIndexUpdates: [{ Create: { IndexName: name, KeySchema: index.KeySchema, Projection: index.Projection, ...throughputOf(table) } }],
          }),
        ),
      hasIndex(name),
    );
    // Sent by the other process: it may still be building (a settled table says nothing of its
    // indexes), so it is waited for like our own.
    if (outcome === 'meanwhile') this.#progress(`index ${name} (${position} of ${count}) was added meanwhile`);
    const { elapsedMs } = await this.#wait(`index ${name} to become ACTIVE`, indexActive(name));
    this.#progress(`${name} ACTIVE after ${seconds(elapsedMs)}`);
  }

  async #enableStream(): Promise<void> {
    await this.#wait('the table to be ACTIVE', settled);
    this.#progress(`enabling the stream (${String(STREAM_SPECIFICATION.StreamViewType)})…`);
    // A second sync enabling it at the same moment gets "Table already has an enabled stream"
    // (or, while the table is UPDATING for the first one's request, ResourceInUseException).
    const outcome = await this.#updateTable(() => this.#client.send(new UpdateTableCommand({ TableName: this.#tableName, StreamSpecification: { ...STREAM_SPECIFICATION } })), hasStream);
    if (outcome === 'meanwhile') this.#progress('the stream was enabled meanwhile');
    const { table, elapsedMs } = await this.#wait('the stream to be enabled', settled);
    this.#progress(`stream enabled after ${seconds(elapsedMs)}: ${table.LatestStreamArn ?? '(no ARN reported yet)'}`);
  }
}

/**
 * Syncs the table `definition.TableName` to `definition` (see the file comment) and resolves
 * with the plan it applied: what the table lacked. With `dryRun` only the plan is computed.
 * `clock` is for tests.
 */
export async function syncTableFrom(client: DynamoDBClient, definition: CreateTableCommandInput, options: SyncTableOptions = {}, clock: WaitClock = systemClock): Promise<TablePlan> {
  const planOptions = { stream: options.stream === true };
  const plan = await planTableUpdateFrom(client, definition, planOptions);
  if (options.dryRun) return plan;
  const sync = new TableSync(client, definition, options, clock);
  let work = plan;
  if (!plan.exists) {
    await sync.create(plan);
    work = await planTableUpdateFrom(client, definition, planOptions);
  }
  if (!planIsEmpty(work) || work.pendingIndexes.length > 0) await sync.update(work);
  return plan;
}
