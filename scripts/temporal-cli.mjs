#!/usr/bin/env node
// Finds or builds the Temporal CLI (which embeds the dev server used by `npm start` and the tests).
//
// The product never downloads binaries at run time (its users sit on intranets that reach at
// most a package mirror), so the binary comes from, in order:
//   1. TEMPORAL_CLI_PATH
//   2. `temporal` on PATH
//   3. a copy built before, in a cache folder outside the clone (shared by every clone)
//   4. a build from the Go module proxy with `go install` (v1.5.1 has no `replace` directive),
//      falling back to building a newer version inside its own module folder (newer versions
//      carry a `replace` directive, which `go install pkg@version` refuses). Progress is
//      printed; a lock lets concurrent callers wait for one build; the binary is built into a
//      temporary folder and renamed into place, so nobody ever runs half a file.
//
// Usage: `node scripts/temporal-cli.mjs` prints the absolute path on stdout (logs go to stderr);
// `import { ensureTemporalCli } from './temporal-cli.mjs'` returns it.

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  buildInto,
  cacheRoot,
  findGo,
  findOnPath,
  goVersion,
  runGo,
  versionAtLeast,
  withBuildLock,
} from './go-build-cache.mjs';

export { cacheRoot, findGo };

export const TEMPORAL_CLI_VERSION = '1.5.1';
// Tried only when `go install …@v1.5.1` fails (e.g. a mirror lacks it). Needs Go >= 1.26.8 and
// its nested ./cliext module, which module zips leave out: from a plain module proxy this
// attempt fails (fast, with a clear reason); it works where the mirror serves cliext too.
export const FALLBACK_CLI_VERSION = '1.9.1';
const CLI_MODULE = 'github.com/temporalio/cli';
const MIN_GO = '1.25'; // the `go` directive of cli v1.5.1's go.mod
const TAG = 'temporal-cli';
const GO_RUN = { tag: TAG, what: 'the Temporal CLI' };

const defaultLog = (msg) => process.stderr.write(`${msg}\n`);

export function cacheDirFor(version) {
  return path.join(cacheRoot(), `temporal-cli-${version}`);
}

/** Runs `<bin> --version`; returns the version line or null when the binary does not work. */
export function probeCli(bin) {
  const res = spawnSync(bin, ['--version'], { encoding: 'utf8', timeout: 60_000 });
  if (res.error || res.status !== 0) return null;
  const line = `${res.stdout}`.trim().split('\n')[0] ?? '';
  return /temporal version/i.test(line) ? line : null;
}

function installHint(extra) {
  return [
    'The Temporal CLI (which runs the local Temporal dev server) was not found and could not be built.',
    ...(extra ? [extra] : []),
    'Do one of:',
    `  - install Go ${MIN_GO} or newer (from your distribution's packages, or the tarball from https://go.dev/dl/)`,
    `    and make sure it can reach a Go module proxy (GOPROXY) — then run \`node scripts/temporal-cli.mjs\` again;`,
    '  - or install the Temporal CLI yourself and put `temporal` on PATH,',
    '  - or set TEMPORAL_CLI_PATH=/absolute/path/to/temporal.',
  ].join('\n');
}

/**
 * Returns the absolute path of a working Temporal CLI, building it once if needed.
 * @param {{ log?: (msg: string) => void }} [opts]
 */
export async function ensureTemporalCli({ log = defaultLog } = {}) {
  // 1. Explicit configuration wins, and a broken explicit path is an error, not a silent fallback.
  const fromEnv = process.env.TEMPORAL_CLI_PATH;
  if (fromEnv) {
    const abs = path.resolve(fromEnv);
    if (!probeCli(abs)) {
      throw new Error(`TEMPORAL_CLI_PATH=${fromEnv} does not run (\`${abs} --version\` failed).`);
    }
    return abs;
  }

  // 2. On PATH.
  const onPath = findOnPath('temporal');
  if (onPath) {
    if (probeCli(onPath)) return onPath;
    log(`[temporal-cli] ignoring ${onPath}: \`--version\` failed`);
  }

  // 3. Built before (the fallback version too, if that is what an earlier build produced).
  const cached = findCached(log);
  if (cached) return cached;

  // 4. Build.
  return buildWithLock(log);
}

function findCached(log) {
  for (const version of [TEMPORAL_CLI_VERSION, FALLBACK_CLI_VERSION]) {
    const bin = path.join(cacheDirFor(version), 'temporal');
    if (!fs.existsSync(bin)) continue;
    if (probeCli(bin)) return bin;
    log(`[temporal-cli] cached ${bin} does not run; it will be rebuilt`);
  }
  return null;
}

function buildWithLock(log) {
  return withBuildLock({
    name: TAG,
    what: 'the Temporal CLI',
    log,
    findBuilt: () => findCached(log),
    build: () => build(log),
  });
}

