import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import type { INestApplication } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import type { AppConfig } from '@rectiflow/config';
import { ApiClient } from './api-client';
import { startApiServer, testConfig } from './api-server';
import { TcpProxy } from './tcp-proxy';
import { createTestDatabase, type TestDatabase } from './test-database';

const REGISTER = path.join(__dirname, 'ts-register.cjs');
const WORKER = path.join(__dirname, 'worker-process.ts');

const children = new Set<ChildProcess>();
// A crashed test process must not leave workers behind.
process.once('exit', () => {
  for (const child of children) child.kill('SIGKILL');
});

export interface FaultStackOptions {
  env?: Record<string, string>;
  /** Another Temporal server than the run's shared one (a test that stops it). */
  temporalAddress?: string;
  /** PostgreSQL only: API and worker reach the database through a proxy the test can cut. */
  proxyDatabase?: boolean;
  /** The worker process's own settings (WORKFLOW_CACHE_SIZE, METRICS_PORT). */
  workerEnv?: Record<string, string>;
}

/**
 * The product as separate parts a test can break one by one: the API in this process (it can
 * be restarted on the same port), the worker in a child process (it can be killed), the
 * database optionally behind a TCP proxy, and any Temporal server. (test/support/stack.ts is
 * the same product in one piece.)
 */
export class FaultStack {
  app!: INestApplication;
  dataSource!: DataSource;
  api!: ApiClient;
  url = '';
  private port = 0;
  private worker: { child: ChildProcess; exited: Promise<void> } | null = null;
  workerLog = '';

  private constructor(
    readonly config: AppConfig,
    readonly db: TestDatabase,
    readonly proxy: TcpProxy | null,
    private readonly workerEnv: Record<string, string> = {},
  ) {}

  static async start(options: FaultStackOptions = {}): Promise<FaultStack> {
    const db = await createTestDatabase();
    let proxy: TcpProxy | null = null;
    let databaseUrl = db.databaseUrl ?? '';
    if (options.proxyDatabase && db.databaseUrl) {
      const url = new URL(db.databaseUrl);
      proxy = await TcpProxy.start(url.hostname, Number(url.port || 5432));
      url.hostname = '127.0.0.1';
      url.port = String(proxy.port);
      databaseUrl = url.toString();
    }
    const config = testConfig(db, {
      databaseUrl,
      temporalAddress: options.temporalAddress,
      taskQueuePrefix: 'fault',
      logLevel: 'error',
      env: options.env,
    });
    const stack = new FaultStack(config, db, proxy, options.workerEnv);
    await stack.bootApi();
    stack.api = new ApiClient(stack.url);
    await stack.startWorker();
    return stack;
  }

  private async bootApi(): Promise<void> {
    // After a restart, the same port: clients keep their base URL (and their tokens).
    const server = await startApiServer(this.config, this.port);
    this.app = server.app;
    this.port = server.port;
    this.url = server.url;
    this.dataSource = server.dataSource;
  }

  /**
   * Stops the API and starts a new one on the same configuration and port. `abort` drops the
   * requests in flight (the process died) instead of letting them finish.
   */
  async restartApi({ abort = false } = {}): Promise<void> {
    await this.stopApi({ abort });
    await this.startApi();
  }

  async stopApi({ abort = false } = {}): Promise<void> {
    const server = this.app.getHttpServer() as { closeAllConnections(): void };
    if (abort) server.closeAllConnections();
    await this.app.close();
  }

  async startApi(): Promise<void> {
    await this.bootApi();
  }

  /** The worker as a process of its own; answers once it polls. */
  async startWorker(): Promise<void> {
    if (this.worker) return;
    const child = spawn(process.execPath, ['-r', REGISTER, WORKER], {
      cwd: path.resolve(__dirname, '../..'),
      env: {
        ...process.env,
        NODE_ENV: 'test',
        DATA_DIR: this.config.dataDir,
        DATABASE_URL: this.config.databaseUrl ?? '',
        TEMPORAL_ADDRESS: this.config.env.TEMPORAL_ADDRESS,
        TEMPORAL_TASK_QUEUE: this.config.env.TEMPORAL_TASK_QUEUE,
        LOG_LEVEL: 'error',
        ...this.workerEnv,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.add(child);
    const exited = new Promise<void>((resolve) =>
      child.once('exit', () => {
        children.delete(child);
        resolve();
      }),
    );
    child.stderr?.on(
      'data',
      (b: Buffer) => (this.workerLog = (this.workerLog + b.toString()).slice(-20_000)),
    );
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`the worker did not start:\n${this.workerLog}`)),
        60_000,
      );
      child.stdout?.on('data', (b: Buffer) => {
        if (b.toString().includes('worker ready')) {
          clearTimeout(timer);
          resolve();
        }
      });
      void exited.then(() => {
        clearTimeout(timer);
        reject(new Error(`the worker exited while starting:\n${this.workerLog}`));
      });
    });
    this.worker = { child, exited };
  }

  /** The worker process dies at once (SIGKILL): no shutdown, activities in flight abandoned. */
  async killWorker(): Promise<void> {
    const w = this.worker;
    this.worker = null;
    if (!w) return;
    w.child.kill('SIGKILL');
    await w.exited;
  }

  /** A graceful stop (SIGTERM): in-flight tasks finish first. */
  async stopWorker(): Promise<void> {
    const w = this.worker;
    this.worker = null;
    if (!w) return;
    w.child.kill('SIGTERM');
    const killer = setTimeout(() => w.child.kill('SIGKILL'), 20_000);
    await w.exited;
    clearTimeout(killer);
  }

  async close(): Promise<void> {
    await this.stopWorker();
    await this.app?.close();
    await this.proxy?.close();
    await this.db.drop();
  }
}
