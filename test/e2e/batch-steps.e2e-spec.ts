import { AuditEventEntity, TaskEntity } from '@rectiflow/persistence';
import { In } from 'typeorm';
import type { ApiClient } from '../support/api-client';
import { startStack, type TestStack } from '../support/stack';
import { World } from '../support/world';

/**
 * 批量认领 and 批量同意 over HTTP: each task goes through the one-by-one path (its own workflow
 * Update, the same checks and audit); those that cannot are listed with the reason.
 */
describe('batch claim and batch approve', () => {
  let stack: TestStack;
  let world: World;
  let api: ApiClient;
  const NOTHING = '00000000-0000-4000-8000-000000000000';

  beforeAll(async () => {
    stack = await startStack();
    world = await World.create(stack);
    api = world.api;
  });

  afterAll(async () => {
    await stack?.close();
  });

  it('claims the tasks the caller may take, and says why not the others', async () => {
    const mine: string[] = [];
    const mineFindings: string[] = [];
    for (let i = 0; i < 3; i++) {
      const f = await world.createFinding({ dept: 'D1' });
      mineFindings.push(f);
      mine.push((await world.mustTask(f, 'draft_measures')).id);
    }
    const other = (
      await world.mustTask(await world.createFinding({ dept: 'D2' }), 'draft_measures')
    ).id;
    const doneFinding = await world.createFinding({ dept: 'D1' });
    const done = (await world.mustTask(doneFinding, 'draft_measures')).id;
    await world.step(doneFinding);

    const asked = [mine[0], other, mine[1], done, NOTHING, mine[2]];
    const res = await api.post('/tasks/claim', 'dept1', { taskIds: asked });
    expect(res.status).toBe(200);
    expect(res.body.claimed).toEqual(mine);
    expect(res.body.failed.map((f: { taskId: string }) => f.taskId)).toEqual([
      other,
      done,
      NOTHING,
    ]);
    for (const f of res.body.failed) expect(f.message).toEqual(expect.any(String));
    expect(res.body.failed[2].message).toContain(NOTHING);

    const rows = await stack.dataSource.getRepository(TaskEntity).findBy({ id: In(mine) });
    for (const t of rows)
      expect([t.status, t.assigneeId]).toEqual(['claimed', api.userId('dept1')]);
    expect(
      (await stack.dataSource.getRepository(TaskEntity).findOneByOrFail({ id: other })).status,
    ).toBe('open');
    expect(
      await stack.dataSource
        .getRepository(AuditEventEntity)
        .countBy({ action: 'task.claimed', entityId: In(mineFindings) }),
    ).toBe(3);

    // Claimed already: the second batch claims nothing and says so.
    const again = await api.post('/tasks/claim', 'dept1', { taskIds: [mine[0]] });
    expect(again.body).toEqual({
      claimed: [],
      failed: [{ taskId: mine[0], message: expect.any(String) }],
    });
  });

  it('refuses a bad body naming the field', async () => {
    for (const [body, field] of [
      [{}, 'taskIds'],
      [{ taskIds: [] }, 'taskIds'],
      [{ taskIds: ['t1'] }, 'taskIds'],
      [{ taskIds: [NOTHING], extra: 1 }, 'extra'],
    ] as const) {
      const res = await api.post('/tasks/claim', 'dept1', body);
      expect(res.status).toBe(400);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    }
    const comment = await api.post('/tasks/approve', 'leader1', {
      taskIds: [NOTHING],
      comment: 'x'.repeat(5001),
    });
    expect(comment.status).toBe(400);
    expect(comment.body.errors.map((e: { field: string }) => e.field)).toContain('comment');
    // Only leaders approve measure plans.
    expect((await api.post('/tasks/approve', 'dept1', { taskIds: [NOTHING] })).status).toBe(403);
  });

  it("approves a leader's measure plans, each as one by one", async () => {
    const plans: string[] = [];
    const findings: string[] = [];
    for (let i = 0; i < 3; i++) {
      const f = await world.createFinding({ dept: 'D1', leader: 'leader1' });
      await world.advance(f, 'approve_measures');
      findings.push(f);
      plans.push((await world.mustTask(f, 'approve_measures')).id);
    }
    const elsewhere = await world.createFinding({ dept: 'D1', leader: 'leader2' });
    await world.advance(elsewhere, 'approve_measures');
    const leader2s = (await world.mustTask(elsewhere, 'approve_measures')).id;
    const notAPlan = (
      await world.mustTask(await world.createFinding({ dept: 'D1' }), 'draft_measures')
    ).id;

    const res = await api.post('/tasks/approve', 'leader1', {
      taskIds: [plans[0], leader2s, plans[1], notAPlan, plans[2]],
      comment: '同意，抓紧落实',
    });
    expect(res.status).toBe(200);
    expect(res.body.approved).toEqual(plans);
    expect(res.body.failed.map((f: { taskId: string }) => f.taskId)).toEqual([leader2s, notAPlan]);
    expect(res.body.failed[1].message).toMatch(/not a measure plan/);

    for (const f of findings) expect((await world.finding(f)).stage).toBe('evidence');
    const steps = await stack.dataSource.getRepository(TaskEntity).findBy({ id: In(plans) });
    for (const t of steps)
      expect([t.status, t.completedBy]).toEqual(['done', api.userId('leader1')]);
    expect((await world.finding(elsewhere)).stage).toBe('approve_measures');
    const audit = await stack.dataSource
      .getRepository(AuditEventEntity)
      .findBy({ action: 'task.completed', entityId: In(findings) });
    const approvals = audit.filter((e) => JSON.stringify(e.data).includes('approve_measures'));
    expect(approvals).toHaveLength(3);
    for (const e of approvals) {
      expect(e.actorId).toBe(api.userId('leader1'));
      expect(JSON.stringify(e.data)).toContain('同意，抓紧落实');
    }
    // Done now: approving again changes nothing and says why.
    const again = await api.post('/tasks/approve', 'leader1', { taskIds: [plans[0]] });
    expect(again.body.approved).toEqual([]);
    expect(again.body.failed).toHaveLength(1);
  });
});