async function build(log) {
  const go = findGo();
  if (!go)
    throw new Error(installHint('No `go` found on PATH, in /usr/local/go/bin or /usr/lib/go/bin.'));
  const goVer = goVersion(go);
  log(
    `[temporal-cli] building the Temporal CLI v${TEMPORAL_CLI_VERSION} with ${go} (${goVer ?? 'unknown version'})`,
  );
  log(`[temporal-cli] this happens once per machine; the result is kept in ${cacheRoot()}`);

  const failures = [];

  // Primary: exactly `GOBIN=<dir> go install github.com/temporalio/cli/cmd/temporal@v1.5.1`,
  // with GOBIN a fresh folder next to the final place, then an atomic rename into place.
  try {
    return await buildCliInto(TEMPORAL_CLI_VERSION, log, async (tmpDir) => {
      await runGo(go, ['install', `${CLI_MODULE}/cmd/temporal@v${TEMPORAL_CLI_VERSION}`], {
        env: { GOBIN: tmpDir },
        log,
        ...GO_RUN,
      });
      return path.join(tmpDir, 'temporal');
    });
  } catch (e) {
    failures.push(`go install …@v${TEMPORAL_CLI_VERSION}: ${e.message}`);
    log(
      `[temporal-cli] go install failed (${e.message}); trying v${FALLBACK_CLI_VERSION} from its module folder`,
    );
  }

  // Fallback: newer versions have a `replace` directive, so build inside the downloaded module.
  try {
    return await buildCliInto(FALLBACK_CLI_VERSION, log, async (tmpDir) => {
      const out = await runGo(
        go,
        ['mod', 'download', '-json', `${CLI_MODULE}@v${FALLBACK_CLI_VERSION}`],
        { log, capture: true, ...GO_RUN },
      );
      const info = JSON.parse(out);
      if (!info.Dir)
        throw new Error(`go mod download gave no Dir${info.Error ? `: ${info.Error}` : ''}`);
      assertLocalReplacesPresent(info.Dir);
      const bin = path.join(tmpDir, 'temporal');
      await runGo(go, ['build', '-buildvcs=false', '-o', bin, './cmd/temporal'], {
        cwd: info.Dir,
        log,
        ...GO_RUN,
      });
      return bin;
    });
  } catch (e) {
    failures.push(`go build v${FALLBACK_CLI_VERSION}: ${e.message}`);
  }

  const tooOld =
    goVer && !versionAtLeast(goVer, MIN_GO)
      ? `Your Go (${goVer}) is older than the ${MIN_GO} the CLI needs.`
      : '';
  throw new Error(
    installHint(
      [`Build attempts with ${go} failed:`, ...failures.map((f) => `  - ${f}`), tooOld]
        .filter(Boolean)
        .join('\n'),
    ),
  );
}

/**
 * A `replace … => ./dir` pointing at a nested module cannot work from a module download: the
 * nested module is cut out of the zip (cli v1.9.1's ./cliext is). Say so before go spends
 * minutes downloading dependencies only to fail on it.
 */
function assertLocalReplacesPresent(moduleDir) {
  const gomod = fs.readFileSync(path.join(moduleDir, 'go.mod'), 'utf8');
  const re = /=>\s*(\.{1,2}\/[^\s)]*)/g;
  for (const m of gomod.matchAll(re)) {
    if (!fs.existsSync(path.join(moduleDir, m[1]))) {
      throw new Error(
        `its go.mod replaces a module with ${m[1]}, which is not part of the downloaded module ` +
          '(nested modules are left out of module zips), so it cannot be built from the module proxy',
      );
    }
  }
}

/** Runs `produce(tmpDir)` → built binary, checks it runs, then moves it into the cache. */
async function buildCliInto(version, log, produce) {
  const finalBin = path.join(cacheDirFor(version), 'temporal');
  await buildInto(finalBin, async (tmpDir) => {
    const built = await produce(tmpDir);
    if (!probeCli(built)) throw new Error(`the built binary ${built} does not run \`--version\``);
    fs.chmodSync(built, 0o755);
    return built;
  });
  log(`[${TAG}] built ${finalBin} (${probeCli(finalBin)})`);
  return finalBin;
}

// ---------------------------------------------------------------------------------------------

const isMain = (() => {
  try {
    return import.meta.url === pathToFileURL(fs.realpathSync(process.argv[1] ?? '')).href;
  } catch {
    return false;
  }
})();

if (isMain) {
  ensureTemporalCli().then(
    (p) => {
      process.stdout.write(`${p}\n`);
    },
    (e) => {
      process.stderr.write(`\n${e.message}\n`);
      process.exit(1);
    },
  );
}
