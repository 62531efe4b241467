import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';

const root = path.resolve(__dirname, '../..');
const REGISTER = path.join(__dirname, 'ts-register.cjs');

const running = new Set<ChildProcess>();
// A crashed test process must not leave the product's processes behind.
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

export interface EntryPointProcess {
  /** Resolves with the exit code (null when killed by a signal). */
  exited: Promise<number | null>;
  /** What it printed so far, stdout and stderr together. */
  output(): string;
  kill(): Promise<void>;
}

/**
 * One of the product's own entry points (`apps/api/src/main.ts`, `apps/worker/src/main.ts`) as
 * a process, run from its TypeScript sources the way jest runs them, with exactly `env` (plus
 * PATH and HOME): nothing of this process's environment leaks in.
 */
export function runEntryPoint(
  app: 'api' | 'worker' | 'admin',
  env: Record<string, string>,
  args: string[] = [],
): EntryPointProcess {
  const script = app === 'admin' ? 'apps/api/src/admin.ts' : `apps/${app}/src/main.ts`;
  const child = spawn(process.execPath, ['-r', REGISTER, script, ...args], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  let output = '';
  const collect = (b: Buffer) => (output = (output + b.toString()).slice(-20_000));
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => {
      running.delete(child);
      resolve(code);
    }),
  );
  return {
    exited,
    output: () => output,
    kill: async () => {
      if (!running.has(child)) return;
      child.kill('SIGKILL');
      await exited;
    },
  };
}
