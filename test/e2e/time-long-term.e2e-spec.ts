import { Client } from '@temporalio/client';
import { AesGcmPayloadCodec, loadPayloadKeys } from '@rectiflow/config';
import { findingWorkflowId, type FindingWorkflowInput } from '@rectiflow/contracts';
import {
  AuditEventEntity,
  EscalationEntity,
  FindingEntity,
  MeasureEntity,
  TaskEntity,
} from '@rectiflow/persistence';
import type { ApiClient } from '../support/api-client';
import { pollUntil } from '../support/poll';
import { startStack, workflowBundle, type TestStack } from '../support/stack';
import { World } from '../support/world';

/**
 * Long-term items (长期整改) report every STAGE_REPORT_EVERY (3 s here) until a final stage,
 * then go through the three reviews to closure; LOOK_BACK_AFTER (1 s) after closure a
 * look-back (回头看) either holds or reopens the finding in a new cycle, as a new workflow run.
 */
const S = 1000;
const STAGE_REPORT_EVERY = 3 * S;
const ESCALATE_AFTER = 1 * S;
const LOOK_BACK_AFTER = 1 * S;

// The modules of the repository's own sources in a webpack workflow bundle (not the SDK's or
// other packages'), by path, with their code: webpack starts each with a line `/***/ "./path"`.
function ourBundledModules(bundle: string): Record<string, string> {
  const modules: Record<string, string> = {};
  const starts = [...bundle.matchAll(/^\/\*{3}\/ "(\.\/[^"]+)"$/gm)];
  starts.forEach((m, i) => {
    const end = i + 1 < starts.length ? starts[i + 1].index : bundle.length;
    if (!m[1].startsWith('./node_modules/')) modules[m[1]] = bundle.slice(m.index, end);
  });
  return modules;
}

