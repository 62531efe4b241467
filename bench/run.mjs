// `npm run bench` (and `npm run bench -- --quick`): the performance figures of issue 7, each
// measured beside its floor (the best the underlying part can do on the same machine, in the
// same run), so the ratio holds on a noisy machine. See BENCH.md for how to read them.
//
// It builds, starts its own embedded stack on free loopback ports with a fresh DATA_DIR (a
// Temporal dev server, the worker and the API as child processes, and a trivial worker on its
// own task queue for the Temporal floors), fills it, measures, and tears everything down, also
// on failure and Ctrl-C. Writes a table to stdout and bench/results.json; exits 1 when a goal
// is missed (2 when the run itself failed).
//
//   --quick        2,000 findings instead of 10,000 (and fewer samples); well under 10 minutes
//   --no-build     use dist/ as it is
//   --no-postgres  skip the PostgreSQL inbox figure (it then counts as missed)
//   --verbose      show the children's output
//   --sizes N,N,…  growth curves: grow the read model by SQL to each size (findings) after the
//                  other figures and measure inbox, dashboard and action there (bench/lib/growth.mjs);
//                  a full run does 10000,30000,100000 unless told otherwise; quick mode only when given
//   --cluster      import and action only, on the embedded stack and then on the production
//                  topology (scripts/cluster/topology.mjs on a private PostgreSQL) with one
//                  worker and with two, side by side (BENCH.md, "On the cluster")
//
//   BENCH_PG_URL   [postgres://postgres@127.0.0.1:5432/postgres] where the bench creates (and
//                  drops) its own database
//   BENCH_KEEP_DB  a file to copy the SQLite read model to at the end (grown to the largest
//                  size), to study its query plans afterwards

import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { Client, Connection } from '@temporalio/client';
import pg from 'pg';
import { pidAlive } from '../scripts/process-guardian.cjs';
import { ensureTemporalCli } from '../scripts/temporal-cli.mjs';
import { freePort, startTemporalDevServer } from '../scripts/temporal-dev-server.cjs';
import { copyReadModelToPostgres, insertDoneHistory } from './lib/fill.mjs';
import { ClusterStack, removeClusterLeftover } from './lib/cluster-stack.mjs';
import {
  benchAppEnv,
  startAppApi,
  startAppWorker,
  startTrivialWorker,
} from './lib/embedded-stack.mjs';
import { Api } from './lib/http.mjs';
import { captureInboxSql, pgRunner, sqliteRunner } from './lib/inbox-sql.mjs';
import { ChildProcesses, cpuTicks, rssMiB } from './lib/procs.mjs';
import { measureWebLoad } from './lib/web-load.mjs';
import { percentile, round, tableLines } from './lib/stats.mjs';
import { measureDashboards, recordDashboards } from './lib/dashboard-bench.mjs';
import { FULL_RUN_SIZES, chartGrowth, parseSizes, runGrowth } from './lib/growth.mjs';
import {
  FORM_PAUSE_MS,
  actionFigures,
  apiStartConcurrency,
  hasImportEndpoint,
  importAgainstFloor,
  importRound,
} from './lib/workload.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { sizes: sizesArg, rest: argv } = parseSizes(process.argv.slice(2));
const known = ['--quick', '--no-build', '--no-postgres', '--verbose', '--cluster'];
for (const a of argv) {
  if (!known.includes(a)) {
    process.stderr.write(`unknown option ${a}; known: ${known.join(' ')}\n`);
    process.exit(2);
  }
}
const quick = argv.includes('--quick');
const verbose = argv.includes('--verbose');
const growthSizes = sizesArg ?? (quick ? null : FULL_RUN_SIZES);
const CLUSTER = argv.includes('--cluster');

const MODE = quick
  ? {
      name: 'quick',
      findings: 2_000,
      round: 1_000,
      actionFindings: 100,
      inboxSamples: 1000,
      exportRound: 2_000,
      dashboardSamples: 200,
      webSamples: 3,
      deadlineMin: CLUSTER ? 30 : 15,
    }
  : {
      name: 'full',
      findings: 10_000,
      round: 1_000,
      actionFindings: 100,
      inboxSamples: 2000,
      exportRound: 5_000,
      dashboardSamples: 500,
      webSamples: 7,
      deadlineMin: CLUSTER ? 45 : 60,
    };
// BENCH_EXPORT_ROUND=5000 with --quick: the exports part on the full run's round size alone.
if (process.env.BENCH_EXPORT_ROUND) {
  MODE.exportRound = Number(process.env.BENCH_EXPORT_ROUND);
  MODE.deadlineMin += 5;
}
// The growth steps' fill and samples: about a minute per 5,000 findings at most.
if (growthSizes) MODE.deadlineMin += 10 + Math.ceil(Math.max(...growthSizes) / 5_000);
/** Done history rows per finding: with its open task, about five task rows per finding. */
const HISTORY_PER_FINDING = 4;
const IDLE_WINDOW_MS = 10_000;
/** How long the idle figure waits for the worker to settle after the import (see measureIdle). */
const IDLE_SETTLE_MAX_MS = 300_000;
const PG_ADMIN_URL = process.env.BENCH_PG_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
const DB_PREFIX = 'rectiflow_bench_';
const DATA_PREFIX = 'rectiflow-bench-';

// The goals of issue 7, as issue 19 restated them (its table, checked at the largest size too).
const GOAL = {
  inboxP95VsFloor: 2, // PostgreSQL (issue 19: on SQLite the bare HTTP reference is the measure)
  inboxP95VsBare: 1.3, // issue 19 item 5: the API's SQLite inbox against a bare node:http server
  inboxP95Ms: 20,
  // Issue 19 tightened these to the ratios of its day ("no worse than 2.5× and 1.4×"); issue 7
  // had asked for 3× and 2×.
  actionP50VsFloor: 2.5,
  importVsFloor: 1.4, // the floor's rate at most 1.4× ours
  importPerS: 100,
  idleRssMiB: 300,
  idleCpuPct: 1, // "near zero": at most 1 % of one core over the window
  // Issue 19: health and inbox p99 during three exports ≤ 2× without; one 5,000-finding ledger ≤ 3 s.
  duringExportsVsWithout: 2,
  ledgerExportMs: 3000,
  // Issue 19: dashboard p95 ≤ 2× its SQL floor and ≤ 50 ms.
  dashboardP95VsFloor: 2,
  dashboardP95Ms: 50,
  // Below this SQL floor a dashboard's ratio is context (bench/lib/dashboard-bench.mjs says why).
  dashboardRatioMinFloorMs: 5,
  // Issue 19 item 4: JavaScript transferred before the inbox is interactive ≤ 400 KB compressed.
  webInboxJsKB: 400,
};

