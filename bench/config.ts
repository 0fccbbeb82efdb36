/**
 * Sizes and rounds of every scenario: the full run (DESIGN.md's sizes, under 10 minutes on two
 * cores) and the smoke run (tiny sizes, one round, no warm-up: it only proves the bench works).
 */
export interface Sizes {
  readonly smoke: boolean;
  /** Fresh processes per contender for the cold start. */
  readonly coldStart: { readonly warmup: number; readonly rounds: number };
  /** Entity counts of the synthetic registries (small, large). */
  readonly registry: { readonly entities: readonly [number, number]; readonly warmup: number; readonly rounds: number };
  readonly hydration: { readonly items: number; readonly warmup: number; readonly rounds: number };
  /** create / findById / query: operations per timed run, sequentially and with 16 in flight. */
  readonly crud: { readonly sequentialOps: number; readonly concurrentOps: number; readonly inFlight: number; readonly warmup: number; readonly rounds: number };
  readonly createMany: { readonly items: number; readonly warmupItems: number; readonly warmup: number; readonly rounds: number };
  readonly ticketsMany: { readonly items: number; readonly warmupItems: number; readonly warmup: number; readonly rounds: number };
  readonly allBy: { readonly items: number; readonly itemBytes: number; readonly warmup: number; readonly rounds: number };
  readonly cascade: { readonly tickets: number; readonly linksPerTicket: number; readonly warmupTickets: number; readonly warmup: number; readonly rounds: number };
  readonly uniqueCreate: { readonly sequentialOps: number; readonly concurrentOps: number; readonly inFlight: number; readonly warmup: number; readonly rounds: number };
  readonly memory: { readonly items: number; readonly runs: number };
  /** create / findById with and without a no-op onEvent. */
  readonly observe: InterleavedSizes;
  /**
   * The client CPU rows of create / findById / query: the library and the raw DocumentClient,
   * a fresh process per round, interleaved like `observe`.
   */
  readonly crudCpu: InterleavedSizes;
  /**
   * Rows measured again in every run with a simulated round trip of `rttMs` per request on both
   * sides (skipped under `--rtt`, where every row has one already).
   */
  readonly latency: {
    readonly rttMs: number;
    readonly createMany: Batch;
    readonly ticketsMany: Batch;
    /** allBy… over the items of `allBy` (the same table). */
    readonly allBy: Rounds;
    /** The cascade of `cascade`'s tree (item by item takes ~4 000 sequential requests per run). */
    readonly cascade: Rounds;
    /** onEvent's rows, smaller (a call takes ~5 ms more). */
    readonly observe: InterleavedSizes;
  };
  /** Ticket.applyExternalUpdates over `tickets` tickets of one connection (every update applied). */
  readonly externalUpdates: { readonly tickets: number; readonly warmupTickets: number } & Rounds;
  /** IdempotencyKey.claim + claim.complete against the hand pair, interleaved (calls are pairs). */
  readonly idempotency: InterleavedSizes;
  /** da.migrations.run() over a table of `items` tickets stored before the byStatusSyncedAt index. */
  readonly migration: Batch;
  /** Time per item as the data grows: allBy… over each item count, a cascade of each ticket count. */
  readonly growth: {
    readonly allBy: { readonly items: readonly [number, number, number]; readonly itemBytes: number } & Rounds;
    readonly cascade: { readonly tickets: readonly [number, number, number]; readonly linksPerTicket: number } & Rounds;
  };
}

/**
 * Sides measured interleaved in one fresh process per round (bench/support/interleave.ts). Per
 * process: `warmupOps` untimed calls of every side, then `sequentialOps` / `concurrentOps` timed
 * ones of every side, in blocks of `blockOps` calls (× `inFlight` in flight); `warmup` processes
 * are discarded, `rounds` measured.
 */
export interface InterleavedSizes {
  readonly sequentialOps: number;
  readonly concurrentOps: number;
  readonly inFlight: number;
  readonly warmupOps: number;
  readonly blockOps: number;
  readonly warmup: number;
  readonly rounds: number;
}

/** Warm-up and measured rounds of a scenario. */
export interface Rounds {
  readonly warmup: number;
  readonly rounds: number;
}

/** A batch size, the smaller size of its warm-up runs, and its rounds. */
export interface Batch extends Rounds {
  readonly items: number;
  readonly warmupItems: number;
}

