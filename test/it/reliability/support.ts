/**
 * Shared helpers of the reliability suite (not a test file: the mocha glob only takes
 * `*.test.ts`): tables, a clean client for setup and scans, data access over a fault-injected
 * client, seeded inputs and table checks.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { expect } from 'chai';
import type { DataAccess, DataAccessError, Logger, StoreConfig } from '../../../src/index.js';
import { createDataAccess, tableDefinition } from '../../../src/index.js';
import type { FaultInjector, FaultInjectorOptions, FaultRates } from '../../support/fault-injector.js';
import { createFaultInjectedClient, injectedFaultOf, mulberry32 } from '../../support/fault-injector.js';
import { createTableFrom, localEndpoint, newLocalClient, scanAll } from '../../support/local-store.js';

export type Item = Record<string, unknown>;

/** Seeds used by the randomised fault tests (20 of them). */
export const SEEDS: readonly number[] = Array.from({ length: 20 }, (_, i) => 1000 + i * 7919);

export const silentLogger: Logger = Object.freeze({ debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined });

/** A new table of the library's entities; returns its name. */
export function newTable(name: string): Promise<string> {
  return createTableFrom(tableDefinition(name));
}

export interface InjectedOptions {
  readonly seed: number;
  readonly rates?: FaultRates;
  readonly byCommand?: Readonly<Record<string, FaultRates>>;
  readonly failAfterWrites?: number;
  readonly script?: FaultInjectorOptions['script'];
  readonly betweenLostResponseAndRetry?: FaultInjectorOptions['betweenLostResponseAndRetry'];
  readonly queryPageLimit?: number;
  /** The SDK's attempts per request (default 3). */
  readonly sdkMaxAttempts?: number;
  /** The library's attempts (default 8). */
  readonly maxAttempts?: number;
  readonly concurrency?: number;
  readonly logger?: Logger;
  readonly encryption?: StoreConfig['encryption'];
}

/** A keyring for OAuthTokenState in tests (a fixed key: the tests look for plaintext, not at the key). */
export function testKeyring(): NonNullable<StoreConfig['encryption']> {
  return { keys: { k1: new Uint8Array(32).fill(7) }, activeKeyId: 'k1' };
}

/** A store configuration over a fresh fault-injected client; destroy `client` when done. */
export function injectedConfig(tableName: string, options: InjectedOptions): { config: StoreConfig; client: DynamoDBClient; injector: FaultInjector } {
  const { client, injector } = createFaultInjectedClient({
    endpoint: localEndpoint(),
    seed: options.seed,
    ...(options.rates ? { rates: options.rates } : {}),
    ...(options.byCommand ? { byCommand: options.byCommand } : {}),
    ...(options.script ? { script: options.script } : {}),
    ...(options.betweenLostResponseAndRetry ? { betweenLostResponseAndRetry: options.betweenLostResponseAndRetry } : {}),
    ...(options.failAfterWrites === undefined ? {} : { failAfterWrites: options.failAfterWrites }),
    ...(options.queryPageLimit === undefined ? {} : { queryPageLimit: options.queryPageLimit }),
    ...(options.sdkMaxAttempts === undefined ? {} : { sdkMaxAttempts: options.sdkMaxAttempts }),
  });
  const config: StoreConfig = {
    tableName,
    client,
    logger: options.logger ?? silentLogger,
    retry: { maxAttempts: options.maxAttempts ?? 8, baseDelayMs: 1, maxDelayMs: 4 },
    ...(options.concurrency === undefined ? {} : { concurrency: options.concurrency }),
    ...(options.encryption === undefined ? {} : { encryption: options.encryption }),
  };
  return { config, client, injector };
}

/** createDataAccess over a fresh fault-injected client; destroy `client` when done. */
export function injectedDataAccess(tableName: string, options: InjectedOptions): { da: DataAccess; client: DynamoDBClient; injector: FaultInjector } {
  const { config, client, injector } = injectedConfig(tableName, options);
  return { da: createDataAccess(config), client, injector };
}

/**
 * For the describe block it is called in: a new table (made before its tests) and a healthy data
 * access over it (its client destroyed after them). Read the fields inside the tests.
 */
export function tableWithCleanAccess(prefix: string): { readonly tableName: string; readonly clean: ReturnType<typeof cleanDataAccess> } {
  const state: { tableName?: string; clean?: ReturnType<typeof cleanDataAccess> } = {};
  before(async function () {
    state.tableName = await newTable(prefix);
    state.clean = cleanDataAccess(state.tableName);
  });
  after(function () {
    state.clean?.client.destroy();
  });
  return {
    get tableName() {
      return state.tableName as string;
    },
    get clean() {
      return state.clean as ReturnType<typeof cleanDataAccess>;
    },
  };
}

/** A healthy client and data access over the same table (setup and checks). */
export function cleanDataAccess(tableName: string): { da: DataAccess; client: DynamoDBClient } {
  const client = newLocalClient();
  return { da: createDataAccess({ tableName, client, logger: silentLogger, encryption: testKeyring() }), client };
}

