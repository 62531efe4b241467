import { ValidationPipe, type INestApplication } from '@nestjs/common';
import type { ExpressAdapter } from '@nestjs/platform-express';
import { SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import helmet from 'helmet';
import { json, text, urlencoded } from 'express';
import { routeSpanNaming, tracingConfigured, type AppConfig } from '@rectiflow/config';
import { createOpenApiDocument } from '../openapi/openapi-document';
import { precompressedAssets } from '../web/precompressed-assets';
import { findWebRoot } from '../web/web.module';
import { KnownErrorsFilter } from './known-errors.filter';
import {
  answerBodyErrors,
  refuseForeignCharset,
  refuseReservedKeys,
  verifyJsonDepth,
} from './body-guards';
import { setDueDateHorizon, setOrgTimeZone } from './input-hygiene';
import { validationException } from './validation-messages';

/** Request body limits; uploads have their own (UPLOAD_MAX_BYTES, enforced by multer). */
export const BODY_LIMITS = { json: '2mb', urlencoded: '1mb', text: '5mb' } as const;

/** The origins allowed to call the API from a browser; none (same origin only) by default. */
export function corsOrigins(config: AppConfig): string[] {
  return config.env.CORS_ORIGINS.split(',')
    .map((o) => o.trim())
    .filter(Boolean);
}

/** Everything `main.ts` and the tests set on the Nest app beside its modules. */
export function configureApp(app: INestApplication, config: AppConfig): OpenAPIObject {
  app.setGlobalPrefix('api');
  // With tracing on (src/tracing.ts): each request's server span named by its route pattern.
  if (tracingConfigured()) app.use(routeSpanNaming());
  // No ETag on answers: Express would hash every body for it (a SHA-1 over an inbox page on
  // every request), yet API answers are per user and change with every step, and nothing
  // revalidates them. Static files (the web app) keep theirs: serve-static sets its own.
  (app.getHttpAdapter() as ExpressAdapter).set('etag', false);
  // Behind a reverse proxy (TRUST_PROXY, e.g. `loopback`): the client's own address, not the
  // proxy's, is what the login rate limit counts and the logs show.
  if (config.env.TRUST_PROXY) {
    const hops = Number(config.env.TRUST_PROXY);
    (app.getHttpAdapter() as ExpressAdapter).set(
      'trust proxy',
      Number.isInteger(hops) ? hops : config.env.TRUST_PROXY,
    );
  }
  app.use(
    helmet({
      // The web app is a built SPA (own scripts only, React style attributes) and Swagger UI
      // loads its scripts from files, so scripts are limited to our own origin.
      contentSecurityPolicy: {
        directives: {
          'default-src': ["'self'"],
          'script-src': ["'self'"],
          'style-src': ["'self'", "'unsafe-inline'"],
          'img-src': ["'self'", 'data:', 'blob:'],
          // 预览 of a PDF: the browser's own viewer in a frame, from a blob the app fetched.
          'frame-src': ["'self'", 'blob:'],
          'connect-src': ["'self'"],
          'object-src': ["'none'"],
          'frame-ancestors': ["'none'"],
          // Intranet deployments often run plain http: upgrading would break every request.
          'upgrade-insecure-requests': null,
        },
      },
    }),
  );
  // Registered before Nest's own parsers, which then stay off: these limits are the ones.
  // No compressed bodies (`inflate: false`: 415), no charset but UTF-8 (415), JSON no deeper
  // than JSON_MAX_DEPTH (checked on the raw bytes before parsing) and without `__proto__`,
  // `constructor` or `prototype` keys (400 naming the path). Each refusal is answered right
  // here, naming the field or the limit (see answerBodyErrors for why it cannot travel on).
  app.use(refuseForeignCharset);
  app.use(
    json({
      limit: BODY_LIMITS.json,
      inflate: false,
      verify: verifyJsonDepth(config.env.JSON_MAX_DEPTH),
    }),
  );
  app.use(refuseReservedKeys);
  app.use(urlencoded({ extended: false, limit: BODY_LIMITS.urlencoded, inflate: false }));
  app.use(text({ type: 'text/plain', limit: BODY_LIMITS.text, inflate: false }));
  app.use(answerBodyErrors(BODY_LIMITS));
  // The web app's bundles, compressed at build time, ahead of the static handler (WebModule).
  const webRoot = config.serveWeb ? findWebRoot() : null;
  if (webRoot) app.use('/assets', precompressedAssets(webRoot));
  setDueDateHorizon(config.dueDateHorizonMs);
  setOrgTimeZone(config.env.ORG_TIMEZONE);
  const origins = corsOrigins(config);
  // No CORS headers at all unless origins are configured: browsers then refuse cross-origin calls.
  if (origins.length > 0) app.enableCors({ origin: origins, credentials: false, maxAge: 600 });
  app.useGlobalPipes(
    new ValidationPipe({
      whitelist: true,
      forbidNonWhitelisted: true,
      forbidUnknownValues: true,
      transform: true,
      validationError: { target: false, value: false },
      exceptionFactory: (errors) => validationException(errors),
    }),
  );
  const filter = new KnownErrorsFilter(app.getHttpAdapter());
  filter.uploadMaxBytes = config.env.UPLOAD_MAX_BYTES;
  app.useGlobalFilters(filter);
  const document = createOpenApiDocument(app);
  SwaggerModule.setup('api/docs', app, document);
  app.enableShutdownHooks();
  return document;
}
