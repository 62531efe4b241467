import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Connection } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { pidAlive } from '../../scripts/process-guardian.cjs';
import {
  startTemporalDevServer,
  type TemporalDevServer,
} from '../../scripts/temporal-dev-server.cjs';
import { pollUntil } from './poll';

/**
 * Temporal dev servers for tests, through the one launcher `npm start` and the benchmark use
 * (scripts/temporal-dev-server.cjs): the run's shared server (the jest global setup) and
 * servers of a test's own that it stops and starts again.
 */

/** The Temporal CLI the jest global setup found or built. */
export function temporalCliPath(): string {
  const cli = process.env.TEMPORAL_CLI_PATH;
  if (!cli) throw new Error('TEMPORAL_CLI_PATH is not set (the jest global setup sets it)');
  return cli;
}

/**
 * The run's shared server (no UI), for the jest global setup: a server of its own that does not
 * keep jest's event loop alive, its SQLite file on tmpfs where there is one. Not in memory: a
 * CI run lost the "default" namespace mid-run, after the server's queries were interrupted
 * under load, and every later suite failed; an in-memory SQLite database is gone once its last
 * connection closes, the likely cause. close() removes the file; a run killed before it is
 * cleaned up by the next (the folder names its pid).
 */
export async function startSharedDevServer(): Promise<OwnDevServer> {
  const base = isWritableDir('/dev/shm') ? '/dev/shm' : os.tmpdir();
  removeOrphans(base);
  const dir = fs.mkdtempSync(path.join(base, `${SHARED_PREFIX}${process.pid}-`));
  return OwnDevServer.start({ dir, keepAlive: false });
}

const SHARED_PREFIX = 'rectiflow-temporal-shared-';

/** Folders of shared servers whose jest process is gone (killed before its teardown). */
function removeOrphans(base: string): void {
  for (const name of fs.readdirSync(base)) {
    if (!name.startsWith(SHARED_PREFIX)) continue;
    const pid = Number(name.slice(SHARED_PREFIX.length).split('-')[0]);
    if (!Number.isInteger(pid) || pid <= 0 || pidAlive(pid)) continue;
    fs.rmSync(path.join(base, name), { recursive: true, force: true });
  }
}

function isWritableDir(dir: string): boolean {
  try {
    fs.accessSync(dir, fs.constants.W_OK);
    return fs.statSync(dir).isDirectory();
  } catch {
    return false;
  }
}

export interface OwnDevServerOptions {
  /** Dynamic config values, e.g. a low `limit.historyCount.suggestContinueAsNew`. */
  dynamicConfig?: Record<string, string | number | boolean>;
  /**
   * A folder whose `temporal.db` the server takes over (e.g. a recorded deployment's data);
   * by default a new temporary one. Either way close() removes it.
   */
  dir?: string;
  /** false: the server does not keep the event loop alive (a jest global setup's). */
  keepAlive?: boolean;
}

/**
 * A Temporal dev server of a test's own, persisted to a SQLite file in a temporary folder, so
 * the test can stop it and start it again on the same port and data, as an operator would.
 */
export class OwnDevServer {
  private constructor(
    private server: TemporalDevServer | null,
    private readonly dir: string,
    private readonly options: OwnDevServerOptions,
    readonly port: number,
  ) {}

  static async start(options: OwnDevServerOptions = {}): Promise<OwnDevServer> {
    const dir = options.dir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'rectiflow-temporal-'));
    try {
      const server = await launch(dir, options);
      return new OwnDevServer(server, dir, options, server.port);
    } catch (err) {
      fs.rmSync(dir, { recursive: true, force: true });
      throw err;
    }
  }

  /** host:port, the same across restarts. */
  get address(): string {
    return `127.0.0.1:${this.port}`;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    await server?.stop();
  }

  /** Starts it again on its port and database file (after stop()). */
  async restart(): Promise<void> {
    if (this.server) throw new Error('the server is still running; stop() it first');
    this.server = await launch(this.dir, this.options, this.port);
  }

  /** Stops it and removes its data. */
  async close(): Promise<void> {
    await this.stop();
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

async function launch(
  dir: string,
  options: OwnDevServerOptions,
  port?: number,
): Promise<TemporalDevServer> {
  const extraArgs = Object.entries(options.dynamicConfig ?? {}).flatMap(([key, value]) => [
    '--dynamic-config-value',
    `${key}=${JSON.stringify(value)}`,
  ]);
  // A free port can be taken by another process before the server binds it (the machine is
  // shared); such a start is tried again.
  for (let attempt = 1; ; attempt++) {
    try {
      return await startTemporalDevServer({
        cliPath: temporalCliPath(),
        port,
        dbFile: path.join(dir, 'temporal.db'),
        log: () => undefined,
        extraArgs,
        keepAlive: options.keepAlive,
      });
    } catch (err) {
      if (attempt >= 3 || !/already in use/.test(String(err))) throw err;
    }
  }
}

/**
 * Waits until a worker polls the task queue on this server: after a restart the API reconnects
 * at once, a worker only after the SDK's reconnect backoff, and a step sent before that would
 * wait on the task queue past UPDATE_TIMEOUT.
 */
export async function untilWorkerPolls(address: string, taskQueue: string): Promise<void> {
  const connection = await Connection.connect({ address });
  try {
    await pollUntil(
      'a worker to poll the restarted server',
      async () => {
        const { pollers } = await connection.workflowService.describeTaskQueue({
          namespace: 'default',
          taskQueue: { name: taskQueue },
          taskQueueType: temporal.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW,
        });
        return pollers.length > 0;
      },
      60_000,
      500,
    );
  } finally {
    await connection.close();
  }
}

/** A TCP port that is free on 127.0.0.1 right now. */
export { freePort } from '../../scripts/temporal-dev-server.cjs';
