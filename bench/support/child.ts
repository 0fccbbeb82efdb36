/** Runs one compiled child script of bench/children/ in a fresh `node` process and parses the JSON it prints. */
import { execFile } from 'node:child_process';
import { performance } from 'node:perf_hooks';

/** The environment of a child: the parent's, without loader hooks, and without the SDK's Node 20 notice. */
function childEnv(extra: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', ...extra };
  delete env.NODE_OPTIONS;
  return env;
}

export interface ChildOutput<T> {
  readonly output: T;
  /** Spawn to exit, as the parent saw it. */
  readonly wallMs: number;
}

/** `env`: variables added to the child's environment. */
export function runChild<T>(script: string, args: readonly string[], nodeFlags: readonly string[] = [], env: NodeJS.ProcessEnv = {}): Promise<ChildOutput<T>> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [...nodeFlags, script, ...args], { env: childEnv(env), encoding: 'utf8', timeout: 120_000 }, (error, stdout, stderr) => {
      const wallMs = performance.now() - started;
      if (error) {
        reject(new Error(`${script} ${args.join(' ')} failed: ${error.message}\n${stderr}`));
        return;
      }
      try {
        resolve({ output: JSON.parse(stdout) as T, wallMs });
      } catch {
        reject(new Error(`${script} ${args.join(' ')} printed no JSON: ${stdout}\n${stderr}`));
      }
    });
  });
}
