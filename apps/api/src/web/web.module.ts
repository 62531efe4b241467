import * as fs from 'node:fs';
import * as path from 'node:path';
import { Logger, Module, type DynamicModule } from '@nestjs/common';
import { ServeStaticModule } from '@nestjs/serve-static';
import type { Response } from 'express';
import type { AppConfig } from '@rectiflow/config';

/**
 * dist/web from wherever this file runs: dist/apps/api/src/web (npm start, the image) or
 * apps/api/src/web (tests run the sources); the first ancestor holding dist/web/index.html
 * wins. Never apps/web itself: that index.html is the unbuilt source.
 */
export function findWebRoot(from = __dirname): string | null {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'dist', 'web');
    if (fs.existsSync(path.join(candidate, 'index.html'))) return candidate;
    if (path.dirname(dir) === dir) return null;
  }
}

/** Hashed bundles never change under their name; index.html must be fetched fresh after a build. */
function cacheHeaders(res: Response, file: string): void {
  const hashed = file.split(path.sep).includes('assets');
  res.setHeader('Cache-Control', hashed ? 'public, max-age=31536000, immutable' : 'no-cache');
}

/**
 * The built web app at `/` (SERVE_WEB, on in the embedded default). Client-side routes fall
 * back to index.html; everything under /api stays the API's, so an unknown /api path is the
 * API's JSON 404, never the app's HTML.
 */
@Module({})
export class WebModule {
  static forRoot(config: AppConfig | undefined): DynamicModule {
    if (!config?.serveWeb) return { module: WebModule };
    const root = findWebRoot();
    if (!root) {
      new Logger('Web').warn(
        'SERVE_WEB is on but dist/web/index.html is missing: run `npm run build:web`',
      );
      return { module: WebModule };
    }
    return {
      module: WebModule,
      imports: [
        ServeStaticModule.forRoot({
          rootPath: root,
          // A missing hashed bundle is a 404, not the app's HTML under a .js name.
          exclude: ['/api/{*rest}', '/assets/{*rest}'],
          serveStaticOptions: { setHeaders: cacheHeaders },
        }),
      ],
    };
  }
}
