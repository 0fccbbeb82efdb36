/**
 * Turns the user's configuration into a StoreContext: the client (given, or built from
 * region/endpoint), the DocumentClient over it, logger, retry policy and concurrency.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DataAccessError } from '../errors/index.js';
import type { Logger, RetryPolicy, StoreContext } from '../store/context.js';
import { DEFAULT_CONCURRENCY, DEFAULT_RETRY_POLICY, retryPolicy, storeContext } from '../store/context.js';
import { callSafely } from '../store/caller-callback.js';
import type { KeyringConfig } from '../store/encryption/aes-gcm-keyring.js';
import { AesGcmKeyring, isEncryptionProvider } from '../store/encryption/aes-gcm-keyring.js';
import type { EncryptionProvider } from '../store/encryption/encryption-provider.js';
import type { OperationListener } from '../store/observe/operation-event.js';
import { OperationRecorder } from '../store/observe/operation-recorder.js';
import { readFields, UNREAD, UNREADABLE } from '../schema/unreadable.js';

/**
 * What a `DynamoDBClient` or `DynamoDBDocumentClient` of any installed copy of AWS SDK v3 looks
 * like: `send`, a resolved `config` and a `middlewareStack`. Services in a monorepo often have
 * several copies of the SDK, whose classes are not the same (so `instanceof` would fail) and whose
 * types may differ in detail; this shape is what the library relies on.
 */
export interface DynamoDBClientLike {
  send(command: never, options?: never): Promise<unknown>;
  readonly config: object;
  readonly middlewareStack: { add(...args: never[]): unknown; use(...args: never[]): unknown };
}

/**
 * Where and how a DataAccess talks to DynamoDB: the table, the client (or what to build one
 * from), logging, retries, batch concurrency and the encryption of OAuth tokens.
 */
export interface StoreConfig {
  /** The DynamoDB table that holds every entity. */
  tableName: string;
  /**
   * A client to use (of any installed copy of AWS SDK v3: recognised by its shape); otherwise one
   * is built from `region`/`endpoint`. A DynamoDBClient is wrapped in a DocumentClient; a
   * DocumentClient is used as it is, with its own marshalling options.
   */
  client?: DynamoDBClient | DynamoDBDocumentClient | DynamoDBClientLike;
  /** The AWS region of the client built when no `client` is given. */
  region?: string;
  /**
   * An `http:` or `https:` URL with a host (for example `http://127.0.0.1:8000` for DynamoDB
   * Local); anything else is a CONFIGURATION error at once.
   */
  endpoint?: string;
  /** `{ debug, info, warn, error }`; default: console with debug off. */
  logger?: Logger;
  /** Our retries of unprocessed batch items, throttling and transaction conflicts. */
  retry?: Partial<Omit<RetryPolicy, 'random' | 'sleep' | 'onRetry'>>;
  /** Batch requests in flight at once (default 8). */
  concurrency?: number;
  /**
   * Encryption of OAuth tokens at rest: an AES-256-GCM keyring (`{ keys: { [keyId]: 32-byte
   * Uint8Array }, activeKeyId }`) or any `{ encrypt, decrypt }` provider (for example KMS).
   */
  encryption?: KeyringConfig | EncryptionProvider;
  /**
   * Called once per public operation, after it settled, with what it cost (requests, retries,
   * consumed capacity, items, outcome): see {@link OperationEvent}. Without it nothing is
   * measured and no request asks for its consumed capacity. A listener that throws (or returns a
   * rejected promise) never breaks the operation; the first failure is logged at `warn`.
   */
  onEvent?: OperationListener;
}

/** console, with debug off. */
export const defaultLogger: Logger = Object.freeze({
  debug: () => undefined,
  info: (message: string, meta?: Record<string, unknown>) => console.info(message, meta ?? ''),
  warn: (message: string, meta?: Record<string, unknown>) => console.warn(message, meta ?? ''),
  error: (message: string, meta?: Record<string, unknown>) => console.error(message, meta ?? ''),
});

function configError(message: string): DataAccessError {
  return new DataAccessError('CONFIGURATION', `createDataAccess: ${message}`);
}

function isFunction(value: unknown): boolean {
  return typeof value === 'function';
}

/** The `serviceId` every SDK v3 DynamoDBClient's config carries (and the DocumentClient made over it, which shares that config). */
const DYNAMODB_SERVICE_ID = 'DynamoDB';

