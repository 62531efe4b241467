import { FindingEntity, ReviewEntity, TaskEntity } from '@rectiflow/persistence';
import { ApiClient } from '../support/api-client';
import { startStack, type TestStack } from '../support/stack';

/**
 * One finding from assignment to closure over HTTP, as the demo users, with a send-back at
 * the measures and at review level 2 — checking the HTTP answers and the read model rows.
 */
describe('a finding’s whole life over HTTP', () => {
  let stack: TestStack;
  let api: ApiClient;

  beforeAll(async () => {
    stack = await startStack();
    api = new ApiClient(stack.url);
    await api.loadDemo();
  });

  afterAll(async () => {
    await stack?.close();
  });

  it('walks assign → closed with send-backs, refusing what does not fit', async () => {
    const health = await api.get('/health');
    expect(health.status).toBe(200);
    expect(health.body).toEqual({ status: 'ok', temporal: 'ok', database: 'ok' });

    expect((await api.get('/inbox')).status).toBe(401);

    const round = await api.post('/rounds', 'office', {
      title: '县委第一巡察组反馈',
      source: 'inspection',
    });
    expect(round.status).toBe(201);
    expect((await api.post('/rounds', 'dept1', { title: 'x', source: 'inspection' })).status).toBe(
      403,
    );

    const created = await api.post(`/rounds/${round.body.id}/findings`, 'office', {
      title: '理论学习中心组学习不够深入',
      areaTitle: '聚焦党的理论学习方面',
      themeTitle: '着力提升学习实效',
    });
    expect(created.status).toBe(201);
    const findingId: string = created.body.id;
    expect(created.body.stage).toBe('assign');
    // Creating answered only once the first task was in the inbox.
    const assignTask = await api.taskFor('office', findingId, 'assign');
    expect(assignTask).toMatchObject({
      kind: 'assign',
      role: 'office',
      status: 'open',
      findingTitle: '理论学习中心组学习不够深入',
    });

    const d1 = api.departments.get('D1') as string;
    const due = new Date(Date.now() + 30 * 86400_000).toISOString();

    // Bad input names the field; nothing moves.
    const bad = await api.post(`/tasks/${assignTask.id}/complete`, 'office', {
      responsibleLeaderId: 'nope',
      leadDepartmentId: d1,
    });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body.message)).toMatch(/responsibleLeaderId/);
    expect(JSON.stringify(bad.body.message)).toMatch(/dueAt/);
    expect((await api.get(`/findings/${findingId}`, 'office')).body.stage).toBe('assign');

    const assigned = await api.post(`/tasks/${assignTask.id}/complete`, 'office', {
      responsibleLeaderId: api.userId('leader1'),
      leadDepartmentId: d1,
      dueAt: due,
    });
    expect(assigned.status).toBe(200);
    expect(assigned.body.task.status).toBe('done');
    expect(assigned.body.finding.stage).toBe('draft_measures');
    // Completing a done task again is a conflict.
    const again = await api.post(`/tasks/${assignTask.id}/complete`, 'office', {
      responsibleLeaderId: api.userId('leader1'),
      leadDepartmentId: d1,
      dueAt: due,
    });
    expect(again.status).toBe(409);

    // Another department can neither see nor act.
    const draftTask = await api.taskFor('dept1', findingId, 'draft_measures');
    expect(draftTask).toBeDefined();
    expect(await api.taskFor('dept2', findingId, 'draft_measures')).toBeUndefined();
    expect(
      (await api.post(`/tasks/${draftTask.id}/complete`, 'dept2', { measures: [{ text: 'x' }] }))
        .status,
    ).toBe(403);
    expect((await api.get(`/findings/${findingId}`, 'dept2')).status).toBe(403);

    const draft = {
      measures: [{ text: '一是制定年度学习计划' }, { text: '二是每月开展专题学习' }],
    };
    const drafted = await api.post(`/tasks/${draftTask.id}/complete`, 'dept1', draft);
    expect(drafted.status).toBe(200);
    expect(drafted.body.finding.stage).toBe('approve_measures');

    // leader2 is not this finding's responsible leader.
    const approveTask = await api.taskFor('leader1', findingId, 'approve_measures');
    expect(await api.taskFor('leader2', findingId, 'approve_measures')).toBeUndefined();
    expect(
      (await api.post(`/tasks/${approveTask.id}/complete`, 'leader1', { decision: 'reject' }))
        .status,
    ).toBe(400);
    const rejected = await api.post(`/tasks/${approveTask.id}/complete`, 'leader1', {
      decision: 'reject',
      comment: '措施不够具体',
    });
    expect(rejected.status).toBe(200);
    expect(rejected.body.finding.stage).toBe('draft_measures');

    const redraftTask = await api.taskFor('dept1', findingId, 'draft_measures');
    await api.post(`/tasks/${redraftTask.id}/complete`, 'dept1', {
      measures: [...draft.measures, { text: '三是建立学习考勤通报制度' }],
    });
    const approve2 = await api.taskFor('leader1', findingId, 'approve_measures');
    const approved = await api.post(`/tasks/${approve2.id}/complete`, 'leader1', {
      decision: 'approve',
    });
    expect(approved.body.finding.stage).toBe('evidence');
    expect(approved.body.finding.measures).toHaveLength(3);

    const evidenceTask = await api.taskFor('dept1', findingId, 'submit_evidence');
    const measureIds: string[] = approved.body.finding.measures.map((m: { id: string }) => m.id);
    const upload = await api.upload(
      findingId,
      'dept1',
      '学习台账.txt',
      '2025年学习记录\n一月：专题学习',
    );
    expect(upload.status).toBe(201);
    expect(upload.body.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect((await api.upload(findingId, 'dept2', 'x.txt', 'x')).status).toBe(403);

    const missing = await api.post(`/tasks/${evidenceTask.id}/complete`, 'dept1', {
      report: '已整改',
      evidenceIds: [upload.body.id],
      measuresDone: measureIds.slice(0, 2),
    });
    expect(missing.status).toBe(400);
    const submit = {
      report: '已按措施完成整改',
      evidenceIds: [upload.body.id],
      measuresDone: measureIds,
    };
    expect(
      (await api.post(`/tasks/${evidenceTask.id}/complete`, 'dept1', submit)).body.finding.stage,
    ).toBe('review_1');

    const r1 = await api.taskFor('dept1head', findingId, 'review_1');
    expect(
      (await api.post(`/tasks/${r1.id}/complete`, 'dept1head', { decision: 'approve' })).body
        .finding.stage,
    ).toBe('review_2');
    const r2 = await api.taskFor('leader1', findingId, 'review_2');
    const sentBack = await api.post(`/tasks/${r2.id}/complete`, 'leader1', {
      decision: 'reject',
      comment: '佐证材料不充分',
    });
    expect(sentBack.body.finding.stage).toBe('evidence');

    const evidence2 = await api.taskFor('dept1', findingId, 'submit_evidence');
    await api.post(`/tasks/${evidence2.id}/complete`, 'dept1', submit);
    const r1b = await api.taskFor('dept1head', findingId, 'review_1');
    await api.post(`/tasks/${r1b.id}/complete`, 'dept1head', { decision: 'approve' });
    const r2b = await api.taskFor('leader1', findingId, 'review_2');
    await api.post(`/tasks/${r2b.id}/complete`, 'leader1', { decision: 'approve' });

    // review_3 is open to office and committee; the first to act takes it.
    const r3 = await api.taskFor('committee', findingId, 'review_3');
    expect(await api.taskFor('office', findingId, 'review_3')).toMatchObject({ id: r3.id });
    const key = `close-${r3.id}`;
    const closed = await api.post(
      `/tasks/${r3.id}/complete`,
      'committee',
      { decision: 'approve' },
      { 'Idempotency-Key': key },
    );
    expect(closed.status).toBe(200);
    expect(closed.body.finding.stage).toBe('closed');
    const replay = await api.post(
      `/tasks/${r3.id}/complete`,
      'committee',
      { decision: 'approve' },
      { 'Idempotency-Key': key },
    );
    expect(replay.status).toBe(200);
    expect(replay.body).toEqual(closed.body);
    expect(
      (await api.post(`/tasks/${r3.id}/complete`, 'office', { decision: 'approve' })).status,
    ).toBe(409);

    // The read model agrees.
    const row = await stack.dataSource
      .getRepository(FindingEntity)
      .findOneByOrFail({ id: findingId });
    expect(row).toMatchObject({ stage: 'closed', sentBackCount: 1, cycle: 1 });
    expect(row.closedAt).not.toBeNull();
    const reviews = await stack.dataSource
      .getRepository(ReviewEntity)
      .find({ where: { findingId }, order: { at: 'ASC' } });
    expect(reviews.map((r) => `${r.level}:${r.decision}`)).toEqual([
      '0:reject',
      '0:approve',
      '1:approve',
      '2:reject',
      '1:approve',
      '2:approve',
      '3:approve',
    ]);
    const openTasks = await stack.dataSource
      .getRepository(TaskEntity)
      .countBy({ findingId, status: 'open' });
    expect(openTasks).toBe(0);

    const detail = await api.get(`/findings/${findingId}`, 'inspector');
    expect(detail.body.history.map((h: { action: string }) => h.action)).toContain(
      'finding.closed',
    );
    const verify = await api.get('/audit/verify', 'office');
    expect(verify.body.ok).toBe(true);
    expect(verify.body.events).toBeGreaterThan(20);
  });
});
