// Runs the cluster (topology.mjs) and, optionally, a private PostgreSQL in a process of their
// own, driven over the IPC channel of `child_process.fork`: the cluster test tier controls it
// this way (jest's module sandbox cannot load these ES modules itself). When the parent goes
// away, everything is stopped.
//
// Messages in: { id, op, args }; answers out: { id, ok, result } or { id, ok: false, error }.

import { PrivatePostgres, privatePostgresDir } from './postgres.mjs';
import { Cluster } from './topology.mjs';
import { freePort } from '../temporal-dev-server.cjs';

const pgs = new Map(); // name → PrivatePostgres
let cluster = null;

function describe(c) {
  return {
    url: c.url,
    dataDir: c.dataDir,
    readModelUrl: c.readModelUrl,
    temporalAddress: c.temporalAddress,
    ports: c.ports,
    certs: c.certs,
    logDir: c.group.logDir,
  };
}

const ops = {
  async startPostgres({ name }) {
    const pg = new PrivatePostgres(privatePostgresDir(`rectiflow-${name}-pg-`), await freePort());
    pg.init();
    pg.start();
    pgs.set(name, pg);
    return { url: pg.url, dir: pg.dir, port: pg.port };
  },
  async restartPostgres({ name, mode = 'fast' }) {
    const pg = pgs.get(name);
    pg.stop(mode);
    pg.start();
  },
  async removePostgres({ name }) {
    pgs.get(name)?.remove();
    pgs.delete(name);
  },
  async startCluster(options) {
    cluster = await Cluster.start({
      ...options,
      log: (m) => process.stderr.write(`[cluster] ${m}\n`),
    });
    return describe(cluster);
  },
  async stopCluster() {
    await cluster?.stop();
    cluster = null;
  },
  async kill({ name }) {
    await cluster.process(name).kill();
  },
  async start({ name }) {
    await cluster.process(name).start();
  },
  async stop({ name }) {
    await cluster.process(name).stop();
  },
  async exits() {
    // Each with the end of what it printed (`last`), so that a test failing on an exit says why.
    return cluster?.exits ?? [];
  },
};

async function shutdown() {
  await cluster?.stop().catch(() => undefined);
  for (const pg of pgs.values()) {
    try {
      pg.remove();
    } catch {
      /* best effort */
    }
  }
  process.exit(0);
}

process.on('message', async ({ id, op, args }) => {
  try {
    if (!ops[op]) throw new Error(`unknown op ${op}`);
    const result = await ops[op](args ?? {});
    process.send({ id, ok: true, result });
  } catch (e) {
    process.send({ id, ok: false, error: e instanceof Error ? e.message : String(e) });
  }
});
process.on('disconnect', () => void shutdown());
for (const sig of ['SIGTERM', 'SIGINT']) process.on(sig, () => void shutdown());
process.send({ ready: true });
