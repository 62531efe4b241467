import { In } from 'typeorm';
import { seededSample } from '@rectiflow/domain';
import { AuditEventEntity, FindingEntity, TaskEntity } from '@rectiflow/persistence';
import type { ApiClient } from '../support/api-client';
import { pollUntil } from '../support/poll';
import { startStack, type TestStack } from '../support/stack';
import { World } from '../support/world';

const DAY = 86_400_000;

/**
 * 回头看 on demand over HTTP on the real Temporal dev server and database. LOOK_BACK_AFTER is
 * its default (180 days), so a look_back task can only appear through the new actions: 立即回头看
 * on one closed finding, and 抽查回头看 on a seeded random sample of a round's closed findings.
 * The task is then completed like one the timer opened (holds, or relapsed and reopened).
 */
describe('look-back on demand', () => {
  let stack: TestStack;
  let world: World;
  let api: ApiClient;

  beforeAll(async () => {
    stack = await startStack();
    world = await World.create(stack, undefined, { title: '回头看测试轮次' });
    api = world.api;
  });

  afterAll(async () => {
    await stack?.close();
  });

  const closedFinding = async (title: string) => {
    const id = await world.createFinding({ title, dept: 'D1' });
    await world.advance(id, 'closed');
    return id;
  };
  const detail = async (id: string, as = 'office') => {
    const res = await api.get(`/findings/${id}`, as);
    expect(res.status).toBe(200);
    return res.body;
  };
  const lookBackTasks = (findingId: string) =>
    stack.dataSource.getRepository(TaskEntity).findBy({ findingId, kind: 'look_back' });
  const lookBack = (id: string, as: string) => api.post(`/findings/${id}/look-back`, as);

  it('立即回头看: the supervisor opens a closed finding’s look-back now; the office completes it', async () => {
    const id = await closedFinding('立即回头看的问题');
    const closed = await detail(id);
    expect(closed.stage).toBe('closed');
    expect(await lookBackTasks(id)).toEqual([]);
    const closure = closed.history.find((h: any) => h.action === 'finding.closed');
    // The timer would open it LOOK_BACK_AFTER (180 days) after closure.
    const plannedAt = closure.detail.lookBackAt as string;
    expect(Date.parse(plannedAt) - Date.parse(closure.detail.closedAt)).toBe(180 * DAY);

    const res = await lookBack(id, 'supervisor');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ findingId: id, taskId: expect.any(String) });
    // The task is in both inboxes when the answer comes (no polling needed).
    const forSupervisor = await api.taskFor('supervisor', id, 'look_back');
    const forOffice = await api.taskFor('office', id, 'look_back');
    expect(forSupervisor).toMatchObject({ id: res.body.taskId, kind: 'look_back', status: 'open' });
    expect(forOffice?.id).toBe(res.body.taskId);
    expect(await api.taskFor('leader1', id, 'look_back')).toBeUndefined();

    const started = await detail(id);
    expect(started.stage).toBe('closed');
    expect(started.openTasks.map((t: any) => t.kind)).toEqual(['look_back']);
    const event = started.history.find((h: any) => h.action === 'finding.look_back_started');
    expect(event).toMatchObject({
      actorId: api.userId('supervisor'),
      detail: { taskId: res.body.taskId, plannedAt },
    });
    // Audited: the event is in the hash chain, visible to the supervisor.
    const audit = await api.get(`/audit?entityId=${id}`, 'supervisor');
    expect(audit.body.items.map((e: any) => e.action)).toContain('finding.look_back_started');

    // Started twice: refused while it is open.
    const again = await lookBack(id, 'office');
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('look_back_open');

    const done = await api.post(`/tasks/${res.body.taskId}/complete`, 'office', {
      outcome: 'holds',
      comment: '整改成果巩固，未见反弹',
    });
    expect(done.status).toBe(200);
    expect(done.body.finding.stage).toBe('closed');
    const after = await detail(id);
    expect(after.lookBacks).toEqual([
      expect.objectContaining({ outcome: 'holds', actorId: api.userId('office'), cycle: 1 }),
    ]);
    expect(after.history.map((h: any) => h.action)).toContain('finding.look_back_holds');
    expect(after.openTasks).toEqual([]);

    // Looked back: nothing more to start; and the timer it replaced opens nothing either.
    const third = await lookBack(id, 'supervisor');
    expect(third.status).toBe(409);
    expect(third.body.code).toBe('look_back_done');
    expect((await lookBackTasks(id)).map((t) => t.status)).toEqual(['done']);
  });

  it('refuses findings not closed and waiting (409 with a code), other roles (403), unknown ids (404)', async () => {
    const running = await world.createFinding({ title: '仍在整改的问题', dept: 'D1' });
    await world.advance(running, 'approve_measures');
    const longTerm = await world.createFinding({
      title: '长期整改事项',
      dept: 'D1',
      longTerm: true,
    });
    await world.advance(longTerm, 'long_term');
    const withdrawn = await world.createFinding({ title: '撤回的问题', dept: 'D1' });
    const w = await api.post(`/findings/${withdrawn}/withdraw`, 'office', { reason: '重复问题' });
    expect(w.status).toBe(200);
    const closed = await closedFinding('他人不能回头看的问题');

    for (const [id, code] of [
      [running, 'finding_not_closed'],
      [longTerm, 'finding_not_closed'],
      [withdrawn, 'finding_withdrawn'],
    ]) {
      const res = await lookBack(id, 'supervisor');
      expect({ status: res.status, code: res.body.code }).toEqual({ status: 409, code });
      expect(typeof res.body.message).toBe('string');
    }
    for (const who of ['leader1', 'committee', 'inspector', 'dept1', 'dept1head']) {
      const res = await lookBack(closed, who);
      expect({ who, status: res.status }).toEqual({ who, status: 403 });
    }
    const unknown = await lookBack('00000000-0000-4000-8000-000000000000', 'supervisor');
    expect(unknown.status).toBe(404);
    // Nothing was opened by any refusal.
    const opened = await stack.dataSource
      .getRepository(TaskEntity)
      .countBy({ findingId: In([running, longTerm, withdrawn, closed]), kind: 'look_back' });
    expect(opened).toBe(0);
  });

  describe('抽查回头看: a seeded random sample of a round’s closed findings', () => {
    let sampleWorld: World;
    let closed: string[];
    let other: string;

    beforeAll(async () => {
      sampleWorld = await World.create(stack, api, { title: '抽查回头看轮次' });
      closed = [];
      for (let i = 1; i <= 5; i++) {
        const id = await sampleWorld.createFinding({ title: `抽查样本问题${i}`, dept: 'D1' });
        await sampleWorld.advance(id, 'closed');
        closed.push(id);
      }
      // A running finding of the round is never drawn.
      other = await sampleWorld.createFinding({ title: '抽查轮次中仍在整改的问题', dept: 'D2' });
    });

    const sample = (body: unknown, as = 'supervisor') =>
      api.post(`/rounds/${sampleWorld.roundId}/look-back-sample`, as, body);
    const waiting = async () =>
      (
        await stack.dataSource.getRepository(FindingEntity).findBy({
          roundId: sampleWorld.roundId,
          stage: 'closed',
        })
      ).map((f) => f.id);

    it('refuses a bad count naming the field, and other roles; draws nothing then', async () => {
      for (const count of [0, -1, 1.5, '2']) {
        const res = await sample({ count });
        expect(res.status).toBe(400);
        expect(res.body.errors.map((e: any) => e.field)).toContain('count');
      }
      const tooMany = await sample({ count: 6, seed: 1 });
      expect(tooMany.status).toBe(400);
      expect(tooMany.body.errors).toEqual([
        expect.objectContaining({ field: 'count', code: 'count_exceeds_eligible' }),
      ]);
      expect(tooMany.body.message.join()).toContain('5');
      const badSeed = await sample({ count: 1, seed: 2 ** 32 });
      expect(badSeed.status).toBe(400);
      expect(badSeed.body.errors.map((e: any) => e.field)).toContain('seed');
      for (const who of ['leader1', 'inspector', 'committee', 'dept1']) {
        const res = await sample({ count: 1 }, who);
        expect({ who, status: res.status }).toEqual({ who, status: 403 });
      }
      const none = await stack.dataSource
        .getRepository(TaskEntity)
        .countBy({ roundId: sampleWorld.roundId, kind: 'look_back' });
      expect(none).toBe(0);
    });

    it('draws `count` of the waiting closed findings by the seed, opens their look-backs and records the seed', async () => {
      const before = await waiting();
      expect(before.sort()).toEqual([...closed].sort());
      const seed = 20261204;
      const res = await sample({ count: 2, seed });
      expect(res.status).toBe(200);
      expect(res.body.seed).toBe(seed);
      expect(res.body.eligible).toBe(5);
      expect(res.body.failed).toEqual([]);
      // The same seed over the same set draws the same sample (the domain's seeded draw over
      // exactly the round's waiting findings: the running one is not among them).
      expect(res.body.findingIds).toEqual(seededSample(before, 2, seed));
      expect(res.body.findingIds).not.toContain(other);
      expect(res.body.items.map((i: any) => i.findingId)).toEqual(res.body.findingIds);

      for (const item of res.body.items) {
        const task = await api.taskFor('supervisor', item.findingId, 'look_back');
        expect(task?.id).toBe(item.taskId);
        const f = await detail(item.findingId);
        expect(f.code).toBe(item.code);
        expect(
          f.history.find((h: any) => h.action === 'finding.look_back_started')?.detail,
        ).toMatchObject({ taskId: item.taskId, sampleSeed: seed });
      }
      // The others still wait for their timer.
      const open = await stack.dataSource
        .getRepository(TaskEntity)
        .findBy({ roundId: sampleWorld.roundId, kind: 'look_back' });
      expect(open.map((t) => t.findingId).sort()).toEqual([...res.body.findingIds].sort());

      // The round's audit event names the seed and the sample.
      const events = await stack.dataSource
        .getRepository(AuditEventEntity)
        .findBy({ entityId: sampleWorld.roundId, action: 'round.look_back_sampled' });
      expect(events).toHaveLength(1);
      expect(JSON.parse(events[0].data)).toMatchObject({
        seed,
        count: 2,
        eligible: 5,
        findingIds: res.body.findingIds,
      });
      expect(events[0].actorId).toBe(api.userId('supervisor'));

      // Drawn ones no longer wait: three are left.
      const tooMany = await sample({ count: 4, seed });
      expect(tooMany.status).toBe(400);
      expect(tooMany.body.errors[0]).toMatchObject({
        field: 'count',
        code: 'count_exceeds_eligible',
      });

      // A sampled finding that relapsed reopens in a new cycle, like a look-back the timer opened.
      const [first] = res.body.items;
      const relapsed = await api.post(`/tasks/${first.taskId}/complete`, 'supervisor', {
        outcome: 'relapsed',
        comment: '抽查发现问题反弹',
      });
      expect(relapsed.status).toBe(200);
      const reopened = await pollUntil('the new cycle', async () => {
        const f = await detail(first.findingId);
        return f.cycle === 2 && f.stage === 'draft_measures' ? f : undefined;
      });
      expect(reopened.openTasks.map((t: any) => t.kind)).toContain('draft_measures');
      // Running again: no look-back until it is closed anew.
      const notNow = await lookBack(first.findingId, 'office');
      expect(notNow.body.code).toBe('finding_not_closed');
    });

    it('draws a seed when none is given, answers it, and that seed reproduces the sample', async () => {
      const before = await waiting();
      const stillWaiting = [];
      for (const id of before) if ((await lookBackTasks(id)).length === 0) stillWaiting.push(id);
      expect(stillWaiting).toHaveLength(3);
      const res = await sample({ count: 2 }, 'office');
      expect(res.status).toBe(200);
      expect(Number.isInteger(res.body.seed)).toBe(true);
      expect(res.body.findingIds).toEqual(seededSample(stillWaiting, 2, res.body.seed));
      const events = await stack.dataSource
        .getRepository(AuditEventEntity)
        .findBy({ entityId: sampleWorld.roundId, action: 'round.look_back_sampled' });
      expect(events.map((e) => JSON.parse(e.data).seed)).toContain(res.body.seed);
    });
  });
});
