import { fork, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { DataSource } from 'typeorm';
import { createDataSource } from '@rectiflow/persistence';

const root = path.resolve(__dirname, '../../..');

export interface ClusterInfo {
  url: string;
  dataDir: string;
  readModelUrl: string;
  temporalAddress: string;
  ports: {
    proxy: number;
    frontend: number;
    apis: number[];
    ui: number | null;
    /** Prometheus: each API replica's and worker's METRICS_PORT, and each Temporal service's. */
    appMetrics: Record<string, number>;
    metrics: Record<'frontend' | 'history' | 'matching' | 'worker', number>;
  };
  certs: { ca: string; dir: string; cli: { cert: string; key: string } };
  logDir: string;
}

export interface PostgresInfo {
  url: string;
  dir: string;
  port: number;
}

/**
 * The cluster of `npm run start:cluster` (scripts/cluster/topology.mjs) and private
 * PostgreSQL servers, run by scripts/cluster/remote-control.mjs in a process of their own
 * and driven from the test over IPC: kill a process, start it again, restart PostgreSQL.
 * If the test process dies, that process stops everything it started.
 */
export class ClusterControl {
  private seq = 0;
  private readonly pending = new Map<
    number,
    { resolve: (v: unknown) => void; reject: (e: Error) => void }
  >();

  private constructor(private readonly child: ChildProcess) {
    child.on('message', (m: { id?: number; ok?: boolean; result?: unknown; error?: string }) => {
      if (m.id === undefined) return;
      const p = this.pending.get(m.id);
      this.pending.delete(m.id);
      if (m.ok) p?.resolve(m.result);
      else p?.reject(new Error(m.error));
    });
    child.on('exit', (code) => {
      for (const p of this.pending.values())
        p.reject(new Error(`the cluster's control process exited (${code})`));
      this.pending.clear();
    });
  }

  static async open(): Promise<ClusterControl> {
    const child = fork(path.join(root, 'scripts/cluster/remote-control.mjs'), [], {
      cwd: root,
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    await new Promise<void>((resolve, reject) => {
      child.once('message', () => resolve());
      child.once('exit', (code) => reject(new Error(`remote-control exited (${code})`)));
    });
    return new ClusterControl(child);
  }

  call<T = void>(op: string, args: Record<string, unknown> = {}): Promise<T> {
    const id = ++this.seq;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.child.send({ id, op, args });
    });
  }

  startPostgres(name: string): Promise<PostgresInfo> {
    return this.call('startPostgres', { name });
  }

  restartPostgres(name: string): Promise<void> {
    return this.call('restartPostgres', { name });
  }

  removePostgres(name: string): Promise<void> {
    return this.call('removePostgres', { name });
  }

  /** `kill -9` of one process of the cluster (temporal-history, api-1, worker-2, …). */
  kill(name: string): Promise<void> {
    return this.call('kill', { name });
  }

  start(name: string): Promise<void> {
    return this.call('start', { name });
  }

  /** Processes that died without the test killing them. */
  exits(): Promise<{ name: string; code: number | null; signal: string | null }[]> {
    return this.call('exits');
  }

  stopCluster(): Promise<void> {
    return this.call('stopCluster');
  }

  async close(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise((r) => this.child.once('exit', r));
    this.child.disconnect();
    await exited;
  }
}

export interface ClusterUnderTest {
  control: ClusterControl;
  cluster: ClusterInfo;
  /** The read model, for asserting what landed there. */
  dataSource: DataSource;
  /** Stops the cluster and removes its data folder (its PostgreSQL servers stay until control.close()). */
  stop(): Promise<void>;
}

/**
 * The topology on PostgreSQL `pg`, every port free, the demo organisation seeded, the proxy
 * naming the replica behind each answer. Durations and limits for tests go in `appEnv`.
 */
export async function startCluster(
  control: ClusterControl,
  pg: PostgresInfo,
  { dataDir, appEnv = {} }: { dataDir?: string; appEnv?: Record<string, string> } = {},
): Promise<ClusterUnderTest> {
  const dir = dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'rectiflow-cluster-'));
  const cluster = await control.call<ClusterInfo>('startCluster', {
    root,
    dataDir: dir,
    databaseUrl: pg.url,
    seedDemo: true,
    showUpstream: true,
    appEnv: { LOGIN_RATE_LIMIT: '10000', UPDATE_TIMEOUT: '10s', ...appEnv },
  });
  const dataSource = createDataSource({
    databaseUrl: cluster.readModelUrl,
    dataDir: dir,
    poolSize: 4,
  });
  await dataSource.initialize();
  return {
    control,
    cluster,
    dataSource,
    stop: async () => {
      await dataSource.destroy().catch(() => undefined);
      await control.stopCluster();
      // KEEP_CLUSTER_DIR=1 keeps the data folder (the processes' logs are in logs/) to read.
      if (!process.env.KEEP_CLUSTER_DIR) fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
