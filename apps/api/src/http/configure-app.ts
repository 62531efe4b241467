import { BadRequestException, ValidationPipe, type INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import helmet from 'helmet';
import { json, text, urlencoded } from 'express';
import type { AppConfig } from '@rectiflow/config';
import { validationMessages } from './validation-messages';

/** Everything `main.ts` and the tests set on the Nest app beside its modules. */
export function configureApp(app: INestApplication, config: AppConfig): void {
  app.setGlobalPrefix('api');
  app.use(helmet({ contentSecurityPolicy: false }));
  app.use(json({ limit: '2mb' }));
  app.use(urlencoded({ extended: false, limit: '1mb' }));
  app.use(text({ type: 'text/plain', limit: '5mb' }));
  const origins = config.env.CORS_ORIGINS.split(',').map((o) => o.trim()).filter(Boolean);
  if (origins.length > 0) app.enableCors({ origin: origins, credentials: false });
  app.useGlobalPipes(
    new ValidationPipe({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      exceptionFactory: (errors) => new BadRequestException(validationMessages(errors)),
    }),
  );
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('rectiflow')
      .setDescription('巡察整改 workflow engine: inboxes, tasks, findings, rounds, evidence, audit')
      .setVersion('0.1.0')
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup('api/docs', app, document);
  app.enableShutdownHooks();
}
