// Child processes of the bench: each in its own process group (so a terminal Ctrl-C reaches
// only the bench, which then stops them in order), output kept as a tail for error reports,
// and an unexpected exit turned into a failure of the run. The apps also get
// RECTIFLOW_PARENT_PID (watched by scripts/register-paths.cjs), so if the bench is killed
// outright they exit by themselves; the Temporal dev server has its guardian for that.

import { spawn } from 'node:child_process';
import fs from 'node:fs';

const STOP_GRACE_MS = 10_000;

export class ChildProcesses {
  /**
   * @param {{ cwd: string, log: (msg: string) => void, verbose: boolean }} opts
   */
  constructor({ cwd, log, verbose }) {
    this.cwd = cwd;
    this.log = log;
    this.verbose = verbose;
    /** @type {Set<Managed>} */
    this.running = new Set();
    this.stopping = false;
    /** Rejects when a child dies while we still need it. */
    let fail;
    this.crashed = new Promise((_, reject) => (fail = reject));
    this.crashed.catch(() => undefined);
    this.fail = fail;
  }

  /**
   * Spawns `node <args>` (no shell, so the pid is node's own: /proc figures are the app's).
   * @param {string} name
   * @param {string[]} args
   * @param {Record<string, string>} env added to (and overriding) the bench's environment
   * @returns {Managed}
   */
  startNode(name, args, env) {
    const child = spawn(process.execPath, args, {
      cwd: this.cwd,
      env: { ...process.env, ...env, RECTIFLOW_PARENT_PID: String(process.pid) },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    const managed = new Managed(name, child, this.verbose ? this.log : null);
    this.running.add(managed);
    child.on('exit', (code, signal) => {
      this.running.delete(managed);
      if (!managed.stopRequested && !this.stopping) {
        this.fail(
          new Error(
            `${name} exited unexpectedly (${signal ?? `code ${code}`}); its last output:\n${managed.tail()}`,
          ),
        );
      }
    });
    child.on('error', (e) => this.fail(new Error(`cannot start ${name}: ${e.message}`)));
    return managed;
  }

  /** Stops every child still running, newest first. */
  async stopAll() {
    this.stopping = true;
    for (const m of [...this.running].reverse()) await m.stop();
  }
}

class Managed {
  constructor(name, child, log) {
    this.name = name;
    this.child = child;
    this.pid = child.pid;
    this.stopRequested = false;
    this.lines = [];
    this.waiters = [];
    this.exited = new Promise((resolve) =>
      child.on('exit', (code, signal) => resolve({ code, signal })),
    );
    const onData = (buf) => {
      for (const line of buf.toString().split('\n')) {
        if (!line.trim()) continue;
        this.lines.push(line);
        if (this.lines.length > 60) this.lines.shift();
        if (log) log(`[${name}] ${line}`);
        for (const w of [...this.waiters]) {
          if (w.re.test(line)) {
            this.waiters.splice(this.waiters.indexOf(w), 1);
            w.resolve(line);
          }
        }
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
  }

  tail() {
    return this.lines.slice(-30).join('\n') || '(no output)';
  }

  /** Resolves with the first output line matching `re`; rejects after `timeoutMs`. */
  waitForLine(re, timeoutMs) {
    const seen = this.lines.find((l) => re.test(l));
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const w = { re, resolve };
      this.waiters.push(w);
      setTimeout(() => {
        const i = this.waiters.indexOf(w);
        if (i < 0) return;
        this.waiters.splice(i, 1);
        reject(
          new Error(
            `${this.name} did not print ${re} within ${timeoutMs / 1000}s:\n${this.tail()}`,
          ),
        );
      }, timeoutMs).unref();
    });
  }

  signalGroup(signal) {
    try {
      process.kill(-this.pid, signal);
    } catch {
      try {
        process.kill(this.pid, signal);
      } catch {
        /* already gone */
      }
    }
  }

  /** SIGTERM (the apps shut down gracefully), SIGKILL after a grace period. */
  async stop() {
    this.stopRequested = true;
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.signalGroup('SIGTERM');
    const timer = new Promise((r) => setTimeout(() => r('timeout'), STOP_GRACE_MS).unref());
    if ((await Promise.race([this.exited, timer])) === 'timeout') {
      this.signalGroup('SIGKILL');
      await this.exited;
    }
  }
}

/** Resident set size of a process in MiB (VmRSS of /proc/<pid>/status). */
export function rssMiB(pid) {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const m = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
  if (!m) throw new Error(`no VmRSS for pid ${pid}`);
  return Number(m[1]) / 1024;
}

/** utime + stime of a process (all its threads) in clock ticks, from /proc/<pid>/stat. */
export function cpuTicks(pid) {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name (field 2) may hold spaces and parentheses: fields count from the last ")".
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // fields[0] is field 3 (state); utime is field 14, stime field 15.
  return Number(fields[11]) + Number(fields[12]);
}
