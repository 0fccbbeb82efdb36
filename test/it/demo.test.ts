// `npm run demo` as a child process: the command of package.json's "demo" script, run directly
// (not through npm, so a signal reaches the demo itself). Checks the exit code, the key lines
// of the story, and that its DynamoDB Local is gone afterwards — also after Ctrl-C (SIGINT).
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import process from 'node:process';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** The "demo" script of package.json, as argv. */
function demoCommand(): string[] {
  const pkg = JSON.parse(readFileSync(new URL('package.json', `file://${ROOT}`), 'utf8')) as { scripts: Record<string, string> };
  const script = pkg.scripts.demo;
  expect(script, 'package.json has a "demo" script').to.be.a('string');
  const argv = (script as string).split(/\s+/);
  expect(argv[0], 'the demo script runs node directly').to.equal('node');
  return argv.slice(1);
}

interface DemoRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

function runDemo(args: string[], onOutput?: (stdout: string, kill: (signal: NodeJS.Signals) => void) => void): Promise<DemoRun> {
  // The demo runs under tsx, whose source maps do not fit c8's line mapping: keep it out of
  // coverage. Node copies NODE_V8_COVERAGE into a child's environment unless that environment
  // has the variable itself; empty, it turns coverage off.
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', NODE_V8_COVERAGE: '' };
  const child = spawn(process.execPath, [...demoCommand(), ...args], { cwd: ROOT, env, stdio: 'pipe' });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    onOutput?.(stdout, (signal) => child.kill(signal));
  });
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function localPidOf(stdout: string): number {
  const match = /DynamoDB Local ready on http:\/\/127\.0\.0\.1:\d+ \(pid (\d+)\)/.exec(stdout);
  expect(match, stdout).to.not.equal(null);
  return Number(match?.[1]);
}

describe('npm run demo', function () {
  this.timeout(180_000);

  it('tells the whole story, exits 0 and stops its DynamoDB Local', async function () {
    const run = await runDemo(['--pace', '0']);
    const out = run.stdout;
    expect(run.code, `${out}\n${run.stderr}`).to.equal(0);
    const pid = localPidOf(out);

    expect(out).to.match(/✓ table demo-task-management: pk\/sk, GSIs gsi1, gsi2, gsi3, gsi4, TTL on 'ttl'/);
    expect(out).to.match(/✓ nonce issued: \S+… \(43 base64url chars = 256 random bits\)/);
    expect(out).to.include('✓ nonce consumed by the callback: provider jira_cloud');
    expect(out).to.include('✓ consumed again → null');
    expect(out).to.match(/✓ connection [0-9a-f-]{36} "Acme Jira" \(jira_cloud\), status active/);
    expect(out).to.match(/✓ ticket ASO-42 \([0-9a-f-]{36}\) with 3 suggestion links:/);

    const suggestions = [...out.matchAll(/suggestion ([0-9a-f-]{36}) → ASO-42/g)].map((m) => m[1]);
    expect(suggestions).to.have.length(3);
    expect(out).to.include(`✗ refused: ConflictError, constraint 'suggestion', conflictingValues [${suggestions[1]}]`);
    expect(out).to.include('the connection still has 1 ticket (ASO-42)');

    expect(out).to.include("5. A client retries 'create a ticket': its Idempotency-Key answers");
    expect(out).to.include('✓ POST /tickets → 201: ticket ASO-45');
    expect(out).to.include('retried with the same key → 201, Idempotent-Replayed: true; Jira was called once');
    expect(out).to.include("✗ the same key with another body → 422 (ConflictError 'idempotency-request')");

    expect(out).to.match(/\[█{30}\] 100% 40\/40 updating/);
    expect(out).to.include('✓ sync completed: created 0, updated 37, skipped 3, failed 0');
    expect(out).to.include("ticket ASO-42 status synced: 'In Progress'");
    expect(out).to.include('✓ connection status: requires_reauth');
    expect(out).to.include("✗ a new ticket is refused: ConflictError, constraint 'active-connection'");
    expect(out).to.include("worker A wakes up: its heartbeat is refused (ConcurrentModificationError)");
    expect(out).to.match(/✓ dry run: would remove 1 TaskManagementConnection, 2 Ticket, 4 TicketSuggestion, 3 SyncOperation, 1 IdempotencyKey; nothing written \((\d+) items still\)/);
    expect(out).to.include('✓ removed 1 TaskManagementConnection, 2 Ticket, 4 TicketSuggestion, 3 SyncOperation, 1 IdempotencyKey');
    expect(out).to.match(/✓ items in the table: \d+ before → 0 after; the table is empty/);
    const [, still] = /nothing written \((\d+) items still\)/.exec(out) ?? [];
    expect(out).to.include(`items in the table: ${still} before → 0 after`);
    expect(out).to.match(/Done in \d+\.\d s\./);
    expect(out).to.include(`DynamoDB Local (pid ${pid}) stopped.`);
    expect(out, 'no colours without a terminal').to.not.include('\x1b[');
    expect(isAlive(pid)).to.equal(false);
  });

  it('stops its DynamoDB Local by pid and exits 130 on Ctrl-C', async function () {
    let signalled = false;
    const run = await runDemo(['--pace', '60000'], (stdout, kill) => {
      if (!signalled && stdout.includes('1. OAuth')) {
        signalled = true;
        kill('SIGINT');
      }
    });
    expect(run.code, `${run.stdout}\n${run.stderr}`).to.equal(130);
    const pid = localPidOf(run.stdout);
    expect(run.stdout).to.include('Interrupted by SIGINT.');
    expect(run.stdout).to.include(`DynamoDB Local (pid ${pid}) stopped.`);
    expect(isAlive(pid)).to.equal(false);
  });

  it('exits 2 on a bad option, before starting anything', async function () {
    const run = await runDemo(['--pace', 'soon']);
    expect(run.code).to.equal(2);
    expect(run.stderr).to.include('--pace must be a non-negative number of milliseconds');
    expect(run.stdout).to.equal('');
  });
});
