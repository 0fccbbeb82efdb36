/**
 * parseStreamRecord: one DynamoDB stream record → one typed {@link ChangeEvent}, or null when
 * the record is not an entity change.
 */
import { DataAccessError, ValidationError } from '../errors/index.js';
import type { AttributeValueMap } from './attribute-values.js';
import { IssueList } from './attribute-values.js';
import { domainEventsOf } from './domain-events.js';
import type { StoredItem } from './entity-images.js';
import { changedAttributes, entityAttributes, presentAttributes, schemaAttributesDiffer, storedAttributesOf } from './entity-images.js';
import type { EntityTable } from './entity-tables.js';
import { entityTableOf } from './entity-tables.js';
import { ENTITY_MARKER, entityMarkerOf, isInternalKey, isServiceKey } from './internal-items.js';
import type { StreamRecordParts } from './record-shape.js';
import { PARSE_CONTEXT, readStreamRecord } from './record-shape.js';
import type { ChangeEvent, ChangeKind } from './types.js';

const KINDS = { INSERT: 'created', MODIFY: 'updated', REMOVE: 'removed' } as const satisfies Record<StreamRecordParts['eventName'], ChangeKind>;

/** The entity of the record, from the marker of its images; null when it is not one the feed reports. */
function entityOf(parts: StreamRecordParts): EntityTable | null {
  const newMarker = parts.newImage && entityMarkerOf(parts.newImage);
  const oldMarker = parts.oldImage && entityMarkerOf(parts.oldImage);
  if (parts.newImage && parts.oldImage && newMarker !== oldMarker) {
    throw new ValidationError([{ path: `dynamodb.OldImage.${ENTITY_MARKER}`, message: 'differs from the new image: one item cannot change its entity' }], PARSE_CONTEXT);
  }
  const marker = newMarker ?? oldMarker;
  return (marker !== undefined && entityTableOf(marker)) || null;
}

function imageAttributes(table: EntityTable, image: AttributeValueMap | undefined, path: string, issues: IssueList): { item: StoredItem; attributes: StoredItem } | null {
  if (!image) return null;
  const item = storedAttributesOf(table, image, path, issues);
  return { item, attributes: entityAttributes(table, item, path, issues) };
}

function parse(record: unknown): ChangeEvent | null {
  // The record's shape and DynamoDB's own rules first (any record); the library's rules on values
  // only once the marker says the item is an entity's, and only for its schema attributes.
  const parts = readStreamRecord(record);
  if (isInternalKey(parts.keys) || !isServiceKey(parts.keys)) return null;
  const table = entityOf(parts);
  if (!table) return null;

  const issues = new IssueList();
  const before = imageAttributes(table, parts.oldImage, 'dynamodb.OldImage', issues);
  const after = imageAttributes(table, parts.newImage, 'dynamodb.NewImage', issues);
  const { idAttribute } = table;
  if (before && after && issues.empty && before.attributes[idAttribute] !== after.attributes[idAttribute]) {
    issues.add(`dynamodb.OldImage.${idAttribute}`, 'differs from the new image');
  }
  if (!issues.empty) throw new ValidationError(issues.list(), PARSE_CONTEXT);

  let changed: string[];
  if (before && after) {
    if (!schemaAttributesDiffer(table, before.item, after.item)) return null;
    changed = changedAttributes(table, before.attributes, after.attributes);
  } else {
    changed = presentAttributes(table, (after ?? before)!.attributes);
  }
  const latest = (after ?? before)!.attributes;
  const event = {
    entity: table.entity,
    id: latest[idAttribute] as string,
    kind: KINDS[parts.eventName],
    before: before?.attributes ?? null,
    after: after?.attributes ?? null,
    changed,
    domain: domainEventsOf(table.entity, before?.attributes ?? null, after?.attributes ?? null, latest),
  };
  return event as ChangeEvent;
}

