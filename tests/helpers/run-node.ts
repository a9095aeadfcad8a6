/** Runs a Node script as its own process, as an operator would (not a test file itself). */
import { spawn } from 'node:child_process';

export type NodeRun = { code: number | null; stdout: string; stderr: string; /** Both streams as they came. */ output: string };

/** `node script ...args` with only PATH and `env` in its environment, until it exits (killed after `timeoutMs`). */
export function runNode(script: string, args: string[], env: Record<string, string>, timeoutMs: number): Promise<NodeRun> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [script, ...args], {
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe']
    });
    const run = { stdout: '', stderr: '', output: '' };
    child.stdout.on('data', (d) => ((run.stdout += d), (run.output += d)));
    child.stderr.on('data', (d) => ((run.stderr += d), (run.output += d)));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, ...run });
    });
  });
}
