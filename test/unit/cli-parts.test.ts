// The CLI's pieces without DynamoDB: command-line parsing, client settings, progress output,
// text tables and the CloudFormation / CDK renderings of the table definition.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { CreateTableCommandInput, GlobalSecondaryIndex } from '@aws-sdk/client-dynamodb';
import { expect } from 'chai';
import sinon from 'sinon';
import { parseCommandLine } from '../../src/cli/args.js';
import type { Command } from '../../src/cli/args.js';
import { clientConfigOf, createClient, isLoopbackEndpoint } from '../../src/cli/client.js';
import { indexesOf, renderDefinition } from '../../src/cli/commands/table.js';
import { tableCreate } from '../../src/cli/commands/table-create.js';
import { CliError, UsageError } from '../../src/cli/errors.js';
import { formatSeconds, ProgressBar, renderBar, Spinner, withSpinner } from '../../src/cli/progress.js';
import { cdkSnippet, cloudFormationTemplate, toYaml } from '../../src/cli/table-formats.js';
import { cell, renderFields, renderTable } from '../../src/cli/text-table.js';
import { tableDefinition } from '../../src/index.js';

const ID = '0b6c1f7e-3d2a-4c39-9d51-6f1b2a7c9e10';

function usageErrorOf(argv: string[], env: Record<string, string> = {}): string {
  try {
    parseCommandLine(argv, env);
  } catch (error) {
    expect(error).to.be.instanceOf(UsageError);
    return (error as Error).message;
  }
  throw new Error(`expected a usage error for ${argv.join(' ')}`);
}

/** A stream that records what was written. */
function recorder(isTTY = false): { text: string; isTTY: boolean; write(chunk: string): boolean } {
  return {
    text: '',
    isTTY,
    write(chunk: string) {
      this.text += chunk;
      return true;
    },
  };
}

