// First: OpenTelemetry (when configured) must instrument node:http before anything loads it.
import { tracing } from './tracing';
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { Logger } from 'nestjs-pino';
import { loadConfig } from '@rectiflow/config';
import { AppModule } from './app.module';
import { configureApp } from './http/configure-app';
import { HttpMetrics } from './metrics/http-metrics';

async function bootstrap(): Promise<void> {
  const config = loadConfig();
  const app = await NestFactory.create(AppModule.forRoot(config), { bufferLogs: true });
  app.useLogger(app.get(Logger));
  // First, so every request is counted, answered by a route or not.
  const metrics = config.env.METRICS_PORT ? new HttpMetrics() : null;
  if (metrics) app.use(metrics.middleware);
  configureApp(app, config);
  await app.listen(config.env.PORT, config.env.HOST);
  if (metrics && config.env.METRICS_PORT) {
    metrics.watchOutbox(app.get(DataSource));
    const server = await metrics.serve(config.env.METRICS_PORT, config.env.HOST);
    app.get(Logger).log(`metrics on http://${config.env.HOST}:${config.env.METRICS_PORT}/metrics`);
    server.unref(); // the API's own server decides when the process ends
  }
  if (tracing) {
    // Spans still buffered are exported when the API is stopped.
    const { shutdown } = tracing;
    for (const signal of ['SIGTERM', 'SIGINT'] as const)
      process.once(signal, () => void shutdown());
  }
  app
    .get(Logger)
    .log(`API on http://${config.env.HOST}:${config.env.PORT}/api (docs at /api/docs)`);
}

bootstrap().catch((err) => {
  console.error(err);
  process.exit(1);
});
