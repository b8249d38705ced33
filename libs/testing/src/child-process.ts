import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { join, resolve } from 'node:path';

const repoRoot = resolve(__dirname, '../../..');

/**
 * Runs a TypeScript script of the repository in a child process and resolves once its standard
 * output starts with `ready`: the point a crash test kills it at (SIGKILL, as a crash leaves it).
 * Fails with what the child printed when it exits first or takes longer than 30 s.
 */
export const startChildUntil = async (script: string, env: Record<string, string>, ready: string): Promise<ChildProcess> => {
  const child = spawn(process.execPath, [join(repoRoot, 'tools/scripts/run-ts.cjs'), script], {
    cwd: repoRoot,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  try {
    await new Promise<void>((done, fail) => {
      const timer = setTimeout(() => fail(new Error(`the child was not ready in time:\n${output}`)), 30_000);
      child.stdout?.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        if (output.startsWith(ready)) {
          clearTimeout(timer);
          done();
        }
      });
      child.once('exit', () => fail(new Error(`the child exited:\n${output}`)));
    });
  } catch (error) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    throw error;
  }
  return child;
};
