import { randomUUID } from 'node:crypto';
import { In } from 'typeorm';
import { AuditEventEntity, FindingEntity, TaskEntity } from '@rectiflow/persistence';
import { ApiClient, type ApiResponse } from '../support/api-client';
import { inDays } from '../support/world';
import { FaultStack } from '../support/fault-stack';

/**
 * A bounded load run on loopback: 200 findings, two simulated people per demo account
 * working their inboxes at once (and two readers browsing), until every finding is closed.
 * Afterwards every finding is closed exactly once, every task done exactly once, no request
 * failed with a 5xx, and the audit chain verifies. Prints throughput and latency percentiles.
 */

const FINDINGS = 200;
const SESSIONS_PER_ACCOUNT = 2;
const ACCOUNTS = [
  'office',
  'committee',
  'leader1',
  'leader2',
  'dept1',
  'dept2',
  'dept3',
  'dept1head',
  'dept2head',
  'dept3head',
];
const READERS = ['inspector', 'supervisor'];
const DEADLINE_MS = 240_000;
// Send-backs now and then, at most once per finding and level, so every finding still ends.
const REJECT_RATE = 0.03;

interface Sample {
  kind: string;
  ms: number;
  status: number;
}

/** An API client that times every request. */
class TimedClient extends ApiClient {
  constructor(
    baseUrl: string,
    private readonly samples: Sample[],
  ) {
    super(baseUrl);
  }

