#!/usr/bin/env node
// Sets up or upgrades Temporal's two PostgreSQL schemas, then creates the namespace and
// registers rectiflow's search attributes. Idempotent: a second run changes nothing, and a
// run after a server upgrade applies the new schema versions.
//
//   node scripts/temporal-setup.mjs schema      databases + schemas (the server may be down)
//   node scripts/temporal-setup.mjs namespace   namespace + search attributes (server up)
//   node scripts/temporal-setup.mjs             both (the server must be up for the second)
//
// Environment: DATABASE_URL (postgres://user:pass@host:port/…, default the local server),
// TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE [default], and the client certificate of the CLI:
// TEMPORAL_TLS_CA, TEMPORAL_TLS_CERT, TEMPORAL_TLS_KEY, TEMPORAL_TLS_SERVER_NAME.

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { CLUSTER_DATABASES, connectionParts, ensureDatabases } from './cluster/postgres.mjs';
import { SEARCH_ATTRIBUTES } from './temporal-search-attributes.cjs';
import { ensureTemporalCli } from './temporal-cli.mjs';
import { ensureTemporalServer } from './temporal-server.mjs';

export const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

function run(cmd, args, { env, log, quiet = false } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (b) => (out += b));
    child.stderr.on('data', (b) => (out += b));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) {
        if (!quiet) for (const l of out.split('\n')) if (l.trim()) log?.(l);
        resolve(out);
      } else
        reject(
          new Error(
            `${path.basename(cmd)} ${args.join(' ')} exited ${code}:\n${out.trim().slice(-2000)}`,
          ),
        );
    });
  });
}

/**
 * Creates Temporal's databases if missing and brings both schemas to the build's version
 * (setup-schema -v 0.0 only initialises the version table of an empty database;
 * update-schema applies the versioned folders above the recorded version).
 */
export async function setupTemporalSchemas({ databaseUrl, build, log = () => undefined }) {
  const db = connectionParts(databaseUrl);
  const created = await ensureDatabases(databaseUrl, [
    CLUSTER_DATABASES.temporal,
    CLUSTER_DATABASES.visibility,
  ]);
  if (created.length) log(`created databases ${created.join(', ')}`);
  // The password goes by environment (SQL_PASSWORD), not on a command line others can read.
  const env = { SQL_PASSWORD: db.password };
  const base = ['--plugin', 'postgres12', '--ep', db.host, '-p', String(db.port), '-u', db.user];
  for (const [database, folder] of [
    [CLUSTER_DATABASES.temporal, 'temporal'],
    [CLUSTER_DATABASES.visibility, 'visibility'],
  ]) {
    const sql = (...args) =>
      run(build.sqlTool, [...base, '--db', database, ...args], { env, log, quiet: true });
    await sql('setup-schema', '-v', '0.0');
    await sql('update-schema', '-d', path.join(build.schemaDir, folder, 'versioned'));
    log(`schema of ${database} is up to date`);
  }
}

/** The Temporal CLI's connection flags, mTLS included when configured. */
export function cliConnectionArgs({ address, tls }) {
  const args = ['--address', address];
  if (tls) {
    args.push('--tls-ca-path', tls.ca, '--tls-cert-path', tls.cert, '--tls-key-path', tls.key);
    if (tls.serverName) args.push('--tls-server-name', tls.serverName);
  }
  return args;
}

/** Creates the namespace if missing and registers the search attributes (known ones are kept). */
export async function setupNamespace({
  cliPath,
  address,
  namespace = 'default',
  tls,
  retention = '30d',
  log = () => undefined,
  timeoutMs = 60_000,
}) {
  const conn = cliConnectionArgs({ address, tls });
  const deadline = Date.now() + timeoutMs;
  // The frontend answers before its namespace registry is loaded; retry until it is ready.
  for (;;) {
    try {
      await run(cliPath, ['operator', 'cluster', 'health', ...conn], { quiet: true });
      break;
    } catch (e) {
      if (Date.now() > deadline)
        throw new Error(`Temporal at ${address} is not healthy: ${e.message}`);
      await new Promise((r) => setTimeout(r, 500));
    }
  }
  try {
    await run(cliPath, ['operator', 'namespace', 'describe', '--namespace', namespace, ...conn], {
      quiet: true,
    });
  } catch {
    await run(
      cliPath,
      [
        'operator',
        'namespace',
        'create',
        '--namespace',
        namespace,
        '--retention',
        retention,
        ...conn,
      ],
      { quiet: true },
    );
    log(`namespace ${namespace} created`);
  }
  // A namespace just created is not visible to every frontend cache at once: retry.
  for (;;) {
    try {
      const listed = await run(
        cliPath,
        [
          'operator',
          'search-attribute',
          'list',
          '--namespace',
          namespace,
          '--output',
          'json',
          ...conn,
        ],
        { quiet: true },
      );
      const known = new Set(Object.keys(JSON.parse(listed).customAttributes ?? {}));
      const missing = Object.entries(SEARCH_ATTRIBUTES).filter(([name]) => !known.has(name));
      if (!missing.length) return;
      const args = ['operator', 'search-attribute', 'create', '--namespace', namespace, ...conn];
      for (const [name, type] of missing) args.push('--name', name, '--type', type);
      await run(cliPath, args, { quiet: true });
      log(`search attributes registered: ${missing.map(([name]) => name).join(', ')}`);
      return;
    } catch (e) {
      if (Date.now() > deadline) throw e;
      await new Promise((r) => setTimeout(r, 500));
    }
  }
}

/** TLS files from the environment, as the app reads them (libs/config). */
export function tlsFromEnv(env = process.env) {
  if (!env.TEMPORAL_TLS_CERT && !env.TEMPORAL_TLS_CA) return null;
  return {
    ca: env.TEMPORAL_TLS_CA,
    cert: env.TEMPORAL_TLS_CERT,
    key: env.TEMPORAL_TLS_KEY,
    serverName: env.TEMPORAL_TLS_SERVER_NAME,
  };
}

const isMain = (() => {
  try {
    return import.meta.url === pathToFileURL(fs.realpathSync(process.argv[1] ?? '')).href;
  } catch {
    return false;
  }
})();

if (isMain) {
  const what = process.argv[2] ?? 'all';
  const log = (m) => process.stderr.write(`[temporal-setup] ${m}\n`);
  (async () => {
    if (!['schema', 'namespace', 'all'].includes(what))
      throw new Error(`unknown step ${what}: schema | namespace`);
    if (what !== 'namespace') {
      const build = await ensureTemporalServer({ log });
      await setupTemporalSchemas({
        databaseUrl: process.env.DATABASE_URL || DEFAULT_DATABASE_URL,
        build,
        log,
      });
    }
    if (what !== 'schema') {
      const cliPath = await ensureTemporalCli({ log });
      await setupNamespace({
        cliPath,
        address: process.env.TEMPORAL_ADDRESS || '127.0.0.1:7233',
        namespace: process.env.TEMPORAL_NAMESPACE || 'default',
        tls: tlsFromEnv(),
        log,
      });
    }
  })().catch((e) => {
    process.stderr.write(`\n${e.message}\n`);
    process.exit(1);
  });
}
