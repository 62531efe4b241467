// `node -r ./scripts/register-paths.cjs dist/apps/<app>/src/main.js`
//
// tsc keeps `@rectiflow/*` imports as written, so at run time Node must be told where they
// live. This maps each alias in tsconfig.base.json's `paths` onto the compiled output under
// dist/ (e.g. `@rectiflow/contracts` → dist/libs/contracts/src/index.js). Everything is
// resolved from this file's location, not the working directory, so it works whatever the cwd.
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const tsconfigPaths = require('tsconfig-paths');

const repoRoot = path.resolve(__dirname, '..');
const tsconfigFile = path.join(repoRoot, 'tsconfig.base.json');

function readPaths() {
  const text = fs.readFileSync(tsconfigFile, 'utf8');
  try {
    return JSON.parse(text).compilerOptions.paths;
  } catch {
    // tsconfig files may carry comments or trailing commas; tsconfig-paths' loader copes.
    const { loadTsconfig } = require('tsconfig-paths/lib/tsconfig-loader');
    return loadTsconfig(tsconfigFile).compilerOptions.paths;
  }
}

tsconfigPaths.register({
  cwd: repoRoot,
  // paths are relative to baseUrl ("."), and tsc's outDir "dist" mirrors that root.
  baseUrl: path.join(repoRoot, 'dist'),
  paths: readPaths() || {},
  // Only the listed aliases: no catch-all `*` that would look up every bare import in dist/.
  addMatchAll: false,
});

// `npm start` (scripts/start.mjs) sets RECTIFLOW_PARENT_PID: if that process disappears without
// stopping us (killed with SIGKILL, say), shut down as if asked to, instead of living on as an
// orphan holding the port. Production (docker) does not set it.
const parentPid = Number(process.env.RECTIFLOW_PARENT_PID);
if (Number.isInteger(parentPid) && parentPid > 1) {
  const timer = setInterval(() => {
    try {
      process.kill(parentPid, 0);
    } catch (e) {
      if (e.code === 'EPERM') return; // exists, just not ours to signal
      clearInterval(timer);
      // SIGTERM runs the app's own graceful shutdown; if it has none, the default kills it.
      process.kill(process.pid, 'SIGTERM');
      // Don't hang forever if that shutdown stalls.
      setTimeout(() => process.exit(1), 15_000).unref();
    }
  }, 1000);
  timer.unref(); // never the reason the process stays alive
}
