import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import sharedGlobalSetup from '../global-setup';
import { CHROMIUM_PATH } from './support/browser';

/**
 * Builds the web app the stacks serve (type-check first, so a type error fails here with a
 * clear message), checks Chromium is there, then starts Temporal like the e2e setup.
 * RECTIFLOW_WEB_PREBUILT=1 reuses an existing dist/web while iterating on the tests.
 */
export default async function browserGlobalSetup(): Promise<void> {
  const root = path.resolve(__dirname, '../..');
  if (!fs.existsSync(CHROMIUM_PATH)) {
    throw new Error(`${CHROMIUM_PATH} is missing: apt-get install -y chromium (.ci/run does this)`);
  }
  const built = fs.existsSync(path.join(root, 'dist/web/index.html'));
  if (!(process.env.RECTIFLOW_WEB_PREBUILT === '1' && built)) {
    const node = process.execPath;
    execFileSync(
      node,
      [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', 'apps/web/tsconfig.json'],
      { cwd: root, stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } },
    );
    execFileSync(
      node,
      [path.join(root, 'node_modules/vite/bin/vite.js'), 'build', 'apps/web', '--logLevel', 'warn'],
      { cwd: root, stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } },
    );
  }
  await sharedGlobalSetup();
}
