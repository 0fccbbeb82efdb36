/** The DynamoDB client of a CLI command, from --endpoint/--region and the environment. */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import type { CliEnv, Target } from './args.js';

/** DynamoDB Local accepts any credentials; these are used when none are configured. */
export const LOCAL_CREDENTIALS: { readonly accessKeyId: string; readonly secretAccessKey: string } = { accessKeyId: 'local', secretAccessKey: 'local' };
export const LOCAL_REGION = 'local';

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/** True for an endpoint on this machine (DynamoDB Local). */
export function isLoopbackEndpoint(endpoint: string): boolean {
  return LOOPBACK_HOSTS.has(new URL(endpoint).hostname);
}

/**
 * The value of an environment variable, or undefined when it is unset, empty or only blanks.
 * `AWS_PROFILE=` (a CI job that clears it, a `.env` line left empty) sets nothing: taking it for
 * a setting would skip the dummy credentials / region for DynamoDB Local, and the SDK then fails
 * with CredentialsProviderError (or "Region is missing") although nothing was configured.
 */
function settingOf(env: CliEnv, name: string): string | undefined {
  const value = env[name];
  return value === undefined || value.trim() === '' ? undefined : value;
}

function hasConfiguredCredentials(env: CliEnv): boolean {
  return settingOf(env, 'AWS_ACCESS_KEY_ID') !== undefined || settingOf(env, 'AWS_PROFILE') !== undefined;
}

/** Client options: given values first; on a loopback endpoint, dummy credentials and region unless configured. */
export function clientConfigOf(target: Omit<Target, 'tableName'>, env: CliEnv): DynamoDBClientConfig {
  const local = target.endpoint !== undefined && isLoopbackEndpoint(target.endpoint);
  const region = target.region ?? (local ? (settingOf(env, 'AWS_REGION') ?? settingOf(env, 'AWS_DEFAULT_REGION') ?? LOCAL_REGION) : undefined);
  return {
    ...(target.endpoint === undefined ? {} : { endpoint: target.endpoint }),
    ...(region === undefined ? {} : { region }),
    ...(local && !hasConfiguredCredentials(env) ? { credentials: { ...LOCAL_CREDENTIALS } } : {}),
  };
}

export function createClient(target: Omit<Target, 'tableName'>, env: CliEnv): DynamoDBClient {
  return new DynamoDBClient(clientConfigOf(target, env));
}
