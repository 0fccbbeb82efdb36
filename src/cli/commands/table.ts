/** `table create` (idempotent) and `table definition` (JSON, CloudFormation, CDK). */
import type { CreateTableCommandInput, DynamoDBClient, GlobalSecondaryIndex, TableDescription } from '@aws-sdk/client-dynamodb';
import { createTable, tableDefinition, ttlAttributeName } from '../../index.js';
import { describeTable } from '../../store/table/describe-table.js';
import type { DefinitionFormat, Target } from '../args.js';
import { CliError } from '../errors.js';
import type { CliIo } from '../io.js';
import { withSpinner } from '../progress.js';
import { cdkSnippet, cloudFormationTemplate, toYaml } from '../table-formats.js';
import { placeOf } from './table-sync.js';

/** The GSIs of a definition (none when it has no such field). */
export function indexesOf(definition: CreateTableCommandInput): GlobalSecondaryIndex[] {
  return definition.GlobalSecondaryIndexes ?? [];
}

/** The text `table definition` prints for `format`. */
export function renderDefinition(tableName: string, format: DefinitionFormat): string {
  const definition = tableDefinition(tableName);
  switch (format) {
    case 'json':
      return `${JSON.stringify(definition, null, 2)}\n`;
    case 'cfn':
      return toYaml(cloudFormationTemplate(definition, ttlAttributeName));
    case 'cfn-json':
      return `${JSON.stringify(cloudFormationTemplate(definition, ttlAttributeName), null, 2)}\n`;
    case 'cdk':
      return cdkSnippet(definition, ttlAttributeName);
  }
}

/** What an existing table lacks compared to the library's definition (empty when it fits). */
export function missingParts(existing: TableDescription, tableName: string): string[] {
  const wanted = tableDefinition(tableName);
  const keyOf = (keys: readonly { AttributeName?: string; KeyType?: string }[] | undefined) => (keys ?? []).map((k) => `${k.AttributeName}:${k.KeyType}`).join(',');
  const missing: string[] = [];
  if (keyOf(existing.KeySchema) !== keyOf(wanted.KeySchema)) missing.push(`key schema ${keyOf(wanted.KeySchema)}`);
  const have = new Map((existing.GlobalSecondaryIndexes ?? []).map((index) => [index.IndexName, keyOf(index.KeySchema)]));
  for (const index of indexesOf(wanted)) {
    if (have.get(index.IndexName) !== keyOf(index.KeySchema)) missing.push(`index ${index.IndexName} (${keyOf(index.KeySchema)})`);
  }
  return missing;
}

/** Creates the table unless it exists; an existing one must fit the definition. */
export async function tableCreate(target: Target, client: DynamoDBClient, io: CliIo): Promise<void> {
  const { tableName } = target;
  const where = placeOf(target);
  // The library's DescribeTable: a failure is a DATASTORE error naming the request and its cause,
  // reported like those of every other command.
  const existing = await describeTable(client, tableName);
  if (existing) {
    const missing = missingParts(existing, tableName);
    if (missing.length > 0) throw new CliError(`table ${tableName} exists on ${where} but was not created from this library's definition: it lacks ${missing.join(', ')}`);
  }
  const label = existing ? `Table ${tableName} exists on ${where}; ensuring it is ACTIVE with TTL` : `Creating table ${tableName} on ${where}`;
  await withSpinner(io.stderr, label, () => createTable(client, tableName, { ifNotExists: true }), () => (existing ? `table ${tableName} already existed` : `table ${tableName} created`));
  const indexes = indexesOf(tableDefinition(tableName)).map((index) => index.IndexName).join(', ');
  io.stdout.write(`${tableName}: ${existing ? 'already existed' : 'created'}; ACTIVE, indexes ${indexes}, TTL on '${ttlAttributeName}'\n`);
}