// ---------------------------------------------------------------------------------------------
// Seeded inputs
// ---------------------------------------------------------------------------------------------

/** Seeded generator of inputs: the same seed gives the same inputs. */
export class Inputs {
  readonly #random: () => number;

  constructor(seed: number, salt: string) {
    let hash = seed >>> 0;
    for (let i = 0; i < salt.length; i += 1) hash = Math.imul(hash ^ salt.charCodeAt(i), 0x01000193) >>> 0;
    this.#random = mulberry32(hash);
  }

  random(): number {
    return this.#random();
  }

  hex(n: number): string {
    let text = '';
    for (let i = 0; i < n; i += 1) text += Math.floor(this.#random() * 16).toString(16);
    return text;
  }

  /** A version-4 UUID from the seeded stream. */
  uuid(): string {
    const variant = '89ab'[Math.floor(this.#random() * 4)] ?? '8';
    return `${this.hex(8)}-${this.hex(4)}-4${this.hex(3)}-${variant}${this.hex(3)}-${this.hex(12)}`;
  }

  connection(overrides: Item = {}) {
    const cloudId = this.uuid();
    return {
      organizationId: this.uuid(),
      provider: 'jira_cloud' as const,
      displayName: `Jira ${cloudId.slice(0, 8)}`,
      instanceUrl: `https://${cloudId.slice(0, 8)}.atlassian.net`,
      connectedBy: 'user-1',
      externalInstanceId: cloudId,
      metadata: { cloudId, scopes: ['read:jira-work'] },
      ...overrides,
    };
  }

  ticket(connection: { getId(): string; getOrganizationId(): string }, n: number, overrides: Item = {}) {
    const externalTicketId = `${n}-${this.hex(6)}`;
    return {
      organizationId: connection.getOrganizationId(),
      taskManagementConnectionId: connection.getId(),
      opportunityId: this.uuid(),
      externalTicketId,
      ticketKey: `ASO-${n}`,
      ticketUrl: `https://acme.atlassian.net/browse/ASO-${n}`,
      ticketProvider: 'jira_cloud' as const,
      summary: `ticket ${n}`,
      createdBy: 'user-1',
      ...overrides,
    };
  }

  links(n: number) {
    return Array.from({ length: n }, () => ({ suggestionId: this.uuid(), opportunityId: this.uuid() }));
  }

  syncStart(connection: { getId(): string; getOrganizationId(): string }, overrides: Item = {}) {
    return {
      taskManagementConnectionId: connection.getId(),
      organizationId: connection.getOrganizationId(),
      triggeredBy: 'user-1',
      syncType: 'full' as const,
      ...overrides,
    };
  }

  /** A PKCE code verifier (43–128 unreserved characters). */
  codeVerifier(): string {
    return `cv-${this.hex(60)}`;
  }

  nonce(overrides: Item = {}) {
    return {
      organizationId: this.uuid(),
      provider: 'jira_cloud' as const,
      createdBy: 'user-1',
      codeVerifier: this.codeVerifier(),
      redirectUri: 'https://app.example.com/oauth/callback',
      ...overrides,
    };
  }
}

// ---------------------------------------------------------------------------------------------
// Table checks
// ---------------------------------------------------------------------------------------------

export function scan(client: DynamoDBClient, tableName: string): Promise<Item[]> {
  return scanAll(client, tableName);
}

export function isGuard(item: Item): boolean {
  return item.sk === '$unique';
}

export function entityItems(items: readonly Item[], entityName: string): Item[] {
  return items.filter((item) => item.__edb_e__ === entityName.toLowerCase() && !isGuard(item));
}

/** Ids (of `idAttribute`) of `items`, with how often each occurs. */
export function idCounts(items: readonly Item[], idAttribute: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) {
    const id = String(item[idAttribute]);
    counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  return counts;
}

/** Guard items whose owner is not in the table (a guard must never outlive its owner). */
export function orphanGuards(items: readonly Item[]): Item[] {
  // An owner's pk ends with `<idAttribute>_<id>` (ElectroDB's key format) and it carries the guard's entity marker.
  const owners = new Set(items.filter((item) => !isGuard(item)).map((item) => `${String(item.__edb_e__)}|${String(item.pk).split('_').pop()}`));
  return items.filter((item) => isGuard(item) && !owners.has(`${String(item.entity)}|${String(item.ownerId)}`));
}

/** Asserts `error` is DataAccessError DATASTORE carrying an injected fault (of one of `kinds`) as its cause. */
export function expectDatastore(error: unknown, kinds?: readonly string[]): void {
  const e = error as DataAccessError;
  expect(e, String(error)).to.be.an('error');
  expect(e.name, `${e.name}: ${e.message}`).to.equal('DataAccessError');
  expect(e.code).to.equal('DATASTORE');
  expect(e.cause, 'cause').to.not.equal(undefined);
  const fault = injectedFaultOf(e);
  expect(fault, `the cause of "${e.message}" is an injected fault`).to.not.equal(undefined);
  if (kinds) expect(kinds).to.include(fault?.kind);
}
