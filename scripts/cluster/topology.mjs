// The production-like topology on one host, as a library: `npm run start:cluster` runs it in a
// terminal and the cluster test tier starts it for its tests.
//
//   PostgreSQL (given)  ── temporal, temporal_visibility, rectiflow databases
//   temporal-history, temporal-matching, temporal-frontend, temporal-worker  (own processes)
//   temporal-ui         Temporal's web UI, a client of the frontend like any other
//   worker-1, worker-2  rectiflow workers          ┐ mTLS clients of the frontend
//   api-1, api-2        rectiflow API replicas     ┘ (the frontend refuses any other)
//   proxy               nginx: the web app, and /api to the replicas, on 127.0.0.1:$PORT
//
// Everything it keeps lives in `dataDir` (certificates, generated configuration, ports,
// secrets, evidence, logs) and in the databases, so a restart on the same dataDir and
// database carries on where it stopped.

import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { canConnect } from '../temporal-dev-server.cjs';
import { ensureTemporalCli } from '../temporal-cli.mjs';
import { ensureTemporalServer } from '../temporal-server.mjs';
import { setupNamespace, setupTemporalSchemas } from '../temporal-setup.mjs';
import { ensureCertificates, FRONTEND_SERVER_NAME } from './certificates.mjs';
import { ensureNginx, writeNginxConfig } from './nginx.mjs';
import { CLUSTER_DATABASES, databaseUrl, ensureDatabases } from './postgres.mjs';
import { ProcessGroup } from './process-group.mjs';
import { serviceArgs, TEMPORAL_SERVICES, uiArgs, writeTemporalConfig } from './temporal-config.mjs';

export const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/postgres';
const UPLOAD_MAX_BYTES = 50 * 1024 * 1024;

function portIsFree(port) {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.unref();
    srv.once('error', () => resolve(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
  });
}

async function httpOk(url) {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
    await res.arrayBuffer();
    return res.ok;
  } catch {
    return false;
  }
}

/**
 * A free port below 32768. Temporal's membership table stores ports as smallint, and the ports
 * the OS hands out (32768-60999 on Linux) do not fit. And a port chosen in that range now may be
 * taken before its process listens on it: every outgoing connection of the cluster's processes
 * (to PostgreSQL, to Temporal) gets its local port from there.
 */
async function freeLowPort(taken) {
  for (;;) {
    const p = 20000 + Math.floor(Math.random() * 12000);
    if (!taken.has(p) && (await portIsFree(p))) return p;
  }
}

/**
 * Ports kept in <dataDir>/ports.json, so a restart reuses them (Temporal's membership table
 * remembers where each service was). A remembered port that is taken now is replaced. New ports
 * come from below the range of outgoing connections (freeLowPort); `low`: a remembered one too.
 */
async function choosePorts(dataDir, wanted) {
  const file = path.join(dataDir, 'ports.json');
  const saved = fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')) : {};
  const ports = {};
  const taken = new Set();
  const pick = async (key, preferred, low = false) => {
    for (const candidate of [preferred, saved[key]]) {
      const fits = !low || candidate < 32768;
      if (candidate && fits && !taken.has(candidate) && (await portIsFree(candidate))) {
        taken.add(candidate);
        return candidate;
      }
      if (candidate === preferred && preferred) {
        throw new Error(`port ${preferred} (${key}) is already in use; choose another`);
      }
    }
    const p = await freeLowPort(taken);
    taken.add(p);
    return p;
  };
  ports.proxy = await pick('proxy', wanted.proxy);
  ports.frontend = await pick('frontend', wanted.frontend);
  ports.ui = wanted.ui === null ? null : await pick('ui', wanted.ui);
  for (const key of ['frontendHttp', 'history', 'matching', 'worker'])
    ports[key] = await pick(key, undefined, true);
  ports.membership = {};
  ports.metrics = {};
  for (const s of TEMPORAL_SERVICES) {
    ports.membership[s] = await pick(`membership.${s}`, undefined, true);
    ports.metrics[s] = await pick(`metrics.${s}`);
  }
  ports.apis = [];
  for (let i = 0; i < wanted.apiReplicas; i++) ports.apis.push(await pick(`api.${i + 1}`));
  // Prometheus metrics of each API replica and worker (METRICS_PORT), loopback only.
  ports.appMetrics = {};
  for (let i = 1; i <= wanted.apiReplicas; i++)
    ports.appMetrics[`api-${i}`] = await pick(`metrics.api-${i}`);
  for (let i = 1; i <= wanted.workers; i++)
    ports.appMetrics[`worker-${i}`] = await pick(`metrics.worker-${i}`);
  const flat = { ...ports };
  for (const s of TEMPORAL_SERVICES) {
    flat[`membership.${s}`] = ports.membership[s];
    flat[`metrics.${s}`] = ports.metrics[s];
  }
  ports.apis.forEach((p, i) => (flat[`api.${i + 1}`] = p));
  for (const [name, p] of Object.entries(ports.appMetrics)) flat[`metrics.${name}`] = p;
  delete flat.appMetrics;
  delete flat.membership;
  delete flat.metrics;
  delete flat.apis;
  fs.writeFileSync(file, `${JSON.stringify(flat, null, 2)}\n`);
  return ports;
}

