#!/usr/bin/env node
// `npm test`: type-check, lint, unit, integration, end-to-end and browser tests, in that order,
// stopping at the first failure. Extra arguments (`npm test -- <args>`) go to each jest run.
// RECTIFLOW_TEST_STEPS=integration,e2e,load runs only those steps (CI's PostgreSQL pass does).
// The cluster step (the production-like topology: Temporal services apart on a private
// PostgreSQL, replicas, nginx, mTLS) runs on its own PostgreSQL whatever DATABASE_URL says.
//
// It ends with a plain "tests: N passed, N failed, N skipped" line totalled over the jest runs
// (from jest's --json output in test-artifacts/), which CI reads, and "distinct tests: N in N
// runs" (scripts/test-totals.mjs; the same here, unless a test ran in more than one step).
//
// The Temporal CLI is ensured first, so a fresh machine builds it here once (with progress)
// instead of inside a jest globalSetup with a timeout; its path reaches the tests as
// TEMPORAL_CLI_PATH.

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureTemporalCli } from './temporal-cli.mjs';
import { testTotals, totalsLines } from './test-totals.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const extra = process.argv.slice(2);
const started = Date.now();

const useColor = process.env.FORCE_COLOR
  ? process.env.FORCE_COLOR !== '0'
  : process.stdout.isTTY && !process.env.NO_COLOR;
const paint = (code, s) => (useColor ? `\x1b[${code}m${s}\x1b[0m` : s);
const elapsed = () => {
  const s = Math.round((Date.now() - started) / 1000);
  return s >= 60 ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s` : `${s}s`;
};

// Local binaries, never `npx`: npx would try to download a missing tool, which hangs offline.
const bin = (name) => path.join(root, 'node_modules', '.bin', name);

const hasEslintConfig = ['eslint.config.mjs', 'eslint.config.js', 'eslint.config.cjs'].some((f) =>
  fs.existsSync(path.join(root, f)),
);
// A test-name or path filter usually matches in one suite only; the others must not fail on
// "no tests found".
const unitExtra = extra.length ? ['--passWithNoTests', ...extra] : [];

const dbKind = process.env.DATABASE_URL ? 'pg' : 'sqlite';
const artifacts = path.join(root, 'test-artifacts');
// Relative to root, which is every step's cwd.
// --forceExit: a suite whose beforeAll failed half-way can leave a Temporal connection open,
// and jest then waits for it for ever after printing its results ("Jest did not exit"); a CI run
// once hung there until it was killed, with no summary.
const jestJson = (name) => [
  '--json',
  `--outputFile=test-artifacts/jest-${name}-${dbKind}.json`,
  '--forceExit',
];
const outputFileOf = (step) =>
  path.join(root, step.args.find((a) => a.startsWith('--outputFile=')).slice(13));

const allSteps = [
  { name: 'typecheck', cmd: bin('tsc'), args: ['-p', 'tsconfig.json', '--noEmit'] },
  // The web app has its own compiler settings (DOM, bundler resolution).
  { name: 'typecheck', cmd: bin('tsc'), args: ['-p', 'apps/web/tsconfig.json', '--noEmit'] },
  // The Nx module-boundary rule reads the project graph, which `nx show projects` computes.
  hasEslintConfig && { name: 'lint', cmd: bin('nx'), args: ['show', 'projects'] },
  hasEslintConfig && { name: 'lint', cmd: bin('eslint'), args: ['.', '--max-warnings', '0'] },
  { name: 'lint', cmd: bin('prettier'), args: ['--check', '.', '--log-level', 'warn'] },
  {
    name: 'unit',
    jest: true,
    cmd: bin('jest'),
    args: ['-c', 'jest.unit.config.js', ...jestJson('unit'), ...unitExtra],
  },
  {
    name: 'integration',
    jest: true,
    cmd: bin('jest'),
    args: ['-c', 'jest.int.config.js', '--passWithNoTests', ...jestJson('integration'), ...extra],
  },
  {
    name: 'e2e',
    jest: true,
    cmd: bin('jest'),
    args: ['-c', 'jest.e2e.config.js', '--passWithNoTests', ...jestJson('e2e'), ...extra],
  },
  {
    // Faults (worker killed, Temporal and database down, API restarted) and the bounded load run.
    name: 'load',
    jest: true,
    cmd: bin('jest'),
    args: ['-c', 'jest.load.config.js', '--passWithNoTests', ...jestJson('load'), ...extra],
  },
  {
    // The web app in Debian's Chromium (its global setup builds apps/web first).
    name: 'browser',
    jest: true,
    cmd: bin('jest'),
    args: ['-c', 'jest.browser.config.js', '--passWithNoTests', ...jestJson('browser'), ...extra],
  },
  {
    // The topology of `npm run start:cluster`, with faults (its global setup builds the app).
    name: 'cluster',
    jest: true,
    cmd: bin('jest'),
    args: ['-c', 'jest.cluster.config.js', '--passWithNoTests', ...jestJson('cluster'), ...extra],
  },
].filter(Boolean);

const only = (process.env.RECTIFLOW_TEST_STEPS ?? '')
  .split(',')
  .map((x) => x.trim())
  .filter(Boolean);
const unknown = only.filter(
  (n) =>
    !['typecheck', 'lint', 'unit', 'integration', 'e2e', 'load', 'browser', 'cluster'].includes(n),
);
if (unknown.length) {
  process.stderr.write(`RECTIFLOW_TEST_STEPS: unknown step(s) ${unknown.join(', ')}\n`);
  process.exit(2);
}
const steps = only.length ? allSteps.filter((st) => only.includes(st.name)) : allSteps;

/** jest's --json results of the steps run so far. */
const resultFiles = [];

let current = null;
let interrupted = null;
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(sig, () => {
    // A terminal Ctrl-C reaches the child too; a signal sent only to us is passed on.
    interrupted = sig;
    if (current) current.kill(sig);
    else process.exit(130);
  });
}

function run(step) {
  return new Promise((resolve) => {
    process.stdout.write(
      `\n${paint('1;36', `── ${step.name}`)}  ${path.relative(root, step.cmd)} ${step.args.join(' ')}\n`,
    );
    current = spawn(step.cmd, step.args, { cwd: root, stdio: 'inherit', env: process.env });
    current.on('error', (e) => {
      process.stderr.write(`cannot run ${step.cmd}: ${e.message} (did \`npm ci\` run?)\n`);
      resolve(127);
    });
    current.on('exit', (code, signal) => {
      current = null;
      resolve(code ?? (signal ? 128 : 1));
    });
  });
}

