/**
 * The table definition as infrastructure code: a CloudFormation template (YAML or JSON) and an
 * aws-cdk-lib snippet, both derived from `tableDefinition()` and the TTL attribute — never kept
 * by hand. A definition field these conversions do not know is an error, not silently dropped.
 */
import type { AttributeDefinition, CreateTableCommandInput, GlobalSecondaryIndex, KeySchemaElement } from '@aws-sdk/client-dynamodb';
import { CliError } from './errors.js';

/** Logical id of the table resource in the template and the construct id in CDK. */
export const TABLE_LOGICAL_ID = 'TaskManagementTable';

const CFN_PASS_THROUGH = new Set(['TableName', 'BillingMode', 'AttributeDefinitions', 'KeySchema', 'GlobalSecondaryIndexes', 'LocalSecondaryIndexes', 'ProvisionedThroughput']);

function checkKnownFields(definition: CreateTableCommandInput, known: ReadonlySet<string>, target: string): void {
  const unknown = Object.keys(definition).filter((key) => !known.has(key) && definition[key as keyof CreateTableCommandInput] !== undefined);
  if (unknown.length > 0) throw new CliError(`the table definition has ${unknown.join(', ')}, which the ${target} output does not map yet`);
}

/** A CloudFormation template with the table (retained on stack deletion), TTL enabled, name and ARN as outputs. */
export function cloudFormationTemplate(definition: CreateTableCommandInput, ttlAttribute: string): Record<string, unknown> {
  checkKnownFields(definition, CFN_PASS_THROUGH, 'CloudFormation');
  const properties: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(definition)) if (value !== undefined) properties[key] = value;
  properties.TimeToLiveSpecification = { AttributeName: ttlAttribute, Enabled: true };
  return {
    AWSTemplateFormatVersion: '2010-09-09',
    Description: 'DynamoDB table of task-management-data-access (generated from its tableDefinition)',
    Resources: {
      [TABLE_LOGICAL_ID]: {
        Type: 'AWS::DynamoDB::Table',
        DeletionPolicy: 'Retain',
        UpdateReplacePolicy: 'Retain',
        Properties: properties,
      },
    },
    Outputs: {
      TableName: { Value: { Ref: TABLE_LOGICAL_ID } },
      TableArn: { Value: { 'Fn::GetAtt': [TABLE_LOGICAL_ID, 'Arn'] } },
    },
  };
}

/** Plain (unquoted) in YAML block context: no ': ', no ' #', no leading indicator, no trailing space or colon. */
const PLAIN_SCALAR = /^[A-Za-z_][A-Za-z0-9_./:(), -]*$/;
const YAML_WORDS = new Set(['true', 'false', 'yes', 'no', 'on', 'off', 'null', 'y', 'n']);

function yamlScalar(value: unknown): string {
  // Numbers, booleans and null read back as themselves; undefined is written as null.
  if (typeof value !== 'string') return JSON.stringify(value) ?? 'null';
  if (PLAIN_SCALAR.test(value) && !YAML_WORDS.has(value.toLowerCase()) && !/: |:$| $/.test(value)) return value;
  return `'${value.replace(/'/g, "''")}'`;
}

function isContainer(value: unknown): value is Record<string, unknown> | unknown[] {
  return typeof value === 'object' && value !== null;
}

function isEmpty(value: Record<string, unknown> | unknown[]): boolean {
  return Array.isArray(value) ? value.length === 0 : Object.keys(value).length === 0;
}

function yamlLines(value: Record<string, unknown> | unknown[], indent: number): string[] {
  const pad = ' '.repeat(indent);
  const lines: string[] = [];
  if (Array.isArray(value)) {
    for (const item of value) {
      if (!isContainer(item) || isEmpty(item)) {
        lines.push(`${pad}- ${isContainer(item) ? (Array.isArray(item) ? '[]' : '{}') : yamlScalar(item)}`);
        continue;
      }
      const [first, ...rest] = yamlLines(item, indent + 2);
      lines.push(`${pad}- ${(first as string).trimStart()}`, ...rest);
    }
    return lines;
  }
  for (const [key, item] of Object.entries(value)) {
    if (!isContainer(item)) lines.push(`${pad}${yamlScalar(key)}: ${yamlScalar(item)}`);
    else if (isEmpty(item)) lines.push(`${pad}${yamlScalar(key)}: ${Array.isArray(item) ? '[]' : '{}'}`);
    else lines.push(`${pad}${yamlScalar(key)}:`, ...yamlLines(item, indent + 2));
  }
  return lines;
}

