// Prints the table definition derived from the entity schemas, in the format the README and
// infrastructure code need:
//   node --import tsx scripts/print-table-definition.ts [json|cfn|cfn-json|cdk] [table-name]
// The same output as `task-management-data-access table definition --format <f> --table <name>`;
// the README's CloudFormation and CDK snippets are this script's output (a test keeps them equal).
import process from 'node:process';
import { DEFAULT_TABLE, DEFINITION_FORMATS } from '../src/cli/args.js';
import type { DefinitionFormat } from '../src/cli/args.js';
import { renderDefinition } from '../src/cli/commands/table.js';

const [format = 'json', tableName = DEFAULT_TABLE] = process.argv.slice(2);
if (!(DEFINITION_FORMATS as readonly string[]).includes(format)) {
  process.stderr.write(`usage: print-table-definition.ts [${DEFINITION_FORMATS.join('|')}] [table-name]\n`);
  process.exitCode = 2;
} else {
  process.stdout.write(renderDefinition(tableName, format as DefinitionFormat));
}
