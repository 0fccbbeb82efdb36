/**
 * Input validation against a schema. Every problem is collected (one issue per bad field) so a
 * caller fixes everything at once; nothing here touches the store.
 */
import type { ValidationIssue } from '../errors/index.js';
import { SchemaBuilderError, ValidationError } from '../errors/index.js';
import type { AnyAttributeSpec } from './attribute.js';
import type { AnySchema } from './schema.js';
import { deriveId } from './derive-id.js';
import { joinPath, plainObjectKeys, readOwn, structuredCopy, UNREAD, UNREADABLE } from './unreadable.js';

type MutableRecord = Record<string, unknown>;

/**
 * Issues of one value for one attribute; `undefined` counts as absent and is always fine here.
 * The value is the library's own (a structured one as {@link prepareValue} copied it, a default,
 * a `set` transform's result): a caller's object must go through prepareValue, whose copy reports
 * a part that cannot be read instead of throwing the caller's error.
 */
export function checkAttributeValue(name: string, spec: AnyAttributeSpec, value: unknown): ValidationIssue[] {
  if (value === undefined) return [];
  if (value === null) return spec.options.nullable ? [] : [{ path: name, message: 'must not be null' }];
  const shapeIssues = spec.check(value);
  if (shapeIssues.length > 0) return shapeIssues.map((i) => ({ path: joinPath(name, i.path), message: i.message }));
  const message = spec.options.validate?.(value);
  return message ? [{ path: name, message }] : [];
}

/** Applies the `watch` rules triggered by `changed` (in declaration order, once each). */
export function applyWatchers(schema: AnySchema, record: MutableRecord, changed: Iterable<string>): string[] {
  const recomputed: string[] = [];
  for (const source of changed) {
    for (const target of schema.watchersByAttribute.get(source) ?? []) {
      if (recomputed.includes(target)) continue;
      const value = schema.attributes[target]?.options.watch?.compute(record);
      if (value === undefined) delete record[target];
      else record[target] = value;
      recomputed.push(target);
    }
  }
  return recomputed;
}

/** The kind's canonical form of a value (a UUID in lower case); other values unchanged. */
export function canonicalValue(spec: AnyAttributeSpec | undefined, value: unknown): unknown {
  return spec?.canonical && value !== undefined && value !== null ? spec.canonical(value) : value;
}

/**
 * Checks one value, puts it in its kind's canonical form and runs its `set` transform; the
 * transformed value is checked again (a trim may turn '  ' into '', below a minimum length).
 * Returns the value to store — also the value to look a stored one up by.
 */
export function prepareValue(name: string, spec: AnyAttributeSpec, given: unknown): { value: unknown; issues: ValidationIssue[] } {
  let value = given;
  if (spec.kind === 'json') {
    // Checked and kept is the library's own copy of a structured value, never the caller's object
    // (whose shape check would otherwise throw the caller's error at a part that cannot be read).
    const read = structuredCopy(name, given);
    if ('issue' in read) return { value: given, issues: [read.issue] };
    value = read.copy;
  }
  const issues = checkAttributeValue(name, spec, value);
  if (issues.length > 0 || value === undefined || value === null) return { value, issues };
  const canonical = canonicalValue(spec, value);
  if (!spec.options.set) return { value: canonical, issues };
  const transformed = spec.options.set(canonical);
  return { value: transformed, issues: checkAttributeValue(name, spec, transformed) };
}

/**
 * The values to look stored items up by (a query's key, a unique guard, a derived id): each of
 * `names` must be an attribute with a value that passes its check, and comes back prepared
 * exactly as create would store it (canonical form, `set` transform). ValidationError listing
 * every bad key otherwise, before any request. `values` is the library's own copy: a key whose
 * reading threw is UNREAD there (see readFields) and reported as could not be read.
 */
export function prepareKeys(schema: AnySchema, names: readonly string[], values: Readonly<MutableRecord>): MutableRecord {
  const issues: ValidationIssue[] = [];
  const prepared: MutableRecord = {};
  for (const name of names) {
    const spec = schema.attribute(name);
    const value = values[name];
    if (!spec) issues.push({ path: name, message: 'is not an attribute of this entity' });
    else if (value === UNREAD) issues.push({ path: name, message: UNREADABLE });
    else if (value === undefined || value === null) issues.push({ path: name, message: 'is required' });
    else {
      const result = prepareValue(name, spec, value);
      issues.push(...result.issues);
      prepared[name] = result.value;
    }
  }
  if (issues.length > 0) throw new ValidationError(issues, schema.entityName);
  return prepared;
}

/** The default of an attribute (a function default is called), or undefined. */
export function defaultOf(spec: AnyAttributeSpec): unknown {
  const fallback = spec.options.default;
  return typeof fallback === 'function' ? (fallback as () => unknown)() : fallback;
}

/**
 * Validates a create input and returns the record to store: defaults applied, `set` transforms
 * run, watchers computed, timestamps left to the caller. Throws ValidationError listing every
 * bad field; an input that is not a plain object is one issue at path ''.
 */
