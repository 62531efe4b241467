#!/usr/bin/env node
// Builds the api and worker images and runs them against a cluster's PostgreSQL and Temporal
// (not part of `npm test`: it takes many minutes). For machines that reach a Debian mirror and
// an npm registry but no image registry: the base image is made here with Debian's mmdebstrap
// plus this machine's Node, standing in for node:20-bookworm-slim.
//
//   sudo node scripts/docker-images.mjs        (root: it runs dockerd and mmdebstrap)
//   NPM_REGISTRY=… NPM_CA="$(cat ca.pem)"      npm's registry and CA inside the builds (default:
//                                              the CAs in /usr/local/share/ca-certificates)
//
// Steps, each timed: Debian's docker.io and mmdebstrap (apt-get when missing); a Docker daemon
// (`dockerd --storage-driver <overlay2|vfs> --iptables=false --bridge=none`, when none answers:
// overlay2 where the kernel has overlay, else vfs; DOCKER_STORAGE_DRIVER chooses); the base
// image; both images (NODE_IMAGE build argument, host network for npm and apt); a cluster
// (scripts/cluster/topology.mjs on a private PostgreSQL); then one API and one worker
// container on the host network with the cluster's addresses and certificates. Checks: the
// worker polls, the API answers /api/health and serves the web app on its port.

import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { findOnPath } from './go-build-cache.mjs';
import { PrivatePostgres, privatePostgresDir } from './cluster/postgres.mjs';
import { Cluster } from './cluster/topology.mjs';
import { freePort } from './temporal-dev-server.cjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const BASE_IMAGE = 'rectiflow-base/node:20-bookworm-slim';
const started = Date.now();
const timings = [];
const say = (m) => process.stdout.write(`[docker-images] ${m}\n`);

async function step(what, work) {
  const t = Date.now();
  say(`${what}…`);
  const result = await work();
  const s = Math.round((Date.now() - t) / 1000);
  timings.push([what, s]);
  say(`${what}: ${s}s`);
  return result;
}

function run(cmd, args, { input, env, quiet = false } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, {
      env: { ...process.env, ...env },
      stdio: [input ? 'pipe' : 'ignore', 'pipe', 'pipe'],
    });
    let out = '';
    const onData = (b) => {
      out = (out + b).slice(-20_000);
      if (!quiet) process.stdout.write(b);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    if (input) input.pipe(child.stdin);
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0
        ? resolve(out)
        : reject(new Error(`${cmd} ${args.join(' ')} exited ${code}:\n${out.slice(-3000)}`)),
    );
  });
}

const docker = (args, opts) => run('docker', args, opts);

async function dockerAnswers() {
  return (
    spawnSync('docker', ['version', '--format', '{{.Server.Version}}'], { timeout: 10_000 })
      .status === 0
  );
}

/**
 * The CAs this machine added to Debian's store (/usr/local/share/ca-certificates): an intranet
 * mirror's, a TLS-inspecting proxy's. Node inside the build trusts them beside its own.
 */
function hostNpmCa() {
  const dir = '/usr/local/share/ca-certificates';
  if (!fs.existsSync(dir)) return '';
  return fs
    .readdirSync(dir, { recursive: true })
    .filter((f) => String(f).endsWith('.crt'))
    .map((f) => fs.readFileSync(path.join(dir, String(f)), 'utf8').trim())
    .join('\n');
}

/**
 * overlay2 where the kernel has overlay and /var/lib is not itself on an overlay (as inside a
 * container): layers are shared. Else vfs, which copies every layer in full — it works anywhere,
 * but a build then writes many GB and spends minutes per layer. DOCKER_STORAGE_DRIVER overrides.
 */
function storageDriver() {
  if (process.env.DOCKER_STORAGE_DRIVER) return process.env.DOCKER_STORAGE_DRIVER;
  const kernel = fs.readFileSync('/proc/filesystems', 'utf8');
  if (!/\soverlay$/m.test(kernel)) return 'vfs';
  const under = spawnSync('stat', ['-f', '-c', '%T', '/var/lib'], { encoding: 'utf8' });
  return under.stdout?.trim() === 'overlayfs' ? 'vfs' : 'overlay2';
}

let dockerd = null;
let cluster = null;
let pg = null;
const containers = [];
/** The cluster's data folder and the containers' copies: removed at the end, as on failure. */
const tempDirs = [];
const tempDir = (prefix) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  tempDirs.push(dir);
  return dir;
};

async function cleanup() {
  for (const c of containers) spawnSync('docker', ['rm', '-f', c], { stdio: 'ignore' });
  await cluster?.stop().catch(() => undefined);
  try {
    pg?.remove();
  } catch {
    /* best effort */
  }
  if (dockerd) {
    dockerd.kill('SIGTERM');
    await new Promise((r) => dockerd.once('exit', r));
  }
  for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
}

