/**
 * The difference between the library's table definition and a live table, as a plan:
 * which GSIs to add, whether TTL (and the stream) must be enabled, which GSIs the table has that
 * the definition does not know. What a plan cannot fix without losing data or breaking readers
 * (another key schema, an index of the same name on other keys, TTL on another attribute, a
 * stream of another view type) is a CONFIGURATION error that names the difference.
 */
import type { CreateTableCommandInput, DynamoDBClient, GlobalSecondaryIndex, GlobalSecondaryIndexDescription } from '@aws-sdk/client-dynamodb';
import { DataAccessError } from '../../errors/index.js';
import { TTL_ATTRIBUTE } from '../storage-attributes.js';
import type { TableState } from './describe-table.js';
import { readTableState } from './describe-table.js';
import { attributeTypesOf, keyAttributesOf, keyDifferences, nameOf, projectionText } from './key-schema.js';
import type { AttributeTypes } from './key-schema.js';
import { STREAM_SPECIFICATION } from './stream.js';

/**
 * What a table lacks compared with the library's definition. Nothing to do when `exists` is
 * true, `addIndexes` and `pendingIndexes` are empty and `ttl` and `stream` are `'ok'`.
 */
export interface TablePlan {
  /** False when there is no such table: syncing creates it with every index, TTL (and the stream if asked). */
  exists: boolean;
  /** GSIs of the definition the table lacks, in definition order (every GSI when the table is missing). */
  addIndexes: string[];
  /** `'enable'` when TTL is not enabled (or being enabled) on the library's TTL attribute. */
  ttl: 'ok' | 'enable';
  /** `'enable'` when a stream was asked for and the table has none; always `'ok'` when none was asked for. */
  stream: 'ok' | 'enable';
  /** GSIs on the table that the definition does not have: reported, never deleted. */
  unknownIndexes: string[];
  /** GSIs of the definition that the table has but that are not ACTIVE yet (still being built). */
  pendingIndexes: string[];
}

/** Options of planning a table update. */
export interface PlanTableOptions {
  /**
   * Whether the table must have the change feed's stream (NEW_AND_OLD_IMAGES). Without it the
   * table's stream, whatever it is, is left out of the plan.
   */
  readonly stream?: boolean;
}

/** True when applying the plan would change nothing (the table may still be building an index). */
export function planIsEmpty(plan: TablePlan): boolean {
  return plan.exists && plan.addIndexes.length === 0 && plan.ttl === 'ok' && plan.stream === 'ok';
}

function indexDifferences(wanted: GlobalSecondaryIndex, found: GlobalSecondaryIndexDescription, wantedTypes: AttributeTypes, foundTypes: AttributeTypes): string[] {
  const differences = keyDifferences({ keys: wanted.KeySchema, types: wantedTypes }, { keys: found.KeySchema, types: foundTypes });
  const [wantedProjection, foundProjection] = [projectionText(wanted.Projection), projectionText(found.Projection)];
  if (wantedProjection !== foundProjection) differences.push(`projection: expected ${wantedProjection}, found ${foundProjection}`);
  return differences.map((difference) => `index ${nameOf(wanted.IndexName)}: ${difference}`);
}

/** A GSI to add whose key attribute the table already defines with another type cannot be added. */
function attributeConflicts(index: GlobalSecondaryIndex, wantedTypes: AttributeTypes, foundTypes: AttributeTypes): string[] {
  return keyAttributesOf(index.KeySchema).flatMap((name) => {
    const [wanted, found] = [wantedTypes.get(name), foundTypes.get(name)];
    return found !== undefined && found !== wanted ? [`index ${nameOf(index.IndexName)}: attribute ${name} is ${found} on the table, the definition needs ${wanted ?? '?'}`] : [];
  });
}

function ttlOf(state: TableState, differences: string[]): 'ok' | 'enable' {
  const { TimeToLiveStatus: status, AttributeName: attribute } = state.ttl ?? {};
  if (status !== 'ENABLED' && status !== 'ENABLING') return 'enable';
  if (attribute === TTL_ATTRIBUTE) return 'ok';
  differences.push(`TTL: expected on ${TTL_ATTRIBUTE}, found on ${attribute ?? '?'} (a table has one TTL attribute; syncTable never disables it)`);
  return 'ok';
}

