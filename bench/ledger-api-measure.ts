// Times one ledger export of a LEDGER_N-finding round (default 5,000) through the API, in
// phases (the export thread, which reads the round and builds the workbook; the rest, on the
// loop: the access check and the audit record), its process CPU and the longest event-loop
// delay; not a test (it asserts no speed), run on demand (run 0 starts the
// export thread: a warm-up). LEDGER_RUNS runs; the lines also go to LEDGER_OUT.
//   npx jest -c jest.e2e.config.js --testMatch '**/bench/ledger-api-measure.ts'
import * as fs from 'node:fs';
import * as os from 'node:os';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { ExportPool } from '../apps/api/src/exports/export-pool';
import { ApiClient } from '../test/support/api-client';
import { assignedRoundTree } from '../test/support/assigned-round-tree';
import { startStack, type TestStack } from '../test/support/stack';

const N = Number(process.env.LEDGER_N ?? 5000);
const RUNS = Number(process.env.LEDGER_RUNS ?? 5);

describe('measure the ledger', () => {
  let stack: TestStack;
  let api: ApiClient;
  let roundId: string;
  beforeAll(async () => {
    stack = await startStack();
    api = new ApiClient(stack.url);
    await api.loadDemo();
    roundId = (await api.post('/rounds', 'office', { title: '测量轮', source: 'audit' })).body
      .id as string;
    const t = performance.now();
    const imported = await api.post(`/rounds/${roundId}/import`, 'office', assignedRoundTree(N));
    expect(imported.status).toBe(201);
    process.stdout.write(`imported ${N} in ${(performance.now() - t).toFixed(0)} ms\n`);
    // The ledger reads the read model only: the worker's 5,000 first workflow tasks are not
    // to run beside the measurement.
    await stack.stopWorker();
  }, 900_000);
  afterAll(async () => stack?.close());

  it('times it', async () => {
    const pool = stack.app.get(ExportPool);
    const phases: Record<string, number> = {};
    const wrap = (obj: object, name: string, label: string) => {
      const o = obj as Record<string, (...a: unknown[]) => Promise<unknown>>;
      const orig = o[name].bind(obj);
      o[name] = async (...a: unknown[]) => {
        const t = performance.now();
        try {
          return await orig(...a);
        } finally {
          phases[label] = (phases[label] ?? 0) + performance.now() - t;
        }
      };
    };
    wrap(pool, 'read', 'thread');
    const token = await api.token('office');
    const lines: string[] = [];
    for (let r = 0; r < RUNS; r++) {
      for (const k of Object.keys(phases)) delete phases[k];
      const lag = monitorEventLoopDelay({ resolution: 5 });
      lag.enable();
      const cpu = process.cpuUsage();
      const t = performance.now();
      const res = await fetch(`${api.baseUrl}/api/rounds/${roundId}/ledger.xlsx`, {
        headers: { authorization: `Bearer ${token}` },
      });
      const body = Buffer.from(await res.arrayBuffer());
      const ms = performance.now() - t;
      const used = process.cpuUsage(cpu);
      lag.disable();
      expect(res.status).toBe(200);
      lines.push(
        `run ${r}: ${ms.toFixed(0)} ms (${(body.length / 1024).toFixed(0)} KiB); export thread (read + build) ${phases.thread?.toFixed(0)} ms, rest ${(ms - (phases.thread ?? 0)).toFixed(0)} ms; process CPU ${((used.user + used.system) / 1000).toFixed(0)} ms; loop delay max ${(lag.max / 1e6).toFixed(0)} ms p99 ${(lag.percentile(99) / 1e6).toFixed(0)} ms; load ${os
          .loadavg()
          .map((x) => x.toFixed(1))
          .join(' ')}`,
      );
    }
    process.stdout.write(lines.join('\n') + '\n');
    fs.writeFileSync(process.env.LEDGER_OUT ?? '/tmp/ledger-measure.txt', lines.join('\n') + '\n');
  }, 900_000);
});