describe('cli: parseCommandLine', function () {
  const parse = (argv: string[], env: Record<string, string> = {}): Command => parseCommandLine(argv, env);

  it('reads help and version, before anything else', function () {
    expect(parse(['--help'])).to.deep.equal({ kind: 'help' });
    expect(parse(['-h', 'help'])).to.deep.equal({ kind: 'help' });
    expect(parse(['help'])).to.deep.equal({ kind: 'help' });
    expect(parse(['help', 'table'])).to.deep.equal({ kind: 'help', topic: 'table' });
    expect(parse(['table', 'create', '--help'])).to.deep.equal({ kind: 'help', topic: 'table' });
    expect(parse(['inspect', '-h'])).to.deep.equal({ kind: 'help', topic: 'inspect' });
    expect(parse(['-V'])).to.deep.equal({ kind: 'version' });
    expect(parse(['local', '--version'])).to.deep.equal({ kind: 'version' });
  });

  it('refuses help for unknown topics, even inherited object keys', function () {
    expect(usageErrorOf(['help', 'toString'])).to.match(/no help for 'toString'/);
    expect(usageErrorOf(['bogus', '--help'])).to.match(/no help for 'bogus': commands are table, local, inspect/);
    expect(usageErrorOf(['help', '--table', 'abc'])).to.equal("--table is not an option of 'help'");
    expect(usageErrorOf(['help', 'table', 'more'])).to.match(/^no help for 'table more': commands are table create, table sync, /);
    expect(usageErrorOf(['help', 'table', 'sync', 'more'])).to.equal("unexpected argument 'more' after 'help table sync'");
  });

  it('turns parseArgs errors, missing and unknown commands into usage errors', function () {
    expect(usageErrorOf([])).to.equal('a command is required');
    expect(usageErrorOf(['frobnicate'])).to.equal("unknown command 'frobnicate'");
    expect(usageErrorOf(['table', 'create', '--nope'])).to.match(/Unknown option '--nope'/);
    expect(usageErrorOf(['table', 'create', '--table'])).to.match(/--table/);
  });

  it('parses table create with its target, from options or the environment', function () {
    expect(parse(['table', 'create', '--table', 'tm-prod', '--region', 'eu-west-1'])).to.deep.equal({ kind: 'table-create', target: { tableName: 'tm-prod', region: 'eu-west-1' } });
    expect(parse(['table', 'create'], { TASK_MANAGEMENT_TABLE: 'from-env', AWS_ENDPOINT_URL_DYNAMODB: 'http://localhost:8000' })).to.deep.equal({
      kind: 'table-create',
      target: { tableName: 'from-env', endpoint: 'http://localhost:8000' },
    });
    expect(parse(['table', 'create', '--table', 'abc'], { AWS_ENDPOINT_URL: 'https://dynamodb.example.com' })).to.deep.equal({
      kind: 'table-create',
      target: { tableName: 'abc', endpoint: 'https://dynamodb.example.com' },
    });
    expect(parse(['table', 'create', '--table', 'abc', '--endpoint', 'http://127.0.0.1:9'], { AWS_ENDPOINT_URL: 'https://ignored.example.com' })).to.deep.equal({
      kind: 'table-create',
      target: { tableName: 'abc', endpoint: 'http://127.0.0.1:9' },
    });
  });

  it('checks table names, endpoints and regions', function () {
    expect(usageErrorOf(['table', 'create'])).to.equal('--table is required (or set TASK_MANAGEMENT_TABLE)');
    expect(usageErrorOf(['table', 'create', '--table', 'ab'])).to.match(/table name 'ab' is not valid/);
    expect(usageErrorOf(['table', 'create', '--table', 'a b c'])).to.match(/is not valid/);
    expect(usageErrorOf(['table', 'create', '--table', 'abc', '--endpoint', 'not a url'])).to.match(/is not a URL/);
    expect(usageErrorOf(['table', 'create', '--table', 'abc', '--endpoint', 'ftp://host'])).to.match(/must be an http:\/\/ or https:\/\/ URL/);
    expect(usageErrorOf(['table', 'create', '--table', 'abc', '--region', 'EU WEST'])).to.equal("region 'EU WEST' is not valid");
    expect(usageErrorOf(['table', 'create', '--table', 'abc', '--format', 'cfn'])).to.equal("--format is not an option of 'table create'");
    expect(usageErrorOf(['table', 'create', 'extra', '--table', 'abc'])).to.equal("unexpected argument 'extra' after 'table create'");
  });

  it('parses table definition with a default table name and format', function () {
    expect(parse(['table', 'definition'])).to.deep.equal({ kind: 'table-definition', tableName: 'task-management', format: 'json' });
    expect(parse(['table', 'definition', '--format', 'cdk', '--table', 'x-y.z'])).to.deep.equal({ kind: 'table-definition', tableName: 'x-y.z', format: 'cdk' });
    expect(usageErrorOf(['table', 'definition', '--format', 'yaml'])).to.equal("--format must be one of json, cfn, cfn-json, cdk (got 'yaml')");
    expect(usageErrorOf(['table', 'definition', '--endpoint', 'http://localhost:1'])).to.equal("--endpoint is not an option of 'table definition'");
    expect(usageErrorOf(['table', 'definition', 'x'])).to.match(/unexpected argument 'x'/);
    expect(usageErrorOf(['table'])).to.equal("'table' needs a subcommand: create, sync or definition");
    expect(usageErrorOf(['table', 'drop'])).to.equal("unknown subcommand 'table drop' (expected create, sync or definition)");
  });

  it('parses local with its port', function () {
    expect(parse(['local'])).to.deep.equal({ kind: 'local', tableName: 'task-management', port: 8000 });
    expect(parse(['local', '--port', '0', '--table', 'dev-tm'])).to.deep.equal({ kind: 'local', tableName: 'dev-tm', port: 0 });
    expect(parse(['local'], { TASK_MANAGEMENT_TABLE: 'env-tm' })).to.deep.equal({ kind: 'local', tableName: 'env-tm', port: 8000 });
    expect(usageErrorOf(['local', '--port', 'abc'])).to.equal("--port must be an integer from 0 to 65535 (got 'abc')");
    expect(usageErrorOf(['local', '--port', '65536'])).to.match(/--port must be/);
    expect(usageErrorOf(['local', '--port', '-1'])).to.match(/--port/);
    expect(usageErrorOf(['local', '--endpoint', 'http://localhost:1'])).to.equal("--endpoint is not an option of 'local'");
    expect(usageErrorOf(['local', 'now'])).to.equal("unexpected argument 'now' after 'local'");
  });

  it('parses inspect connection with its id and format', function () {
    expect(parse(['inspect', 'connection', ID, '--table', 'tm1'])).to.deep.equal({ kind: 'inspect-connection', target: { tableName: 'tm1' }, id: ID, format: 'text' });
    expect(parse(['inspect', 'connection', ID.toUpperCase(), '--table', 'tm1', '--format', 'json'])).to.include({ format: 'json', id: ID.toUpperCase() });
    expect(usageErrorOf(['inspect'])).to.equal("'inspect' needs what to inspect: inspect connection <id>");
    expect(usageErrorOf(['inspect', 'ticket', ID])).to.equal("unknown subcommand 'inspect ticket' (expected connection)");
    expect(usageErrorOf(['inspect', 'connection', '--table', 'tm1'])).to.equal("'inspect connection' needs the connection id");
    expect(usageErrorOf(['inspect', 'connection', 'abc', '--table', 'tm1'])).to.equal("connection id 'abc' is not a UUID");
    expect(usageErrorOf(['inspect', 'connection', ID, ID, '--table', 'tm1'])).to.match(/unexpected argument/);
    expect(usageErrorOf(['inspect', 'connection', ID, '--table', 'tm1', '--format', 'cfn'])).to.match(/--format must be one of text, json/);
    expect(usageErrorOf(['inspect', 'connection', ID, '--table', 'tm1', '--port', '1'])).to.equal("--port is not an option of 'inspect connection'");
  });
});

