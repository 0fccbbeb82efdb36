/** TaskManagementConnection: an organization's OAuth connection to a tracker instance. */
import { attr, SchemaBuilder, shapeOf } from '../../schema/index.js';
import { CONNECTION_STATUS_VALUES, CONNECTION_TRANSITIONS, PROVIDER_VALUES } from './constants.js';
import type { ConnectionMetadata } from './metadata-schemas.js';
import { metadataIssues } from './validate-metadata.js';
import { PROVIDER_ERROR_CODE_VALUES } from '../../provider-errors/index.js';
import { watermarkIssues } from '../sync-operation/watermarks.js';

/** Metadata must be a plain object here; what it must hold depends on the provider (record rule below). */
const metadataShape = shapeOf<ConnectionMetadata>((value) =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? [] : [{ path: '', message: 'expected a plain object' }],
);

const watermarksShape = shapeOf<Record<string, string>>((value) => watermarkIssues(value, ''));

/**
 * The schema of {@link TaskManagementConnection}: an organization's connection to one tracker
 * instance. At most one connection that is not disconnected per (organization, provider,
 * external instance); metadata must match the provider's schema on every write; the status moves
 * only along {@link CONNECTION_TRANSITIONS}. Removing a connection removes its tickets, syncs and
 * tokens.
 */
export const taskManagementConnectionSchema = new SchemaBuilder('TaskManagementConnection')
  .addAttribute('organizationId', attr.uuid({ required: true, readOnly: true }))
  .addAttribute('provider', attr.enum(PROVIDER_VALUES, { required: true, readOnly: true }))
  // Moves only through the lifecycle methods (markActive, markError, …), never a bare setter.
  .addAttribute('status', attr.enum(CONNECTION_STATUS_VALUES, { default: 'active', internal: true }))
  .addAttribute('displayName', attr.string({ required: true, minLength: 1, maxLength: 255 }))
  .addAttribute('instanceUrl', attr.httpsUrl({ required: true }))
  .addAttribute('connectedBy', attr.string({ required: true, readOnly: true, minLength: 1, maxLength: 255 }))
  .addAttribute('connectedAt', attr.isoDate({ required: true, internal: true, default: () => new Date().toISOString() }))
  .addAttribute('externalInstanceId', attr.string({ required: true, readOnly: true, minLength: 1, maxLength: 512 }))
  .addAttribute('lastUsedAt', attr.isoDate({ internal: true }))
  .addAttribute('lastSyncAt', attr.isoDate({ internal: true }))
  .addAttribute('errorMessage', attr.string({ internal: true, minLength: 1, maxLength: 2000 }))
  .addAttribute('metadata', attr.json(metadataShape, { required: true }))
  // Connection checks (recordCheck): when one last succeeded, how many failed in a row since (an
  // atomic counter), and the provider error code of the last failure.
  .addAttribute('lastVerifiedAt', attr.isoDate({ internal: true }))
  .addAttribute('consecutiveFailures', attr.number({ internal: true, integer: true, min: 0, default: 0 }))
  .addAttribute('lastErrorCode', attr.enum(PROVIDER_ERROR_CODE_VALUES, { internal: true }))
  // Who re-authorized the connection last (markActive from requires_reauth).
  .addAttribute('reauthorizedBy', attr.string({ internal: true, minLength: 1, maxLength: 255 }))
  // Per entity kind, up to when a completed sync has seen the tracker's changes (forward only).
  .addAttribute('syncWatermarks', attr.json(watermarksShape, { internal: true, default: () => ({}) }))
  .addIndex('byOrganization', { gsi: 1, pk: ['organizationId'], sk: ['provider', 'status'] })
  .addUnique('external-instance', ['organizationId', 'provider', 'externalInstanceId'], {
    when: (record) => record.status !== 'disconnected',
  })
  // One active connection per (organization, provider): the lookup the API makes before every
  // ticket has one answer. Claimed and released in the same write as the status.
  .addUnique('active-provider', ['organizationId', 'provider'], {
    when: (record) => record.status === 'active',
  })
  .addRecordRule((record) => (record.metadata === undefined ? [] : metadataIssues(record.provider, record.metadata)))
  .withLifecycle('status', CONNECTION_TRANSITIONS)
  .hasMany('Ticket', { removeDependents: true })
  .hasMany('SyncOperation', { removeDependents: true })
  .hasOne('OAuthTokenState', { removeDependents: true })
  .build();

/** The exact type of {@link taskManagementConnectionSchema}, from which the model's accessors and the collection's finders are typed. */
export type TaskManagementConnectionSchema = typeof taskManagementConnectionSchema;