// ------------------------------------------------------------------------------------------
// Output

const started = Date.now();
const elapsed = () => {
  const s = Math.round((Date.now() - started) / 1000);
  return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
};
const log = (msg) => process.stderr.write(`[bench ${elapsed()}] ${msg}\n`);

// ------------------------------------------------------------------------------------------
// State and teardown

const children = new ChildProcesses({ cwd: root, log, verbose });
let devServer = null;
let devServerStarting = null;
let temporalClient = null;
let dataDir = null;
let pgDatabase = null;
let clusterStack = null;
const openApis = [];
let tearingDown = null;

async function dropPgDatabase(name) {
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}

function teardown() {
  tearingDown ??= (async () => {
    for (const api of openApis) api.close();
    await temporalClient?.connection.close().catch(() => undefined);
    await children.stopAll();
    if (!devServer && devServerStarting) devServer = await devServerStarting.catch(() => null);
    if (devServer) await devServer.stop();
    await clusterStack?.stop();
    if (pgDatabase) {
      await dropPgDatabase(pgDatabase).catch((e) =>
        log(`could not drop database ${pgDatabase}: ${e.message}`),
      );
    }
    if (dataDir) {
      keepReadModel();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  })();
  return tearingDown;
}

/**
 * BENCH_KEEP_DB=FILE: the SQLite read model as the run left it (grown to the largest size),
 * copied there once the API has stopped, to look at its plans and timings afterwards.
 */
function keepReadModel() {
  const to = process.env.BENCH_KEEP_DB;
  const from = path.join(dataDir, 'rectiflow.db');
  if (!to || !fs.existsSync(from)) return;
  for (const ext of ['', '-wal', '-shm']) {
    if (fs.existsSync(from + ext)) fs.copyFileSync(from + ext, to + ext);
    else fs.rmSync(to + ext, { force: true });
  }
  log(`the read model is kept at ${to}`);
}

let interrupted = false;
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(sig, () => {
    if (interrupted) {
      log('forced exit');
      process.exit(130);
    }
    interrupted = true;
    log(`${sig}: stopping everything…`);
    void teardown().finally(() => process.exit(130));
  });
}

/** Leftovers of a bench that was killed outright (SIGKILL leaves no chance to clean up). */
async function removeStaleLeftovers() {
  for (const entry of fs.readdirSync(os.tmpdir())) {
    const m = new RegExp(`^${DATA_PREFIX}(\\d+)-`).exec(entry);
    // A cluster mode's PostgreSQL is stopped before its folder goes.
    if (m && !pidAlive(Number(m[1]))) removeClusterLeftover(path.join(os.tmpdir(), entry));
  }
  if (argv.includes('--no-postgres') || CLUSTER) return;
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  try {
    await admin.connect();
    const { rows } = await admin.query(
      `SELECT datname FROM pg_database WHERE datname LIKE '${DB_PREFIX}%'`,
    );
    for (const { datname } of rows) {
      const pid = Number(/^rectiflow_bench_(\d+)_/.exec(datname)?.[1]);
      if (pid && !pidAlive(pid))
        await admin.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    }
  } catch {
    /* PostgreSQL unreachable: reported when the figure needs it */
  } finally {
    await admin.end().catch(() => undefined);
  }
}

