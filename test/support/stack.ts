import 'reflect-metadata';
import * as fs from 'node:fs';
import type { INestApplication } from '@nestjs/common';
import { NativeConnection, Runtime, DefaultLogger, type Worker } from '@temporalio/worker';
import type { DataSource } from 'typeorm';
import { loadPayloadKeys, type AppConfig, type Tracing } from '@rectiflow/config';
import { createDataSource } from '@rectiflow/persistence';
import { createFindingWorker } from '../../apps/worker/src/finding-worker';
import { startApiServer, testConfig } from './api-server';
import { createTestDatabase, type TestDatabase } from './test-database';

export { temporalAddress } from './api-server';

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

/**
 * The whole product in-process for one test file: the Nest API on a free port and a worker
 * with real activities, on a real Temporal server and a fresh database, with its own task
 * queue so stacks never take each other's work. `env` overrides configuration (durations);
 * TEMPORAL_ADDRESS in it puts the stack on a server of the test's own.
 * (test/support/fault-stack.ts is the same product in parts a test can break one by one.)
 */
export async function startStack(
  env: Record<string, string> = {},
  options: {
    db?: TestDatabase;
    port?: number;
    /** Tracing (startTracing) for the worker; with it, `workflowBundle` is the traced bundle. */
    tracing?: Tracing;
    workflowBundle?: { code: string };
  } = {},
): Promise<TestStack> {
  if (!runtimeInstalled) {
    Runtime.install({ logger: new DefaultLogger('WARN') });
    runtimeInstalled = true;
  }
  // A database of the test's own (e.g. one an earlier release made), or a fresh one.
  const db = options.db ?? (await createTestDatabase());
  const config = testConfig(db, { env });
  const { app, url, dataSource } = await startApiServer(config, options.port);

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
      workflowBundle: options.workflowBundle ?? workflowBundle(),
      smtpUrl: config.env.SMTP_URL ?? null,
      mailFrom: config.env.MAIL_FROM,
      payloadKeys: loadPayloadKeys(config),
      tracing: options.tracing,
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
