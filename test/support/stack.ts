import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NativeConnection, Runtime, DefaultLogger, type Worker } from '@temporalio/worker';
import { DataSource } from 'typeorm';
import { loadConfig, type AppConfig } from '@rectiflow/config';
import { createDataSource } from '@rectiflow/persistence';
import { AppModule } from '../../apps/api/src/app.module';
import { configureApp } from '../../apps/api/src/http/configure-app';
import { createFindingWorker } from '../../apps/worker/src/finding-worker';
import { createTestDatabase, type TestDatabase } from './test-database';

let runtimeInstalled = false;

export interface TestStack {
  url: string;
  config: AppConfig;
  db: TestDatabase;
  app: INestApplication;
  /** The api's DataSource, for asserting what landed in the read model. */
  dataSource: DataSource;
  startWorker(): Promise<void>;
  stopWorker(): Promise<void>;
  close(): Promise<void>;
}

export function workflowBundle(): { code: string } {
  const file = process.env.RECTIFLOW_TEST_WORKFLOW_BUNDLE;
  if (!file) throw new Error('the jest global setup did not bundle the workflows');
  return { code: fs.readFileSync(file, 'utf8') };
}

export function temporalAddress(): string {
  const address = process.env.RECTIFLOW_TEST_TEMPORAL_ADDRESS;
  if (!address) throw new Error('the jest global setup did not start a Temporal server');
  return address;
}

/**
 * The whole product in-process for one test file: the Nest API on a free port and a worker
 * with real activities, on a real Temporal server and a fresh database, with its own task
 * queue so stacks never take each other's work. `env` overrides configuration (durations).
 */
export async function startStack(env: Record<string, string> = {}): Promise<TestStack> {
  if (!runtimeInstalled) {
    Runtime.install({ logger: new DefaultLogger('WARN') });
    runtimeInstalled = true;
  }
  const db = await createTestDatabase();
  const config = loadConfig({
    NODE_ENV: 'test',
    DATA_DIR: db.dataDir,
    DATABASE_URL: db.databaseUrl ?? '',
    TEMPORAL_ADDRESS: temporalAddress(),
    TEMPORAL_TASK_QUEUE: `test-${randomUUID()}`,
    SEED_DEMO: 'true',
    LOG_LEVEL: 'warn',
    LOGIN_RATE_LIMIT: '10000',
    ...env,
  });
  const app = await NestFactory.create(AppModule.forRoot(config), { logger: ['error'] });
  configureApp(app, config);
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address() as { port: number };
  const url = `http://127.0.0.1:${address.port}`;
  const dataSource = app.get(DataSource);

  let worker: {
    worker: Worker;
    running: Promise<void>;
    connection: NativeConnection;
    dataSource: DataSource;
  } | null = null;
  const startWorker = async () => {
    if (worker) return;
    const connection = await NativeConnection.connect({ address: config.env.TEMPORAL_ADDRESS });
    const workerDataSource = createDataSource({
      databaseUrl: config.databaseUrl,
      dataDir: config.dataDir,
    });
    await workerDataSource.initialize();
    const w = await createFindingWorker({
      connection,
      namespace: config.env.TEMPORAL_NAMESPACE,
      taskQueue: config.env.TEMPORAL_TASK_QUEUE,
      dataSource: workerDataSource,
      workflowBundle: workflowBundle(),
      smtpUrl: config.env.SMTP_URL ?? null,
      mailFrom: config.env.MAIL_FROM,
    });
    worker = { worker: w, running: w.run(), connection, dataSource: workerDataSource };
  };
  const stopWorker = async () => {
    if (!worker) return;
    const w = worker;
    worker = null;
    w.worker.shutdown();
    await w.running;
    await w.connection.close();
    await w.dataSource.destroy();
  };
  await startWorker();
  return {
    url,
    config,
    db,
    app,
    dataSource,
    startWorker,
    stopWorker,
    close: async () => {
      await stopWorker();
      await app.close();
      await db.drop();
    },
  };
}
