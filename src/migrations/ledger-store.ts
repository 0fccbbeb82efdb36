/**
 * Reads and writes ledgers through `store/`: a BatchGetItem of every ledger, and each lease step
 * as a one-action write plan (so it gets the store's retries, its write token and its
 * lost-response settling like every other write).
 */
import { randomUUID } from 'node:crypto';
import { batchGet } from '../store/batch-get.js';
import type { StoreContext } from '../store/context.js';
import { executePlan } from '../store/execute-plan.js';
import type { PlanAction } from '../store/write-plan.js';
import type { Ledger, PassProgress } from './ledger.js';
import { acquireAction, checkpointAction, finishAction, ledgerKey, ledgerOf, releaseAction } from './ledger.js';

/** The ledgers of `ids`, in that order (consistent: a run decides from them). */
export async function readLedgers(context: StoreContext, ids: readonly string[]): Promise<Ledger[]> {
  const items = await batchGet(context, ids.map(ledgerKey), { consistent: true });
  const byKey = new Map(items.map((item) => [item.pk, item]));
  return ids.map((id) => ledgerOf(id, byKey.get(ledgerKey(id).pk)));
}

async function write(context: StoreContext, id: string, operation: string, action: PlanAction): Promise<Ledger> {
  const { item } = await executePlan(context, { operation: `migrations.${operation}`, actions: [action], token: randomUUID(), readBack: true });
  return ledgerOf(id, item);
}

/** The lease of one run of one migration: `until()` is when a lease taken or renewed now runs out. */
export class Lease {
  readonly #context: StoreContext;
  readonly #id: string;
  readonly #leaseMs: number;
  /** Identifies this run in the ledger. */
  readonly owner = randomUUID();

  constructor(context: StoreContext, id: string, leaseMs: number) {
    this.#context = context;
    this.#id = id;
    this.#leaseMs = leaseMs;
  }

  #times(): { now: string; until: string } {
    const now = Date.now();
    return { now: new Date(now).toISOString(), until: new Date(now + this.#leaseMs).toISOString() };
  }

  /** Takes the lease; rejects with LedgerRefusal `done` or `busy`. Resolves the ledger as stored after it. */
  acquire(): Promise<Ledger> {
    const { now, until } = this.#times();
    return write(this.#context, this.#id, 'acquire', acquireAction(this.#id, this.owner, now, until));
  }

  /** Saves progress and renews the lease; rejects with LedgerRefusal `lost` when another run took it over. */
  async checkpoint(progress: PassProgress): Promise<void> {
    const { now, until } = this.#times();
    await write(this.#context, this.#id, 'checkpoint', checkpointAction(this.#id, this.owner, progress, now, until));
  }

  /** Ends the pass (`done` or incomplete) and gives the lease up. */
  async finish(progress: PassProgress, done: boolean): Promise<void> {
    await write(this.#context, this.#id, 'finish', finishAction(this.#id, this.owner, progress, done, this.#times().now));
  }

  /** Gives the lease up after a failure (best effort: if this fails too, the lease runs out by itself). */
  async release(progress: PassProgress): Promise<void> {
    try {
      await write(this.#context, this.#id, 'release', releaseAction(this.#id, this.owner, progress, this.#times().now));
    } catch {
      // The failure that made the run stop is what the caller reports.
    }
  }
}
