import { Client, Connection } from '@temporalio/client';
import { AesGcmPayloadCodec, loadPayloadKeys } from '@rectiflow/config';
import { findingWorkflowId } from '@rectiflow/contracts';
import { AuditEventEntity, MeasureEntity, TaskEntity } from '@rectiflow/persistence';
import { pollUntil } from '../support/poll';
import { World } from '../support/world';
import { FaultStack } from '../support/fault-stack';
import {
  holdWrites,
  lockWaiters,
  untilNoOpenTransactions,
  untilStepInFlight,
} from './support/hold';

/**
 * The worker process is killed (SIGKILL) while its projection activity is inside the database
 * transaction that records a step. Nothing of the step may be left half-written, and once a
 * worker runs again the step is recorded exactly once and the client gets its answer.
 */
describe('a worker killed in the middle of a projection', () => {
  let stack: FaultStack;
  let world: World;
  let temporalClient: Client;

  beforeAll(async () => {
    stack = await FaultStack.start();
    world = await World.create(stack, stack.api);
    temporalClient = new Client({
      connection: await Connection.connect({ address: stack.config.env.TEMPORAL_ADDRESS }),
      // describe() decodes the memo, encrypted like every payload.
      dataConverter: {
        payloadCodecs: [new AesGcmPayloadCodec(loadPayloadKeys(stack.config))],
      },
    });
  });

  afterAll(async () => {
    await temporalClient?.connection.close();
    await stack?.close();
  });

  it('records the step once when a worker comes back', async () => {
    const findingId = await world.createFinding({ dept: 'D1' });
    const draft = await world.mustTask(findingId, 'draft_measures');
    const measuresBefore = await stack.dataSource
      .getRepository(MeasureEntity)
      .findBy({ findingId });
    const body = {
      measures: [{ text: '一是完善制度' }, { text: '二是加强督查' }, { text: '三是定期通报' }],
    };
    const key = `draft-${draft.id}`;

    const hold = await holdWrites(stack.db);
    const answer = world.api.post(`/tasks/${draft.id}/complete`, 'dept1', body, {
      'Idempotency-Key': key,
    });
    // A worker has taken the step and is recording it (on PostgreSQL, it has written part of it).
    await untilStepInFlight(temporalClient.workflow.getHandle(findingWorkflowId(findingId)));
    if (stack.db.databaseUrl)
      await pollUntil(
        'the projection to wait inside its transaction',
        async () => (await lockWaiters(stack.db)) > 0,
      );
    await stack.killWorker();
    await hold.release();
    await untilNoOpenTransactions(stack.db);

    // Nothing of the step reached the read model.
    const task = await stack.dataSource.getRepository(TaskEntity).findOneByOrFail({ id: draft.id });
    expect(task.status).toBe('open');
    expect(
      await stack.dataSource
        .getRepository(TaskEntity)
        .countBy({ findingId, kind: 'approve_measures' }),
    ).toBe(0);
    expect(await stack.dataSource.getRepository(MeasureEntity).findBy({ findingId })).toEqual(
      measuresBefore,
    );

    await stack.startWorker();
    let res = await answer;
    // A client that gave up (503) retries with the same key and gets the one answer.
    if (res.status !== 200)
      res = await world.api.post(`/tasks/${draft.id}/complete`, 'dept1', body, {
        'Idempotency-Key': key,
      });
    expect(res.status).toBe(200);
    expect(res.body.finding.stage).toBe('approve_measures');

    const tasks = await stack.dataSource.getRepository(TaskEntity).findBy({ findingId });
    expect(tasks.filter((t) => t.kind === 'draft_measures').map((t) => t.status)).toEqual(['done']);
    expect(tasks.filter((t) => t.kind === 'approve_measures').map((t) => t.status)).toEqual([
      'open',
    ]);
    const measures = await stack.dataSource
      .getRepository(MeasureEntity)
      .find({ where: { findingId }, order: { seq: 'ASC' } });
    expect(measures.map((m) => m.text)).toEqual(body.measures.map((m) => m.text));
    const completed = (
      await stack.dataSource
        .getRepository(AuditEventEntity)
        .findBy({ findingId, action: 'task.completed' })
    ).filter((e) => (JSON.parse(e.data) as { taskId: string }).taskId === draft.id);
    expect(completed).toHaveLength(1);
    expect((await world.api.get('/audit/verify', 'office')).body.ok).toBe(true);
    // And the finding carries on.
    await world.advance(findingId, 'closed');
  });
});
