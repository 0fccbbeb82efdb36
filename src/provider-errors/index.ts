/** Provider errors: one vocabulary for failed sync operations and connection checks. */
export { isProviderErrorCode, PROVIDER_ERROR_CODE_VALUES, PROVIDER_ERROR_CODES } from './codes.js';
export type { ProviderErrorCode } from './codes.js';
export { describeProviderError } from './describe.js';
export type { ProviderErrorAction, ProviderErrorDescription } from './describe.js';
export { classifyProviderError } from './classify.js';
export type { ClassifyProviderErrorInput, ProviderErrorClassification } from './classify.js';
export type { HeadersInput } from './headers.js';
