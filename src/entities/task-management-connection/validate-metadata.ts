/**
 * validateMetadata: the per-provider metadata check the auth service calls during OAuth and the
 * connection entity runs on every create and every change. The validators are compiled once,
 * on first use (ajv is loaded then, not at import: it is not needed to start a service).
 */
import { createRequire } from 'node:module';
import type { Ajv, ErrorObject, ValidateFunction } from 'ajv';
import type addFormatsFunction from 'ajv-formats';
import type { ValidationIssue } from '../../errors/index.js';
import { ValidationError } from '../../errors/index.js';
import { isPlainObject, malformedTextPaths, structuredCopy, UNREADABLE } from '../../schema/index.js';
import type { Provider } from './constants.js';
import { PROVIDER_VALUES } from './constants.js';
import { METADATA_SCHEMAS } from './metadata-schemas.js';

type AjvModule = { Ajv: typeof Ajv };
type FormatsModule = { default: typeof addFormatsFunction.default };

let validators: Readonly<Record<Provider, ValidateFunction>> | undefined;

function compileValidators(): Readonly<Record<Provider, ValidateFunction>> {
  const require = createRequire(import.meta.url);
  const AjvClass = (require('ajv') as AjvModule).Ajv;
  const addFormats = (require('ajv-formats') as FormatsModule).default;
  const ajv = new AjvClass({ allErrors: true, strict: true });
  addFormats(ajv, ['uuid', 'uri']);
  const compiled = {} as Record<Provider, ValidateFunction>;
  for (const provider of PROVIDER_VALUES) compiled[provider] = ajv.compile(METADATA_SCHEMAS[provider]);
  return Object.freeze(compiled);
}

function pathOf(error: ErrorObject): string {
  const inner = error.instancePath
    .split('/')
    .slice(1)
    .map((segment) => (/^\d+$/.test(segment) ? `[${segment}]` : `.${segment.replace(/~1/g, '/').replace(/~0/g, '~')}`))
    .join('');
  const params = error.params as { additionalProperty?: string; missingProperty?: string };
  const leaf = params.additionalProperty ?? params.missingProperty;
  return `metadata${inner}${leaf === undefined ? '' : `.${leaf}`}`;
}

function messageOf(error: ErrorObject): string {
  if (error.keyword === 'additionalProperties') return 'is not allowed';
  if (error.keyword === 'required') return 'is required';
  if (error.keyword === 'pattern' && error.instancePath.endsWith('baseUrl')) return 'must be an https URL';
  return error.message ?? 'is invalid';
}

/**
 * Issues of `metadata` for `provider` (empty when valid); never throws: a value whose reading
 * throws (a Proxy trap, a getter) is one issue, 'could not be read'.
 */
export function metadataIssues(provider: unknown, metadata: unknown): ValidationIssue[] {
  const unknownProvider = providerIssues(provider);
  if (unknownProvider.length > 0) return unknownProvider;
  try {
    return readableMetadataIssues(provider as Provider, metadata);
  } catch {
    return [{ path: 'metadata', message: UNREADABLE }];
  }
}

function providerIssues(provider: unknown): ValidationIssue[] {
  return typeof provider === 'string' && (PROVIDER_VALUES as readonly string[]).includes(provider) ? [] : [{ path: 'provider', message: `must be one of ${PROVIDER_VALUES.join(', ')}` }];
}

function readableMetadataIssues(provider: Provider, metadata: unknown): ValidationIssue[] {
  if (!isPlainObject(metadata)) return [{ path: 'metadata', message: 'expected a plain object' }];
  validators ??= compileValidators();
  const validate = validators[provider];
  if (!validate(metadata)) return (validate.errors ?? []).map((error) => ({ path: pathOf(error), message: messageOf(error) }));
  // ajv checks lengths and patterns, not that text is well-formed Unicode. Only metadata that
  // passed the schema (shallow and bounded) is walked.
  return malformedTextPaths(metadata).map((path) => ({ path: `metadata.${path}`, message: 'must be well-formed Unicode text' }));
}

/**
 * Throws ValidationError listing every problem when `metadata` is not valid for `provider`
 * (an unknown provider, null, an array or a string included).
 *
 * Connections run the same check on every write; calling it first (for example on what a
 * tracker returned during OAuth) reports bad metadata before anything else is done.
 *
 * @example
 * ```ts
 * validateMetadata('github', { owner: 'acme', repo: 'checkout' }); // valid: returns
 *
 * try {
 *   validateMetadata('jira_cloud', { cloudId: 'not-a-uuid', site: 'acme' });
 * } catch (error) {
 *   if (error instanceof ValidationError) console.log(error.issues);
 *   // [{ path: 'metadata.site', message: 'is not allowed' },
 *   //  { path: 'metadata.cloudId', message: 'must match format "uuid"' }]
 * }
 * ```
 */
export function validateMetadata(provider: string, metadata: unknown): void {
  // The caller's object is read once, into a copy (as create reads it): a part that cannot be
  // read is named (metadata.owner), and the checks run on what was read.
  const read = structuredCopy('metadata', metadata);
  const issues = 'issue' in read ? [...providerIssues(provider), read.issue] : metadataIssues(provider, read.copy);
  if (issues.length > 0) throw new ValidationError(issues, 'metadata');
}
