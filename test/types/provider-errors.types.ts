/**
 * Compile-time expectations of the provider-error vocabulary (checked by `npm run typecheck`:
 * every `@ts-expect-error` must meet the error it expects, or the build fails).
 */
import {
  classifyProviderError,
  describeProviderError,
  isProviderErrorCode,
  PROVIDER_ERROR_CODE_VALUES,
  PROVIDER_ERROR_CODES,
  type ProviderErrorAction,
  type ProviderErrorClassification,
  type ProviderErrorCode,
  type ProviderErrorDescription,
} from '../../src/index.js';

type Equals<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const assertType = <T extends true>(_proof?: T): void => undefined;

export function providerErrorSurface(unknownValue: unknown, headers: Headers, stored: string): void {
  assertType<
    Equals<
      ProviderErrorCode,
      | 'RATE_LIMIT'
      | 'AUTH_EXPIRED'
      | 'AUTH_REVOKED'
      | 'PERMISSION'
      | 'NOT_FOUND'
      | 'NETWORK'
      | 'PROVIDER_UNAVAILABLE'
      | 'SUSPENDED_PAYMENT'
      | 'SCHEMA_CHANGED'
      | 'ABANDONED'
      | 'UNKNOWN'
    >
  >();
  assertType<Equals<(typeof PROVIDER_ERROR_CODES)['RATE_LIMIT'], 'RATE_LIMIT'>>();
  const values: readonly [ProviderErrorCode, ...ProviderErrorCode[]] = PROVIDER_ERROR_CODE_VALUES;
  // @ts-expect-error the constants are read-only
  PROVIDER_ERROR_CODES.RATE_LIMIT = 'UNKNOWN';

  const result: ProviderErrorClassification = classifyProviderError({ provider: 'github', status: 429, headers, body: unknownValue, error: unknownValue });
  assertType<Equals<typeof result.code, ProviderErrorCode>>();
  assertType<Equals<typeof result.retryAfterMs, number | undefined>>();
  // @ts-expect-error the result's code is the union, not any string
  const notAString: 'RATE_LIMIT' = result.code;
  classifyProviderError({ provider: 'jira_cloud', headers: { 'Retry-After': '5' }, now: Date.now() });
  classifyProviderError({ provider: 'jira_data_center', headers: new Map([['retry-after', '5']]) });
  // @ts-expect-error an unknown provider does not compile
  classifyProviderError({ provider: 'gitlab' });
  // @ts-expect-error the provider is required
  classifyProviderError({ status: 500 });
  // @ts-expect-error a status is a number
  classifyProviderError({ provider: 'github', status: '500' });

  const description: ProviderErrorDescription = describeProviderError(result.code);
  const action: ProviderErrorAction = description.action;
  assertType<Equals<ProviderErrorAction, 'retry_later' | 'reauthenticate' | 'check_permissions' | 'contact_billing' | 'investigate'>>();
  // @ts-expect-error an unknown code string does not compile
  describeProviderError('RATE-LIMIT');
  // @ts-expect-error a plain string is not a code until it is checked
  describeProviderError(stored);
  if (isProviderErrorCode(stored)) describeProviderError(stored);
  // @ts-expect-error descriptions are read-only
  description.retryable = false;

  void values;
  void notAString;
  void action;
}