describe('cli: DynamoDB client settings', function () {
  it('recognises loopback endpoints', function () {
    expect(isLoopbackEndpoint('http://localhost:8000')).to.equal(true);
    expect(isLoopbackEndpoint('http://127.0.0.1:8000')).to.equal(true);
    expect(isLoopbackEndpoint('http://[::1]:8000')).to.equal(true);
    expect(isLoopbackEndpoint('https://dynamodb.eu-west-1.amazonaws.com')).to.equal(false);
  });

  it('leaves AWS to the SDK and gives DynamoDB Local dummy credentials and a region', function () {
    expect(clientConfigOf({}, {})).to.deep.equal({});
    expect(clientConfigOf({ region: 'eu-west-1' }, {})).to.deep.equal({ region: 'eu-west-1' });
    expect(clientConfigOf({ endpoint: 'https://ddb.example.com' }, {})).to.deep.equal({ endpoint: 'https://ddb.example.com' });
    expect(clientConfigOf({ endpoint: 'http://localhost:8000' }, {})).to.deep.equal({
      endpoint: 'http://localhost:8000',
      region: 'local',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    expect(clientConfigOf({ endpoint: 'http://localhost:8000' }, { AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'AKIA' })).to.deep.equal({ endpoint: 'http://localhost:8000', region: 'us-east-1' });
    expect(clientConfigOf({ endpoint: 'http://localhost:8000', region: 'x' }, { AWS_DEFAULT_REGION: 'y', AWS_PROFILE: 'dev' })).to.deep.equal({ endpoint: 'http://localhost:8000', region: 'x' });
    expect(clientConfigOf({ endpoint: 'http://localhost:8000' }, { AWS_DEFAULT_REGION: 'ap-south-1' })).to.include({ region: 'ap-south-1' });
  });

  it('takes an empty or blank AWS_PROFILE / AWS_ACCESS_KEY_ID for unset: DynamoDB Local still gets the dummy credentials', function () {
    const local = { endpoint: 'http://127.0.0.1:8000', region: 'local', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } };
    for (const blank of ['', ' ', '\t', ' \n ']) {
      expect(clientConfigOf({ endpoint: 'http://127.0.0.1:8000' }, { AWS_PROFILE: blank }), `AWS_PROFILE=${JSON.stringify(blank)}`).to.deep.equal(local);
      expect(clientConfigOf({ endpoint: 'http://127.0.0.1:8000' }, { AWS_ACCESS_KEY_ID: blank }), `AWS_ACCESS_KEY_ID=${JSON.stringify(blank)}`).to.deep.equal(local);
      expect(clientConfigOf({ endpoint: 'http://127.0.0.1:8000' }, { AWS_PROFILE: blank, AWS_ACCESS_KEY_ID: blank })).to.deep.equal(local);
    }
    // One real setting is enough for the SDK's own credential chain to be used.
    expect(clientConfigOf({ endpoint: 'http://127.0.0.1:8000' }, { AWS_PROFILE: '', AWS_ACCESS_KEY_ID: 'AKIA' })).to.not.have.property('credentials');
    expect(clientConfigOf({ endpoint: 'http://127.0.0.1:8000' }, { AWS_PROFILE: 'dev', AWS_ACCESS_KEY_ID: ' ' })).to.not.have.property('credentials');
    // Away from a loopback endpoint nothing is filled in, blank or not.
    expect(clientConfigOf({ endpoint: 'https://ddb.example.com' }, { AWS_PROFILE: '' })).to.deep.equal({ endpoint: 'https://ddb.example.com' });
  });

  it('takes an empty or blank AWS_REGION / AWS_DEFAULT_REGION for unset on a loopback endpoint (the SDK refuses an empty region)', function () {
    expect(clientConfigOf({ endpoint: 'http://localhost:8000' }, { AWS_REGION: '' })).to.include({ region: 'local' });
    expect(clientConfigOf({ endpoint: 'http://localhost:8000' }, { AWS_REGION: ' ', AWS_DEFAULT_REGION: '' })).to.include({ region: 'local' });
    expect(clientConfigOf({ endpoint: 'http://localhost:8000' }, { AWS_REGION: '', AWS_DEFAULT_REGION: 'ap-south-1' })).to.include({ region: 'ap-south-1' });
  });

  it('a client built with blank AWS settings in the environment resolves the dummy credentials and region', async function () {
    const client = createClient({ endpoint: 'http://127.0.0.1:1' }, { AWS_PROFILE: '', AWS_ACCESS_KEY_ID: ' ', AWS_REGION: '' });
    try {
      expect(await client.config.region()).to.equal('local');
      expect(await client.config.credentials()).to.include({ accessKeyId: 'local', secretAccessKey: 'local' });
    } finally {
      client.destroy();
    }
  });

  it('builds a DynamoDBClient (a fresh credentials object each time: the SDK writes into it)', async function () {
    const client = createClient({ endpoint: 'http://127.0.0.1:1' }, {});
    try {
      expect(client).to.be.instanceOf(DynamoDBClient);
      expect(await client.config.region()).to.equal('local');
      const credentials = clientConfigOf({ endpoint: 'http://127.0.0.1:1' }, {}).credentials;
      expect(Object.isFrozen(credentials)).to.equal(false);
    } finally {
      client.destroy();
    }
  });
});

describe('cli: progress output', function () {
  let clock: sinon.SinonFakeTimers | undefined;
  afterEach(function () {
    clock?.restore();
    clock = undefined;
  });

  it('formats seconds and bars', function () {
    expect(formatSeconds(1234)).to.equal('1.2 s');
    expect(renderBar(0, 10, 10)).to.equal('[░░░░░░░░░░]   0%');
    expect(renderBar(5, 10, 10)).to.equal('[█████░░░░░]  50%');
    expect(renderBar(15, 10, 10)).to.equal('[██████████] 100%');
    expect(renderBar(-1, 10, 4)).to.equal('[░░░░]   0%');
    expect(renderBar(0, 0, 4)).to.equal('[████] 100%');
    expect(renderBar(1, 3)).to.have.length(30 + 2 + 5);
  });

  it('animates a spinner in place on a terminal and ends it with a mark and the time', function () {
    clock = sinon.useFakeTimers();
    const stream = recorder(true);
    const spinner = new Spinner(stream, 'Working');
    clock.tick(250);
    expect(stream.text.split('\r\x1b[2K').filter(Boolean)).to.deep.equal(['⠋ Working 0.0 s', '⠙ Working 0.1 s', '⠹ Working 0.2 s']);
    spinner.succeed('done');
    expect(stream.text.endsWith('\r\x1b[2K✓ done (0.3 s)\n')).to.equal(true);
    const length = stream.text.length;
    clock.tick(1000);
    expect(stream.text.length, 'no drawing after the end').to.equal(length);
    expect(spinner.elapsedMs).to.equal(1250);
  });

  it('writes plain lines elsewhere', function () {
    const stream = recorder(false);
    let now = 1000;
    const spinner = new Spinner(stream, 'Loading', () => now);
    now = 3500;
    spinner.fail('broken');
    expect(stream.text).to.equal('Loading…\n✗ broken (2.5 s)\n');
  });

  it('runs work behind a spinner and reports success or failure', async function () {
    const ok = recorder();
    expect(await withSpinner(ok, 'Adding', () => Promise.resolve(42), (n) => `got ${n}`)).to.equal(42);
    expect(ok.text).to.match(/^Adding…\n✓ got 42 \(\d\.\d s\)\n$/);
    const bad = recorder();
    const failure = new Error('nope');
    const error = await withSpinner(bad, 'Adding', () => Promise.reject(failure), () => 'never').catch((e: unknown) => e);
    expect(error).to.equal(failure);
    expect(bad.text).to.match(/✗ Adding: failed/);
  });

  it('redraws a bar on a terminal and prints each quarter elsewhere', function () {
    const tty = recorder(true);
    const bar = new ProgressBar(tty, 'Sync');
    bar.update(1, 4, 'fetching');
    bar.update(2, 4);
    bar.finish();
    expect(tty.text).to.equal(`\r\x1b[2KSync ${renderBar(1, 4)} 1/4 fetching\r\x1b[2KSync ${renderBar(2, 4)} 2/4\n`);

    const log = recorder(false);
    const plain = new ProgressBar(log, 'Sync');
    for (let done = 0; done <= 10; done += 1) plain.update(done, 10);
    plain.finish();
    expect(log.text.trim().split('\n').map((line) => line.split(' ').at(-1))).to.deep.equal(['0/10', '3/10', '5/10', '8/10', '10/10']);
    const empty = recorder(false);
    new ProgressBar(empty, 'Nothing').update(0, 0);
    expect(empty.text).to.equal(`Nothing ${renderBar(0, 0)} 0/0\n`);
  });
});

describe('cli: text tables', function () {
  it('renders cells, tables and fields', function () {
    expect([cell(undefined), cell(null), cell(''), cell(3), cell(true), cell({ a: 1 }), cell('x')]).to.deep.equal(['-', '-', '-', '3', 'true', '{"a":1}', 'x']);
    expect(renderTable(['A', 'B'], [])).to.equal('(none)');
    expect(renderTable(['ID', 'NAME'], [['1', 'alpha'], ['22', null]])).to.equal(['ID  NAME', '──  ─────', '1   alpha', '22  -'].join('\n'));
    expect(renderFields([['id', 1], ['status', 'active']])).to.equal('id      1\nstatus  active');
    expect(renderFields([])).to.equal('');
  });
});

describe('cli: table definition renderings', function () {
  const definition = tableDefinition('task-management');

  it('renders the library definition as JSON, CloudFormation YAML/JSON and CDK', function () {
    expect(JSON.parse(renderDefinition('tm-x', 'json'))).to.deep.equal(tableDefinition('tm-x'));
    const template = JSON.parse(renderDefinition('tm-x', 'cfn-json')) as { Resources: { TaskManagementTable: { Properties: Record<string, unknown> } } };
    expect(template.Resources.TaskManagementTable.Properties).to.deep.equal({ ...tableDefinition('tm-x'), TimeToLiveSpecification: { AttributeName: 'ttl', Enabled: true } });
    const yaml = renderDefinition('tm-x', 'cfn');
    expect(yaml).to.match(/^AWSTemplateFormatVersion: '2010-09-09'\n/);
    expect(yaml).to.include('    Type: AWS::DynamoDB::Table\n    DeletionPolicy: Retain\n');
    expect(yaml).to.include('      TableName: tm-x\n');
    expect(yaml).to.include('      TimeToLiveSpecification:\n        AttributeName: ttl\n        Enabled: true\n');
    expect(yaml).to.include('      Fn::GetAtt:\n        - TaskManagementTable\n        - Arn\n');
    const cdk = renderDefinition('tm-x', 'cdk');
    expect(cdk).to.include("tableName: 'tm-x',");
    expect(cdk).to.include("timeToLiveAttribute: 'ttl',");
    expect(cdk.match(/addGlobalSecondaryIndex/g)).to.have.length(definition.GlobalSecondaryIndexes?.length ?? 0);
  });

  it('writes YAML scalars plainly only where YAML reads them back as the same string', function () {
    const yaml = toYaml({
      plain: 'gsi1pk',
      spaced: 'A table (of items), here',
      version: '2010-09-09',
      word: 'Yes',
      colon: 'a: b',
      trailing: 'end:',
      blank: 'x ',
      quote: "it's",
      hash: 'a #b',
      number: 3,
      flag: false,
      nothing: null,
      missing: undefined,
      list: ['one', 2, [], {}, ['nested'], { key: 'value', other: 'x' }],
      emptyList: [],
      emptyMap: {},
      'needs quoting: key': 1,
    });
    expect(yaml).to.equal(
      [
        'plain: gsi1pk',
        'spaced: A table (of items), here',
        "version: '2010-09-09'",
        "word: 'Yes'",
        "colon: 'a: b'",
        "trailing: 'end:'",
        "blank: 'x '",
        "quote: 'it''s'",
        "hash: 'a #b'",
        'number: 3',
        'flag: false',
        'nothing: null',
        'missing: null',
        'list:',
        '  - one',
        '  - 2',
        '  - []',
        '  - {}',
        '  - - nested',
        '  - key: value',
        '    other: x',
        'emptyList: []',
        'emptyMap: {}',
        "'needs quoting: key': 1",
        '',
      ].join('\n'),
    );
  });

  it('refuses definition fields it does not map, instead of dropping them', function () {
    const withStream = { ...definition, StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_IMAGE' } } as CreateTableCommandInput;
    expect(() => cloudFormationTemplate(withStream, 'ttl')).to.throw(CliError, /StreamSpecification, which the CloudFormation output does not map yet/);
    expect(() => cdkSnippet(withStream, 'ttl')).to.throw(CliError, /StreamSpecification, which the CDK output does not map yet/);
    expect(cloudFormationTemplate({ ...definition, StreamSpecification: undefined }, 'ttl')).to.have.property('Resources');
  });

  it('renders CDK for other key shapes and projections, and refuses what it cannot express', function () {
    const minimal: CreateTableCommandInput = {
      TableName: 'one-key',
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [
        { AttributeName: 'id', AttributeType: 'N' },
        { AttributeName: 'g', AttributeType: 'B' },
      ],
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
      GlobalSecondaryIndexes: [
        { IndexName: 'byG', KeySchema: [{ AttributeName: 'g', KeyType: 'HASH' }], Projection: { ProjectionType: 'INCLUDE', NonKeyAttributes: ['a', 'b'] } },
        { IndexName: 'byG2', KeySchema: [{ AttributeName: 'g', KeyType: 'HASH' }], Projection: {} },
        { IndexName: 'byG3', KeySchema: [{ AttributeName: 'g', KeyType: 'HASH' }] } as GlobalSecondaryIndex, // a definition from JSON may omit it
        { KeySchema: [{ AttributeName: 'g', KeyType: 'HASH' }], Projection: { ProjectionType: 'KEYS_ONLY' } } as GlobalSecondaryIndex,
      ],
    };
    const cdk = cdkSnippet(minimal, 'expiresAt');
    expect(cdk).to.include("partitionKey: { name: 'id', type: dynamodb.AttributeType.NUMBER },");
    expect(cdk).to.not.include('sortKey');
    expect(cdk).to.include("partitionKey: { name: 'g', type: dynamodb.AttributeType.BINARY },");
    expect(cdk).to.include("projectionType: dynamodb.ProjectionType.INCLUDE,\n    nonKeyAttributes: ['a','b'],");
    expect(cdk.match(/ProjectionType\.ALL/g)).to.have.length(2);
    expect(cdk).to.include("indexName: '',\n    partitionKey: { name: 'g', type: dynamodb.AttributeType.BINARY },\n    projectionType: dynamodb.ProjectionType.KEYS_ONLY,");
    expect(cdkSnippet({ ...minimal, GlobalSecondaryIndexes: undefined, TableName: undefined }, 'ttl')).to.include("tableName: '',");
    expect(() => cdkSnippet({ ...minimal, BillingMode: 'PROVISIONED' }, 'ttl')).to.throw(CliError, /on-demand billing only \(the definition has PROVISIONED\)/);
    expect(() => cdkSnippet({ ...minimal, KeySchema: [] }, 'ttl')).to.throw(CliError, /without a HASH key/);
    expect(() => cdkSnippet({ ...minimal, KeySchema: undefined }, 'ttl')).to.throw(CliError, /without a HASH key/);
    expect(() => cdkSnippet({ ...minimal, AttributeDefinitions: undefined }, 'ttl')).to.throw(CliError, /no type for key attribute 'id'/);
    expect(() => cdkSnippet({ ...minimal, AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'X' as 'S' }] }, 'ttl')).to.throw(CliError, /no type for key attribute 'id'/);
    expect(cloudFormationTemplate({ ...minimal, TableName: undefined }, 'ttl')).to.have.nested.property('Resources.TaskManagementTable.Properties.BillingMode', 'PAY_PER_REQUEST');
  });

  it('lists the GSIs of a definition', function () {
    expect(indexesOf({ TableName: 'x', KeySchema: [], AttributeDefinitions: [] })).to.deep.equal([]);
    expect(indexesOf(definition)).to.have.length((definition.GlobalSecondaryIndexes ?? []).length);
  });
});

