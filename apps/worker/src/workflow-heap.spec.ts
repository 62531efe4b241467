import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { WORKFLOW_SEMI_SPACE_MB, defaultWorkflowHeapMb } from './workflow-heap';

describe('the workflow thread heap', () => {
  it('leaves a full sticky cache room (about 1 MB per cached workflow measured)', () => {
    expect(defaultWorkflowHeapMb(150)).toBe(321);
    expect(defaultWorkflowHeapMb(1)).toBeGreaterThanOrEqual(96);
    for (const cache of [10, 150, 1000]) {
      expect(defaultWorkflowHeapMb(cache)).toBeGreaterThan(35 + 0.9 * cache * 1.5);
      // The traced bundle's workflows (1.2 MB measured) get as much room over their size.
      expect(defaultWorkflowHeapMb(cache, true)).toBeGreaterThan(35 + 1.2 * cache * 1.5);
    }
  });

  it('reaches a worker thread started after it (as the SDK starts the workflow thread)', () => {
    // A process of its own: the flags are process-wide.
    const script = `
      require(${JSON.stringify(path.join(__dirname, '../../../test/support/ts-register.cjs'))});
      const { sizeWorkflowThreadHeap } = require(${JSON.stringify(path.join(__dirname, 'workflow-heap.ts'))});
      const { Worker } = require('node:worker_threads');
      const mainLimit = require('node:v8').getHeapStatistics().heap_size_limit;
      sizeWorkflowThreadHeap({ oldSpaceMb: 200, semiSpaceMb: ${WORKFLOW_SEMI_SPACE_MB} });
      new Worker("const v8 = require('node:v8'); require('node:worker_threads').parentPort.postMessage(v8.getHeapStatistics().heap_size_limit)", { eval: true })
        .on('message', (limit) => { console.log(JSON.stringify({ limit, mainLimit, mainNow: require('node:v8').getHeapStatistics().heap_size_limit })); process.exit(0); });
    `;
    const out = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
    expect(out.stderr).toBe('');
    const { limit, mainLimit, mainNow } = JSON.parse(out.stdout) as Record<string, number>;
    const mb = limit / 1024 / 1024;
    // 200 MB old generation plus the young generation (3 × the semi-space).
    expect(mb).toBeGreaterThanOrEqual(200);
    expect(mb).toBeLessThanOrEqual(200 + 3 * WORKFLOW_SEMI_SPACE_MB + 1);
    expect(mainNow).toBe(mainLimit); // the running main thread keeps its own
  });
});
