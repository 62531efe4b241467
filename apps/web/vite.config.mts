import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '../..');

const brotli = promisify(zlib.brotliCompress);
const gzip = promisify(zlib.gzip);

/**
 * Each bundle also as .br (brotli, best) and .gz (gzip -9) beside it, once at build time: the
 * API hands these out as the browser accepts (apps/api/src/web/precompressed-assets.ts) without
 * compressing on every request.
 */
function precompress(): Plugin {
  return {
    name: 'rectiflow-precompress',
    apply: 'build',
    async writeBundle(options, bundle) {
      const dir = options.dir ?? path.join(repo, 'dist/web');
      const files = Object.keys(bundle).filter((f) => /\.(js|css)$/.test(f));
      await Promise.all(
        files.map(async (f) => {
          const file = path.join(dir, f);
          const bytes = await fs.readFile(file);
          const [br, gz] = await Promise.all([
            brotli(bytes, {
              params: {
                [zlib.constants.BROTLI_PARAM_QUALITY]: zlib.constants.BROTLI_MAX_QUALITY,
                [zlib.constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
              },
            }),
            gzip(bytes, { level: 9 }),
          ]);
          await Promise.all([fs.writeFile(`${file}.br`, br), fs.writeFile(`${file}.gz`, gz)]);
        }),
      );
    },
  };
}

// The API serves dist/web at `/` (apps/api/src/web/web.module.ts); `npm run dev:web` proxies
// /api to an API started with `npm start` for hot reloading.
export default defineConfig({
  root: here,
  base: '/',
  plugins: [react(), precompress()],
  resolve: {
    // Types and the pure vocabulary come from the same libs the API uses, never retyped.
    alias: {
      '@rectiflow/domain': path.join(repo, 'libs/domain/src/index.ts'),
      // Listed before its library: the pure form rules, without the Temporal half of contracts.
      '@rectiflow/contracts/web': path.join(repo, 'libs/contracts/src/web/index.ts'),
      '@rectiflow/contracts': path.join(repo, 'libs/contracts/src/index.ts'),
      '@rectiflow/importer': path.join(repo, 'libs/importer/src/index.ts'),
    },
  },
  build: {
    outDir: path.join(repo, 'dist/web'),
    emptyOutDir: true,
    chunkSizeWarningLimit: 2000,
    rolldownOptions: {
      output: {
        // Vendor chunks that change only when a dependency does, so an app release leaves them
        // cached (hashed names, a year's max-age), and none of them drawn in by a page that
        // does not use it: ECharts loads with the dashboard alone.
        codeSplitting: {
          groups: [
            {
              name: 'vendor-react',
              test: /[\\/]node_modules[\\/](react|react-dom|scheduler|react-router|react-router-dom|i18next|react-i18next)[\\/]/,
              priority: 3,
            },
            {
              name: 'vendor-echarts',
              test: /[\\/]node_modules[\\/](echarts|zrender|echarts-for-react|size-sensor)[\\/]/,
              priority: 2,
            },
            {
              // The antd the shell itself needs (sign-in, layout); the components only some
              // pages use (tables, date pickers, uploads) stay in chunks of their own.
              name: 'vendor-antd',
              test: /[\\/]node_modules[\\/](antd|@ant-design|@rc-component|rc-[^\\/]+|dayjs)[\\/]/,
              tags: ['$initial'],
              priority: 1,
            },
          ],
        },
      },
      treeshake: {
        // The libs the app shares with the API are pure declarations: a module none of whose
        // exports the app uses is left out whole (the zod schemas of @rectiflow/domain, for
        // one, are the API's and the workflows'; the app takes only their types).
        moduleSideEffects: (id) =>
          /[\\/]libs[\\/][^\\/]+[\\/]src[\\/]/.test(id) ? false : undefined,
      },
    },
  },
  server: {
    port: 5173,
    proxy: { '/api': `http://127.0.0.1:${process.env.PORT ?? 3000}` },
  },
});