/**
 * True for a DynamoDBClient or DynamoDBDocumentClient of any copy of AWS SDK v3 (see
 * {@link DynamoDBClientLike}). A client of another AWS service has the same shape: its config's
 * `serviceId` ('STS', 'S3', 'DynamoDB Streams' …) tells it apart. A config without one (a
 * hand-made stand-in) is taken at its shape.
 */
export function isDynamoDBClientLike(value: unknown): value is DynamoDBClientLike {
  if (typeof value !== 'object' || value === null) return false;
  const { send, config, middlewareStack } = value as { send?: unknown; config?: unknown; middlewareStack?: { add?: unknown; use?: unknown } | null };
  if (!(isFunction(send) && typeof config === 'object' && config !== null && isFunction(middlewareStack?.add) && isFunction(middlewareStack?.use))) return false;
  const { serviceId } = config as { serviceId?: unknown };
  return serviceId === undefined || serviceId === DYNAMODB_SERVICE_ID;
}

/**
 * True when `client` already sends DocumentClient commands with marshalling options of its own.
 * `DynamoDBDocumentClient.from(base, options)` stores `translateConfig` on the config object it
 * shares with `base` (the same object, not a copy), so the property — present even when its value
 * is undefined — marks every client over that config, in every SDK copy: DocumentClient and base
 * alike send through the same stack and config, so either is used as it is. Only a client no
 * DocumentClient was made over gets one made here, with the library's options.
 */
function hasDocumentTranslation(client: DynamoDBClientLike): boolean {
  return Object.hasOwn(client.config, 'translateConfig');
}

/** An `http:` or `https:` URL with a host: what the SDK can send to. */
function isEndpointUrl(endpoint: string): boolean {
  if (!URL.canParse(endpoint)) return false;
  const url = new URL(endpoint);
  return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
}

/**
 * True when the client's DocumentClient translation wraps numbers (`unmarshallOptions.wrapNumbers`):
 * reads would hand back NumberValue objects where every getter promises a `number`, and versions
 * and counters passed back in would no longer be numbers.
 */
function wrapsNumbers(client: DynamoDBClientLike): boolean {
  const translate = (client.config as { translateConfig?: { unmarshallOptions?: { wrapNumbers?: unknown } } }).translateConfig;
  return Boolean(translate?.unmarshallOptions?.wrapNumbers);
}

/** The caller's client as read once: it is used as it is, so only what the checks need is asked of it. */
interface ClientRead {
  readonly client: DynamoDBClientLike;
  /** A DocumentClient was made over its config (see {@link hasDocumentTranslation}). */
  readonly translated: boolean;
}

/**
 * The `client` field, checked. Its members live on prototypes (readOwn sees own properties only),
 * so they are asked of it here, once, inside one try: a Proxy trap or a getter that throws makes
 * the client one that cannot be read — never the caller's own error, whose message may hold secrets.
 */
function clientOf(value: unknown): ClientRead | undefined {
  if (value === undefined) return undefined;
  let read: (ClientRead & { readonly wrapsNumbers: boolean }) | null;
  try {
    read = isDynamoDBClientLike(value) ? { client: value, translated: hasDocumentTranslation(value), wrapsNumbers: wrapsNumbers(value) } : null;
  } catch {
    throw configError(`client ${UNREADABLE}`);
  }
  if (read === null) throw configError("client must be a DynamoDBClient or a DynamoDBDocumentClient (send, config and middlewareStack; a client of another AWS service has a config.serviceId other than 'DynamoDB')");
  if (read.wrapsNumbers) {
    throw configError('client: a DocumentClient made with unmarshallOptions.wrapNumbers is not supported (attributes typed number would come back as objects); pass a DocumentClient made without it, or a DynamoDBClient no such DocumentClient shares its config with');
  }
  return { client: read.client, translated: read.translated };
}

/** What the SDK can put in a host name: an AWS region ('eu-west-1', 'us-gov-west-1'), or DynamoDB Local's any ('local'). */
const AWS_REGION = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/i;

