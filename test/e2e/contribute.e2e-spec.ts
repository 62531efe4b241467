import { AuditEventEntity, EvidenceEntity, TaskEntity } from '@rectiflow/persistence';
import type { ApiClient } from '../support/api-client';
import { startStack, type TestStack } from '../support/stack';
import { World, inDays } from '../support/world';

/**
 * Co-operating departments' contribute tasks (配合整改) and the lead department's return of an
 * assignment (退回交办), over HTTP on the real Temporal dev server: every way of assigning gives
 * each co-department its own task, due at the deadline or the office's date; only that
 * department completes it, with its files; the lead department sees it and is never blocked by
 * it; reassignment and withdrawal take it away. The lead department returns an assignment with
 * a reason before the measures are approved, and the office has it to assign again.
 */
describe('co-departments’ contributions and returned assignments', () => {
  let stack: TestStack;
  let world: World;
  let api: ApiClient;
  let D1: string;
  let D2: string;
  let D3: string;

  beforeAll(async () => {
    stack = await startStack();
    world = await World.create(stack, undefined, { title: '配合整改测试轮次' });
    api = world.api;
    [D1, D2, D3] = [world.dept('D1'), world.dept('D2'), world.dept('D3')];
  });

  afterAll(async () => {
    await stack?.close();
  });

  const detail = async (id: string, as = 'office') => {
    const res = await api.get(`/findings/${id}`, as);
    expect(res.status).toBe(200);
    return res.body;
  };
  const contributeTasks = (findingId: string) =>
    stack.dataSource.getRepository(TaskEntity).find({
      where: { findingId, kind: 'contribute' },
      order: { createdAt: 'ASC' },
    });
  const assignBody = (extra: Record<string, unknown> = {}) => ({
    responsibleLeaderId: api.userId('leader1'),
    leadDepartmentId: D1,
    coDepartmentIds: [D2, D3],
    dueAt: inDays(30),
    ...extra,
  });

  it('gives each co-department its own contribute task, by batch assignment, in its inbox', async () => {
    const a = await world.createFinding();
    const b = await world.createFinding();
    const res = await api.post(`/rounds/${world.roundId}/assign`, 'office', {
      findingIds: [a, b],
      ...assignBody({ coDepartmentDueAt: inDays(10).slice(0, 10) }),
    });
    expect(res.status).toBe(200);
    expect(res.body.assigned.sort()).toEqual([a, b].sort());
    for (const id of [a, b]) {
      const tasks = await contributeTasks(id);
      expect(tasks.map((t) => [t.departmentId, t.status])).toEqual([
        [D2, 'open'],
        [D3, 'open'],
      ]);
      // The office's own date, not the finding's deadline.
      const f = await detail(id);
      expect(tasks[0].dueAt).not.toBe(f.dueAt);
      expect(Date.parse(tasks[0].dueAt as string)).toBeLessThan(Date.parse(f.dueAt));
      expect(f.contributions).toEqual([
        expect.objectContaining({ departmentId: D2, status: 'pending', text: null }),
        expect.objectContaining({ departmentId: D3, status: 'pending', text: null }),
      ]);
    }
    const inbox = await api.taskFor(world.deptUser(D2), a, 'contribute');
    expect(inbox).toMatchObject({ kind: 'contribute', departmentId: D2 });
    expect(await api.taskFor(world.deptUser(D2, true), a, 'contribute')).toBeDefined();
    expect(await api.taskFor(world.deptUser(D1), a, 'contribute')).toBeUndefined();
  });

  it('is completed by its own department only, with its text and files, which the lead department sees', async () => {
    const id = await world.createFinding();
    const assign = await world.mustTask(id, 'assign');
    const done = await api.post(`/tasks/${assign.id}/complete`, 'office', assignBody());
    expect(done.status).toBe(200);
    const [forD2] = await contributeTasks(id);
    // The finding's own deadline when the office names no other date.
    expect(forD2.dueAt).toBe((await detail(id)).dueAt);

    const dept2 = world.deptUser(D2);
    const file = await world.upload(id, dept2, '配合部门整改材料.txt');
    const body = { text: '已完成本部门负责的制度修订', evidenceIds: [file] };
    expect((await api.post(`/tasks/${forD2.id}/complete`, world.deptUser(D1), body)).status).toBe(
      403,
    );
    expect((await api.post(`/tasks/${forD2.id}/complete`, world.deptUser(D3), body)).status).toBe(
      403,
    );
    const empty = await api.post(`/tasks/${forD2.id}/complete`, dept2, { text: '' });
    expect(empty.status).toBe(400);
    expect(empty.body.errors).toEqual([expect.objectContaining({ field: 'text' })]);

    const res = await api.post(`/tasks/${forD2.id}/complete`, dept2, body);
    expect(res.status).toBe(200);
    const seen = await detail(id, world.deptUser(D1));
    expect(seen.contributions).toEqual([
      expect.objectContaining({
        taskId: forD2.id,
        departmentId: D2,
        status: 'done',
        text: body.text,
        evidenceIds: [file],
        authorId: api.userId(dept2),
      }),
      expect.objectContaining({ departmentId: D3, status: 'pending' }),
    ]);
    expect(seen.contributions[0].at).toEqual(expect.any(String));
    // The file is the co-department's submission now: it can no longer be withdrawn.
    const row = await stack.dataSource.getRepository(EvidenceEntity).findOneByOrFail({ id: file });
    expect(row.submittedTaskId).toBe(forD2.id);
    expect((await api.request('DELETE', `/evidence/${file}`, { as: dept2 })).status).toBe(409);
    const audit = await stack.dataSource
      .getRepository(AuditEventEntity)
      .findBy({ findingId: id, action: 'task.completed' });
    expect(audit.some((e) => JSON.parse(e.data).kind === 'contribute')).toBe(true);
    expect((await api.post(`/tasks/${forD2.id}/complete`, dept2, body)).status).toBe(409);
  });

  it('blocks none of the lead department’s steps, and the finding shows what is outstanding', async () => {
    const id = await world.createFinding();
    await world.step(id, ['D3']);
    await world.advance(id, 'review_1', ['D3']);
    const f = await detail(id);
    expect(f.stage).toBe('review_1');
    expect(f.contributions).toEqual([
      expect.objectContaining({ departmentId: D3, status: 'pending' }),
    ]);
    expect(f.openTasks.map((t: { kind: string }) => t.kind).sort()).toEqual(
      ['contribute', 'review_1'].sort(),
    );
    // Closure ends the part still open.
    await world.advance(id, 'closed', ['D3']);
    expect((await contributeTasks(id)).map((t) => t.status)).toEqual(['cancelled']);
  });

  it('follows reassignment: a removed co-department’s task is cancelled, an added one gets its own', async () => {
    const id = await world.createFinding();
    await world.step(id, ['D2']);
    const res = await api.post(`/findings/${id}/reassign`, 'office', {
      coDepartmentIds: [D3],
      coDepartmentDueAt: inDays(5).slice(0, 10),
      reason: '职责调整',
    });
    expect(res.status).toBe(200);
    const tasks = await contributeTasks(id);
    expect(tasks.map((t) => [t.departmentId, t.status])).toEqual([
      [D2, 'cancelled'],
      [D3, 'open'],
    ]);
    expect(res.body.contributions).toEqual([
      expect.objectContaining({ departmentId: D3, status: 'pending' }),
    ]);
    expect(await api.taskFor(world.deptUser(D2), id, 'contribute')).toBeUndefined();
    expect(await api.taskFor(world.deptUser(D3), id, 'contribute')).toBeDefined();
  });

  it('leaves every inbox when the finding is withdrawn', async () => {
    const id = await world.createFinding();
    await world.step(id, ['D2']);
    expect(await api.taskFor(world.deptUser(D2), id, 'contribute')).toBeDefined();
    const res = await api.post(`/findings/${id}/withdraw`, 'office', { reason: '重复问题' });
    expect(res.status).toBe(200);
    expect(await api.taskFor(world.deptUser(D2), id, 'contribute')).toBeUndefined();
    expect((await contributeTasks(id)).map((t) => t.status)).toEqual(['cancelled']);
  });

  it('returns an assignment to the office: 退回交办 with a reason, before the measures are approved', async () => {
    const id = await world.createFinding();
    await world.step(id, ['D2']);
    const dept1 = world.deptUser(D1);
    const path = `/findings/${id}/return`;
    const noReason = await api.post(path, dept1, {});
    expect(noReason.status).toBe(400);
    expect(noReason.body.errors.length).toBeGreaterThan(0);
    expect(noReason.body.errors.map((e: { field: string }) => e.field)).toEqual(
      noReason.body.errors.map(() => 'reason'),
    );
    expect((await api.post(path, world.deptUser(D2), { reason: '不属于本部门' })).status).toBe(403);
    expect((await api.post(path, 'office', { reason: '不属于本部门' })).status).toBe(403);

    const res = await api.post(path, world.deptUser(D1, true), { reason: '不属于本部门职责' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      stage: 'assign',
      leadDepartmentId: null,
      returnedReason: '不属于本部门职责',
    });
    expect(res.body.openTasks.map((t: { kind: string }) => t.kind)).toEqual(['assign']);
    expect(await api.taskFor('office', id, 'assign')).toBeDefined();
    expect(await api.taskFor(dept1, id, 'draft_measures')).toBeUndefined();
    expect(await api.taskFor(world.deptUser(D2), id, 'contribute')).toBeUndefined();
    const history = res.body.history.filter(
      (h: { action: string }) => h.action === 'finding.returned',
    );
    expect(history).toEqual([
      expect.objectContaining({
        actorId: api.userId(world.deptUser(D1, true)),
        detail: expect.objectContaining({ reason: '不属于本部门职责' }),
      }),
    ]);
    const audited = await stack.dataSource
      .getRepository(AuditEventEntity)
      .findBy({ findingId: id, action: 'finding.returned' });
    expect(audited).toHaveLength(1);
    // Returned, the finding is no longer the department's: not to see, not to return again.
    expect((await api.get(`/findings/${id}`, dept1)).status).toBe(403);
    expect((await api.post(path, dept1, { reason: '再次退回' })).status).toBe(403);

    // The office assigns it anew; once the measures are approved it can no longer be returned.
    await world.step(id);
    expect((await detail(id)).returnedReason).toBeNull();
    await world.advance(id, 'evidence');
    expect((await api.post(path, dept1, { reason: '太晚了' })).status).toBe(409);
  });
});
