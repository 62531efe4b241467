import ExcelJS from 'exceljs';
import * as fs from 'node:fs';
import { Connection, type ConnectionOptions } from '@temporalio/client';
import { In } from 'typeorm';
import { AuditEventEntity, FindingEntity, TaskEntity } from '@rectiflow/persistence';
import { ApiClient } from '../support/api-client';
import { pollUntil } from '../support/poll';
import { World } from '../support/world';
import { Crowd, RetryingClient } from './support/crowd';
import { ClusterControl, startCluster, type ClusterUnderTest } from './support/cluster-under-test';

const FINDINGS = 200;

/**
 * The production-like topology (`npm run start:cluster`): Temporal's services as separate
 * processes on a PostgreSQL of the test's own, two workers and two API replicas behind nginx,
 * mTLS between every client and the frontend. The finding life through the proxy; the bounded
 * load of 200 findings with a fault injected at each stage of it; the frontend refusing a
 * client without a certificate.
 */
describe('the cluster: Temporal services apart, two workers, two API replicas behind nginx', () => {
  let control: ClusterControl;
  let under: ClusterUnderTest;

  beforeAll(async () => {
    control = await ClusterControl.open();
    // A PostgreSQL of the test's own, so restarting it harms nobody else on the machine.
    under = await startCluster(control, await control.startPostgres('main'));
  });

  afterAll(async () => {
    await under?.stop();
    await control?.close();
  });

  const completionsOf = async (findingIds: string[]) => {
    const events = await under.dataSource
      .getRepository(AuditEventEntity)
      .findBy({ action: 'task.completed', findingId: In(findingIds) });
    const perTask = new Map<string, number>();
    for (const e of events) {
      const taskId = (JSON.parse(e.data) as { taskId: string }).taskId;
      perTask.set(taskId, (perTask.get(taskId) ?? 0) + 1);
    }
    return perTask;
  };

  /** What the read model holds of findings that should be closed: for the failure's reader. */
  const trailsOf = async (findings: FindingEntity[]): Promise<string> => {
    const lines: string[] = [];
    for (const f of findings) {
      const tasks = await under.dataSource
        .getRepository(TaskEntity)
        .find({ where: { findingId: f.id }, order: { createdAt: 'ASC' } });
      const events = await under.dataSource
        .getRepository(AuditEventEntity)
        .find({ where: { findingId: f.id }, order: { at: 'ASC' } });
      lines.push(
        `finding ${f.code} ${f.id}: stage ${f.stage}, cycle ${f.cycle}, closedAt ${f.closedAt}`,
        ...tasks.map((t) => `  task ${t.kind} ${t.status} ${t.id}`),
        ...events.map((e) => `  ${e.at} ${e.action} ${e.data.slice(0, 120)}`),
      );
    }
    return `\n${lines.join('\n')}\n`;
  };

  it('refuses a client without a certificate at the frontend, and takes one with', async () => {
    const { cluster } = under;
    const ca = fs.readFileSync(cluster.certs.ca);
    const refused = async (tls: ConnectionOptions['tls']) => {
      try {
        const conn = await Connection.connect({
          address: cluster.temporalAddress,
          tls,
          connectTimeout: 5000,
        });
        await conn.workflowService.getSystemInfo({});
        await conn.close();
        return false;
      } catch {
        return true;
      }
    };
    // TLS with the right CA but no client certificate: the handshake fails.
    expect(
      await refused({ serverRootCACertificate: ca, serverNameOverride: 'temporal-frontend' }),
    ).toBe(true);
    // Plain gRPC: refused too.
    expect(await refused(false)).toBe(true);
    // The CLI's certificate: served.
    expect(
      await refused({
        serverRootCACertificate: ca,
        serverNameOverride: 'temporal-frontend',
        clientCertPair: {
          crt: fs.readFileSync(cluster.certs.cli.cert),
          key: fs.readFileSync(cluster.certs.cli.key),
        },
      }),
    ).toBe(false);
  });

  it('serves the web app and lives a finding through the proxy, on both API replicas', async () => {
    const { cluster } = under;
    const page = await fetch(`${cluster.url}/inbox`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('<div id="root">');
    // The entry bundle goes out as the .gz file the build wrote beside it (nginx gzip_static).
    const entry = /src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    expect(entry).toBeDefined();
    const bundle = await fetch(`${cluster.url}${entry}`, {
      headers: { 'accept-encoding': 'gzip' },
    });
    expect(bundle.status).toBe(200);
    expect(bundle.headers.get('content-encoding')).toBe('gzip');

    const api = new RetryingClient(cluster.url);
    const world = await World.create({ url: cluster.url, dataSource: under.dataSource }, api);
    const findingId = await world.createFinding();
    await world.advance(findingId, 'closed');
    expect((await world.finding(findingId)).stage).toBe('closed');
    // nginx took turns: both replicas answered parts of that life.
    const replicas = cluster.ports.apis.map((p) => `127.0.0.1:${p}`);
    for (const r of replicas) expect(api.upstreams.get(r) ?? 0).toBeGreaterThan(5);

    // Evidence stored through one replica is read through the other (one shared store).
    const [first, second] = replicas.map((r) => new ApiClient(`http://${r}`));
    const upload = await first.upload(findingId, 'office', '共享存储.txt', '两台 API 共用的材料\n');
    expect(upload.status).toBe(201);
    const download = await fetch(`${second.baseUrl}/api/evidence/${upload.body.id}`, {
      headers: { authorization: `Bearer ${await second.token('office')}` },
    });
    expect(download.status).toBe(200);
    expect(await download.text()).toBe('两台 API 共用的材料\n');

    // Each replica runs from dist and builds export files on its worker threads from the
    // compiled export-worker.js: the round's ledger is a workbook listing the finding.
    const { code } = await world.finding(findingId);
    for (const client of [first, second]) {
      const ledger = await fetch(`${client.baseUrl}/api/rounds/${world.roundId}/ledger.xlsx`, {
        headers: { authorization: `Bearer ${await client.token('office')}` },
      });
      expect(ledger.status).toBe(200);
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(await ledger.arrayBuffer());
      const cells: unknown[] = [];
      workbook.worksheets[0].eachRow((row) => row.eachCell((cell) => cells.push(cell.value)));
      expect(cells).toContain(code);
    }
  });

  it('exposes Prometheus metrics of the API replicas, the workers and Temporal’s services', async () => {
    const { cluster } = under;
    const { ports } = cluster;
    // A finding lived to closure through the proxy first, so the test stands alone (`-t metrics`).
    const world = await World.create(
      { url: cluster.url, dataSource: under.dataSource },
      new RetryingClient(cluster.url),
      { title: '指标测试轮次' },
    );
    const findingId = await world.createFinding();
    await world.advance(findingId, 'closed');
    const scrape = async (port: number) => {
      const res = await fetch(`http://127.0.0.1:${port}/metrics`);
      expect(res.status).toBe(200);
      return res.text();
    };
    // That life went through both replicas: its steps are counted by route.
    const api =
      (await scrape(ports.appMetrics['api-1'])) + (await scrape(ports.appMetrics['api-2']));
    expect(api).toMatch(
      /rectiflow_http_requests_total\{[^}]*route="\/api\/tasks\/:id\/complete"[^}]*status="200"[^}]*\} [1-9]/,
    );
    expect(api).toMatch(
      /rectiflow_http_request_duration_seconds_bucket\{[^}]*route="\/api\/tasks\/:id\/complete"/,
    );
    expect(api).toMatch(/nodejs_eventloop_lag_seconds/);
    // The workflow outbox's depth, counted in the read model at the scrape (0 once started).
    expect(api).toMatch(/^rectiflow_workflow_outbox_rows\{action="start"\} \d+$/m);
    expect(api).toMatch(/^rectiflow_workflow_outbox_rows\{action="terminate"\} \d+$/m);
    // The workers: the Temporal SDK's own figures, from its runtime's exporter.
    const workers =
      (await scrape(ports.appMetrics['worker-1'])) + (await scrape(ports.appMetrics['worker-2']));
    expect(workers).toMatch(/^temporal_workflow_task_execution_latency\w*\{/m);
    expect(workers).toMatch(/^temporal_num_pollers\{/m);
    // The workers' own figures on the same exporter: the finding life's steps by action and
    // task kind, and the projections' latency (summed over both workers, whichever took them).
    const sum = (re: RegExp) => [...workers.matchAll(re)].reduce((n, m) => n + Number(m[1]), 0);
    expect(
      sum(
        /^rectiflow_finding_steps\{[^}]*action="task\.completed"[^}]*kind="review_3"[^}]*\} (\d+)$/gm,
      ),
    ).toBeGreaterThan(0);
    expect(
      sum(
        /^rectiflow_finding_steps\{[^}]*action="task\.completed"[^}]*kind="draft_measures"[^}]*\} (\d+)$/gm,
      ),
    ).toBeGreaterThan(0);
    expect(
      sum(/^rectiflow_projection_duration_seconds_count\{[^}]*outcome="ok"[^}]*\} (\d+)$/gm),
    ).toBeGreaterThan(0);
    expect(workers).toMatch(/^rectiflow_projection_duration_seconds_bucket\{[^}]*le="0\.05"/m);
    // Temporal's services, each on its own port.
    expect(await scrape(ports.metrics.frontend)).toMatch(/^service_requests\{/m);
    expect(await scrape(ports.metrics.history)).toMatch(/^persistence_requests\{/m);
  });

  it('works 200 findings to closure while history, an API replica, a worker and PostgreSQL fail in turn', async () => {
    const { cluster } = under;
    const admin = new RetryingClient(cluster.url);
    await admin.loadDemo();
    const round = await admin.post('/rounds', 'office', {
      title: '集群压力测试轮次',
      source: 'inspection',
    });
    expect(round.status).toBe(201);
    const roundId: string = round.body.id;
    const started = Date.now();
    let created = 0;
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        while (created < FINDINGS) {
          const n = ++created;
          const res = await admin.post(`/rounds/${roundId}/findings`, 'office', {
            title: `集群压力测试问题${n}`,
            measures: ['一是按期整改'],
          });
          expect(res.status).toBe(201);
        }
      }),
    );
    const createdIn = Date.now() - started;

    const crowd = new Crowd(
      cluster.url,
      ['D1', 'D2', 'D3'].map((c) => admin.departments.get(c) as string),
      ['leader1', 'leader2'].map((u) => admin.userId(u)),
    );
    crowd.start();
    const faults: string[] = [];
    const progressBy = async (steps: number, what: string) => {
      const target = crowd.steps + steps;
      await pollUntil(
        `${steps} more steps after ${what}`,
        async () => crowd.steps >= target,
        120_000,
        250,
      );
    };
    const fault = async (what: string, inject: () => Promise<void>) => {
      const at = Date.now();
      await inject();
      await progressBy(60, what);
      faults.push(`${what}: ${((Date.now() - at) / 1000).toFixed(1)}s to 60 more steps`);
    };

    try {
      await progressBy(150, 'the start');
      await fault('kill -9 temporal-history, then start it', async () => {
        await control.kill('temporal-history');
        await control.start('temporal-history');
      });
      await fault('kill -9 api-1', async () => {
        await control.kill('api-1');
        // A step sent twice with the same key while one replica is gone: answered once.
        const task = await pollUntil(
          'an open assign task',
          async () =>
            (await under.dataSource
              .getRepository(TaskEntity)
              .findOneBy({ roundId, kind: 'assign', status: 'open' })) ?? undefined,
        );
        const body = {
          responsibleLeaderId: admin.userId('leader1'),
          leadDepartmentId: admin.departments.get('D1'),
          dueAt: new Date(Date.now() + 30 * 86_400_000).toISOString(),
        };
        const key = `cluster-retry-${task.id}`;
        const once = await admin.post(`/tasks/${task.id}/complete`, 'office', body, {
          'Idempotency-Key': key,
        });
        const twice = await admin.post(`/tasks/${task.id}/complete`, 'office', body, {
          'Idempotency-Key': key,
        });
        if (once.status === 200) {
          expect(twice.status).toBe(200);
          expect(twice.body).toEqual(once.body);
          crowd.result.successes.set(task.id, 1);
        } else {
          expect(once.status).toBe(409); // the crowd took it first
        }
      });
      await control.start('api-1');
      await fault('kill -9 worker-1 (worker-2 carries on)', async () => {
        await control.kill('worker-1');
      });
      await control.start('worker-1');
      await fault('restart PostgreSQL', async () => {
        await control.restartPostgres('main');
      });
      await pollUntil(
        `all ${FINDINGS} findings closed`,
        async () =>
          crowd.result.closedFindings.size >= FINDINGS || crowd.result.unexpected.length > 0,
        240_000,
        500,
      );
    } finally {
      await crowd.stop();
    }
    const elapsed = (Date.now() - started) / 1000;
    const result = crowd.result;
    // For the reader: projection attempts by outcome, since each worker last started (a stale
    // one is a late attempt the read model refused; see applyProjectionOps).
    const outcomes = new Map<string, number>();
    for (const w of ['worker-1', 'worker-2'] as const) {
      const text = await (
        await fetch(`http://127.0.0.1:${cluster.ports.appMetrics[w]}/metrics`)
      ).text();
      for (const m of text.matchAll(
        /^rectiflow_projection_duration_seconds_count\{[^}]*outcome="(\w+)"[^}]*\} (\d+)$/gm,
      ))
        outcomes.set(m[1], (outcomes.get(m[1]) ?? 0) + Number(m[2]));
    }
    process.stdout.write(
      [
        `\ncluster load: ${FINDINGS} findings created in ${(createdIn / 1000).toFixed(1)}s, all closed in ${elapsed.toFixed(1)}s`,
        `${result.successes.size} steps, ${result.conflicts} lost races (409), ${result.retries} retried requests`,
        `answers per replica: ${[...result.upstreams].map(([u, n]) => `${u} ${n}`).join(', ')}`,
        ...faults,
        `projection attempts since the workers last started: ${[...outcomes].map(([o, n]) => `${o} ${n}`).join(', ')}`,
        '',
      ].join('\n'),
    );
    expect(result.unexpected).toEqual([]);
    expect(result.closedFindings.size).toBe(FINDINGS);
    expect(await control.exits()).toEqual([]); // nothing died but what the test killed

    // Nothing lost: every finding closed, no task left open.
    const findings = await under.dataSource.getRepository(FindingEntity).findBy({ roundId });
    expect(findings).toHaveLength(FINDINGS);
    const open = findings.filter((f) => f.stage !== 'closed');
    if (open.length > 0) process.stdout.write(await trailsOf(open.slice(0, 5)));
    expect(findings.filter((f) => f.stage !== 'closed')).toEqual([]);
    const tasks = await under.dataSource.getRepository(TaskEntity).findBy({ roundId });
    expect(tasks.filter((t) => t.status === 'open' || t.status === 'claimed')).toEqual([]);
    // Nothing doubled: one answer, one completion event per task; one closure per finding.
    const doneTasks = tasks.filter((t) => t.status === 'done');
    expect([...result.successes.values()].filter((n) => n !== 1)).toEqual([]);
    expect(new Set(result.successes.keys())).toEqual(new Set(doneTasks.map((t) => t.id)));
    const perTask = await completionsOf(findings.map((f) => f.id));
    expect([...perTask.values()].filter((n) => n !== 1)).toEqual([]);
    expect(perTask.size).toBe(doneTasks.length);
    const closures = await under.dataSource
      .getRepository(AuditEventEntity)
      .countBy({ action: 'finding.closed', findingId: In(findings.map((f) => f.id)) });
    expect(closures).toBe(FINDINGS);
    // The audit chain holds across every fault.
    const verify = await admin.get('/audit/verify', 'office');
    expect(verify.body).toMatchObject({ ok: true });
  });
});