function streamOf(state: TableState, asked: boolean, differences: string[]): 'ok' | 'enable' {
  const stream = state.table?.StreamSpecification;
  if (!asked) return 'ok';
  if (stream?.StreamEnabled !== true) return 'enable';
  if (stream.StreamViewType !== STREAM_SPECIFICATION.StreamViewType) {
    differences.push(`stream: expected ${String(STREAM_SPECIFICATION.StreamViewType)}, found ${stream.StreamViewType ?? '?'} (changing it means disabling the stream first; syncTable never does)`);
  }
  return 'ok';
}

/** What to do about each kind of difference (TTL and stream differences carry their own reason). */
const ADVICE: readonly (readonly [prefix: string, advice: string])[] = [
  ['table ', 'a table key cannot be changed in place: that needs a new table and a copy of the data'],
  ['index ', 'an index of the same name but other keys, projection or attribute types must be deleted by you (if nothing reads it) before syncTable can add the definition\'s one'],
];

function mismatchError(tableName: string, differences: readonly string[]): DataAccessError {
  const advice = ADVICE.filter(([prefix]) => differences.some((difference) => difference.startsWith(prefix))).map(([, text]) => text);
  return new DataAccessError('CONFIGURATION', `table ${tableName} does not match the library's definition: ${differences.join('; ')}${advice.length > 0 ? `. ${advice.join('; ')}` : ''}`);
}

/**
 * The plan that brings the table described by `state` to `definition`. Throws
 * DataAccessError CONFIGURATION listing every difference a plan cannot fix.
 */
export function planOf(definition: CreateTableCommandInput, state: TableState, options: PlanTableOptions = {}): TablePlan {
  const wantedIndexes = definition.GlobalSecondaryIndexes ?? [];
  const { table } = state;
  if (table === undefined) {
    return { exists: false, addIndexes: wantedIndexes.map((index) => nameOf(index.IndexName)), ttl: 'enable', stream: options.stream ? 'enable' : 'ok', unknownIndexes: [], pendingIndexes: [] };
  }
  const wantedTypes = attributeTypesOf(definition.AttributeDefinitions);
  const foundTypes = attributeTypesOf(table.AttributeDefinitions);
  const differences = keyDifferences({ keys: definition.KeySchema, types: wantedTypes }, { keys: table.KeySchema, types: foundTypes }).map((difference) => `table ${difference}`);
  const found = new Map((table.GlobalSecondaryIndexes ?? []).map((index) => [nameOf(index.IndexName), index]));
  const addIndexes: string[] = [];
  const pendingIndexes: string[] = [];
  for (const index of wantedIndexes) {
    const name = nameOf(index.IndexName);
    const present = found.get(name);
    if (present === undefined) {
      addIndexes.push(name);
      differences.push(...attributeConflicts(index, wantedTypes, foundTypes));
      continue;
    }
    differences.push(...indexDifferences(index, present, wantedTypes, foundTypes));
    if (present.IndexStatus !== 'ACTIVE') pendingIndexes.push(name);
  }
  const wantedNames = new Set(wantedIndexes.map((index) => index.IndexName));
  const unknownIndexes = [...found.keys()].filter((name) => !wantedNames.has(name)).sort();
  const ttl = ttlOf(state, differences);
  const stream = streamOf(state, options.stream === true, differences);
  if (differences.length > 0) throw mismatchError(nameOf(definition.TableName), differences);
  return { exists: true, addIndexes, ttl, stream, unknownIndexes, pendingIndexes };
}

/** Reads the table (DescribeTable, DescribeTimeToLive) and plans its update to `definition`. */
export async function planTableUpdateFrom(client: DynamoDBClient, definition: CreateTableCommandInput, options: PlanTableOptions = {}): Promise<TablePlan> {
  return planOf(definition, await readTableState(client, nameOf(definition.TableName)), options);
}
