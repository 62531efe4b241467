// Runs a program under a tiny Node "guardian" process that holds an IPC channel to us. If we
// die in any way (even SIGKILL), the channel closes and the guardian stops the program, so
// nothing we start outlives us. Used for the dev server (temporal-dev-server.cjs) and every
// process of the cluster (cluster/process-group.mjs). Depends on Node's built-ins only.

'use strict';

const { spawn } = require('node:child_process');

// Runs in its own `node -e` process: spawns the program (in the guardian's process group),
// forwards termination, and stops the program when its parent goes away (IPC disconnect, or
// being re-parented). It reports the program's pid, so a test can kill the program itself.
const guardianSource = (graceMs, title) => String.raw`
process.title = ${JSON.stringify(title)};
const { spawn } = require('node:child_process');
const [cli, ...args] = process.argv.slice(1);
const child = spawn(cli, args, { stdio: ['ignore', 'inherit', 'inherit'] });
let stopping = false;
function stop() {
  if (stopping) return;
  stopping = true;
  try { child.kill('SIGTERM'); } catch {}
  setTimeout(() => { try { child.kill('SIGKILL'); } catch {} }, ${graceMs}).unref();
}
for (const sig of ['SIGTERM', 'SIGINT', 'SIGHUP']) process.on(sig, stop);
process.on('disconnect', stop);
const ppid = process.ppid;
const watch = setInterval(() => { if (process.ppid !== ppid) stop(); }, 1000);
child.on('error', (e) => {
  process.stderr.write('cannot run ' + cli + ': ' + e.message + '\n');
  process.exit(127);
});
child.on('spawn', () => { try { process.send({ serverPid: child.pid }); } catch {} });
child.on('exit', (code, signal) => {
  clearInterval(watch);
  if (signal && !stopping) process.stderr.write(require('node:path').basename(cli) + ' killed by ' + signal + '\n');
  process.exit(code ?? (stopping ? 0 : 1));
});
`;

/**
 * Spawns `cmd args` under a guardian, in a process group of its own (a terminal Ctrl-C reaches
 * only us; we stop our children in order). stdout/stderr are pipes. The guardian's
 * `serverPid` property is set once the program runs (message `{ serverPid }`).
 * @param {string} cmd
 * @param {string[]} args
 * @param {{ env?: NodeJS.ProcessEnv, cwd?: string, graceMs?: number, title?: string }} [opts]
 */
function spawnGuarded(
  cmd,
  args,
  { env, cwd, graceMs = 10_000, title = 'rectiflow-guardian' } = {},
) {
  const child = spawn(process.execPath, ['-e', guardianSource(graceMs, title), cmd, ...args], {
    env,
    cwd,
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    detached: true,
  });
  child.serverPid = null;
  child.on('message', (m) => {
    if (m && typeof m.serverPid === 'number') child.serverPid = m.serverPid;
  });
  return child;
}

/** True while a process of this pid exists (EPERM: it does, as another user's). */
function pidAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return e.code === 'EPERM';
  }
}

module.exports = { pidAlive, spawnGuarded };
