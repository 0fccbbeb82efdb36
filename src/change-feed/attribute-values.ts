/**
 * Marshalled DynamoDB AttributeValues, checked before anything reads them: every value must be
 * exactly one of S, N, B, SS, NS, BS, M, L, NULL, BOOL with a value of the right type. The check
 * returns a fresh copy made only of plain data (so a getter cannot answer differently the second
 * time), or issues naming the bad paths.
 *
 * Two levels: {@link copyAttributeValue} accepts whatever DynamoDB itself accepts, since a stream
 * carries other applications' items too; {@link checkStoredValue} adds the library's own rules
 * (numbers JavaScript holds exactly, no `__proto__` map key) for the values an entity's schema
 * declares, the only ones turned into JavaScript values.
 */
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import type { ValidationIssue } from '../errors/index.js';
import { isPlainObject } from '../schema/index.js';

/** A marshalled item or map: attribute name → AttributeValue. */
export type AttributeValueMap = Record<string, AttributeValue>;

/** DynamoDB nests maps and lists at most 32 levels deep. */
export const MAX_DEPTH = 32;
/** More values than a 400 KB item can hold: the input is junk (or a self-referencing graph). */
export const MAX_VALUES = 500_000;
/** Issues reported per record; the rest are summarised in one more issue. */
export const MAX_ISSUES = 20;

// DynamoDB's number syntax (up to 38 significant digits; no NaN, no Infinity, no hex).
const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
const TYPE_NAMES = 'one of S, N, B, SS, NS, BS, M, L, NULL, BOOL';

/** Collects issues for one record, at most {@link MAX_ISSUES} (and a count of the rest). */
export class IssueList {
  readonly #issues: ValidationIssue[] = [];
  #dropped = 0;
  #values = 0;

