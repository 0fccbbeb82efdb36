/**
 * fast-check arbitraries of WRONG values, per kind of attribute: wrong types (numbers, NaN,
 * booleans, bigints, functions, arrays, nested junk objects, class instances), null where null is
 * not allowed, empty and huge strings (up to 1 MB), malformed Unicode, non-https URLs, values just
 * outside enums and patterns, and objects carrying `__proto__` / `constructor` keys from
 * JSON.parse. Every value produced is invalid for its attribute — a generator that produced a
 * valid value would make the property fail (the library would accept it and send a request).
 */
import fc from 'fast-check';

export const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Objects with own `__proto__` / `constructor` / `prototype` keys, as JSON.parse makes them. */
export const pollutingObject: fc.Arbitrary<Record<string, unknown>> = fc.constantFrom(
  JSON.parse('{"__proto__": {"polluted": "yes", "isAdmin": true}}') as Record<string, unknown>,
  JSON.parse('{"constructor": {"prototype": {"polluted": "yes"}}}') as Record<string, unknown>,
  JSON.parse('{"__proto__": null}') as Record<string, unknown>,
  JSON.parse('{"a": {"__proto__": {"polluted": "yes"}}}') as Record<string, unknown>,
);

class Opaque {
  readonly secret = 'x';
}

/** Nested junk: objects and arrays of anything, class instances, functions. */
export const junkObject: fc.Arbitrary<unknown> = fc.oneof(
  fc.object({ maxDepth: 3, maxKeys: 4 }),
  fc.array(fc.anything({ maxDepth: 2 }), { maxLength: 4 }),
  pollutingObject,
  fc.constantFrom<unknown>(new Date(0), new Map([['a', 1]]), new Set([1]), new Opaque(), /regex/, Buffer.from('buf'), () => 'fn', Object.create(null)),
);

/** Numbers that are no finite number a field wants, and other wrong numbers. */
export const wrongNumber: fc.Arbitrary<number> = fc.oneof(fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, -0, Number.MAX_VALUE), fc.double(), fc.integer());

/** Anything that is not a string and not null/undefined. */
export const nonStringNonNull: fc.Arbitrary<unknown> = fc.oneof(wrongNumber, fc.boolean(), fc.bigInt(), junkObject);

/** Strings longer than `max` (UTF-16 units), one of them a megabyte. */
export function hugeString(max: number): fc.Arbitrary<string> {
  return fc.oneof(
    fc.integer({ min: max + 1, max: max + 2_000 }).map((n) => 'x'.repeat(n)),
    fc.integer({ min: max + 1, max: max + 50 }).map((n) => '€'.repeat(n)),
    fc.constant('y'.repeat(1_000_000)),
  );
}

/** Strings with a surrogate half on its own: not storable as UTF-8. */
export const malformedUnicode: fc.Arbitrary<string> = fc.constantFrom('\uD800', 'a\uDC00b', `ok${'\uDBFF'}`, '\uDFFF\uD800');

/** A wrong value for a string attribute of `min`..`max` characters. */
export function badString(min: number, max: number, options: { nullable?: boolean; extra?: fc.Arbitrary<string>[] } = {}): fc.Arbitrary<unknown> {
  const wrong: fc.Arbitrary<unknown>[] = [nonStringNonNull, hugeString(max), malformedUnicode, ...(options.extra ?? [])];
  if (!options.nullable) wrong.push(fc.constant(null));
  if (min >= 1) wrong.push(fc.constant(''));
  if (min > 1) wrong.push(fc.string({ maxLength: min - 1 }));
  return fc.oneof(...wrong);
}

/** A wrong value for a UUID attribute. */
export function badUuid(): fc.Arbitrary<unknown> {
  return badString(1, 36, {
    extra: [
      fc.string().filter((s) => !UUID_RE.test(s)),
      fc.uuid().map((u) => `${u}0`),
      fc.uuid().map((u) => u.replace(/-/g, '')),
      fc.uuid().map((u) => `{${u}}`),
      fc.uuid().map((u) => `${u.slice(0, 35)}g`),
    ],
  });
}

const NON_HTTPS = [
  'http://example.com',
  'http://example.com/path?q=1',
  'HTTP://EXAMPLE.COM',
  'ftp://example.com/file',
  'ws://example.com/socket',
  'javascript:alert(1)',
  'data:text/html,<script>alert(1)</script>',
  'file:///etc/passwd',
  'mailto:a@example.com',
  '//example.com/no-scheme',
  '/relative/path',
  'example.com',
  'https://',
  'not a url at all',
];

/** URLs with credentials (refused: an https URL must not carry them). */
const URLS_WITH_CREDENTIALS = ['https://user:secret@example.com/', 'https://:secret@example.com/', 'https://user@example.com/', 'https://example.com@evil.example/'];

/** A wrong value for an https URL attribute (≤ 2048 characters). */
export function badHttpsUrl(): fc.Arbitrary<unknown> {
  return badString(1, 2048, {
    extra: [
      fc.constantFrom(...NON_HTTPS, ...URLS_WITH_CREDENTIALS),
      fc.webUrl().map((u) => u.replace(/^https?/, 'http')),
      fc.webUrl().map((u) => u.replace(/^https?/, 'ftp')),
      fc.constant(`https://${'a'.repeat(2100)}.example.com/`),
      fc.string().filter((s) => !URL.canParse(s)),
    ],
  });
}

