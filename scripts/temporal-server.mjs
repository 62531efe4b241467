#!/usr/bin/env node
// Finds or builds the Temporal server proper (for the production-like topology of
// `npm run start:cluster`), at the version inside the Temporal CLI we build:
//   temporal-server     go.temporal.io/server/cmd/server               (frontend, history, …)
//   temporal-sql-tool   go.temporal.io/server/cmd/tools/sql            (schema setup/upgrade)
//   temporal-ui-server  github.com/temporalio/ui-server/v2/cmd/server  (Temporal's web UI)
// plus the module's PostgreSQL schemas (schema/postgresql/v12) and its
// config/development-postgres12.yaml, copied beside them so running needs no Go.
//
// Like temporal-cli.mjs: built once per machine from the Go module proxy into
// ~/.cache/rectiflow/temporal-server-<version> (every clone and CI reuse it), with progress,
// a lock, and an atomic rename of the finished folder; nothing is downloaded at run time.
//
// Usage: `node scripts/temporal-server.mjs` prints the folder on stdout (logs go to stderr);
// `import { ensureTemporalServer } from './temporal-server.mjs'` returns its parts.

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  buildInto,
  cacheRoot,
  findGo,
  goVersion,
  runGo,
  versionAtLeast,
  withBuildLock,
} from './go-build-cache.mjs';

/** The server inside Temporal CLI v1.5.1 (its go.mod), so dev and cluster run the same engine. */
export const TEMPORAL_SERVER_VERSION = '1.29.1';
/** The UI the same CLI embeds. */
export const TEMPORAL_UI_SERVER_VERSION = '2.42.1';
const SERVER_MODULE = 'go.temporal.io/server';
const UI_MODULE = 'github.com/temporalio/ui-server/v2';
const MIN_GO = '1.25'; // the `go` directive of server v1.29.1's go.mod
const TAG = 'temporal-server';
const GO_RUN = { tag: TAG, what: `the Temporal server v${TEMPORAL_SERVER_VERSION}` };

const PROGRAMS = {
  'temporal-server': `${SERVER_MODULE}/cmd/server`,
  'temporal-sql-tool': `${SERVER_MODULE}/cmd/tools/sql`,
  'temporal-ui-server': `${UI_MODULE}/cmd/server`,
};

const defaultLog = (msg) => process.stderr.write(`${msg}\n`);

export function serverCacheDir() {
  return path.join(cacheRoot(), `temporal-server-${TEMPORAL_SERVER_VERSION}`);
}

/**
 * @typedef {{ dir: string, server: string, sqlTool: string, uiServer: string,
 *   schemaDir: string, baseConfig: string, version: string }} TemporalServerBuild
 */

/** @returns {TemporalServerBuild} */
function partsOf(dir) {
  return {
    dir,
    version: TEMPORAL_SERVER_VERSION,
    server: path.join(dir, 'temporal-server'),
    sqlTool: path.join(dir, 'temporal-sql-tool'),
    uiServer: path.join(dir, 'temporal-ui-server'),
    // …/temporal/versioned and …/visibility/versioned, as in the module.
    schemaDir: path.join(dir, 'schema', 'postgresql', 'v12'),
    baseConfig: path.join(dir, 'config', 'development-postgres12.yaml'),
  };
}

/** Null when a part is missing or `temporal-server --version` does not answer ours. */
function probe(parts) {
  for (const f of [parts.sqlTool, parts.uiServer, parts.baseConfig]) {
    if (!fs.existsSync(f)) return null;
  }
  if (!fs.existsSync(path.join(parts.schemaDir, 'temporal', 'versioned'))) return null;
  const res = spawnSync(parts.server, ['--version'], { encoding: 'utf8', timeout: 60_000 });
  if (res.error || res.status !== 0) return null;
  return res.stdout.includes(TEMPORAL_SERVER_VERSION) ? parts : null;
}

function installHint(extra) {
  return [
    `The Temporal server v${TEMPORAL_SERVER_VERSION} (for \`npm run start:cluster\`) was not found and could not be built.`,
    ...(extra ? [extra] : []),
    `It is built once per machine into ${serverCacheDir()} from the Go module proxy. Do one of:`,
    `  - install Go ${MIN_GO} or newer (from your distribution's packages, or the tarball from https://go.dev/dl/)`,
    '    and make sure it can reach a Go module proxy (GOPROXY) — then run `node scripts/temporal-server.mjs` again;',
    `  - or copy ${path.basename(serverCacheDir())}/ from a machine that built it into ${cacheRoot()}.`,
  ].join('\n');
}

