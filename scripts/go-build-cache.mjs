// Builds Go programs once per machine into the per-user cache (~/.cache/rectiflow) and finds
// them there afterwards. Shared by temporal-cli.mjs (the CLI with its dev server) and
// temporal-server.mjs (the Temporal server proper, its SQL tool and its UI server).
//
// What every build here gets: progress lines while go works (a build takes minutes once), a
// lock so concurrent callers wait for one build instead of racing, and an atomic rename of
// the result into place so nobody ever runs half a file. Depends on Node's built-ins only.

import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pidAlive } from './process-guardian.cjs';

const PROGRESS_EVERY_MS = 15_000;
// A build normally takes a few minutes; a lock older than this belongs to a crashed build.
const STALE_LOCK_MS = 60 * 60_000;

/** Root of the per-user cache (XDG base directory spec: relative values are ignored). */
export function cacheRoot() {
  const xdg = process.env.XDG_CACHE_HOME;
  const base = xdg && path.isAbsolute(xdg) ? xdg : path.join(os.homedir(), '.cache');
  return path.join(base, 'rectiflow');
}

export function isExecutableFile(p) {
  try {
    if (!fs.statSync(p).isFile()) return false;
    fs.accessSync(p, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

export function findOnPath(name) {
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

export function goVersion(go) {
  const res = spawnSync(go, ['env', 'GOVERSION'], { encoding: 'utf8', timeout: 30_000 });
  return res.status === 0 ? res.stdout.trim() : null; // e.g. "go1.26.8"
}

export function versionAtLeast(goVer, min) {
  const m = /^go(\d+)\.(\d+)/.exec(goVer ?? '');
  if (!m) return false;
  const [maj, minor] = min.split('.').map(Number);
  return Number(m[1]) > maj || (Number(m[1]) === maj && Number(m[2]) >= minor);
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

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

/**
 * Runs `build()` holding the machine-wide lock `<cacheRoot>/<name>.build.lock`. While another
 * process holds it we wait, and use its result (`findBuilt()`) as soon as it has one.
 * @template T
 * @param {{ name: string, what: string, log: (m: string) => void,
 *   findBuilt: () => T | null, build: () => Promise<T> }} opts
 * @returns {Promise<T>}
 */
export async function withBuildLock({ name, what, log, findBuilt, build }) {
  const root = cacheRoot();
  fs.mkdirSync(root, { recursive: true });
  const lockDir = path.join(root, `${name}.build.lock`);
  let waitingSince = 0;
  for (;;) {
    if (tryLock(lockDir)) break;
    if (lockIsStale(lockDir)) {
      log(`[${name}] removing stale build lock ${lockDir}`);
      fs.rmSync(lockDir, { recursive: true, force: true });
      continue;
    }
    if (!waitingSince) {
      waitingSince = Date.now();
      log(`[${name}] another process is building ${what}; waiting for it…`);
    }
    await sleep(2000);
    // The other builder may have finished: use its result instead of building again.
    if (!fs.existsSync(lockDir)) {
      const built = findBuilt();
      if (built) return built;
    }
  }

  const release = () => fs.rmSync(lockDir, { recursive: true, force: true });
  // process.exit() mid-build still releases; a process killed by a signal leaves the lock, which
  // the next caller recognises as stale because its owner pid is gone.
  process.on('exit', release);
  try {
    const again = findBuilt(); // someone may have finished between our check and the lock
    if (again) return again;
    return await build();
  } finally {
    process.off('exit', release);
    release();
  }
}

/**
 * Runs `produce(tmpDir)` in a fresh folder beside `finalPath` (same filesystem, so the final
 * rename is atomic), then renames what it returns onto `finalPath`. Cleans up either way.
 * @param {string} finalPath a file or a folder
 * @param {(tmpDir: string) => Promise<string>} produce returns the path to move into place
 */
export async function buildInto(finalPath, produce) {
  const parent = path.dirname(finalPath);
  fs.mkdirSync(parent, { recursive: true });
  const tmpDir = fs.mkdtempSync(path.join(parent, `.build-${path.basename(finalPath)}-`));
  try {
    const built = await produce(tmpDir);
    fs.rmSync(finalPath, { recursive: true, force: true }); // a broken earlier copy
    fs.renameSync(built, finalPath);
    return finalPath;
  } finally {
    fs.rmSync(tmpDir, { recursive: true, force: true });
  }
}

/**
 * Runs `go <args>`, streaming its stderr as log lines and a progress line every 15 s.
 * Resolves with stdout when `capture`; rejects naming the exit code and go's last words.
 */
export function runGo(go, args, { env = {}, cwd, log, capture = false, tag = 'go', what }) {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    log(
      `[${tag}] $ ${Object.entries(env)
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
      log(`[${tag}] still building ${what ?? 'with go'} (takes a few minutes once)… ${s}s`);
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
