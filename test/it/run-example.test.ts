// `npm run example -- <name>` (scripts/run-example.ts): every scenario in-process against the
// DynamoDB Local of test/it/hooks.ts, then the package.json command as a child process — its
// own DynamoDB Local started and stopped (the pid is gone afterwards), and an unknown name
// refused with the list of names and exit code 2.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import process from 'node:process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect } from 'chai';
import { EXAMPLES, runExample } from '../../scripts/run-example.js';
import { freshDataAccess } from '../support/entity-fixtures.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** The "example" script of package.json, as argv after `node`. */
function exampleCommand(): string[] {
  const pkg = JSON.parse(readFileSync(new URL('package.json', `file://${ROOT}`), 'utf8')) as { scripts: Record<string, string> };
  const argv = (pkg.scripts.example ?? '').split(/\s+/);
  expect(argv[0], 'the example script runs node directly').to.equal('node');
  return argv.slice(1);
}

const execute = promisify(execFile);

/** Runs the example script to its end; a non-zero exit comes back as `code`, not as a rejection. */
async function runScript(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  // Under tsx the child's source maps do not fit c8's line mapping: keep it out of coverage.
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', NODE_V8_COVERAGE: '' };
  try {
    return { code: 0, ...(await execute(process.execPath, [...exampleCommand(), ...args], { cwd: ROOT, env })) };
  } catch (error) {
    const { code, stdout, stderr } = error as { code: number; stdout: string; stderr: string };
    return { code, stdout, stderr };
  }
}

describe('npm run example', function () {
  this.timeout(90_000);

  describe('each scenario, in-process', function () {
    const expected: Record<string, RegExp[]> = {
      'oauth-callback': [/^beginOAuth → state of 43 characters/, /^handleOAuthCallback → created: connection [0-9a-f-]{36} \(active\)$/, /^the same state again → invalid-state$/],
      'ticket-flow': [/^createTicketForSuggestions → created: ASO-42 with 3 suggestion links$/, /^one of them again → already-ticketed: [0-9a-f-]{36}$/],
      'sync-worker': [/^runSync → completed: status completed, results \{"created":0,"updated":3,"skipped":1,"failed":0/],
      'idempotent-endpoint': [/^POST \/tickets → 201$/, /^the same request and key again → 201, replayed: true; the tracker was called 1 time\(s\)$/, /^the same key with another body → 422 \{"code":"IDEMPOTENCY_KEY_REUSED"\}$/],
      'incremental-sync': [/^worker A → stopped after one page/, /^worker B at once → already-running/, /^worker B 61 s later → completed: it took the sync over, resumed from cursor p1, 2 update\(s\) applied/, /^watermark 'issues' → 2026-11-01T12:04:00.000Z; worker A's sync → ABANDONED/],
    };

    it('covers every example there is', function () {
      expect(Object.keys(EXAMPLES).sort()).to.deep.equal(Object.keys(expected).sort());
    });

    for (const [name, patterns] of Object.entries(expected)) {
      it(`${name} runs and prints what the example returned`, async function () {
        const { da, client } = await freshDataAccess(`run-example-${name}`);
        const lines: string[] = [];
        try {
          expect(await runExample(name, da, (line) => lines.push(line))).to.equal(true);
        } finally {
          client.destroy();
        }
        expect(lines[0]).to.equal(`▸ ${EXAMPLES[name]?.about}`);
        for (const pattern of patterns) expect(lines.some((line) => pattern.test(line)), `${String(pattern)} in\n${lines.join('\n')}`).to.equal(true);
      });
    }

    it('an unknown name runs nothing', async function () {
      const { da, client } = await freshDataAccess('run-example-unknown');
      const lines: string[] = [];
      expect(await runExample('toString', da, (line) => lines.push(line))).to.equal(false);
      expect(lines).to.deep.equal([]);
      client.destroy();
    });
  });

  describe('the command', function () {
    it('`npm run example -- ticket-flow` starts DynamoDB Local, runs the example and stops it', async function () {
      const run = await runScript(['ticket-flow']);
      expect(run.code, run.stderr).to.equal(0);
      expect(run.stdout).to.include('createTicketForSuggestions → created: ASO-42 with 3 suggestion links');
      const pid = Number(/DynamoDB Local on http:\/\/127\.0\.0\.1:\d+ \(pid (\d+)\)/.exec(run.stdout)?.[1]);
      expect(pid, run.stdout).to.be.greaterThan(0);
      expect(run.stdout).to.include(`DynamoDB Local (pid ${pid}) stopped.`);
      // Signal 0 only asks whether the pid exists: it throws ESRCH once DynamoDB Local is gone.
      expect(() => process.kill(pid, 0), 'DynamoDB Local is gone').to.throw();
    });

    it('lists the examples, and refuses an unknown or missing name with exit code 2', async function () {
      const list = await runScript(['--list']);
      expect(list.code).to.equal(0);
      for (const name of Object.keys(EXAMPLES)) expect(list.stdout).to.include(name);
      for (const args of [['nope'], []]) {
        const refused = await runScript(args);
        expect(refused.code, args.join()).to.equal(2);
        expect(refused.stderr).to.include('one of: oauth-callback, ticket-flow, sync-worker');
        expect(refused.stdout).to.not.include('DynamoDB Local on');
      }
    });
  });
});
