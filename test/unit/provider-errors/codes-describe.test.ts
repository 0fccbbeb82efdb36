import { expect } from 'chai';
import {
  describeProviderError,
  isProviderErrorCode,
  PROVIDER_ERROR_CODE_VALUES,
  PROVIDER_ERROR_CODES,
  ValidationError,
  type ProviderErrorAction,
  type ProviderErrorCode,
} from '../../../src/index.js';

describe('provider error codes', function () {
  it('has the eleven codes of API.md, each value equal to its key, frozen', function () {
    expect(Object.keys(PROVIDER_ERROR_CODES)).to.deep.equal([
      'RATE_LIMIT',
      'AUTH_EXPIRED',
      'AUTH_REVOKED',
      'PERMISSION',
      'NOT_FOUND',
      'NETWORK',
      'PROVIDER_UNAVAILABLE',
      'SUSPENDED_PAYMENT',
      'SCHEMA_CHANGED',
      'ABANDONED',
      'UNKNOWN',
    ]);
    for (const [key, value] of Object.entries(PROVIDER_ERROR_CODES)) expect(value).to.equal(key);
    expect(Object.isFrozen(PROVIDER_ERROR_CODES)).to.equal(true);
  });

  it('lists every code in PROVIDER_ERROR_CODE_VALUES, frozen', function () {
    expect([...PROVIDER_ERROR_CODE_VALUES]).to.deep.equal(Object.values(PROVIDER_ERROR_CODES));
    expect(Object.isFrozen(PROVIDER_ERROR_CODE_VALUES)).to.equal(true);
  });

  it('recognises exactly the codes', function () {
    for (const code of PROVIDER_ERROR_CODE_VALUES) expect(isProviderErrorCode(code)).to.equal(true);
    for (const value of ['rate_limit', 'RATE_LIMIT ', '', 'toString', '__proto__', 'constructor', 42, null, undefined, {}, ['UNKNOWN']]) {
      expect(isProviderErrorCode(value), JSON.stringify(value) ?? 'undefined').to.equal(false);
    }
  });
});

describe('describeProviderError', function () {
  const EXPECTED: Record<ProviderErrorCode, readonly [boolean, ProviderErrorAction]> = {
    RATE_LIMIT: [true, 'retry_later'],
    AUTH_EXPIRED: [true, 'reauthenticate'],
    AUTH_REVOKED: [false, 'reauthenticate'],
    PERMISSION: [false, 'check_permissions'],
    NOT_FOUND: [false, 'investigate'],
    NETWORK: [true, 'retry_later'],
    PROVIDER_UNAVAILABLE: [true, 'retry_later'],
    SUSPENDED_PAYMENT: [false, 'contact_billing'],
    SCHEMA_CHANGED: [false, 'investigate'],
    ABANDONED: [true, 'retry_later'],
    UNKNOWN: [false, 'investigate'],
  };

  for (const code of PROVIDER_ERROR_CODE_VALUES) {
    it(`describes ${code}`, function () {
      const description = describeProviderError(code);
      const [retryable, action] = EXPECTED[code];
      expect(description.retryable).to.equal(retryable);
      expect(description.action).to.equal(action);
      // One sentence: starts with a capital, ends with the only full stop.
      expect(description.summary).to.match(/^[A-Z][^]*\.$/);
      expect(description.summary.split('. ')).to.have.length(1);
      expect(Object.isFrozen(description)).to.equal(true);
    });
  }

  it('gives every code its own summary', function () {
    const summaries = PROVIDER_ERROR_CODE_VALUES.map((code) => describeProviderError(code).summary);
    expect(new Set(summaries).size).to.equal(summaries.length);
  });

  for (const value of ['RATE-LIMIT', 'secret-token-value', '', 'toString', '__proto__', 42, null, undefined]) {
    it(`refuses ${JSON.stringify(value) ?? String(value)} with a ValidationError that does not repeat it`, function () {
      const call = () => describeProviderError(value as ProviderErrorCode);
      expect(call).to.throw(ValidationError);
      try {
        call();
      } catch (error) {
        const validation = error as ValidationError;
        expect(validation.code).to.equal('VALIDATION');
        expect(validation.issues).to.deep.equal([{ path: 'code', message: 'must be one of PROVIDER_ERROR_CODES' }]);
        if (typeof value === 'string' && value !== '') expect(validation.message).not.to.include(value);
      }
    });
  }
});
