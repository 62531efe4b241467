// The embedded product as the bench starts it from dist/ (bench/run.mjs, bench/idle-rss.mjs):
// its environment, the bench's trivial SDK worker (the floors' reference), the product's worker
// and an API on a free port. Each is a child of `children` (bench/lib/procs.mjs).

import { freePort } from '../../scripts/temporal-dev-server.cjs';
import { Api } from './http.mjs';

const REGISTER = ['-r', './scripts/register-paths.cjs'];
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * The product's environment in the bench: development mode with the demo's people, warnings
 * only in the logs, no sign-in rate limit, the SQLite read model, no mail.
 * @param {string} jwtSecret the API's token secret (the bare inbox reference needs it too)
 * @param {Record<string, string>} extra
 */
export function benchAppEnv(jwtSecret, extra = {}) {
  return {
    NODE_ENV: 'development',
    JWT_SECRET: jwtSecret,
    SEED_DEMO: 'true',
    LOG_LEVEL: 'warn',
    LOGIN_RATE_LIMIT: '1000000',
    DATABASE_URL: '',
    SMTP_URL: '',
    ...extra,
  };
}

/** The bench's trivial SDK worker (bench/trivial-worker.mjs) on `queue`; prints "ready". */
export function startTrivialWorker(children, name, address, queue, env = {}) {
  return children.startNode(name, [...REGISTER, 'bench/trivial-worker.mjs', address, queue], env);
}

/** The product's worker from dist/; prints "worker polling". `nodeArgs` go before its script. */
export function startAppWorker(children, env, nodeArgs = []) {
  return children.startNode(
    'worker',
    [...nodeArgs, ...REGISTER, 'dist/apps/worker/src/main.js'],
    env,
  );
}

/**
 * An API from dist/ on a free port of 127.0.0.1, once it answers `GET /api/health` with 200
 * (up to three minutes; a child that dies meanwhile fails it at once).
 * @returns {Promise<{ proc: import('./procs.mjs').Managed, client: Api, port: number }>}
 */
export async function startAppApi(children, name, env) {
  const port = await freePort();
  const proc = children.startNode(name, [...REGISTER, 'dist/apps/api/src/main.js'], {
    ...env,
    PORT: String(port),
    HOST: '127.0.0.1',
  });
  const client = new Api(`http://127.0.0.1:${port}`);
  const deadline = Date.now() + 180_000;
  for (;;) {
    const status = await client.get('/health').then(
      (r) => r.status,
      (e) => e.message,
    );
    if (status === 200) return { proc, client, port };
    if (Date.now() > deadline)
      throw new Error(`${name} did not answer /api/health with 200 within 180 s (${status})`);
    await Promise.race([sleep(250), children.crashed]);
  }
}
