import { In } from 'typeorm';
import type { Stage, TaskKind } from '@rectiflow/domain';
import { FindingEntity, MeasureEntity, TaskEntity } from '@rectiflow/persistence';
import { ApiClient, type ApiResponse } from './api-client';
import type { DataSource } from 'typeorm';

/** What the world needs of a running stack (test/support/stack or the reliability FaultStack). */
export interface Running {
  url: string;
  dataSource: DataSource;
}

export type DeptCode = 'D1' | 'D2' | 'D3';
export type Leader = 'leader1' | 'leader2';

export interface FindingOptions {
  title?: string;
  /** Created already assigned (starts at draft_measures); otherwise an `assign` task for office. */
  dept?: DeptCode;
  leader?: Leader;
  dueAt?: string;
  longTerm?: boolean;
  /** Its measures as imported (default one; `[]` creates it without any). */
  measures?: string[];
}

export interface RoundOptions {
  title?: string;
  source?: 'inspection' | 'audit' | 'supervision' | 'self';
}

/** `days` from now as ISO (negative: in the past). */
export function inDays(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString();
}

function ok(res: ApiResponse, what: string): ApiResponse {
  if (res.status >= 300) throw new Error(`${what}: ${res.status} ${JSON.stringify(res.body)}`);
  return res;
}

/**
 * A demo organisation with one round, and the means to create findings in it and put them at
 * any stage by acting as the right demo user over HTTP: the fixtures of the e2e, security,
 * time, integration and reliability tests, on either stack (test/support/stack.ts or
 * fault-stack.ts).
 */
export class World {
  roundId = '';
  private seq = 0;

  constructor(
    readonly stack: Running,
    readonly api: ApiClient,
  ) {}

  static async create(
    stack: Running,
    client?: ApiClient,
    round: RoundOptions = {},
  ): Promise<World> {
    const api = client ?? new ApiClient(stack.url);
    await api.loadDemo();
    const world = new World(stack, api);
    world.roundId = ok(
      await api.post('/rounds', 'office', {
        title: round.title ?? '安全测试巡察反馈',
        source: round.source ?? 'inspection',
      }),
      'round',
    ).body.id;
    return world;
  }

  dept(code: DeptCode): string {
    const id = this.api.departments.get(code);
    if (!id) throw new Error(`no department ${code}`);
    return id;
  }

  /** The demo username of a department's staff (`dept1`) or head (`dept1head`). */
  deptUser(departmentId: string, head = false): string {
    for (const [username, u] of this.api.users) {
      if (
        u.departmentId === departmentId &&
        u.roles.includes(head ? 'department_head' : 'department')
      )
        return username;
    }
    throw new Error(`no ${head ? 'head' : 'staff'} user in department ${departmentId}`);
  }

  usernameOf(userId: string): string {
    for (const [username, u] of this.api.users) if (u.id === userId) return username;
    throw new Error(`no demo user ${userId}`);
  }

  /** Creates a finding in the world's round as office and answers its id. */
  async createFinding(opts: FindingOptions = {}): Promise<string> {
    return (await this.createFindingAnswer(opts)).id;
  }

