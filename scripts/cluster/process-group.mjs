// The cluster's processes: each under a guardian (nothing outlives us), its output appended
// to <logDir>/<name>.log and, when asked, echoed to the terminal with its name in front.
// A process that exits unexpectedly is reported to `onExit`, which decides (restart it, or
// stop everything); tests kill and start processes by name.

import fs from 'node:fs';
import path from 'node:path';
import { spawnGuarded } from '../process-guardian.cjs';

const STOP_GRACE_MS = 15_000;

export class ManagedProcess {
  constructor(group, name, spec) {
    this.group = group;
    this.name = name;
    this.spec = spec; // { cmd, args, env, cwd, echo, ready, readyTimeoutMs }
    this.child = null;
    this.exited = null; // promise of the current run's exit
    this.stopping = false;
    this.logFile = path.join(group.logDir, `${name}.log`);
  }

  /** Whether the current run has printed `text` (a readiness line). */
  outputIncludes(text) {
    return this.output.includes(text);
  }

  get pid() {
    return this.child?.serverPid ?? null;
  }

  get running() {
    return this.child !== null;
  }

  /** Starts the process and resolves once its readiness probe answers true. */
  async start() {
    if (this.child) return;
    const { cmd, args, env, cwd, echo, ready, readyTimeoutMs = 90_000 } = this.spec;
    const out = fs.createWriteStream(this.logFile, { flags: 'a' });
    out.write(`\n--- ${new Date().toISOString()} start: ${cmd} ${args.join(' ')}\n`);
    const child = spawnGuarded(cmd, args, {
      env,
      cwd,
      graceMs: STOP_GRACE_MS,
      title: `rectiflow-${this.name}`,
    });
    this.child = child;
    this.stopping = false;
    this.output = '';
    const forward = (buf) => {
      out.write(buf);
      const text = buf.toString();
      this.output = (this.output + text).slice(-20_000);
      if (echo && !this.stopping) {
        for (const line of text.split('\n')) if (line.trim()) this.group.echo(this.name, line);
      }
    };
    child.stdout.on('data', forward);
    child.stderr.on('data', forward);
    this.exited = new Promise((resolve) => {
      child.on('exit', (code, signal) => {
        out.end();
        const expected = this.stopping;
        this.child = null;
        resolve({ code, signal });
        if (!expected) this.group.onExit(this, { code, signal, tail: this.output.slice(-4000) });
      });
    });
    const deadline = Date.now() + readyTimeoutMs;
    for (;;) {
      if (this.child !== child) {
        throw new Error(
          `${this.name} exited while starting (see ${this.logFile}):\n${this.output.trim().slice(-2000)}`,
        );
      }
      if (!ready || (await ready().catch(() => false))) return;
      if (Date.now() > deadline) {
        await this.stop();
        throw new Error(
          `${this.name} was not ready within ${readyTimeoutMs / 1000}s (see ${this.logFile}):\n${this.output.trim().slice(-2000)}`,
        );
      }
      await new Promise((r) => setTimeout(r, 250));
    }
  }

  /** A clean stop: SIGTERM, then SIGKILL after the grace period (the guardian does that). */
  async stop() {
    const child = this.child;
    if (!child) return;
    this.stopping = true;
    child.kill('SIGTERM');
    const force = setTimeout(() => {
      if (this.pid) tryKill(this.pid, 'SIGKILL');
      child.kill('SIGKILL');
    }, STOP_GRACE_MS + 5000);
    await this.exited;
    clearTimeout(force);
  }

  /** The program itself dies at once (`kill -9`), as in a crash; its guardian then exits. */
  async kill() {
    const child = this.child;
    if (!child) return;
    this.stopping = true; // expected by whoever called this: no onExit
    if (this.pid) tryKill(this.pid, 'SIGKILL');
    else child.kill('SIGKILL');
    await this.exited;
  }

  async restart() {
    await this.stop();
    await this.start();
  }
}

function tryKill(pid, signal) {
  try {
    process.kill(pid, signal);
  } catch {
    /* already gone */
  }
}

export class ProcessGroup {
  /**
   * @param {{ logDir: string, echo?: (name: string, line: string) => void,
   *   onExit?: (p: ManagedProcess, how: { code: number|null, signal: string|null, tail: string }) => void }} opts
   */
  constructor({ logDir, echo = () => undefined, onExit = () => undefined }) {
    fs.mkdirSync(logDir, { recursive: true });
    this.logDir = logDir;
    this.echo = echo;
    this.onExit = onExit;
    /** @type {Map<string, ManagedProcess>} */
    this.processes = new Map();
  }

  add(name, spec) {
    const p = new ManagedProcess(this, name, spec);
    this.processes.set(name, p);
    return p;
  }

  get(name) {
    const p = this.processes.get(name);
    if (!p) throw new Error(`no process named ${name}`);
    return p;
  }

  /** Stops the named processes (all, in reverse order of adding, by default) in that order. */
  async stopAll(order = [...this.processes.keys()].reverse()) {
    for (const name of order) await this.processes.get(name)?.stop();
  }
}
