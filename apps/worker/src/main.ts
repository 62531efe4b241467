import 'reflect-metadata';
import { Runtime, DefaultLogger } from '@temporalio/worker';
import { loadConfig, loadPayloadKeys, startTracing, temporalTlsOptions } from '@rectiflow/config';
import { createDataSource, runMigrationsWithRetry } from '@rectiflow/persistence';
import { connectWithRetry, createFindingWorker, metricsTelemetry } from './finding-worker';
import {
  WORKFLOW_SEMI_SPACE_MB,
  defaultWorkflowHeapMb,
  sizeWorkflowThreadHeap,
} from './workflow-heap';

async function main(): Promise<void> {
  const config = loadConfig();
  // OpenTelemetry traces when OTEL_EXPORTER_OTLP_ENDPOINT or OTEL_TRACES_EXPORTER is set.
  const tracing = startTracing('rectiflow-worker');
  Runtime.install({
    logger: new DefaultLogger(config.env.LOG_LEVEL === 'debug' ? 'DEBUG' : 'WARN'),
    ...metricsTelemetry(config.env),
  });
  const dataSource = createDataSource({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    poolSize: config.env.DATABASE_POOL_SIZE,
  });
  await dataSource.initialize();
  await runMigrationsWithRetry(dataSource);
  const connection = await connectWithRetry(
    config.env.TEMPORAL_ADDRESS,
    60_000,
    temporalTlsOptions(config.temporalTls),
  );
  // Before createFindingWorker: its Worker.create starts the workflow thread, which takes them.
  const cacheSize = config.env.WORKFLOW_CACHE_SIZE;
  sizeWorkflowThreadHeap({
    oldSpaceMb: config.env.WORKFLOW_HEAP_MB ?? defaultWorkflowHeapMb(cacheSize, tracing !== null),
    semiSpaceMb: WORKFLOW_SEMI_SPACE_MB,
  });
  const worker = await createFindingWorker({
    connection,
    namespace: config.env.TEMPORAL_NAMESPACE,
    taskQueue: config.env.TEMPORAL_TASK_QUEUE,
    dataSource,
    smtpUrl: config.env.SMTP_URL ?? null,
    mailFrom: config.env.MAIL_FROM,
    payloadKeys: loadPayloadKeys(config),
    tracing,
    maxCachedWorkflows: cacheSize,
  });
  const mail = config.env.SMTP_URL
    ? `, e-mail via ${new URL(config.env.SMTP_URL).host}`
    : ', no e-mail (SMTP_URL unset)';
  console.log(
    `worker polling ${config.env.TEMPORAL_ADDRESS} (${config.databaseUrl ? 'PostgreSQL' : 'SQLite'} read model${mail}${tracing ? ', tracing on' : ''})`,
  );
  // run() resolves after SIGINT/SIGTERM once in-flight tasks are done (the SDK's default
  // shutdown signals); then the connections close.
  await worker.run();
  await connection.close();
  await dataSource.destroy();
  await tracing?.shutdown(); // exports the spans still buffered
  console.log('worker stopped');
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