/** Secrets made once and kept (mode 600): tokens stay valid across restarts. */
function ensureSecrets(dataDir) {
  const file = path.join(dataDir, 'secrets.json');
  const kept = fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')) : {};
  // A data directory of before payload encryption gains its key on the next start.
  const secrets = {
    jwtSecret: kept.jwtSecret ?? randomBytes(32).toString('base64url'),
    temporalPayloadKey: kept.temporalPayloadKey ?? randomBytes(32).toString('base64'),
  };
  if (
    kept.jwtSecret !== secrets.jwtSecret ||
    kept.temporalPayloadKey !== secrets.temporalPayloadKey
  )
    fs.writeFileSync(file, `${JSON.stringify(secrets, null, 2)}\n`, { mode: 0o600 });
  return secrets;
}

/**
 * @typedef {object} ClusterOptions
 * @property {string} root the repository (dist/ built)
 * @property {string} dataDir
 * @property {string} [databaseUrl] the PostgreSQL server (its database part is ignored)
 * @property {number} [port] the proxy's port [a free one]
 * @property {number} [temporalPort] the frontend's gRPC port [a free one]
 * @property {number|null} [uiPort] Temporal UI [a free one]; null: no UI
 * @property {number} [apiReplicas=2]
 * @property {number} [workers=2]
 * @property {Record<string, string>} [appEnv] more configuration for the API and workers
 * @property {boolean} [seedDemo=false] seed the demo organisation into an empty read model
 * @property {boolean} [autoRestart=false] start a process again when it dies
 * @property {boolean} [showUpstream=false] the proxy names the replica that answered (tests)
 * @property {(msg: string) => void} [log]
 * @property {((name: string, line: string) => void) | null} [echo] process output, prefixed
 */

export class Cluster {
  /** @param {ClusterOptions} options */
  constructor(options) {
    this.options = {
      databaseUrl: DEFAULT_DATABASE_URL,
      apiReplicas: 2,
      workers: 2,
      appEnv: {},
      seedDemo: false,
      autoRestart: false,
      log: () => undefined,
      echo: null,
      ...options,
    };
    this.dataDir = path.resolve(this.options.dataDir);
    this.stopping = false;
    /** Unexpected exits, for tests to assert on. */
    this.exits = [];
  }

  /** @param {ClusterOptions} options */
  static async start(options) {
    const cluster = new Cluster(options);
    try {
      await cluster.boot();
    } catch (e) {
      await cluster.stop().catch(() => undefined);
      throw e;
    }
    return cluster;
  }