describe('cli: table create without an endpoint', function () {
  it('names AWS as the place, and passes the client\'s failure on', async function () {
    const failure = new Error('no AWS in unit tests');
    const client = { send: () => Promise.reject(failure) } as unknown as DynamoDBClient;
    const stderr = recorder();
    const io = { stdout: recorder(), stderr, env: {}, listenForStop: () => ({ signal: new AbortController().signal, dispose: () => undefined }) };
    const described = await tableCreate({ tableName: 'abc' }, client, io).catch((e: unknown) => e);
    expect(described).to.include({ code: 'DATASTORE', cause: failure });
    expect((described as Error).message).to.match(/^DescribeTable failed/);
    const missing = Object.assign(new Error('Requested resource not found'), { name: 'ResourceNotFoundException' });
    let calls = 0;
    const creating = {
      send: () => {
        calls += 1;
        return Promise.reject(calls === 1 ? missing : failure);
      },
    } as unknown as DynamoDBClient;
    expect(await tableCreate({ tableName: 'abc' }, creating, io).catch((e: unknown) => e)).to.have.property('code', 'DATASTORE');
    // The first call failed at its first read, the second one when creating.
    expect(stderr.text).to.match(/^Reading table abc on AWS…\nReading table abc on AWS…\nCreating table abc on AWS…\n✗ Creating table abc on AWS: failed/);
  });
});