  /** Creates a finding in the world's round as office and answers the API's 201 body. */
  async createFindingAnswer(opts: FindingOptions = {}): Promise<any> {
    this.seq += 1;
    const measures = opts.measures ?? ['一是建立制度'];
    const body: Record<string, unknown> = { title: opts.title ?? `测试问题${this.seq}` };
    if (measures.length > 0) body.measures = measures;
    if (opts.dept) {
      body.leadDepartmentId = this.dept(opts.dept);
      body.responsibleLeaderId = this.api.userId(opts.leader ?? 'leader1');
      body.dueAt = opts.dueAt ?? inDays(30);
      if (opts.longTerm !== undefined) body.longTerm = opts.longTerm;
    }
    const res = await this.api.post(`/rounds/${this.roundId}/findings`, 'office', body);
    if (res.status !== 201)
      throw new Error(`create finding: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  }

  async finding(findingId: string): Promise<FindingEntity> {
    return this.stack.dataSource.getRepository(FindingEntity).findOneByOrFail({ id: findingId });
  }

  /** The finding's open (or claimed) task of a kind, from the read model. */
  async task(findingId: string, kind: TaskKind): Promise<TaskEntity | null> {
    return this.stack.dataSource
      .getRepository(TaskEntity)
      .findOneBy({ findingId, kind, status: In(['open', 'claimed']) });
  }

  async mustTask(findingId: string, kind: TaskKind): Promise<TaskEntity> {
    const task = await this.task(findingId, kind);
    if (!task) throw new Error(`finding ${findingId} has no open ${kind} task`);
    return task;
  }

  /** Uploads a small text file as the lead department and answers its evidence id. */
  async upload(findingId: string, as?: string, name = '整改台账.txt'): Promise<string> {
    const f = await this.finding(findingId);
    const user = as ?? this.deptUser(f.leadDepartmentId as string);
    return ok(await this.api.upload(findingId, user, name, `整改记录 ${Date.now()}\n`), 'upload')
      .body.id;
  }

  /** Completes the step the finding is at, as the user who should, approving everything. */
  async step(findingId: string, coDepartments: DeptCode[] = []): Promise<void> {
    const f = await this.finding(findingId);
    const tasks = await this.stack.dataSource
      .getRepository(TaskEntity)
      .find({ where: { findingId, status: In(['open', 'claimed']) } });
    // A co-department's contribute task runs alongside the steps and blocks none of them.
    // Supervision orders (and their acceptance) too.
    const alongside = ['contribute', 'supervision_order', 'supervision_order_review'];
    const task = tasks.find(
      (t) => t.kind !== 'escalation' && t.kind !== 'look_back' && !alongside.includes(t.kind),
    );
    if (!task) throw new Error(`finding ${findingId} at ${f.stage} has no step to take`);
    const lead = f.leadDepartmentId as string;
    const leader = f.responsibleLeaderId ? this.usernameOf(f.responsibleLeaderId) : 'leader1';
    let as: string;
    let body: unknown;
    switch (task.kind) {
      case 'assign':
        as = 'office';
        body = {
          responsibleLeaderId: this.api.userId('leader1'),
          leadDepartmentId: this.dept('D1'),
          coDepartmentIds: coDepartments.map((c) => this.dept(c)),
          dueAt: inDays(30),
        };
        break;
      case 'draft_measures':
        as = this.deptUser(lead);
        body = { measures: [{ text: '一是建立长效机制' }, { text: '二是开展专项检查' }] };
        break;
      case 'approve_measures':
      case 'review_2':
        as = leader;
        body = { decision: 'approve' };
        break;
      case 'submit_evidence': {
        as = this.deptUser(lead);
        const evidenceId = await this.upload(findingId, as);
        const measures = await this.stack.dataSource
          .getRepository(MeasureEntity)
          .findBy({ findingId, cycle: f.cycle });
        body = {
          report: '已完成整改',
          evidenceIds: [evidenceId],
          measuresDone: measures.map((m) => m.id),
        };
        break;
      }
      case 'review_1':
        as = this.deptUser(lead, true);
        body = { decision: 'approve' };
        break;
      case 'review_3':
        as = 'office';
        body = { decision: 'approve' };
        break;
      case 'stage_report':
        as = this.deptUser(lead);
        body = { report: '阶段目标已完成', finalStage: true };
        break;
      default:
        throw new Error(`no default step for ${task.kind}`);
    }
    ok(await this.api.post(`/tasks/${task.id}/complete`, as, body), `${task.kind} as ${as}`);
  }

  /** Steps the finding on until it reaches `stage`. */
  async advance(findingId: string, stage: Stage, coDepartments: DeptCode[] = []): Promise<void> {
    for (let i = 0; i < 20; i++) {
      if ((await this.finding(findingId)).stage === stage) return;
      await this.step(findingId, coDepartments);
    }
    throw new Error(`finding ${findingId} did not reach ${stage}`);
  }
}