/** Rejects when a child dies or the run's deadline passes, whichever comes first. */
function guard(promise, what) {
  return Promise.race([promise, children.crashed]).catch((e) => {
    throw new Error(`${what}: ${e.message}`);
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// ------------------------------------------------------------------------------------------
// The stack

/**
 * `npm run build` (the compiled apps and the prebuilt workflow bundle the worker loads), then
 * `npm run build:web` (the web app the API serves, for the web load figures).
 */
async function build() {
  for (const script of ['build', 'build:web']) {
    log(`building (npm run ${script})…`);
    await new Promise((resolve, reject) => {
      const child = spawn('npm', ['run', '--silent', script], {
        cwd: root,
        stdio: ['ignore', 'inherit', 'inherit'],
      });
      child.on('error', reject);
      child.on('exit', (code) =>
        code === 0 ? resolve() : reject(new Error(`${script} failed (exit ${code})`)),
      );
    });
  }
}

/** The API's token secret, shared with the bare inbox reference (bench/bare-inbox-server.mjs). */
const JWT_SECRET = `rectiflow-bench-${process.pid}-secret`;

function appEnv(extra) {
  // The built web app (dist/web), for the web load figures.
  return benchAppEnv(JWT_SECRET, { SERVE_WEB: 'true', ...extra });
}

async function startApi(name, env) {
  const started = await startAppApi(children, name, appEnv(env));
  openApis.push(started.client);
  return started;
}

// ------------------------------------------------------------------------------------------
// Results

const results = [];
/** The growth series (bench/lib/growth.mjs), when measured. */
let growth = null;

/**
 * @param {string} name
 * @param {number} value
 * @param {string} unit
 * @param {number} floor
 * @param {'time'|'rate'} kind value/floor for times, floor/value for rates
 * @param {number|null} maxRatio the goal; null for a figure shown for context only
 * @param {string} note what the floor is
 */
function record(name, value, unit, floor, kind, maxRatio, note) {
  // A row of context may have no floor (null): no ratio then.
  const ratio = floor === null ? null : kind === 'rate' ? floor / value : value / floor;
  const r = {
    name,
    value: round(value),
    unit,
    floor: round(floor),
    ratio: round(ratio),
    maxRatio,
    note,
  };
  r.pass = maxRatio === null ? null : Number.isFinite(ratio) && ratio <= maxRatio;
  results.push(r);
  const verdict = r.pass === null ? 'info' : r.pass ? 'ok' : 'MISSED';
  log(
    `${name}: ${r.value} ${unit} (floor ${r.floor}, ratio ${r.ratio}${maxRatio === null ? '' : ` ≤ ${maxRatio}`}) ${verdict}`,
  );
}

function missing(name, unit, maxRatio, reason) {
  results.push({
    name,
    value: null,
    unit,
    floor: null,
    ratio: null,
    maxRatio,
    note: reason,
    pass: false,
  });
  log(`${name}: not measured (${reason})`);
}

function machine() {
  const cpus = os.cpus();
  const mem = (os.totalmem() / 1024 ** 3).toFixed(1);
  return `${cpus[0]?.model.trim() ?? 'unknown CPU'}, ${cpus.length} cores, ${mem} GiB RAM, ${os.type()} ${os.release()}, Node ${process.version}`;
}

function printTable(meta) {
  const rows = [['figure', 'value', 'floor', 'ratio', 'goal', '']];
  for (const r of results) {
    const fmt = (v) => (v === null || v === undefined ? '—' : `${v}`);
    rows.push([
      r.name,
      r.value === null ? '—' : `${fmt(r.value)} ${r.unit}`,
      r.floor === null ? '—' : `${fmt(r.floor)} ${r.unit}`,
      fmt(r.ratio),
      r.maxRatio === null ? '' : `≤ ${r.maxRatio}`,
      r.pass === null ? '' : r.pass ? 'ok' : 'MISSED',
    ]);
  }
  const out = [
    '',
    `rectiflow bench (${meta.mode}) — ${meta.machine}`,
    `load average at start ${meta.loadAtStart.join(' ')}, at end ${meta.loadAtEnd.join(' ')}; ${meta.durationS} s`,
    '',
    ...tableLines(rows),
    '',
  ];
  process.stdout.write(out.join('\n') + '\n');
}

// ------------------------------------------------------------------------------------------
// Phases

/** Average CPU (% of one core) and final RSS of a process over a window. */
async function sampleProcess(pid, windowMs) {
  const hz = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim()) || 100;
  const t0 = performance.now();
  const c0 = cpuTicks(pid);
  await Promise.race([sleep(windowMs), children.crashed]);
  const c1 = cpuTicks(pid);
  const seconds = (performance.now() - t0) / 1000;
  return { cpuPct: ((c1 - c0) / hz / seconds) * 100, rss: rssMiB(pid) };
}

async function measureIdle(worker, trivialWorker) {
  // Settled: the last import has answered, but the worker is still running the new findings'
  // first workflow tasks for a while (on a busy machine, minutes), and V8 hands memory back only
  // once the work stops. Wait until the worker has been quiet for 60 s and its RSS has stayed
  // within 1 % over three 5 s windows: an idle worker's steady state. At most IDLE_SETTLE_MAX_MS;
  // a figure taken at that limit is marked "not settled" (the worker was still busy or its
  // memory still moving), so a busy machine's figure is not read as the idle one.
  const settleStart = Date.now();
  const afterImport = rssMiB(worker.pid);
  const recent = [afterImport];
  let quietSince = null;
  let settled = false;
  let lastCpu = 0;
  for (;;) {
    const s = await sampleProcess(worker.pid, 5_000);
    lastCpu = s.cpuPct;
    quietSince = s.cpuPct < GOAL.idleCpuPct ? (quietSince ?? Date.now() - 5_000) : null;
    recent.push(s.rss);
    const last = recent.slice(-4);
    const steady = last.length === 4 && Math.max(...last) - Math.min(...last) <= last[0] * 0.01;
    if (quietSince !== null && Date.now() - quietSince >= 60_000 && steady) {
      settled = true;
      break;
    }
    if (Date.now() - settleStart > IDLE_SETTLE_MAX_MS) break;
  }
  const settledS = Math.round((Date.now() - settleStart) / 1000);
  const state = settled
    ? `steady state ${settledS} s after the import`
    : `NOT settled after ${settledS} s (worker at ${round(lastCpu, 1)} % CPU in the last 5 s)`;
  const [w, bare] = await Promise.all([
    sampleProcess(worker.pid, IDLE_WINDOW_MS),
    sampleProcess(trivialWorker.pid, IDLE_WINDOW_MS),
  ]);
  record(
    `idle worker RSS, ${MODE.findings} open findings`,
    w.rss,
    'MiB',
    GOAL.idleRssMiB,
    'time',
    1,
    `${state} (${round(afterImport, 0)} MiB right after it); floor = the 300 MiB budget; a bare SDK worker (trivial workflow) holds ${round(bare.rss, 0)} MiB`,
  );
  record(
    `idle worker CPU, ${MODE.findings} open findings`,
    w.cpuPct,
    '% of a core',
    GOAL.idleCpuPct,
    'time',
    1,
    `over ${IDLE_WINDOW_MS / 1000} s; floor = the near-zero budget; a bare SDK worker used ${round(bare.cpuPct, 2)} %`,
  );
}

async function measureActions(api, trivialQueue, { k = MODE.actionFindings, quiet = false } = {}) {
  const { actionMs, draftMs, approveMs, coldDraftMs, openMs, floorMs, draftTask, approveTask } =
    await actionFigures(api, temporalClient, trivialQueue, k);
  if (quiet)
    return { p50: percentile(actionMs, 50), floorP50: percentile(floorMs, 50), n: actionMs.length };
  const note = `${actionMs.length} completions (draft_measures, approve_measures), each after its page was read and ${FORM_PAUSE_MS} ms for the form; floor = executeUpdate on a trivial workflow, interleaved`;
  record(
    'action POST /tasks/:id/complete p50',
    percentile(actionMs, 50),
    'ms',
    percentile(floorMs, 50),
    'time',
    GOAL.actionP50VsFloor,
    note,
  );
  record(
    'action POST /tasks/:id/complete p99',
    percentile(actionMs, 99),
    'ms',
    percentile(floorMs, 99),
    'time',
    null,
    note,
  );
  record(
    'action p50, drafts (workflow loaded when the page was read)',
    percentile(draftMs, 50),
    'ms',
    percentile(floorMs, 50),
    'time',
    null,
    `${draftMs.length} draft_measures completions on findings no longer in the worker's cache until their page was read`,
  );
  record(
    'action p50, drafts with no page read first (replayed at the step)',
    percentile(coldDraftMs, 50),
    'ms',
    percentile(floorMs, 50),
    'time',
    null,
    `${coldDraftMs.length} draft_measures completions on other such findings, taken before the figures above`,
  );
  record(
    'action p50, approvals (workflow cached)',
    percentile(approveMs, 50),
    'ms',
    percentile(floorMs, 50),
    'time',
    null,
    `${approveMs.length} approve_measures completions right after their drafts`,
  );
  record(
    'the task page read before a step (GET /findings/:id) p50',
    percentile(openMs, 50),
    'ms',
    null,
    'time',
    null,
    `${openMs.length} reads, each of which asked the worker to load the finding (not awaited)`,
  );
  for (const [what, tasks] of [
    ['drafts', draftTask],
    ['approvals', approveTask],
  ]) {
    const worker = tasks.map((t) => t.workerMs);
    const dispatch = tasks.map((t) => t.dispatchMs);
    record(
      `action p50, ${what}: the workflow task in the worker`,
      percentile(worker, 50),
      'ms',
      percentile(floorMs, 50),
      'time',
      null,
      `from the history, the task that accepted the update: started to completed; the server's dispatch (scheduled to started) p50 ${round(percentile(dispatch, 50))} ms`,
    );
  }
}

/**
 * `samples` requests to `api`, each followed by one run of the floor, after 20 of each not
 * counted. Only the request's time to its last byte is taken (the answer is not parsed).
 */
async function interleaved(api, actor, floor, samples) {
  const apiMs = [];
  const floorMs = [];
  for (let i = 0; i < samples + 20; i++) {
    const { ms: a } = await api.expectTimed(200, 'GET', '/inbox', { as: actor, parse: false });
    const t0 = performance.now();
    await floor.run();
    const f = performance.now() - t0;
    if (i >= 20) {
      apiMs.push(a);
      floorMs.push(f);
    }
  }
  return { apiMs, floorMs };
}

/** GET /api/inbox against its own SQL through the driver, interleaved sample by sample. */
async function measureInbox(label, api, actor, floor, expectItems) {
  const samples = MODE.inboxSamples;
  // ` at N findings` where the read model was grown (issue 19's figures at 100,000).
  const at = label.at ?? '';
  // The first answer is read and checked.
  const { body: page } = await api.expectTimed(200, 'GET', '/inbox', { as: actor });
  const counts = await floor.run();
  if (page.items.length !== expectItems)
    throw new Error(`the API's inbox page held ${page.items.length} items, not ${expectItems}`);
  if (!counts.includes(expectItems))
    throw new Error(
      `the driver's inbox SQL returned ${counts.join('/')} rows, expected ${expectItems}`,
    );
  const { apiMs, floorMs } = await interleaved(api, actor, floor, samples);
  const note = `${samples} samples, page of 50 of ${label.total} open tasks among ${label.rows} task rows; floor = the same SQL through the driver`;
  record(
    `inbox GET /inbox p50 (${label.db})${at}`,
    percentile(apiMs, 50),
    'ms',
    percentile(floorMs, 50),
    'time',
    null,
    note,
  );
  record(
    `inbox GET /inbox p95 (${label.db})${at}`,
    percentile(apiMs, 95),
    'ms',
    percentile(floorMs, 95),
    'time',
    // Issue 19: on PostgreSQL ≤ 2× its SQL floor; on SQLite, where the SQL takes a millisecond
    // and any HTTP server is several times that, against the bare HTTP reference instead.
    label.db === 'PostgreSQL' ? GOAL.inboxP95VsFloor : null,
    note,
  );
  record(
    `inbox GET /inbox p95 (${label.db})${at}, absolute`,
    percentile(apiMs, 95),
    'ms',
    GOAL.inboxP95Ms,
    'time',
    1,
    'floor = the 20 ms budget',
  );
  return { p95: percentile(apiMs, 95), floorP95: percentile(floorMs, 95) };
}

/**
 * The bare HTTP reference for the SQLite inbox (bench/bare-inbox-server.mjs: node:http, the token
 * check, the API's captured SQL with statements prepared once, JSON), measured against the same
 * floor the same way: the least an HTTP inbox can be here. Issue 19 wants the API's inbox within
 * 1.3× of it. Returns its p95 and its floor's.
 */
async function bareInboxP95(api, sqliteFile, queries, floor, samples) {
  const queriesFile = path.join(dataDir, 'inbox-queries.json');
  fs.writeFileSync(queriesFile, JSON.stringify(queries));
  const port = await freePort();
  const bare = children.startNode(
    'bare-inbox',
    [
      '-r',
      './scripts/register-paths.cjs',
      'bench/bare-inbox-server.mjs',
      String(port),
      sqliteFile,
      JWT_SECRET,
      queriesFile,
    ],
    {},
  );
  await bare.waitForLine(/^ready$/, 60_000);
  const client = new Api(`http://127.0.0.1:${port}`);
  openApis.push(client);
  client.sessions.set('dept1', { token: api.sessions.get('dept1').token, user: api.user('dept1') });
  try {
    const { apiMs, floorMs } = await interleaved(client, 'dept1', floor, samples);
    return { p95: percentile(apiMs, 95), floorP95: percentile(floorMs, 95), samples };
  } finally {
    client.close();
    await bare.stop();
  }
}

/**
 * The API's SQLite inbox p95 against the bare reference's (issue 19, item 5: ≤ 1.3×). The two were
 * taken one after the other, each interleaved with the same SQL floor; the API's p95 is scaled
 * by the ratio of the two stretches' floors, so that the machine's load moving between them
 * does not move the ratio: value = the API's p95 as it would be at the bare stretch's floor.
 */
function recordAgainstBare(label, api, bare) {
  record(
    `inbox p95 (SQLite)${label}, bare node:http reference`,
    bare.p95,
    'ms',
    bare.floorP95,
    'time',
    null,
    `${bare.samples} samples: node:http + token check + the same SQL prepared once + JSON, no framework; floor = the same SQL through the driver, interleaved`,
  );
  record(
    `inbox p95 (SQLite)${label}, the API against the bare reference`,
    (api.p95 / api.floorP95) * bare.floorP95,
    'ms',
    bare.p95,
    'time',
    GOAL.inboxP95VsBare,
    `the API's p95 over its floor (${round(api.p95)} / ${round(api.floorP95)} ms) against the bare server's (${round(bare.p95)} / ${round(bare.floorP95)} ms)`,
  );
}

/**
 * Nothing long on the API's event loop (issue 19): GET /health and GET /inbox (p99), sampled one
 * after the other while three ledger exports of a `MODE.exportRound`-finding round run (three
 * users, within the default export limits), against the same sampling without exports just
 * before; and one such export alone. All of it once the worker has run the round's first
 * workflow tasks (settleWorkers), as the actions are measured.
 */
async function measureExports(api, ids, workerPid) {
  const n = MODE.exportRound;
  log(`exports: importing a ${n}-finding round…`);
  const roundId = await importRound(
    api,
    ids,
    n,
    MODE.findings,
    apiStartConcurrency(root),
    true,
    `基准测试导出轮（${n}项）`,
  );
  // The import answers before the worker has run the round's first workflow tasks: sampled
  // then, both figures would measure the worker's tail on the same 2 cores, not the exports.
  await settleWorkers('exports', [workerPid]);
  const users = ['office', 'leader1', 'supervisor'];
  for (const u of users) if (!api.sessions.has(u)) await api.login(u);
  const ledger = (as) =>
    api.expectTimed(200, 'GET', `/rounds/${roundId}/ledger.xlsx`, { as, parse: false });
  // One alone (after one not counted, which starts the export thread).
  await ledger('office');
  const alone = await ledger('office');
  record(
    `ledger.xlsx of a ${n}-finding round, alone`,
    alone.ms,
    'ms',
    GOAL.ledgerExportMs,
    'time',
    n >= 5000 ? 1 : null,
    `${round(alone.body / 1024 / 1024, 1)} MiB; floor = the 3 s budget (a goal at 5,000 findings)`,
  );
  const sample = async (health, inbox) => {
    health.push((await api.expectTimed(200, 'GET', '/health', { parse: false })).ms);
    inbox.push((await api.expectTimed(200, 'GET', '/inbox', { as: 'dept1', parse: false })).ms);
  };
  const idle = { health: [], inbox: [] };
  for (let i = 0; i < 300; i++) await sample(idle.health, idle.inbox);
  const busy = { health: [], inbox: [] };
  let running = users.length;
  const t0 = performance.now();
  const exports = Promise.all(
    users.map((u) =>
      ledger(u).finally(() => {
        running -= 1;
      }),
    ),
  );
  while (running > 0) await sample(busy.health, busy.inbox);
  const took = (await exports).map((e) => round(e.ms / 1000, 1));
  const wall = round((performance.now() - t0) / 1000, 1);
  const note = `${busy.health.length} samples while three ${n}-finding ledgers were built (${took.join(', ')} s; ${wall} s in all), against ${idle.health.length} just before without exports`;
  record(
    `GET /health p99 during three ${n}-finding exports`,
    percentile(busy.health, 99),
    'ms',
    percentile(idle.health, 99),
    'time',
    GOAL.duringExportsVsWithout,
    note,
  );
  record(
    `GET /inbox p99 during three ${n}-finding exports`,
    percentile(busy.inbox, 99),
    'ms',
    percentile(idle.inbox, 99),
    'time',
    GOAL.duringExportsVsWithout,
    note,
  );
}

/**
 * Issue 19 item 4, in Debian's Chromium: the JavaScript a signed-in department user's browser
 * fetches (compressed, as sent) before the inbox shows its rows, cold cache; when the rows
 * appear; and the sign-in page's JavaScript. See bench/lib/web-load.mjs.
 */
async function measureWeb(api, port) {
  if (!fs.existsSync(path.join(root, 'dist/web/index.html'))) {
    missing(
      'web: JavaScript before the inbox is interactive',
      'kB',
      1,
      'dist/web is missing (npm run build:web)',
    );
    return;
  }
  const { token, user } = api.sessions.get('dept1');
  const f = await measureWebLoad({
    baseUrl: `http://127.0.0.1:${port}`,
    session: { token, user },
    samples: MODE.webSamples,
  });
  const kB = (n) => n / 1000;
  if (f.inbox.echarts || f.signIn.echarts)
    log('web: the ECharts chunk was fetched by the sign-in page or the inbox');
  record(
    'web: JavaScript before the inbox is interactive',
    kB(f.inbox.jsEncoded),
    'kB',
    GOAL.webInboxJsKB,
    'time',
    1,
    `compressed as sent (${f.inbox.jsFiles} files, ${round(kB(f.inbox.jsDecoded), 0)} kB unpacked), empty cache, signed in as dept1 until the first inbox row; ECharts ${f.inbox.echarts ? 'LOADED' : 'not loaded'}; floor = the 400 kB budget`,
  );
  record(
    'web: JavaScript of the sign-in page',
    kB(f.signIn.jsEncoded),
    'kB',
    GOAL.webInboxJsKB,
    'time',
    null,
    `compressed as sent (${f.signIn.jsFiles} files), empty cache, until the form shows; ECharts ${f.signIn.echarts ? 'LOADED' : 'not loaded'}; for context, against the inbox's budget`,
  );
  record(
    'web: inbox rows in the page, cold load p50',
    f.inbox.firstRowMs,
    'ms',
    f.inbox.inboxAnsweredMs,
    'time',
    null,
    `median of ${f.samples} cold loads (${f.inbox.firstRowMsAll.join(', ')} ms from navigation); floor = when the page's own GET /api/inbox answer had arrived (the rows cannot come sooner)`,
  );
  record(
    'web: GET /api/notifications per inbox load',
    f.inbox.notifications,
    'requests',
    1,
    'time',
    1,
    `the most any of ${f.samples} cold loads made; floor = one per page`,
  );
}

// ------------------------------------------------------------------------------------------
// --cluster: import and action on the embedded stack, then on the production topology with one
// worker and with two

/** Import rounds per stack in cluster mode. */
const CLUSTER_ROUNDS = quick ? 1 : 2;
/** The figures of each stack, in the order measured (for the side-by-side table). */
const comparison = [];

/**
 * After an import the workers still run each new finding's first workflow task: the actions
 * wait until the workers' CPU stays under 5 % of a core over 3 s (at most two minutes), so each
 * stack's actions start from the same quiet state.
 */
async function settleWorkers(label, pids) {
  const hz = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim()) || 100;
  const t0 = Date.now();
  const ticks = () => pids.reduce((n, pid) => n + cpuTicks(pid), 0);
  for (;;) {
    const c0 = ticks();
    const w0 = performance.now();
    await Promise.race([sleep(3000), children.crashed]);
    const pct = ((ticks() - c0) / hz / ((performance.now() - w0) / 1000)) * 100;
    if (pct < 5) break;
    if (Date.now() - t0 > 120_000) {
      log(`${label}: the workers still use ${round(pct, 0)} % of a core after 2 minutes`);
      break;
    }
  }
  log(`${label}: workers quiet ${Math.round((Date.now() - t0) / 1000)} s after the import`);
}

async function measurePhase(label, w, { offset, workerPids }) {
  log(
    `${label}: import (${CLUSTER_ROUNDS} × ${MODE.round}) and ${MODE.actionFindings * 2} actions…`,
  );
  const loadAtStart = os.loadavg()[0];
  const { measured, floors } = await importAgainstFloor(w, {
    rounds: CLUSTER_ROUNDS,
    size: MODE.round,
    offset,
  });
  await guard(settleWorkers(label, workerPids()), 'settling');
  const a = await guard(
    actionFigures(w.api, w.temporalClient, w.trivialQueue, MODE.actionFindings),
    'action',
  );
  const fig = {
    label,
    workers: workerPids().length,
    importRate: Math.max(...measured),
    importRounds: measured.map((r) => round(r)),
    importFloor: Math.max(...floors),
    importFloors: floors.map((r) => round(r)),
    actionP50: percentile(a.actionMs, 50),
    actionP99: percentile(a.actionMs, 99),
    actionFloorP50: percentile(a.floorMs, 50),
    actionFloorP99: percentile(a.floorMs, 99),
    draftsP50: percentile(a.draftMs, 50),
    approvalsP50: percentile(a.approveMs, 50),
    // The machine's 1-minute load average as the phase began and ended: what else ran.
    loadAtStart: round(loadAtStart, 1),
    loadAtEnd: round(os.loadavg()[0], 1),
  };
  const importNote = `the better of ${measured.length} round(s) (${fig.importRounds.join(', ')}/s); floor = bare starts of a trivial workflow, ${w.concurrency} in flight, the best of ${floors.length} bursts (${fig.importFloors.join(', ')}/s)`;
  const actionNote = `${a.actionMs.length} completions (draft_measures, approve_measures); floor = executeUpdate on a trivial workflow, interleaved`;
  record(
    `${label}: import ${MODE.round}-finding round`,
    fig.importRate,
    'findings/s',
    fig.importFloor,
    'rate',
    null,
    importNote,
  );
  record(`${label}: action p50`, fig.actionP50, 'ms', fig.actionFloorP50, 'time', null, actionNote);
  record(`${label}: action p99`, fig.actionP99, 'ms', fig.actionFloorP99, 'time', null, actionNote);
  comparison.push(fig);
  return fig;
}

async function clusterComparison(w, { worker, trivialWorker, apiProc }) {
  await measurePhase('embedded', w, { offset: 0, workerPids: () => [worker.pid] });

  // The embedded stack goes before the cluster starts: the two never share the machine.
  log('stopping the embedded stack…');
  w.api.close();
  await temporalClient.connection.close().catch(() => undefined);
  temporalClient = null;
  for (const p of [apiProc, worker, trivialWorker]) await p.stop();
  await devServer.stop();
  devServer = null;
  devServerStarting = null;

  clusterStack = await guard(
    ClusterStack.start({
      root,
      prefix: `${DATA_PREFIX}${process.pid}-`,
      appEnv: { LOGIN_RATE_LIMIT: '1000000', SMTP_URL: '' },
      log,
    }),
    'starting the cluster',
  );
  const trivialQueue = `bench-trivial-cluster-${process.pid}`;
  const trivial = startTrivialWorker(
    children,
    'trivial-worker-cluster',
    clusterStack.cluster.temporalAddress,
    trivialQueue,
    clusterStack.trivialWorkerEnv(),
  );
  await guard(trivial.waitForLine(/^ready$/, 180_000), 'starting the trivial worker (mTLS)');
  const api = new Api(clusterStack.url);
  openApis.push(api);
  for (const u of ['office', 'leader1', 'dept1']) await api.login(u);
  const depts = await api.expect(200, 'GET', '/departments', { as: 'office' });
  const cw = {
    ...w,
    api,
    temporalClient: clusterStack.temporalClient,
    trivialQueue,
    ids: { d1: depts.items.find((d) => d.code === 'D1').id, leader1: api.user('leader1').id },
  };
  const workerPids = () => clusterStack.workerPids();

  log('cluster: stopping worker-2 (one worker polls)…');
  await clusterStack.cluster.process('worker-2').stop();
  await measurePhase('cluster, 1 worker', cw, { offset: CLUSTER_ROUNDS * MODE.round, workerPids });

  log('cluster: starting worker-2 again (two workers poll)…');
  await clusterStack.cluster.process('worker-2').start();
  await measurePhase('cluster, 2 workers', cw, {
    offset: 2 * CLUSTER_ROUNDS * MODE.round,
    workerPids,
  });
}

/** The side-by-side table of --cluster: each stack's figures and the two-workers-to-one ratio. */
function printComparison() {
  if (comparison.length === 0) return;
  const one = comparison.find((f) => f.label === 'cluster, 1 worker');
  const two = comparison.find((f) => f.label === 'cluster, 2 workers');
  const rows = [
    ['figure', ...comparison.map((f) => f.label), '2 workers / 1'],
    ...[
      [`import ${MODE.round}-finding round, findings/s`, 'importRate'],
      ['import floor: bare workflow starts/s', 'importFloor'],
      ['action POST /tasks/:id/complete p50, ms', 'actionP50'],
      ['action POST /tasks/:id/complete p99, ms', 'actionP99'],
      ['action p50, drafts, ms', 'draftsP50'],
      ['action p50, approvals, ms', 'approvalsP50'],
      ['action floor: executeUpdate p50, ms', 'actionFloorP50'],
      ['action floor: executeUpdate p99, ms', 'actionFloorP99'],
      ['rectiflow workers polling', 'workers'],
      ['load average (1 min) as the phase began', 'loadAtStart'],
      ['load average (1 min) as the phase ended', 'loadAtEnd'],
    ].map(([name, key]) => [
      name,
      ...comparison.map((f) => `${round(f[key], 1)}`),
      one && two ? `${round(two[key] / one[key], 2)}` : '—',
    ]),
  ];
  process.stdout.write(
    [
      `import and action, embedded against the cluster topology (one run; ${CLUSTER_ROUNDS} round(s) of ${MODE.round} and ${MODE.actionFindings * 2} actions per stack)`,
      '',
      ...tableLines(rows),
      '',
      '',
    ].join('\n'),
  );
}

// ------------------------------------------------------------------------------------------

async function main() {
  log(
    CLUSTER
      ? `mode ${MODE.name} --cluster: import (${CLUSTER_ROUNDS} × ${MODE.round} findings) and action, embedded then on the cluster topology; ${machine()}`
      : `mode ${MODE.name}: ${MODE.findings} findings, rounds of ${MODE.round}; ${machine()}`,
  );
  await removeStaleLeftovers();
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `${DATA_PREFIX}${process.pid}-`));
  if (argv.includes('--no-build')) log('skipping the build (--no-build)');
  else await build();

  const cliPath = await ensureTemporalCli({ log });
  log('starting the Temporal dev server…');
  devServerStarting = startTemporalDevServer({
    cliPath,
    dbFile: path.join(dataDir, 'temporal.db'),
    log: verbose ? (l) => log(`[temporal] ${l}`) : () => undefined,
  });
  devServer = await devServerStarting;
  const address = devServer.address;
  temporalClient = new Client({ connection: await Connection.connect({ address }) });

  const trivialQueue = `bench-trivial-${process.pid}`;
  const trivialWorker = startTrivialWorker(children, 'trivial-worker', address, trivialQueue);
  const env = { DATA_DIR: dataDir, TEMPORAL_ADDRESS: address };
  log('starting the worker and the API (SQLite read model)…');
  const worker = startAppWorker(children, appEnv(env));
  const {
    client: api,
    port: apiPort,
    proc: apiProc,
  } = await guard(startApi('api', env), 'starting the API');
  await guard(worker.waitForLine(/worker polling/, 180_000), 'starting the worker');
  await guard(trivialWorker.waitForLine(/^ready$/, 180_000), 'starting the trivial worker');

  for (const u of ['office', 'leader1', 'dept1']) await api.login(u);
  const depts = await api.expect(200, 'GET', '/departments', { as: 'office' });
  const ids = {
    d1: depts.items.find((d) => d.code === 'D1').id,
    leader1: api.user('leader1').id,
  };

  // ---- import
  const hasImport = await hasImportEndpoint(api);
  const concurrency = apiStartConcurrency(root);
  log(
    `import via ${hasImport ? 'POST /rounds/:id/import' : `POST /rounds/:id/findings × ${concurrency} in flight (no import endpoint yet)`}`,
  );
  const workload = {
    api,
    temporalClient,
    ids,
    trivialQueue,
    concurrency,
    hasImport,
    log,
    wrap: guard,
  };
  if (CLUSTER) {
    await clusterComparison(workload, { worker, trivialWorker, apiProc });
    return;
  }
  const measuredRounds = Math.min(2, Math.ceil(MODE.findings / MODE.round));
  const { measured, floors } = await importAgainstFloor(workload, {
    rounds: measuredRounds,
    size: MODE.round,
    offset: 0,
  });
  const rate = Math.max(...measured);
  const floorRate = Math.max(...floors);
  const importNote = `${MODE.round} findings per round, ${hasImport ? 'one POST /import' : `POST /findings, ${concurrency} in flight`}: the better of rounds ${measured.map((r) => round(r, 0)).join(' and ')}/s; floor = bare workflow starts of a trivial workflow, ${concurrency} in flight, the best of bursts before, between and after the rounds (${floors.map((r) => round(r, 0)).join(', ')}/s)`;
  record(
    `import ${MODE.round}-finding round`,
    rate,
    'findings/s',
    floorRate,
    'rate',
    GOAL.importVsFloor,
    importNote,
  );
  record(
    `import ${MODE.round}-finding round, absolute`,
    rate,
    'findings/s',
    GOAL.importPerS,
    'rate',
    1,
    'floor = the 100 findings/s budget',
  );

  const rates = [...measured];
  for (let offset = measuredRounds * MODE.round; offset < MODE.findings; offset += MODE.round) {
    const n = Math.min(MODE.round, MODE.findings - offset);
    log(`filling: round ${offset / MODE.round + 1} (${offset + n}/${MODE.findings} findings)…`);
    rates.push(await guard(importRound(api, ids, n, offset, concurrency, hasImport), 'filling'));
  }
  if (rates.length > 1) {
    log(`import rates over the fill: ${rates.map((r) => round(r, 0)).join(', ')} findings/s`);
    const mean = rates.reduce((a, b) => a + b, 0) / rates.length;
    record(
      `import, mean of ${rates.length} rounds`,
      mean,
      'findings/s',
      floorRate,
      'rate',
      null,
      `every round of the fill (${rates.map((r) => round(r, 0)).join(', ')}), for context`,
    );
  }

  // ---- idle
  log('idle: letting the worker settle, then sampling it…');
  await guard(measureIdle(worker, trivialWorker), 'idle');

  // ---- action
  log(`action: ${MODE.actionFindings * 2} completions interleaved with trivial updates…`);
  await guard(measureActions(api, trivialQueue), 'action');

  // ---- inbox on SQLite
  const sqliteFile = path.join(dataDir, 'rectiflow.db');
  const userIds = { office: api.user('office').id, dept: api.user('dept1').id };
  const filled = insertDoneHistory(sqliteFile, {
    deptId: ids.d1,
    perFinding: HISTORY_PER_FINDING,
    userIds,
  });
  log(
    `inbox: inserted ${filled.inserted} done task rows by SQL for ${filled.findings} findings (${filled.tasks} task rows, ${filled.open} open)`,
  );
  const dept1 = api.user('dept1');
  const actor = {
    userId: dept1.id,
    username: dept1.username,
    roles: dept1.roles,
    departmentId: dept1.departmentId,
    // The inbox SQL confines a unit's people to their unit: the same person as the API's.
    unitId: dept1.unitId,
    unitScope: null,
  };
  {
    const { queries, answer } = await captureInboxSql({ dataDir, databaseUrl: null, actor });
    const floor = sqliteRunner(sqliteFile, queries);
    try {
      const inbox = await guard(
        measureInbox(
          { db: 'SQLite', total: answer.total, rows: filled.tasks },
          api,
          'dept1',
          floor,
          answer.items.length,
        ),
        'inbox on SQLite',
      );
      const bare = await guard(
        bareInboxP95(api, sqliteFile, queries, floor, Math.min(MODE.inboxSamples, 1000)),
        'bare inbox reference',
      );
      recordAgainstBare('', inbox, bare);
    } finally {
      floor.close();
    }
  }

  // ---- dashboard on SQLite (issue 19): each view against its SQL floor
  log('dashboard: GET /api/dashboard as four callers, against its SQL…');
  const dashboards = await guard(
    measureDashboards({ api, dataDir, sqliteFile, samples: MODE.dashboardSamples }),
    'dashboard',
  );
  // Issue 19 sets the ratio "at 100,000 findings": when the growth curve runs, its largest step
  // carries that goal (recordLargest) and the base rows are context. At the base, the views
  // that sum kept figures (migration 1770500000000) have SQL floors of a few milliseconds or
  // less, so their ratio is the API's fixed cost per request, not how the dashboard scales.
  recordDashboards({
    record,
    measured: dashboards,
    goalVsFloor: growthSizes ? null : GOAL.dashboardP95VsFloor,
    goalMs: GOAL.dashboardP95Ms,
    minFloorMs: GOAL.dashboardRatioMinFloorMs,
    findings: MODE.findings,
  });
  // ---- the web app's load (the inbox of dept1 as filled above)
  log('web: cold loads of the sign-in page and the inbox in Chromium…');
  await guard(measureWeb(api, apiPort), 'web load');

  // ---- exports (after the inbox figures: their round adds findings to D1's inbox)
  await guard(measureExports(api, ids, worker.pid), 'exports');

  // ---- inbox on PostgreSQL
  /** The read model as it is now, copied into PostgreSQL; a failure is a missing figure. */
  const postgresInbox = async (taskRows, at = '') => {
    const figure = `inbox GET /inbox p95 (PostgreSQL)${at}`;
    if (argv.includes('--no-postgres')) {
      missing(figure, 'ms', GOAL.inboxP95VsFloor, 'skipped (--no-postgres)');
      return;
    }
    try {
      await guard(
        inboxOnPostgres(address, sqliteFile, taskRows, actor, at),
        `inbox on PostgreSQL${at}`,
      );
    } catch (e) {
      if (interrupted) throw e;
      missing(figure, 'ms', GOAL.inboxP95VsFloor, e.message.split('\n')[0]);
    }
  };
  await postgresInbox(filled.tasks);

  // ---- growth curves (last: they grow the read model the other figures ran on)
  if (growthSizes) {
    log(`growth: read model to ${growthSizes.join(', ')} findings…`);
    growth = await guard(
      runGrowth({
        sizes: growthSizes,
        api,
        dataDir,
        sqliteFile,
        inboxActor: actor,
        action: (o) => measureActions(api, trivialQueue, { k: o?.k ?? 25, quiet: true }),
        log,
        samples: { inbox: 300, dashboard: quick ? 60 : 100 },
        bareInbox: (queries, floor) => bareInboxP95(api, sqliteFile, queries, floor, 300),
        largestAction: { k: MODE.actionFindings },
      }),
      'growth',
    );
    recordLargest(growth.at(-1));
    // The PostgreSQL inbox at the largest size too (issue 19: "at 100k findings, SQLite and
    // PostgreSQL"): the grown read model copied into a fresh database, as at the base.
    const largest = growth.at(-1);
    await postgresInbox(largest.taskRows, ` at ${largest.findings} findings`);
    await chartGrowth(
      growth,
      path.join(root, 'bench', 'growth.png'),
      `${MODE.name} run ${new Date(started).toISOString().slice(0, 10)}; ${machine()}`,
    );
    log('growth: bench/growth.png written');
  }
}

