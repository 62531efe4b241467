import { randomUUID } from 'node:crypto';
import { ApiClient, type ApiResponse } from '../../support/api-client';
import { inDays } from '../../support/world';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** How long a client keeps retrying one request while a part of the cluster is down. */
const RETRY_FOR_MS = 90_000;

/**
 * A client as a careful front end behaves while parts of the cluster come and go: a request
 * that got no answer, or 502/503/504 (a replica died, a step timed out), is sent again as it
 * was — with the same Idempotency-Key (one is added to a step sent without) — until it gets
 * a real answer. It counts each answer by
 * the replica that gave it (the proxy's X-Upstream header).
 */
export class RetryingClient extends ApiClient {
  retries = 0;
  readonly upstreams = new Map<string, number>();

  override async request<T = any>(
    method: string,
    path: string,
    opts: Parameters<ApiClient['request']>[2] = {},
  ): Promise<ApiResponse<T>> {
    const deadline = Date.now() + RETRY_FOR_MS;
    // A step without a key of its own gets one here: sent again, it must count once.
    if (method === 'POST' && /\/complete$/.test(path) && !opts.headers?.['Idempotency-Key']) {
      opts = { ...opts, headers: { ...opts.headers, 'Idempotency-Key': randomUUID() } };
    }
    for (;;) {
      let res: ApiResponse<T> | null = null;
      try {
        res = await super.request<T>(method, path, opts);
      } catch {
        // connection refused or reset: nothing answered
      }
      if (res && ![502, 503, 504].includes(res.status)) {
        const upstream = res.headers.get('x-upstream');
        if (upstream) this.upstreams.set(upstream, (this.upstreams.get(upstream) ?? 0) + 1);
        return res;
      }
      if (Date.now() > deadline) {
        if (res) return res;
        throw new Error(`${method} ${path}: no answer for ${RETRY_FOR_MS / 1000}s`);
      }
      this.retries += 1;
      await sleep(250 + Math.random() * 250);
    }
  }
}

export interface CrowdResult {
  /** 200 answers per task id: each must be exactly 1. */
  successes: Map<string, number>;
  closedFindings: Set<string>;
  /** Answers no person should ever see (400s, 500s, 403s…), with what caused them. */
  unexpected: string[];
  conflicts: number;
  retries: number;
  upstreams: Map<string, number>;
}

const WORKING_ACCOUNTS = [
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

/**
 * People working their inboxes at once (two sessions per demo account), approving
 * everything, until every finding of the round is closed or `until()` says stop. The same
 * people as the load test's (test/reliability/load.load-spec.ts), retrying through faults.
 */
export class Crowd {
  readonly result: CrowdResult = {
    successes: new Map(),
    closedFindings: new Set(),
    unexpected: [],
    conflicts: 0,
    retries: 0,
    upstreams: new Map(),
  };
  private done = false;
  private readonly clients: RetryingClient[] = [];
  private running: Promise<void>[] = [];

  constructor(
    private readonly baseUrl: string,
    private readonly departments: string[],
    private readonly leaders: string[],
  ) {}

  /** Steps answered so far (successful completions). */
  get steps(): number {
    return this.result.successes.size;
  }

  start(sessionsPerAccount = 2): void {
    for (const user of WORKING_ACCOUNTS) {
      for (let i = 0; i < sessionsPerAccount; i++) {
        const client = new RetryingClient(this.baseUrl);
        this.clients.push(client);
        this.running.push(this.work(client, user));
      }
    }
  }

  async stop(): Promise<CrowdResult> {
    this.done = true;
    await Promise.all(this.running);
    for (const c of this.clients) {
      this.result.retries += c.retries;
      for (const [u, n] of c.upstreams)
        this.result.upstreams.set(u, (this.result.upstreams.get(u) ?? 0) + n);
    }
    return this.result;
  }

  private async work(client: RetryingClient, user: string): Promise<void> {
    while (!this.done) {
      try {
        const inbox = await client.get(`/inbox?pageSize=50`, user);
        if (inbox.status !== 200) {
          this.result.unexpected.push(`inbox of ${user}: ${inbox.status}`);
          await sleep(200);
          continue;
        }
        const items: { id: string; kind: string; findingId: string }[] = inbox.body.items;
        if (items.length === 0) {
          await sleep(150 + Math.random() * 200);
          continue;
        }
        // Different people open different items, as people do; collisions still happen.
        await this.act(client, user, items[Math.floor(Math.random() * items.length)]);
      } catch (err) {
        this.result.unexpected.push(`${user}: ${String(err)}`);
        await sleep(500);
      }
    }
  }

  private async act(
    client: RetryingClient,
    user: string,
    task: { id: string; kind: string; findingId: string },
  ): Promise<void> {
    const i = Number.parseInt(task.findingId.slice(0, 8), 16);
    let body: unknown;
    switch (task.kind) {
      case 'assign':
        body = {
          responsibleLeaderId: this.leaders[i % this.leaders.length],
          leadDepartmentId: this.departments[i % this.departments.length],
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
        body = { decision: 'approve' };
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
          this.result.unexpected.push(`upload ${upload.status} ${JSON.stringify(upload.body)}`);
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
    // One key per click: the client's retries of this click carry it, so they count once.
    const res = await client.post(`/tasks/${task.id}/complete`, user, body, {
      'Idempotency-Key': randomUUID(),
    });
    if (res.status === 200) {
      const { successes, closedFindings } = this.result;
      successes.set(task.id, (successes.get(task.id) ?? 0) + 1);
      if (task.kind === 'review_3' && res.body.finding.stage === 'closed')
        closedFindings.add(task.findingId);
    } else if (res.status === 409) {
      // Somebody else took the task first: what concurrency must look like.
      this.result.conflicts += 1;
    } else {
      this.result.unexpected.push(
        `${task.kind} by ${user}: ${res.status} ${JSON.stringify(res.body)}`,
      );
    }
  }
}