/** A wrong value for an enum attribute. */
export function badEnum(values: readonly string[]): fc.Arbitrary<unknown> {
  return fc.oneof(
    nonStringNonNull,
    fc.constant(null),
    fc.constant(''),
    fc.string().filter((s) => !values.includes(s)),
    fc.constantFrom(...values.map((v) => v.toUpperCase()), ...values.map((v) => v.toLowerCase()), ...values.map((v) => ` ${v}`), ...values.map((v) => `${v}\u0000`)),
  ).filter((value) => !values.includes(value as string));
}

/** A wrong value for a boolean attribute. */
export const badBoolean: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom<unknown>('true', 'false', 0, 1, 'yes', '', null, Number.NaN),
  wrongNumber,
  fc.string(),
  junkObject,
);

/** Any value: something must be wrong about it only by being present (an attribute set by the library). */
export const anyPresentValue: fc.Arbitrary<unknown> = fc.oneof(fc.uuid(), fc.string(), wrongNumber, fc.boolean(), fc.constant(null), junkObject);

/** Not a plain object: what a whole create input must not be. */
export const notAPlainObject: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom<unknown>(null, undefined, 0, Number.NaN, '', 'a string', true, [], [{}], new Date(0), new Map(), new Opaque(), () => ({}), Buffer.from('x')),
  fc.string(),
  wrongNumber,
  fc.array(fc.anything({ maxDepth: 1 }), { maxLength: 3 }),
);

// ---------------------------------------------------------------------------------------------
// Provider metadata
// ---------------------------------------------------------------------------------------------

const goodUuid = () => fc.uuid({ version: 4 });

/** Wrong jira_cloud metadata: `{ cloudId: UUID, scopes?: ≤100 strings of 1–256 }`, nothing else. */
export function badJiraCloudMetadata(): fc.Arbitrary<unknown> {
  const badScopes = fc.oneof(
    nonStringNonNull.filter((v) => !Array.isArray(v)),
    fc.constant(null),
    fc.string(),
    fc.array(fc.constant('read'), { minLength: 101, maxLength: 150 }),
    fc.array(fc.oneof(nonStringNonNull, fc.constant(''), fc.constant(null), fc.constant('s'.repeat(257))), { minLength: 1, maxLength: 3 }),
  );
  return fc.oneof(
    notAPlainObject.filter((v) => v !== undefined),
    fc.constant({}),
    goodUuid().map((cloudId) => ({ cloudId: cloudId.toUpperCase().replace(/-/g, '') })),
    badUuid().map((cloudId) => ({ cloudId })),
    fc.tuple(goodUuid(), badScopes).map(([cloudId, scopes]) => ({ cloudId, scopes })),
    fc.tuple(goodUuid(), fc.string({ minLength: 1 }).filter((k) => k !== 'cloudId' && k !== 'scopes'), fc.anything()).map(([cloudId, key, value]) => ({ cloudId, [key]: value })),
    goodUuid().map((cloudId) => JSON.parse(`{"cloudId":"${cloudId}","__proto__":{"polluted":"yes"}}`) as unknown),
    goodUuid().map((cloudId) => JSON.parse(`{"cloudId":"${cloudId}","constructor":{"prototype":{"polluted":"yes"}}}`) as unknown),
    fc.constant({ owner: 'acme', repo: 'widgets' }),
    fc.constant({ baseUrl: 'https://jira.example.com' }),
  );
}

/** Wrong jira_data_center metadata: `{ baseUrl: https URL, projectCategory?: 1–255 }`. */
export function badJiraDataCenterMetadata(): fc.Arbitrary<unknown> {
  return fc.oneof(
    notAPlainObject.filter((v) => v !== undefined),
    fc.constant({}),
    badHttpsUrl().map((baseUrl) => ({ baseUrl })),
    badString(1, 255).map((projectCategory) => ({ baseUrl: 'https://jira.example.com', projectCategory })),
    fc.constant(JSON.parse('{"baseUrl":"https://jira.example.com","__proto__":{"x":1}}') as unknown),
    fc.constant({ baseUrl: 'https://jira.example.com', cloudId: '0b7c3f5e-1d2a-4c3b-9e8f-123456789abc' }),
  );
}

const badOwner = fc.oneof(
  fc.constantFrom('', '-acme', 'acme-', 'ac--me', 'ac_me', 'a'.repeat(40), 'ac me', 'ácme', 'acme/x'),
  nonStringNonNull,
  fc.constant(null),
);
const badRepo = fc.oneof(fc.constantFrom('', '.', '..', 'a b', 'a/b', 'x'.repeat(101), 'wïdget'), nonStringNonNull, fc.constant(null));
const badInstallation = fc.oneof(fc.constantFrom<unknown>(0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, '42', 2 ** 53, null, true), fc.integer({ max: 0 }), fc.double().filter((d) => !Number.isInteger(d)));

/** Wrong github metadata: `{ owner, repo, installationId?: positive integer }`. */
export function badGithubMetadata(): fc.Arbitrary<unknown> {
  return fc.oneof(
    notAPlainObject.filter((v) => v !== undefined),
    fc.constant({}),
    fc.constant({ owner: 'acme' }),
    fc.constant({ repo: 'widgets' }),
    badOwner.map((owner) => ({ owner, repo: 'widgets' })),
    badRepo.map((repo) => ({ owner: 'acme', repo })),
    badInstallation.map((installationId) => ({ owner: 'acme', repo: 'widgets', installationId })),
    fc.constant(JSON.parse('{"owner":"acme","repo":"widgets","__proto__":{"x":1}}') as unknown),
    fc.constant({ owner: 'acme', repo: 'widgets', token: 'ghp_secret' }),
  );
}

export const BAD_METADATA = {
  jira_cloud: badJiraCloudMetadata,
  jira_data_center: badJiraDataCenterMetadata,
  github: badGithubMetadata,
} as const;