describe('time: long-term items, look-back and reopen', () => {
  let stack: TestStack;
  let world: World;
  let api: ApiClient;
  let temporal: Client;
  let roundId: string;

  beforeAll(async () => {
    stack = await startStack({
      WARN_BEFORE: '1s',
      STEP_DUE: '60s',
      ESCALATE_AFTER: '1s',
      ESCALATION_INTERVAL: '1h',
      STAGE_REPORT_EVERY: '3s',
      LOOK_BACK_AFTER: '1s',
    });
    world = await World.create(stack, undefined, { title: '长期整改测试' });
    api = world.api;
    roundId = world.roundId;
    temporal = stack.app.get(Client);
  });

  afterAll(async () => {
    await stack?.close();
  });

  const create = (title: string, longTerm: boolean) =>
    world.createFinding({
      title,
      measures: ['一是建立长效机制'],
      dept: 'D1',
      leader: 'leader1',
      dueAt: new Date(Date.now() + 600 * S).toISOString(),
      longTerm,
    });

  const complete = async (user: string, findingId: string, kind: string, body: unknown) => {
    const task = await api.taskFor(user, findingId, kind);
    expect(task).toBeDefined();
    const res = await api.post(`/tasks/${task.id}/complete`, user, body);
    expect(res.status).toBe(200);
    return res.body;
  };

  const draftAndApprove = async (findingId: string) => {
    await complete('dept1', findingId, 'draft_measures', {
      measures: [{ text: '一是建立长效机制' }, { text: '二是定期评估' }],
    });
    return complete('leader1', findingId, 'approve_measures', { decision: 'approve' });
  };

  const reviewToClosure = async (findingId: string) => {
    await complete('dept1head', findingId, 'review_1', { decision: 'approve' });
    await complete('leader1', findingId, 'review_2', { decision: 'approve' });
    return complete('office', findingId, 'review_3', { decision: 'approve' });
  };

  it('a long-term item reports twice on its schedule, escalates a late report, then closes; a relapse reopens it in cycle 2', async () => {
    const findingId = await create('长期整改：基层基础薄弱', true);
    const approved = await draftAndApprove(findingId);
    expect(approved.finding).toMatchObject({ stage: 'long_term', longTerm: true });
    const approvedAt = Date.now();

    // First report: due one period after the item entered long_term.
    const sr1 = await api.taskFor('dept1', findingId, 'stage_report');
    expect(sr1).toMatchObject({ kind: 'stage_report', light: 'green' });
    expect(Date.parse(sr1.dueAt) - Date.parse(sr1.createdAt)).toBe(STAGE_REPORT_EVERY);
    expect(Date.parse(sr1.dueAt)).toBeLessThanOrEqual(approvedAt + STAGE_REPORT_EVERY);

    // It is late: its own ladder raises an escalation for it, not before ESCALATE_AFTER.
    const esc = await pollUntil(
      'the late stage report escalates',
      () => api.taskFor('supervisor', findingId, 'escalation'),
      20 * S,
    );
    expect(esc.subjectTaskId).toBe(sr1.id);
    console.log(
      `stage report escalation: ${Date.parse(esc.createdAt) - Date.parse(sr1.dueAt)} ms after due`,
    );
    expect(Date.parse(esc.createdAt) - Date.parse(sr1.dueAt)).toBeGreaterThanOrEqual(
      ESCALATE_AFTER,
    );
    expect((await api.get(`/findings/${findingId}`, 'office')).body).toMatchObject({
      escalationLevel: 1,
      light: 'red',
      stage: 'long_term',
    });

    // Reporting ends that ladder; the next report keeps to the schedule (one period on).
    const evidence = await api.upload(findingId, 'dept1', '阶段台账.txt', '第一阶段整改台账');
    expect(evidence.status).toBe(201);
    const first = await complete('dept1', findingId, 'stage_report', {
      report: '第一阶段：制度已建立',
      evidenceIds: [evidence.body.id],
    });
    expect(first.finding).toMatchObject({ stage: 'long_term', escalationLevel: 0 });
    expect(await api.taskFor('supervisor', findingId, 'escalation')).toBeUndefined();
    expect(
      await stack.dataSource.getRepository(TaskEntity).findOneBy({ id: esc.id }),
    ).toMatchObject({ status: 'cancelled' });
    const sr2 = await api.taskFor('dept1', findingId, 'stage_report');
    expect(sr2.id).not.toBe(sr1.id);
    expect(Date.parse(sr2.dueAt)).toBe(Date.parse(sr1.dueAt) + STAGE_REPORT_EVERY);

    // The second, final report goes to the three reviews and closure like any finding.
    const second = await complete('dept1', findingId, 'stage_report', {
      report: '第二阶段：目标全部完成',
      finalStage: true,
    });
    expect(second.finding.stage).toBe('review_1');
    expect(second.finding.stageReports.map((r: any) => [r.seq, r.finalStage])).toEqual([
      [1, false],
      [2, true],
    ]);
    expect(second.finding.measures.every((m: any) => m.done)).toBe(true);
    expect(await api.taskFor('dept1', findingId, 'stage_report')).toBeUndefined();
    const closed = await reviewToClosure(findingId);
    expect(closed.finding).toMatchObject({
      stage: 'closed',
      cycle: 1,
      light: 'green',
      overdue: false,
    });
    const closedAt = Date.parse(closed.finding.closedAt);

    // The look-back opens LOOK_BACK_AFTER after closure, for supervisor and office.
    const firstRun = await temporal.workflow.getHandle(findingWorkflowId(findingId)).describe();
    const lookBack = await pollUntil(
      'the look-back task',
      () => api.taskFor('supervisor', findingId, 'look_back'),
      20 * S,
    );
    expect(Date.parse(lookBack.createdAt) - closedAt).toBeGreaterThanOrEqual(LOOK_BACK_AFTER);
    expect(lookBack.roles).toEqual(['supervisor', 'office']);
    expect(await api.taskFor('office', findingId, 'look_back')).toMatchObject({ id: lookBack.id });
    expect((await api.get(`/findings/${findingId}`, 'office')).body.stage).toBe('closed');

    const badLookBack = await api.post(`/tasks/${lookBack.id}/complete`, 'supervisor', {
      outcome: 'maybe',
      comment: 'x',
    });
    expect(badLookBack.status).toBe(400);
    expect(JSON.stringify(badLookBack.body.message)).toMatch(/outcome/);

    // Relapsed: cycle 2 at draft_measures, same lead department, earlier history kept.
    const reopened = await api.post(`/tasks/${lookBack.id}/complete`, 'supervisor', {
      outcome: 'relapsed',
      comment: '问题出现反弹回潮',
    });
    expect(reopened.status).toBe(200);
    const f = reopened.body.finding;
    expect(f).toMatchObject({
      stage: 'draft_measures',
      cycle: 2,
      leadDepartmentId: api.departments.get('D1'),
      closedAt: null,
      escalationLevel: 0,
      light: 'green',
    });
    expect(Date.parse(f.dueAt)).toBeGreaterThan(Date.now());
    expect(f.openTasks).toEqual([
      expect.objectContaining({
        kind: 'draft_measures',
        cycle: 2,
        departmentId: api.departments.get('D1'),
        light: 'green',
      }),
    ]);
    expect(f.reviews.filter((r: any) => r.cycle === 1).map((r: any) => r.level)).toEqual([
      0, 1, 2, 3,
    ]);
    expect(f.stageReports).toHaveLength(2);
    expect(f.lookBacks).toEqual([expect.objectContaining({ cycle: 1, outcome: 'relapsed' })]);
    expect(f.escalations).toEqual([
      expect.objectContaining({ taskKind: 'stage_report', status: 'resolved' }),
    ]);
    const actions = f.history.map((h: any) => h.action);
    expect(actions).toEqual(
      expect.arrayContaining([
        'finding.created',
        'finding.escalated',
        'finding.closed',
        'finding.reopened',
      ]),
    );
    expect(actions.indexOf('finding.closed')).toBeLessThan(actions.indexOf('finding.reopened'));
    // Measures of cycle 1 stay in the read model; cycle 2 starts from them, not done.
    const measures = await stack.dataSource.getRepository(MeasureEntity).findBy({ findingId });
    expect(measures.filter((m) => m.cycle === 1).every((m) => m.done)).toBe(true);
    expect(measures.filter((m) => m.cycle === 2).map((m) => m.done)).toEqual([false, false]);
    expect(
      (await api.get(`/findings?roundId=${roundId}&pageSize=500`, 'office')).body.items.find(
        (x: any) => x.id === findingId,
      ),
    ).toMatchObject({
      stage: 'draft_measures',
      cycle: 2,
    });
    expect(
      (await api.get('/notifications?pageSize=500', 'dept1')).body.items.find(
        (n: any) => n.findingId === findingId && n.kind === 'relapse',
      ),
    ).toBeDefined();

    // The reopen continued as new: the first run ended that way and the new one carries on.
    const nextRun = await pollUntil('the reopened run', async () => {
      const d = await temporal.workflow.getHandle(findingWorkflowId(findingId)).describe();
      return d.runId !== firstRun.runId ? d : undefined;
    });
    expect(nextRun.status.name).toBe('RUNNING');
    const oldRun = await temporal.workflow
      .getHandle(findingWorkflowId(findingId), firstRun.runId)
      .describe();
    expect(oldRun.status.name).toBe('CONTINUED_AS_NEW');
    const redraft = await complete('dept1', findingId, 'draft_measures', {
      measures: [{ text: '一是重新制定措施' }],
    });
    expect(redraft.finding).toMatchObject({ stage: 'approve_measures', cycle: 2 });
    expect(
      (await stack.dataSource.getRepository(FindingEntity).findOneByOrFail({ id: findingId }))
        .cycle,
    ).toBe(2);
    expect(await stack.dataSource.getRepository(EscalationEntity).countBy({ findingId })).toBe(1);
  });

  it('a look-back that holds is recorded and the finding stays closed', async () => {
    const findingId = await create('一般问题：会议记录不全', false);
    const approved = await draftAndApprove(findingId);
    const upload = await api.upload(findingId, 'dept1', '会议记录.txt', '2025年会议记录');
    await complete('dept1', findingId, 'submit_evidence', {
      report: '已补全会议记录',
      evidenceIds: [upload.body.id],
      measuresDone: approved.finding.measures.map((m: any) => m.id),
    });
    const closed = await reviewToClosure(findingId);
    expect(closed.finding.stage).toBe('closed');
    const lookBack = await pollUntil(
      'the look-back task',
      () => api.taskFor('office', findingId, 'look_back'),
      20 * S,
    );
    expect(
      Date.parse(lookBack.createdAt) - Date.parse(closed.finding.closedAt),
    ).toBeGreaterThanOrEqual(LOOK_BACK_AFTER);
    const held = await api.post(`/tasks/${lookBack.id}/complete`, 'office', {
      outcome: 'holds',
      comment: '整改成效巩固',
    });
    expect(held.status).toBe(200);
    expect(held.body.finding).toMatchObject({ stage: 'closed', cycle: 1, openTasks: [] });
    expect(held.body.finding.lookBacks).toEqual([
      expect.objectContaining({ outcome: 'holds', comment: '整改成效巩固' }),
    ]);
    expect(held.body.finding.history.map((h: any) => h.action)).toContain(
      'finding.look_back_holds',
    );
    expect(
      (
        await api.post(`/tasks/${lookBack.id}/complete`, 'supervisor', {
          outcome: 'relapsed',
          comment: 'x',
        })
      ).status,
    ).toBe(409);
  });

  it('hands the configured durations to each finding’s workflow as input (workflows never read the environment)', async () => {
    const findingId = await create('配置样本', false);
    const history = await temporal.workflow.getHandle(findingWorkflowId(findingId)).fetchHistory();
    const started = history.events?.[0].workflowExecutionStartedEventAttributes;
    // Encrypted in the history, like every payload; the stack's key reads it.
    const [payload] = await new AesGcmPayloadCodec(loadPayloadKeys(stack.config)).decode([
      started?.input?.payloads?.[0] ?? {},
    ]);
    const input = JSON.parse(Buffer.from(payload.data ?? []).toString()) as FindingWorkflowInput;
    expect(input.timing).toEqual(stack.config.timing);
    expect(input.timing).toMatchObject({
      stageReportEveryMs: STAGE_REPORT_EVERY,
      escalateAfterMs: ESCALATE_AFTER,
      lookBackAfterMs: LOOK_BACK_AFTER,
      stepDueMs: 60 * S,
      warnBeforeMs: S,
    });

    // And nothing else could tell it: no module of ours in the bundle this stack's worker runs
    // touches `process` (the environment, or anything else of the Node process).
    const modules = ourBundledModules(workflowBundle().code);
    expect(Object.keys(modules)).toEqual(
      expect.arrayContaining(['./workflows/src/finding.workflow.ts', './libs/domain/src/index.ts']),
    );
    const touchingProcess = Object.entries(modules)
      .filter(([, code]) => /\bprocess\s*(\.|\[)|globalThis\s*(\.\s*process|\[)/.test(code))
      .map(([name]) => name);
    expect(touchingProcess).toEqual([]);
  });

  it('refuses a stage report on a finding that is not long-term, writing nothing', async () => {
    const findingId = await create('一般问题：制度不健全', false);
    await draftAndApprove(findingId);
    expect(await api.taskFor('dept1', findingId, 'stage_report')).toBeUndefined();
    const task = await api.taskFor('dept1', findingId, 'submit_evidence');
    const events = await stack.dataSource.getRepository(AuditEventEntity).countBy({ findingId });
    const res = await api.post(`/tasks/${task.id}/complete`, 'dept1', {
      report: '阶段进展',
      finalStage: true,
    });
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body.message)).toMatch(/finalStage/);
    expect(await stack.dataSource.getRepository(AuditEventEntity).countBy({ findingId })).toBe(
      events,
    );
    expect((await api.get(`/findings/${findingId}`, 'office')).body).toMatchObject({
      stage: 'evidence',
      stageReports: [],
    });
  });
});