export const FULL: Sizes = {
  smoke: false,
  coldStart: { warmup: 1, rounds: 15 },
  registry: { entities: [5, 50], warmup: 1, rounds: 11 },
  hydration: { items: 10_000, warmup: 5, rounds: 31 },
  crud: { sequentialOps: 200, concurrentOps: 400, inFlight: 16, warmup: 1, rounds: 9 },
  createMany: { items: 10_000, warmupItems: 1_000, warmup: 1, rounds: 5 },
  ticketsMany: { items: 2_000, warmupItems: 200, warmup: 1, rounds: 5 },
  allBy: { items: 10_000, itemBytes: 1_000, warmup: 1, rounds: 7 },
  cascade: { tickets: 1_000, linksPerTicket: 2, warmupTickets: 50, warmup: 1, rounds: 5 },
  uniqueCreate: { sequentialOps: 100, concurrentOps: 200, inFlight: 16, warmup: 1, rounds: 7 },
  memory: { items: 10_000, runs: 5 },
  observe: { sequentialOps: 600, concurrentOps: 1_200, inFlight: 16, warmupOps: 300, blockOps: 10, warmup: 1, rounds: 5 },
  crudCpu: { sequentialOps: 600, concurrentOps: 1_200, inFlight: 16, warmupOps: 300, blockOps: 10, warmup: 1, rounds: 5 },
  latency: {
    rttMs: 5,
    createMany: { items: 10_000, warmupItems: 1_000, warmup: 1, rounds: 5 },
    ticketsMany: { items: 2_000, warmupItems: 200, warmup: 1, rounds: 5 },
    allBy: { warmup: 1, rounds: 7 },
    cascade: { warmup: 1, rounds: 3 },
    observe: { sequentialOps: 200, concurrentOps: 800, inFlight: 16, warmupOps: 100, blockOps: 5, warmup: 1, rounds: 3 },
  },
  externalUpdates: { tickets: 1_000, warmupTickets: 100, warmup: 1, rounds: 7 },
  idempotency: { sequentialOps: 400, concurrentOps: 800, inFlight: 16, warmupOps: 200, blockOps: 10, warmup: 1, rounds: 5 },
  migration: { items: 10_000, warmupItems: 500, warmup: 1, rounds: 3 },
  growth: {
    allBy: { items: [1_000, 10_000, 100_000], itemBytes: 400, warmup: 1, rounds: 5 },
    cascade: { tickets: [100, 1_000, 5_000], linksPerTicket: 2, warmup: 1, rounds: 3 },
  },
};

export const SMOKE: Sizes = {
  smoke: true,
  coldStart: { warmup: 0, rounds: 1 },
  registry: { entities: [2, 4], warmup: 0, rounds: 1 },
  hydration: { items: 50, warmup: 0, rounds: 1 },
  crud: { sequentialOps: 3, concurrentOps: 6, inFlight: 4, warmup: 0, rounds: 1 },
  createMany: { items: 60, warmupItems: 10, warmup: 0, rounds: 1 },
  ticketsMany: { items: 6, warmupItems: 2, warmup: 0, rounds: 1 },
  allBy: { items: 40, itemBytes: 1_000, warmup: 0, rounds: 1 },
  cascade: { tickets: 4, linksPerTicket: 2, warmupTickets: 2, warmup: 0, rounds: 1 },
  uniqueCreate: { sequentialOps: 3, concurrentOps: 6, inFlight: 4, warmup: 0, rounds: 1 },
  memory: { items: 100, runs: 1 },
  observe: { sequentialOps: 3, concurrentOps: 6, inFlight: 4, warmupOps: 2, blockOps: 2, warmup: 0, rounds: 1 },
  crudCpu: { sequentialOps: 3, concurrentOps: 6, inFlight: 4, warmupOps: 2, blockOps: 2, warmup: 0, rounds: 1 },
  latency: {
    rttMs: 5,
    createMany: { items: 60, warmupItems: 10, warmup: 0, rounds: 1 },
    ticketsMany: { items: 6, warmupItems: 2, warmup: 0, rounds: 1 },
    allBy: { warmup: 0, rounds: 1 },
    cascade: { warmup: 0, rounds: 1 },
    observe: { sequentialOps: 2, concurrentOps: 4, inFlight: 2, warmupOps: 1, blockOps: 1, warmup: 0, rounds: 1 },
  },
  externalUpdates: { tickets: 6, warmupTickets: 2, warmup: 0, rounds: 1 },
  idempotency: { sequentialOps: 3, concurrentOps: 6, inFlight: 4, warmupOps: 2, blockOps: 2, warmup: 0, rounds: 1 },
  migration: { items: 12, warmupItems: 4, warmup: 0, rounds: 1 },
  growth: {
    allBy: { items: [10, 20, 40], itemBytes: 400, warmup: 0, rounds: 1 },
    cascade: { tickets: [2, 3, 4], linksPerTicket: 2, warmup: 0, rounds: 1 },
  },
};
