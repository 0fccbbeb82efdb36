/** Small, allocation-free checks shared by attribute declarations and metadata schemas. */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?(Z|[+-](\d{2}):(\d{2}))$/;

/** A UTF-16 surrogate without its pair: not storable as UTF-8. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** True when `text` is well-formed Unicode (DynamoDB stores UTF-8; a lone surrogate is not). */
export function isWellFormedText(text: string): boolean {
  return !LONE_SURROGATE.test(text);
}

/** Paths (relative, like `scopes[2]`) of every string inside `value` that is not well-formed. */
export function malformedTextPaths(value: unknown, path = ''): string[] {
  if (typeof value === 'string') return isWellFormedText(value) ? [] : [path];
  if (Array.isArray(value)) return value.flatMap((item, i) => malformedTextPaths(item, `${path}[${i}]`));
  if (typeof value === 'object' && value !== null) {
    return Object.entries(value).flatMap(([key, item]) => malformedTextPaths(item, path ? `${path}.${key}` : key));
  }
  return [];
}

/** A short, value-free description of what was received (values may be secrets). */
export function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (askIsArray(value)) return 'an array';
  if (typeof value === 'number' && Number.isNaN(value)) return 'NaN';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

export function checkUuid(value: string): string | undefined {
  return UUID.test(value) ? undefined : 'must be a UUID';
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;

/** Days of `month` (1–12) in `year` of the Gregorian calendar (as ISO 8601 extends it back). */
function daysInMonth(year: number, month: number): number {
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return month === 2 && leap ? 29 : (DAYS_IN_MONTH[month - 1] ?? 0);
}

/**
 * An ISO-8601 date-time that names a real instant: `Date.parse` rolls impossible fields over
 * (February 30 becomes March 1, 24:00 the next day), so each field is checked against the
 * calendar itself — the day against its month (leap years included), hours 0–23, minutes and
 * seconds 0–59, offsets up to ±23:59.
 */
export function checkIsoDate(value: string): string | undefined {
  const match = ISO_DATE.exec(value);
  if (!match) return 'must be an ISO-8601 date-time';
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  const [offsetHours, offsetMinutes] = [Number(match[9] ?? 0), Number(match[10] ?? 0)];
  const real = month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month) && hour <= 23 && minute <= 59 && second <= 59 && offsetHours <= 23 && offsetMinutes <= 59;
  return real && !Number.isNaN(Date.parse(value)) ? undefined : 'must be an ISO-8601 date-time';
}

/** An absolute https URL with a host and no credentials. */
export function checkHttpsUrl(value: string): string | undefined {
  if (!URL.canParse(value)) return 'must be an absolute https URL';
  const url = new URL(value);
  if (url.protocol !== 'https:') return 'must use https';
  if (!url.hostname) return 'must have a host';
  if (url.username || url.password) return 'must not contain credentials';
  return undefined;
}

/** Array.isArray that says false where asking throws (a revoked Proxy is described as an object). */
function askIsArray(value: unknown): boolean {
  try {
    return Array.isArray(value);
  } catch {
    return false;
  }
}

/**
 * True for a plain object (not null, not an array, not a class instance such as Date). It asks
 * the value itself, so it throws where asking throws (a revoked Proxy, a Proxy trap): a caller's
 * value is read through unreadable.ts (plainObjectKeys, readFields), which reports that as
 * 'could not be read' at its path.
 */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * The issue of index `i` of `array` when it is a hole of a sparse array, else undefined. Arrays
 * the API takes are checked with index loops and this: map/forEach/flatMap/every skip holes, so a
 * hole would reach a request as an undefined element.
 */
export function holeIssue(array: readonly unknown[], i: number, path: string): { path: string; message: string } | undefined {
  return Object.hasOwn(array, i) ? undefined : { path, message: 'is missing (a hole in a sparse array)' };
}
