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

import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

export const TEMPORAL_CLI_VERSION = '1.5.1';
// Tried only when `go install …@v1.5.1` fails (e.g. a mirror lacks it). Needs Go >= 1.26.8 and
// its nested ./cliext module, which module zips leave out: from a plain module proxy this
// attempt fails (fast, with a clear reason); it works where the mirror serves cliext too.
export const FALLBACK_CLI_VERSION = '1.9.1';
const CLI_MODULE = 'github.com/temporalio/cli';
const MIN_GO = '1.25'; // the `go` directive of cli v1.5.1's go.mod
const PROGRESS_EVERY_MS = 15_000;
// A build normally takes a few minutes; a lock older than this belongs to a crashed build.
const STALE_LOCK_MS = 60 * 60_000;

const defaultLog = (msg) => process.stderr.write(`${msg}\n`);

/** Root of the per-user cache (XDG base directory spec: relative values are ignored). */
export function cacheRoot() {
  const xdg = process.env.XDG_CACHE_HOME;
  const base = xdg && path.isAbsolute(xdg) ? xdg : path.join(os.homedir(), '.cache');
  return path.join(base, 'rectiflow');
}

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

function isExecutableFile(p) {
  try {
    if (!fs.statSync(p).isFile()) return false;
    fs.accessSync(p, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function findOnPath(name) {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.resolve(dir, name);
    if (isExecutableFile(candidate)) return candidate;
  }
  return null;
}

/** Locates a Go toolchain: PATH first, then the usual install locations (go.dev tarball, Debian). */
export function findGo() {
  const candidates = [findOnPath('go'), '/usr/local/go/bin/go', '/usr/lib/go/bin/go'];
  if (process.env.GOROOT) candidates.splice(1, 0, path.join(process.env.GOROOT, 'bin', 'go'));
  for (const c of candidates) if (c && isExecutableFile(c)) return c;
  return null;
}

function goVersion(go) {
  const res = spawnSync(go, ['env', 'GOVERSION'], { encoding: 'utf8', timeout: 30_000 });
  return res.status === 0 ? res.stdout.trim() : null; // e.g. "go1.26.8"
}

function versionAtLeast(goVer, min) {
  const m = /^go(\d+)\.(\d+)/.exec(goVer ?? '');
  if (!m) return false;
  const [maj, minor] = min.split('.').map(Number);
  return Number(m[1]) > maj || (Number(m[1]) === maj && Number(m[2]) >= minor);
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

// ---------------------------------------------------------------------------------------------
// Building (one builder at a time per machine user: others wait for its result)

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function pidAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return e.code === 'EPERM';
  }
}

/** mkdir is atomic, so a lock directory works on every filesystem without extra packages. */
function tryLock(lockDir) {
  try {
    fs.mkdirSync(lockDir);
    fs.writeFileSync(
      path.join(lockDir, 'owner'),
      JSON.stringify({ pid: process.pid, host: os.hostname() }),
    );
    return true;
  } catch (e) {
    if (e.code !== 'EEXIST') throw e;
    return false;
  }
}

function lockIsStale(lockDir) {
  try {
    const st = fs.statSync(lockDir);
    let owner = null;
    try {
      owner = JSON.parse(fs.readFileSync(path.join(lockDir, 'owner'), 'utf8'));
    } catch {
      // Owner file not written yet (a builder between mkdir and writeFile): only age decides.
    }
    if (owner && owner.host === os.hostname() && !pidAlive(owner.pid)) return true;
    return Date.now() - st.mtimeMs > STALE_LOCK_MS;
  } catch {
    return false; // lock vanished meanwhile
  }
}

async function buildWithLock(log) {
  const root = cacheRoot();
  fs.mkdirSync(root, { recursive: true });
  const lockDir = path.join(root, 'temporal-cli.build.lock');
  let waitingSince = 0;
  for (;;) {
    if (tryLock(lockDir)) break;
    if (lockIsStale(lockDir)) {
      log(`[temporal-cli] removing stale build lock ${lockDir}`);
      fs.rmSync(lockDir, { recursive: true, force: true });
      continue;
    }
    if (!waitingSince) {
      waitingSince = Date.now();
      log('[temporal-cli] another process is building the Temporal CLI; waiting for it…');
    }
    await sleep(2000);
    // The other builder may have finished: use its result instead of building again.
    if (!fs.existsSync(lockDir)) {
      const built = findCached(log);
      if (built) return built;
    }
  }

  const release = () => fs.rmSync(lockDir, { recursive: true, force: true });
  // process.exit() mid-build still releases; a process killed by a signal leaves the lock, which
  // the next caller recognises as stale because its owner pid is gone.
  process.on('exit', release);
  try {
    const again = findCached(log); // someone may have finished between our check and the lock
    if (again) return again;
    return await build(log);
  } finally {
    process.off('exit', release);
    release();
  }
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
    return await buildInto(TEMPORAL_CLI_VERSION, log, async (tmpDir) => {
      await runGo(go, ['install', `${CLI_MODULE}/cmd/temporal@v${TEMPORAL_CLI_VERSION}`], {
        env: { GOBIN: tmpDir },
        log,
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
    return await buildInto(FALLBACK_CLI_VERSION, log, async (tmpDir) => {
      const out = await runGo(
        go,
        ['mod', 'download', '-json', `${CLI_MODULE}@v${FALLBACK_CLI_VERSION}`],
        {
          log,
          capture: true,
        },
      );
      const info = JSON.parse(out);
      if (!info.Dir)
        throw new Error(`go mod download gave no Dir${info.Error ? `: ${info.Error}` : ''}`);
      assertLocalReplacesPresent(info.Dir);
      const bin = path.join(tmpDir, 'temporal');
      await runGo(go, ['build', '-buildvcs=false', '-o', bin, './cmd/temporal'], {
        cwd: info.Dir,
        log,
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

/** Runs `produce(tmpDir)` → built file, verifies it, then renames it into the cache atomically. */
async function buildInto(version, log, produce) {
  const finalDir = cacheDirFor(version);
  fs.mkdirSync(finalDir, { recursive: true });
  // Same filesystem as the destination, so rename() is atomic: nobody ever sees half a binary.
  const tmpDir = fs.mkdtempSync(path.join(finalDir, '.build-'));
  try {
    const built = await produce(tmpDir);
    const version_ = probeCli(built);
    if (!version_) throw new Error(`the built binary ${built} does not run \`--version\``);
    fs.chmodSync(built, 0o755);
    const finalBin = path.join(finalDir, 'temporal');
    fs.renameSync(built, finalBin);
    log(`[temporal-cli] built ${finalBin} (${version_})`);
    return finalBin;
  } finally {
    fs.rmSync(tmpDir, { recursive: true, force: true });
    try {
      fs.rmdirSync(finalDir); // only succeeds when empty, i.e. when this build failed
    } catch {
      /* holds the binary */
    }
  }
}

function runGo(go, args, { env = {}, cwd, log, capture = false }) {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    log(
      `[temporal-cli] $ ${Object.entries(env)
        .map(([k, v]) => `${k}=${v} `)
        .join('')}go ${args.join(' ')}${cwd ? `  (in ${cwd})` : ''}`,
    );
    const child = spawn(go, args, {
      cwd,
      // GOWORK=off: a go.work in some parent folder must not change what gets built.
      env: { ...process.env, GOWORK: 'off', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderrTail = '';
    const stream = (buf, isStdout) => {
      const text = buf.toString();
      if (isStdout && capture) {
        stdout += text;
        return;
      }
      if (!isStdout) stderrTail = (stderrTail + text).slice(-4000);
      for (const line of text.split('\n')) if (line.trim()) log(`[go] ${line}`);
    };
    child.stdout.on('data', (b) => stream(b, true));
    child.stderr.on('data', (b) => stream(b, false));
    const timer = setInterval(() => {
      const s = Math.round((Date.now() - started) / 1000);
      log(`[temporal-cli] still building the Temporal CLI (takes a few minutes once)… ${s}s`);
    }, PROGRESS_EVERY_MS);
    child.on('error', (e) => {
      clearInterval(timer);
      reject(e);
    });
    child.on('close', (code, signal) => {
      clearInterval(timer);
      if (code === 0) resolve(stdout);
      else {
        const last = stderrTail.trim().split('\n').slice(-3).join(' | ');
        reject(new Error(`go ${args[0]} exited with ${signal ?? code}${last ? `: ${last}` : ''}`));
      }
    });
  });
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