  add(path: string, message: string): void {
    if (this.#issues.length < MAX_ISSUES) this.#issues.push({ path, message });
    else this.#dropped += 1;
  }

  /** Counts one visited value; false (and one issue, at the first value too many) past {@link MAX_VALUES}. */
  visit(path: string): boolean {
    this.#values += 1;
    if (this.#values === MAX_VALUES + 1) this.add(path, `makes the record hold more than ${MAX_VALUES} values`);
    return this.#values <= MAX_VALUES;
  }

  get empty(): boolean {
    return this.#issues.length === 0;
  }

  list(): ValidationIssue[] {
    return this.#dropped === 0 ? [...this.#issues] : [...this.#issues, { path: '', message: `and ${this.#dropped} more issues` }];
  }
}

// Keys of junk input can be anything: paths show them only when they look like attribute names.
const SAFE_NAME = /^[A-Za-z0-9_$-]{1,64}$/;

/** `path.name`, or `path.<key>` when the name is not one to print. */
function memberPath(path: string, name: string): string {
  return `${path}.${SAFE_NAME.test(name) ? name : '<key>'}`;
}

function numberIssue(value: unknown): string | undefined {
  return typeof value !== 'string' || !NUMBER.test(value) ? 'N must be a number written as a string' : undefined;
}

/** The library stores only numbers JavaScript holds exactly: a larger one in its attributes is not its value. */
function rangeIssue(value: string): string | undefined {
  return Math.abs(Number(value)) > Number.MAX_SAFE_INTEGER ? 'N is outside the safe integer range' : undefined;
}

function isBinary(value: unknown): value is string | Uint8Array {
  return typeof value === 'string' || value instanceof Uint8Array;
}

/**
 * Bytes, whichever way the record carries them: a Lambda event (JSON) writes binary as base64
 * text, the Streams SDK client hands over bytes. Decoded here, so a binary value is binary to
 * every later check and never passes for a string.
 */
function copyBinary(value: string | Uint8Array): Uint8Array {
  return typeof value === 'string' ? new Uint8Array(Buffer.from(value, 'base64')) : new Uint8Array(value);
}

function copySet<T, C = T>(value: unknown, path: string, issues: IssueList, check: (item: unknown) => string | undefined, copy: (item: T) => C): C[] | undefined {
  if (!Array.isArray(value)) {
    issues.add(path, 'must be a list of set members');
    return undefined;
  }
  const members: C[] = [];
  let bad = false;
  for (let i = 0; i < value.length; i += 1) {
    const message = check(value[i]);
    if (message) {
      issues.add(`${path}[${i}]`, message);
      bad = true;
    } else {
      members.push(copy(value[i] as T));
    }
  }
  return bad ? undefined : members;
}

/** Checks and copies one AttributeValue; undefined (with issues) when it is not one. */
export function copyAttributeValue(value: unknown, path: string, issues: IssueList, depth = 0, ancestors: ReadonlySet<object> = new Set()): AttributeValue | undefined {
  if (!issues.visit(path)) return undefined;
  if (!isPlainObject(value)) {
    issues.add(path, `must be an AttributeValue (${TYPE_NAMES})`);
    return undefined;
  }
  const entries = Object.entries(value).filter(([, member]) => member !== undefined);
  // The DynamoDB Streams SDK client hands an empty map `{ M: {} }` back as `{}` (its deserializer
  // drops the empty member); no other AttributeValue can be empty, so `{}` is read as that map.
  if (entries.length === 0) return { M: {} };
  if (entries.length !== 1) {
    issues.add(path, `must be an AttributeValue with exactly one of ${TYPE_NAMES.slice('one of '.length)}`);
    return undefined;
  }
  const [type, member] = entries[0] as [string, unknown];
  switch (type) {
    case 'S':
      if (typeof member === 'string') return { S: member };
      issues.add(path, 'S must be a string');
      return undefined;
    case 'N': {
      const message = numberIssue(member);
      if (!message) return { N: member as string };
      issues.add(path, message);
      return undefined;
    }
    case 'B':
      if (isBinary(member)) return { B: copyBinary(member) };
      issues.add(path, 'B must be base64 text or bytes');
      return undefined;
    case 'SS': {
      const members = copySet<string>(member, path, issues, (item) => (typeof item === 'string' ? undefined : 'SS members must be strings'), (item) => item);
      return members && { SS: members };
    }
    case 'NS': {
      const members = copySet<string>(member, path, issues, numberIssue, (item) => item);
      return members && { NS: members };
    }
    case 'BS': {
      const members = copySet<string | Uint8Array, Uint8Array>(member, path, issues, (item) => (isBinary(item) ? undefined : 'BS members must be base64 text or bytes'), copyBinary);
      return members && { BS: members };
    }
    case 'M':
    case 'L':
      return copyContainer(type, member, path, issues, depth, ancestors);
    case 'NULL':
      if (member === true) return { NULL: true };
      issues.add(path, 'NULL must be true');
      return undefined;
    case 'BOOL':
      if (typeof member === 'boolean') return { BOOL: member };
      issues.add(path, 'BOOL must be a boolean');
      return undefined;
    default:
      issues.add(path, `must be an AttributeValue (${TYPE_NAMES})`);
      return undefined;
  }
}

function copyContainer(type: 'M' | 'L', member: unknown, path: string, issues: IssueList, depth: number, ancestors: ReadonlySet<object>): AttributeValue | undefined {
  if (depth >= MAX_DEPTH) {
    issues.add(path, `is nested deeper than ${MAX_DEPTH} levels`);
    return undefined;
  }
  if (typeof member === 'object' && member !== null && ancestors.has(member)) {
    issues.add(path, 'contains itself');
    return undefined;
  }
  if (type === 'M') {
    const map = copyAttributeValueMap(member, path, issues, depth + 1, ancestors);
    return map && { M: map };
  }
  if (!Array.isArray(member)) {
    issues.add(path, 'L must be a list of AttributeValues');
    return undefined;
  }
  const inner = new Set(ancestors).add(member);
  const list: AttributeValue[] = [];
  let bad = false;
  for (let i = 0; i < member.length; i += 1) {
    const copied = copyAttributeValue(member[i], `${path}[${i}]`, issues, depth + 1, inner);
    if (copied) list.push(copied);
    else bad = true;
  }
  return bad ? undefined : { L: list };
}

/**
 * Checks and copies a map of AttributeValues (an item image, its keys, or an M value). A
 * `__proto__` key is a legal DynamoDB name: it is kept as an own property of the copy (an
 * assignment would replace the copy's prototype instead), and refused by {@link checkStoredValue}
 * where the library reads the value.
 */
export function copyAttributeValueMap(value: unknown, path: string, issues: IssueList, depth = 0, ancestors: ReadonlySet<object> = new Set()): AttributeValueMap | undefined {
  if (!isPlainObject(value)) {
    issues.add(path, 'must be a map of AttributeValues');
    return undefined;
  }
  const inner = new Set(ancestors).add(value);
  const map: AttributeValueMap = {};
  let bad = false;
  for (const [name, member] of Object.entries(value)) {
    const copied = copyAttributeValue(member, memberPath(path, name), issues, depth, inner);
    if (!copied) bad = true;
    else if (name === '__proto__') Object.defineProperty(map, name, { value: copied, enumerable: true, writable: true, configurable: true });
    else map[name] = copied;
  }
  return bad ? undefined : map;
}

/**
 * True when `value`, a copy made by {@link copyAttributeValue}, also keeps the library's own
 * rules; otherwise false, with issues. Numbers must be within the safe integer range (the library
 * writes no others, and `unmarshall` would turn them into a BigInt or throw), and no map may hold
 * a `__proto__` key (turned into an object, it would replace the prototype). Only for the values
 * of an entity's schema attributes: another application's items and attributes a newer version
 * added are never turned into JavaScript values, and may hold whatever DynamoDB accepts.
 */
export function checkStoredValue(value: AttributeValue, path: string, issues: IssueList): boolean {
  const members: [string, string][] = value.N !== undefined ? [[path, value.N]] : (value.NS ?? []).map((member, i) => [`${path}[${i}]`, member]);
  let ok = true;
  for (const [at, number] of members) {
    const message = rangeIssue(number);
    if (message) {
      issues.add(at, message);
      ok = false;
    }
  }
  const list = value.L ?? [];
  for (let i = 0; i < list.length; i += 1) ok = checkStoredValue(list[i] as AttributeValue, `${path}[${i}]`, issues) && ok;
  for (const [name, member] of Object.entries(value.M ?? {})) {
    if (name === '__proto__') {
      issues.add(memberPath(path, name), 'is not an accepted attribute name');
      ok = false;
    } else {
      ok = checkStoredValue(member, memberPath(path, name), issues) && ok;
    }
  }
  return ok;
}
