/** Whole-declaration checks run by `SchemaBuilder.build()`. Each failure names what is wrong. */
import { SchemaBuilderError } from '../errors/index.js';
import type { AnyAttributeSpec } from './attribute.js';
import type { IndexSpec, SchemaDefinition } from './schema.js';
import { TTL_ATTRIBUTE } from './schema.js';
import { MAX_GSI_SLOT, RESERVED_NAMES, RESERVED_PATTERN } from './system-attributes.js';

/** What an entity name must look like (PascalCase, up to 64 letters and digits). */
export const ENTITY_NAME_RULE = 'the entity name must be PascalCase (letters and digits)';

export function isEntityName(name: unknown): boolean {
  return typeof name === 'string' && /^[A-Z][A-Za-z0-9]{0,63}$/.test(name);
}

/**
 * Runs once per entity when a registry's schemas are built at start-up, in the interpreter: its
 * loops index arrays instead of using `for…of` and entry destructuring, whose iterator protocol
 * was the largest part of its cost there (profiled: a registry of 50 entities).
 */
export function checkDefinition(definition: SchemaDefinition): void {
  function fail(message: string): never {
    throw new SchemaBuilderError(String(definition.entityName), message);
  }
  if (!isEntityName(definition.entityName)) fail(ENTITY_NAME_RULE);
  const { attributes } = definition;
  const has = (name: string) => Object.hasOwn(attributes, name);

  if (has(TTL_ATTRIBUTE) && !definition.expiry) fail(`attribute name '${TTL_ATTRIBUTE}' is reserved for withRecordExpiry()`);
  const names = Object.keys(attributes);
  for (let i = 0; i < names.length; i += 1) {
    const name = names[i] as string;
    const spec = attributes[name] as AnyAttributeSpec;
    if (RESERVED_NAMES.has(name) || RESERVED_PATTERN.test(name)) fail(`attribute name '${name}' is reserved for storage`);
    const { default: fallback, required, internal, watch } = spec.options;
    const nullDefault = fallback === null && spec.options.nullable;
    if (fallback !== undefined && !nullDefault && typeof fallback !== 'function' && spec.check(fallback).length > 0) {
      fail(`the default of '${name}' does not pass its own type check`);
    }
    if (watch) {
      for (const source of watch.attributes) if (!has(source)) fail(`'${name}' watches unknown attribute '${source}'`);
      if (watch.attributes.includes(name)) fail(`'${name}' watches itself`);
    }
    if (required && internal && fallback === undefined && !['createdAt', 'updatedAt'].includes(name)) {
      fail(`internal attribute '${name}' is required but has no default: nothing could set it on create`);
    }
  }

  const slots = new Map<number, string>();
  const { indexes } = definition;
  const indexNames = Object.keys(indexes);
  for (let i = 0; i < indexNames.length; i += 1) {
    const name = indexNames[i] as string;
    const index = indexes[name] as IndexSpec;
    if (!Number.isInteger(index.gsi) || index.gsi < 1 || index.gsi > MAX_GSI_SLOT) {
      fail(`index '${name}' must use a GSI slot from 1 to ${MAX_GSI_SLOT}`);
    }
    const taken = slots.get(index.gsi);
    if (taken) fail(`indexes '${taken}' and '${name}' both use GSI slot ${index.gsi}`);
    slots.set(index.gsi, name);
    if (index.pk.length === 0) fail(`index '${name}' needs at least one partition key attribute`);
    const composite = [...index.pk, ...index.sk];
    if (new Set(composite).size !== composite.length) fail(`index '${name}' repeats an attribute`);
    for (let k = 0; k < composite.length; k += 1) {
      const key = composite[k] as string;
      if (!has(key)) fail(`index '${name}' uses unknown attribute '${key}'`);
      const spec = attributes[key];
      if (spec?.kind === 'json') fail(`index '${name}' cannot use structured attribute '${key}' as a key`);
      if (spec?.options.nullable) fail(`index '${name}' cannot use nullable attribute '${key}' as a key`);
      const rules = spec?.options as { integer?: boolean; min?: number } | undefined;
      if (spec?.kind === 'number' && !(rules?.integer && rules.min !== undefined && rules.min >= 0)) {
        fail(`index '${name}' uses number '${key}': key numbers must be declared integer with min >= 0 (they are zero-padded to sort)`);
      }
    }
  }

  for (const unique of definition.uniques) {
    if (!/^[a-z][a-z0-9-]{0,63}$/.test(unique.name)) fail(`unique constraint '${unique.name}' must be kebab-case`);
    if (unique.attributes.length === 0) fail(`unique constraint '${unique.name}' needs attributes`);
    for (const key of unique.attributes) {
      if (!has(key)) fail(`unique constraint '${unique.name}' uses unknown attribute '${key}'`);
      const spec = attributes[key];
      if (spec?.kind === 'json') fail(`unique constraint '${unique.name}' cannot use structured attribute '${key}'`);
      if (!spec?.options.required && spec?.options.default === undefined) {
        fail(`unique constraint '${unique.name}' uses optional attribute '${key}'; make it required`);
      }
    }
  }

  const identities = definition.uniques.filter((unique) => unique.identity);
  if (identities.length > 1) fail('at most one unique constraint can be the identity');
  for (const identity of identities) {
    if (identity.when) fail(`identity constraint '${identity.name}' cannot be partial`);
    for (const key of identity.attributes) {
      if (!attributes[key]?.options.readOnly) fail(`identity constraint '${identity.name}' uses mutable attribute '${key}'`);
    }
  }

  for (const precondition of definition.preconditions) {
    if (!/^[a-z][a-z0-9-]{0,63}$/.test(precondition.name)) fail(`precondition '${precondition.name}' must be kebab-case`);
    if (precondition.equalsAttribute !== undefined && !has(precondition.equalsAttribute)) {
      fail(`precondition '${precondition.name}' compares with unknown attribute '${precondition.equalsAttribute}'`);
    }
  }
  const constraintNames = [...definition.uniques.map((u) => u.name), ...definition.preconditions.map((p) => p.name)];
  if (new Set(constraintNames).size !== constraintNames.length) fail('constraint names must be distinct');

  if (definition.lifecycle) {
    const { attribute, transitions } = definition.lifecycle;
    const states = attributes[attribute]?.enumValues;
    if (!states) fail(`lifecycle attribute '${attribute}' must be an enum attribute`);
    for (const [from, targets] of Object.entries(transitions)) {
      if (!states.includes(from)) fail(`lifecycle state '${from}' is not a value of '${attribute}'`);
      for (const to of targets) if (!states.includes(to)) fail(`lifecycle target '${to}' is not a value of '${attribute}'`);
    }
    for (const state of states) if (!Object.hasOwn(transitions, state)) fail(`lifecycle does not say where '${state}' may go (use [] for a terminal state)`);
  }

  if (!definition.updatable && definition.lifecycle) fail('an entity without updates cannot have a lifecycle');
}