function summary(ok, text) {
  const line = `npm test: ${text} (${elapsed()})`;
  process.stdout.write(`\n${ok ? paint('1;32', line) : paint('1;31', line)}\n`);
  for (const line of totalsLines(testTotals(resultFiles))) process.stdout.write(`${line}\n`);
}

async function main() {
  try {
    process.env.TEMPORAL_CLI_PATH = await ensureTemporalCli({
      log: (m) => process.stderr.write(`${m}\n`),
    });
  } catch (e) {
    process.stderr.write(`\n${e.message}\n`);
    summary(false, 'FAILED before running anything: no Temporal CLI');
    return 1;
  }
  if (!hasEslintConfig) process.stdout.write('(no eslint.config.mjs: lint skipped)\n');

  fs.mkdirSync(artifacts, { recursive: true });
  const passed = [];
  for (const step of steps) {
    if (step.jest) {
      fs.rmSync(outputFileOf(step), { force: true }); // never count a stale result from an earlier run
    }
    const code = await run(step);
    if (step.jest) resultFiles.push(outputFileOf(step));
    if (interrupted) {
      summary(false, `interrupted (${interrupted}) during ${step.name}`);
      return 130;
    }
    if (code !== 0) {
      summary(
        false,
        `FAILED at ${step.name} (exit ${code}); passed: ${passed.join(', ') || 'none'}`,
      );
      return code;
    }
    passed.push(step.name);
  }
  summary(true, `all passed: ${passed.join(', ')}`);
  return 0;
}

main().then((code) => process.exit(code));