/**
 * Turns one DynamoDB Streams record of the library's table into a typed change event, or null
 * when the record is no entity change. Pure: no request, no configuration; safe to call for
 * every record a Lambda receives.
 *
 * Accepts a Lambda `DynamoDBStreamEvent` record and a `@aws-sdk/client-dynamodb-streams`
 * GetRecords record alike ({@link StreamRecordLike}: `eventName` and `dynamodb.Keys`,
 * `NewImage`, `OldImage` as marshalled AttributeValue maps). The table's stream must use the
 * `NEW_AND_OLD_IMAGES` view type (`tableDefinition(name, { stream: true })`).
 *
 * Returns null for:
 * - the library's internal items: unique guards (`pk` `$unique#…`, `sk` `$unique`), migration
 *   ledgers (`pk` `$migration#…`), idempotency keys, and any item whose ElectroDB marker
 *   (`__edb_e__`) is missing or names no entity of the library, and any item whose partition key
 *   is not the library's (`$taskmanagement#…`: another application's items, another ElectroDB
 *   service's entity of the same name among them);
 * - a MODIFY that changed storage attributes only: a removal fence written before a cascade, a
 *   write token, an ElectroDB marker — no schema attribute differs.
 *
 * The event's `before` / `after` hold the stored values of the entity's visible schema
 * attributes only: keys, ElectroDB markers, write tokens, fences and hidden attributes (the
 * nonce's `codeVerifier`, the token ciphertexts) never appear, neither in `changed` nor in
 * `domain`. Values are passed on as stored, checked only for their kind (a string is a string), so
 * records of a newer library version still parse. Domain events are described in
 * {@link DomainEvent}: status changes of connections, tickets and syncs (including creation, from
 * `null`, and removal, to `null`) and the outcome of a sync (`sync.completed`, `sync.failed`,
 * `sync.abandoned`, `sync.cancelled`).
 *
 * Throws ValidationError (never a TypeError) for a malformed record, listing every bad field
 * without its value: not an object, an unknown eventName, keys or images that are not
 * AttributeValue maps, nesting deeper than DynamoDB allows, a view type other than
 * NEW_AND_OLD_IMAGES, an image the event needs that is missing (a stream with the KEYS_ONLY,
 * NEW_IMAGE or OLD_IMAGE view); and in an entity's schema attributes, a value of the wrong kind,
 * a number outside the safe integer range or a `__proto__` map key. Attributes the schema does
 * not declare, and items without the marker, may hold any value DynamoDB accepts.
 *
 * @example
 * ```ts
 * import { parseStreamRecord, ValidationError } from 'task-management-data-access';
 *
 * // The Lambda event, described structurally (no dependency on @types/aws-lambda).
 * type DynamoDBStreamEvent = { Records: unknown[] };
 *
 * export const handler = async (event: DynamoDBStreamEvent) => {
 *   for (const r of event.Records) {
 *     const change = parseStreamRecord(r);
 *     if (!change) continue; // a guard, a fence, another application's item
 *     if (change.entity === 'Ticket' && change.kind === 'created') {
 *       await indexTicket(change.after); // typed as the ticket's attributes
 *     }
 *     for (const domainEvent of change.domain) {
 *       if (domainEvent.type === 'connection.status_changed' && domainEvent.to === 'requires_reauth') {
 *         await notifyReauthorization(domainEvent.taskManagementConnectionId);
 *       }
 *       if (domainEvent.type === 'sync.abandoned') await alertOnCall(domainEvent.syncOperationId);
 *     }
 *   }
 * };
 * ```
 */
export function parseStreamRecord(record: unknown): ChangeEvent | null {
  try {
    return parse(record);
  } catch (error) {
    if (error instanceof DataAccessError) throw error;
    // Junk whose reading itself throws (a getter, a Proxy trap): a malformed record all the same.
    throw new ValidationError([{ path: '', message: 'could not be read as a DynamoDB stream record' }], PARSE_CONTEXT);
  }
}
