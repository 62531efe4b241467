#!/usr/bin/env node
// `npm start`: the embedded default. Builds, starts a Temporal dev server (unless
// TEMPORAL_ADDRESS points at one), then the worker and the API side by side, and prints where
// everything is once the API answers. Ctrl-C (or SIGTERM) stops it all; if one part dies the
// rest is stopped too and we exit non-zero.
//
//   DATA_DIR [.data]  PORT [3000]  TEMPORAL_PORT [7233]  TEMPORAL_UI_PORT [TEMPORAL_PORT+1000, i.e. 8233]
//   TEMPORAL_ADDRESS  use that server instead of starting one     --no-build  skip compiling
//
// Process layout: the dev server runs under a guardian (see temporal-dev-server.cjs) and the
// worker and API each in their own process group, so a terminal Ctrl-C reaches only us and we
// stop things in order (worker and API first, Temporal last) with exactly one signal each.
// If we are killed outright, the guardian stops Temporal and the apps notice via
// RECTIFLOW_PARENT_PID (watched in register-paths.cjs) and exit: nothing is orphaned.

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createConcurrently, LogError, LogOutput, Logger } from 'concurrently';
import { buildApp } from './app-build.mjs';
import { ensureTemporalCli } from './temporal-cli.mjs';
import { startTemporalDevServer } from './temporal-dev-server.cjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const argv = process.argv.slice(2);
const skipBuild = argv.includes('--no-build');
const STOP_GRACE_MS = 10_000;

// ------------------------------------------------------------------------------------------
// Output

const useColor = process.env.FORCE_COLOR
  ? process.env.FORCE_COLOR !== '0'
  : process.stdout.isTTY && !process.env.NO_COLOR;
const paint = (code, s) => (useColor ? `\x1b[${code}m${s}\x1b[0m` : s);
const bold = (s) => paint('1', s);
const say = (msg) => process.stdout.write(`${paint('1;32', '[start]')} ${msg}\n`);
const warn = (msg) => process.stderr.write(`${paint('1;33', '[start]')} ${msg}\n`);
const temporalLog = (line) => process.stdout.write(`${paint('33', '[temporal]')} ${line}\n`);

// ------------------------------------------------------------------------------------------
// Configuration

// Node >= 20.12 reads .env natively; variables already set in the environment win.
const dotenv = path.join(root, '.env');
if (fs.existsSync(dotenv) && typeof process.loadEnvFile === 'function') {
  process.loadEnvFile(dotenv);
}

function intEnv(name, fallback) {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n <= 0 || n > 65535)
    throw new Error(`${name}=${raw} is not a valid port`);
  return n;
}

const dataDir = path.resolve(process.env.DATA_DIR || '.data');
const port = intEnv('PORT', 3000);
const temporalPort = intEnv('TEMPORAL_PORT', 7233);
// Default follows the CLI's own rule (gRPC port + 1000), so a second instance with another
// TEMPORAL_PORT gets another UI port without further settings. "off" runs headless.
const uiOff = /^(off|false|0|none)$/i.test(process.env.TEMPORAL_UI_PORT ?? '');
const temporalUiPort = uiOff ? null : intEnv('TEMPORAL_UI_PORT', temporalPort + 1000);

// ------------------------------------------------------------------------------------------
// State and shutdown

let stepChild = null; // a build step currently running
let devServer = null; // { address, stop } when we started Temporal
let devServerStarting = null; // its start promise, so a Ctrl-C during start-up still stops it
let apps = null; // concurrently's { commands, result }
let stopping = false;
let bannerTimer = null;

function killGroup(pid, signal) {
  // Each app is a process-group leader (detached), so this reaches node and anything it spawned.
  try {
    process.kill(-pid, signal);
  } catch {
    try {
      process.kill(pid, signal);
    } catch {
      /* already gone */
    }
  }
}