/**
 * Returns the parts of a working Temporal server build, building it once if needed.
 * @param {{ log?: (msg: string) => void }} [opts]
 * @returns {Promise<TemporalServerBuild>}
 */
export async function ensureTemporalServer({ log = defaultLog } = {}) {
  const dir = serverCacheDir();
  const cached = probe(partsOf(dir));
  if (cached) return cached;
  return withBuildLock({
    name: TAG,
    what: `the Temporal server v${TEMPORAL_SERVER_VERSION}`,
    log,
    findBuilt: () => probe(partsOf(dir)),
    build: () => build(log),
  });
}

async function build(log) {
  const go = findGo();
  if (!go)
    throw new Error(installHint('No `go` found on PATH, in /usr/local/go/bin or /usr/lib/go/bin.'));
  const goVer = goVersion(go);
  if (goVer && !versionAtLeast(goVer, MIN_GO)) {
    throw new Error(installHint(`Your Go (${goVer}) is older than the ${MIN_GO} it needs.`));
  }
  const dir = serverCacheDir();
  log(`[${TAG}] building the Temporal server v${TEMPORAL_SERVER_VERSION}, its SQL tool and UI`);
  log(`[${TAG}] with ${go} (${goVer ?? 'unknown version'}); once per machine, into ${dir}`);
  const started = Date.now();
  try {
    await buildInto(dir, async (tmpDir) => {
      // A module of our own that requires exactly these versions; -mod=mod lets go fill in
      // go.sum and fetch only the modules these three programs import.
      const mod = path.join(tmpDir, 'mod');
      const out = path.join(tmpDir, 'out');
      fs.mkdirSync(mod);
      fs.mkdirSync(out);
      fs.writeFileSync(
        path.join(mod, 'go.mod'),
        [
          'module rectiflow.local/temporal-server-build',
          '',
          `go ${MIN_GO}.0`,
          '',
          'require (',
          `\t${SERVER_MODULE} v${TEMPORAL_SERVER_VERSION}`,
          `\t${UI_MODULE} v${TEMPORAL_UI_SERVER_VERSION}`,
          ')',
          '',
        ].join('\n'),
      );
      for (const [name, pkg] of Object.entries(PROGRAMS)) {
        await runGo(go, ['build', '-mod=mod', '-buildvcs=false', '-o', path.join(out, name), pkg], {
          cwd: mod,
          log,
          ...GO_RUN,
        });
      }
      // The schemas and the sample configuration ship with the module, not in the binaries.
      const info = JSON.parse(
        await runGo(
          go,
          ['mod', 'download', '-json', `${SERVER_MODULE}@v${TEMPORAL_SERVER_VERSION}`],
          {
            cwd: mod,
            log,
            capture: true,
            ...GO_RUN,
          },
        ),
      );
      if (!info.Dir)
        throw new Error(`go mod download gave no Dir${info.Error ? `: ${info.Error}` : ''}`);
      const schemaFrom = path.join(info.Dir, 'schema', 'postgresql', 'v12');
      const configFrom = path.join(info.Dir, 'config', 'development-postgres12.yaml');
      for (const p of [schemaFrom, configFrom]) {
        if (!fs.existsSync(p)) throw new Error(`${p} is not in the downloaded module`);
      }
      fs.cpSync(schemaFrom, path.join(out, 'schema', 'postgresql', 'v12'), { recursive: true });
      fs.mkdirSync(path.join(out, 'config'));
      fs.copyFileSync(configFrom, path.join(out, 'config', 'development-postgres12.yaml'));
      // The module cache is read-only; our copy must be removable and replaceable.
      fs.chmodSync(out, 0o755);
      for (const f of fs.readdirSync(out, { recursive: true })) {
        const p = path.join(out, f);
        fs.chmodSync(p, fs.statSync(p).isDirectory() || f in PROGRAMS ? 0o755 : 0o644);
      }
      return out;
    });
  } catch (e) {
    throw new Error(installHint(`Building with ${go} failed: ${e.message}`));
  }
  const parts = probe(partsOf(dir));
  if (!parts) throw new Error(installHint(`The build in ${dir} does not answer --version.`));
  log(`[${TAG}] built ${dir} in ${Math.round((Date.now() - started) / 1000)}s`);
  return parts;
}

const isMain = (() => {
  try {
    return import.meta.url === pathToFileURL(fs.realpathSync(process.argv[1] ?? '')).href;
  } catch {
    return false;
  }
})();

if (isMain) {
  ensureTemporalServer().then(
    (p) => process.stdout.write(`${p.dir}\n`),
    (e) => {
      process.stderr.write(`\n${e.message}\n`);
      process.exit(1);
    },
  );
}
