/** `local`: DynamoDB Local with the table, until Ctrl-C. */
import { createTable } from '../../index.js';
import { PROGRAM } from '../help.js';
import { createClient, LOCAL_CREDENTIALS, LOCAL_REGION } from '../client.js';
import { startDynamoLocal } from '../dynamo-local.js';
import type { RunningDynamoLocal } from '../dynamo-local.js';
import { CliError } from '../errors.js';
import type { CliIo } from '../io.js';
import { withSpinner } from '../progress.js';

function instructions(local: RunningDynamoLocal, tableName: string): string {
  return `DynamoDB Local is running (pid ${local.pid}, in memory) with table ${tableName}.
  endpoint: ${local.endpoint}

Use it from code:
  createDataAccess({ tableName: '${tableName}', endpoint: '${local.endpoint}', region: '${LOCAL_REGION}' })
  with any credentials, e.g. AWS_ACCESS_KEY_ID=${LOCAL_CREDENTIALS.accessKeyId} AWS_SECRET_ACCESS_KEY=${LOCAL_CREDENTIALS.secretAccessKey}
or from the CLI:
  ${PROGRAM} inspect connection <id> --endpoint ${local.endpoint} --table ${tableName}

Press Ctrl-C to stop (the data is not kept).
`;
}

/** Exit code of the command that was interrupted before it was ready (128 + SIGINT). */
export const EXIT_INTERRUPTED = 130;

/** Runs until stopped; 0 after a stop once ready, 130 when stopped while starting. */
export async function runLocal(options: { tableName: string; port: number }, io: CliIo): Promise<number> {
  const stop = io.listenForStop();
  let local: RunningDynamoLocal | undefined;
  try {
    const portText = options.port === 0 ? 'a free port' : `port ${options.port}`;
    local = await withSpinner(
      io.stderr,
      `Starting DynamoDB Local on ${portText}`,
      () => startDynamoLocal({ port: options.port, signal: stop.signal, ...(io.loadDynamoLocal ? { load: io.loadDynamoLocal } : {}) }),
      (started) => `DynamoDB Local answers on ${started.endpoint}`,
    );
    const running = local;
    const client = createClient({ endpoint: running.endpoint }, {});
    try {
      await withSpinner(io.stderr, `Creating table ${options.tableName}`, () => createTable(client, options.tableName, { ifNotExists: true }), () => `table ${options.tableName} is ACTIVE`);
    } finally {
      client.destroy();
    }
    io.stdout.write(instructions(running, options.tableName));
    const stopped = new Promise<'stopped'>((resolve) => stop.signal.addEventListener('abort', () => resolve('stopped'), { once: true }));
    const outcome = stop.signal.aborted ? 'stopped' : await Promise.race([stopped, running.exited.then(() => 'exited' as const)]);
    if (outcome === 'exited') throw new CliError('DynamoDB Local exited unexpectedly');
    io.stderr.write(`Received ${String(stop.signal.reason)}: stopping DynamoDB Local (pid ${running.pid})…\n`);
  } catch (error) {
    if (!stop.signal.aborted) throw error;
    io.stderr.write(`Received ${String(stop.signal.reason)} while starting: stopping.\n`);
    return EXIT_INTERRUPTED;
  } finally {
    stop.dispose();
    await local?.stop();
  }
  io.stderr.write('DynamoDB Local stopped.\n');
  return 0;
}