  async boot() {
    const o = this.options;
    const log = o.log;
    fs.mkdirSync(this.dataDir, { recursive: true });
    for (const name of ['api', 'worker']) {
      const main = path.join(o.root, 'dist', 'apps', name, 'src', 'main.js');
      if (!fs.existsSync(main)) throw new Error(`${main} is missing: build first (npm run build)`);
    }
    this.build = await ensureTemporalServer({ log });
    this.cliPath = await ensureTemporalCli({ log });
    const nginx = ensureNginx({ log });
    this.certs = ensureCertificates(path.join(this.dataDir, 'certs'), { log });
    this.ports = await choosePorts(this.dataDir, {
      proxy: o.port,
      frontend: o.temporalPort,
      ui: o.uiPort,
      apiReplicas: o.apiReplicas,
      workers: o.workers,
    });
    const secrets = ensureSecrets(this.dataDir);
    this.url = `http://127.0.0.1:${this.ports.proxy}`;
    this.temporalAddress = `127.0.0.1:${this.ports.frontend}`;
    this.readModelUrl = databaseUrl(o.databaseUrl, CLUSTER_DATABASES.readModel);

    log(
      `PostgreSQL at ${new URL(o.databaseUrl).host}: Temporal's schemas and the read model's database`,
    );
    await setupTemporalSchemas({ databaseUrl: o.databaseUrl, build: this.build, log });
    await ensureDatabases(o.databaseUrl, [CLUSTER_DATABASES.readModel]);

    const temporalDir = path.join(this.dataDir, 'temporal');
    writeTemporalConfig({
      dir: temporalDir,
      baseConfig: this.build.baseConfig,
      databaseUrl: o.databaseUrl,
      ports: this.ports,
      certs: this.certs,
    });

    this.group = new ProcessGroup({
      logDir: path.join(this.dataDir, 'logs'),
      // Shutdown noise (clients losing a server that is stopping on purpose) is left out.
      echo: (name, line) => (this.stopping ? undefined : o.echo?.(name, line)),
      onExit: (p, how) => this.onExit(p, how),
    });
    const echo = Boolean(o.echo);
    for (const service of TEMPORAL_SERVICES) {
      // The worker service serves no gRPC of its own; its membership port shows it is up.
      const port = service === 'worker' ? this.ports.membership.worker : this.ports[service];
      this.group.add(`temporal-${service}`, {
        cmd: this.build.server,
        args: serviceArgs(temporalDir, service),
        echo,
        ready: () => canConnect(port),
      });
    }
    if (this.ports.ui != null) {
      this.group.add('temporal-ui', {
        cmd: this.build.uiServer,
        args: uiArgs(temporalDir),
        echo,
        ready: () => httpOk(`http://127.0.0.1:${this.ports.ui}/`),
      });
    }

    const appEnv = (kind, extra = {}) => {
      const env = { ...process.env };
      for (const k of [
        'RECTIFLOW_EMBEDDED',
        'SEED_DEMO',
        'RECTIFLOW_PARENT_PID',
        'TEMPORAL_CLI_PATH',
      ])
        delete env[k];
      return {
        ...env,
        NODE_ENV: 'production',
        HOST: '127.0.0.1',
        DATA_DIR: path.join(this.dataDir, 'app'),
        DATABASE_URL: this.readModelUrl,
        DATABASE_POOL_SIZE: '5',
        TEMPORAL_ADDRESS: this.temporalAddress,
        TEMPORAL_NAMESPACE: 'default',
        TEMPORAL_TLS_CA: this.certs.ca,
        TEMPORAL_TLS_CERT: this.certs[kind].cert,
        TEMPORAL_TLS_KEY: this.certs[kind].key,
        TEMPORAL_TLS_SERVER_NAME: FRONTEND_SERVER_NAME,
        JWT_SECRET: secrets.jwtSecret,
        // The same payload key for the API replicas and every worker (THREAT-MODEL.md).
        TEMPORAL_PAYLOAD_KEY: secrets.temporalPayloadKey,
        SERVE_WEB: 'false', // nginx serves the web app
        LOG_LEVEL: process.env.LOG_LEVEL || 'warn',
        EVIDENCE_STORE: 'local',
        EVIDENCE_DIR: path.join(this.dataDir, 'evidence'), // one folder, both replicas
        TRUST_PROXY: 'loopback',
        UPLOAD_MAX_BYTES: String(UPLOAD_MAX_BYTES),
        ...o.appEnv,
        ...extra,
      };
    };
    this.appEnv = appEnv;
    // OpenTelemetry (README, "Metrics and traces"): the OTEL_* variables reach every app process
    // with the rest of the environment; with an endpoint given, each process's spans also say
    // which one it is (service.instance.id=api-1, worker-2, …).
    const otelOn = Boolean(
      process.env.OTEL_EXPORTER_OTLP_ENDPOINT ||
      process.env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT ||
      process.env.OTEL_TRACES_EXPORTER,
    );
    const otelInstance = (name) =>
      otelOn
        ? {
            OTEL_RESOURCE_ATTRIBUTES: [
              process.env.OTEL_RESOURCE_ATTRIBUTES,
              `service.instance.id=${name}`,
            ]
              .filter(Boolean)
              .join(','),
          }
        : {};
    const node = process.execPath;
    const register = path.join(o.root, 'scripts', 'register-paths.cjs');
    for (let i = 1; i <= o.workers; i++) {
      this.group.add(`worker-${i}`, {
        cmd: node,
        args: ['-r', register, path.join(o.root, 'dist/apps/worker/src/main.js')],
        env: appEnv('worker', {
          METRICS_PORT: String(this.ports.appMetrics[`worker-${i}`]),
          ...otelInstance(`worker-${i}`),
        }),
        cwd: o.root,
        echo,
        readyTimeoutMs: 120_000,
        ready: () =>
          Promise.resolve(this.group.get(`worker-${i}`).outputIncludes('worker polling')),
      });
    }
    this.ports.apis.forEach((port, i) => {
      this.group.add(`api-${i + 1}`, {
        cmd: node,
        args: ['-r', register, path.join(o.root, 'dist/apps/api/src/main.js')],
        env: appEnv('api', {
          PORT: String(port),
          METRICS_PORT: String(this.ports.appMetrics[`api-${i + 1}`]),
          ...otelInstance(`api-${i + 1}`),
        }),
        cwd: o.root,
        echo,
        readyTimeoutMs: 120_000,
        ready: () => httpOk(`http://127.0.0.1:${port}/api/health`),
      });
    });
    // nginx's workers run as an unprivileged user (nobody, when we are root) that may not
    // reach the clone or the data folder (under /root, say): its configuration, temp files and
    // a copy of the web app live in a folder of their own, made anew at each start.
    const proxyDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rectiflow-proxy-'));
    this.proxyDir = proxyDir;
    const builtWeb = path.join(o.root, 'dist', 'web');
    const webRoot = path.join(proxyDir, 'web');
    if (fs.existsSync(path.join(builtWeb, 'index.html'))) {
      fs.cpSync(builtWeb, webRoot, { recursive: true });
    } else {
      fs.mkdirSync(webRoot);
      log(
        `warning: ${builtWeb}/index.html is missing: the proxy serves /api only (build the web app)`,
      );
    }
    fs.chmodSync(proxyDir, 0o711);
    spawnSync('chmod', ['-R', 'a+rX', webRoot]);
    this.group.add('proxy', {
      cmd: nginx,
      args: writeNginxConfig({
        dir: proxyDir,
        port: this.ports.proxy,
        webRoot,
        apiPorts: this.ports.apis,
        maxBodyBytes: Number(o.appEnv.UPLOAD_MAX_BYTES ?? UPLOAD_MAX_BYTES),
        showUpstream: Boolean(o.showUpstream),
      }),
      echo,
      ready: () => httpOk(`${this.url}/api/health`),
    });

    // One at a time: on a fresh database the first service to start writes the cluster's
    // metadata, and two at once race on it (one fails on a duplicate key). History and
    // matching before the frontend, which answers only once it finds them.
    log('starting Temporal: history, matching, frontend, worker (each its own process)…');
    for (const service of ['history', 'matching', 'frontend', 'worker'])
      await this.group.get(`temporal-${service}`).start();
    await setupNamespace({
      cliPath: this.cliPath,
      address: this.temporalAddress,
      tls: this.cliTls(),
      log,
    });
    if (this.ports.ui != null) await this.group.get('temporal-ui').start();

    await this.oneShot('migrate', [path.join(o.root, 'dist/apps/worker/src/migrate.js')]);
    if (o.seedDemo) await this.seedDemo();

    log(`starting ${o.workers} workers and ${o.apiReplicas} API replicas…`);
    await Promise.all(
      [...this.group.processes.keys()]
        .filter((n) => /^(worker|api)-\d+$/.test(n))
        .map((n) => this.group.get(n).start()),
    );
    await this.group.get('proxy').start();
    this.booted = true;
  }

