// What one finding workflow costs the workflow thread before it has run a step: the heap it
// keeps while cached and the time to create it (every new finding, every replay after it left the
// sticky cache). With the SDK's reusable V8 context each workflow evaluates the bundle's modules
// afresh, so this is mostly what those modules build at load (BENCH.md, "Idle worker memory").
//
//   npm run build && node --expose-gc bench/workflow-cost.cjs [bundle=dist/workflow-bundle.js] [n=50]
//
// Uses the SDK's ReusableVMWorkflowCreator directly (an internal of @temporalio/worker 1.x, the
// one Worker.create uses when reuseV8Context is on, its default): recheck after an SDK upgrade.

const fs = require('node:fs');
const path = require('node:path');
const { ReusableVMWorkflowCreator } = require('@temporalio/worker/lib/workflow/reusable-vm');

async function main() {
  if (typeof global.gc !== 'function') throw new Error('run with node --expose-gc');
  const file = path.resolve(process.argv[2] ?? 'dist/workflow-bundle.js');
  const n = Number(process.argv[3] ?? 50);
  const code = fs.readFileSync(file, 'utf8');
  const marker = code.lastIndexOf('//# sourceMappingURL=data:');
  const sourceMap = JSON.parse(
    Buffer.from(code.slice(code.indexOf('base64,', marker) + 7).trim(), 'base64').toString(),
  );
  const creator = await ReusableVMWorkflowCreator.create(
    { code, sourceMap, filename: file },
    60_000,
    new Set(),
    undefined,
  );
  const info = (i) => ({
    workflowType: 'findingWorkflow',
    workflowId: `w${i}`,
    runId: `r${i}`,
    firstExecutionRunId: `r${i}`,
    namespace: 'default',
    taskQueue: 'q',
    attempt: 1,
    historyLength: 0,
    historySize: 0,
    continueAsNewSuggested: false,
    searchAttributes: {},
    typedSearchAttributes: [],
    memo: {},
    unsafe: { isReplaying: false },
    startTime: new Date(),
    runStartTime: new Date(),
    currentBuildId: '',
    priority: {},
  });
  global.gc();
  const before = process.memoryUsage().heapUsed;
  const kept = [];
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < n; i++) {
    kept.push(
      await creator.createWorkflow({
        info: info(i),
        randomnessSeed: [1, 2],
        now: Date.now(),
        showStackTraceSources: false,
      }),
    );
  }
  const msEach = Number(process.hrtime.bigint() - t0) / 1e6 / n;
  global.gc();
  const kbEach = (process.memoryUsage().heapUsed - before) / n / 1024;
  console.log(
    `${path.relative(process.cwd(), file)}: ${n} workflows, ${kbEach.toFixed(0)} KB of heap each, ${msEach.toFixed(1)} ms each to create`,
  );
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
