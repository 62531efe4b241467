import { AuditEventEntity, TaskDraftEntity, TaskEntity } from '@rectiflow/persistence';
import type { ApiClient } from '../support/api-client';
import { startStack, type TestStack } from '../support/stack';
import { World } from '../support/world';

/**
 * 草稿 over HTTP: a half-written measure plan or evidence report is saved and read back by
 * anyone who may act on the task; it is never a step (the finding does not move, its history
 * does not show it) and it is gone once the task is done.
 */
const PASSWORD = 'Zg-drafts-2026!';

describe('task drafts (草稿)', () => {
  let stack: TestStack;
  let world: World;
  let api: ApiClient;

  beforeAll(async () => {
    stack = await startStack();
    world = await World.create(stack);
    api = world.api;
    // A second clerk of D1 (the demo has one per department).
    const clerk = await api.post('/users', 'office', {
      username: 'dept1b',
      displayName: '一处内勤乙',
      password: PASSWORD,
      roles: ['department'],
      departmentId: world.dept('D1'),
    });
    if (clerk.status !== 201) throw new Error(`dept1b: ${JSON.stringify(clerk.body)}`);
    expect((await api.signIn('dept1b', PASSWORD)).status).toBe(200);
  });

  afterAll(async () => {
    await stack?.close();
  });

  it('keeps a half-written measure plan for the department, and drops it when the plan is submitted', async () => {
    const findingId = await world.createFinding({ dept: 'D1' });
    const task = await world.mustTask(findingId, 'draft_measures');
    expect((await api.get(`/tasks/${task.id}/draft`, 'dept1')).status).toBe(404);

    const half = { measures: [{ text: '一是建立台账' }, { text: '' }] };
    const saved = await api.request('PUT', `/tasks/${task.id}/draft`, {
      as: 'dept1',
      body: { body: half },
    });
    expect(saved.status).toBe(200);
    expect(saved.body.savedBy).toBe(api.userId('dept1'));
    expect(Date.parse(saved.body.savedAt)).toBeGreaterThan(Date.now() - 60_000);

    // Another of the department reads it (and overwrites it).
    const read = await api.get(`/tasks/${task.id}/draft`, 'dept1b');
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ taskId: task.id, body: half, savedBy: api.userId('dept1') });

    // Not a submission: the finding stays where it was, the task open, nothing in its history.
    expect((await world.finding(findingId)).stage).toBe('draft_measures');
    expect((await world.mustTask(findingId, 'draft_measures')).status).toBe('open');
    const detail = (await api.get(`/findings/${findingId}`, 'dept1')).body;
    expect(JSON.stringify(detail)).not.toContain('draft_saved');
    // The finding names the tasks with a draft, so a form asks only then.
    expect(detail.draftTaskIds).toEqual([task.id]);
    const audit = await stack.dataSource
      .getRepository(AuditEventEntity)
      .findBy({ action: 'task.draft_saved', entityId: task.id });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorId: api.userId('dept1'), findingId: null });

    // Submitted: the task is done and its draft is gone.
    const done = await api.post(`/tasks/${task.id}/complete`, 'dept1b', {
      measures: [{ text: '一是建立台账' }, { text: '二是专项检查' }],
    });
    expect(done.status).toBe(200);
    expect(await stack.dataSource.getRepository(TaskDraftEntity).countBy({ taskId: task.id })).toBe(
      0,
    );
    expect((await api.get(`/tasks/${task.id}/draft`, 'dept1')).status).toBe(404);
    expect((await api.get(`/findings/${findingId}`, 'dept1')).body.draftTaskIds).toEqual([]);
    // A done task takes no draft.
    const late = await api.request('PUT', `/tasks/${task.id}/draft`, {
      as: 'dept1',
      body: { body: half },
    });
    expect(late.status).toBe(409);
  });

  it('keeps an evidence report, checked for shape and size only', async () => {
    const findingId = await world.createFinding({ dept: 'D1' });
    await world.advance(findingId, 'evidence');
    const task = await world.mustTask(findingId, 'submit_evidence');
    const put = (as: string, body: unknown) =>
      api.request('PUT', `/tasks/${task.id}/draft`, { as, body });

    // Incomplete is fine: a report without files.
    expect((await put('dept1', { body: { report: '已完成一半' } })).status).toBe(200);
    expect((await api.get(`/tasks/${task.id}/draft`, 'dept1')).body.body).toEqual({
      report: '已完成一半',
    });
    // A bad shape is a 400 naming the field.
    const bad = await put('dept1', { body: { report: 3 } });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field)).toContain('body.report');
    const stray = await put('dept1', { body: { report: 'x', decision: 'approve' } });
    expect(stray.status).toBe(400);
    expect(stray.body.errors.map((e: { field: string }) => e.field)).toContain('body.decision');
    const notFiles = await put('dept1', { body: { evidenceIds: ['file-1'] } });
    expect(notFiles.status).toBe(400);
    expect(notFiles.body.errors.map((e: { field: string }) => e.field)).toContain(
      'body.evidenceIds',
    );
    const none = await put('dept1', {});
    expect(none.status).toBe(400);
    expect(none.body.errors.map((e: { field: string }) => e.field)).toContain('body');
    const huge = await put('dept1', { body: { report: 'x'.repeat(20001) } });
    expect(huge.status).toBe(400);
    expect(huge.body.errors.map((e: { field: string }) => e.field)).toContain('body.report');

    // Another department may neither save nor read it; the draft stays as it was.
    expect((await put('dept2', { body: { report: '别的部门' } })).status).toBe(403);
    expect((await api.get(`/tasks/${task.id}/draft`, 'dept2')).status).toBe(403);
    expect((await api.get(`/tasks/${task.id}/draft`, 'dept1')).body.body.report).toBe('已完成一半');
    expect((await world.finding(findingId)).stage).toBe('evidence');
  });

  it('refuses a draft for a kind without one, and for a task of nothing', async () => {
    const findingId = await world.createFinding();
    const assign = await world.mustTask(findingId, 'assign');
    const res = await api.request('PUT', `/tasks/${assign.id}/draft`, {
      as: 'office',
      body: { body: {} },
    });
    expect(res.status).toBe(409);
    const nothing = '00000000-0000-4000-8000-000000000000';
    expect(
      (await api.request('PUT', `/tasks/${nothing}/draft`, { as: 'dept1', body: { body: {} } }))
        .status,
    ).toBe(404);
    expect(await stack.dataSource.getRepository(TaskEntity).countBy({ id: nothing })).toBe(0);
  });
});
