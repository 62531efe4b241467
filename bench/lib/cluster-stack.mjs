// The bench's cluster mode (`npm run bench -- --cluster`): the production topology of
// scripts/cluster/topology.mjs (Temporal's services as separate processes on PostgreSQL, mTLS,
// two workers, two API replicas behind nginx) on a private PostgreSQL server of the bench's own,
// and a Temporal client with the CLI's certificate for the floors.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { PrivatePostgres, privatePostgresDir } from '../../scripts/cluster/postgres.mjs';
import { Cluster } from '../../scripts/cluster/topology.mjs';
import { freePort } from '../../scripts/temporal-dev-server.cjs';

/**
 * A PostgreSQL folder or cluster data folder a bench left behind when it was killed outright:
 * its server is stopped (immediate) before the folder goes.
 */
export function removeClusterLeftover(dir) {
  if (fs.existsSync(path.join(dir, 'pgdata'))) {
    try {
      new PrivatePostgres(dir, 0).remove();
      return;
    } catch {
      /* no PostgreSQL programs, or already stopped: the folder goes below */
    }
  }
  fs.rmSync(dir, { recursive: true, force: true });
}

export class ClusterStack {
  /**
   * @param {{ root: string, prefix: string, appEnv: Record<string, string>,
   *   log: (msg: string) => void }} o  prefix: of the temp folders (pid inside, for leftovers)
   */
  static async start(o) {
    const stack = new ClusterStack();
    try {
      stack.pg = new PrivatePostgres(privatePostgresDir(`${o.prefix}pg-`), await freePort());
      stack.pg.init();
      // fsync on, as in production (the server still commits asynchronously: test settings).
      stack.pg.start({ fsync: true });
      stack.dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `${o.prefix}cluster-`));
      o.log(`cluster: PostgreSQL ${stack.pg.url}; Temporal, 2 workers, 2 API replicas, nginx…`);
      stack.cluster = await Cluster.start({
        root: o.root,
        dataDir: stack.dataDir,
        databaseUrl: stack.pg.url,
        uiPort: null,
        workers: 2,
        apiReplicas: 2,
        seedDemo: true,
        appEnv: o.appEnv,
        log: (m) => o.log(`[cluster] ${m}`),
      });
      const tls = stack.cluster.cliTls();
      stack.tls = tls;
      stack.temporalClient = new Client({
        connection: await Connection.connect({
          address: stack.cluster.temporalAddress,
          tls: {
            serverNameOverride: tls.serverName,
            serverRootCACertificate: fs.readFileSync(tls.ca),
            clientCertPair: { crt: fs.readFileSync(tls.cert), key: fs.readFileSync(tls.key) },
          },
        }),
      });
    } catch (e) {
      await stack.stop();
      throw e;
    }
    return stack;
  }

  /** The proxy's address (the web app and /api, as users reach it). */
  get url() {
    return this.cluster.url;
  }

  /** Environment for bench/trivial-worker.mjs: the same frontend, the CLI's certificate. */
  trivialWorkerEnv() {
    return {
      BENCH_TLS_CA: this.tls.ca,
      BENCH_TLS_CERT: this.tls.cert,
      BENCH_TLS_KEY: this.tls.key,
      BENCH_TLS_SERVER_NAME: this.tls.serverName,
    };
  }

  /** The pids of the rectiflow workers running now (for the settling check). */
  workerPids() {
    return [...this.cluster.group.processes.values()]
      .filter((p) => /^worker-\d+$/.test(p.name) && p.pid)
      .map((p) => p.pid);
  }

  async stop() {
    await this.temporalClient?.connection.close().catch(() => undefined);
    await this.cluster?.stop().catch(() => undefined);
    try {
      this.pg?.remove();
    } catch {
      /* best effort */
    }
    if (this.dataDir) fs.rmSync(this.dataDir, { recursive: true, force: true });
  }
}
