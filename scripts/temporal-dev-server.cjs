// Starts and stops a local Temporal dev server (`temporal server start-dev`).
// Used by `npm start`, the benchmark, the jest global setup and the tests that stop and restart
// a server of their own (test/support/temporal-dev-server.ts), so it depends on nothing but
// Node's built-ins, and is CommonJS: jest's module loader cannot load an ES module, and the ESM
// scripts import it just as well. Its types: temporal-dev-server.d.cts.
//
// Orphans: the server is not spawned directly but under a tiny Node "guardian" process that
// holds an IPC channel to us. If we die in any way (even SIGKILL), the channel closes and the
// guardian stops the server, so no dev server outlives the process that started it.

'use strict';

const fs = require('node:fs');
const net = require('node:net');
const path = require('node:path');
const { spawnGuarded } = require('./process-guardian.cjs');
const { SEARCH_ATTRIBUTES } = require('./temporal-search-attributes.cjs');

const HOST = '127.0.0.1';
const STOP_GRACE_MS = 10_000;

/** A TCP port that is free on 127.0.0.1 right now (the OS picks it). */
function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, HOST, () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** True when nothing listens on host:port (we can bind it ourselves). */
function portIsFree(port, host = HOST) {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.unref();
    srv.once('error', () => resolve(false));
    srv.listen(port, host, () => srv.close(() => resolve(true)));
  });
}

function canConnect(port, host = HOST, timeoutMs = 1000) {
  return new Promise((resolve) => {
    const sock = net.connect({ port, host });
    const done = (ok) => {
      sock.destroy();
      resolve(ok);
    };
    sock.setTimeout(timeoutMs, () => done(false));
    sock.once('connect', () => done(true));
    sock.once('error', () => done(false));
  });
}

/**
 * @param {object} opts
 * @param {string} opts.cliPath absolute path of the Temporal CLI (see temporal-cli.mjs)
 * @param {number} [opts.port] gRPC port; a free one when omitted
 * @param {number|null} [opts.uiPort] Web UI port; no UI (`--headless`) when omitted
 * @param {string} [opts.dbFile] SQLite file to persist to; in-memory when omitted
 * @param {string} [opts.namespace='default'] created at launch ("default" always is)
 * @param {(line: string) => void} [opts.log] receives our messages and the server's output lines
 * @param {number} [opts.readyTimeoutMs=60000]
 * @param {string[]} [opts.extraArgs] e.g. ['--dynamic-config-value', 'K=V']
 * @param {boolean} [opts.keepAlive=true] false: the server does not keep our event loop alive
 *   (e.g. a jest globalSetup); it still stops when this process exits, even without stop()
 * @returns {Promise<{ address: string, port: number, uiPort: number|null, stop: () => Promise<void>, process: import('node:child_process').ChildProcess }>}
 */
