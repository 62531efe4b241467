// The bench's import + idle part alone, for iterating on the worker's memory (BENCH.md, "Idle
// worker memory"): starts the embedded stack from dist/ as bench/run.mjs does, imports N
// findings, lets the worker settle the way the bench's idle row does (quiet for 60 s and RSS
// within 1 % over three 5 s windows, at most 5 minutes, or --settle-minutes: at 100,000 findings
// the worker is still starting them minutes after the import), and prints the worker's RSS with
// its /proc breakdown (anonymous vs file-backed) every 5 s. With --action it then takes the
// bench's action figures (p50 against the trivial-update floor) as a check of the trade-off.
//
//   node -r ./scripts/register-paths.cjs bench/idle-rss.mjs [findings=2000] [--action] [--settle-minutes=5]
//
// The worker inherits this process's environment, so a variant is tried with e.g.
// `WORKFLOW_CACHE_SIZE=50 node … bench/idle-rss.mjs`. IDLE_WORKER_NODE_ARGS adds Node flags
// (space separated) in front of the worker's script. Run `npm run build` first.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Client, Connection } from '@temporalio/client';
import { ensureTemporalCli } from '../scripts/temporal-cli.mjs';
import { startTemporalDevServer } from '../scripts/temporal-dev-server.cjs';
import {
  benchAppEnv,
  startAppApi,
  startAppWorker,
  startTrivialWorker,
} from './lib/embedded-stack.mjs';
import { ChildProcesses, cpuTicks, rssMiB } from './lib/procs.mjs';
import { percentile, round } from './lib/stats.mjs';
import {
  actionFigures,
  apiStartConcurrency,
  hasImportEndpoint,
  importRound,
} from './lib/workload.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const findings = Number(args.find((a) => /^\d+$/.test(a)) ?? 2000);
const withAction = args.includes('--action');
const settleArg = args.find((a) => a.startsWith('--settle-minutes='));
const settleMaxMs = Number(settleArg?.split('=')[1] ?? 5) * 60_000;
const started = Date.now();
const log = (msg) =>
  process.stderr.write(`[idle ${Math.round((Date.now() - started) / 1000)}s] ${msg}\n`);
const children = new ChildProcesses({ cwd: root, log, verbose: args.includes('--verbose') });
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const hz = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim()) || 100;

/** RSS split as the kernel counts it (MiB): anonymous (heaps, isolates) and file-backed. */
function rssParts(pid) {
  const s = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (k) => Number(new RegExp(`^${k}:\\s+(\\d+)`, 'm').exec(s)?.[1] ?? 0) / 1024;
  return `anon ${round(kb('RssAnon'), 0)} file ${round(kb('RssFile'), 0)} threads ${/^Threads:\s+(\d+)/m.exec(s)?.[1]}`;
}

let devServer = null;
let temporalClient = null;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `rectiflow-bench-${process.pid}-`));
async function teardown() {
  await temporalClient?.connection.close().catch(() => undefined);
  await children.stopAll();
  await devServer?.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
}
process.on('SIGINT', () => void teardown().finally(() => process.exit(130)));

try {
  const cliPath = await ensureTemporalCli({ log });
  devServer = await startTemporalDevServer({
    cliPath,
    dbFile: path.join(dataDir, 'temporal.db'),
    log: () => undefined,
  });
  const address = devServer.address;
  temporalClient = new Client({ connection: await Connection.connect({ address }) });
  const trivialQueue = `bench-trivial-${process.pid}`;
  const trivial = startTrivialWorker(children, 'trivial-worker', address, trivialQueue);
  const env = benchAppEnv(`rectiflow-idle-${process.pid}-secret`, {
    DATA_DIR: dataDir,
    TEMPORAL_ADDRESS: address,
  });
  const nodeArgs = (process.env.IDLE_WORKER_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const worker = startAppWorker(children, env, nodeArgs);
  const { client: api } = await startAppApi(children, 'api', env);
  await worker.waitForLine(/worker polling/, 180_000);
  await trivial.waitForLine(/^ready$/, 180_000);
  log(`worker started: ${round(rssMiB(worker.pid), 1)} MiB (${rssParts(worker.pid)})`);
  for (const u of ['office', 'leader1', 'dept1']) await api.login(u);
  const depts = await api.expect(200, 'GET', '/departments', { as: 'office' });
  const ids = { d1: depts.items.find((d) => d.code === 'D1').id, leader1: api.user('leader1').id };
  const hasImport = await hasImportEndpoint(api);
  const concurrency = apiStartConcurrency(root);
  for (let offset = 0; offset < findings; offset += 1000) {
    const n = Math.min(1000, findings - offset);
    const rate = await importRound(api, ids, n, offset, concurrency, hasImport);
    log(
      `imported ${offset + n}: ${round(rate, 0)}/s; worker ${round(rssMiB(worker.pid), 1)} MiB (${rssParts(worker.pid)})`,
    );
  }
  // Settle as bench/run.mjs measureIdle does.
  const settleStart = Date.now();
  const recent = [rssMiB(worker.pid)];
  let quietSince = null;
  let settled = false;
  while (!settled && Date.now() - settleStart <= settleMaxMs) {
    const c0 = cpuTicks(worker.pid);
    const t0 = Date.now();
    await sleep(5_000);
    const cpuPct = ((cpuTicks(worker.pid) - c0) / hz / ((Date.now() - t0) / 1000)) * 100;
    const rss = rssMiB(worker.pid);
    log(`rss ${round(rss, 1)} MiB (${rssParts(worker.pid)}), cpu ${round(cpuPct, 2)} %`);
    quietSince = cpuPct < 1 ? (quietSince ?? Date.now() - 5_000) : null;
    recent.push(rss);
    const last = recent.slice(-4);
    const steady = last.length === 4 && Math.max(...last) - Math.min(...last) <= last[0] * 0.01;
    settled = quietSince !== null && Date.now() - quietSince >= 60_000 && steady;
  }
  log(
    `IDLE ${findings} findings${settled ? '' : ' (NOT settled: cut at the limit)'}: worker ${round(rssMiB(worker.pid), 1)} MiB after ${Math.round((Date.now() - settleStart) / 1000)} s (${rssParts(worker.pid)}); bare SDK worker ${round(rssMiB(trivial.pid), 1)} MiB`,
  );
  if (withAction) {
    const { actionMs, draftMs, approveMs, coldDraftMs, floorMs } = await actionFigures(
      api,
      temporalClient,
      trivialQueue,
      100,
    );
    const p = (xs) => round(percentile(xs, 50), 2);
    log(
      `ACTION p50 ${p(actionMs)} ms, floor ${p(floorMs)} ms, ratio ${round(percentile(actionMs, 50) / percentile(floorMs, 50), 2)}; drafts ${p(draftMs)} approvals ${p(approveMs)} (drafts with no page read first ${p(coldDraftMs)}); worker now ${round(rssMiB(worker.pid), 1)} MiB`,
    );
  }
  api.close?.();
} catch (e) {
  log(`failed: ${e.stack ?? e}`);
  process.exitCode = 2;
} finally {
  await teardown();
}