/**
 * Issue 19's goals are figures "at 100,000 findings": the inbox, dashboard and action rows
 * again at the growth curve's largest size (100,000 in a full run), from its step's figures.
 */
function recordLargest(step) {
  const at = ` at ${step.findings} findings`;
  const { inbox } = step;
  record(
    `inbox GET /inbox p95 (SQLite)${at}, absolute`,
    inbox.p95,
    'ms',
    GOAL.inboxP95Ms,
    'time',
    1,
    `${inbox.open} open tasks of dept1 among ${step.taskRows} task rows (SQL floor ${inbox.floorP95} ms); floor = the 20 ms budget`,
  );
  if (inbox.bare) recordAgainstBare(at, inbox, inbox.bare);
  recordDashboards({
    record,
    measured: Object.values(step.dashboard).map((d) => ({ ...d, total: d.counted })),
    goalVsFloor: GOAL.dashboardP95VsFloor,
    goalMs: GOAL.dashboardP95Ms,
    minFloorMs: GOAL.dashboardRatioMinFloorMs,
    findings: step.findings,
    at,
  });
  record(
    `action POST /tasks/:id/complete p50${at}`,
    step.action.p50,
    'ms',
    step.action.floorP50,
    'time',
    GOAL.actionP50VsFloor,
    `${step.action.completions} completions (draft_measures, approve_measures) on imported findings, the read model grown by SQL; floor = executeUpdate on a trivial workflow, interleaved`,
  );
}