  /** The CLI's (and the test's) client certificate. */
  cliTls() {
    return {
      ca: this.certs.ca,
      cert: this.certs.cli.cert,
      key: this.certs.cli.key,
      serverName: FRONTEND_SERVER_NAME,
    };
  }

  /** A Node program of the app run to its end with the workers' configuration. */
  async oneShot(name, args) {
    const p = this.group.add(`${name}`, {
      cmd: process.execPath,
      args: ['-r', path.join(this.options.root, 'scripts', 'register-paths.cjs'), ...args],
      env: this.appEnv('worker'),
      cwd: this.options.root,
      echo: Boolean(this.options.echo),
    });
    p.oneShot = true;
    await p.start();
    const { code, signal } = await p.exited;
    this.group.processes.delete(name);
    if (code !== 0)
      throw new Error(`${name} failed (${signal ?? `exit ${code}`}); see ${p.logFile}`);
  }

  /** The demo organisation (password demo) in an empty read model: for trying the cluster out. */
  async seedDemo() {
    const script = `
      const { createDataSource } = require('@rectiflow/persistence');
      const { seedDemoOrganisation } = require(${JSON.stringify(path.join(this.options.root, 'dist/apps/api/src/database/demo-organisation.js'))});
      (async () => {
        const ds = createDataSource({ databaseUrl: process.env.DATABASE_URL, dataDir: process.env.DATA_DIR, poolSize: 2 });
        await ds.initialize();
        const seeded = await seedDemoOrganisation(ds);
        await ds.destroy();
        console.log(seeded ? 'seeded the demo organisation (password demo)' : 'the read model has users: no demo seeding');
      })().catch((e) => { console.error(e); process.exit(1); });`;
    await this.oneShot('seed-demo', ['-e', script]);
  }