/** YAML for JSON-like data (plain objects, arrays, strings, numbers, booleans). */
export function toYaml(value: Record<string, unknown>): string {
  return `${yamlLines(value, 0).join('\n')}\n`;
}

const CDK_ATTRIBUTE_TYPES: Readonly<Record<string, string>> = { S: 'STRING', N: 'NUMBER', B: 'BINARY' };
const CDK_FIELDS = new Set(['TableName', 'BillingMode', 'AttributeDefinitions', 'KeySchema', 'GlobalSecondaryIndexes']);

function cdkAttribute(name: string, definitions: readonly AttributeDefinition[]): string {
  const type = definitions.find((d) => d.AttributeName === name)?.AttributeType;
  const cdkType = type === undefined ? undefined : CDK_ATTRIBUTE_TYPES[type];
  if (cdkType === undefined) throw new CliError(`the table definition declares no type for key attribute '${name}'`);
  return `{ name: '${name}', type: dynamodb.AttributeType.${cdkType} }`;
}

function cdkKeys(keys: readonly KeySchemaElement[] | undefined, definitions: readonly AttributeDefinition[], indent: string): string[] {
  const hash = keys?.find((k) => k.KeyType === 'HASH')?.AttributeName;
  const range = keys?.find((k) => k.KeyType === 'RANGE')?.AttributeName;
  if (hash === undefined) throw new CliError('the table definition has a key schema without a HASH key');
  const lines = [`${indent}partitionKey: ${cdkAttribute(hash, definitions)},`];
  if (range !== undefined) lines.push(`${indent}sortKey: ${cdkAttribute(range, definitions)},`);
  return lines;
}

function cdkProjection(index: GlobalSecondaryIndex, indent: string): string[] {
  const projection = index.Projection ?? { ProjectionType: 'ALL' };
  const lines = [`${indent}projectionType: dynamodb.ProjectionType.${projection.ProjectionType ?? 'ALL'},`];
  if (projection.NonKeyAttributes !== undefined) lines.push(`${indent}nonKeyAttributes: ${JSON.stringify(projection.NonKeyAttributes).replace(/"/g, "'")},`);
  return lines;
}

/** TypeScript for aws-cdk-lib: a function that adds the table (retained on stack deletion) to a scope. */
export function cdkSnippet(definition: CreateTableCommandInput, ttlAttribute: string): string {
  checkKnownFields(definition, CDK_FIELDS, 'CDK');
  if (definition.BillingMode !== 'PAY_PER_REQUEST') throw new CliError(`the CDK output supports on-demand billing only (the definition has ${String(definition.BillingMode)})`);
  const definitions = definition.AttributeDefinitions ?? [];
  const lines = [
    `// Generated from tableDefinition('${definition.TableName ?? ''}') by \`task-management-data-access table definition --format cdk\`.`,
    "import { RemovalPolicy } from 'aws-cdk-lib';",
    "import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';",
    "import type { Construct } from 'constructs';",
    '',
    'export function taskManagementTable(scope: Construct): dynamodb.Table {',
    `  const table = new dynamodb.Table(scope, '${TABLE_LOGICAL_ID}', {`,
    `    tableName: '${definition.TableName ?? ''}',`,
    ...cdkKeys(definition.KeySchema, definitions, '    '),
    '    billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,',
    `    timeToLiveAttribute: '${ttlAttribute}',`,
    '    removalPolicy: RemovalPolicy.RETAIN,',
    '  });',
  ];
  for (const index of definition.GlobalSecondaryIndexes ?? []) {
    lines.push(
      '  table.addGlobalSecondaryIndex({',
      `    indexName: '${index.IndexName ?? ''}',`,
      ...cdkKeys(index.KeySchema, definitions, '    '),
      ...cdkProjection(index, '    '),
      '  });',
    );
  }
  lines.push('  return table;', '}');
  return `${lines.join('\n')}\n`;
}
