/**
 * The bench's own DynamoDB Local (started like the integration tests', stopped by its pid through
 * stop()), clients that count the commands they send, and throw-away tables.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { CreateTableCommand, DeleteTableCommand, ScanCommand, waitUntilTableExists } from '@aws-sdk/client-dynamodb';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { LOCAL_CREDENTIALS, LOCAL_REGION, startDynamoLocal } from '../../test/support/dynamo-local.js';
import type { DynamoLocal } from '../../test/support/dynamo-local.js';
import { tableDefinition } from '../../src/index.js';
import { scanPages } from '../baselines/raw-sdk.js';
import type { CountedClient } from './bench-client.js';
import { benchClient } from './bench-client.js';


export interface BenchStore {
  readonly endpoint: string;
  /** The simulated round trip of `--rtt` (0 without it), for clients made elsewhere (child processes). */
  readonly rttMs: number;
  /**
   * A fresh client (each contender gets its own, configured identically), with the store's round
   * trip or `rttMs` of its own (the rows measured at a fixed round trip in every full run).
   */
  newClient(options?: { rttMs?: number }): CountedClient;
  /** Creates a table with the library's definition (pk/sk + gsi1–3) and waits until it is ACTIVE. */
  newTable(prefix: string): Promise<string>;
  dropTable(name: string): Promise<void>;
  /** Items in a table (Scan COUNT, all pages). */
  countItems(name: string): Promise<number>;
  /** Every item of a table (consistent Scan, all pages), unmarshalled. */
  scanItems(name: string): Promise<Record<string, unknown>[]>;
  /** CPU time (user + system, ms) DynamoDB Local's java process has used so far; undefined if /proc cannot tell. */
  serverCpuMs(): number | undefined;
  stop(): Promise<void>;
}

let tableCounter = 0;

/** The pid of the java process listening on `port` (DynamoDB Local runs as `java … -port <port>`), found in /proc. */
function javaPidOf(port: number): number | undefined {
  try {
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        const args = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
        const at = args.indexOf('-port');
        if (args[0]?.endsWith('java') && at >= 0 && args[at + 1] === String(port)) return Number(entry);
      } catch {
        // the process ended meanwhile
      }
    }
  } catch {
    // no /proc
  }
  return undefined;
}

/** utime + stime of a process in ms (/proc/<pid>/stat, clock ticks of 10 ms). */
function cpuMsOf(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return undefined;
  }
}

/**
 * `rttMs`: a simulated network round trip added to every request of every bench client (both
 * sides alike), to see the scenarios as they would run against DynamoDB across a network.
 */
export async function startBenchStore(options: { rttMs?: number } = {}): Promise<BenchStore> {
  const local: DynamoLocal = await startDynamoLocal();
  const rttMs = options.rttMs ?? 0;
  const clients: DynamoDBClient[] = [];
  const newClient = (clientOptions: { rttMs?: number } = {}): CountedClient => {
    const counted = benchClient(local.endpoint, clientOptions.rttMs ?? rttMs, { region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
    clients.push(counted.client);
    return counted;
  };
  const adminClient = newClient();
  const admin = adminClient.client;
  const javaPid = javaPidOf(local.port);
  return {
    endpoint: local.endpoint,
    rttMs,
    newClient,
    async newTable(prefix) {
      tableCounter += 1;
      const name = `bench-${prefix}-${tableCounter}`;
      await admin.send(new CreateTableCommand(tableDefinition(name)));
      await waitUntilTableExists({ client: admin, maxWaitTime: 60, minDelay: 1, maxDelay: 2 }, { TableName: name });
      return name;
    },
    async dropTable(name) {
      await admin.send(new DeleteTableCommand({ TableName: name }));
    },
    async countItems(name) {
      let count = 0;
      let startKey: Record<string, AttributeValue> | undefined;
      do {
        const page = await admin.send(new ScanCommand({ TableName: name, Select: 'COUNT', ...(startKey ? { ExclusiveStartKey: startKey } : {}) }));
        count += page.Count ?? 0;
        startKey = page.LastEvaluatedKey;
      } while (startKey);
      return count;
    },
    async scanItems(name) {
      const items: Record<string, unknown>[] = [];
      await scanPages(adminClient.doc, { TableName: name, ConsistentRead: true }, (page) => {
        items.push(...page);
        return Promise.resolve();
      });
      return items;
    },
    serverCpuMs: () => (javaPid === undefined ? undefined : cpuMsOf(javaPid)),
    async stop() {
      for (const client of clients) client.destroy();
      await local.stop();
    },
  };
}
