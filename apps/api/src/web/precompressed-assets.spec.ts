import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import express from 'express';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { precompressedAssets } from './precompressed-assets';

describe('precompressedAssets', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'rectiflow-web-'));
  const assets = path.join(root, 'assets');
  const js = 'export const a = "' + 'inbox '.repeat(2000) + '";\n';
  const app = express();
  app.use('/assets', precompressedAssets(root));
  app.use(express.static(root));

  beforeAll(() => {
    fs.mkdirSync(assets);
    fs.writeFileSync(path.join(assets, 'app-1.js'), js);
    fs.writeFileSync(path.join(assets, 'app-1.js.br'), zlib.brotliCompressSync(js));
    fs.writeFileSync(path.join(assets, 'app-1.js.gz'), zlib.gzipSync(js));
    // A bundle the build left only gzipped, and one left plain.
    fs.writeFileSync(path.join(assets, 'gz-only-1.css'), 'a{}');
    fs.writeFileSync(path.join(assets, 'gz-only-1.css.gz'), zlib.gzipSync('a{}'));
    fs.writeFileSync(path.join(assets, 'plain-1.js'), 'export {};');
  });
  let server: http.Server;
  beforeAll(
    () => new Promise<void>((resolve) => (server = app.listen(0, '127.0.0.1', () => resolve()))),
  );
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    fs.rmSync(root, { recursive: true, force: true });
  });

  // The raw bytes as sent (node:http does not decode), so the encoding itself is checked.
  const raw = (url: string, acceptEncoding: string) =>
    new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }>(
      (resolve, reject) => {
        const { port } = server.address() as AddressInfo;
        http
          .get(
            { host: '127.0.0.1', port, path: url, headers: { 'accept-encoding': acceptEncoding } },
            (res) => {
              const chunks: Buffer[] = [];
              res.on('data', (c: Buffer) => chunks.push(c));
              res.on('end', () =>
                resolve({
                  status: res.statusCode ?? 0,
                  headers: res.headers,
                  body: Buffer.concat(chunks),
                }),
              );
            },
          )
          .on('error', reject);
      },
    );

  it('sends the brotli file to a browser that accepts brotli, typed as the bundle', async () => {
    const res = await raw('/assets/app-1.js', 'gzip, deflate, br');
    expect(res.status).toBe(200);
    expect(res.headers['content-encoding']).toBe('br');
    expect(res.headers['content-type']).toMatch(/^text\/javascript|^application\/javascript/);
    expect(res.headers['vary']).toMatch(/Accept-Encoding/);
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(zlib.brotliDecompressSync(res.body).toString()).toBe(js);
    expect(Number(res.headers['content-length'])).toBeLessThan(js.length / 10);
  });

  it('sends gzip where brotli is not accepted or not there', async () => {
    const gz = await raw('/assets/app-1.js', 'gzip');
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(zlib.gunzipSync(gz.body).toString()).toBe(js);
    const css = await raw('/assets/gz-only-1.css', 'br, gzip');
    expect(css.headers['content-encoding']).toBe('gzip');
    expect(css.headers['content-type']).toMatch(/^text\/css/);
  });

  it('leaves the plain file to the static handler otherwise', async () => {
    const identity = await raw('/assets/app-1.js', 'identity');
    expect(identity.headers['content-encoding']).toBeUndefined();
    expect(identity.body.toString()).toBe(js);
    const plain = await raw('/assets/plain-1.js', 'br, gzip');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.toString()).toBe('export {};');
    expect((await raw('/assets/missing-1.js', 'br')).status).toBe(404);
    // Never a way out of the folder.
    expect((await raw('/assets/..%2F..%2Fetc%2Fpasswd', 'br')).status).toBe(404);
  });
});
