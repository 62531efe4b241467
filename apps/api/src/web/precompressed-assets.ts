import * as fs from 'node:fs';
import * as path from 'node:path';
import type { NextFunction, Request, RequestHandler, Response } from 'express';

/** What the build leaves beside each bundle (apps/web/vite.config.mts, precompress), best first. */
const ENCODINGS = [
  { name: 'br', suffix: '.br' },
  { name: 'gzip', suffix: '.gz' },
] as const;

const BUNDLE = /^\/[\w.-]+\.(js|css)$/;

/**
 * The web app's hashed bundles (`/assets/*.js|css`) in the compressed form the build wrote
 * beside them (brotli, else gzip), as the browser accepts: no compressing per request, and the
 * bytes the browser waits for before the inbox are a third of the plain ones (BENCH.md, web
 * load). A browser that accepts neither, or a bundle without its compressed files, gets the
 * plain file from the static handler behind this one.
 */
export function precompressedAssets(webRoot: string): RequestHandler {
  const assets = path.join(webRoot, 'assets');
  // Hashed names never change their bytes: each answer, once found, is kept.
  const found = new Map<string, boolean>();
  const exists = (file: string): boolean => {
    let known = found.get(file);
    if (known === undefined) {
      known = fs.existsSync(file);
      found.set(file, known);
    }
    return known;
  };
  return (req: Request, res: Response, next: NextFunction) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || !BUNDLE.test(req.path)) return next();
    // The answer depends on Accept-Encoding, compressed or not: caches must keep them apart.
    res.vary('Accept-Encoding');
    const plain = path.join(assets, req.path.slice(1));
    for (const encoding of ENCODINGS) {
      if (req.acceptsEncodings(encoding.name) !== encoding.name) continue;
      const file = plain + encoding.suffix;
      if (!exists(file)) continue;
      res.setHeader('Content-Encoding', encoding.name);
      // The type of the bundle, not of its .br or .gz (send keeps a type already set).
      res.type(path.extname(plain));
      res.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
      res.sendFile(file, { acceptRanges: false }, (err) => {
        if (!err) return;
        found.delete(file);
        if (!res.headersSent) {
          res.removeHeader('Content-Encoding');
          res.removeHeader('Content-Type');
          next();
        }
      });
      return;
    }
    next();
  };
}