async function main() {
  if (process.getuid?.() !== 0) throw new Error('run as root: it starts dockerd and mmdebstrap');
  await step('docker.io and mmdebstrap', async () => {
    const missing = [];
    if (!findOnPath('dockerd')) missing.push('docker.io');
    if (!findOnPath('mmdebstrap')) missing.push('mmdebstrap');
    if (!missing.length) return;
    await run('apt-get', ['update'], { quiet: true });
    await run('apt-get', ['install', '-y', '--no-install-recommends', ...missing], {
      env: { DEBIAN_FRONTEND: 'noninteractive' },
      quiet: true,
    });
  });
  await step('a Docker daemon', async () => {
    if (await dockerAnswers()) return;
    // No bridge or iptables: the containers use the host's network (loopback), where the
    // cluster is.
    const driver = storageDriver();
    say(`dockerd --storage-driver ${driver}`);
    dockerd = spawn('dockerd', ['--storage-driver', driver, '--iptables=false', '--bridge=none'], {
      stdio: [
        'ignore',
        fs.openSync('/tmp/rectiflow-dockerd.log', 'a'),
        fs.openSync('/tmp/rectiflow-dockerd.log', 'a'),
      ],
    });
    for (let i = 0; i < 60 && !(await dockerAnswers()); i++)
      await new Promise((r) => setTimeout(r, 1000));
    if (!(await dockerAnswers()))
      throw new Error('dockerd did not answer (see /tmp/rectiflow-dockerd.log)');
  });
  await step(`the base image ${BASE_IMAGE} (mmdebstrap + this machine's Node)`, async () => {
    const have = spawnSync('docker', ['image', 'inspect', BASE_IMAGE], { stdio: 'ignore' });
    if (have.status === 0 && !process.argv.includes('--rebuild-base')) {
      say(`${BASE_IMAGE} exists (--rebuild-base makes it again)`);
      return;
    }
    const ctx = fs.mkdtempSync(path.join(os.tmpdir(), 'rectiflow-base-'));
    try {
      await run(
        'mmdebstrap',
        [
          '--variant=minbase',
          '--include=ca-certificates,passwd',
          'bookworm',
          path.join(ctx, 'rootfs.tar'),
        ],
        { quiet: true },
      );
      // The official node image's layout: node, npm and the headers under /usr/local, a user
      // `node` (uid 1000).
      const node = fs.realpathSync(process.execPath);
      const prefix = path.resolve(path.dirname(node), '..');
      fs.mkdirSync(path.join(ctx, 'node', 'bin'), { recursive: true });
      fs.copyFileSync(node, path.join(ctx, 'node', 'bin', 'node'));
      fs.cpSync(
        path.join(prefix, 'lib', 'node_modules', 'npm'),
        path.join(ctx, 'node', 'lib', 'node_modules', 'npm'),
        { recursive: true },
      );
      fs.cpSync(path.join(prefix, 'include', 'node'), path.join(ctx, 'node', 'include', 'node'), {
        recursive: true,
      });
      fs.writeFileSync(
        path.join(ctx, 'Dockerfile'),
        [
          'FROM scratch',
          'ADD rootfs.tar /',
          'COPY node /usr/local/',
          'RUN ln -s ../lib/node_modules/npm/bin/npm-cli.js /usr/local/bin/npm \\',
          ' && ln -s ../lib/node_modules/npm/bin/npx-cli.js /usr/local/bin/npx \\',
          ' && groupadd --gid 1000 node && useradd --uid 1000 --gid node --shell /bin/bash --create-home node',
          'CMD ["node"]',
          '',
        ].join('\n'),
      );
      await docker(['build', '-t', BASE_IMAGE, ctx], {
        env: { DOCKER_BUILDKIT: '0' },
        quiet: true,
      });
    } finally {
      fs.rmSync(ctx, { recursive: true, force: true });
    }
  });
  // npm inside the build trusts the CAs this machine added, unless NPM_CA names its own.
  const npmCa = process.env.NPM_CA ?? hostNpmCa();
  for (const app of ['api', 'worker']) {
    await step(`the ${app} image`, () =>
      // The classic builder with the host's network: npm ci and apt-get reach their
      // registries; BuildKit would want a frontend image it cannot pull.
      docker(
        [
          'build',
          '--network',
          'host',
          '-f',
          `apps/${app}/Dockerfile`,
          '-t',
          `rectiflow-${app}`,
          '--build-arg',
          `NODE_IMAGE=${BASE_IMAGE}`,
          ...(process.env.NPM_REGISTRY
            ? ['--build-arg', `NPM_REGISTRY=${process.env.NPM_REGISTRY}`]
            : []),
          ...(npmCa ? ['--build-arg', `NPM_CA=${npmCa}`] : []),
          root,
        ],
        { env: { DOCKER_BUILDKIT: '0' }, quiet: true },
      ),
    );
  }
  await step('a cluster to run them against (private PostgreSQL, Temporal, mTLS)', async () => {
    pg = new PrivatePostgres(privatePostgresDir('rectiflow-docker-pg-'), await freePort());
    pg.init();
    pg.start();
    cluster = await Cluster.start({
      root,
      dataDir: tempDir('rectiflow-docker-cluster-'),
      databaseUrl: pg.url,
      seedDemo: true,
      log: say,
    });
  });
  const port = await freePort();
  await step('the containers answering', async () => {
    // The containers run as uid 1000: their own readable copy of the certificates.
    const certs = tempDir('rectiflow-docker-certs-');
    const data = tempDir('rectiflow-docker-data-');
    fs.cpSync(cluster.certs.dir, certs, { recursive: true });
    spawnSync('chown', ['-R', '1000:1000', certs, data]);
    const env = (kind) => [
      '-e',
      'NODE_ENV=production',
      '-e',
      `DATABASE_URL=${cluster.readModelUrl}`,
      '-e',
      `TEMPORAL_ADDRESS=${cluster.temporalAddress}`,
      '-e',
      'TEMPORAL_TLS_CA=/certs/ca.pem',
      '-e',
      `TEMPORAL_TLS_CERT=/certs/${kind}.pem`,
      '-e',
      `TEMPORAL_TLS_KEY=/certs/${kind}.key`,
      '-e',
      'TEMPORAL_TLS_SERVER_NAME=temporal-frontend',
      '-e',
      `JWT_SECRET=${JSON.parse(fs.readFileSync(path.join(cluster.dataDir, 'secrets.json'), 'utf8')).jwtSecret}`,
      '-e',
      `TEMPORAL_PAYLOAD_KEY=${JSON.parse(fs.readFileSync(path.join(cluster.dataDir, 'secrets.json'), 'utf8')).temporalPayloadKey}`,
      '-v',
      `${certs}:/certs:ro`,
      '-v',
      `${data}:/data`,
    ];
    for (const [name, kind, extra] of [
      ['rectiflow-test-worker', 'worker', []],
      ['rectiflow-test-api', 'api', ['-e', `PORT=${port}`]],
    ]) {
      spawnSync('docker', ['rm', '-f', name], { stdio: 'ignore' });
      await docker(
        [
          'run',
          '-d',
          '--name',
          name,
          '--network',
          'host',
          ...env(kind),
          ...extra,
          `rectiflow-${kind}`,
        ],
        { quiet: true },
      );
      containers.push(name);
    }
    const deadline = Date.now() + 120_000;
    for (;;) {
      const logs = spawnSync('docker', ['logs', 'rectiflow-test-worker'], { encoding: 'utf8' });
      const health = await fetch(`http://127.0.0.1:${port}/api/health`).then(
        (r) => r.json(),
        () => null,
      );
      if (health?.status === 'ok' && /worker polling/.test(logs.stdout + logs.stderr)) {
        say(
          `api health: ${JSON.stringify(health)}; worker: ${(logs.stdout.match(/worker polling.*/) ?? [''])[0]}`,
        );
        break;
      }
      if (Date.now() > deadline) {
        const api = spawnSync('docker', ['logs', 'rectiflow-test-api'], { encoding: 'utf8' });
        throw new Error(
          `the containers did not come up:\n${(api.stdout + api.stderr).slice(-2000)}\n${(logs.stdout + logs.stderr).slice(-2000)}`,
        );
      }
      await new Promise((r) => setTimeout(r, 1000));
    }
    const page = await fetch(`http://127.0.0.1:${port}/`);
    const html = await page.text();
    if (page.status !== 200 || !html.includes('<div id="root">'))
      throw new Error(`the web app is not served on port ${port}: ${page.status}`);
    // HOST=0.0.0.0 in the image: it listens on every interface, as a published port needs.
    const ss = spawnSync('ss', ['-ltnH', `sport = :${port}`], { encoding: 'utf8' }).stdout.trim();
    say(`listening: ${ss}`);
    if (!/0\.0\.0\.0:|\*:|\[::\]:/.test(ss))
      throw new Error(`the API listens on loopback only: ${ss}`);
  });
  say(`done in ${Math.round((Date.now() - started) / 1000)}s`);
  for (const [what, s] of timings) say(`  ${String(s).padStart(5)}s  ${what}`);
}

// Ctrl-C: the containers, the cluster and a daemon we started go too.
for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, () => {
    void cleanup().then(() => process.exit(130));
  });
}

let failed = false;
try {
  await main();
} catch (e) {
  failed = true;
  process.stderr.write(`\n[docker-images] failed: ${e.message}\n`);
  for (const [what, s] of timings) say(`  ${String(s).padStart(5)}s  ${what}`);
}
await cleanup();
process.exit(failed ? 1 : 0);
