/** The change feed: DynamoDB Streams records of the library's table as typed change events. */
export { parseStreamRecord } from './parse-stream-record.js';
export type {
  ChangedAttribute,
  ChangeEntityAttributes,
  ChangeEntityName,
  ChangeEvent,
  ChangeKind,
  ConnectionStatusChanged,
  DomainEvent,
  DomainEventsByEntity,
  DomainEventType,
  EntityChangeEvent,
  HiddenAttributeNames,
  StreamRecordLike,
  SyncAbandoned,
  SyncCancelled,
  SyncCompleted,
  SyncFailed,
  SyncStatusChanged,
  TicketStatusChanged,
  WithoutHiddenAttributes,
} from './types.js';
