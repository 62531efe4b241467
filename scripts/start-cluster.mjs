#!/usr/bin/env node
// `npm run start:cluster`: the production-like topology on one host (see cluster/topology.mjs):
// Temporal's four services as separate processes on PostgreSQL, its web UI, two rectiflow
// workers and two API replicas, all clients of Temporal over mTLS, behind nginx serving the
// web app and /api on http://127.0.0.1:$PORT. Ctrl-C stops it all cleanly; starting it again
// on the same CLUSTER_DATA_DIR and database carries on where it stopped.
//
//   DATABASE_URL       the PostgreSQL server [postgres://postgres@127.0.0.1:5432/postgres];
//                      databases temporal, temporal_visibility and rectiflow are made on it
//   PORT [3000]  TEMPORAL_PORT [7233]  TEMPORAL_UI_PORT [TEMPORAL_PORT+1000, "off" for none]
//   CLUSTER_DATA_DIR [.data/cluster]   certificates, configuration, evidence, logs
//   --demo             seed the demo organisation (password demo) into an empty read model
//   --no-build         skip compiling

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildApp } from './app-build.mjs';
import { Cluster, DEFAULT_DATABASE_URL } from './cluster/topology.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const argv = process.argv.slice(2);

const useColor = process.env.FORCE_COLOR
  ? process.env.FORCE_COLOR !== '0'
  : process.stdout.isTTY && !process.env.NO_COLOR;
const paint = (code, s) => (useColor ? `\x1b[${code}m${s}\x1b[0m` : s);
const say = (msg) => process.stdout.write(`${paint('1;32', '[cluster]')} ${msg}\n`);
const warn = (msg) => process.stderr.write(`${paint('1;33', '[cluster]')} ${msg}\n`);
const COLORS = ['36', '35', '34', '33', '32', '96', '95', '94', '93', '92'];
const colorOf = new Map();
const echo = (name, line) => {
  if (!colorOf.has(name)) colorOf.set(name, COLORS[colorOf.size % COLORS.length]);
  process.stdout.write(`${paint(colorOf.get(name), `[${name}]`)} ${line}\n`);
};

const dotenv = path.join(root, '.env');
if (fs.existsSync(dotenv) && typeof process.loadEnvFile === 'function') process.loadEnvFile(dotenv);

function intEnv(name, fallback) {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n <= 0 || n > 65535)
    throw new Error(`${name}=${raw} is not a valid port`);
  return n;
}

let cluster = null;
let stepChild = null;
let stopping = false;

async function shutdown(code, reason) {
  if (stopping) return;
  stopping = true;
  if (reason) say(reason);
  stepChild?.kill('SIGTERM');
  if (cluster) {
    say('stopping: proxy, API replicas, workers, then Temporal…');
    await cluster.stop();
  }
  process.exit(code);
}

for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(sig, () => {
    if (!stopping) return void shutdown(0, `${sig}: stopping…`);
    // A second Ctrl-C: the guardians stop every process as soon as we are gone.
    warn('forced exit');
    process.exit(130);
  });
}

function run(what, cmd, args, env = process.env) {
  say(`${what}…`);
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: root, stdio: 'inherit', env });
    stepChild = child;
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      stepChild = null;
      if (code === 0) resolve();
      else reject(new Error(`${what} failed (${signal ?? `exit code ${code}`})`));
    });
  });
}

async function main() {
  const temporalPort = intEnv('TEMPORAL_PORT', 7233);
  const uiOff = /^(off|false|0|none)$/i.test(process.env.TEMPORAL_UI_PORT ?? '');
  const options = {
    root,
    dataDir: path.resolve(process.env.CLUSTER_DATA_DIR || path.join('.data', 'cluster')),
    databaseUrl: process.env.DATABASE_URL || DEFAULT_DATABASE_URL,
    port: intEnv('PORT', 3000),
    temporalPort,
    uiPort: uiOff ? null : intEnv('TEMPORAL_UI_PORT', temporalPort + 1000),
    seedDemo: argv.includes('--demo'),
    autoRestart: true,
    log: say,
    echo,
  };
  if (argv.includes('--no-build')) say('skipping the build (--no-build)');
  else await buildApp({ root, run, warn });
  if (stopping) return;
  const started = Date.now();
  cluster = new Cluster(options);
  await cluster.boot();
  if (stopping) return;
  banner(cluster, Math.round((Date.now() - started) / 1000));
}

function banner(c, seconds) {
  const line = '─'.repeat(76);
  const p = c.ports;
  const rows = [
    ['App (nginx)', `http://127.0.0.1:${p.proxy}/   and /api`],
    ['API replicas', p.apis.map((x) => `127.0.0.1:${x}`).join(', ')],
    ['Temporal gRPC', `${c.temporalAddress} (mTLS; client certificates in ${c.certs.dir})`],
    ['Temporal UI', p.ui ? `http://127.0.0.1:${p.ui}` : '(off)'],
    ['Temporal parts', `history :${p.history}, matching :${p.matching}, worker :${p.worker}`],
    [
      'Metrics',
      [
        ...Object.entries(p.appMetrics),
        ...Object.entries(p.metrics).map(([k, v]) => [`temporal-${k}`, v]),
      ]
        .map(([k, v]) => `${k} :${v}`)
        .join(', '),
    ],
    [
      'PostgreSQL',
      `${new URL(c.options.databaseUrl).host}: temporal, temporal_visibility, rectiflow`,
    ],
    ['Data, logs', `${c.dataDir}  (logs/<process>.log)`],
  ];
  process.stdout.write(
    [
      '',
      paint('32', line),
      `  rectiflow cluster is running (started in ${seconds}s)`,
      '',
      ...rows.map(([k, v]) => `  ${k.padEnd(15)}${v}`),
      '',
      '  The Temporal CLI against it:',
      `    temporal workflow list --address ${c.temporalAddress} --tls-ca-path ${c.certs.ca} \\`,
      `      --tls-cert-path ${c.certs.cli.cert} --tls-key-path ${c.certs.cli.key} \\`,
      '      --tls-server-name temporal-frontend',
      '',
      '  Ctrl-C stops everything.',
      paint('32', line),
      '',
    ].join('\n') + '\n',
  );
}

main().catch((e) => {
  if (stopping) return;
  process.stderr.write(`\n${paint('1;31', '[cluster] failed:')} ${e.message}\n`);
  void shutdown(1);
});
