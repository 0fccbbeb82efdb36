/**
 * SyncOperation: a progress-tracked sync of one connection. At most one pending or in_progress
 * operation per connection (partial unique `active-sync`); terminal ones expire after 7 days.
 */
import { attr, SchemaBuilder } from '../../schema/index.js';
import {
  ACTIVE_SYNC_STATUSES,
  DEFAULT_LEASE_SECONDS,
  MAX_LEASE_SECONDS,
  MAX_RESUME_CURSOR,
  MIN_LEASE_SECONDS,
  SYNC_ERROR_CODE_VALUES,
  SYNC_STATUS_VALUES,
  SYNC_TRANSITIONS,
  SYNC_TYPE_VALUES,
} from './constants.js';
import { progressShape, resultsShape } from './sync-shapes.js';

/**
 * The schema of {@link SyncOperation}: at most one pending or in_progress operation per
 * connection (the partial unique `active-sync`), started only on an active connection of the same
 * organization; terminal operations expire through TTL.
 */
export const syncOperationSchema = new SchemaBuilder('SyncOperation')
  .addAttribute('organizationId', attr.uuid({ required: true, readOnly: true }))
  .addAttribute('triggeredBy', attr.string({ required: true, readOnly: true, minLength: 1, maxLength: 255 }))
  .addAttribute('status', attr.enum(SYNC_STATUS_VALUES, { default: 'pending', internal: true }))
  .addAttribute('syncType', attr.enum(SYNC_TYPE_VALUES, { required: true, readOnly: true }))
  .addAttribute('includeClosed', attr.boolean({ default: false, readOnly: true }))
  .addAttribute('progress', attr.json(progressShape, { internal: true }))
  .addAttribute('results', attr.json(resultsShape, { internal: true }))
  .addAttribute('error', attr.string({ internal: true, minLength: 1, maxLength: 2000 }))
  .addAttribute('errorCode', attr.enum(SYNC_ERROR_CODE_VALUES, { internal: true }))
  .addAttribute('startedAt', attr.isoDate({ internal: true }))
  // The worker's lease: started by begin() (and at start, for a pending operation nobody begins),
  // renewed by heartbeat() and reportProgress(); once it ran out, start() may take the slot over.
  .addAttribute('leaseSeconds', attr.number({ integer: true, min: MIN_LEASE_SECONDS, max: MAX_LEASE_SECONDS, default: DEFAULT_LEASE_SECONDS, readOnly: true }))
  .addAttribute('leaseExpiresAt', attr.isoDate({ internal: true }))
  .addAttribute('resumeCursor', attr.string({ internal: true, minLength: 1, maxLength: MAX_RESUME_CURSOR }))
  .addAttribute('completedAt', attr.isoDate({ internal: true }))
  .belongsTo('TaskManagementConnection', { gsi: 2, sk: ['createdAt'] })
  .addUnique('active-sync', ['taskManagementConnectionId'], {
    when: (record) => ACTIVE_SYNC_STATUSES.includes(record.status),
  })
  .addPrecondition('connection-organization', { parent: 'TaskManagementConnection', attribute: 'organizationId', equalsAttribute: 'organizationId' })
  .addPrecondition('active-connection', { parent: 'TaskManagementConnection', attribute: 'status', equals: 'active' })
  .withLifecycle('status', SYNC_TRANSITIONS)
  .withRecordExpiry()
  .build();

/** The exact type of {@link syncOperationSchema}, from which the model's accessors and the collection's finders are typed. */
export type SyncOperationSchema = typeof syncOperationSchema;
