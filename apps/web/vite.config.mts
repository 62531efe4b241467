import path from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '../..');

// The API serves dist/web at `/` (apps/api/src/web/web.module.ts); `npm run dev:web` proxies
// /api to an API started with `npm start` for hot reloading.
export default defineConfig({
  root: here,
  base: '/',
  plugins: [react()],
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
  },
  server: {
    port: 5173,
    proxy: { '/api': `http://127.0.0.1:${process.env.PORT ?? 3000}` },
  },
});
