import {
  AuditEventEntity,
  IdempotencyKeyEntity,
  ReviewEntity,
  TaskEntity,
} from '@rectiflow/persistence';
import type { ApiResponse } from '../support/api-client';
import { startStack, type TestStack } from '../support/stack';
import { World } from '../support/world';

/**
 * Idempotency and races: two people acting on one task at the same moment — exactly one wins,
 * the other gets 409, and the step happens once; a retried request with the same
 * Idempotency-Key gets the first answer and changes nothing more.
 */
describe('concurrent and repeated task actions', () => {
  let stack: TestStack;
  let world: World;

  beforeAll(async () => {
    stack = await startStack();
    world = await World.create(stack);
  });

  afterAll(async () => {
    await stack?.close();
  });

  /** The audit events of an action on one task (each step appends exactly one). */
  async function eventsFor(taskId: string, action: string): Promise<number> {
    const rows = await stack.dataSource.getRepository(AuditEventEntity).findBy({ action });
    return rows.filter((r) => (JSON.parse(r.data) as { taskId?: string }).taskId === taskId).length;
  }

  async function atReview3(n: number): Promise<{ findingId: string; taskId: string }[]> {
    const out = [];
    for (let i = 0; i < n; i++) {
      const findingId = await world.createFinding({ dept: 'D1' });
      await world.advance(findingId, 'review_3');
      out.push({ findingId, taskId: (await world.mustTask(findingId, 'review_3')).id });
    }
    return out;
  }

  const statuses = (rs: ApiResponse[]) => rs.map((r) => r.status).sort();

  it('lets exactly one of two reviewers complete the same review at once', async () => {
    for (const { findingId, taskId } of await atReview3(4)) {
      const results = await Promise.all([
        world.api.post(`/tasks/${taskId}/complete`, 'office', { decision: 'approve' }),
        world.api.post(`/tasks/${taskId}/complete`, 'committee', { decision: 'approve' }),
      ]);
      expect(statuses(results)).toEqual([200, 409]);
      const winner = results.find((r) => r.status === 200)!;
      expect(winner.body.finding.stage).toBe('closed');
      const task = await stack.dataSource.getRepository(TaskEntity).findOneByOrFail({ id: taskId });
      expect(task.status).toBe('done');
      expect(task.completedBy).toBe(
        world.api.userId(results[0].status === 200 ? 'office' : 'committee'),
      );
      expect(
        await stack.dataSource.getRepository(ReviewEntity).countBy({ findingId, level: 3 }),
      ).toBe(1);
      expect(await eventsFor(taskId, 'task.completed')).toBe(1);
      const closed = await stack.dataSource
        .getRepository(AuditEventEntity)
        .countBy({ findingId, action: 'finding.closed' });
      expect(closed).toBe(1);
    }
  });

  it('takes a double-clicked completion once', async () => {
    const findingId = await world.createFinding({ dept: 'D1' });
    const draft = await world.mustTask(findingId, 'draft_measures');
    const body = { measures: [{ text: '一是健全制度' }] };
    const results = await Promise.all(
      [1, 2, 3].map(() => world.api.post(`/tasks/${draft.id}/complete`, 'dept1', body)),
    );
    expect(statuses(results)).toEqual([200, 409, 409]);
    expect(await eventsFor(draft.id, 'task.completed')).toBe(1);
    expect(
      await stack.dataSource
        .getRepository(TaskEntity)
        .countBy({ findingId, kind: 'approve_measures' }),
    ).toBe(1);
  });

  it('answers a retried Idempotency-Key with the first answer, concurrently or later, and only once', async () => {
    const [{ findingId, taskId }, other] = await atReview3(2);
    const key = `close-${taskId}`;
    const send = (as = 'committee', k = key, id = taskId) =>
      world.api.post(
        `/tasks/${id}/complete`,
        as,
        { decision: 'approve' },
        { 'Idempotency-Key': k },
      );
    const concurrent = await Promise.all([send(), send(), send()]);
    expect(concurrent.map((r) => r.status)).toEqual([200, 200, 200]);
    for (const r of concurrent) expect(r.body.task).toMatchObject({ id: taskId, status: 'done' });
    const later = await send();
    expect(later.status).toBe(200);
    // The stored first answer (whichever of the concurrent three was stored).
    expect(concurrent.map((r) => r.body)).toContainEqual(later.body);
    expect(await eventsFor(taskId, 'task.completed')).toBe(1);
    expect(
      await stack.dataSource
        .getRepository(AuditEventEntity)
        .countBy({ findingId, action: 'finding.closed' }),
    ).toBe(1);
    // The key is the caller's own, and for this task only.
    expect((await send('office')).status).toBe(409);
    expect((await send('committee', 'another-key')).status).toBe(409);
    const reused = await send('committee', key, other.taskId);
    expect(reused.status).toBe(200);
    expect(reused.body.task.id).toBe(other.taskId);
    expect(await eventsFor(other.taskId, 'task.completed')).toBe(1);
    expect(
      await stack.dataSource.getRepository(IdempotencyKeyEntity).count(),
    ).toBeGreaterThanOrEqual(2);
  });

  it('resolves claim races: one claimant, the other 409 and unable to complete', async () => {
    const [{ taskId }] = await atReview3(1);
    const claims = await Promise.all([
      world.api.post(`/tasks/${taskId}/claim`, 'office'),
      world.api.post(`/tasks/${taskId}/claim`, 'committee'),
    ]);
    expect(statuses(claims)).toEqual([200, 409]);
    const [winner, loser] =
      claims[0].status === 200 ? ['office', 'committee'] : ['committee', 'office'];
    const task = await stack.dataSource.getRepository(TaskEntity).findOneByOrFail({ id: taskId });
    expect(task).toMatchObject({ status: 'claimed', assigneeId: world.api.userId(winner) });
    expect(await eventsFor(taskId, 'task.claimed')).toBe(1);
    expect(
      (await world.api.post(`/tasks/${taskId}/complete`, loser, { decision: 'approve' })).status,
    ).toBe(409);
    const release = await world.api.post(`/tasks/${taskId}/release`, loser);
    if (loser === 'office') {
      // The office may hand anyone's claimed task back to the pool (退回任务池); the winner then
      // claims it again. The committee may not release the office's claim.
      expect(release.status).toBe(200);
      expect((await world.api.post(`/tasks/${taskId}/claim`, winner)).status).toBe(200);
    } else {
      expect(release.status).toBe(403);
    }
    expect(
      (await world.api.post(`/tasks/${taskId}/complete`, winner, { decision: 'approve' })).status,
    ).toBe(200);
  });

  it('resolves a claim racing a completion: one of them, never both', async () => {
    for (const { taskId } of await atReview3(3)) {
      const [claim, complete] = await Promise.all([
        world.api.post(`/tasks/${taskId}/claim`, 'office'),
        world.api.post(`/tasks/${taskId}/complete`, 'committee', { decision: 'approve' }),
      ]);
      const task = await stack.dataSource.getRepository(TaskEntity).findOneByOrFail({ id: taskId });
      if (complete.status === 200) {
        // The completion came first: the claim found the task done.
        expect(claim.status).toBe(409);
        expect(task).toMatchObject({ status: 'done', completedBy: world.api.userId('committee') });
      } else {
        expect([claim.status, complete.status]).toEqual([200, 409]);
        expect(task).toMatchObject({ status: 'claimed', assigneeId: world.api.userId('office') });
      }
      expect(await eventsFor(taskId, 'task.completed')).toBe(complete.status === 200 ? 1 : 0);
    }
  });
});
