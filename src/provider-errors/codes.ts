/** The provider-error vocabulary: one code per way a tracker call can fail. */

/**
 * Why a call to a tracker (Jira Cloud, Jira Data Center, GitHub) failed, by constant name: the
 * value of each key is the key itself (`PROVIDER_ERROR_CODES.RATE_LIMIT` is `'RATE_LIMIT'`).
 * `classifyProviderError` turns a response or a thrown error into one of them,
 * `describeProviderError` says what to do about it. `ABANDONED` is never produced by
 * classification: the library records it when a sync's lease runs out.
 */
export const PROVIDER_ERROR_CODES = Object.freeze({
  RATE_LIMIT: 'RATE_LIMIT',
  AUTH_EXPIRED: 'AUTH_EXPIRED',
  AUTH_REVOKED: 'AUTH_REVOKED',
  PERMISSION: 'PERMISSION',
  NOT_FOUND: 'NOT_FOUND',
  NETWORK: 'NETWORK',
  PROVIDER_UNAVAILABLE: 'PROVIDER_UNAVAILABLE',
  SUSPENDED_PAYMENT: 'SUSPENDED_PAYMENT',
  SCHEMA_CHANGED: 'SCHEMA_CHANGED',
  ABANDONED: 'ABANDONED',
  UNKNOWN: 'UNKNOWN',
} as const);

/** A provider error code, as `SyncOperation.fail` and connection checks store it. */
export type ProviderErrorCode = (typeof PROVIDER_ERROR_CODES)[keyof typeof PROVIDER_ERROR_CODES];

/** Every {@link ProviderErrorCode}, as the non-empty tuple that `attr.enum` takes. */
export const PROVIDER_ERROR_CODE_VALUES = Object.freeze(Object.values(PROVIDER_ERROR_CODES)) as readonly ProviderErrorCode[] as readonly [
  ProviderErrorCode,
  ...ProviderErrorCode[],
];

const KNOWN_CODES: ReadonlySet<unknown> = new Set<unknown>(PROVIDER_ERROR_CODE_VALUES);

/**
 * Whether `value` is one of the {@link PROVIDER_ERROR_CODES} (exact spelling, case-sensitive).
 *
 * @example
 * ```ts
 * if (isProviderErrorCode(stored)) describeProviderError(stored);
 * ```
 */
export function isProviderErrorCode(value: unknown): value is ProviderErrorCode {
  return KNOWN_CODES.has(value);
}
