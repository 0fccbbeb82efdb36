/**
 * The table's definition, computed from the registered schemas: `pk`/`sk` plus one GSI per
 * slot any entity uses (`gsiN` on `gsiNpk`/`gsiNsk`), all strings, on-demand billing; with
 * `{ stream: true }` also a stream of new and old images (what the change feed reads).
 */
import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';
import type { AnySchema } from '../schema/index.js';
import { STREAM_SPECIFICATION } from '../store/table/stream.js';
import { gsiNames } from '../schema/index.js';

/** Options of the table definition. */
export interface TableDefinitionOptions {
  /** Add a DynamoDB stream with both images (`NEW_AND_OLD_IMAGES`), as the change feed needs. */
  readonly stream?: boolean;
}


export function tableDefinitionOf(schemas: readonly AnySchema[], tableName: string, options: TableDefinitionOptions = {}): CreateTableCommandInput {
  const slots = [...new Set(schemas.flatMap((schema) => Object.values(schema.indexes).map((index) => index.gsi)))].sort((a, b) => a - b);
  const attribute = (name: string) => ({ AttributeName: name, AttributeType: 'S' as const });
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [attribute('pk'), attribute('sk'), ...slots.flatMap((slot) => [attribute(gsiNames(slot).pk), attribute(gsiNames(slot).sk)])],
    KeySchema: [
      { AttributeName: 'pk', KeyType: 'HASH' },
      { AttributeName: 'sk', KeyType: 'RANGE' },
    ],
    ...(slots.length > 0
      ? {
          GlobalSecondaryIndexes: slots.map((slot) => {
            const names = gsiNames(slot);
            return {
              IndexName: names.indexName,
              KeySchema: [
                { AttributeName: names.pk, KeyType: 'HASH' as const },
                { AttributeName: names.sk, KeyType: 'RANGE' as const },
              ],
              Projection: { ProjectionType: 'ALL' as const },
            };
          }),
        }
      : {}),
    // A fresh copy each call: callers may change the definition they are given.
    ...(options.stream ? { StreamSpecification: { ...STREAM_SPECIFICATION } } : {}),
  };
}