  override async request<T = unknown>(
    method: string,
    path: string,
    opts: Parameters<ApiClient['request']>[2] = {},
  ): Promise<ApiResponse<T>> {
    const started = performance.now();
    const res = await super.request<T>(method, path, opts);
    const kind = path.startsWith('/auth')
      ? 'login'
      : /\/complete$/.test(path)
        ? 'complete'
        : /\/evidence$/.test(path)
          ? 'upload'
          : method === 'GET'
            ? 'read'
            : 'other';
    this.samples.push({ kind, ms: performance.now() - started, status: res.status });
    return res;
  }
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('load: 200 findings worked to closure by many people at once', () => {
  let stack: FaultStack;

  beforeAll(async () => {
    stack = await FaultStack.start();
  });

  afterAll(async () => {
    await stack?.close();
  });

  it('closes every finding exactly once, every task exactly once, with the audit chain intact', async () => {
    const samples: Sample[] = [];
    const admin = new TimedClient(stack.url, samples);
    await admin.loadDemo();
    const departments = ['D1', 'D2', 'D3'].map((c) => admin.departments.get(c) as string);
    const leaders = ['leader1', 'leader2'].map((u) => admin.userId(u));
    const round = await admin.post('/rounds', 'office', {
      title: '压力测试轮次',
      source: 'inspection',
    });
    expect(round.status).toBe(201);
    const roundId: string = round.body.id;

    // 200 findings, eight creations at a time; each starts at `assign`, an office task.
    const createStarted = performance.now();
    let created = 0;
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        while (created < FINDINGS) {
          const n = ++created;
          const res = await admin.post(`/rounds/${roundId}/findings`, 'office', {
            title: `压力测试问题${n}`,
            measures: ['一是按期整改'],
          });
          expect(res.status).toBe(201);
        }
      }),
    );
    const createMs = performance.now() - createStarted;

    const successes = new Map<string, number>();
    const unexpected: string[] = [];
    const rejected = new Set<string>();
    let done = false;
    const closedAnswers: string[] = [];
    const closedFindings = new Set<string>();

    const act = async (
      client: TimedClient,
      user: string,
      task: { id: string; kind: string; findingId: string },
    ): Promise<void> => {
      const i = Number.parseInt(task.findingId.slice(0, 8), 16);
      let body: unknown;
      const maybeReject = (level: string) => {
        const key = `${task.findingId}:${level}`;
        if (!rejected.has(key) && Math.random() < REJECT_RATE) {
          rejected.add(key);
          return { decision: 'reject', comment: '材料不充分，请补充' };
        }
        return { decision: 'approve' };
      };
      switch (task.kind) {
        case 'assign':
          body = {
            responsibleLeaderId: leaders[i % 2],
            leadDepartmentId: departments[i % 3],
            dueAt: inDays(30),
          };
          break;
        case 'draft_measures':
          body = { measures: [{ text: '一是健全制度' }, { text: '二是加强检查' }] };
          break;
        case 'approve_measures':
        case 'review_1':
        case 'review_2':
        case 'review_3':
          body = maybeReject(task.kind);
          break;
        case 'submit_evidence': {
          const detail = await client.get(`/findings/${task.findingId}`, user);
          if (detail.status !== 200) return;
          const upload = await client.upload(
            task.findingId,
            user,
            '整改台账.txt',
            `整改材料 ${task.id}\n`,
          );
          if (upload.status !== 201) {
            unexpected.push(`upload ${upload.status} ${JSON.stringify(upload.body)}`);
            return;
          }
          body = {
            report: '已完成整改',
            evidenceIds: [upload.body.id],
            measuresDone: detail.body.measures.map((m: { id: string }) => m.id),
          };
          break;
        }
        default:
          return;
      }
      const res = await client.post(`/tasks/${task.id}/complete`, user, body, {
        'Idempotency-Key': randomUUID(),
      });
      if (res.status === 200) {
        successes.set(task.id, (successes.get(task.id) ?? 0) + 1);
        // (Another step's answer may show the finding closed already: it is read after the step.)
        if (task.kind === 'review_3' && res.body.finding.stage === 'closed') {
          closedAnswers.push(`${task.kind} ${task.id} of ${task.findingId}`);
          closedFindings.add(task.findingId);
        }
      } else if (res.status !== 409) {
        // 409: somebody else took the task first — what concurrency must look like.
        unexpected.push(`${task.kind} by ${user}: ${res.status} ${JSON.stringify(res.body)}`);
      }
    };

    const worker = async (user: string): Promise<void> => {
      const client = new TimedClient(stack.url, samples);
      while (!done) {
        const inbox = await client.get(`/inbox?pageSize=50`, user);
        if (inbox.status !== 200) {
          unexpected.push(`inbox ${inbox.status}`);
          await sleep(100);
          continue;
        }
        const items: { id: string; kind: string; findingId: string }[] = inbox.body.items;
        if (items.length === 0) {
          await sleep(150 + Math.random() * 200);
          continue;
        }
        // Different people open different items, as people do; collisions still happen.
        await act(client, user, items[Math.floor(Math.random() * items.length)]);
      }
    };

    const reader = async (user: string): Promise<void> => {
      const client = new TimedClient(stack.url, samples);
      while (!done) {
        for (const path of [
          `/findings?roundId=${roundId}&pageSize=100`,
          '/inbox/counts',
          `/rounds/${roundId}`,
          `/dashboard?roundId=${roundId}`,
        ]) {
          const res = await client.get(path, user);
          if (res.status >= 500) unexpected.push(`${path}: ${res.status}`);
        }
        await sleep(1000);
      }
    };

    const started = performance.now();
    const deadline = Date.now() + DEADLINE_MS;
    const people = [
      ...ACCOUNTS.flatMap((u) => Array.from({ length: SESSIONS_PER_ACCOUNT }, () => worker(u))),
      ...READERS.map((u) => reader(u)),
    ];
    while (closedFindings.size < FINDINGS && Date.now() < deadline && unexpected.length === 0)
      await sleep(250);
    done = true;
    await Promise.all(people);
    const elapsedMs = performance.now() - started;
    expect(unexpected).toEqual([]);
    expect(closedFindings.size).toBe(FINDINGS);

    // The figures.
    const steps = [...successes.values()].reduce((a, b) => a + b, 0);
    // Logins (bcrypt, all sessions at once at the start) are shown apart from the work.
    const ms = (kind?: string) =>
      samples
        .filter((s) => (kind ? s.kind === kind : s.kind !== 'login'))
        .map((s) => s.ms)
        .sort((a, b) => a - b);
    const line = (label: string, xs: number[]) =>
      `${label.padEnd(14)} n=${String(xs.length).padStart(6)}  p50 ${percentile(xs, 50).toFixed(1)} ms  p95 ${percentile(xs, 95).toFixed(1)} ms  p99 ${percentile(xs, 99).toFixed(1)} ms`;
    const conflicts = samples.filter((s) => s.kind === 'complete' && s.status === 409).length;
    const report = [
      `load (${stack.db.label}): ${FINDINGS} findings, ${ACCOUNTS.length * SESSIONS_PER_ACCOUNT} working sessions + ${READERS.length} readers`,
      `created ${FINDINGS} findings in ${(createMs / 1000).toFixed(1)} s (${((FINDINGS * 1000) / createMs).toFixed(1)} /s)`,
      `closed all in ${(elapsedMs / 1000).toFixed(1)} s: ${steps} steps (${((steps * 1000) / elapsedMs).toFixed(1)} steps/s), ` +
        `${samples.length} requests (${((samples.length * 1000) / (elapsedMs + createMs)).toFixed(1)} req/s), ${conflicts} lost races (409), ${rejected.size} send-backs`,
      line('complete', ms('complete')),
      line('upload', ms('upload')),
      line('read', ms('read')),
      line('all but login', ms()),
      line('login', ms('login')),
    ].join('\n');
    process.stdout.write(`\n${report}\n`);

    // Every finding closed, each exactly once.
    const ds = stack.dataSource;
    const findings = await ds.getRepository(FindingEntity).findBy({ roundId });
    expect(findings).toHaveLength(FINDINGS);
    expect(findings.filter((f) => f.stage !== 'closed' || !f.closedAt)).toEqual([]);
    const closedEvents = await ds
      .getRepository(AuditEventEntity)
      .findBy({ action: 'finding.closed', findingId: In(findings.map((f) => f.id)) });
    const closedPerFinding = new Map<string, number>();
    for (const e of closedEvents)
      closedPerFinding.set(
        e.findingId as string,
        (closedPerFinding.get(e.findingId as string) ?? 0) + 1,
      );
    expect([...closedPerFinding.values()].filter((n) => n !== 1)).toEqual([]);
    expect(closedPerFinding.size).toBe(FINDINGS);

    // Every task done exactly once: one 200 each, one completion event each, none left open.
    const tasks = await ds.getRepository(TaskEntity).findBy({ roundId });
    expect(tasks.filter((t) => t.status === 'open' || t.status === 'claimed')).toEqual([]);
    const doneTasks = tasks.filter((t) => t.status === 'done');
    expect([...successes.entries()].filter(([, n]) => n !== 1)).toEqual([]);
    expect(new Set(successes.keys())).toEqual(new Set(doneTasks.map((t) => t.id)));
    const completions = await ds
      .getRepository(AuditEventEntity)
      .findBy({ action: 'task.completed', findingId: In(findings.map((f) => f.id)) });
    const perTask = new Map<string, number>();
    for (const e of completions) {
      const taskId = (JSON.parse(e.data) as { taskId: string }).taskId;
      perTask.set(taskId, (perTask.get(taskId) ?? 0) + 1);
    }
    expect([...perTask.values()].filter((n) => n !== 1)).toEqual([]);
    expect(perTask.size).toBe(doneTasks.length);

    expect(samples.filter((s) => s.status >= 500)).toEqual([]);
    // The review that closed a finding was answered "closed" once per finding.
    expect(closedAnswers).toHaveLength(FINDINGS);
    const verify = await admin.get('/audit/verify', 'office');
    expect(verify.body).toMatchObject({ ok: true });
    expect(verify.body.events).toBeGreaterThan(steps);
  });
});
