import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

const root = path.resolve(__dirname, '../..');

/** Where the build leaves the web app, and where the API looks for it (findWebRoot). */
export const WEB_ROOT = path.join(root, 'dist/web');

/**
 * Builds the web app the API serves (type-check first, so a type error fails with a clear
 * message), as `npm run build:web` does; with `onlyIfMissing`, keeps a build that is there.
 */
export function buildWeb({ onlyIfMissing = false } = {}): void {
  if (onlyIfMissing && fs.existsSync(path.join(WEB_ROOT, 'index.html'))) return;
  const env = { ...process.env, NODE_ENV: 'production' };
  const run = (script: string, args: string[]) =>
    execFileSync(process.execPath, [path.join(root, script), ...args], {
      cwd: root,
      stdio: 'inherit',
      env,
    });
  run('node_modules/typescript/bin/tsc', ['-p', 'apps/web/tsconfig.json']);
  run('node_modules/vite/bin/vite.js', ['build', 'apps/web', '--logLevel', 'warn']);
}