function checkRegionAndEndpoint(region: unknown, endpoint: unknown): void {
  if (region !== undefined && (typeof region !== 'string' || !AWS_REGION.test(region))) throw configError("region must be an AWS region name such as 'eu-west-1' (letters, digits and hyphens)");
  // Checked even when a client is given: an endpoint that is silently ignored hides a mistake.
  if (endpoint !== undefined && (typeof endpoint !== 'string' || !isEndpointUrl(endpoint))) {
    throw configError("endpoint must be an http(s) URL with a host, for example 'http://127.0.0.1:8000'");
  }
}

function documentClientOf(given: ClientRead | undefined, region: string | undefined, endpoint: string | undefined): DynamoDBDocumentClient {
  const options = { marshallOptions: { removeUndefinedValues: true } };
  if (given === undefined) return DynamoDBDocumentClient.from(new DynamoDBClient({ ...(region ? { region } : {}), ...(endpoint ? { endpoint } : {}) }), options);
  // The DocumentClient commands the library sends need only `send`, `config` and the stack.
  if (given.translated) return given.client as DynamoDBDocumentClient;
  try {
    return DynamoDBDocumentClient.from(given.client as DynamoDBClient, options);
  } catch {
    // The SDK reads the client's config and stack again and writes translateConfig onto the config
    // (it also refuses cacheMiddleware: true): what it throws would be the caller's, raw.
    throw configError('client: no DocumentClient can be made over it (its config or middlewareStack could not be read or written, or it was made with cacheMiddleware: true)');
  }
}

/** The retry settings a caller may give, each with its bounds (maxAttempts counts the SDK's own attempts). */
const RETRY_BOUNDS = { maxAttempts: [1, 100], baseDelayMs: [0, 60_000], maxDelayMs: [0, 600_000] } as const;

const RETRY_SETTINGS = Object.keys(RETRY_BOUNDS) as (keyof typeof RETRY_BOUNDS)[];

function retryPolicyOf(retry: unknown): RetryPolicy {
  if (retry === undefined) return DEFAULT_RETRY_POLICY;
  // Read once (readFields): a Proxy or a getter that throws is a setting that cannot be read.
  const read = readFields(retry, RETRY_SETTINGS, { plainOnly: false });
  if (read === null) throw configError('retry must be { maxAttempts?, baseDelayMs?, maxDelayMs? }');
  if (read === UNREAD) throw configError(`retry ${UNREADABLE}`);
  const [other] = read.others;
  if (other !== undefined) throw configError(`retry.${other} is not a retry setting (maxAttempts, baseDelayMs, maxDelayMs)`);
  for (const name of RETRY_SETTINGS) if (read.values[name] === UNREAD) throw configError(`retry.${name} ${UNREADABLE}`);
  // undefined only means "the default" (as for concurrency; `maxAttempts?: number` allows it): a null is a mistake.
  const settings = Object.fromEntries(RETRY_SETTINGS.filter((name) => read.values[name] !== undefined).map((name) => [name, read.values[name]]));
  const policy: RetryPolicy = Object.assign({}, DEFAULT_RETRY_POLICY, settings);
  if (!Number.isInteger(policy.maxAttempts) || policy.maxAttempts < 1) throw configError('retry.maxAttempts must be a positive integer');
  for (const [name, [min, max]] of Object.entries(RETRY_BOUNDS)) {
    const value = policy[name as keyof typeof RETRY_BOUNDS];
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) throw configError(`retry.${name} must be an integer from ${min} to ${max}`);
  }
  if (policy.baseDelayMs > policy.maxDelayMs) throw configError('retry.baseDelayMs must not exceed retry.maxDelayMs');
  return policy;
}

const LOGGER_METHODS = ['debug', 'info', 'warn', 'error'] as const;

/**
 * The caller's logger, each method called so that it cannot break an operation: a logger that
 * throws (a closed stream, a bug) would otherwise turn a write that landed — a consumed nonce, a
 * cascade step — into an error the caller cannot recover from. What it throws, or the promise it
 * returns rejects with, is dropped.
 */
