import { AuditEventEntity, FindingEntity, TaskEntity } from '@rectiflow/persistence';
import { In } from 'typeorm';
import type { ApiClient } from '../support/api-client';
import { startStack, type TestStack } from '../support/stack';
import { inDays, World } from '../support/world';

/**
 * 批量交办 over HTTP: the office assigns a round's findings in one request; each one's `assign`
 * step is taken as if done one by one, those that cannot be are listed with the reason, and a
 * bad assignment is refused whole before any step.
 */
describe('batch assignment (批量交办)', () => {
  let stack: TestStack;
  let world: World;
  let api: ApiClient;
  const body = (findingIds: string[], extra: Record<string, unknown> = {}) => ({
    findingIds,
    responsibleLeaderId: api.userId('leader2'),
    leadDepartmentId: world.dept('D2'),
    coDepartmentIds: [world.dept('D3')],
    dueAt: inDays(60),
    ...extra,
  });

  beforeAll(async () => {
    stack = await startStack();
    world = await World.create(stack, undefined, { title: '县委第三巡察组反馈意见' });
    api = world.api;
    await api.token('u2office');
  });

  afterAll(async () => {
    await stack?.close();
  });

  it('assigns every finding awaiting assignment, and says why the others were not', async () => {
    const waiting: string[] = [];
    for (let i = 0; i < 6; i++) waiting.push(await world.createFinding({ title: `待交办${i}` }));
    const already = await world.createFinding({ title: '已交办', dept: 'D1' });
    const roundId = world.roundId;
    const other = (await api.post('/rounds', 'office', { title: '另一轮', source: 'self' })).body
      .id;
    world.roundId = other;
    const elsewhere = await world.createFinding({ title: '别的轮次' });
    world.roundId = roundId;

    const asked = [waiting[0], already, ...waiting.slice(1), elsewhere];
    const res = await api.post(`/rounds/${roundId}/assign`, 'office', body(asked));
    expect(res.status).toBe(200);
    expect(res.body.assigned).toEqual(waiting);
    expect(res.body.failed.map((f: { findingId: string }) => f.findingId)).toEqual([
      already,
      elsewhere,
    ]);
    for (const f of res.body.failed) expect(f.message).toMatch(/assign/);

    const rows = await stack.dataSource.getRepository(FindingEntity).findBy({ id: In(waiting) });
    for (const f of rows) {
      expect(f).toMatchObject({
        stage: 'draft_measures',
        leadDepartmentId: world.dept('D2'),
        responsibleLeaderId: api.userId('leader2'),
        coDepartmentIds: [world.dept('D3')],
      });
    }
    const steps = await stack.dataSource
      .getRepository(TaskEntity)
      .findBy({ findingId: In(waiting), kind: 'assign' });
    expect(steps.map((t) => [t.status, t.completedBy])).toEqual(
      waiting.map(() => ['done', api.userId('office')]),
    );
    const inbox = (await api.get('/inbox?kind=draft_measures&pageSize=500', 'dept2')).body;
    for (const id of waiting)
      expect(inbox.items.some((t: { findingId: string }) => t.findingId === id)).toBe(true);
    expect(
      await stack.dataSource
        .getRepository(AuditEventEntity)
        .countBy({ action: 'round.batch_assigned', entityId: roundId }),
    ).toBe(1);
  });

  it('refuses a bad assignment whole, before any step', async () => {
    const id = await world.createFinding({ title: '仍待交办' });
    const cases: [Record<string, unknown>, string][] = [
      [{ findingIds: [] }, 'findingIds'],
      [{ findingIds: ['F1'] }, 'findingIds'],
      [{ findingIds: [id, id] }, 'findingIds'],
      [{ dueAt: undefined }, 'dueAt'],
      [{ dueAt: 'tomorrow' }, 'dueAt'],
      [{ leadDepartmentId: 'D2' }, 'leadDepartmentId'],
      [{ responsibleLeaderId: api.userId('dept1') }, 'responsibleLeaderId'],
    ];
    for (const [change, field] of cases) {
      const res = await api.post(`/rounds/${world.roundId}/assign`, 'office', {
        ...body([id]),
        ...change,
      });
      expect({ field, status: res.status }).toEqual({ field, status: 400 });
      expect(JSON.stringify(res.body)).toContain(field);
    }
    expect((await world.finding(id)).stage).toBe('assign');
  });

  it('is the office’s own, within its unit', async () => {
    const id = await world.createFinding({ title: '权限' });
    for (const user of ['dept1', 'leader1', 'supervisor', 'committee'])
      expect((await api.post(`/rounds/${world.roundId}/assign`, user, body([id]))).status).toBe(
        403,
      );
    expect((await api.post(`/rounds/${world.roundId}/assign`, 'u2office', body([id]))).status).toBe(
      404,
    );
    expect((await world.finding(id)).stage).toBe('assign');
  });
});
