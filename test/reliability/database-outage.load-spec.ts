import {
  AuditEventEntity,
  DepartmentEntity,
  EvidenceEntity,
  RoundEntity,
  TaskEntity,
} from '@rectiflow/persistence';
import { pollUntil } from '../support/poll';
import { World } from '../support/world';
import { FaultStack } from '../support/fault-stack';
import { holdWrites, type Hold } from './support/hold';

/**
 * The read-model database becomes unreachable for a while: PostgreSQL behind a proxy that
 * resets every connection, or SQLite with its write lock held by another process. Health turns
 * 503 naming the database, every action fails cleanly with 503 (nothing half-written), and
 * everything works again afterwards, a step retried with its Idempotency-Key exactly once.
 */
describe('the database unreachable for a while', () => {
  let stack: FaultStack;
  let world: World;

  beforeAll(async () => {
    stack = await FaultStack.start({ proxyDatabase: true, env: { UPDATE_TIMEOUT: '4s' } });
    world = await World.create(stack, stack.api);
    // SQLite: the API's connection waits for a lock synchronously (15 s by default, with the
    // event loop blocked); a shorter wait keeps this test quick without changing what happens.
    if (!stack.db.databaseUrl) await stack.dataSource.query('PRAGMA busy_timeout = 1000');
  });

  afterAll(async () => {
    await stack?.close();
  });

  it('answers 503 while it is away, loses and doubles nothing, and recovers', async () => {
    const findingId = await world.createFinding({ dept: 'D1' });
    const draft = await world.mustTask(findingId, 'draft_measures');
    const body = { measures: [{ text: '一是恢复后完成' }] };
    const key = `draft-${draft.id}`;
    const evidenceBefore = await stack.dataSource.getRepository(EvidenceEntity).count();

    let hold: Hold | null = null;
    if (stack.proxy) stack.proxy.cut();
    else hold = await holdWrites(stack.db);

    const health = await world.api.get('/health');
    expect(health.status).toBe(503);
    expect(health.body).toMatchObject({
      status: 'unavailable',
      database: 'unavailable',
      temporal: 'ok',
    });
    expect(JSON.stringify(health.body.message)).toContain('database');

    const refusals = {
      round: await world.api.post('/rounds', 'office', {
        title: '数据库中断期间的轮次',
        source: 'self',
      }),
      department: await world.api.post('/departments', 'office', {
        code: 'OUT1',
        name: '中断部门',
      }),
      upload: await world.api.upload(findingId, 'dept1', '中断期间.txt', '中断期间上传的材料\n'),
      step: await world.api.post(`/tasks/${draft.id}/complete`, 'dept1', body, {
        'Idempotency-Key': key,
      }),
      login: await world.api.post('/auth/login', undefined, {
        username: 'office',
        password: 'demo',
      }),
    };
    // Each a 503 that tells the client when to try again.
    const answers = Object.entries(refusals).map(([what, res]) => ({
      what,
      status: res.status,
      retryAfter: res.headers.get('retry-after'),
    }));
    expect(answers).toEqual(
      Object.keys(refusals).map((what) => ({
        what,
        status: 503,
        retryAfter: expect.stringMatching(/^[1-9]\d*$/),
      })),
    );

    if (stack.proxy) stack.proxy.restore();
    else await hold?.release();
    await pollUntil(
      'health to recover',
      async () => (await world.api.get('/health')).status === 200,
      60_000,
      250,
    );

    // Nothing of the refused actions was written.
    expect(
      await stack.dataSource.getRepository(RoundEntity).countBy({ title: '数据库中断期间的轮次' }),
    ).toBe(0);
    expect(await stack.dataSource.getRepository(DepartmentEntity).countBy({ code: 'OUT1' })).toBe(
      0,
    );
    expect(await stack.dataSource.getRepository(EvidenceEntity).count()).toBe(evidenceBefore);

    // The step: on PostgreSQL it never reached the workflow; on SQLite the workflow took it and
    // records it now. Either way the retry with the same key gets one answer, one completion.
    const retried = await world.api.post(`/tasks/${draft.id}/complete`, 'dept1', body, {
      'Idempotency-Key': key,
    });
    expect(retried.status).toBe(200);
    expect(retried.body.finding.stage).toBe('approve_measures');
    const completed = (
      await stack.dataSource
        .getRepository(AuditEventEntity)
        .findBy({ findingId, action: 'task.completed' })
    ).filter((e) => (JSON.parse(e.data) as { taskId: string }).taskId === draft.id);
    expect(completed).toHaveLength(1);
    expect(
      await stack.dataSource
        .getRepository(TaskEntity)
        .countBy({ findingId, kind: 'approve_measures' }),
    ).toBe(1);

    // Everything works again.
    expect(
      (await world.api.post('/rounds', 'office', { title: '恢复后的轮次', source: 'self' })).status,
    ).toBe(201);
    expect(
      (await world.api.post('/departments', 'office', { code: 'OUT1', name: '恢复后的部门' }))
        .status,
    ).toBe(201);
    expect(
      (await world.api.upload(findingId, 'dept1', '恢复后.txt', '恢复后上传的材料\n')).status,
    ).toBe(201);
    await world.advance(findingId, 'closed');
    expect((await world.api.get('/audit/verify', 'office')).body.ok).toBe(true);
  });
});
