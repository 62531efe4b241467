import {
  AuditEventEntity,
  NotificationEntity,
  SupervisionOrderEntity,
  TaskEntity,
} from '@rectiflow/persistence';
import type { ApiClient } from '../support/api-client';
import { startStack, type TestStack } from '../support/stack';
import { World, inDays } from '../support/world';

/**
 * 督办单 and 催办 over HTTP on the real Temporal dev server: the supervisor (or office) issues an
 * order on a finding to a department with a requirement and a due date; the department's task
 * is in its inbox, its clerk answers, the supervisor accepts (the order closes) or returns it
 * with a comment (the department has it again). The order blocks none of the finding's steps.
 * A nudge tells the department and opens no task; both are in the finding's history.
 */
describe('supervision orders and nudges', () => {
  let stack: TestStack;
  let world: World;
  let api: ApiClient;
  let D1: string;
  let D2: string;

  beforeAll(async () => {
    stack = await startStack();
    world = await World.create(stack, undefined, { title: '督办单测试轮次' });
    api = world.api;
    [D1, D2] = [world.dept('D1'), world.dept('D2')];
  });

  afterAll(async () => {
    await stack?.close();
  });

  const detail = async (id: string, as = 'supervisor') => {
    const res = await api.get(`/findings/${id}`, as);
    expect(res.status).toBe(200);
    return res.body;
  };
  const actions = async (findingId: string) =>
    (
      await stack.dataSource
        .getRepository(AuditEventEntity)
        .find({ where: { findingId }, order: { seq: 'ASC' } })
    ).map((e) => e.action);
  const orderBody = (extra: Record<string, unknown> = {}) => ({
    departmentId: D1,
    requirement: '请于期限内完成制度修订并报送落实情况',
    dueAt: inDays(7).slice(0, 10),
    ...extra,
  });

  it('issue → the department answers → the supervisor accepts; the finding’s steps go on', async () => {
    const id = await world.createFinding();
    await world.advance(id, 'draft_measures');
    const day = inDays(7).slice(0, 10);
    const issued = await api.post(`/findings/${id}/supervision-orders`, 'supervisor', orderBody());
    expect(issued.status).toBe(201);
    expect(issued.body).toEqual({ taskId: expect.any(String) });
    const task = await stack.dataSource
      .getRepository(TaskEntity)
      .findOneByOrFail({ id: issued.body.taskId });
    expect(task).toMatchObject({ kind: 'supervision_order', departmentId: D1, status: 'open' });
    // A calendar day is the end of that day in the organisation's time zone.
    expect(task.dueAt).toBe(new Date(`${day}T23:59:59.999+08:00`).toISOString());

    const clerk = world.deptUser(D1);
    const inbox = await api.taskFor(clerk, id, 'supervision_order');
    expect(inbox).toMatchObject({ id: task.id, kind: 'supervision_order', departmentId: D1 });
    expect(await api.taskFor(world.deptUser(D2), id, 'supervision_order')).toBeUndefined();
    const told = await stack.dataSource
      .getRepository(NotificationEntity)
      .findBy({ findingId: id, code: 'supervision_order_issued' });
    expect(told.length).toBeGreaterThan(0);

    let f = await detail(id);
    expect(f.supervisionOrders).toEqual([
      expect.objectContaining({
        departmentId: D1,
        requirement: orderBody().requirement,
        status: 'open',
        taskId: task.id,
        issuedBy: api.userId('supervisor'),
      }),
    ]);

    // Only the named department answers it; an empty answer is a 400 naming the field.
    const answer = { answer: '已完成制度修订，已报送落实情况' };
    expect((await api.post(`/tasks/${task.id}/complete`, world.deptUser(D2), answer)).status).toBe(
      403,
    );
    const empty = await api.post(`/tasks/${task.id}/complete`, clerk, { answer: '' });
    expect(empty.status).toBe(400);
    expect(empty.body.errors).toEqual([expect.objectContaining({ field: 'answer' })]);

    // The order blocks none of the finding's own steps.
    await world.step(id);
    expect((await world.finding(id)).stage).toBe('approve_measures');

    expect((await api.post(`/tasks/${task.id}/complete`, clerk, answer)).status).toBe(200);
    const review = await api.taskFor('supervisor', id, 'supervision_order_review');
    expect(review).toMatchObject({ kind: 'supervision_order_review' });
    f = await detail(id);
    expect(f.supervisionOrders[0]).toMatchObject({
      status: 'answered',
      answer: answer.answer,
      answeredBy: api.userId(clerk),
      taskId: review.id,
    });
    // The department cannot accept its own answer.
    expect(
      (await api.post(`/tasks/${review.id}/complete`, clerk, { decision: 'approve' })).status,
    ).toBe(403);
    const accepted = await api.post(`/tasks/${review.id}/complete`, 'supervisor', {
      decision: 'approve',
    });
    expect(accepted.status).toBe(200);
    f = await detail(id);
    expect(f.supervisionOrders[0]).toMatchObject({
      status: 'accepted',
      taskId: null,
      closedBy: api.userId('supervisor'),
    });
    expect(f.openTasks.map((t: { kind: string }) => t.kind)).toEqual(['approve_measures']);
    const history = await actions(id);
    expect(history).toEqual(
      expect.arrayContaining([
        'supervision_order.issued',
        'supervision_order.answered',
        'supervision_order.accepted',
      ]),
    );
    expect(f.history.map((h: { action: string }) => h.action)).toEqual(
      expect.arrayContaining(['supervision_order.issued', 'supervision_order.accepted']),
    );
  });

  it('a returned answer is the department’s again, with the comment; the office may issue and accept', async () => {
    const id = await world.createFinding();
    await world.advance(id, 'draft_measures');
    const issued = await api.post(
      `/findings/${id}/supervision-orders`,
      'office',
      orderBody({ departmentId: D2 }),
    );
    expect(issued.status).toBe(201);
    const clerk = world.deptUser(D2);
    expect(
      (await api.post(`/tasks/${issued.body.taskId}/complete`, clerk, { answer: '已办理' })).status,
    ).toBe(200);
    const review = await api.taskFor('office', id, 'supervision_order_review');
    const noComment = await api.post(`/tasks/${review.id}/complete`, 'office', {
      decision: 'reject',
    });
    expect(noComment.status).toBe(400);
    expect(noComment.body.errors).toContainEqual(
      expect.objectContaining({ field: 'comment', code: 'is_not_empty' }),
    );
    const returned = await api.post(`/tasks/${review.id}/complete`, 'office', {
      decision: 'reject',
      comment: '未附落实材料，请补充',
    });
    expect(returned.status).toBe(200);
    const again = await api.taskFor(clerk, id, 'supervision_order');
    expect(again).toBeDefined();
    expect(again.id).not.toBe(issued.body.taskId);
    const f = await detail(id, 'office');
    expect(f.supervisionOrders[0]).toMatchObject({
      status: 'open',
      returnCount: 1,
      returnComment: '未附落实材料，请补充',
      taskId: again.id,
    });
    expect(again.dueAt).toBe(f.supervisionOrders[0].dueAt);
    expect(await actions(id)).toContain('supervision_order.returned');
    expect(
      (await api.post(`/tasks/${again.id}/complete`, clerk, { answer: '已补充落实材料' })).status,
    ).toBe(200);
    const second = await api.taskFor('supervisor', id, 'supervision_order_review');
    expect(
      (await api.post(`/tasks/${second.id}/complete`, 'supervisor', { decision: 'approve' }))
        .status,
    ).toBe(200);
    const row = await stack.dataSource
      .getRepository(SupervisionOrderEntity)
      .findOneByOrFail({ findingId: id });
    expect(row).toMatchObject({ status: 'accepted', answer: '已补充落实材料', returnCount: 1 });
  });

  it('counts the orders not yet accepted per finding on the 督办台账', async () => {
    // Due within the warning window: on the ledger as due soon.
    const id = await world.createFinding({
      dept: 'D1',
      dueAt: new Date(Date.now() + 60 * 60_000).toISOString(),
    });
    const ledger = async () =>
      (
        await api.get(`/supervision?roundId=${world.roundId}&pageSize=200`, 'supervisor')
      ).body.items.find((i: { id: string }) => i.id === id);
    expect(await ledger()).toMatchObject({ openOrders: 0 });
    const first = await api.post(`/findings/${id}/supervision-orders`, 'supervisor', orderBody());
    const second = await api.post(
      `/findings/${id}/supervision-orders`,
      'office',
      orderBody({ departmentId: D2 }),
    );
    expect([first.status, second.status]).toEqual([201, 201]);
    expect(await ledger()).toMatchObject({ openOrders: 2 });
    await api.post(`/tasks/${first.body.taskId}/complete`, world.deptUser(D1), {
      answer: '已办理',
    });
    // Answered but not yet accepted: still open.
    expect(await ledger()).toMatchObject({ openOrders: 2 });
    const review = await api.taskFor('supervisor', id, 'supervision_order_review');
    await api.post(`/tasks/${review.id}/complete`, 'supervisor', { decision: 'approve' });
    expect(await ledger()).toMatchObject({ openOrders: 1 });
  });

  it('a nudge tells the department (the lead one by default), is in the history, opens no task', async () => {
    const id = await world.createFinding();
    await world.advance(id, 'draft_measures');
    const tasksBefore = await stack.dataSource.getRepository(TaskEntity).countBy({ findingId: id });
    const urged = (userId: string) =>
      stack.dataSource
        .getRepository(NotificationEntity)
        .findBy({ findingId: id, code: 'urged', userId });
    const res = await api.post(`/findings/${id}/nudges`, 'supervisor', { text: '请加快整改进度' });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ departmentId: D1 });
    const toClerk = await urged(api.userId(world.deptUser(D1)));
    expect(toClerk).toHaveLength(1);
    expect(toClerk[0].body).toContain('请加快整改进度');
    const notices = await api.get('/notifications', world.deptUser(D1));
    expect(notices.body.items.map((n: { id: string }) => n.id)).toContain(toClerk[0].id);
    expect(await urged(api.userId(world.deptUser(D2)))).toHaveLength(0);
    expect(await stack.dataSource.getRepository(TaskEntity).countBy({ findingId: id })).toBe(
      tasksBefore,
    );
    const toD2 = await api.post(`/findings/${id}/nudges`, 'office', {
      departmentId: D2,
      text: '请配合牵头部门',
    });
    expect(toD2.status).toBe(201);
    const toD2Clerk = await urged(api.userId(world.deptUser(D2)));
    expect(toD2Clerk.map((n) => n.body)).toEqual([expect.stringContaining('请配合牵头部门')]);
    expect((await actions(id)).filter((a) => a === 'finding.nudged')).toHaveLength(2);
  });

  it('refuses bad input with per-field codes, other roles, other units’ and closed findings', async () => {
    const id = await world.createFinding();
    await world.advance(id, 'draft_measures');
    const post = (body: unknown, as = 'supervisor', fid = id) =>
      api.post(`/findings/${fid}/supervision-orders`, as, body);
    const codeOf = async (body: unknown) => (await post(body)).body.errors;

    expect(await codeOf(orderBody({ requirement: '' }))).toEqual([
      expect.objectContaining({ field: 'requirement' }),
    ]);
    expect(await codeOf(orderBody({ dueAt: '2020-01-01' }))).toEqual([
      expect.objectContaining({ field: 'dueAt', code: 'due_in_past' }),
    ]);
    expect(await codeOf(orderBody({ dueAt: 'next week' }))).toEqual([
      expect.objectContaining({ field: 'dueAt' }),
    ]);
    expect(await codeOf(orderBody({ departmentId: 'nope' }))).toEqual([
      expect.objectContaining({ field: 'departmentId' }),
    ]);
    expect(
      await codeOf(orderBody({ departmentId: '00000000-0000-4000-8000-000000000000' })),
    ).toEqual([expect.objectContaining({ field: 'departmentId', code: 'unknown_department' })]);
    const nudgeEmpty = await api.post(`/findings/${id}/nudges`, 'supervisor', { text: '' });
    expect(nudgeEmpty.status).toBe(400);
    expect(nudgeEmpty.body.errors).toEqual([expect.objectContaining({ field: 'text' })]);

    for (const who of [world.deptUser(D1), 'leader1', 'committee', 'inspector']) {
      expect((await post(orderBody(), who)).status).toBe(403);
      expect((await api.post(`/findings/${id}/nudges`, who, { text: '催办' })).status).toBe(403);
    }
    expect(
      (await post(orderBody(), 'supervisor', '00000000-0000-4000-8000-000000000000')).status,
    ).toBe(404);

    const closed = await world.createFinding();
    await world.advance(closed, 'closed');
    expect((await post(orderBody(), 'supervisor', closed)).status).toBe(409);
    expect(
      (await api.post(`/findings/${closed}/nudges`, 'supervisor', { text: '催办' })).status,
    ).toBe(409);
    // Nothing was written by the refusals.
    expect(
      await stack.dataSource.getRepository(SupervisionOrderEntity).countBy({ findingId: id }),
    ).toBe(0);
  });
});