async function stopApps() {
  if (!apps) return;
  const running = apps.commands.filter((c) => c.pid && c.process);
  if (running.length) {
    for (const c of running) c.kill('SIGTERM');
    const force = setTimeout(() => {
      warn(`worker/api still running after ${STOP_GRACE_MS / 1000}s; killing them`);
      for (const c of apps.commands) if (c.pid && c.process) c.kill('SIGKILL');
    }, STOP_GRACE_MS);
    await apps.result.catch(() => {});
    clearTimeout(force);
  }
}

async function shutdown(code, reason) {
  if (stopping) return;
  stopping = true;
  if (reason) say(reason);
  clearInterval(bannerTimer);
  if (stepChild) stepChild.kill('SIGTERM');
  await stopApps();
  if (!devServer && devServerStarting) devServer = await devServerStarting.catch(() => null);
  if (devServer) {
    say('stopping the Temporal dev server…');
    await devServer.stop();
  }
  process.exit(code);
}

for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(sig, () => {
    if (!stopping) {
      void shutdown(0, `${sig}: stopping…`);
      return;
    }
    // A second Ctrl-C: don't wait any longer. The guardian still stops Temporal when we exit.
    warn('forced exit');
    if (apps) for (const c of apps.commands) if (c.pid) killGroup(c.pid, 'SIGKILL');
    process.exit(130);
  });
}

// ------------------------------------------------------------------------------------------
// Steps

function run(what, cmd, args, env = process.env) {
  say(`${what}…`);
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: root, stdio: 'inherit', env });
    stepChild = child;
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      stepChild = null;
      if (code === 0) resolve();
      else reject(new Error(`${what} failed (${signal ?? `exit code ${code}`})`));
    });
  });
}

function build() {
  return buildApp({ root, run, warn });
}

function portIsFree(p) {
  // No host: checks every interface, as the API may listen on 0.0.0.0.
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.unref();
    srv.once('error', () => resolve(false));
    srv.listen(p, () => srv.close(() => resolve(true)));
  });
}

async function startTemporal() {
  if (process.env.TEMPORAL_ADDRESS) {
    say(`using the Temporal server at ${process.env.TEMPORAL_ADDRESS} (TEMPORAL_ADDRESS)`);
    return;
  }
  const cliPath = await ensureTemporalCli({ log: (m) => say(m) });
  say(`starting the Temporal dev server on 127.0.0.1:${temporalPort} (${cliPath})…`);
  devServerStarting = startTemporalDevServer({
    cliPath,
    port: temporalPort,
    uiPort: temporalUiPort,
    dbFile: path.join(dataDir, 'temporal.db'),
    log: temporalLog,
  });
  devServer = await devServerStarting;
  if (stopping) return; // interrupted while it started; shutdown() stops it
  devServer.process.on('exit', () => {
    if (!stopping)
      void shutdown(1, 'the Temporal dev server exited unexpectedly; stopping everything');
  });
  process.env.TEMPORAL_ADDRESS = devServer.address;
  say(`Temporal dev server ready at ${devServer.address}`);
}

function startApps() {
  const env = {
    DATA_DIR: dataDir,
    PORT: String(port),
    TEMPORAL_ADDRESS: process.env.TEMPORAL_ADDRESS,
    RECTIFLOW_EMBEDDED: '1',
    RECTIFLOW_PARENT_PID: String(process.pid),
  };
  const node = JSON.stringify(process.execPath);
  const app = (name) =>
    `exec ${node} -r ./scripts/register-paths.cjs dist/apps/${name}/src/main.js`;
  for (const name of ['worker', 'api']) {
    const main = path.join(root, 'dist', 'apps', name, 'src', 'main.js');
    if (!fs.existsSync(main))
      throw new Error(`${path.relative(root, main)} is missing: did the build run?`);
  }

  const logger = new Logger({ prefixFormat: 'name' });
  if (!useColor) logger.toggleColors(false);
  apps = createConcurrently(
    [
      { name: 'worker', command: app('worker'), env, prefixColor: 'magenta' },
      { name: 'api', command: app('api'), env, prefixColor: 'cyan' },
    ],
    {
      cwd: root,
      logger,
      outputStream: process.stdout,
      raw: false,
      controllers: [
        new LogError({ logger }),
        new LogOutput({ logger }),
        // One part gone means the app is broken: report it and stop everything else too.
        {
          handle: (commands) => {
            for (const c of commands) {
              c.close.subscribe(({ exitCode }) => {
                logger.logCommandEvent(`exited (${exitCode})`, c);
                if (!stopping)
                  void shutdown(
                    1,
                    `${c.name} exited (${exitCode}) unexpectedly; stopping everything`,
                  );
              });
            }
            return { commands };
          },
        },
      ],
      prefixColors: [],
      // Own process group per app (see the header); /bin/sh just execs node.
      spawn: (command, opts) => spawn('/bin/sh', ['-c', command], { ...opts, detached: true }),
      kill: (pid, signal) => killGroup(pid, signal ?? 'SIGTERM'),
    },
  );
  // Rejections are handled per command above; this only keeps them from being "unhandled".
  apps.result.catch(() => {});
}