export function buildRecordForCreate(schema: AnySchema, input: unknown, pathPrefix = ''): MutableRecord {
  const keys = plainObjectKeys(input);
  if (keys === UNREAD) throw new ValidationError(prefixed([{ path: '', message: UNREADABLE }], pathPrefix), schema.entityName);
  if (keys === null) throw new ValidationError(prefixed([{ path: '', message: 'expected a plain object of attributes' }], pathPrefix), schema.entityName);
  const source = input as MutableRecord;
  const issues: ValidationIssue[] = [];
  // A field whose reading throws is one issue, reported where it is read for its value (the
  // attribute loop, or the key loop for a field the library sets), not by this presence check.
  const chosenId = schema.identityUnique ? readOwn(source, schema.idAttribute) : undefined;
  if (schema.identityUnique && chosenId !== undefined && chosenId !== UNREAD) {
    issues.push({ path: schema.idAttribute, message: `is derived from ${schema.identityUnique.attributes.join(', ')}` });
  }
  for (const key of keys) {
    if (!schema.attribute(key)) issues.push({ path: key, message: 'is not an attribute of this entity' });
    else if (!schema.inputAttributeNames.has(key)) {
      const value = readOwn(source, key);
      if (value === UNREAD) issues.push({ path: key, message: UNREADABLE });
      else if (value !== undefined) issues.push({ path: key, message: 'is set by the library' });
    }
  }
  const record: MutableRecord = {};
  for (const name of schema.attributeNames) {
    const spec = schema.attributes[name] as AnyAttributeSpec;
    const given = schema.inputAttributeNames.has(name) ? readOwn(source, name) : undefined;
    if (given === UNREAD) {
      issues.push({ path: name, message: UNREADABLE });
      continue;
    }
    if (given === undefined) {
      const fallback = defaultOf(spec);
      // A function default is the schema's own code: a wrong value is a declaration mistake.
      if (fallback !== undefined && typeof spec.options.default === 'function' && checkAttributeValue(name, spec, fallback).length > 0) {
        throw new SchemaBuilderError(schema.entityName, `the default of '${name}' produced a value that fails its own check`);
      }
      if (fallback !== undefined) record[name] = fallback;
      else if (spec.options.required && schema.inputAttributeNames.has(name)) issues.push({ path: name, message: 'is required' });
      continue;
    }
    const prepared = prepareValue(name, spec, given);
    issues.push(...prepared.issues);
    record[name] = prepared.value;
  }
  if (issues.length > 0) throw new ValidationError(prefixed([...issues, ...ruleIssuesBeside(schema, record, issues)], pathPrefix), schema.entityName);
  applyWatchers(schema, record, Object.keys(record));
  const identity = schema.identityUnique;
  if (identity) record[schema.idAttribute] = identityOf(schema, record);
  const ruleIssues = checkRecordRules(schema, record);
  if (ruleIssues.length > 0) throw new ValidationError(prefixed(ruleIssues, pathPrefix), schema.entityName);
  return record;
}

/**
 * The id an identity constraint gives `record`. Its values are taken in their canonical form,
 * so a suggestion id in upper case derives the same id as the stored lower-case one.
 */
export function identityOf(schema: AnySchema, record: Readonly<MutableRecord>): string {
  const identity = schema.identityUnique;
  if (!identity) return String(canonicalValue(schema.attributes[schema.idAttribute], record[schema.idAttribute]));
  const values = identity.attributes.map((name) => canonicalValue(schema.attributes[name], record[name]));
  return deriveId(`${schema.storageName}#${identity.name}`, values);
}

/** Issues of the schema's whole-record rules. */
export function checkRecordRules(schema: AnySchema, record: Readonly<MutableRecord>): ValidationIssue[] {
  return schema.rules.flatMap((rule) => rule(record));
}

/**
 * The rules' issues of a record that already has `issues`, so that one error lists every bad
 * field (a connection's metadata as well as its organizationId). Only issues of attributes not
 * reported yet are added, and a rule that cannot judge a record this bad (it throws) adds none.
 */
function ruleIssuesBeside(schema: AnySchema, record: Readonly<MutableRecord>, issues: readonly ValidationIssue[]): ValidationIssue[] {
  const reported = new Set(issues.map((issue) => topAttributeOf(issue.path)));
  const more: ValidationIssue[] = [];
  for (const rule of schema.rules) {
    let found: readonly ValidationIssue[];
    try {
      found = rule(record);
    } catch {
      continue;
    }
    for (const issue of found) if (!reported.has(topAttributeOf(issue.path))) more.push(issue);
  }
  return more;
}

/** The attribute an issue path starts with (`metadata` of `metadata.cloudId`, `scopes` of `scopes[1]`). */
function topAttributeOf(path: string): string {
  return /^[^.[]*/.exec(path)?.[0] ?? path;
}

function prefixed(issues: readonly ValidationIssue[], pathPrefix: string): ValidationIssue[] {
  return pathPrefix ? issues.map((i) => ({ ...i, path: joinPath(pathPrefix, i.path) })) : [...issues];
}
