/** What each provider error code means for the caller: retry or not, and who has to act. */
import { ValidationError } from '../errors/index.js';
import { isProviderErrorCode, type ProviderErrorCode } from './codes.js';

/**
 * Who has to act on a failure: wait and retry (`retry_later`), get new credentials
 * (`reauthenticate`), grant access (`check_permissions`), settle the provider account
 * (`contact_billing`) or look at the failure (`investigate`).
 */
export type ProviderErrorAction = 'retry_later' | 'reauthenticate' | 'check_permissions' | 'contact_billing' | 'investigate';

/** What {@link describeProviderError} returns: a frozen object. */
export interface ProviderErrorDescription {
  /** Whether the same call may succeed later without a person changing anything. */
  readonly retryable: boolean;
  /** Who has to act. */
  readonly action: ProviderErrorAction;
  /** One sentence for logs and UIs. Never contains values from a response. */
  readonly summary: string;
}

const describe = (retryable: boolean, action: ProviderErrorAction, summary: string): ProviderErrorDescription =>
  Object.freeze({ retryable, action, summary });

// AUTH_EXPIRED is retryable because the fix is mechanical (refresh the access token, then retry);
// AUTH_REVOKED is not, because only the user can grant a new authorization.
const DESCRIPTIONS: Readonly<Record<ProviderErrorCode, ProviderErrorDescription>> = Object.freeze({
  RATE_LIMIT: describe(true, 'retry_later', 'The provider is throttling requests; wait for the indicated delay, then retry.'),
  AUTH_EXPIRED: describe(
    true,
    'reauthenticate',
    'The provider rejected the access token or it has expired; refresh it and retry, and ask the user to reconnect only if the refresh fails.',
  ),
  AUTH_REVOKED: describe(
    false,
    'reauthenticate',
    'The authorization is gone (refresh token expired, revoked or already used, or consent denied); the user must connect the account again.',
  ),
  PERMISSION: describe(false, 'check_permissions', 'The credentials are valid but lack the scope, role or access that this request needs.'),
  NOT_FOUND: describe(
    false,
    'investigate',
    'The resource does not exist, was deleted, or is hidden from these credentials (GitHub answers 404 for private repositories it does not reveal).',
  ),
  NETWORK: describe(true, 'retry_later', 'The request did not complete (connection refused or reset, timeout, DNS failure); retry later.'),
  PROVIDER_UNAVAILABLE: describe(true, 'retry_later', 'The provider answered with a server error or is in maintenance; retry later.'),
  SUSPENDED_PAYMENT: describe(
    false,
    'contact_billing',
    'The provider account, site or subscription is suspended or has a billing problem; an administrator must resolve it with the provider.',
  ),
  SCHEMA_CHANGED: describe(
    false,
    'investigate',
    'The provider no longer accepts this request or answers in a shape the integration does not understand (removed endpoint, unknown field, unsupported API version).',
  ),
  ABANDONED: describe(true, 'retry_later', 'The sync stopped reporting progress and its lease ran out (its worker likely died); it can be started again.'),
  UNKNOWN: describe(false, 'investigate', 'The failure could not be classified; look at the provider response and the logs.'),
});

/**
 * Whether a provider error is worth retrying, who has to act, and a one-sentence summary.
 *
 * @throws ValidationError when `code` is not one of the {@link ProviderErrorCode}s (a stored
 *   value from an older version, say); the message does not repeat the value.
 * @example
 * ```ts
 * const { code, retryAfterMs } = classifyProviderError({ provider: 'github', status: 429, headers });
 * const { retryable, action } = describeProviderError(code);
 * if (retryable) scheduleRetry(retryAfterMs ?? 60_000);
 * else if (action === 'reauthenticate') markConnectionRequiresReauth();
 * ```
 */
export function describeProviderError(code: ProviderErrorCode): ProviderErrorDescription {
  if (!isProviderErrorCode(code)) {
    throw new ValidationError([{ path: 'code', message: 'must be one of PROVIDER_ERROR_CODES' }], 'describeProviderError');
  }
  return DESCRIPTIONS[code];
}
