// The Temporal server's configuration for the cluster, derived from the module's own
// config/development-postgres12.yaml: one file per service (each process gets its own
// metrics port), PostgreSQL from the given URL, mTLS on the frontend and between the
// services, archival off, our dynamic configuration. Also the UI server's configuration.

import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { FRONTEND_SERVER_NAME, INTERNODE_SERVER_NAME } from './certificates.mjs';
import { CLUSTER_DATABASES, connectionParts } from './postgres.mjs';

export const TEMPORAL_SERVICES = ['frontend', 'history', 'matching', 'worker'];

/**
 * Values the server reads every 10 s from this file. The same values as the dev server's
 * flags in temporal-dev-server.cjs and docker-compose.yml's temporal-dynamic-config.
 */
export const DYNAMIC_CONFIG = {
  'limit.maxIDLength': [{ value: 255, constraints: {} }],
  // Activities scheduled by a workflow task come back with its answer: one round trip less
  // per human step (BENCH.md, "action").
  'system.enableActivityEagerExecution': [{ value: true, constraints: {} }],
};

/**
 * @param {object} o
 * @param {string} o.dir where config/ and ui/ are written
 * @param {string} o.baseConfig the module's development-postgres12.yaml
 * @param {string} o.databaseUrl postgres://… of the server holding Temporal's databases
 * @param {{ frontend: number, frontendHttp: number, history: number, matching: number,
 *   worker: number, membership: Record<string, number>, metrics: Record<string, number>,
 *   ui: number | null }} o.ports
 * @param {ReturnType<import('./certificates.mjs').ensureCertificates>} o.certs
 * @param {number} [o.historyShards=4] never changes once the database is set up
 */
export function writeTemporalConfig({
  dir,
  baseConfig,
  databaseUrl,
  ports,
  certs,
  historyShards = 4,
}) {
  const base = YAML.parse(fs.readFileSync(baseConfig, 'utf8'));
  const db = connectionParts(databaseUrl);
  const store = (database, maxConns) => ({
    sql: {
      ...base.persistence.datastores['postgres-default'].sql,
      databaseName: database,
      connectAddr: `${db.host}:${db.port}`,
      user: db.user,
      password: db.password,
      maxConns,
      maxIdleConns: maxConns,
    },
  });
  const configDir = path.join(dir, 'config');
  fs.mkdirSync(configDir, { recursive: true });
  const dynamicConfigFile = path.join(configDir, 'dynamicconfig.yaml');
  fs.writeFileSync(dynamicConfigFile, YAML.stringify(DYNAMIC_CONFIG));

  const tlsServer = (pair) => ({
    certFile: pair.cert,
    keyFile: pair.key,
    requireClientAuth: true,
    clientCaFiles: [certs.ca],
  });
  const config = {
    ...base,
    log: { stdout: true, level: 'warn' },
    persistence: {
      ...base.persistence,
      numHistoryShards: historyShards,
      datastores: {
        'postgres-default': store(CLUSTER_DATABASES.temporal, 10),
        'postgres-visibility': store(CLUSTER_DATABASES.visibility, 4),
      },
    },
    global: {
      membership: { ...base.global.membership, broadcastAddress: '127.0.0.1' },
      tls: {
        // Between Temporal's own services: both sides show a certificate.
        internode: {
          server: tlsServer(certs.internode),
          client: { serverName: INTERNODE_SERVER_NAME, rootCaFiles: [certs.ca] },
        },
        // Every client of the frontend (api, worker, CLI, UI, and Temporal's own worker
        // service) must show a certificate signed by our CA: others fail the handshake.
        frontend: {
          server: tlsServer(certs.frontend),
          client: { serverName: FRONTEND_SERVER_NAME, rootCaFiles: [certs.ca] },
        },
      },
    },
    services: {
      frontend: { rpc: { grpcPort: ports.frontend, httpPort: ports.frontendHttp } },
      history: { rpc: { grpcPort: ports.history } },
      matching: { rpc: { grpcPort: ports.matching } },
      worker: { rpc: { grpcPort: ports.worker } },
    },
    clusterMetadata: {
      ...base.clusterMetadata,
      clusterInformation: {
        active: {
          ...base.clusterMetadata.clusterInformation.active,
          rpcAddress: `127.0.0.1:${ports.frontend}`,
        },
      },
    },
    // The sample enables archival to the local disk; an operator turns it on deliberately.
    archival: { history: { state: 'disabled' }, visibility: { state: 'disabled' } },
    namespaceDefaults: {
      archival: { history: { state: 'disabled' }, visibility: { state: 'disabled' } },
    },
    dynamicConfigClient: { filepath: dynamicConfigFile, pollInterval: '10s' },
  };
  for (const service of TEMPORAL_SERVICES) {
    config.services[service].rpc.membershipPort = ports.membership[service];
    config.services[service].rpc.bindOnLocalHost = true;
  }
  // One file per service: `temporal-server --env <service>` reads config/<service>.yaml, so
  // each process exposes its Prometheus metrics on a port of its own.
  for (const service of TEMPORAL_SERVICES) {
    const own = {
      ...config,
      global: {
        ...config.global,
        metrics: {
          prometheus: {
            framework: 'tally',
            timerType: 'histogram',
            listenAddress: `127.0.0.1:${ports.metrics[service]}`,
          },
        },
      },
    };
    fs.writeFileSync(path.join(configDir, `${service}.yaml`), YAML.stringify(own));
  }

  if (ports.ui != null) {
    const uiDir = path.join(dir, 'ui');
    fs.mkdirSync(uiDir, { recursive: true });
    fs.writeFileSync(
      path.join(uiDir, 'production.yaml'),
      YAML.stringify({
        temporalGrpcAddress: `127.0.0.1:${ports.frontend}`,
        host: '127.0.0.1',
        port: ports.ui,
        enableUi: true,
        defaultNamespace: 'default',
        refreshInterval: '1m',
        notifyOnNewVersion: false,
        cors: { allowOrigins: [`http://127.0.0.1:${ports.ui}`], cookieInsecure: true },
        tls: {
          caFile: certs.ca,
          certFile: certs.ui.cert,
          keyFile: certs.ui.key,
          serverName: FRONTEND_SERVER_NAME,
          enableHostVerification: true,
        },
        // Payload encryption (issue 12): the UI shows payloads decoded by a codec server at
        // codec.endpoint; until then it shows them as they are stored.
        codec: { endpoint: '' },
      }),
    );
  }
  return { configDir, dynamicConfigFile };
}

/** The arguments that start one service (or the UI) from what writeTemporalConfig wrote. */
export function serviceArgs(dir, service) {
  return [
    '--root',
    dir,
    '--config',
    'config',
    '--env',
    service,
    '--allow-no-auth',
    'start',
    '--service',
    service,
  ];
}

export function uiArgs(dir) {
  return ['--root', dir, '--config', 'ui', '--env', 'production', 'start'];
}
