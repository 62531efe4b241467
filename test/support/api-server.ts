import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { loadConfig, type AppConfig } from '@rectiflow/config';
import { AppModule } from '../../apps/api/src/app.module';
import { configureApp } from '../../apps/api/src/http/configure-app';
import type { TestDatabase } from './test-database';

/** The run's shared Temporal server (started by the jest global setup). */
export function temporalAddress(): string {
  const address = process.env.RECTIFLOW_TEST_TEMPORAL_ADDRESS;
  if (!address) throw new Error('the jest global setup did not start a Temporal server');
  return address;
}

export interface TestConfigOptions {
  /** Overrides of the configuration (durations, limits, SMTP_URL, …). */
  env?: Record<string, string>;
  /** The database as the product reaches it (a proxy in front of it), if not directly. */
  databaseUrl?: string;
  /** Another Temporal server than the run's shared one. */
  temporalAddress?: string;
  /** Prefix of the stack's own task queue, so stacks never take each other's work. */
  taskQueuePrefix?: string;
  logLevel?: string;
}

/** The configuration of a test stack: the demo organisation on a fresh database. */
export function testConfig(db: TestDatabase, options: TestConfigOptions = {}): AppConfig {
  return loadConfig({
    NODE_ENV: 'test',
    DATA_DIR: db.dataDir,
    DATABASE_URL: options.databaseUrl ?? db.databaseUrl ?? '',
    TEMPORAL_ADDRESS: options.temporalAddress ?? temporalAddress(),
    TEMPORAL_TASK_QUEUE: `${options.taskQueuePrefix ?? 'test'}-${randomUUID()}`,
    SEED_DEMO: 'true',
    LOG_LEVEL: options.logLevel ?? 'warn',
    LOGIN_RATE_LIMIT: '10000',
    PUBLIC_COMMENT_RATE_LIMIT: '10000',
    PUBLIC_COMMENT_GLOBAL_RATE_LIMIT: '10000',
    ...options.env,
  });
}

export interface ApiServer {
  app: INestApplication;
  url: string;
  port: number;
  /** The API's DataSource, for asserting what landed in the read model. */
  dataSource: DataSource;
}

/**
 * The Nest API in this process on 127.0.0.1, on `port` (0: a free one). A port just given up by
 * an API that stopped is retried for a few seconds, so a restarted API keeps its clients' URL.
 */
export async function startApiServer(config: AppConfig, port = 0): Promise<ApiServer> {
  const app = await NestFactory.create(AppModule.forRoot(config), { logger: ['error'] });
  configureApp(app, config);
  for (let attempt = 0; ; attempt++) {
    try {
      await app.listen(port, '127.0.0.1');
      break;
    } catch (err) {
      if (attempt >= 20 || !String(err).includes('EADDRINUSE')) throw err;
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  const bound = (app.getHttpServer().address() as { port: number }).port;
  return { app, url: `http://127.0.0.1:${bound}`, port: bound, dataSource: app.get(DataSource) };
}
