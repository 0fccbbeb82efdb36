/**
 * task-management-data-access: DynamoDB records of task-management integrations, on ElectroDB.
 * Everything public is exported from here.
 */
export * from './errors/index.js';
export { attr, Schema, SchemaBuilder, shapeOf, TTL_ATTRIBUTE } from './schema/index.js';
export type {
  AnyAttributeSpec,
  AnySchema,
  AttributeKind,
  AttributeMap,
  AttributeOptions,
  AttributeSpec,
  AttributesOf,
  CreateInputOf,
  Getters,
  IndexesOf,
  IndexMap,
  IndexSpec,
  JsonOf,
  LifecycleSpec,
  MutableKeys,
  PreconditionSpec,
  ReadValue,
  RecordOf,
  RecordRule,
  ReferenceKind,
  ReferenceMap,
  ReferenceSpec,
  ReferencesOf,
  SchemaDefinition,
  Setters,
  Shape,
  ShapeCheck,
  UniqueSpec,
  ValueOf,
  WatchSpec,
} from './schema/index.js';
export { BaseCollection, BaseModel, EntityCollection, EntityModel } from './model/index.js';
export type {
  CreateInputOfModel,
  CreateManyResult,
  EntityBinding,
  EntityModels,
  Finders,
  ModelAccessors,
  PageOptions,
  QueryOptions,
  ReferenceGetters,
  SchemaOfModel,
} from './model/index.js';
export { defineEntity, EntityRegistry } from './registry/index.js';
export type { CollectionsOf, EntityDefinition, EntityDefinitions, DynamoDBClientLike, PlanTableOptions, StoreConfig, SyncTableOptions, TableDefinitionOptions, TablePlan } from './registry/index.js';
export type { Logger, RetryPolicy, StoreContext } from './store/context.js';
export type { CancellationReason } from './store/transact-write.js';
export type { OperationEvent, OperationListener } from './store/observe/operation-event.js';
export { AesGcmKeyring } from './store/encryption/aes-gcm-keyring.js';
export type { KeyringConfig } from './store/encryption/aes-gcm-keyring.js';
export type { DecryptionContext, EncryptionContext, EncryptionProvider, SealedValue } from './store/encryption/encryption-provider.js';
export { createDataAccess, createTable, planTableUpdate, syncTable, tableDefinition, ttlAttributeName } from './data-access.js';
export type { DataAccess, DataAccessConfig } from './data-access.js';
export type { RemoveOrganizationOptions } from './offboarding/remove-organization.js';
export type { ActiveProviderConflict, MigrationOutcome, MigrationProgress, MigrationRunOptions, MigrationRunResult, Migrations, MigrationState, MigrationStatus } from './migrations/index.js';
export * from './entities/index.js';
export { collectionOf, commit, createPart, deletePart, hydrateCreated, hydrateStored, readStored, scanStored, stampNew, updatePart, when } from './model/index.js';
export type { AttributePath, Condition, Expectation, ModelWrite, NestedSet, PartOptions, RemovalCounts, StoredUpdate, WritePart } from './model/index.js';
export * from './provider-errors/index.js';
export * from './change-feed/index.js';
