import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { loadConfig } from '@rectiflow/config';
import { AppModule } from './app.module';
import { configureApp } from './http/configure-app';

async function bootstrap(): Promise<void> {
  const config = loadConfig();
  const app = await NestFactory.create(AppModule.forRoot(config), { bufferLogs: true });
  app.useLogger(app.get(Logger));
  configureApp(app, config);
  await app.listen(config.env.PORT, config.env.HOST);
  app
    .get(Logger)
    .log(`API on http://${config.env.HOST}:${config.env.PORT}/api (docs at /api/docs)`);
}

bootstrap().catch((err) => {
  console.error(err);
  process.exit(1);
});