/**
 * The inbox on PostgreSQL: a second API on a database of its own, the SQLite read model copied
 * into it as it is now (at the base, and again at the growth curve's largest size, `at`), its
 * figures against the same SQL through pg. The database is dropped afterwards.
 */
async function inboxOnPostgres(address, sqliteFile, taskRows, sqliteActor, at = '') {
  pgDatabase = `${DB_PREFIX}${process.pid}_${Date.now()}`;
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${pgDatabase}"`);
  } finally {
    await admin.end();
  }
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${pgDatabase}`;
  const databaseUrl = url.toString();
  log(`inbox: an API on PostgreSQL (${url.host}/${pgDatabase})…`);
  const pgDataDir = path.join(dataDir, `pg-api${at ? '-grown' : ''}`);
  const { client: api, proc } = await startApi('api-pg', {
    DATA_DIR: pgDataDir,
    TEMPORAL_ADDRESS: address,
    DATABASE_URL: databaseUrl,
  });
  await api.login('dept1');
  const counts = await copyReadModelToPostgres(sqliteFile, databaseUrl);
  log(
    `inbox: copied ${counts.findings} findings and ${counts.tasks} task rows to PostgreSQL${at ? ` (and ${counts.units} units, ${counts.departments} departments, ${counts.users} users the demo lacks)` : ''}`,
  );
  const dept1 = api.user('dept1');
  const actor = {
    ...sqliteActor,
    userId: dept1.id,
    departmentId: dept1.departmentId,
    unitId: dept1.unitId,
  };
  const { queries, answer } = await captureInboxSql({ dataDir: pgDataDir, databaseUrl, actor });
  const floor = await pgRunner(databaseUrl, queries);
  try {
    await measureInbox(
      { db: 'PostgreSQL', total: answer.total, rows: taskRows, at },
      api,
      'dept1',
      floor,
      answer.items.length,
    );
  } finally {
    await floor.close();
    await proc.stop();
    await dropPgDatabase(pgDatabase);
    pgDatabase = null;
  }
}

// ------------------------------------------------------------------------------------------

const loadAtStart = os.loadavg().map((l) => round(l, 2));
const deadline = setTimeout(() => {
  log(`the run exceeded ${MODE.deadlineMin} minutes; stopping`);
  void teardown().finally(() => process.exit(2));
}, MODE.deadlineMin * 60_000);
deadline.unref();

let failure = null;
try {
  await main();
} catch (e) {
  failure = e;
}
clearTimeout(deadline);
const loadAtEnd = os.loadavg().map((l) => round(l, 2));
await teardown();
if (interrupted) process.exit(130);

const meta = {
  machine: machine(),
  mode: CLUSTER ? `${MODE.name}, --cluster` : MODE.name,
  findings: MODE.findings,
  startedAt: new Date(started).toISOString(),
  durationS: Math.round((Date.now() - started) / 1000),
  loadAtStart,
  loadAtEnd,
};
if (failure) {
  log(`failed: ${failure.stack ?? failure.message}`);
}
fs.writeFileSync(
  path.join(root, 'bench', 'results.json'),
  JSON.stringify(
    {
      ...meta,
      goalsMet: !failure && results.every((r) => r.pass !== false),
      error: failure ? String(failure.message) : undefined,
      results,
      growth: growth ?? undefined,
      ...(CLUSTER ? { comparison } : {}),
    },
    null,
    2,
  ) + '\n',
);
printTable(meta);
printComparison();
if (failure) process.exit(2);
const missed = results.filter((r) => r.pass === false);
if (missed.length > 0) {
  log(`${missed.length} goal(s) missed: ${missed.map((r) => r.name).join('; ')}`);
  process.exit(1);
}
log(CLUSTER ? 'done (--cluster sets no goals: its figures are for comparison)' : 'every goal met');