function guardedLogger(logger: unknown): Logger {
  if (logger === undefined) return defaultLogger;
  if (typeof logger !== 'object' || logger === null) throw configError('logger must have the methods debug, info, warn and error');
  for (const name of LOGGER_METHODS) {
    // A logger's methods are often its class's (readOwn sees own properties only): asked here,
    // where a getter or a Proxy trap that throws is a method that cannot be read.
    let method: unknown;
    try {
      method = (logger as Record<string, unknown>)[name];
    } catch {
      throw configError(`logger.${name} ${UNREADABLE}`);
    }
    if (!isFunction(method)) throw configError('logger must have the methods debug, info, warn and error');
  }
  // Each call looks the method up again (a logger may swap its methods, as pino does on a level
  // change): inside the guard below, where a lookup that throws is dropped like a call that does.
  const given = logger as Logger;
  const guarded = {} as Record<(typeof LOGGER_METHODS)[number], Logger['warn']>;
  for (const name of LOGGER_METHODS) {
    // The logger's own failure (a throw, or the rejection of an async logger's promise, which
    // would otherwise be unhandled and end the process): nothing left to report it to.
    guarded[name] = (message, meta) => callSafely(() => given[name](message, meta), undefined, () => undefined);
  }
  return Object.freeze(guarded);
}

const CONFIG_FIELDS = ['tableName', 'client', 'region', 'endpoint', 'logger', 'retry', 'concurrency', 'encryption', 'onEvent'] as const;

/**
 * The configuration's fields, each read once (readFields: own properties only); the checks below
 * work on what was read. A field whose reading throws — a getter, a Proxy trap — is a
 * CONFIGURATION error naming it, never the caller's own error (its message may hold a secret).
 */
function configFields(config: unknown): Readonly<Record<(typeof CONFIG_FIELDS)[number], unknown>> {
  const read = readFields(config, CONFIG_FIELDS, { plainOnly: false });
  if (read === null) throw configError('a configuration object is required');
  if (read === UNREAD) throw configError(`the configuration ${UNREADABLE}`);
  // A misspelt field (`encrpytion`) would otherwise be ignored without a word.
  const [other] = read.others;
  if (other !== undefined) throw configError(`${other} is not a configuration field (${CONFIG_FIELDS.join(', ')})`);
  for (const name of CONFIG_FIELDS) if (read.values[name] === UNREAD) throw configError(`${name} ${UNREADABLE}`);
  return read.values;
}

/** The `encryption` field: a provider (by its encrypt/decrypt, often its class's) or a keyring configuration. */
function encryptionOf(encryption: unknown): EncryptionProvider | undefined {
  if (encryption === undefined) return undefined;
  let provider: boolean;
  try {
    provider = isEncryptionProvider(encryption);
  } catch {
    throw configError(`encryption ${UNREADABLE}`);
  }
  // The keyring reads its configuration once itself (a CONFIGURATION error for what it cannot read).
  return provider ? (encryption as EncryptionProvider) : new AesGcmKeyring(encryption as KeyringConfig);
}

export function storeContextOf(config: StoreConfig): StoreContext {
  const fields = configFields(config);
  const { tableName, region, endpoint, onEvent } = fields;
  if (typeof tableName !== 'string' || !/^[A-Za-z0-9_.-]{3,255}$/.test(tableName)) {
    throw configError('tableName must be a DynamoDB table name (3–255 of A–Z a–z 0–9 _ . -)');
  }
  const client = clientOf(fields.client);
  checkRegionAndEndpoint(region, endpoint);
  // undefined only means "the default": a null is a mistake like any other value.
  const concurrency = fields.concurrency === undefined ? DEFAULT_CONCURRENCY : fields.concurrency;
  if (typeof concurrency !== 'number' || !Number.isInteger(concurrency) || concurrency < 1 || concurrency > 64) throw configError('concurrency must be an integer from 1 to 64');
  const retry = retryPolicyOf(fields.retry);
  if (onEvent !== undefined && typeof onEvent !== 'function') throw configError('onEvent must be a function (event) => void');
  const logger = guardedLogger(fields.logger);
  const encryption = encryptionOf(fields.encryption);
  // Only a listener makes a recorder: without one, requests and retries run exactly as before.
  // With one, each operation sends with a context of its own (OperationScope.contextOf) that counts.
  const operations = onEvent === undefined ? undefined : new OperationRecorder(onEvent as OperationListener, logger);
  return storeContext(
    {
      doc: documentClientOf(client, region as string | undefined, endpoint as string | undefined),
      tableName,
      logger,
      // Re-sends are reported only by an operation's own context; a hook passed in (untyped) is not taken over.
      retry: retryPolicy(retry, undefined),
      concurrency,
      encryption,
      operations,
    },
    undefined,
  );
}