  onExit(p, how) {
    if (this.stopping || p.oneShot) return;
    // The end of what it printed, so that the log line and a test failing on an exit say why.
    const last = how.tail.trim().split('\n').slice(-60).join('\n');
    const what = `${p.name} exited (${how.signal ?? `code ${how.code}`})`;
    this.exits.push({ name: p.name, code: how.code, signal: how.signal, last });
    if (this.options.autoRestart && this.booted) {
      this.options.log(`${what}; starting it again; its last output:\n${last}`);
      setTimeout(() => {
        if (!this.stopping)
          p.start().catch((e) => this.options.log(`${p.name} did not start again: ${e.message}`));
      }, 1000);
    } else {
      this.options.log(`${what}; its last output:\n${last}`);
    }
  }

  process(name) {
    return this.group.get(name);
  }

  /** Clean stop, outside in: proxy, APIs, workers, UI, then Temporal's services. */
  async stop() {
    this.stopping = true;
    if (!this.group) return;
    const names = [...this.group.processes.keys()];
    const stopMany = (ns) => Promise.all(ns.map((n) => this.group.processes.get(n)?.stop()));
    await this.group.processes.get('proxy')?.stop();
    await stopMany(names.filter((n) => /^(api|worker)-\d+$/.test(n)));
    // Temporal's worker service is a client of the frontend like the UI: both go first.
    await stopMany(['temporal-ui', 'temporal-worker']);
    await stopMany(['temporal-frontend']);
    await stopMany(['temporal-matching', 'temporal-history']);
    if (this.proxyDir) fs.rmSync(this.proxyDir, { recursive: true, force: true });
  }
}
