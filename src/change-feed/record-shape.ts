/**
 * Reading a raw stream record: a Lambda `DynamoDBStreamEvent` record or a
 * `@aws-sdk/client-dynamodb-streams` GetRecords record (same field names; images are marshalled
 * AttributeValue maps in both). The record's shape and every AttributeValue are checked here
 * against what DynamoDB accepts, whoever's item it is, and every problem is reported at once as one
 * ValidationError. The library's own rules on values are checked later, for entity items only
 * (entity-images.ts): a stream also carries other applications' items.
 */
import { ValidationError } from '../errors/index.js';
import type { AttributeValueMap } from './attribute-values.js';
import { copyAttributeValueMap, IssueList } from './attribute-values.js';

/** The DynamoDB Streams event names. */
export type StreamEventName = 'INSERT' | 'MODIFY' | 'REMOVE';

/** The parts of a stream record the change feed uses: checked copies of the keys and images. */
export interface StreamRecordParts {
  readonly eventName: StreamEventName;
  readonly keys: AttributeValueMap;
  /** Present for INSERT and MODIFY. */
  readonly newImage: AttributeValueMap | undefined;
  /** Present for MODIFY and REMOVE. */
  readonly oldImage: AttributeValueMap | undefined;
}

/** The name used as the context of the change feed's ValidationErrors. */
export const PARSE_CONTEXT = 'parseStreamRecord';

/** The only view type that carries what a change event needs. */
export const REQUIRED_VIEW_TYPE = 'NEW_AND_OLD_IMAGES';

/** The images each event name needs (with NEW_AND_OLD_IMAGES, exactly these are present). */
const NEEDED_IMAGES: Readonly<Record<StreamEventName, readonly ('NewImage' | 'OldImage')[]>> = {
  INSERT: ['NewImage'],
  MODIFY: ['NewImage', 'OldImage'],
  REMOVE: ['OldImage'],
};

function isEventName(value: unknown): value is StreamEventName {
  return value === 'INSERT' || value === 'MODIFY' || value === 'REMOVE';
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Checks `record` and returns copies of its keys and the images its event name needs. Throws a
 * ValidationError listing every bad or missing field: not an object, an unknown `eventName`, no
 * `dynamodb`, keys or images that are not AttributeValue maps, a stream view type other than
 * NEW_AND_OLD_IMAGES, an image that the event name needs but the record lacks.
 */
export function readStreamRecord(record: unknown): StreamRecordParts {
  if (!isObject(record)) {
    throw new ValidationError([{ path: '', message: 'must be a DynamoDB stream record (an object with eventName and dynamodb)' }], PARSE_CONTEXT);
  }
  const issues = new IssueList();
  const { eventName, dynamodb } = record;
  if (!isEventName(eventName)) issues.add('eventName', 'must be INSERT, MODIFY or REMOVE');
  if (!isObject(dynamodb)) {
    issues.add('dynamodb', 'must be an object with Keys and the images');
    throw new ValidationError(issues.list(), PARSE_CONTEXT);
  }
  const { Keys, NewImage, OldImage, StreamViewType } = dynamodb;
  if (StreamViewType !== undefined && StreamViewType !== REQUIRED_VIEW_TYPE) {
    issues.add('dynamodb.StreamViewType', `must be ${REQUIRED_VIEW_TYPE}: the change feed needs both images`);
  }
  let keys: AttributeValueMap | undefined;
  if (Keys === undefined) issues.add('dynamodb.Keys', 'is missing');
  else keys = copyAttributeValueMap(Keys, 'dynamodb.Keys', issues);
  const images: Record<'NewImage' | 'OldImage', AttributeValueMap | undefined> = { NewImage: undefined, OldImage: undefined };
  if (isEventName(eventName)) {
    const given = { NewImage, OldImage };
    for (const name of NEEDED_IMAGES[eventName]) {
      const image = given[name];
      if (image === undefined) {
        issues.add(`dynamodb.${name}`, `is missing: a ${eventName} record needs it (the table's stream must use ${REQUIRED_VIEW_TYPE})`);
      } else {
        images[name] = copyAttributeValueMap(image, `dynamodb.${name}`, issues);
      }
    }
  }
  if (!issues.empty) throw new ValidationError(issues.list(), PARSE_CONTEXT);
  return { eventName: eventName as StreamEventName, keys: keys as AttributeValueMap, newImage: images.NewImage, oldImage: images.OldImage };
}
