import type { INestApplication } from '@nestjs/common';

interface ExpressLayer {
  route?: { path: string | string[]; methods: Record<string, boolean> };
}

/**
 * Every route the running app really serves, as "METHOD /path" with Express's `:param`
 * syntax, read from the Express router after Nest registered its controllers (and Swagger
 * its pages). HEAD and OPTIONS are Express's own and left out.
 */
export function servedRoutes(app: INestApplication): string[] {
  const express = app.getHttpAdapter().getInstance() as { router?: { stack: ExpressLayer[] } };
  const stack = express.router?.stack ?? [];
  const routes = new Set<string>();
  for (const layer of stack) {
    if (!layer.route) continue;
    const paths = Array.isArray(layer.route.path) ? layer.route.path : [layer.route.path];
    const methods = Object.entries(layer.route.methods);
    // Nest mounts middleware (the request logger) with `all`, which lists every HTTP method;
    // no controller here answers every method.
    if (methods.length > 20) continue;
    for (const [method, on] of methods) {
      if (!on || method === '_all' || method === 'head' || method === 'options') continue;
      for (const p of paths) routes.add(`${method.toUpperCase()} ${p}`);
    }
  }
  return [...routes].sort();
}

/** True for routes that change state (and so take a body worth validating). */
export function isWrite(route: string): boolean {
  return /^(POST|PUT|PATCH|DELETE) /.test(route);
}
