import { AuditEventEntity, TaskEntity } from '@rectiflow/persistence';
import { FaultStack } from '../support/fault-stack';
import { pollUntil } from '../support/poll';
import { OwnDevServer, untilWorkerPolls } from '../support/temporal-dev-server';
import { World } from '../support/world';

/**
 * The Temporal server stops (its dev server, persisted to a file) and starts again on the same
 * file. While it is down: health says so, reads still work, steps fail cleanly with 503 and
 * nothing moves. After it is back: a retried step (same Idempotency-Key) is recorded
 * once, and the worker carries on without being restarted.
 */
describe('the Temporal server stopped and started again', () => {
  let server: OwnDevServer;
  let stack: FaultStack;
  let world: World;

  beforeAll(async () => {
    server = await OwnDevServer.start();
    stack = await FaultStack.start({
      temporalAddress: server.address,
      env: { UPDATE_TIMEOUT: '5s' },
    });
    world = await World.create(stack, stack.api);
  });

  afterAll(async () => {
    await stack?.close();
    await server?.close();
  });

  it('fails cleanly while it is down and loses nothing', async () => {
    const findingId = await world.createFinding({ dept: 'D1' });
    const draft = await world.mustTask(findingId, 'draft_measures');
    const body = { measures: [{ text: '一是整改到位' }] };
    const key = `draft-${draft.id}`;
    const eventsBefore = await stack.dataSource.getRepository(AuditEventEntity).count();

    await server.stop();

    const health = await world.api.get('/health');
    expect(health.status).toBe(503);
    expect(health.body).toMatchObject({
      status: 'unavailable',
      temporal: 'unavailable',
      database: 'ok',
    });
    expect(JSON.stringify(health.body.message)).toContain('temporal');
    // The read model is still served.
    expect((await world.api.get(`/findings/${findingId}`, 'dept1')).status).toBe(200);
    expect(
      (await world.api.get('/inbox', 'dept1')).body.items.map((t: { id: string }) => t.id),
    ).toContain(draft.id);

    const started = Date.now();
    const refused = await world.api.post(`/tasks/${draft.id}/complete`, 'dept1', body, {
      'Idempotency-Key': key,
    });
    expect(refused.status).toBe(503);
    expect(JSON.stringify(refused.body.message)).toMatch(/Temporal/);
    expect(Date.now() - started).toBeLessThan(20_000);
    // What needs no workflow still works.
    expect(
      (await world.api.post('/rounds', 'office', { title: '停机期间的轮次', source: 'self' }))
        .status,
    ).toBe(201);
    expect(
      (await stack.dataSource.getRepository(TaskEntity).findOneByOrFail({ id: draft.id })).status,
    ).toBe('open');

    await server.restart();
    await pollUntil(
      'health to recover',
      async () => (await world.api.get('/health')).status === 200,
      60_000,
      500,
    );
    // The API is connected again; the worker reconnects by itself, with the SDK's backoff.
    // A step sent before it polls again would wait on the task queue past UPDATE_TIMEOUT.
    await untilWorkerPolls(server.address, stack.config.env.TEMPORAL_TASK_QUEUE);

    const retried = await world.api.post(`/tasks/${draft.id}/complete`, 'dept1', body, {
      'Idempotency-Key': key,
    });
    expect(retried.status).toBe(200);
    expect(retried.body.finding.stage).toBe('approve_measures');
    const again = await world.api.post(`/tasks/${draft.id}/complete`, 'dept1', body, {
      'Idempotency-Key': key,
    });
    expect(again.body).toEqual(retried.body);
    const completed = (
      await stack.dataSource
        .getRepository(AuditEventEntity)
        .findBy({ findingId, action: 'task.completed' })
    ).filter((e) => (JSON.parse(e.data) as { taskId: string }).taskId === draft.id);
    expect(completed).toHaveLength(1);
    expect(await stack.dataSource.getRepository(AuditEventEntity).count()).toBeGreaterThan(
      eventsBefore,
    );
    // The same worker process reconnected by itself: the finding goes on to the end.
    await world.advance(findingId, 'closed');
    expect(
      (
        await world.api.post(`/rounds/${world.roundId}/findings`, 'office', {
          title: '恢复后新建的问题',
        })
      ).status,
    ).toBe(201);
    expect((await world.api.get('/audit/verify', 'office')).body.ok).toBe(true);
  });
});
