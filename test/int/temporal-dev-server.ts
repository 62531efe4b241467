import { spawn, type ChildProcess } from 'node:child_process';
import * as net from 'node:net';

/**
 * A Temporal dev server of a test's own, persisted to a SQLite file so it can be stopped and
 * started again on the same data. (scripts/temporal-dev-server.mjs is ESM and can be loaded
 * only from jest's global setup, so the few lines it takes to spawn the CLI live here too.)
 */
export interface OwnDevServer {
  address: string;
  port: number;
  stop(): Promise<void>;
}

const HOST = '127.0.0.1';

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.on('error', reject);
    srv.listen(0, HOST, () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

const running = new Set<ChildProcess>();
// A crashed test process must not leave servers behind.
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

interface StartOptions {
  dbFile: string;
  port?: number;
  dynamicConfig?: Record<string, string | number | boolean>;
  readyTimeoutMs?: number;
}

export async function startOwnDevServer(opts: StartOptions): Promise<OwnDevServer> {
  // A free port can be taken by another process before the server binds it (the machine is
  // shared); such a start is tried again on fresh ports.
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnce(opts);
    } catch (err) {
      if (attempt >= 3 || !/address already in use/.test(String(err))) throw err;
    }
  }
}

async function startOnce(opts: StartOptions): Promise<OwnDevServer> {
  const cli = process.env.TEMPORAL_CLI_PATH;
  if (!cli) throw new Error('TEMPORAL_CLI_PATH is not set (the jest global setup sets it)');
  const port = opts.port ?? (await freePort());
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
    '--headless',
  ];
  args.push('--db-filename', opts.dbFile, '--log-level', 'error');
  for (const [key, value] of Object.entries(opts.dynamicConfig ?? {}))
    args.push('--dynamic-config-value', `${key}=${JSON.stringify(value)}`);
  const child = spawn(cli, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  running.add(child);
  let stderr = '';
  child.stderr?.on('data', (b: Buffer) => (stderr = (stderr + b.toString()).slice(-4000)));
  const exited = new Promise<void>((resolve) =>
    child.once('exit', () => {
      running.delete(child);
      resolve();
    }),
  );
  let gone = false;
  void exited.then(() => (gone = true));

  const deadline = Date.now() + (opts.readyTimeoutMs ?? 60_000);
  for (;;) {
    if (gone) throw new Error(`temporal server start-dev exited before it was ready:\n${stderr}`);
    try {
      const res = await fetch(`http://${HOST}:${httpPort}/api/v1/namespaces/default`, {
        signal: AbortSignal.timeout(2000),
      });
      await res.arrayBuffer();
      if (res.ok) break;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`temporal server start-dev was not ready within the deadline:\n${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }

  return {
    address: `${HOST}:${port}`,
    port,
    stop: async () => {
      if (gone) return;
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(killer);
    },
  };
}
