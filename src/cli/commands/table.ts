/** `table definition` (JSON, CloudFormation, CDK), and the GSIs of a definition. */
import type { CreateTableCommandInput, GlobalSecondaryIndex } from '@aws-sdk/client-dynamodb';
import { tableDefinition, ttlAttributeName } from '../../index.js';
import type { DefinitionFormat } from '../args.js';
import { cdkSnippet, cloudFormationTemplate, toYaml } from '../table-formats.js';

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