async function startTemporalDevServer({
  cliPath,
  port,
  uiPort = null,
  dbFile,
  namespace = 'default',
  log = (line) => process.stderr.write(`[temporal] ${line}\n`),
  readyTimeoutMs = 60_000,
  extraArgs = [],
  keepAlive = true,
} = {}) {
  if (!cliPath)
    throw new Error('startTemporalDevServer: cliPath is required (use ensureTemporalCli())');
  port ??= await freePort();
  // Otherwise we would happily "connect" to somebody else's server on that port.
  if (!(await portIsFree(port))) {
    throw new Error(
      `Port ${port} on ${HOST} is already in use (another Temporal dev server or rectiflow instance?). ` +
        'Stop it, or choose another port (TEMPORAL_PORT), or point TEMPORAL_ADDRESS at the running server.',
    );
  }
  if (uiPort != null && !(await portIsFree(uiPort))) {
    throw new Error(
      `Temporal UI port ${uiPort} on ${HOST} is already in use; choose another (TEMPORAL_UI_PORT).`,
    );
  }
  // The HTTP API port doubles as our readiness probe (GET /api/v1/namespaces/<ns>).
  const httpPort = await freePort();

  const args = [
    'server',
    'start-dev',
    '--ip',
    HOST,
    '--port',
    String(port),
    '--http-port',
    String(httpPort),
  ];
  args.push('--log-level', 'warn');
  // An activity scheduled by a workflow task comes back in the answer to that task instead of
  // through another poll: one server round trip less per step (see BENCH.md, "action").
  args.push('--dynamic-config-value', 'system.enableActivityEagerExecution=true');
  if (dbFile) {
    fs.mkdirSync(path.dirname(path.resolve(dbFile)), { recursive: true });
    args.push('--db-filename', path.resolve(dbFile));
    // SQLite's defaults (rollback journal, fsync on every commit) serialise the server on the
    // disk; WAL with synchronous=NORMAL survives a crash of the process and halves the server's
    // work per workflow step (BENCH.md, "import").
    args.push('--sqlite-pragma', 'journal_mode=wal', '--sqlite-pragma', 'synchronous=normal');
  }
  // The UI on loopback too, said explicitly (the CLI defaults it to --ip): neither the gRPC
  // frontend, its HTTP API nor the UI is reachable from another machine.
  if (uiPort != null) args.push('--ui-port', String(uiPort), '--ui-ip', HOST);
  else args.push('--headless');
  // "default" is always created; listing it again would only repeat the work.
  if (namespace && namespace !== 'default') args.push('--namespace', namespace);
  // The same search attributes a cluster registers (scripts/temporal-setup.mjs).
  for (const [name, type] of Object.entries(SEARCH_ATTRIBUTES))
    args.push('--search-attribute', `${name}=${type}`);
  args.push(...extraArgs);

  // Own process group: a terminal Ctrl-C reaches only the parent, which stops its other
  // children (e.g. the worker) first and the server last, with one signal. The server stays
  // in the guardian's group, and the guardian stops it when the parent goes away.
  const child = spawnGuarded(cliPath, args, {
    graceMs: STOP_GRACE_MS,
    title: 'rectiflow-temporal-guardian',
  });

  let stderrTail = '';
  const forward = (buf, isErr) => {
    const text = buf.toString();
    if (isErr) stderrTail = (stderrTail + text).slice(-8000);
    // While shutting down the server logs a burst of expected "connection refused" noise.
    if (stopPromise) return;
    for (const line of text.split('\n')) if (line.trim()) log(line);
  };
  child.stdout.on('data', (b) => forward(b, false));
  child.stderr.on('data', (b) => forward(b, true));

  let exited = null; // { code, signal } once the guardian (hence the server) has exited
  const exitPromise = new Promise((resolve) => {
    child.on('exit', (code, signal) => {
      exited = { code, signal };
      resolve(exited);
    });
  });

  let stopPromise = null;
  const stop = () => {
    stopPromise ??= (async () => {
      if (!exited) {
        child.kill('SIGTERM');
        const timer = new Promise((r) => setTimeout(r, STOP_GRACE_MS + 2000).unref());
        const first = await Promise.race([exitPromise, timer]);
        if (!first) {
          // Guardian or server hung: kill both directly.
          log(`server did not stop within ${STOP_GRACE_MS / 1000 + 2}s; killing it`);
          if (child.serverPid) {
            try {
              process.kill(child.serverPid, 'SIGKILL');
            } catch {
              /* already gone */
            }
          }
          child.kill('SIGKILL');
          await exitPromise;
        }
      }
    })();
    return stopPromise;
  };

  const address = `${HOST}:${port}`;
  const deadline = Date.now() + readyTimeoutMs;
  try {
    for (;;) {
      if (exited) {
        throw new Error(
          `temporal server start-dev exited (${exited.signal ?? `code ${exited.code}`}) before it was ready.\n` +
            `command: ${cliPath} ${args.join(' ')}\n${stderrTail.trim()}`,
        );
      }
      if (await isReady(port, httpPort, namespace || 'default')) break;
      if (Date.now() > deadline) {
        throw new Error(
          `temporal server start-dev did not become ready on ${address} within ${readyTimeoutMs / 1000}s.\n` +
            `command: ${cliPath} ${args.join(' ')}\n${stderrTail.trim()}`,
        );
      }
      await new Promise((r) => setTimeout(r, 200));
    }
  } catch (e) {
    await stop();
    throw e;
  }

  if (!keepAlive) {
    child.unref();
    child.channel?.unref();
    child.stdout.unref?.();
    child.stderr.unref?.();
  }

  return { address, port, uiPort, httpPort, stop, process: child };
}

async function isReady(port, httpPort, namespace) {
  if (!(await canConnect(port))) return false;
  // An open gRPC port alone can precede namespace registration being visible; ask for it.
  try {
    const res = await fetch(
      `http://${HOST}:${httpPort}/api/v1/namespaces/${encodeURIComponent(namespace)}`,
      {
        signal: AbortSignal.timeout(2000),
      },
    );
    await res.arrayBuffer();
    return res.ok;
  } catch {
    return false;
  }
}

module.exports = { canConnect, freePort, startTemporalDevServer };
