#!/usr/bin/env node
// The totals over jest's --json results (test-artifacts/jest-<step>-<sqlite|pg>.json): how many
// tests passed, failed and were skipped, and how many of the runs were distinct tests. CI runs
// the integration, e2e and load tests twice (on SQLite, then on PostgreSQL), so there the runs
// outnumber the tests; a test is the same test on either database (its file and full name).
//
//   node scripts/test-totals.mjs test-artifacts   (every jest-*-sqlite/pg.json in it: .ci/run's end)
//   node scripts/test-totals.mjs <file.json>...
//
// scripts/test.mjs prints the same lines for its own run.

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/**
 * @param {string[]} files jest --json output files; a missing or unreadable one (jest crashed
 *   before writing it) counts nothing, the step's exit code decides then
 */
export function testTotals(files) {
  const totals = { passed: 0, failed: 0, skipped: 0, runs: 0, distinct: 0 };
  let executed = 0;
  // file + full name → the most times it ran in one result file (names may repeat in a file).
  const most = new Map();
  for (const file of files) {
    let result;
    try {
      result = JSON.parse(fs.readFileSync(file, 'utf8'));
    } catch {
      continue;
    }
    totals.passed += result.numPassedTests;
    totals.failed += result.numFailedTests;
    totals.skipped += result.numPendingTests + (result.numTodoTests ?? 0);
    executed += result.numPassedTests + result.numFailedTests;
    // A suite that fails to load (syntax error, failing beforeAll import) has no failed tests.
    totals.failed += result.numRuntimeErrorTestSuites ?? 0;
    const here = new Map();
    for (const suite of result.testResults ?? []) {
      const suiteFile = path.relative(root, suite.name);
      for (const test of suite.assertionResults ?? []) {
        if (test.status !== 'passed' && test.status !== 'failed') continue;
        const key = `${suiteFile}\u0000${test.fullName}`;
        here.set(key, (here.get(key) ?? 0) + 1);
      }
    }
    for (const [key, n] of here) most.set(key, Math.max(most.get(key) ?? 0, n));
  }
  totals.runs = executed;
  for (const n of most.values()) totals.distinct += n;
  return totals;
}

/** The two lines `npm test` and CI end with. */
export function totalsLines(t) {
  return [
    `tests: ${t.passed} passed, ${t.failed} failed, ${t.skipped} skipped`,
    `distinct tests: ${t.distinct} in ${t.runs} runs`,
  ];
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const files = process.argv.slice(2).flatMap((arg) =>
    fs.statSync(arg, { throwIfNoEntry: false })?.isDirectory()
      ? fs
          .readdirSync(arg)
          .filter((f) => /^jest-.*-(sqlite|pg)\.json$/.test(f))
          .sort()
          .map((f) => path.join(arg, f))
      : [arg],
  );
  if (files.length === 0) {
    process.stderr.write('usage: node scripts/test-totals.mjs <folder | jest --json file>...\n');
    process.exit(2);
  }
  for (const line of totalsLines(testTotals(files))) process.stdout.write(`${line}\n`);
}
