/**
 * Turns the user's configuration into a StoreContext: the client (given, or built from
 * region/endpoint), the DocumentClient over it, logger, retry policy and concurrency.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DataAccessError } from '../errors/index.js';
import type { Logger, RetryPolicy, StoreContext } from '../store/context.js';
import { DEFAULT_CONCURRENCY, DEFAULT_RETRY_POLICY } from '../store/context.js';
import type { KeyringConfig } from '../store/encryption/aes-gcm-keyring.js';
import { AesGcmKeyring, isEncryptionProvider } from '../store/encryption/aes-gcm-keyring.js';
import type { EncryptionProvider } from '../store/encryption/encryption-provider.js';

/**
 * Where and how a DataAccess talks to DynamoDB: the table, the client (or what to build one
 * from), logging, retries, batch concurrency and the encryption of OAuth tokens.
 */
export interface StoreConfig {
  /** The DynamoDB table that holds every entity. */
  tableName: string;
  /** A client to use; otherwise one is built from `region`/`endpoint`. */
  client?: DynamoDBClient | DynamoDBDocumentClient;
  /** The AWS region of the client built when no `client` is given. */
  region?: string;
  /** For example `http://127.0.0.1:8000` for DynamoDB Local. */
  endpoint?: string;
  /** `{ debug, info, warn, error }`; default: console with debug off. */
  logger?: Logger;
  /** Our retries of unprocessed batch items, throttling and transaction conflicts. */
  retry?: Partial<Omit<RetryPolicy, 'random' | 'sleep'>>;
  /** Batch requests in flight at once (default 8). */
  concurrency?: number;
  /**
   * Encryption of OAuth tokens at rest: an AES-256-GCM keyring (`{ keys: { [keyId]: 32-byte
   * Uint8Array }, activeKeyId }`) or any `{ encrypt, decrypt }` provider (for example KMS).
   */
  encryption?: KeyringConfig | EncryptionProvider;
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

function documentClientOf(config: StoreConfig): DynamoDBDocumentClient {
  const { client } = config;
  if (client instanceof DynamoDBDocumentClient) return client;
  const base =
    client instanceof DynamoDBClient
      ? client
      : new DynamoDBClient({
          ...(config.region ? { region: config.region } : {}),
          ...(config.endpoint ? { endpoint: config.endpoint } : {}),
        });
  return DynamoDBDocumentClient.from(base, { marshallOptions: { removeUndefinedValues: true } });
}

export function storeContextOf(config: StoreConfig): StoreContext {
  if (typeof config !== 'object' || config === null) throw configError('a configuration object is required');
  if (typeof config.tableName !== 'string' || !/^[A-Za-z0-9_.-]{3,255}$/.test(config.tableName)) {
    throw configError('tableName must be a DynamoDB table name (3–255 of A–Z a–z 0–9 _ . -)');
  }
  if (config.client !== undefined && !(config.client instanceof DynamoDBClient) && !(config.client instanceof DynamoDBDocumentClient)) {
    throw configError('client must be a DynamoDBClient or a DynamoDBDocumentClient');
  }
  const concurrency = config.concurrency ?? DEFAULT_CONCURRENCY;
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 64) throw configError('concurrency must be an integer from 1 to 64');
  const retry: RetryPolicy = { ...DEFAULT_RETRY_POLICY, ...config.retry };
  if (!Number.isInteger(retry.maxAttempts) || retry.maxAttempts < 1) throw configError('retry.maxAttempts must be a positive integer');
  const { encryption } = config;
  return Object.freeze({
    doc: documentClientOf(config),
    tableName: config.tableName,
    logger: config.logger ?? defaultLogger,
    retry,
    concurrency,
    encryption: encryption === undefined ? undefined : isEncryptionProvider(encryption) ? encryption : new AesGcmKeyring(encryption),
  });
}
