import 'reflect-metadata';
import * as fs from 'node:fs';
import { DefaultLogger, NativeConnection, Runtime } from '@temporalio/worker';
import { loadConfig, loadPayloadKeys } from '@rectiflow/config';
import { createDataSource } from '@rectiflow/persistence';
import { createFindingWorker, metricsTelemetry } from '../../apps/worker/src/finding-worker';

/**
 * A finding worker in a process of its own (started by fault-stack.ts), configured from the
 * environment like apps/worker/src/main.ts but with the test run's prebuilt workflow bundle.
 * Prints "worker ready" once it polls; SIGTERM shuts it down gracefully, SIGKILL is a crash.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  // METRICS_PORT: the SDK's Prometheus metrics (sticky cache hits and misses), as the worker's
  // entry point serves them.
  Runtime.install({ logger: new DefaultLogger('ERROR'), ...metricsTelemetry(config.env) });
  const dataSource = createDataSource({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    poolSize: config.env.DATABASE_POOL_SIZE,
  });
  await dataSource.initialize();
  const connection = await NativeConnection.connect({ address: config.env.TEMPORAL_ADDRESS });
  const bundle = process.env.RECTIFLOW_TEST_WORKFLOW_BUNDLE;
  if (!bundle) throw new Error('RECTIFLOW_TEST_WORKFLOW_BUNDLE is not set');
  const worker = await createFindingWorker({
    connection,
    namespace: config.env.TEMPORAL_NAMESPACE,
    taskQueue: config.env.TEMPORAL_TASK_QUEUE,
    dataSource,
    workflowBundle: { code: fs.readFileSync(bundle, 'utf8') },
    payloadKeys: loadPayloadKeys(config),
    maxCachedWorkflows: config.env.WORKFLOW_CACHE_SIZE,
  });
  const running = worker.run();
  process.stdout.write('worker ready\n');
  await running;
  await connection.close();
  await dataSource.destroy();
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
