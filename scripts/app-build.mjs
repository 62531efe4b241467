// Compiles what `npm start` and `npm run start:cluster` run: the TypeScript build, the
// prebuilt workflow bundle the workers load, and the web app (dist/web).

import fs from 'node:fs';
import path from 'node:path';

/**
 * @param {{ root: string, run: (what: string, cmd: string, args: string[], env?: NodeJS.ProcessEnv) => Promise<void>,
 *   warn: (msg: string) => void }} o  `run` spawns one step (the caller can interrupt it)
 */
export async function buildApp({ root, run, warn }) {
  const tsc = path.join(root, 'node_modules', 'typescript', 'bin', 'tsc');
  await run('building (tsc -p tsconfig.build.json)', process.execPath, [
    tsc,
    '-p',
    'tsconfig.build.json',
  ]);
  // Workers load this prebuilt bundle instead of bundling the workflows at every start.
  await run('bundling the workflows', process.execPath, [
    '-r',
    path.join(root, 'scripts', 'register-paths.cjs'),
    path.join(root, 'dist', 'apps', 'worker', 'src', 'bundle-workflows.js'),
  ]);

  const webDir = path.join(root, 'apps', 'web');
  const hasWeb = ['vite.config.mts', 'vite.config.ts', 'vite.config.mjs', 'vite.config.js'].some(
    (f) => fs.existsSync(path.join(webDir, f)),
  );
  if (!hasWeb) return;
  // The local binary only: `npx vite` would try to download vite when it is missing, which
  // cannot work on an intranet and would hang start-up.
  const vite = path.join(root, 'node_modules', 'vite', 'bin', 'vite.js');
  if (!fs.existsSync(vite)) {
    warn(
      'apps/web exists but vite is not installed (npm ci); the web app will not be built or served',
    );
    return;
  }
  // Into dist/web, where the API serves it at / (apps/api/src/web/web.module.ts). Type-checking
  // the app is `npm run build:web`'s and the browser tests' job; start-up only bundles.
  // NODE_ENV=production whatever .env says: React's development build is several times slower.
  await run(
    'building the web app (vite build apps/web → dist/web)',
    process.execPath,
    [vite, 'build', 'apps/web', '--logLevel', 'warn'],
    { ...process.env, NODE_ENV: 'production' },
  );
}