async function waitForApiThenBanner() {
  const url = `http://127.0.0.1:${port}/api/health`;
  const started = Date.now();
  let warned = false;
  const probe = async () => {
    if (stopping) return;
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
      await res.arrayBuffer();
      if (res.ok) {
        clearInterval(bannerTimer);
        if (!stopping) banner();
        return;
      }
    } catch {
      /* not listening yet */
    }
    if (!warned && Date.now() - started > 120_000) {
      warned = true;
      warn(`${url} has not answered 200 after 2 minutes; still waiting`);
    }
  };
  bannerTimer = setInterval(probe, 500);
}

function banner() {
  const uiUrl = devServer
    ? temporalUiPort
      ? `http://127.0.0.1:${temporalUiPort}`
      : '(disabled: TEMPORAL_UI_PORT=off)'
    : `(external Temporal at ${process.env.TEMPORAL_ADDRESS})`;
  const users = [
    'office',
    'committee',
    'leader1',
    'leader2',
    'supervisor',
    'inspector',
    'dept1',
    'dept2',
    'dept3',
    'dept1head',
    'dept2head',
    'dept3head',
  ];
  const line = '─'.repeat(72);
  process.stdout.write(
    [
      '',
      paint('32', line),
      `  ${bold('rectiflow is running')}`,
      '',
      `  App          ${bold(`http://127.0.0.1:${port}/`)}`,
      `  API docs     http://127.0.0.1:${port}/api/docs`,
      `  Temporal UI  ${uiUrl}`,
      `  Data         ${dataDir}`,
      '',
      `  Demo users (password ${bold('demo')}):`,
      `    ${users.slice(0, 6).join(', ')}`,
      `    ${users.slice(6).join(', ')}`,
      '',
      '  Ctrl-C stops everything.',
      paint('32', line),
      '',
    ].join('\n') + '\n',
  );
}

// ------------------------------------------------------------------------------------------

async function main() {
  if (process.env.NODE_ENV === 'production') {
    // The embedded default runs a dev server and seeds demo users: never production.
    throw new Error(
      'npm start is the embedded default (a Temporal dev server, demo users) and does not run in production.\n' +
        'Production runs its parts: `npm run build`, `npm run migrate`, then `npm run start:api` and\n' +
        '`npm run start:worker` (as many of each as needed), or `npm run start:cluster` on one host.\n' +
        "See README.md, 'Production'.",
    );
  }
  if (!(await portIsFree(port))) {
    throw new Error(`port ${port} is already in use (another rectiflow?). Set PORT to a free one.`);
  }
  fs.mkdirSync(dataDir, { recursive: true });
  if (skipBuild) say('skipping the build (--no-build)');
  else await build();
  if (stopping) return;
  await startTemporal();
  if (stopping) return;
  startApps();
  void waitForApiThenBanner();
}

main().catch((e) => {
  if (stopping) return; // a signal interrupted a step; shutdown() is already exiting
  process.stderr.write(`\n${paint('1;31', '[start] failed:')} ${e.message}\n`);
  void shutdown(1);
});
