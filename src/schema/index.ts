export { attr, shapeOf } from './attribute.js';
export type { AnyAttributeSpec, AttributeKind, AttributeOptions, AttributeSpec, Shape, ShapeCheck, WatchSpec } from './attribute.js';
export { Schema, TTL_ATTRIBUTE } from './schema.js';
export type {
  AnySchema,
  AttributesOf,
  IndexesOf,
  IndexMap,
  IndexSpec,
  LifecycleSpec,
  PreconditionSpec,
  RecordRule,
  ReferenceKind,
  ReferenceMap,
  ReferenceSpec,
  ReferencesOf,
  SchemaDefinition,
  UniqueSpec,
} from './schema.js';
export { SchemaBuilder } from './schema-builder.js';
export { electroDefinition, gsiNames } from './electro-definition.js';
export type { ElectroDefinition } from './electro-definition.js';
export { applyWatchers, buildRecordForCreate, canonicalValue, checkAttributeValue, checkRecordRules, defaultOf, identityOf, prepareKeys, prepareValue } from './validate-record.js';
export type { AttributeMap, CreateInputOf, Getters, JsonOf, MutableKeys, ReadValue, RecordOf, Setters, ValueOf } from './types.js';
export { checkHttpsUrl, checkIsoDate, checkUuid, describeType, holeIssue, isPlainObject, isWellFormedText, malformedTextPaths } from './value-checks.js';
export { arrayItems, issuesAt, plainObjectKeys, readAll, readFields, readOwn, structuredCopy, UNREAD, UNREADABLE } from './unreadable.js';
export type { FieldsRead } from './unreadable.js';
