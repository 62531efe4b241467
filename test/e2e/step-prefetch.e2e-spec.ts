import { randomUUID } from 'node:crypto';
import { WorkflowPrefetch } from '../../apps/api/src/temporal/workflow-prefetch';
import { FaultStack } from '../support/fault-stack';
import { pollUntil } from '../support/poll';
import { freePort } from '../support/temporal-dev-server';
import { World } from '../support/world';

/**
 * 预取 (apps/api/src/temporal/workflow-prefetch.ts): opening a finding on which the caller has a
 * step to take has the worker load its workflow, so that the step finds it in the worker's
 * memory instead of replaying its history. Read off the worker's own Prometheus counters of its
 * sticky cache, with a cache of two findings and four findings created (two of them out).
 */
describe('a finding opened by whoever acts next is in the worker when they act', () => {
  let stack: FaultStack;
  let world: World;
  let metricsUrl = '';

  beforeAll(async () => {
    const port = await freePort();
    metricsUrl = `http://127.0.0.1:${port}/metrics`;
    stack = await FaultStack.start({
      workerEnv: { WORKFLOW_CACHE_SIZE: '2', METRICS_PORT: String(port) },
    });
    world = await World.create(stack, stack.api);
  });

  afterAll(async () => {
    await stack?.close();
  });

  /** The worker's totals: workflow tasks, and its sticky cache's hits and misses. */
  const counters = async () => {
    const text = await (await fetch(metricsUrl)).text();
    const sum = (name: string) =>
      text
        .split('\n')
        .filter((l) => l.startsWith(`${name}{`))
        .reduce((n, l) => n + Number(l.slice(l.lastIndexOf(' ') + 1)), 0);
    return {
      tasks: sum('temporal_workflow_task_execution_latency_count'),
      hits: sum('temporal_sticky_cache_hit'),
      misses: sum('temporal_sticky_cache_miss'),
    };
  };

  const draft = async (findingId: string) => {
    const task = await world.mustTask(findingId, 'draft_measures');
    const done = await world.api.post(`/tasks/${task.id}/complete`, 'dept1', {
      measures: [{ text: '一是建立制度' }],
    });
    expect(done.status).toBe(200);
  };

  it('loads the finding when its department opens it, and the step then needs no replay', async () => {
    const [a, b, c, d] = [
      await world.createFinding({ dept: 'D1' }),
      await world.createFinding({ dept: 'D1' }),
      await world.createFinding({ dept: 'D1' }),
      await world.createFinding({ dept: 'D1' }),
    ];
    // Each finding's first workflow task has run; then c and d are asked about last, so the
    // worker holds those two, whatever order the first tasks ran in.
    await pollUntil('the four first workflow tasks', async () => (await counters()).tasks >= 4);
    const prefetch = stack.app.get(WorkflowPrefetch);
    expect(await prefetch.prefetch(c)).toBe('sent');
    expect(await prefetch.prefetch(d)).toBe('sent');

    // Without opening it first, a step on a finding out of the cache replays it.
    const before = await counters();
    await draft(b);
    const afterB = await counters();
    expect(afterB.misses - before.misses).toBe(1);
    expect(afterB.hits - before.hits).toBe(0);

    // The department opens finding a (the task page's read): the worker loads it meanwhile.
    const read = await world.api.get(`/findings/${a}`, 'dept1');
    expect(read.status).toBe(200);
    const loaded = await pollUntil('the prefetch to reach the worker', async () => {
      const now = await counters();
      return now.misses - afterB.misses === 1 && now;
    });

    // The step finds it in memory.
    await draft(a);
    const afterA = await counters();
    expect(afterA.hits - loaded.hits).toBe(1);
    expect(afterA.misses - loaded.misses).toBe(0);
  });

  it('is asked by whoever may take a step there, once a minute, and a missing workflow is no error', async () => {
    const prefetch = stack.app.get(WorkflowPrefetch);
    const e = await world.createFinding({ dept: 'D1' });
    const f = await world.createFinding({ dept: 'D1' });
    // The office reads e, where only D1 has a step: no prefetch, so one asked now is sent.
    expect((await world.api.get(`/findings/${e}`, 'office')).status).toBe(200);
    expect(await prefetch.prefetch(e)).toBe('sent');
    expect(await prefetch.prefetch(e)).toBe('recent');
    // D1 reads f: asked already (the read answers after the prefetch has begun).
    expect((await world.api.get(`/findings/${f}`, 'dept1')).status).toBe(200);
    expect(await prefetch.prefetch(f)).toBe('recent');
    expect(await prefetch.prefetch(randomUUID())).toBe('failed');
  });
});
